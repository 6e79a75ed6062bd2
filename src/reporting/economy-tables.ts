/**
 * The economy tables of seeds 001 and 004 from the units' prognoses (economy.ts), economy.yaml,
 * the controller's bokslut and the ledger's figures the controller imports per period. Pure.
 *
 * A figure the bot does not have is never made up: a table without its source says so instead of
 * its rows, and a row that would need a missing figure is left out with a note. Avvikelse is
 * budget − prognos (or − redovisat, − bokslut): an overrun is negative.
 */

import type { Period } from '../calendar/periods.js';
import type { CommitteeConfig } from '../config/load-config.js';
import type { BokslutAnswer } from '../followup/answers.js';
import type { LedgerAnswer, LedgerFigures } from '../followup/ledger-answer.js';
import { joinSwedish, monthRange, swedishMonthName, tkr } from '../shared/swedish-format.js';
import { buildInvestments, investmentNet } from './economy-investments.js';
import { deviation, type LedgerRecord, ledgerSource, money, row, total } from './economy-money.js';
import {
  type PrevFigure,
  type PreviousYear,
  type PrevSource,
  previousYearOf,
  previousYearSources,
} from './economy-previous-year.js';
import type { EconomyTables, MoneyCell, MoneyRow, MoneyTable } from './economy-tables-model.js';
import type { EconomyReport, EconomyRowReport } from './report-model.js';

export type { PreviousYear } from './economy-previous-year.js';

/** What the tables read besides the units' prognoses. */
export interface EconomyLedgers {
  /** The ledger figures stored for a period of the report's year, or null. */
  readonly of: (periodId: string) => LedgerRecord | null;
  /** The previous year's bokslut and December ledger figures, for "Bokslut föregående år". */
  readonly previousYear: PreviousYear;
}

export const NO_LEDGERS: EconomyLedgers = {
  of: () => null,
  previousYear: { bokslut: null, ledger: null },
};

function lastDay(period: Pick<Period, 'year' | 'month'>): string {
  const day = new Date(Date.UTC(period.year, period.month, 0)).getUTCDate();
  return `${day} ${swedishMonthName(period.month)} ${period.year}`;
}

// ── the tables ───────────────────────────────────────────────────────────────────────────────────

interface Context {
  readonly config: CommitteeConfig;
  readonly period: Period;
  readonly economy: Omit<EconomyReport, 'tables'>;
  readonly mode: EconomyTables['mode'];
  readonly ledger: LedgerRecord | null;
  readonly previousInterimLedger: LedgerRecord | null;
  readonly ledgers: EconomyLedgers;
  /** Whether a missing ledger is worth a note (delår and helår; a month report may go without). */
  readonly expectLedger: boolean;
  readonly ledgerNote: string | null;
  readonly unitsName: string;
}

/** The row's figure in the table's main column: the bokslut in `outcome` mode, else the prognosis. */
function mainCell(ctx: Context, r: EconomyRowReport): MoneyCell {
  if (ctx.mode === 'outcome') return money(r.outcomeTkr);
  if (r.prognosisTkr === null) return { value: null, text: 'Ingen prognos' };
  return money(r.prognosisTkr, r.prognosisSource.kind === 'carried' ? '*' : '');
}

/**
 * Varav kostnader / varav intäkter, budget helår: the ledger file's, else (in December) its
 * budget periodised over jan–dec, which is the year's, else economy.yaml's.
 */
function splitBudget(ctx: Context, which: 'costs' | 'income'): number | null {
  const figures = ctx.ledger?.answer[which];
  const fromLedger = figures?.budgetTkr ?? (ctx.period.month === 12 ? figures?.periodBudgetTkr : null);
  if (fromLedger !== null && fromLedger !== undefined) return fromLedger;
  return ctx.config.economy.totals[which]?.budget[String(ctx.period.year)] ?? null;
}

function operationsTable(ctx: Context): MoneyTable {
  const { config, economy: e, period, ledger, mode } = ctx;
  const year = period.year;
  const prevYear = year - 1;
  const prev = ctx.ledgers.previousYear;
  const now = { ledger, month: period.month };
  const sources = new Set<PrevSource | null>();
  const prevOf = (f: PrevFigure) => {
    sources.add(f.source);
    return f.value;
  };
  const prevBokslut = prev.bokslut?.year === prevYear ? prev.bokslut : null;
  const rowPrev = e.rows.map((r) =>
    prevOf(
      previousYearOf(
        (l) => l.rows[r.id],
        prevBokslut?.rows[r.id]?.outcomeTkr,
        config.economy.rows.find((c) => c.id === r.id)?.outcome[String(prevYear)],
        prev,
        now,
      ),
    ),
  );
  const given = rowPrev.filter((v): v is number => v !== null);
  const sumPrev = given.length > 0 ? given.reduce((s, v) => s + v, 0) : null;
  const main = mode === 'outcome' ? total(...e.rows.map((r) => r.outcomeTkr)) : e.total.prognosisTkr;
  const rows: MoneyRow[] = e.rows.map((r, i) =>
    row(r.id, r.name, [
      mainCell(ctx, r),
      r.budgetTkr,
      deviation(r.budgetTkr, mode === 'outcome' ? r.outcomeTkr : r.prognosisTkr),
      rowPrev[i] ?? null,
    ]),
  );
  rows.push(
    row(
      'summa',
      'Summa nettokostnader, tkr',
      [main, e.total.budgetTkr, deviation(e.total.budgetTkr, main), sumPrev],
      'sum',
    ),
  );
  const notes: string[] = [];
  if (mode === 'forecast') {
    if (e.total.carriedText !== '') notes.push(`* ${e.total.carriedText}.`);
    if (e.total.budgetCountedText !== '')
      notes.push(`${e.total.budgetCountedText} (${joinSwedish(e.total.rowsWithoutPrognosis)}).`);
  }
  const missingPrev = e.rows.filter((_, i) => rowPrev[i] === null).map((r) => r.name);
  if (given.length === 0) {
    notes.push(
      `Bokslut ${prevYear} saknas: varken controllerns bokslut för ${prevYear}, ekonomisystemets uppgifter för december ${prevYear} eller economy.yaml har det.`,
    );
  } else if (missingPrev.length > 0) {
    notes.push(
      `Bokslut ${prevYear} saknas för ${joinSwedish(missingPrev)}; summan omfattar de övriga raderna.`,
    );
  }

  const pick = (which: 'costs' | 'income' | 'units') => (l: LedgerAnswer) => l[which];
  const ledgerMain = (f: LedgerFigures | null) =>
    (mode === 'outcome' ? f?.bookedTkr : f?.prognosisTkr) ?? null;
  if (ledger) {
    const a = ledger.answer;
    for (const [which, id, label] of [
      ['costs', 'kostnader', 'varav kostnader'],
      ['income', 'intakter', 'varav intäkter'],
    ] as const) {
      const budget = splitBudget(ctx, which);
      const value = ledgerMain(a[which]);
      const p = prevOf(
        previousYearOf(
          pick(which),
          undefined,
          config.economy.totals[which]?.outcome[String(prevYear)],
          prev,
          now,
        ),
      );
      rows.push(row(id, label, [value, budget, deviation(budget, value), p], 'varav'));
    }
    const split = total(ledgerMain(a.costs), ledgerMain(a.income));
    if (split !== null && main !== null && split !== main) {
      notes.push(
        `Varav kostnader och varav intäkter ${mode === 'outcome' ? 'i bokslutet' : 'i prognosen'} är ekonomisystemets och summerar till ${tkr(split)} tkr; raderna ovan summerar till ${tkr(main)} tkr.`,
      );
    }
    if (a.units) {
      const u = a.units;
      const value = ledgerMain(u);
      const p = prevOf(
        previousYearOf(pick('units'), undefined, config.economy.units?.outcome[String(prevYear)], prev, now),
      );
      rows.push(row('enheter', ctx.unitsName, [value, u.budgetTkr, deviation(u.budgetTkr, value), p]));
      const all = total(main, value);
      const budget = total(e.total.budgetTkr, u.budgetTkr);
      rows.push(
        row(
          'summa-inkl-enheter',
          'Summa nettokostnader, tkr, inkl. kommunala enheter',
          [all, budget, deviation(budget, all), total(sumPrev, p)],
          'sum',
        ),
      );
    }
    if (mode === 'outcome') {
      const differs = e.rows.filter(
        (r) =>
          a.rows[r.id]?.bookedTkr !== undefined &&
          r.outcomeTkr !== null &&
          a.rows[r.id]?.bookedTkr !== r.outcomeTkr,
      );
      if (differs.length > 0) {
        notes.push(
          `Ekonomisystemets redovisat jan–dec skiljer sig från bokslutet för ${joinSwedish(differs.map((r) => `${r.name} (${tkr(a.rows[r.id]?.bookedTkr)} mot ${tkr(r.outcomeTkr)} tkr)`))}; tabellen visar bokslutet.`,
        );
      }
    }
  } else if (ctx.expectLedger) {
    notes.push(
      `Varav kostnader, varav intäkter och ${ctx.unitsName.toLocaleLowerCase('sv-SE')} kommer från ekonomisystemet och visas när dess uppgifter är inlästa.`,
    );
  }

  const mainSource =
    mode === 'outcome' ? `controllerns bokslut ${year}` : 'prognos helår enligt enheternas prognoser';
  const parts = [`${mainSource}, budget enligt economy.yaml`];
  if (ledger)
    parts.push(
      `varav-raderna${ledger.answer.units ? ` och ${ctx.unitsName.toLocaleLowerCase('sv-SE')}` : ''} ur ${ledgerSource(ledger.ref)}`,
    );
  const prevText = previousYearSources(prevYear, sources);
  if (prevText !== '') parts.push(`bokslut ${prevYear} ur ${prevText}`);
  return {
    id: 'operations',
    title: mode === 'outcome' ? `Driftsammandrag, bokslut ${year}` : `Prognos för helår ${year}`,
    labelHeading: 'Driftsammandrag, netto tkr',
    columns: [
      mode === 'outcome' ? `Bokslut ${year}` : `Prognos helår ${year}`,
      `Budget ${year}`,
      'Avvikelse',
      `Bokslut ${prevYear}`,
    ],
    rows,
    source: `Källa: ${parts.join('; ')}.`,
    notes,
    missing: null,
  };
}

function resultTable(ctx: Context): MoneyTable | null {
  const { period, ledger } = ctx;
  if (!ledger && !ctx.expectLedger) return null;
  const range = `${monthRange(period.month)} ${period.year}`;
  const base = {
    id: 'result' as const,
    title: `Resultat per ${lastDay(period)}`,
    labelHeading: 'Driftsammandrag, netto tkr',
    columns: [
      `Redovisat ${range}`,
      `Budget ${range} (periodiserad)`,
      'Avvikelse',
      'Redovisat samma period föregående år',
    ],
  };
  if (!ledger) {
    return { ...base, rows: [], source: '', notes: [], missing: ctx.ledgerNote };
  }
  const a = ledger.answer;
  const line = (
    id: string,
    label: string,
    f: LedgerFigures | null | undefined,
    style: MoneyRow['style'] = 'row',
  ) =>
    row(
      id,
      label,
      [
        f?.bookedTkr ?? null,
        f?.periodBudgetTkr ?? null,
        deviation(f?.periodBudgetTkr ?? null, f?.bookedTkr ?? null),
        f?.previousYearTkr ?? null,
      ],
      style,
    );
  const rows = ctx.economy.rows.map((r) => line(r.id, r.name, a.rows[r.id]));
  const sums = {
    bookedTkr: total(...ctx.economy.rows.map((r) => a.rows[r.id]?.bookedTkr)),
    periodBudgetTkr: total(...ctx.economy.rows.map((r) => a.rows[r.id]?.periodBudgetTkr)),
    previousYearTkr: total(...ctx.economy.rows.map((r) => a.rows[r.id]?.previousYearTkr)),
    prognosisTkr: null,
    budgetTkr: null,
  };
  rows.push(line('summa', 'Summa nettokostnader, tkr', sums, 'sum'));
  rows.push(line('kostnader', 'varav kostnader', a.costs, 'varav'));
  rows.push(line('intakter', 'varav intäkter', a.income, 'varav'));
  const notes: string[] = [];
  if (a.units) {
    rows.push(line('enheter', ctx.unitsName, a.units));
    rows.push(
      line(
        'summa-inkl-enheter',
        'Summa nettokostnader, tkr, inkl. kommunala enheter',
        {
          bookedTkr: total(sums.bookedTkr, a.units.bookedTkr),
          periodBudgetTkr: total(sums.periodBudgetTkr, a.units.periodBudgetTkr),
          previousYearTkr: total(sums.previousYearTkr, a.units.previousYearTkr),
          prognosisTkr: null,
          budgetTkr: null,
        },
        'sum',
      ),
    );
  }
  const noPrevious = ctx.economy.rows
    .filter((r) => a.rows[r.id]?.previousYearTkr === null)
    .map((r) => r.name);
  if (noPrevious.length > 0) {
    notes.push(
      `Redovisat föregående år saknas för ${joinSwedish(noPrevious)}, så summan för föregående år saknas.`,
    );
  }
  return { ...base, rows, source: `Källa: ${ledgerSource(ledger.ref)}.`, notes, missing: null };
}

function summaryTable(ctx: Context): MoneyTable {
  const { economy: e, ledger, mode, period } = ctx;
  const year = period.year;
  const interim = e.previousInterim;
  const withPrevious = mode === 'forecast' && interim !== null;
  const prevLedger = ctx.previousInterimLedger;
  const notes: string[] = [];
  const rows: MoneyRow[] = [];
  if (period.kind === 'annual' && mode === 'forecast') {
    notes.push(
      `Bokslutet för ${year} är inte inlagt ännu, så tabellerna visar enheternas prognoser. Controllern lägger in det med kortet ”bokslut ${year}” eller npm run bokslut.`,
    );
  }

  const units = ledger?.answer.units ?? null;
  const unitsExpected = ctx.config.economy.units !== undefined || units !== null;
  const main = mode === 'outcome' ? total(...e.rows.map((r) => r.outcomeTkr)) : e.total.prognosisTkr;
  const unitMain = mode === 'outcome' ? (units?.bookedTkr ?? null) : (units?.prognosisTkr ?? null);
  const net = units ? total(main, unitMain) : main;
  const budget = units ? total(e.total.budgetTkr, units.budgetTkr) : e.total.budgetTkr;
  let prevDeviation: number | null = null;
  if (withPrevious) {
    const prevUnits = prevLedger?.answer.units ?? null;
    if (!units) prevDeviation = e.total.previousInterimDeviationTkr;
    else if (prevUnits) {
      prevDeviation = deviation(
        total(e.total.budgetTkr, prevUnits.budgetTkr),
        total(e.total.previousInterimPrognosisTkr, prevUnits.prognosisTkr),
      );
    } else {
      notes.push(
        `Avvikelsen i prognosen för ${swedishMonthName(interim.month)} saknas: ekonomisystemets uppgifter för ${ctx.unitsName.toLocaleLowerCase('sv-SE')} i ${swedishMonthName(interim.month)} ${interim.year} är inte inlästa.`,
      );
    }
  }
  const label =
    units || !unitsExpected
      ? 'Verksamhetens nettokostnader'
      : `Verksamhetens nettokostnader exkl. ${ctx.unitsName.toLocaleLowerCase('sv-SE')}`;
  rows.push(
    row(
      'nettokostnader',
      label,
      [net, budget, deviation(budget, net), ...(withPrevious ? [prevDeviation] : [])],
      'sum',
    ),
  );
  if (!units && unitsExpected && ctx.expectLedger) {
    notes.push(
      `${ctx.unitsName} ingår inte: deras ${mode === 'outcome' ? 'resultat' : 'prognos'} kommer från ekonomisystemet, vars uppgifter för ${swedishMonthName(period.month)} ${year} inte är inlästa.`,
    );
  }
  if (mode === 'outcome' && ledger) {
    for (const [which, id, label] of [
      ['costs', 'kostnader', 'varav kostnader'],
      ['income', 'intakter', 'varav intäkter'],
    ] as const) {
      const b = splitBudget(ctx, which);
      const v = ledger.answer[which].bookedTkr;
      rows.push(row(id, label, [v, b, deviation(b, v)], 'varav'));
    }
  }
  if (ctx.config.economy.investments.length > 0) {
    const now = investmentNet(ctx.config, year, ledger?.answer ?? null, mode);
    const cells: (number | null)[] = [now.actual, now.budget, deviation(now.budget, now.actual)];
    if (withPrevious) {
      const before = prevLedger ? investmentNet(ctx.config, year, prevLedger.answer, 'forecast') : null;
      cells.push(before ? deviation(before.budget, before.actual) : null);
    }
    rows.push(row('investeringar', 'Investeringar, netto', cells, 'sum'));
    if (!ledger && ctx.expectLedger) {
      notes.push(
        `Investeringarnas ${mode === 'outcome' ? 'utfall' : 'prognos'} kommer från ekonomisystemet och saknas tills dess uppgifter är inlästa; budgeten är investeringsramen i economy.yaml.`,
      );
    }
  }
  const parts = [
    mode === 'outcome' ? `controllerns bokslut ${year}` : 'enheternas prognoser',
    'budget enligt economy.yaml',
  ];
  if (ledger)
    parts.push(
      `${joinSwedish([
        ...(units ? [ctx.unitsName.toLocaleLowerCase('sv-SE')] : []),
        ...(ctx.config.economy.investments.length > 0 ? ['investeringar'] : []),
        ...(mode === 'outcome' ? ['varav-raderna'] : []),
      ])} ur ${ledgerSource(ledger.ref)}`,
    );
  return {
    id: 'summary',
    title: 'Ekonomi',
    labelHeading: 'Ekonomi, belopp tkr',
    columns: [
      mode === 'outcome' ? `Bokslut ${year}` : 'Prognos helår',
      `Budget ${year}`,
      'Avvikelse',
      ...(withPrevious ? [`Avvikelse i prognos helår, ${swedishMonthName(interim.month)}`] : []),
    ],
    rows,
    source: `Källa: ${parts.join('; ')}.`,
    notes,
    missing: null,
  };
}

export function buildEconomyTables(
  config: CommitteeConfig,
  period: Period,
  economy: Omit<EconomyReport, 'tables'>,
  bokslut: BokslutAnswer | null,
  ledgers: EconomyLedgers,
): EconomyTables {
  const ledger = ledgers.of(period.id);
  const mode = period.kind === 'annual' && bokslut?.year === period.year ? 'outcome' : 'forecast';
  const expectLedger = period.kind !== 'month';
  const ledgerNote =
    ledger || !expectLedger
      ? null
      : `Ekonomisystemets uppgifter för ${swedishMonthName(period.month)} ${period.year} är inte inlästa, så de visas inte här. Controllern läser in dem med npm run ledger -- --period ${period.id} --file <fil>.`;
  const ctx: Context = {
    config,
    period,
    economy,
    mode,
    ledger,
    previousInterimLedger: economy.previousInterim ? ledgers.of(economy.previousInterim.id) : null,
    ledgers,
    expectLedger,
    ledgerNote,
    unitsName: config.economy.units?.name ?? 'Nämndens enheter',
  };
  return {
    mode,
    ledger: ledger?.ref ?? null,
    ledgerNote,
    summary: summaryTable(ctx),
    operations: operationsTable(ctx),
    result: mode === 'outcome' ? null : resultTable(ctx),
    investments: buildInvestments(config, period, ledger, mode, ctx.expectLedger, ledgerNote),
  };
}
