/**
 * The committee's decision on a nämndmål from Teams: the decide card, and saving what it sends.
 * Only those with decision rights (scope.ts), only goals in their scope; the input is checked by
 * decision.ts, stored through `DecisionStore.decide` against the card's revision (a decision made
 * meanwhile is never overwritten unseen), and audited (`decision.set`, `decision.conflict`).
 */

import type { Period } from '../calendar/periods.js';
import type { Notice } from '../cards/models.js';
import { Verb } from '../cards/verbs.js';
import type { Reply } from '../followup/service.js';
import type { GoalReport, ReportModel } from '../reporting/report-model.js';
import { cardRevision } from '../shared/card-revision.js';
import { type LeaderAccess, refuseDecide } from './access.js';
import type { LeadershipContext } from './context.js';
import { conflictNotice, decideValues, validateDecision } from './decision.js';
import { goalDetail, goalIn } from './prognosis.js';
import { mayDecide } from './scope.js';
import { decideCard } from './views.js';

export async function openDecide(
  ctx: LeadershipContext,
  access: LeaderAccess,
  period: Period,
  goalId: string,
): Promise<Reply> {
  if (!mayDecide(access.leader)) return refuseDecide(ctx, access, goalId);
  const found = await goalIn(ctx, access, period, goalId, Verb.leadershipDecide);
  if ('card' in found) return found;
  return {
    card: 'leader-decide',
    model: decideCard({
      config: ctx.config,
      model: found.model,
      scope: access.scope,
      goal: found.goal,
      rev: found.goal.decision?.revision ?? 0,
    }),
  };
}

export async function saveDecision(
  ctx: LeadershipContext,
  access: LeaderAccess,
  period: Period,
  goalId: string,
  data: Readonly<Record<string, unknown>>,
  activityId: string | null,
): Promise<Reply> {
  if (!mayDecide(access.leader)) return refuseDecide(ctx, access, goalId);
  const found = await goalIn(ctx, access, period, goalId, Verb.leadershipDecideSave);
  if ('card' in found) return found;
  const { goal } = found;
  const { statusScale } = ctx.config.goals;
  const values = decideValues(data);
  // The card again, with what was typed and what to do about it.
  const again = (rev: number, model: ReportModel, g: GoalReport, notices: Notice[]): Reply => ({
    card: 'leader-decide',
    model: decideCard({ config: ctx.config, model, scope: access.scope, goal: g, values, rev, notices }),
  });
  const rev = cardRevision(data);
  if (rev === null) {
    return again(goal.decision?.revision ?? 0, found.model, goal, [
      {
        tone: 'attention',
        text: 'Kortet saknar versionsuppgift, så inget sparades. Kontrollera och spara igen.',
      },
    ]);
  }
  const check = validateDecision(statusScale, values);
  if (check.kind === 'invalid') {
    return again(rev, found.model, goal, [
      { tone: 'attention', text: 'Inget sparades. Rätta följande och spara igen:' },
      ...check.errors.map((e) => ({ tone: 'attention' as const, text: `• ${e}` })),
    ]);
  }
  const { level, motivation } = check;
  const result = await ctx.deps.decisions.decide({
    committeeId: ctx.committeeId,
    periodId: period.id,
    goalId,
    statusId: level.id,
    motivation,
    // The proposal of this moment is kept beside the decision.
    proposedStatusId: goal.proposal.status.id,
    decidedBy: access.actor,
    decidedAt: ctx.now().toISOString(),
    expectedRevision: rev,
    activityId,
  });
  if (result.kind === 'conflict') {
    await ctx.audit(access.actor, 'decision.conflict', 'refused', {
      periodId: period.id,
      goalId,
      expectedRevision: rev,
      currentRevision: result.current?.revision ?? null,
    });
    const fresh = await goalIn(ctx, access, period, goalId, Verb.leadershipDecideSave);
    if ('card' in fresh) return fresh;
    return again(fresh.goal.decision?.revision ?? 0, fresh.model, fresh.goal, [
      { tone: 'attention', text: conflictNotice(result.current, statusScale, ctx.timeZone) },
    ]);
  }
  await ctx.audit(access.actor, 'decision.set', 'ok', {
    periodId: period.id,
    goalId,
    statusId: level.id,
    proposedStatusId: goal.proposal.status.id,
    revision: result.decision.revision,
    via: 'teams',
  });
  return goalDetail(
    ctx,
    access,
    period,
    goalId,
    [
      {
        tone: 'good',
        text: `Bedömningen är sparad: ${level.label}. Den syns nu i prognosen och i rapporten.`,
      },
    ],
    true,
  );
}
