/**
 * The economy tables' building blocks: a stored ledger with who imported it, cells, sums and
 * deviations that never make up a figure, and the phrases the tables name their sources with. Pure.
 */

import { type AnswerPayload, COMMITTEE_UNIT_ID } from '../followup/answers.js';
import type { LedgerAnswer } from '../followup/ledger-answer.js';
import type { StoredAnswer } from '../followup/ports.js';
import { swedishDateTime, swedishMonthName, tkr } from '../shared/swedish-format.js';
import type { LedgerRef, MoneyCell, MoneyRow } from './economy-tables-model.js';

/** A period's stored ledger figures with who imported them. */
export interface LedgerRecord {
  readonly answer: LedgerAnswer;
  readonly ref: LedgerRef;
}

/** The ledger figures among a period's stored answers (the committee's item `ledger`). */
export function ledgerIn(
  current: readonly StoredAnswer<AnswerPayload>[],
  timeZone: string,
): LedgerRecord | null {
  const found = current.find((a) => a.unitId === COMMITTEE_UNIT_ID && a.item === 'ledger');
  if (found?.payload.kind !== 'ledger') return null;
  return {
    answer: found.payload,
    ref: {
      periodId: found.periodId,
      importedBy: { ...found.answeredBy },
      importedAt: found.answeredAt,
      importedAtText: swedishDateTime(found.answeredAt, timeZone),
      revision: found.revision,
    },
  };
}

export const money = (value: number | null | undefined, mark = ''): MoneyCell =>
  value === null || value === undefined
    ? { value: null, text: '–' }
    : { value, text: `${tkr(value)}${mark}` };

/** Budget − actual: an overrun is negative. */
export const deviation = (budget: number | null, actual: number | null): number | null =>
  budget !== null && actual !== null ? budget - actual : null;

/** A sum, or null when any part is missing (a partial sum is a wrong sum). */
export const total = (...values: readonly (number | null | undefined)[]): number | null =>
  values.some((v) => v === null || v === undefined) ? null : values.reduce<number>((s, v) => s + (v ?? 0), 0);

export const row = (
  id: string,
  label: string,
  values: readonly (number | null | MoneyCell)[],
  style: MoneyRow['style'] = 'row',
): MoneyRow => ({
  id,
  label,
  style,
  cells: values.map((v) => (v !== null && typeof v === 'object' ? v : money(v))),
});

/** "Källa: ekonomisystemet (augusti 2024), inläst av David Ek 10 september 2024 kl. 14:03, version 2" */
export function ledgerSource(ref: LedgerRef): string {
  const [year, month] = ref.periodId.split('-').map(Number);
  return `ekonomisystemet (${swedishMonthName(month ?? 1)} ${year}), inläst av ${ref.importedBy.name} ${ref.importedAtText}, version ${ref.revision}`;
}
