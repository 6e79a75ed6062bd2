/**
 * Economy inputs for the reporting tests: the units' prognoses per driftsammandrag row as stored
 * answers, and ledger files parsed by the same code `npm run ledger` uses.
 */

import type { Period } from '../../src/calendar/periods.js';
import type { CommitteeConfig } from '../../src/config/load-config.js';
import { parseLedgerCsv } from '../../src/controller/ledger.js';
import { type AnswerPayload, COMMITTEE_UNIT_ID, type EconomyAnswer } from '../../src/followup/answers.js';
import type { LedgerAnswer } from '../../src/followup/ledger-answer.js';
import type { StoredAnswer } from '../../src/followup/ports.js';
import type { PeriodAnswers } from '../../src/reporting/select-answers.js';

export const controller = { aadObjectId: 'demo-controller', name: 'David Ek' };

export function periodOf(config: CommitteeConfig, id: string): Period {
  const found = config.periods.find((p) => p.id === id);
  if (!found) throw new Error(`no period ${id}`);
  return found;
}

function stored(
  config: CommitteeConfig,
  periodId: string,
  unitId: string,
  item: 'economy' | 'ledger',
  payload: AnswerPayload,
  revision = 1,
): StoredAnswer<AnswerPayload> {
  return {
    committeeId: config.goals.committee.id,
    periodId,
    unitId,
    item,
    revision,
    state: 'complete',
    payload,
    answeredBy: item === 'ledger' ? controller : { aadObjectId: `demo-${unitId}`, name: unitId },
    answeredAt: `${periodId}-28T10:00:00.000Z`,
    activityId: null,
  };
}

/**
 * A prognosis per row (row id → tkr), given by the row's first reporting unit; its other
 * reporting units (if any) forecast 0. Rows left out are not forecast.
 */
export function prognosisAnswers(
  config: CommitteeConfig,
  periodId: string,
  byRow: Readonly<Record<string, number>>,
): StoredAnswer<AnswerPayload>[] {
  const perUnit = new Map<string, Record<string, number>>();
  for (const [rowId, tkr] of Object.entries(byRow)) {
    const reporters = config.units.filter((u) => u.reports.economyRows.includes(rowId));
    if (reporters.length === 0) throw new Error(`no unit reports ${rowId}`);
    for (const [i, u] of reporters.entries()) {
      perUnit.set(u.id, { ...perUnit.get(u.id), [rowId]: i === 0 ? tkr : 0 });
    }
  }
  return [...perUnit.entries()].map(([unitId, rows]) => {
    const payload: EconomyAnswer = {
      kind: 'economy',
      rows: Object.fromEntries(
        Object.entries(rows).map(([id, tkr]) => [id, { prognosisTkr: tkr, comment: '' }]),
      ),
    };
    return stored(config, periodId, unitId, 'economy', payload);
  });
}

/** A ledger file's figures, parsed as `npm run ledger` parses it; throws on any error. */
export function ledgerFrom(
  config: CommitteeConfig,
  periodId: string,
  lines: readonly string[],
): LedgerAnswer {
  const parsed = parseLedgerCsv(config, periodOf(config, periodId), `${lines.join('\n')}\n`);
  if (parsed.errors.length > 0) throw new Error(parsed.errors.join('\n'));
  return parsed.value;
}

export function ledgerAnswer(
  config: CommitteeConfig,
  ledger: LedgerAnswer,
  revision = 1,
): StoredAnswer<AnswerPayload> {
  return stored(config, ledger.periodId, COMMITTEE_UNIT_ID, 'ledger', ledger, revision);
}

/** One period's stored answers for `aggregate`. */
export function periodAnswers(
  config: CommitteeConfig,
  periodId: string,
  current: readonly StoredAnswer<AnswerPayload>[],
): PeriodAnswers {
  return { period: periodOf(config, periodId), current, submittedVersions: [] };
}

/** The ledger file's header line. */
export const LEDGER_HEADER =
  'post;id;namn;redovisat;periodiserad budget;redovisat föregående år;prognos;budget';
