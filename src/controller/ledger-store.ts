/**
 * Where the ledger's figures of a period are kept: a committee answer (the committee's own id,
 * item `ledger`) in that period, versioned like every answer, so a re-import is a new revision
 * and the report names who imported which version when.
 */
import type { CommitteeConfig } from '../config/load-config.js';
import { COMMITTEE_UNIT_ID } from '../followup/answers.js';
import type { LedgerAnswer } from '../followup/ledger-answer.js';
import type { Actor, AnswerKey, AnswerStore, AuditLog, SaveResult } from '../followup/ports.js';
import type { Clock } from '../shared/clock.js';

export interface LedgerStoreDeps {
  readonly config: CommitteeConfig;
  readonly answers: Pick<AnswerStore, 'save'>;
  readonly audit: AuditLog;
  readonly clock: Clock;
}

export function ledgerKey(config: CommitteeConfig, periodId: string): AnswerKey {
  return { committeeId: config.goals.committee.id, periodId, unitId: COMMITTEE_UNIT_ID, item: 'ledger' };
}

/**
 * Saves a committee answer (bokslut, ledger) on top of `expectedRevision` and audits the outcome
 * as `<what>.saved` or `<what>.conflict`. One rule for every controller import: nothing stored
 * unaudited, a stale base never overwrites.
 */
export async function storeCommitteeAnswer<P>(
  deps: LedgerStoreDeps,
  key: AnswerKey,
  save: {
    readonly actor: Actor;
    readonly payload: P;
    readonly expectedRevision: number;
    readonly activityId: string | null;
    readonly what: 'bokslut' | 'ledger';
    readonly details: Readonly<Record<string, unknown>>;
  },
): Promise<SaveResult<P>> {
  const result = await deps.answers.save<P>({
    ...key,
    expectedRevision: save.expectedRevision,
    state: 'complete',
    payload: save.payload,
    answeredBy: save.actor,
    answeredAt: deps.clock.now().toISOString(),
    activityId: save.activityId,
  });
  const conflict = result.kind === 'conflict';
  await deps.audit.append({
    committeeId: key.committeeId,
    at: deps.clock.now().toISOString(),
    actor: save.actor,
    action: `${save.what}.${conflict ? 'conflict' : 'saved'}`,
    outcome: conflict ? 'refused' : 'ok',
    details: {
      ...save.details,
      periodId: key.periodId,
      expectedRevision: save.expectedRevision,
      revision: conflict ? (result.current?.revision ?? null) : (result.answer?.revision ?? null),
    },
  });
  return result;
}

/**
 * Stores validated figures based on `expectedRevision` (0: none yet), and audits it. Allowed
 * whether or not the period has locked: the ledger is closed after the units' deadline.
 */
export function storeLedger(
  deps: LedgerStoreDeps,
  actor: Actor,
  answer: LedgerAnswer,
  expectedRevision: number,
  via: 'cli',
): Promise<SaveResult<LedgerAnswer>> {
  return storeCommitteeAnswer(deps, ledgerKey(deps.config, answer.periodId), {
    actor,
    payload: answer,
    expectedRevision,
    activityId: null,
    what: 'ledger',
    details: { via },
  });
}
