/**
 * "Påminn dem nu": a manual reminder, sent at once, through the reminders machinery.
 *
 * - Recipients as for scheduled reminders (src/reminders/recipients.ts): the managers of the chosen
 *   units that still have not sent in their current answers, or their deputies when every manager
 *   is paused or absent; one message per person naming all their units.
 * - Exactly once per person and day: the reminder kind is `nudge-YYYY-MM-DD` (the calendar's time
 *   zone), claimed, sent and marked in the ReminderLog exactly like a scheduled one. Pressing twice,
 *   or two leaders pressing at once (on one instance or several), sends it once. Each call claims
 *   under its own owner id, since an owner may re-claim its own claim.
 * - A person who already got a reminder today (a scheduled one, or a nudge) is skipped: nobody is
 *   reminded twice the same day. Someone who asked "påminn mig i morgon" is not reminded before
 *   the working day they named (the same rule as the scheduler's, in recipients.ts).
 * - Delivered through the process's one `ReminderDelivery` (src/reminders/delivery.ts), shared with
 *   the scheduler: the same claim/send/mark, throttle, retries and concurrency bound. The card is
 *   the scheduler's (`unitReminderCard`), with a line saying who asked for it. It is sent whatever
 *   the hour: a person asked for it now. Not for a locked period.
 */
import { randomUUID } from 'node:crypto';
import { localDateTime } from '../calendar/local-time.js';
import { findPeriod } from '../calendar/periods.js';
import { createWorkingDayCalendar, type WorkingDayCalendar } from '../calendar/working-days.js';
import type { CommitteeConfig } from '../config/load-config.js';
import type { AnswerPayload } from '../followup/answers.js';
import type { Actor, AnswerStore } from '../followup/ports.js';
import type { DeliveryJob, ReminderDelivery } from '../reminders/delivery.js';
import { unitReminderCard } from '../reminders/messages.js';
import type { ConversationStore, ReminderLog } from '../reminders/ports.js';
import type { PauseStore } from '../reminders/ports-pause.js';
import { planUnitReminders, unitStatuses } from '../reminders/recipients.js';
import type { SnoozeStore } from '../reminders/snooze.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';

export interface NudgeInput {
  readonly periodId: string;
  /** The units to remind; those that have sent in meanwhile are left out here. */
  readonly unitIds: readonly string[];
  readonly requestedBy: Actor;
}

export interface NudgeResult {
  /** People reminded now. */
  readonly sent: number;
  /** People without a stored conversation, or who blocked the bot (403/404). */
  readonly unreachable: number;
  /** People already reminded today, or whose reminder another press is sending right now. */
  readonly skipped: number;
  /** People who asked to be reminded the next working day ("påminn mig i morgon"). */
  readonly snoozed: number;
  /** Not delivered (the channel kept failing); pressing again later retries after the claim expires. */
  readonly failed: number;
}

export type NudgePort = (input: NudgeInput) => Promise<NudgeResult>;

export interface NudgeDeps {
  readonly config: CommitteeConfig;
  readonly clock: Clock;
  readonly answers: Pick<AnswerStore, 'listPeriod'>;
  readonly reminderLog: ReminderLog;
  readonly conversations: Pick<ConversationStore, 'list'>;
  readonly pauses: Pick<PauseStore, 'list'>;
  readonly snoozes: Pick<SnoozeStore, 'list'>;
  /** The process's one delivery, shared with the scheduler (claim, render, send, mark). */
  readonly delivery: ReminderDelivery;
  readonly logger: Logger;
  /** Prefix of the claim owners (e.g. the scheduler's `defaultInstanceId()`). */
  readonly instanceId: string;
  readonly workingDays?: WorkingDayCalendar;
}

/** The reminder kind of a manual reminder on a day (ISO date in the calendar's time zone). */
export function nudgeKind(localDate: string): string {
  return `nudge-${localDate}`;
}

export function createNudge(deps: NudgeDeps): NudgePort {
  const { config, clock, logger } = deps;
  const committeeId = config.goals.committee.id;
  const timeZone = config.calendar.timeZone;
  const wd = deps.workingDays ?? createWorkingDayCalendar();
  return async (input) => {
    const period = findPeriod(config.periods, input.periodId);
    const now = clock.now();
    if (!period || now.toISOString() > period.locksAt)
      return { sent: 0, unreachable: 0, skipped: 0, snoozed: 0, failed: 0 };
    const today = localDateTime(now, timeZone).date;
    const kind = nudgeKind(today);
    const owner = `${deps.instanceId}-nudge-${randomUUID().slice(0, 8)}`;
    const wanted = new Set(input.unitIds);

    const answers = await deps.answers.listPeriod<AnswerPayload>(committeeId, period.id);
    // Read now, not from the card: a unit that sent in since is not reminded.
    const statuses = unitStatuses(config, period, answers).filter(
      (s) => wanted.has(s.unit.id) && s.progress !== 'submitted',
    );
    const [pauseList, snoozeList] = await Promise.all([deps.pauses.list(), deps.snoozes.list()]);
    const pauses = new Map(pauseList.map((p) => [p.aadObjectId, p]));
    const snoozes = new Map(snoozeList.map((z) => [z.aadObjectId, z]));
    const plan = planUnitReminders({ statuses, pauses, snoozes, today });
    const snoozed = plan.notes.filter((n) => n.reason === 'snoozed').length;
    const log = await deps.reminderLog.list(committeeId, period.id);
    const remindedToday = new Set(
      log
        .filter((e) => e.state === 'sent' && localDateTime(new Date(e.updatedAt), timeZone).date === today)
        .map((e) => e.aadObjectId),
    );

    const due = plan.reminders.filter((r) => !remindedToday.has(r.person.aadObjectId));
    let skipped = plan.reminders.length - due.length;
    let sent = 0;
    let unreachable = 0;
    let failed = 0;
    // One scan rather than a read per person.
    const conversations = due.length > 0 ? await deps.conversations.list() : [];
    const byPerson = new Map(conversations.map((c) => [c.aadObjectId, c]));
    const jobs = due.map((reminder): DeliveryJob => {
      // 'deadline' words the card from today: "Påminnelse …", "Sista dag i dag", or "… är försenad".
      const base = unitReminderCard({ kind: 'deadline', period, reminder, today, workingDays: wd });
      return {
        key: { committeeId, periodId: period.id, kind, aadObjectId: reminder.person.aadObjectId },
        owner,
        model: { ...base, text: `${base.text} ${input.requestedBy.name} bad mig påminna dig.` },
        conversation: byPerson.get(reminder.person.aadObjectId) ?? null,
      };
    });
    // Bounded by the shared delivery's concurrency, together with the scheduler's sends.
    for (const outcome of await deps.delivery.deliverAll(jobs)) {
      if (outcome.kind === 'sent') sent++;
      else if (outcome.kind === 'unreachable') unreachable++;
      else if (outcome.kind === 'claimed-elsewhere') skipped++;
      else failed++;
    }
    logger.info('nudge', {
      periodId: period.id,
      requestedBy: input.requestedBy.aadObjectId,
      sent,
      unreachable,
      skipped,
      snoozed,
      failed,
    });
    return { sent, unreachable, skipped, snoozed, failed };
  };
}
