/**
 * The reminder run: what is due (schedule.ts), to whom (recipients.ts), in which words
 * (messages.ts), delivered (sender.ts) exactly once per (person, period, kind).
 *
 * Exactly-once protocol, per (committee, period, kind, person) — see README.md for the long form:
 * 1. claim the key in the ReminderLog (ETag-guarded create/replace) for `claimTtlMs`;
 *    a key that is `sent`, or claimed by someone else and not expired, is skipped;
 * 2. send, with retries, but never past half the claim's lifetime;
 * 3. mark `sent` right after the channel accepted the message (2xx), or `unreachable` on
 *    403/404 or when there is no conversation reference; on any other failure leave the claim to
 *    expire, so a later run (any instance) sends it.
 * Guarantee: with instance clocks within `claimTtlMs / 2` of each other, no key is ever sent by
 * two runs, and every due key whose person is reachable is sent by the first run after a crash
 * or failure in which it is still due (after the claim expired). The one exception is the
 * window between the channel accepting a message and the `sent` mark being stored: if the
 * process dies (or storage stays down) right there, the claim expires and the message is sent
 * again. We chose at-least-once for that window: a duplicate reminder is a nuisance, a lost one
 * is the failure this feature exists to prevent, and the channel offers no idempotency key that
 * would let us ask whether the first one arrived.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { MessageCard } from '../cards/models.js';
import { type CardRenderer, createCardRenderer } from '../cards/render.js';
import type { CommitteeConfig } from '../config/load-config.js';
import type { AnswerPayload } from '../followup/answers.js';
import type { Period } from '../followup/periods.js';
import type { AnswerStore } from '../followup/ports.js';
import { createWorkingDayCalendar, type WorkingDayCalendar } from '../followup/working-days.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { escalationCard, unitReminderCard } from './messages.js';
import type {
  ConversationStore,
  ReminderEntry,
  ReminderKey,
  ReminderLog,
  StoredConversation,
} from './ports.js';
import type { PauseEntry, PauseStore } from './ports-pause.js';
import {
  type PersonRef,
  planEscalation,
  planUnitReminders,
  type RecipientNote,
  type UnreachablePerson,
  type UnreachableReason,
  unitStatuses,
} from './recipients.js';
import { dueAt, localDateTime, type ReminderKind, type ScheduledKind } from './schedule.js';
import { createDelivery, type DeliveryOptions, type ProactiveSender } from './sender.js';

export interface ReminderSchedulerDeps {
  readonly config: CommitteeConfig;
  readonly clock: Clock;
  readonly answers: AnswerStore;
  readonly reminderLog: ReminderLog;
  readonly conversations: ConversationStore;
  readonly pauses: PauseStore;
  readonly sender: ProactiveSender;
  readonly logger: Logger;
  /** Owner of the claims; unique per process (see `defaultInstanceId`). */
  readonly instanceId: string;
  /** Time between passes of the in-process timer. Default 5 minutes. */
  readonly intervalMs?: number;
  /** How long a claim holds. Default 10 minutes. Sending stops at half of it. */
  readonly claimTtlMs?: number;
  /** Messages in flight at once. Default 64; the throttle decides the rate. */
  readonly concurrency?: number;
  readonly delivery?: DeliveryOptions;
  readonly workingDays?: WorkingDayCalendar;
  readonly renderer?: CardRenderer;
}

export type RunOutcome =
  /** Delivered in this run. */
  | 'sent'
  /** Dry run: would be sent now. */
  | 'would-send'
  /** Dry run outside office hours or on a holiday: would be sent at the next allowed time. */
  | 'not-now'
  | 'already-sent'
  /** Another run holds the claim (it sends, or its claim expires and a later run does). */
  | 'claimed-elsewhere'
  | 'unreachable'
  /** Not delivered; the claim expires and a later run tries again. */
  | 'failed';

export interface RunEntry {
  readonly periodId: string;
  readonly kind: ReminderKind;
  readonly aadObjectId: string;
  readonly name: string;
  readonly role: 'manager' | 'deputy' | 'leadership';
  readonly unitIds: readonly string[];
  readonly outcome: RunOutcome;
  /** Swedish: why (for the dry run and logs). */
  readonly detail: string;
  /** Machine-readable cause for unreachable/failed: `no-reference`, `http-403`, …; else null. */
  readonly code: string | null;
}

export interface RunReport {
  readonly instanceId: string;
  /** The clock's now, UTC ISO, and local date/time in the calendar's zone. */
  readonly at: string;
  readonly localDate: string;
  readonly localTime: string;
  readonly dryRun: boolean;
  readonly sendingAllowed: boolean;
  readonly closedReason: string | null;
  readonly sent: number;
  /** Due but not sent by this run because it was already sent or another run holds it. */
  readonly skipped: number;
  readonly unreachable: number;
  readonly failed: number;
  readonly entries: readonly RunEntry[];
  /** People and units not reminded, and why (submitted, paused, …). */
  readonly notes: readonly (RecipientNote & { readonly periodId: string })[];
  /** Unit reminders whose day has come but that a newer kind replaces: never sent. */
  readonly superseded: readonly { readonly periodId: string; readonly kind: ReminderKind }[];
  /** Storage or other errors that stopped part of the run. */
  readonly errors: readonly string[];
}

export interface RunOptions {
  /** Compute and report, but claim and send nothing. */
  readonly dryRun?: boolean;
}

export interface ReminderScheduler {
  /** One pass. A call while a (non-dry) pass of this scheduler runs joins that pass. */
  runOnce(options?: RunOptions): Promise<RunReport>;
  /** Whether a (non-dry) pass of this scheduler is running now. */
  isRunning(): boolean;
  /** Starts the timer: a pass now, then `intervalMs` after each pass ends. */
  start(): void;
  /** Stops the timer and waits for a running pass to finish. */
  stop(): Promise<void>;
}

/** A claim owner that differs between processes, also across restarts on the same host. */
export function defaultInstanceId(): string {
  return `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
}

interface Outgoing {
  readonly key: ReminderKey;
  readonly person: PersonRef;
  readonly role: RunEntry['role'];
  readonly unitIds: readonly string[];
  readonly model: MessageCard;
}

interface PassContext {
  readonly dryRun: boolean;
  readonly sendingAllowed: boolean;
  readonly closedReason: string | null;
  readonly today: string;
  readonly conversations: ReadonlyMap<string, StoredConversation>;
  readonly log: ReadonlyMap<string, ReminderEntry>;
}

const SENT_MARK_WAITS_MS = [200, 1_000, 3_000];

export function createReminderScheduler(deps: ReminderSchedulerDeps): ReminderScheduler {
  const { config, clock, logger, instanceId } = deps;
  const committeeId = config.goals.committee.id;
  const timeZone = config.calendar.timeZone;
  const wd = deps.workingDays ?? createWorkingDayCalendar();
  const renderer = deps.renderer ?? createCardRenderer();
  const claimTtlMs = deps.claimTtlMs ?? 10 * 60_000;
  const intervalMs = deps.intervalMs ?? 5 * 60_000;
  // A 429 holds its sender for Retry-After; enough parallel senders keep the throttle, not the
  // waits, the limit (measured in bench B3: 8 reached 0.31 of the limit, 64 about 0.8).
  const concurrency = Math.max(1, deps.concurrency ?? 64);
  const delivery = createDelivery(deps.sender, deps.delivery);
  const sleep = deps.delivery?.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  let running: Promise<RunReport> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let active = false;
  let started = 0;

  const logKey = (kind: string, aadObjectId: string) => `${kind}|${aadObjectId}`;

  function entryFor(
    out: Outgoing,
    outcome: RunOutcome,
    detail: string,
    code: string | null = null,
  ): RunEntry {
    return {
      periodId: out.key.periodId,
      kind: out.key.kind as ReminderKind,
      aadObjectId: out.person.aadObjectId,
      name: out.person.name,
      role: out.role,
      unitIds: out.unitIds,
      outcome,
      detail,
      code,
    };
  }

  /** A 403/404 is tried again once the person has talked to the bot since, or on a later day. */
  function mayRetryUnreachable(
    entry: ReminderEntry,
    conversation: StoredConversation | undefined,
    today: string,
  ) {
    if (!conversation) return false;
    if (entry.detail === 'no-reference') return true;
    if (conversation.updatedAt > entry.updatedAt) return true;
    return localDateTime(new Date(entry.updatedAt), timeZone).date < today;
  }

  async function markSent(key: ReminderKey): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        await deps.reminderLog.mark(key, instanceId, 'sent', clock.now().toISOString());
        return true;
      } catch (error) {
        const wait = SENT_MARK_WAITS_MS[attempt];
        if (wait === undefined) {
          // The at-least-once window (see the top of this file): after the claim expires it is sent again.
          logger.error('reminder delivered but not marked sent; it may be sent again', {
            key,
            error: String(error),
          });
          return false;
        }
        await sleep(wait);
      }
    }
  }

  async function processOne(out: Outgoing, ctx: PassContext): Promise<RunEntry> {
    const { kind, aadObjectId } = out.key;
    const existing = ctx.log.get(logKey(kind, aadObjectId));
    const conversation = ctx.conversations.get(aadObjectId);
    const nowIso = clock.now().toISOString();
    if (existing?.state === 'sent') return entryFor(out, 'already-sent', `skickades ${existing.updatedAt}`);
    if (existing?.state === 'unreachable' && !mayRetryUnreachable(existing, conversation, ctx.today)) {
      return entryFor(out, 'unreachable', unreachableText(existing.detail), existing.detail);
    }
    if (
      existing?.state === 'claimed' &&
      existing.claimedUntil > nowIso &&
      existing.claimedBy !== instanceId
    ) {
      return entryFor(out, 'claimed-elsewhere', `${existing.claimedBy} skickar den`);
    }
    if (ctx.dryRun) {
      if (!conversation) return entryFor(out, 'unreachable', unreachableText('no-reference'), 'no-reference');
      return ctx.sendingAllowed
        ? entryFor(out, 'would-send', 'skickas nu')
        : entryFor(out, 'not-now', `skickas nästa gång det är tillåtet (${ctx.closedReason})`);
    }
    try {
      const until = new Date(clock.now().getTime() + claimTtlMs).toISOString();
      if (!(await deps.reminderLog.claim(out.key, instanceId, nowIso, until))) {
        return entryFor(out, 'claimed-elsewhere', 'en annan körning har skickat eller skickar den');
      }
      if (!conversation) {
        await deps.reminderLog.mark(
          out.key,
          instanceId,
          'unreachable',
          clock.now().toISOString(),
          'no-reference',
        );
        return entryFor(out, 'unreachable', unreachableText('no-reference'), 'no-reference');
      }
      const reference = conversation.reference;
      const card = renderer.render('message', out.model, {
        actions: reference.channelId === 'msteams' ? 'execute' : 'submit',
      });
      const conversationId = String(
        (reference.conversation as { id?: unknown } | undefined)?.id ?? aadObjectId,
      );
      const result = await delivery.deliver(conversationId, reference, card, { budgetMs: claimTtlMs / 2 });
      if (result.kind === 'sent') {
        await markSent(out.key);
        return entryFor(
          out,
          'sent',
          result.attempts > 1 ? `skickad efter ${result.attempts} försök` : 'skickad',
        );
      }
      if (result.kind === 'unreachable') {
        const code = `http-${result.status}`;
        await deps.reminderLog.mark(out.key, instanceId, 'unreachable', clock.now().toISOString(), code);
        return entryFor(out, 'unreachable', unreachableText(code), code);
      }
      logger.warn('reminder not delivered; a later run retries after the claim expires', {
        key: out.key,
        status: result.status,
        attempts: result.attempts,
        error: result.message,
      });
      return entryFor(
        out,
        'failed',
        `kunde inte skickas (${result.status ?? 'nätverksfel'}, ${result.attempts} försök) – försöks igen senare`,
        result.status === null ? 'network' : `http-${result.status}`,
      );
    } catch (error) {
      logger.error('reminder failed', { key: out.key, error: String(error) });
      return entryFor(out, 'failed', 'lagringen eller kanalen svarade inte – försöks igen senare', 'error');
    }
  }

  async function processAll(outgoing: readonly Outgoing[], ctx: PassContext): Promise<RunEntry[]> {
    const results: RunEntry[] = new Array(outgoing.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < outgoing.length; i = next++) {
        const out = outgoing[i];
        if (out) results[i] = await processOne(out, ctx);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, outgoing.length) }, worker));
    return results;
  }

  async function readLog(periodId: string): Promise<Map<string, ReminderEntry>> {
    const entries = await deps.reminderLog.list(committeeId, periodId);
    return new Map(entries.map((e) => [logKey(e.kind, e.aadObjectId), e]));
  }

  async function runPeriod(
    period: Period,
    unitReminder: ScheduledKind | null,
    escalation: ScheduledKind | null,
    base: Omit<PassContext, 'log'>,
    pauses: ReadonlyMap<string, PauseEntry>,
    report: { entries: RunEntry[]; notes: (RecipientNote & { periodId: string })[] },
  ): Promise<void> {
    const answers = await deps.answers.listPeriod<AnswerPayload>(committeeId, period.id);
    const statuses = unitStatuses(config, period, answers);
    const plan = planUnitReminders({ statuses, pauses, today: base.today });
    report.notes.push(...plan.notes.map((n) => ({ ...n, periodId: period.id })));
    const key = (kind: string, aadObjectId: string): ReminderKey => ({
      committeeId,
      periodId: period.id,
      kind,
      aadObjectId,
    });

    let unitEntries: RunEntry[] = [];
    if (unitReminder && unitReminder.kind !== 'escalation') {
      const kind = unitReminder.kind;
      const outgoing = plan.reminders.map(
        (reminder): Outgoing => ({
          key: key(kind, reminder.person.aadObjectId),
          person: reminder.person,
          role: reminder.units.some((u) => u.role === 'manager') ? 'manager' : 'deputy',
          unitIds: reminder.units.map((u) => u.status.unit.id),
          model: unitReminderCard({ kind, period, reminder, today: base.today, workingDays: wd }),
        }),
      );
      unitEntries = await processAll(outgoing, { ...base, log: await readLog(period.id) });
      report.entries.push(...unitEntries);
    }

    if (!escalation) return;
    // Read again: another instance may have recorded people as unreachable meanwhile.
    const log = await readLog(period.id);
    const unreachable = new Map<string, UnreachablePerson>();
    const addUnreachable = (
      aadObjectId: string,
      name: string,
      unitIds: readonly string[],
      code: string | null,
    ) =>
      unreachable.set(aadObjectId, {
        person: { aadObjectId, name },
        unitIds,
        reason: unreachableReason(code),
      });
    for (const e of unitEntries)
      if (e.outcome === 'unreachable') addUnreachable(e.aadObjectId, e.name, e.unitIds, e.code);
    if (unitReminder) {
      for (const reminder of plan.reminders) {
        const logged = log.get(logKey(unitReminder.kind, reminder.person.aadObjectId));
        if (logged?.state === 'unreachable' && !unreachable.has(reminder.person.aadObjectId)) {
          const unitIds = reminder.units.map((u) => u.status.unit.id);
          addUnreachable(reminder.person.aadObjectId, reminder.person.name, unitIds, logged.detail);
        }
      }
    }
    const escalations = planEscalation({
      config,
      statuses,
      unreachable: [...unreachable.values()],
      nobodyReminded: plan.nobodyReminded,
      pauses,
      today: base.today,
    });
    report.notes.push(...escalations.notes.map((n) => ({ ...n, periodId: period.id })));
    const outgoing = escalations.escalations.map(
      (e): Outgoing => ({
        key: key('escalation', e.leader.aadObjectId),
        person: e.leader,
        role: 'leadership',
        unitIds: e.missing.map((s) => s.unit.id),
        model: escalationCard(config, period, e, base.today, wd),
      }),
    );
    report.entries.push(...(await processAll(outgoing, { ...base, log })));
  }

  async function pass(options: RunOptions): Promise<RunReport> {
    const dryRun = options.dryRun ?? false;
    const now = clock.now();
    const schedule = dueAt({ calendar: config.calendar, periods: config.periods, workingDays: wd, now });
    const report = {
      entries: [] as RunEntry[],
      notes: [] as (RecipientNote & { periodId: string })[],
      errors: [] as string[],
    };
    const superseded = schedule.due.flatMap((d) =>
      d.superseded.map((s) => ({ periodId: d.period.id, kind: s.kind as ReminderKind })),
    );
    const anythingDue = schedule.due.some((d) => d.unitReminder || d.escalation);
    if ((schedule.sendingAllowed || dryRun) && anythingDue) {
      try {
        const [conversationList, pauseList] = await Promise.all([
          deps.conversations.list(),
          deps.pauses.list(),
        ]);
        const base = {
          dryRun,
          sendingAllowed: schedule.sendingAllowed,
          closedReason: schedule.closedReason,
          today: schedule.localDate,
          conversations: new Map(conversationList.map((c) => [c.aadObjectId, c])),
        };
        const pauses = new Map(pauseList.map((p) => [p.aadObjectId, p]));
        for (const due of schedule.due) {
          try {
            await runPeriod(due.period, due.unitReminder, due.escalation, base, pauses, report);
          } catch (error) {
            report.errors.push(`${due.period.id}: ${String(error)}`);
            logger.error('reminder run failed for a period', {
              periodId: due.period.id,
              error: String(error),
            });
          }
        }
      } catch (error) {
        report.errors.push(String(error));
        logger.error('reminder run failed', { error: String(error) });
      }
    }
    const count = (...outcomes: RunOutcome[]) =>
      report.entries.filter((e) => outcomes.includes(e.outcome)).length;
    const result: RunReport = {
      instanceId,
      at: now.toISOString(),
      localDate: schedule.localDate,
      localTime: schedule.localTime,
      dryRun,
      sendingAllowed: schedule.sendingAllowed,
      closedReason: schedule.closedReason,
      sent: count('sent'),
      skipped: count('already-sent', 'claimed-elsewhere'),
      unreachable: count('unreachable'),
      failed: count('failed'),
      entries: report.entries,
      notes: report.notes,
      superseded,
      errors: report.errors,
    };
    if (
      !dryRun &&
      (result.sent > 0 || result.failed > 0 || result.unreachable > 0 || result.errors.length > 0)
    ) {
      logger.info('reminder run', {
        instanceId,
        sent: result.sent,
        skipped: result.skipped,
        unreachable: result.unreachable,
        failed: result.failed,
        errors: result.errors.length,
      });
    }
    return result;
  }

  function runOnce(options: RunOptions = {}): Promise<RunReport> {
    if (options.dryRun) return pass(options);
    // Two passes of one instance at once could both win their own claims: one at a time.
    if (running) return running;
    const current = pass(options).finally(() => {
      running = null;
    });
    running = current;
    return current;
  }

  /** One timer pass; the next is scheduled `intervalMs` after it ends, so passes never overlap. */
  function tick(generation: number): void {
    runOnce()
      .catch((error: unknown) => logger.error('reminder pass crashed', { error: String(error) }))
      .finally(() => {
        // A stop() (or a stop() and start()) since this pass began ends this chain of timers.
        if (!active || generation !== started) return;
        timer = setTimeout(() => {
          timer = null;
          tick(generation);
        }, intervalMs);
        timer.unref();
      });
  }

  return {
    runOnce,
    isRunning: () => running !== null,
    start() {
      if (active) return;
      active = true;
      started++;
      tick(started);
    },
    async stop() {
      active = false;
      if (timer) clearTimeout(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}

function unreachableReason(code: string | null): UnreachableReason {
  if (code === 'no-reference') return 'no-reference';
  if (code === 'http-404') return 'not-found';
  return 'blocked';
}

function unreachableText(code: string | null): string {
  const reason = unreachableReason(code);
  if (reason === 'no-reference') return 'har inte installerat boten (ingen konversation sparad)';
  if (reason === 'not-found') return 'konversationen finns inte längre (404)';
  return 'har tagit bort eller blockerat boten (403)';
}
