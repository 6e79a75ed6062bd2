/**
 * Gallring: which stored data has passed its retention time (settings, RetentionSettings), as
 * rules storage carries out; and one bounded, idempotent pass over them. Running a pass twice
 * removes nothing the second time; a pass removes at most `limit` rows and says when more is left.
 *
 * What each setting selects:
 *  - answers: every row of a period's answers (current versions, history, replay markers) and its
 *    decisions, once the period locked more than the given days ago;
 *  - audit: audit rows written more than the given days ago (the chain's anchor moves with them);
 *  - reminders: a period's reminder log, once the period locked more than the given days ago;
 *  - contacts: conversation references, welcome markings and learnt ids of people who are no longer
 *    in the organisation, last changed more than the given days ago;
 *  - pauses: pauses and snoozes that ended more than the given days ago;
 *  - links: download link records that expired more than the given days ago.
 * Refusal counts are removed after a day and offered report files once their offer expired (at most
 * an hour), whatever the settings: they only matter within their hour.
 */
import { refusalWindow } from '../audit/refusal-throttle.js';
import { localDateTime } from '../calendar/local-time.js';
import type { CommitteeConfig } from '../config/load-config.js';
import { normaliseAddress, peopleOf } from '../config/people.js';
import type { RetentionSettings } from '../config/settings.js';
import type { Actor, AuditLog } from '../followup/ports.js';
import type { PurgeRule, RetentionStore } from './ports.js';

const DAY_MS = 86_400_000;

export interface LabelledRule {
  /** Swedish, for the command's output. */
  readonly label: string;
  readonly rule: PurgeRule;
}

const before = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();

/**
 * The rules for now. `now` is the app's clock (answers, audit, reminders are stamped with it);
 * `wallNow` the real time, which download links and refusal counts are stamped with.
 */
export function retentionRules(
  retention: RetentionSettings,
  config: CommitteeConfig,
  now: Date,
  wallNow: Date,
): LabelledRule[] {
  const committeeId = config.goals.committee.id;
  const rules: LabelledRule[] = [];
  const lockedBefore = (days: number) => config.periods.filter((p) => p.locksAt < before(now, days));

  if (retention.answersDays !== null) {
    for (const period of lockedBefore(retention.answersDays)) {
      const label = period.label.toLocaleLowerCase('sv-SE');
      rules.push(
        {
          label: `Svar med historik, ${label}`,
          rule: { kind: 'period', table: 'answers', committeeId, periodId: period.id },
        },
        {
          label: `Beslut, ${label}`,
          rule: { kind: 'period', table: 'decisions', committeeId, periodId: period.id },
        },
      );
    }
  }
  if (retention.remindersDays !== null) {
    for (const period of lockedBefore(retention.remindersDays)) {
      rules.push({
        label: `Påminnelselogg, ${period.label.toLocaleLowerCase('sv-SE')}`,
        rule: { kind: 'period', table: 'reminders', committeeId, periodId: period.id },
      });
    }
  }
  if (retention.auditDays !== null) {
    const cutoff = before(now, retention.auditDays);
    rules.push({
      label: `Granskningslogg före ${cutoff.slice(0, 10)}`,
      rule: { kind: 'audit', committeeId, before: cutoff },
    });
  }
  if (retention.contactsDays !== null) {
    const people = peopleOf(config.organisation);
    const keep = new Set(people.map((p) => p.aadObjectId));
    const cutoff = before(now, retention.contactsDays);
    rules.push(
      {
        label: 'Konversationsreferenser för personer som inte längre finns i organisationen',
        rule: { kind: 'conversations', before: cutoff, keep },
      },
      {
        label: 'Välkomstmarkeringar för personer som inte längre finns i organisationen',
        rule: { kind: 'welcomes', before: cutoff, keep },
      },
      {
        label: 'Inlärda objekt-id:n för adresser som inte längre finns i organisationen',
        rule: {
          kind: 'identities',
          before: cutoff,
          keepAddresses: new Set(people.map((p) => normaliseAddress(p.upn))),
        },
      },
    );
  }
  if (retention.pausesDays !== null) {
    const day = localDateTime(new Date(before(now, retention.pausesDays)), config.calendar.timeZone).date;
    rules.push(
      { label: 'Avslutade pauser', rule: { kind: 'pauses', endedBeforeDay: day } },
      { label: 'Avslutade uppskjutna påminnelser', rule: { kind: 'snoozes', endedBeforeDay: day } },
    );
  }
  if (retention.linksDays !== null) {
    rules.push({
      label: 'Utgångna nedladdningslänkar',
      rule: { kind: 'links', expiredBefore: before(wallNow, retention.linksDays) },
    });
  }
  rules.push({
    label: 'Utgångna erbjudna rapportfiler',
    rule: { kind: 'files', expiredBefore: wallNow.getTime() },
  });
  rules.push({
    label: 'Räknare för nekade försök',
    rule: { kind: 'refusals', beforeWindow: refusalWindow(wallNow.getTime() - DAY_MS) },
  });
  return rules;
}

export interface RetentionReport {
  readonly dryRun: boolean;
  /** Rules that removed (or would remove) something, with how many rows. */
  readonly removed: readonly { readonly label: string; readonly rows: number }[];
  readonly total: number;
  /** False when the pass stopped at its limit: the next pass goes on. */
  readonly complete: boolean;
}

export interface RetentionDeps {
  readonly store: RetentionStore;
  readonly audit: AuditLog;
  readonly committeeId: string;
  readonly now: () => Date;
}

/** Most rows one pass removes: a pass stays short, and what is left waits for the next. */
export const DEFAULT_PURGE_LIMIT = 5_000;

export async function runRetention(
  deps: RetentionDeps,
  rules: readonly LabelledRule[],
  options: { readonly limit?: number; readonly dryRun?: boolean; readonly actor?: Actor | null } = {},
): Promise<RetentionReport> {
  const limit = options.limit ?? DEFAULT_PURGE_LIMIT;
  const dryRun = options.dryRun ?? false;
  const removed: { label: string; rows: number }[] = [];
  const byKind: Record<string, number> = {};
  let total = 0;
  let complete = true;
  for (const { label, rule } of rules) {
    const left = limit - total;
    if (left <= 0) {
      complete = false;
      break;
    }
    const rows = await deps.store.purge(rule, left, dryRun);
    if (rows === 0) continue;
    removed.push({ label, rows });
    total += rows;
    const kind = rule.kind === 'period' ? rule.table : rule.kind;
    byKind[kind] = (byKind[kind] ?? 0) + rows;
    if (rows >= left) complete = false;
  }
  if (!dryRun && total > 0) {
    await deps.audit.append({
      committeeId: deps.committeeId,
      at: deps.now().toISOString(),
      actor: options.actor ?? null,
      action: 'gallring',
      outcome: 'ok',
      details: { ...byKind, total, complete },
    });
  }
  return { dryRun, removed, total, complete };
}
