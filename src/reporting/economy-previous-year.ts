/**
 * "Bokslut föregående år" in the driftsammandrag: where the previous year's outcome of a post
 * comes from, one rule for every post, and how the table names those sources. Pure.
 */
import type { BokslutAnswer } from '../followup/answers.js';
import type { LedgerAnswer, LedgerFigures } from '../followup/ledger-answer.js';
import { joinSwedish } from '../shared/swedish-format.js';
import type { LedgerRecord } from './economy-money.js';

/** The previous year's bokslut and December ledger figures, as build-report reads them. */
export interface PreviousYear {
  readonly bokslut: BokslutAnswer | null;
  readonly ledger: LedgerRecord | null;
}

export type PrevSource = 'bokslut' | 'ledger' | 'ledger-previous' | 'config';

export interface PrevFigure {
  readonly value: number | null;
  readonly source: PrevSource | null;
}

/**
 * The previous year's outcome of a post, in this order: the controller's bokslut of that year
 * (rows only), that year's December ledger (redovisat jan–dec), this December's ledger
 * (redovisat föregående år, jan–dec), economy.yaml's outcome.
 */
export function previousYearOf(
  pick: (l: LedgerAnswer) => LedgerFigures | null | undefined,
  bokslut: number | undefined,
  configured: number | undefined,
  prev: PreviousYear,
  now: { ledger: LedgerRecord | null; month: number },
): PrevFigure {
  if (bokslut !== undefined) return { value: bokslut, source: 'bokslut' };
  const december = prev.ledger ? pick(prev.ledger.answer)?.bookedTkr : null;
  if (december !== null && december !== undefined) return { value: december, source: 'ledger' };
  const own = now.month === 12 && now.ledger ? pick(now.ledger.answer)?.previousYearTkr : null;
  if (own !== null && own !== undefined) return { value: own, source: 'ledger-previous' };
  if (configured !== undefined) return { value: configured, source: 'config' };
  return { value: null, source: null };
}

export function previousYearSources(year: number, sources: ReadonlySet<PrevSource | null>): string {
  const names: Record<PrevSource, string> = {
    bokslut: `controllerns bokslut ${year}`,
    ledger: `ekonomisystemet (december ${year})`,
    'ledger-previous': 'ekonomisystemet (redovisat föregående år)',
    config: 'economy.yaml',
  };
  return joinSwedish([...sources].filter((s): s is PrevSource => s !== null).map((s) => names[s]));
}
