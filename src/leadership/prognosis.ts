/**
 * The figures cards leadership asks for: the prognosis, the economy, one nämndmål and the list of
 * nämndmål to choose from. Each reads the period's report model (the same the Word and Excel files
 * are made from) and shows what is in the leader's scope.
 */

import type { Period } from '../calendar/periods.js';
import type { Notice } from '../cards/models.js';
import { Verb } from '../cards/verbs.js';
import type { Reply } from '../followup/service.js';
import { allGoals } from '../reporting/aggregate.js';
import type { GoalReport, ReportModel } from '../reporting/report-model.js';
import { type LeaderAccess, refuseGoal } from './access.js';
import type { LeadershipContext } from './context.js';
import { economyCard } from './economy-view.js';
import { emptyPeriod, message } from './replies.js';
import { mayDecide, mayDownloadReport } from './scope.js';
import { choiceCard, type GoalChoicePurpose, goalCard, prognosisCard } from './views.js';

/**
 * The prognosis card. When no period was named and nobody has sent in for the open one yet
 * (early in the window), the latest period that has answers is shown instead, saying so.
 */
export async function prognosis(
  ctx: LeadershipContext,
  access: LeaderAccess,
  period: Period,
  fallBack = false,
): Promise<Reply> {
  let model = await ctx.report(period);
  let notices: Notice[] = [];
  if (model.basis.unitsIncluded === 0 && fallBack) {
    // A few periods back at most: each is a report read, and Teams waits about 15 s for a turn.
    const earlier = ctx.config.periods
      .filter((p) => p.id < period.id)
      .slice(-3)
      .reverse();
    for (const candidate of earlier) {
      const older = await ctx.report(candidate);
      if (older.basis.unitsIncluded === 0) continue;
      model = older;
      notices = [
        {
          tone: 'default',
          text: `Ingen enhet har skickat in för ${period.label.toLocaleLowerCase('sv-SE')} ännu. Här är ${candidate.label.toLocaleLowerCase('sv-SE')}, den senaste perioden med svar.`,
        },
      ];
      break;
    }
  }
  const empty = emptyPeriod(model, period);
  if (empty) return empty;
  return {
    card: 'leader-prognosis',
    model: prognosisCard({
      config: ctx.config,
      model,
      scope: access.scope,
      notices,
      mayDownload: mayDownloadReport(access.leader),
    }),
  };
}

export async function economy(ctx: LeadershipContext, access: LeaderAccess, period: Period): Promise<Reply> {
  const model = await ctx.report(period);
  const empty = emptyPeriod(model, period);
  if (empty) return empty;
  return {
    card: 'leader-economy',
    model: economyCard({ config: ctx.config, model, scope: access.scope }),
  };
}

/** The nämndmål in scope, grouped by målområde, to show or to decide. */
export function goalList(
  ctx: LeadershipContext,
  access: LeaderAccess,
  period: Period,
  purpose: GoalChoicePurpose,
  notices: Notice[],
): Reply {
  return {
    card: 'leader-choice',
    model: choiceCard({
      config: ctx.config,
      periodId: period.id,
      goals: access.scope.goals,
      purpose,
      title: purpose === 'decide' ? 'Vilket nämndmål vill du bedöma?' : 'Nämndmålen',
      text: `${period.label}. Välj ett nämndmål:`,
      grouped: true,
      notices,
    }),
  };
}

/** The goal in the report, or a reply when it is unknown or outside the person's scope. */
export async function goalIn(
  ctx: LeadershipContext,
  access: LeaderAccess,
  period: Period,
  goalId: string,
  verb: string,
): Promise<{ model: ReportModel; goal: GoalReport } | Reply> {
  if (!ctx.config.goalsById.has(goalId)) {
    return goalList(ctx, access, period, 'detail', [
      { tone: 'warning', text: 'Kortet gällde ett nämndmål som inte finns. Välj ett nedan.' },
    ]);
  }
  if (!access.scope.goalIds.has(goalId)) return refuseGoal(ctx, access, goalId, verb);
  const model = await ctx.report(period);
  const goal = allGoals(model).find((g) => g.id === goalId);
  if (!goal)
    return message('Nämndmålet finns inte', 'Nämndmålet saknas i rapporten för perioden.', 'warning');
  return { model, goal };
}

/** `afterDecision`: shown even for a period without answers, so the saved notice is not lost. */
export async function goalDetail(
  ctx: LeadershipContext,
  access: LeaderAccess,
  period: Period,
  goalId: string,
  notices: Notice[],
  afterDecision = false,
): Promise<Reply> {
  const found = await goalIn(ctx, access, period, goalId, Verb.leadershipGoal);
  if ('card' in found) return found;
  const empty = afterDecision ? null : emptyPeriod(found.model, period);
  if (empty) return empty;
  return {
    card: 'leader-goal',
    model: goalCard({
      config: ctx.config,
      model: found.model,
      scope: access.scope,
      goal: found.goal,
      mayDecide: mayDecide(access.leader),
      notices,
    }),
  };
}
