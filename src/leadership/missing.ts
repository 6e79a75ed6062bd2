/**
 * "Vilka har inte svarat?" and "Påminn dem nu": the units in scope that have not sent in, and a
 * reminder to their managers now. The units are chosen here, from storage, never taken from the
 * card; the reminder itself goes through the `nudge` port (nudge.ts) and is audited.
 */

import type { Period } from '../calendar/periods.js';
import type { Notice } from '../cards/models.js';
import type { AnswerPayload } from '../followup/answers.js';
import type { Reply } from '../followup/service.js';
import { type UnitStatus, unitStatuses } from '../reminders/recipients.js';
import { count } from '../shared/swedish-format.js';
import type { LeaderAccess } from './access.js';
import type { LeadershipContext } from './context.js';
import { missingCard } from './missing-view.js';
import type { NudgeResult } from './nudge.js';

async function statuses(ctx: LeadershipContext, period: Period): Promise<UnitStatus[]> {
  const answers = await ctx.deps.answers.listPeriod<AnswerPayload>(ctx.committeeId, period.id);
  return unitStatuses(ctx.config, period, answers);
}

function card(
  ctx: LeadershipContext,
  access: LeaderAccess,
  period: Period,
  units: readonly UnitStatus[],
  notices: Notice[],
): Reply {
  return {
    card: 'leader-missing',
    model: missingCard({
      config: ctx.config,
      period,
      statuses: units,
      scope: access.scope,
      today: ctx.today(),
      canNudge: ctx.deps.nudge !== undefined && !ctx.locked(period),
      notices,
    }),
  };
}

export async function missing(ctx: LeadershipContext, access: LeaderAccess, period: Period): Promise<Reply> {
  return card(ctx, access, period, await statuses(ctx, period), []);
}

export async function nudge(ctx: LeadershipContext, access: LeaderAccess, period: Period): Promise<Reply> {
  const units = await statuses(ctx, period);
  // The units are chosen here again, never taken from the card.
  const unitIds = units
    .filter((s) => access.scope.unitIds.has(s.unit.id) && s.progress !== 'submitted')
    .map((s) => s.unit.id);
  const notices: Notice[] = [];
  if (!ctx.deps.nudge) {
    notices.push({
      tone: 'warning',
      text: `Påminnelser kan inte skickas från boten just nu (funktionen är inte påslagen). Kontakta ${ctx.contactText()}.`,
    });
  } else if (ctx.locked(period)) {
    notices.push({ tone: 'warning', text: 'Perioden är låst, så inga påminnelser skickas.' });
  } else if (unitIds.length > 0) {
    const result = await ctx.deps.nudge({ periodId: period.id, unitIds, requestedBy: access.actor });
    await ctx.audit(access.actor, 'reminder.nudge', 'ok', {
      periodId: period.id,
      units: unitIds.length,
      sent: result.sent,
      skipped: result.skipped,
      snoozed: result.snoozed,
      unreachable: result.unreachable,
      failed: result.failed,
    });
    notices.push(...nudgeNotices(result));
  }
  return card(ctx, access, period, units, notices);
}

/** What became of a press of "Påminn dem nu", in Swedish. Pure. */
export function nudgeNotices(result: NudgeResult): Notice[] {
  const notices: Notice[] = [];
  const people = (n: number) => count(n, 'person', 'personer');
  if (result.sent > 0)
    notices.push({ tone: 'good', text: `Påminnelse skickad till ${people(result.sent)}.` });
  if (result.skipped > 0) {
    notices.push({
      tone: 'default',
      text: `${people(result.skipped)} har redan fått en påminnelse i dag och påmindes inte igen.`,
    });
  }
  if (result.snoozed > 0) {
    notices.push({
      tone: 'default',
      text: `${people(result.snoozed)} har bett att bli ${result.snoozed === 1 ? 'påmind' : 'påminda'} nästa arbetsdag och påmindes inte nu.`,
    });
  }
  if (result.unreachable > 0) {
    notices.push({
      tone: 'warning',
      text: `${people(result.unreachable)} nås inte i Teams (har inte installerat boten eller har blockerat den).`,
    });
  }
  if (result.failed > 0) {
    notices.push({
      tone: 'warning',
      text: `${people(result.failed)} kunde inte nås just nu; försök igen om en stund.`,
    });
  }
  if (result.sent + result.skipped + result.snoozed + result.unreachable + result.failed === 0) {
    notices.push({
      tone: 'warning',
      text: 'Ingen kunde påminnas: cheferna och ersättarna är pausade eller frånvarande.',
    });
  }
  return notices;
}
