/**
 * One reminder pass: what is due (schedule.ts), to whom (recipients.ts), in which words
 * (messages.ts), delivered through the one delivery protocol (delivery.ts: claim, render, send,
 * mark) exactly once per (person, period, kind). The timer around it is scheduler.ts.
 *
 * Before handing a reminder to delivery, the pass reads the period's log once and skips what
 * needs no request: already sent, unreachable and not worth trying again today (README.md), or
 * claimed by another instance. The claim itself is what guarantees "never twice"; this only
 * saves requests. See README.md for the guarantee and the one at-least-once window.
 */

import { localDateTime } from '../calendar/local-time.js';
import type { Period } from '../calendar/periods.js';
import { createWorkingDayCalendar, type WorkingDayCalendar } from '../calendar/working-days.js';
import type { MessageCard } from '../cards/models.js';
import type { CommitteeConfig } from '../config/load-config.js';
import type { AnswerPayload } from '../followup/answers.js';
import type { AnswerStore } from '../followup/ports.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { DeliveryOutcome, ReminderDelivery } from './delivery.js';
import { createAppInstall, type InstallEntry } from './install.js';
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
import { dueAt, type ReminderKind, type ScheduledKind } from './schedule.js';
import { type SnoozeEntry, type SnoozeStore, snoozeKind } from './snooze.js';

export interface ReminderRunDeps {
  readonly config: CommitteeConfig;
  readonly clock: Clock;
  readonly answers: AnswerStore;
  readonly reminderLog: ReminderLog;
  readonly conversations: ConversationStore;
  readonly pauses: PauseStore;
  readonly snoozes: Pick<SnoozeStore, 'list'>;
  /** The process's one delivery (shared with "Påminn dem nu"). */
  readonly delivery: ReminderDelivery;
  readonly logger: Logger;
  /** Owner of the claims; unique per process (see `defaultInstanceId`). */
  readonly instanceId: string;
  readonly workingDays?: WorkingDayCalendar;
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
  /** A scheduled kind, or `snooze-<date>`: the extra reminder a snooze brings. */
  readonly kind: ReminderKind | `snooze-${string}`;
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
  /** App installs for people without a conversation (only with an installer configured). */
  readonly installs: readonly InstallEntry[];
}

export interface RunOptions {
  /** Compute and report, but claim and send nothing. */
  readonly dryRun?: boolean;
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
  readonly snoozes: ReadonlyMap<string, SnoozeEntry>;
  readonly log: ReadonlyMap<string, ReminderEntry>;
}

export type ReminderRun = (options?: RunOptions) => Promise<RunReport>;

export function createReminderRun(deps: ReminderRunDeps): ReminderRun {
  const { config, clock, logger, instanceId, delivery } = deps;
  const committeeId = config.goals.committee.id;
  const timeZone = config.calendar.timeZone;
  const wd = deps.workingDays ?? createWorkingDayCalendar();
  // With an installer in the delivery (TEAMS_APP_CATALOG_ID), every pass reaches people who
  // never opened the bot, whoever starts it: the timer, the trigger route or the CLI.
  const appInstall = delivery.canInstall
    ? createAppInstall({
        committeeId,
        timeZone,
        reminderLog: deps.reminderLog,
        delivery,
        clock,
        logger,
        instanceId,
      })
    : null;

  const logKey = (kind: string, aadObjectId: string) => `${kind}|${aadObjectId}`;

  function entryFor(
    out: Outgoing,
    outcome: RunOutcome,
    detail: string,
    code: string | null = null,
  ): RunEntry {
    return {
      periodId: out.key.periodId,
      kind: out.key.kind as RunEntry['kind'],
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

  /** What needs no delivery at all, decided from the log read at the start: an entry, else null. */
  function precheck(out: Outgoing, ctx: PassContext): RunEntry | null {
    const { kind, aadObjectId } = out.key;
    const existing = ctx.log.get(logKey(kind, aadObjectId));
    const conversation = ctx.conversations.get(aadObjectId);
    if (existing?.state === 'sent') return entryFor(out, 'already-sent', `skickades ${existing.updatedAt}`);
    if (existing?.state === 'unreachable' && !mayRetryUnreachable(existing, conversation, ctx.today)) {
      return entryFor(out, 'unreachable', unreachableText(existing.detail), existing.detail);
    }
    if (
      existing?.state === 'claimed' &&
      existing.claimedUntil > clock.now().toISOString() &&
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
    return null;
  }

  function entryFromOutcome(out: Outgoing, outcome: DeliveryOutcome): RunEntry {
    switch (outcome.kind) {
      case 'sent':
        return entryFor(
          out,
          'sent',
          outcome.attempts > 1 ? `skickad efter ${outcome.attempts} försök` : 'skickad',
        );
      case 'claimed-elsewhere':
        return entryFor(out, 'claimed-elsewhere', 'en annan körning har skickat eller skickar den');
      case 'unreachable':
        return entryFor(out, 'unreachable', unreachableText(outcome.code), outcome.code);
      case 'failed':
        return entryFor(
          out,
          'failed',
          outcome.code === 'error'
            ? 'lagringen eller kanalen svarade inte – försöks igen senare'
            : `kunde inte skickas (${outcome.status ?? 'nätverksfel'}, ${outcome.attempts} försök) – försöks igen senare`,
          outcome.code,
        );
    }
  }

  async function processAll(outgoing: readonly Outgoing[], ctx: PassContext): Promise<RunEntry[]> {
    const decided = outgoing.map((out) => precheck(out, ctx));
    const toSend = outgoing.filter((_, i) => decided[i] === null);
    const outcomes = await delivery.deliverAll(
      toSend.map((out) => ({
        key: out.key,
        owner: instanceId,
        model: out.model,
        conversation: ctx.conversations.get(out.key.aadObjectId) ?? null,
      })),
    );
    let next = 0;
    return outgoing.map((out, i) => {
      const entry = decided[i];
      if (entry) return entry;
      const outcome = outcomes[next++];
      return outcome ? entryFromOutcome(out, outcome) : entryFor(out, 'failed', 'okänt fel', 'error');
    });
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
    const plan = planUnitReminders({ statuses, pauses, snoozes: base.snoozes, today: base.today });
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
      const log = await readLog(period.id);
      const outgoing: Outgoing[] = [];
      for (const reminder of plan.reminders) {
        const id = reminder.person.aadObjectId;
        const snooze = base.snoozes.get(id);
        // The newest kind already reached them before the snooze: the snooze brings one more.
        const extra =
          snooze !== undefined &&
          log.get(logKey(kind, id))?.state === 'sent' &&
          !snoozeSpent(snooze, log.values(), timeZone);
        outgoing.push({
          key: key(extra ? snoozeKind(snooze.until) : kind, id),
          person: reminder.person,
          role: reminder.units.some((u) => u.role === 'manager') ? 'manager' : 'deputy',
          unitIds: reminder.units.map((u) => u.status.unit.id),
          // The extra one is a plain reminder worded from today ('deadline' says "Påminnelse …",
          // "Sista dag i dag" or "… är försenad"), never a second "is open".
          model: unitReminderCard({
            kind: extra ? 'deadline' : kind,
            period,
            reminder,
            today: base.today,
            workingDays: wd,
          }),
        });
      }
      unitEntries = await processAll(outgoing, { ...base, log });
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
      snoozes: base.snoozes,
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

  async function pass(options: RunOptions = {}): Promise<RunReport> {
    const dryRun = options.dryRun ?? false;
    const now = clock.now();
    const schedule = dueAt({ calendar: config.calendar, periods: config.periods, workingDays: wd, now });
    const report = {
      entries: [] as RunEntry[],
      notes: [] as (RecipientNote & { periodId: string })[],
      errors: [] as string[],
    };
    const installs: InstallEntry[] = [];
    const superseded = schedule.due.flatMap((d) =>
      d.superseded.map((s) => ({ periodId: d.period.id, kind: s.kind as ReminderKind })),
    );
    const anythingDue = schedule.due.some((d) => d.unitReminder || d.escalation);
    if ((schedule.sendingAllowed || dryRun) && anythingDue) {
      try {
        const [conversationList, pauseList, snoozeList] = await Promise.all([
          deps.conversations.list(),
          deps.pauses.list(),
          deps.snoozes.list(),
        ]);
        const base = {
          dryRun,
          sendingAllowed: schedule.sendingAllowed,
          closedReason: schedule.closedReason,
          today: schedule.localDate,
          conversations: new Map(conversationList.map((c) => [c.aadObjectId, c])),
          snoozes: new Map(snoozeList.map((z) => [z.aadObjectId, z])),
        };
        const pauses = new Map(pauseList.map((p) => [p.aadObjectId, p]));
        if (appInstall && !dryRun && schedule.sendingAllowed) {
          // Before the reminders: Teams' install event stores the conversation for the next pass.
          const people = everyone(config).filter((id) => !base.conversations.has(id));
          installs.push(...(await appInstall(people)));
        }
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
      installs,
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

  return pass;
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

/** Spent once a reminder of the period reached the person on or after `until` (local date). */
function snoozeSpent(snooze: SnoozeEntry, log: Iterable<ReminderEntry>, timeZone: string): boolean {
  for (const e of log) {
    if (e.aadObjectId !== snooze.aadObjectId || e.state !== 'sent') continue;
    if (localDateTime(new Date(e.updatedAt), timeZone).date >= snooze.until) return true;
  }
  return false;
}

/** Everyone the reminders may be for: managers, deputies and leadership, each once. */
function everyone(config: CommitteeConfig): string[] {
  const ids = new Set<string>();
  for (const unit of config.units) {
    for (const person of [...unit.managers, ...unit.deputies]) ids.add(person.aadObjectId);
  }
  for (const leader of config.organisation.leadership) ids.add(leader.aadObjectId);
  return [...ids];
}
