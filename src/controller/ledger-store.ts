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
 * Stores validated figures based on `expectedRevision` (0: none yet), and audits it. Allowed
 * whether or not the period has locked: the ledger is closed after the units' deadline.
 */
export async function storeLedger(
  deps: LedgerStoreDeps,
  actor: Actor,
  answer: LedgerAnswer,
  expectedRevision: number,
  via: 'cli',
): Promise<SaveResult<LedgerAnswer>> {
  const key = ledgerKey(deps.config, answer.periodId);
  const result = await deps.answers.save<LedgerAnswer>({
    ...key,
    expectedRevision,
    state: 'complete',
    payload: answer,
    answeredBy: actor,
    answeredAt: deps.clock.now().toISOString(),
    activityId: null,
  });
  await deps.audit.append({
    committeeId: key.committeeId,
    at: deps.clock.now().toISOString(),
    actor,
    action: result.kind === 'conflict' ? 'ledger.conflict' : 'ledger.saved',
    outcome: result.kind === 'conflict' ? 'refused' : 'ok',
    details: {
      periodId: key.periodId,
      expectedRevision,
      revision:
        result.kind === 'conflict' ? (result.current?.revision ?? null) : (result.answer?.revision ?? null),
      via,
    },
  });
  return result;
}
