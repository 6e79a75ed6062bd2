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
 *   reminded twice the same day.
 * - Delivery with the same throttle and retries as the scheduler (`createDelivery`); the card is
 *   the scheduler's (`unitReminderCard`), with a line saying who asked for it. It is sent whatever
 *   the hour: a person asked for it now. Not for a locked period.
 */
import { randomUUID } from 'node:crypto';
import { type CardRenderer, createCardRenderer } from '../cards/render.js';
import type { CommitteeConfig } from '../config/load-config.js';
import type { AnswerPayload } from '../followup/answers.js';
import { findPeriod } from '../followup/periods.js';
import type { Actor, AnswerStore } from '../followup/ports.js';
import { createWorkingDayCalendar, type WorkingDayCalendar } from '../followup/working-days.js';
import { unitReminderCard } from '../reminders/messages.js';
import type { ConversationStore, ReminderKey, ReminderLog } from '../reminders/ports.js';
import type { PauseStore } from '../reminders/ports-pause.js';
import { planUnitReminders, unitStatuses } from '../reminders/recipients.js';
import { localDateTime } from '../reminders/schedule.js';
import { createDelivery, type DeliveryOptions, type ProactiveSender } from '../reminders/sender.js';
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
  /** Not delivered (the channel kept failing); pressing again later retries after the claim expires. */
  readonly failed: number;
}

export type NudgePort = (input: NudgeInput) => Promise<NudgeResult>;

export interface NudgeDeps {
  readonly config: CommitteeConfig;
  readonly clock: Clock;
  readonly answers: Pick<AnswerStore, 'listPeriod'>;
  readonly reminderLog: ReminderLog;
  readonly conversations: Pick<ConversationStore, 'get'>;
  readonly pauses: Pick<PauseStore, 'list'>;
  readonly sender: ProactiveSender;
  readonly logger: Logger;
  /** Prefix of the claim owners (e.g. the scheduler's `defaultInstanceId()`). */
  readonly instanceId: string;
  /** Default 10 minutes, as the scheduler; sending stops at half of it. */
  readonly claimTtlMs?: number;
  readonly delivery?: DeliveryOptions;
  readonly workingDays?: WorkingDayCalendar;
  readonly renderer?: CardRenderer;
}

/** The reminder kind of a manual reminder on a day (ISO date in the calendar's time zone). */
export function nudgeKind(localDate: string): string {
  return `nudge-${localDate}`;
}

const SENT_MARK_WAITS_MS = [200, 1_000, 3_000];

export function createNudge(deps: NudgeDeps): NudgePort {
  const { config, clock, logger } = deps;
  const committeeId = config.goals.committee.id;
  const timeZone = config.calendar.timeZone;
  const wd = deps.workingDays ?? createWorkingDayCalendar();
  const renderer = deps.renderer ?? createCardRenderer();
  const claimTtlMs = deps.claimTtlMs ?? 10 * 60_000;
  // One delivery for every press on this instance, so the throttle spans them.
  const delivery = createDelivery(deps.sender, deps.delivery);
  const sleep = deps.delivery?.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  async function markSent(key: ReminderKey, owner: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await deps.reminderLog.mark(key, owner, 'sent', clock.now().toISOString());
        return;
      } catch (error) {
        const wait = SENT_MARK_WAITS_MS[attempt];
        if (wait === undefined) {
          // As in the scheduler: delivered but not recorded; a press after the claim expires may send again.
          logger.error('nudge delivered but not marked sent', { key, error: String(error) });
          return;
        }
        await sleep(wait);
      }
    }
  }

  return async (input) => {
    const period = findPeriod(config.periods, input.periodId);
    const now = clock.now();
    if (!period || now.toISOString() > period.locksAt)
      return { sent: 0, unreachable: 0, skipped: 0, failed: 0 };
    const today = localDateTime(now, timeZone).date;
    const kind = nudgeKind(today);
    const owner = `${deps.instanceId}-nudge-${randomUUID().slice(0, 8)}`;
    const wanted = new Set(input.unitIds);

    const answers = await deps.answers.listPeriod<AnswerPayload>(committeeId, period.id);
    // Read now, not from the card: a unit that sent in since is not reminded.
    const statuses = unitStatuses(config, period, answers).filter(
      (s) => wanted.has(s.unit.id) && s.progress !== 'submitted',
    );
    const pauses = new Map((await deps.pauses.list()).map((p) => [p.aadObjectId, p]));
    const plan = planUnitReminders({ statuses, pauses, today });
    const log = await deps.reminderLog.list(committeeId, period.id);
    const remindedToday = new Set(
      log
        .filter((e) => e.state === 'sent' && localDateTime(new Date(e.updatedAt), timeZone).date === today)
        .map((e) => e.aadObjectId),
    );

    let sent = 0;
    let unreachable = 0;
    let skipped = 0;
    let failed = 0;
    await Promise.all(
      plan.reminders.map(async (reminder) => {
        const person = reminder.person;
        if (remindedToday.has(person.aadObjectId)) {
          skipped++;
          return;
        }
        const key: ReminderKey = { committeeId, periodId: period.id, kind, aadObjectId: person.aadObjectId };
        try {
          const claimedAt = clock.now();
          const until = new Date(claimedAt.getTime() + claimTtlMs).toISOString();
          if (!(await deps.reminderLog.claim(key, owner, claimedAt.toISOString(), until))) {
            skipped++;
            return;
          }
          const conversation = await deps.conversations.get(person.aadObjectId);
          if (!conversation) {
            await deps.reminderLog.mark(key, owner, 'unreachable', clock.now().toISOString(), 'no-reference');
            unreachable++;
            return;
          }
          // 'deadline' words the card from today: "Påminnelse …", "Sista dag i dag", or "… är försenad".
          const base = unitReminderCard({ kind: 'deadline', period, reminder, today, workingDays: wd });
          const model = { ...base, text: `${base.text} ${input.requestedBy.name} bad mig påminna dig.` };
          const reference = conversation.reference;
          const card = renderer.render('message', model, {
            actions: reference.channelId === 'msteams' ? 'execute' : 'submit',
          });
          const conversationId = String(
            (reference.conversation as { id?: unknown } | undefined)?.id ?? person.aadObjectId,
          );
          const result = await delivery.deliver(conversationId, reference, card, {
            budgetMs: claimTtlMs / 2,
          });
          if (result.kind === 'sent') {
            await markSent(key, owner);
            sent++;
          } else if (result.kind === 'unreachable') {
            await deps.reminderLog.mark(
              key,
              owner,
              'unreachable',
              clock.now().toISOString(),
              `http-${result.status}`,
            );
            unreachable++;
          } else {
            logger.warn('nudge not delivered; the claim expires and a later press retries', {
              key,
              status: result.status,
              attempts: result.attempts,
            });
            failed++;
          }
        } catch (error) {
          logger.error('nudge failed', { key, error: String(error) });
          failed++;
        }
      }),
    );
    logger.info('nudge', {
      periodId: period.id,
      requestedBy: input.requestedBy.aadObjectId,
      sent,
      unreachable,
      skipped,
      failed,
    });
    return { sent, unreachable, skipped, failed };
  };
}
