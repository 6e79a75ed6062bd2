/**
 * The economy section: prognos helår per verksamhet row against budget, the total, träffsäkerhet
 * and avvikelse mot budget. Pure.
 *
 * A silent month does not move the numbers: a unit without a prognosis this period contributes its
 * latest prognosis of the same year ("prognos från juli"); only rows never forecast this year count
 * at budget, and the total says how much of the budget that is. Changes compare like with like.
 */

import type { CommitteeConfig, Unit } from '../config/load-config.js';
import type { BokslutAnswer, EconomyAnswer } from '../followup/answers.js';
import { count, joinSwedish, num, swedishMonthName, tkr } from '../shared/swedish-format.js';
import { capitalise } from '../shared/text.js';
import { buildEconomyTables, type EconomyLedgers, NO_LEDGERS } from './economy-tables.js';
import type {
  EconomyMeasures,
  EconomyReport,
  EconomyRowReport,
  EconomySummary,
  PrognosisAccuracy,
  PrognosisSource,
  UnitRef,
} from './report-model.js';
import type { PeriodContext, UnitSelection } from './select-answers.js';
import { attribute, periodRef, unitRef } from './texts.js';

/** Fallback when goals.yaml has no `computed: { from: prognosis-accuracy }` indicator. */
export const ACCURACY_MONTHS: readonly number[] = [8, 10];

/** The months whose prognoses Träffsäkerhet i ekonomiprognos compares, from goals.yaml `computed`. */
export function accuracyMonths(config: CommitteeConfig): number[] {
  const months = new Set<number>();
  for (const indicator of config.indicatorsById.values()) {
    if (indicator.computed?.from === 'prognosis-accuracy') months.add(indicator.computed.month);
  }
  return months.size > 0 ? [...months].sort((a, b) => a - b) : [...ACCURACY_MONTHS];
}

interface UnitPrognosis {
  readonly unit: Unit;
  readonly prognosis: number | null;
  readonly comment: string;
  /** The period the prognosis was given in; null when the unit never gave one this year. */
  readonly from: PeriodContext['period'] | null;
}

interface RowPrognosis {
  readonly prognosis: number | null;
  readonly source: PrognosisSource;
  readonly units: readonly UnitPrognosis[];
}

function entry(selection: ReadonlyMap<string, UnitSelection> | undefined, unitId: string, rowId: string) {
  return (selection?.get(unitId)?.used.get('economy')?.payload as EconomyAnswer | undefined)?.rows?.[rowId];
}

/**
 * A row's prognosis at the last of `contexts` (oldest first, one year): each reporting unit's
 * prognosis of that period, else its latest earlier one.
 */
function rowPrognosis(
  config: CommitteeConfig,
  rowId: string,
  contexts: readonly PeriodContext[],
): RowPrognosis {
  const target = contexts.at(-1);
  const reporters = config.units.filter((u) => u.reports.economyRows.includes(rowId));
  const units = reporters.map((unit): UnitPrognosis => {
    const own = entry(target?.selection, unit.id, rowId);
    if (target && own && own.prognosisTkr !== null)
      return { unit, prognosis: own.prognosisTkr, comment: own.comment, from: target.period };
    for (let i = contexts.length - 2; i >= 0; i--) {
      const ctx = contexts[i] as PeriodContext;
      const earlier = entry(ctx.selection, unit.id, rowId);
      if (earlier && earlier.prognosisTkr !== null)
        return { unit, prognosis: earlier.prognosisTkr, comment: '', from: ctx.period };
    }
    return { unit, prognosis: null, comment: own?.comment ?? '', from: null };
  });
  const given = units.filter((u) => u.prognosis !== null);
  if (given.length === 0 || !target) {
    return {
      prognosis: null,
      source: { kind: 'budget', periodId: null, label: 'budget (ingen prognos i år)' },
      units,
    };
  }
  const carried = given
    .filter((u) => u.from && u.from.id !== target.period.id)
    .sort((a, b) => (a.from?.id ?? '').localeCompare(b.from?.id ?? ''));
  const oldest = carried[0]?.from;
  const source: PrognosisSource = oldest
    ? { kind: 'carried', periodId: oldest.id, label: `prognos från ${swedishMonthName(oldest.month)}` }
    : {
        kind: 'period',
        periodId: target.period.id,
        label: `prognos ${swedishMonthName(target.period.month)}`,
      };
  return { prognosis: given.reduce((s, u) => s + (u.prognosis ?? 0), 0), source, units };
}

/** The contexts of `year` up to and including `periodId`, oldest first. */
function upTo(sameYear: readonly PeriodContext[], periodId: string): PeriodContext[] {
  return sameYear
    .filter((c) => c.period.id <= periodId)
    .sort((a, b) => a.period.id.localeCompare(b.period.id));
}

/**
 * A total over rows: rows never forecast count at budget (so the total is not skewed by silence);
 * null when no row has a prognosis at all. Shared by the report and the leadership cards' scopes.
 */
export function sumPrognoses(rows: readonly { budget: number | null; prognosis: number | null }[]): {
  prognosis: number | null;
  budgetCounted: number;
} {
  if (rows.every((r) => r.prognosis === null)) return { prognosis: null, budgetCounted: 0 };
  const budgetCounted = rows.filter((r) => r.prognosis === null).reduce((s, r) => s + (r.budget ?? 0), 0);
  return { prognosis: rows.reduce((s, r) => s + (r.prognosis ?? r.budget ?? 0), 0), budgetCounted };
}

/** Change of the total, like with like: only rows with a real prognosis (given or carried) at both times. */
export function likeForLikeChange(rows: readonly EconomyRowReport[]): {
  change: number | null;
  compared: number;
} {
  const both = rows.filter((r) => r.prognosisTkr !== null && r.previousPrognosisTkr !== null);
  if (both.length === 0) return { change: null, compared: 0 };
  return {
    change: both.reduce((s, r) => s + ((r.prognosisTkr ?? 0) - (r.previousPrognosisTkr ?? 0)), 0),
    compared: both.length,
  };
}

/** The total of some rows (the nämnd's, or a leader's scope), by the rules above. */
export function summariseRows(
  rows: readonly EconomyRowReport[],
  now: { readonly month: number } | null,
  hasPrevious: boolean,
): EconomySummary {
  const budget = rows.reduce((s, r) => s + (r.budgetTkr ?? 0), 0);
  const cur = sumPrognoses(rows.map((r) => ({ budget: r.budgetTkr, prognosis: r.prognosisTkr })));
  const prev = hasPrevious
    ? sumPrognoses(rows.map((r) => ({ budget: r.budgetTkr, prognosis: r.previousPrognosisTkr }))).prognosis
    : null;
  const interim = rows.some((r) => r.previousInterimPrognosisTkr !== null)
    ? sumPrognoses(rows.map((r) => ({ budget: r.budgetTkr, prognosis: r.previousInterimPrognosisTkr })))
        .prognosis
    : null;
  const atBudget = cur.prognosis !== null ? rows.filter((r) => r.prognosisSource.kind === 'budget') : [];
  const carried = rows.filter((r) => r.prognosisSource.kind === 'carried');
  const carriedRows = carried.map((r) => `${r.name} (${r.prognosisSource.label})`);
  const like =
    hasPrevious && cur.prognosis !== null ? likeForLikeChange(rows) : { change: null, compared: 0 };
  const withPrognosis = rows.filter((r) => r.prognosisTkr !== null).length;
  return {
    budgetTkr: budget,
    prognosisTkr: cur.prognosis,
    deviationTkr: cur.prognosis !== null ? budget - cur.prognosis : null,
    previousPrognosisTkr: prev,
    previousDeviationTkr: prev !== null ? budget - prev : null,
    changeTkr: like.change,
    rowsWithoutPrognosis: rows.filter((r) => r.prognosisSource.kind === 'budget').map((r) => r.name),
    budgetCountedTkr: cur.budgetCounted,
    budgetCountedText:
      atBudget.length > 0
        ? `${count(atBudget.length, 'rad', 'rader')} utan prognos i år räknas med budget: ${tkr(cur.budgetCounted)} tkr av ${tkr(budget)} tkr`
        : '',
    carriedRows,
    carriedText:
      carried.length > 0 && now
        ? `Utan ny prognos i ${swedishMonthName(now.month)} används senaste prognosen: ${joinSwedish(carriedRows)}`
        : '',
    changeNote:
      like.change !== null && like.compared < withPrognosis
        ? `Ändringen gäller de ${like.compared} av ${count(withPrognosis, 'rad', 'rader')} med prognos som hade prognos båda gångerna; rader som då räknades med budget ingår inte`
        : '',
    previousInterimPrognosisTkr: interim,
    previousInterimDeviationTkr: interim !== null ? budget - interim : null,
  };
}

/** The year's outcome: the controller's bokslut when entered, else economy.yaml's. */
function yearOutcome(
  config: CommitteeConfig,
  year: number,
  bokslut: BokslutAnswer | null,
): { outcome: number | null; source: 'bokslut' | 'config' | null } {
  if (bokslut && bokslut.year === year) {
    return {
      outcome: config.economy.rows.reduce((s, r) => s + (bokslut.rows[r.id]?.outcomeTkr ?? 0), 0),
      source: 'bokslut',
    };
  }
  const configured =
    config.economy.totals.outcome[String(year)] ??
    (config.economy.rows.every((r) => r.outcome[String(year)] !== undefined)
      ? config.economy.rows.reduce((s, r) => s + (r.outcome[String(year)] ?? 0), 0)
      : null);
  return { outcome: configured, source: configured === null ? null : 'config' };
}

export function buildEconomy(
  config: CommitteeConfig,
  now: PeriodContext,
  previous: PeriodContext | null,
  sameYear: readonly PeriodContext[],
  bokslut: BokslutAnswer | null = null,
  ledgers: EconomyLedgers = NO_LEDGERS,
): EconomyReport {
  const year = now.period.year;
  const threshold = config.economy.commentThresholdTkr;
  const untilNow = upTo([...sameYear.filter((c) => c.period.id !== now.period.id), now], now.period.id);
  // The previous month within the year carries as this one does; January's previous is last year's December alone.
  const previousContexts =
    previous === null
      ? null
      : previous.period.year === year
        ? upTo(untilNow, previous.period.id)
        : [previous];
  // "Avvikelse i föregående prognos" in the report: the previous delår of the year, as seed 001 prints it.
  const interimCtx =
    untilNow.filter((c) => c.period.id < now.period.id && c.period.kind !== 'month').at(-1) ?? null;
  const interimContexts = interimCtx ? upTo(untilNow, interimCtx.period.id) : null;

  const rows: EconomyRowReport[] = config.economy.rows.map((row) => {
    const budget = row.budget[String(year)] ?? null;
    const cur = rowPrognosis(config, row.id, untilNow);
    const prev = previousContexts ? rowPrognosis(config, row.id, previousContexts).prognosis : null;
    const interim = interimContexts ? rowPrognosis(config, row.id, interimContexts).prognosis : null;
    const deviation = budget !== null && cur.prognosis !== null ? budget - cur.prognosis : null;
    return {
      id: row.id,
      name: row.name,
      forvaltning: row.forvaltning ?? null,
      budgetTkr: budget,
      prognosisTkr: cur.prognosis,
      deviationTkr: deviation,
      previousPrognosisTkr: prev,
      previousDeviationTkr: budget !== null && prev !== null ? budget - prev : null,
      changeTkr: cur.prognosis !== null && prev !== null ? cur.prognosis - prev : null,
      needsComment: deviation !== null && Math.abs(deviation) > threshold,
      comments: attribute(
        cur.units.filter((u) => u.comment !== '').map((u) => ({ unit: unitRef(u.unit), text: u.comment })),
      ),
      reportingUnits: cur.units.map((u) => unitRef(u.unit)),
      // Missing this period, whether or not an earlier prognosis is carried.
      missingUnits: cur.units.filter((u) => u.from?.id !== now.period.id).map((u) => unitRef(u.unit)),
      prognosisSource: cur.source,
      previousInterimPrognosisTkr: interim,
      previousInterimDeviationTkr: budget !== null && interim !== null ? budget - interim : null,
      outcomeTkr: bokslut && bokslut.year === year ? (bokslut.rows[row.id]?.outcomeTkr ?? null) : null,
    };
  });
  const total = summariseRows(rows, now.period, previous !== null);
  const missingUnits = new Map<string, UnitRef>();
  for (const r of rows) for (const u of r.missingUnits) missingUnits.set(u.unitId, u);

  const { outcome, source: outcomeSource } = yearOutcome(config, year, bokslut);
  const accuracyBudget = config.economy.totals.budget[String(year)] ?? total.budgetTkr;
  const accuracy = accuracyMonths(config).map((month) =>
    monthAccuracy(config, untilNow, year, month, outcome, accuracyBudget),
  );
  const accuracyNote =
    outcome === null
      ? `Träffsäkerhet i ekonomiprognos kan beräknas när helårsutfallet för ${year} finns.`
      : `Träffsäkerhet i ekonomiprognos: prognosen jämförd med ${outcomeSource === 'bokslut' ? 'bokslutet' : 'helårsutfallet'} ${num(outcome)} tkr, (prognos − utfall) i procent av budget ${num(accuracyBudget)} tkr.`;
  const measures: EconomyMeasures = {
    budgetDeviationPercent:
      total.deviationTkr !== null && total.budgetTkr !== 0
        ? (total.deviationTkr / total.budgetTkr) * 100
        : null,
    accuracy: accuracy.map((a) => ({ month: a.month, deviationPercent: a.deviationPercent, text: a.text })),
  };

  const report: Omit<EconomyReport, 'tables'> = {
    year,
    unit: 'tkr',
    commentThresholdTkr: threshold,
    previousPeriod: previous ? periodRef(previous.period) : null,
    rows,
    total: { ...total, statedBudgetTkr: config.economy.totals.budget[String(year)] ?? null },
    missingUnits: [...missingUnits.values()],
    // Without an outcome there is nothing to list; `measures` still names each month.
    accuracy: outcome === null ? [] : accuracy,
    accuracyNote,
    previousInterim: interimCtx ? periodRef(interimCtx.period) : null,
    outcomeSource,
    measures,
  };
  return { ...report, tables: buildEconomyTables(config, now.period, report, bokslut, ledgers) };
}

/**
 * Träffsäkerhet for one month: the nämnd total of that month's period (silent rows carried as in
 * the report, rows never forecast at budget) against the year's outcome, signed, % of budget.
 */
function monthAccuracy(
  config: CommitteeConfig,
  untilNow: readonly PeriodContext[],
  year: number,
  month: number,
  outcome: number | null,
  budget: number,
): PrognosisAccuracy {
  const label = capitalise(swedishMonthName(month));
  const ctx = untilNow.find((c) => c.period.month === month && c.period.year === year);
  const base = { month, label, periodId: ctx?.period.id ?? null, outcomeTkr: outcome, budgetTkr: budget };
  if (!ctx) {
    const later = config.periods.some((p) => p.year === year && p.month === month);
    return {
      ...base,
      prognosisTkr: null,
      deviationPercent: null,
      // A month after the report's period has not been forecast yet; one outside the calendar never is.
      text: later
        ? `${label}: prognosen för ${swedishMonthName(month)} är inte lämnad ännu`
        : `${label}: ingen uppföljning – kan inte beräknas`,
      carriedRows: [],
      rowsAtBudget: [],
    };
  }
  const contexts = upTo(untilNow, ctx.period.id);
  const perRow = config.economy.rows.map((row) => ({
    row,
    budget: row.budget[String(year)] ?? null,
    ...rowPrognosis(config, row.id, contexts),
  }));
  const { prognosis } = sumPrognoses(perRow);
  const carriedRows = perRow
    .filter((r) => r.source.kind === 'carried')
    .map((r) => `${r.row.name} (${r.source.label})`);
  const rowsAtBudget =
    prognosis === null ? [] : perRow.filter((r) => r.prognosis === null).map((r) => r.row.name);
  const deviationPercent =
    prognosis !== null && outcome !== null && budget !== 0 ? ((prognosis - outcome) / budget) * 100 : null;
  let text: string;
  if (prognosis === null) text = `${label}: ingen prognos – kan inte beräknas`;
  else if (outcome === null) text = `${label}: kan beräknas när bokslutet för ${year} finns`;
  else {
    const notes = [
      ...(carriedRows.length > 0 ? [`med ${joinSwedish(carriedRows)}`] : []),
      ...(rowsAtBudget.length > 0 ? [`${joinSwedish(rowsAtBudget)} räknas med budget`] : []),
    ];
    text =
      `${label}: prognos ${tkr(prognosis)} tkr mot utfall ${tkr(outcome)} tkr, avvikelse ${num(deviationPercent, 1)} % av budget` +
      (notes.length > 0 ? ` (${notes.join('; ')})` : '');
  }
  return { ...base, prognosisTkr: prognosis, deviationPercent, text, carriedRows, rowsAtBudget };
}
