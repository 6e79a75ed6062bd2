/**
 * The Investeringar table (seed 001: redovisat and prognos, utgifter and inkomster, against the
 * investeringsram; seed 004: bokslut against budget) and the summary's "Investeringar, netto".
 * Pure. Inkomster are negative, as the ledger file writes them, so netto = utgifter + inkomster.
 */

import type { Period } from '../calendar/periods.js';
import type { CommitteeConfig } from '../config/load-config.js';
import type { LedgerAnswer, LedgerFigures } from '../followup/ledger-answer.js';
import { joinSwedish, monthRange } from '../shared/swedish-format.js';
import { deviation, type LedgerRecord, ledgerSource, row, total } from './economy-money.js';
import type { EconomyTables, MoneyRow, MoneyTable } from './economy-tables-model.js';

interface ObjectFigures {
  readonly id: string;
  readonly name: string;
  readonly bookedExpenditure: number | null;
  readonly bookedIncome: number | null;
  readonly prognosisExpenditure: number | null;
  readonly prognosisIncome: number | null;
  readonly budgetExpenditure: number | null;
  readonly budgetIncome: number | null;
  /** The investeringsram is economy.yaml's (the file left it out). */
  readonly budgetFromConfig: boolean;
}

/**
 * Per object: the ledger's figures; the ram is the file's, else economy.yaml's budget for the
 * year. An object without an inkomster line has no inkomster.
 */
function objectFigures(config: CommitteeConfig, year: number, ledger: LedgerAnswer | null): ObjectFigures[] {
  return config.economy.investments.map((object) => {
    const found = ledger?.investments[object.id];
    const expenditure: LedgerFigures | null = found?.expenditure ?? null;
    const income: LedgerFigures | null = found?.income ?? null;
    const configured = object.budget[String(year)] ?? null;
    const fileBudget = expenditure?.budgetTkr ?? null;
    const noIncome = ledger !== null && found !== undefined && income === null;
    return {
      id: object.id,
      name: object.name,
      bookedExpenditure: expenditure?.bookedTkr ?? null,
      bookedIncome: noIncome ? 0 : (income?.bookedTkr ?? null),
      prognosisExpenditure: expenditure?.prognosisTkr ?? null,
      prognosisIncome: noIncome ? 0 : (income?.prognosisTkr ?? null),
      budgetExpenditure: fileBudget ?? configured,
      budgetIncome: ledger === null ? 0 : (income?.budgetTkr ?? 0),
      budgetFromConfig: fileBudget === null && configured !== null,
    };
  });
}

/** Investeringar, netto for the summary: prognos (or bokslut) and ram over all objects. */
export function investmentNet(
  config: CommitteeConfig,
  year: number,
  ledger: LedgerAnswer | null,
  mode: EconomyTables['mode'],
): { actual: number | null; budget: number | null } {
  const objects = objectFigures(config, year, ledger);
  const actual =
    ledger === null
      ? null
      : total(
          ...objects.flatMap((o) =>
            mode === 'outcome'
              ? [o.bookedExpenditure, o.bookedIncome]
              : [o.prognosisExpenditure, o.prognosisIncome],
          ),
        );
  return { actual, budget: total(...objects.flatMap((o) => [o.budgetExpenditure, o.budgetIncome])) };
}

export function buildInvestments(
  config: CommitteeConfig,
  period: Period,
  ledger: LedgerRecord | null,
  mode: EconomyTables['mode'],
  expectLedger: boolean,
  ledgerNote: string | null,
): MoneyTable | null {
  if (config.economy.investments.length === 0) return null;
  if (!ledger && !expectLedger) return null;
  const year = period.year;
  const range = `${monthRange(period.month)} ${year}`;
  const columns =
    mode === 'outcome'
      ? [`Bokslut ${year} utgifter`, `Bokslut ${year} inkomster`, `Budget ${year} netto`, 'Avvikelse']
      : [
          `Redovisat ${range} utgifter`,
          `Redovisat ${range} inkomster`,
          `Prognos ${year} utgifter`,
          `Prognos ${year} inkomster`,
          `Prognos ${year} netto`,
          `Investeringsram ${year}`,
          'Avvikelse',
        ];
  const base = {
    id: 'investments' as const,
    title: 'Investeringar',
    labelHeading: 'Investeringar, belopp tkr',
    columns,
  };
  if (!ledger) return { ...base, rows: [], source: '', notes: [], missing: ledgerNote };

  const objects = objectFigures(config, year, ledger.answer);
  const cells = (o: Omit<ObjectFigures, 'id' | 'name' | 'budgetFromConfig'>): (number | null)[] => {
    const budget = total(o.budgetExpenditure, o.budgetIncome);
    if (mode === 'outcome') {
      const net = total(o.bookedExpenditure, o.bookedIncome);
      return [o.bookedExpenditure, o.bookedIncome, budget, deviation(budget, net)];
    }
    const net = total(o.prognosisExpenditure, o.prognosisIncome);
    return [
      o.bookedExpenditure,
      o.bookedIncome,
      o.prognosisExpenditure,
      o.prognosisIncome,
      net,
      budget,
      deviation(budget, net),
    ];
  };
  const sum = (pick: (o: ObjectFigures) => number | null) => total(...objects.map(pick));
  const sums = {
    bookedExpenditure: sum((o) => o.bookedExpenditure),
    bookedIncome: sum((o) => o.bookedIncome),
    prognosisExpenditure: sum((o) => o.prognosisExpenditure),
    prognosisIncome: sum((o) => o.prognosisIncome),
    budgetExpenditure: sum((o) => o.budgetExpenditure),
    budgetIncome: sum((o) => o.budgetIncome),
  };
  const rows: MoneyRow[] = objects.map((o) => row(o.id, o.name, cells(o)));
  rows.push(row('summa', 'Summa investeringar', cells(sums), 'sum'));
  // The varav rows split the sum: the utgifter alone, then the inkomster alone.
  rows.push(
    row(
      'utgifter',
      'varav utgifter',
      cells({ ...sums, bookedIncome: 0, prognosisIncome: 0, budgetIncome: 0 }),
      'varav',
    ),
  );
  rows.push(
    row(
      'inkomster',
      'varav inkomster',
      cells({ ...sums, bookedExpenditure: 0, prognosisExpenditure: 0, budgetExpenditure: 0 }),
      'varav',
    ),
  );
  const fromConfig = objects.filter((o) => o.budgetFromConfig).map((o) => o.name);
  const source =
    `Källa: ${ledgerSource(ledger.ref)}` +
    (fromConfig.length > 0 ? `; investeringsram för ${joinSwedish(fromConfig)} enligt economy.yaml` : '') +
    '.';
  return { ...base, rows, source, notes: [], missing: null };
}
