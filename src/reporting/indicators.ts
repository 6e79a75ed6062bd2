/**
 * One nämndindikator for the report: the reporters' outcomes combined per row, the latest value
 * and its verdict. A value is judged against the year's target only when everyone it depends on
 * has reported for the period it is shown for; values from earlier years are shown, never judged.
 * Pure.
 */

import { periodLabel } from '../calendar/periods.js';
import type { CommitteeConfig, IndicatorInContext } from '../config/load-config.js';
import type { Target } from '../config/target.js';
import { COMMITTEE_UNIT_ID, type GoalAnswer, type IndicatorOutcome } from '../followup/answers.js';
import { count, joinSwedish, num, swedishMonthName } from '../shared/swedish-format.js';
import { lowerFirst } from '../shared/text.js';
import { unitSuffix } from './format.js';
import { combineStatuses, indicatorStatus, STATUS_LABEL, targetView } from './indicator-status.js';
import type {
  CellValues,
  IndicatorReport,
  IndicatorRow,
  IndicatorStatus,
  LatestValue,
  Trend,
  UnitIndicatorValue,
  UnitRef,
} from './report-model.js';
import type { PeriodContext } from './select-answers.js';

type Key = 'total' | 'kvinnor' | 'man';
const KEY_LABEL: Record<Key, string> = { total: 'Totalt', kvinnor: 'Kvinnor', man: 'Män' };

interface Combined {
  readonly value: number | null;
  readonly noOutcome: boolean;
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly contributing: string[];
}

interface Entry {
  readonly unitId: string;
  readonly outcome: IndicatorOutcome;
}

const has = (n: number | null | undefined): n is number => n !== null && n !== undefined;

/** The committee's value of one cell from the units' outcomes, by the indicator's aggregation rule. */
export function combineCell(indicator: IndicatorInContext, entries: readonly Entry[], key: Key): Combined {
  const agg = indicator.aggregation;
  const answered = entries.filter((e) => !e.outcome.noOutcome);
  const flaggedNoOutcome = entries.some((e) => e.outcome.noOutcome);
  const none = (): Combined => ({
    value: null,
    noOutcome: flaggedNoOutcome,
    numerator: null,
    denominator: null,
    contributing: [],
  });
  if (agg.kind === 'share') {
    // Σ numerator / Σ denominator: each unit weighs by its size, never an average of percentages.
    const pairs = answered.filter(
      (e) => has(e.outcome.numerator?.[key]) && has(e.outcome.denominator?.[key]),
    );
    const n = pairs.reduce((s, e) => s + (e.outcome.numerator?.[key] ?? 0), 0);
    const d = pairs.reduce((s, e) => s + (e.outcome.denominator?.[key] ?? 0), 0);
    if (pairs.length === 0 || d === 0) return none();
    const factor = indicator.unit === '%' ? 100 : 1;
    return {
      value: (factor * n) / d,
      noOutcome: false,
      numerator: n,
      denominator: d,
      contributing: pairs.map((e) => e.unitId),
    };
  }
  const withValue = answered.filter((e) => has(e.outcome.value[key]));
  if (withValue.length === 0) return none();
  const base = { noOutcome: false, numerator: null, denominator: null };
  if (agg.kind === 'sum') {
    return {
      ...base,
      value: withValue.reduce((s, e) => s + (e.outcome.value[key] ?? 0), 0),
      contributing: withValue.map((e) => e.unitId),
    };
  }
  // `single` has one reporter; `none` is only a committee value when exactly one unit gave one.
  if (agg.kind === 'none' && withValue.length > 1) return { ...none(), noOutcome: false };
  const first = withValue[0] as Entry;
  return { ...base, value: first.outcome.value[key] ?? null, contributing: [first.unitId] };
}

interface RowSpec {
  readonly key: Key;
  readonly partId: string | null;
  readonly label: string;
  /** Units whose answers go into the row. */
  readonly unitIds: ReadonlySet<string>;
}

/** Who reports an indicator: its units, or the controller (stored under COMMITTEE_UNIT_ID). */
export interface Reporter {
  readonly id: string;
  readonly shortName: string;
  readonly administrationId: string | null;
}

export const CONTROLLER_NAME = 'nämndens controller';

export function reportersOf(config: CommitteeConfig, indicator: IndicatorInContext): Reporter[] {
  if (indicator.reporter === 'controller')
    return [{ id: COMMITTEE_UNIT_ID, shortName: CONTROLLER_NAME, administrationId: null }];
  if (indicator.reporter === 'computed') return [];
  return config.units
    .filter((u) => u.reports.indicators.includes(indicator.id))
    .map((u) => ({ id: u.id, shortName: u.shortName, administrationId: u.administrationId }));
}

function rowSpecs(
  config: CommitteeConfig,
  indicator: IndicatorInContext,
  reporters: readonly Reporter[],
): { specs: RowSpec[]; partsKind: IndicatorReport['partsKind'] } {
  const keys: Key[] = indicator.breakdown.kon ? ['total', 'kvinnor', 'man'] : ['total'];
  const all = new Set(reporters.map((u) => u.id));
  // Values that are not combined (aggregation `none`) have no committee total when there are parts.
  const uncombined =
    indicator.aggregation.kind === 'none' && (indicator.breakdown.parts || reporters.length > 1);
  const totalUnits: ReadonlySet<string> = uncombined ? new Set() : all;
  const specs: RowSpec[] = keys.map((key) => ({
    key,
    partId: null,
    label: KEY_LABEL[key],
    unitIds: totalUnits,
  }));
  let parts: { id: string; label: string; unitIds: Set<string> }[] = [];
  let partsKind: IndicatorReport['partsKind'] = null;
  const configured = indicator.breakdown.parts;
  if (configured) {
    partsKind = configured.kind;
    parts = configured.ids.map((id) => ({
      id,
      label: configured.kind === 'enhet' ? (config.unitsById.get(id)?.shortName ?? id) : id,
      unitIds: new Set(
        reporters
          .filter((u) => (configured.kind === 'enhet' ? u.id === id : u.administrationId === id))
          .map((u) => u.id),
      ),
    }));
  } else if (indicator.aggregation.kind === 'none' && reporters.length > 1) {
    partsKind = 'unit';
    parts = reporters.map((u) => ({ id: u.id, label: u.shortName, unitIds: new Set([u.id]) }));
  }
  for (const part of parts) {
    for (const key of keys) {
      specs.push({
        key,
        partId: part.id,
        label: key === 'total' ? part.label : `${part.label} – ${KEY_LABEL[key]}`,
        unitIds: part.unitIds,
      });
    }
  }
  return { specs, partsKind };
}

type SplitTarget = {
  total?: Target;
  kvinnor?: Target;
  man?: Target;
  parts?: Record<string, { total?: Target; kvinnor?: Target; man?: Target }>;
};

function targetFor(indicator: IndicatorInContext, year: number, spec: RowSpec): Target | undefined {
  const t = indicator.targets[String(year)] as SplitTarget | undefined;
  if (!t) return undefined;
  return spec.partId === null ? t[spec.key] : t.parts?.[spec.partId]?.[spec.key];
}

function historyValue(h: IndicatorInContext['history'][number], spec: RowSpec): number | null {
  const v = spec.partId === null ? h[spec.key] : h.parts?.[spec.partId]?.[spec.key];
  return v ?? null;
}

/** A history cell as printed: the number, "I.U." for an explicit null, blank when not given. */
function historyCell(h: IndicatorInContext['history'][number], spec: RowSpec, decimals: number) {
  const v = spec.partId === null ? h[spec.key] : h.parts?.[spec.partId]?.[spec.key];
  if (v === undefined) return { value: null, text: '' };
  return v === null ? { value: null, text: 'I.U.' } : { value: v, text: num(v, decimals) };
}

/** The full years before the report year that the indicator table shows, and their December answers where read. */
export interface HistoryColumns {
  readonly years: readonly number[];
  readonly yearEnds: ReadonlyMap<number, PeriodContext>;
}

export function defaultHistoryYears(year: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => year - count + i);
}

/**
 * One history column: the year's full-year value from goals.yaml (labelled "2023", "Utfall 2023"
 * or "Bokslut 2023"), else the year's December as units and the controller reported it (only when
 * everyone reported), else a part of the year from goals.yaml marked with * and named in `note`.
 */
function historyColumn(
  indicator: IndicatorInContext,
  spec: RowSpec,
  year: number,
  yearEnd: Observed | null,
): { value: number | null; text: string; note: string | null } {
  const full = new RegExp(`^(?:(?:utfall|bokslut)\\s+)?${year}$`, 'i');
  const exact = indicator.history.find((h) => full.test(h.label.trim()));
  if (exact) return { ...historyCell(exact, spec, indicator.decimals), note: null };
  if (yearEnd && yearEnd.combined.value !== null && yearEnd.missing.length === 0) {
    return {
      value: yearEnd.combined.value,
      text: num(yearEnd.combined.value, indicator.decimals),
      note: null,
    };
  }
  const partial = [...indicator.history].reverse().find((h) => h.label.includes(String(year)));
  if (partial) {
    const cell = historyCell(partial, spec, indicator.decimals);
    if (cell.value !== null)
      return { ...cell, text: `${cell.text}*`, note: `${year}: ${lowerFirst(partial.label)}` };
  }
  return { value: null, text: '', note: null };
}

function entriesFor(
  indicator: IndicatorInContext,
  ctx: PeriodContext | undefined,
  unitIds: ReadonlySet<string>,
): Entry[] {
  if (!ctx) return [];
  const entries: Entry[] = [];
  const item = `goal:${indicator.goalId}`;
  for (const unitId of unitIds) {
    const outcome =
      unitId === COMMITTEE_UNIT_ID
        ? ctx.committee?.indicators?.[indicator.id]
        : (ctx.selection.get(unitId)?.used.get(item)?.payload as GoalAnswer | undefined)?.indicators?.[
            indicator.id
          ];
    if (outcome) entries.push({ unitId, outcome });
  }
  return entries;
}

function valueText(value: number | null, noOutcome: boolean, indicator: IndicatorInContext): string {
  if (value !== null) return `${num(value, indicator.decimals)}${unitSuffix(indicator.unit)}`;
  return noOutcome ? 'I.U.' : '–';
}

function trendOf(value: number | null, previous: number | null, indicator: IndicatorInContext): Trend | null {
  if (value === null || previous === null) return null;
  const f = 10 ** indicator.decimals;
  const change = Math.round((value - previous) * f) / f;
  const direction = change > 0 ? 'up' : change < 0 ? 'down' : 'same';
  const improved =
    direction === 'same' || indicator.better === 'none'
      ? null
      : (direction === 'up') === (indicator.better === 'higher');
  const arrow = direction === 'up' ? '↑' : direction === 'down' ? '↓' : '→';
  const judgement = improved === null ? '' : improved ? ' (bättre)' : ' (sämre)';
  const text =
    direction === 'same'
      ? '→ oförändrat'
      : `${arrow} ${num(Math.abs(change), indicator.decimals)}${judgement}`;
  return { direction, change, improved, text };
}

/** A value the product computes instead of asking anyone (`reportedBy: computed`). */
export interface ComputedValue {
  readonly value: number | null;
  /** Judge the size of the value against the target (träffsäkerhet: −0,7 is 0,7 off). */
  readonly judgeMagnitude: boolean;
  /** Why there is no value yet, e.g. "Beräknas när bokslutet 2024 finns." */
  readonly missingReason: string;
}

/** A row's combined value in one period and whether everyone it depends on gave one. */
interface Observed {
  readonly ctx: PeriodContext;
  readonly combined: Combined;
  readonly missing: readonly string[];
}

export function buildIndicator(
  config: CommitteeConfig,
  indicator: IndicatorInContext,
  now: PeriodContext,
  earlier: readonly PeriodContext[],
  previous: PeriodContext | null,
  computed?: ComputedValue,
  historyColumns?: HistoryColumns,
): IndicatorReport {
  const { period } = now;
  const columns = historyColumns ?? { years: defaultHistoryYears(period.year, 2), yearEnds: new Map() };
  const historyNotes = new Set<string>();
  const reporters = reportersOf(config, indicator);
  const names = new Map(reporters.map((r) => [r.id, r.shortName]));
  const { specs: allSpecs, partsKind } = rowSpecs(config, indicator, reporters);
  const asked = !indicator.reportMonths || indicator.reportMonths.includes(period.month);
  const lastYear = String(period.year - 1);
  // Each period's outcomes, read once in the reporters' order; every row (a subset of the
  // reporters, in their order) takes its own from them.
  const everyone = new Set(reporters.map((r) => r.id));
  const outcomes = new Map<PeriodContext, Entry[]>();
  const entriesOf = (ctx: PeriodContext, unitIds: ReadonlySet<string>): Entry[] => {
    let all = outcomes.get(ctx);
    if (!all) {
      all = entriesFor(indicator, ctx, everyone);
      outcomes.set(ctx, all);
    }
    return unitIds.size === everyone.size ? all : all.filter((e) => unitIds.has(e.unitId));
  };
  // A row in a period is looked at for its kön check, its latest value and its series: once each.
  const observed = new Map<PeriodContext, Map<RowSpec, Observed>>();
  const observe = (ctx: PeriodContext, spec: RowSpec): Observed => {
    const byRow = observed.get(ctx) ?? new Map<RowSpec, Observed>();
    observed.set(ctx, byRow);
    const known = byRow.get(spec);
    if (known) return known;
    const combined = combineCell(indicator, entriesOf(ctx, spec.unitIds), spec.key);
    const contributing = new Set(combined.contributing);
    const seen = {
      ctx,
      combined,
      missing: [...spec.unitIds].filter((id) => !contributing.has(id)),
    };
    byRow.set(spec, seen);
    return seen;
  };
  // Kön rows only where someone gave a kön value this year, or the history has one.
  const konGiven = (spec: RowSpec) =>
    spec.key === 'total' ||
    [...earlier, now].some((ctx) => observe(ctx, spec).combined.value !== null) ||
    indicator.history.some((h) => historyValue(h, spec) !== null);
  const specs = computed
    ? allSpecs.filter((s) => s.key === 'total' && s.partId === null)
    : allSpecs.filter(konGiven);

  const rows: IndicatorRow[] = specs.map((spec) => {
    const target = targetFor(indicator, period.year, spec);
    const current: Combined = computed
      ? { value: computed.value, noOutcome: false, numerator: null, denominator: null, contributing: [] }
      : observe(now, spec).combined;
    const prev = previous && !computed ? observe(previous, spec).combined.value : null;
    // The newest value of the year: this period's, else the newest earlier period's.
    let seen: Observed | null = current.value !== null ? { ctx: now, combined: current, missing: [] } : null;
    if (!computed) {
      if (seen) seen = observe(now, spec);
      for (const ctx of [...earlier].reverse()) {
        if (seen) break;
        const o = observe(ctx, spec);
        if (o.combined.value !== null) seen = o;
      }
    }
    let latest: LatestValue | null = null;
    if (seen && seen.combined.value !== null) {
      latest = {
        value: seen.combined.value,
        text: valueText(seen.combined.value, false, indicator),
        source: seen.ctx === now ? 'period' : 'earlier_period',
        label: periodLabel(seen.ctx.period.year, seen.ctx.period.month, 'month'),
        periodId: seen.ctx.period.id,
      };
    } else {
      for (const h of [...indicator.history].reverse()) {
        const v = historyValue(h, spec);
        if (v !== null) {
          latest = {
            value: v,
            text: valueText(v, false, indicator),
            source: 'history',
            label: h.label,
            periodId: null,
          };
          break;
        }
      }
    }
    const previousYearValue =
      [...indicator.history]
        .reverse()
        .filter((h) => h.label.includes(lastYear))
        .map((h) => historyValue(h, spec))
        .find((v) => v !== null) ?? null;

    let status: IndicatorStatus;
    if (latest?.source === 'history') {
      // Shown for context, never judged against this year's target.
      status = {
        code: 'no_outcome',
        label: 'Inget utfall i år',
        reason: `Senaste utfallet ${latest.text} (${lowerFirst(latest.label)}) bedöms inte mot målvärdet för ${period.year}.`,
      };
    } else if (seen && seen.missing.length > 0 && seen.combined.value !== null) {
      const expected = spec.unitIds.size;
      status = {
        code: 'incomplete',
        label: STATUS_LABEL.incomplete,
        reason: `Utfallet för ${lowerFirst(latest?.label ?? '')} omfattar ${seen.combined.contributing.length} av ${count(expected, 'enhet', 'enheter')} (saknas: ${joinSwedish(seen.missing.map((id) => names.get(id) ?? id))}) – bedöms när alla har rapporterat.`,
      };
    } else if (computed && computed.value === null && target && target.kind !== 'none') {
      status = { code: 'no_outcome', label: STATUS_LABEL.no_outcome, reason: computed.missingReason };
    } else {
      const judged =
        computed?.judgeMagnitude && latest?.value !== undefined && latest !== null
          ? Math.abs(latest.value)
          : latest?.value;
      status = indicatorStatus({
        value: judged ?? null,
        target,
        better: indicator.better,
        decimals: indicator.decimals,
        previousYearValue,
        ...(latest && latest.source !== 'period' ? { valueNote: latest.label } : {}),
      });
      if (computed?.judgeMagnitude && latest && (status.code === 'met' || status.code === 'not_met')) {
        status = {
          ...status,
          reason: `Avvikelsen ${latest.text} är ${num(Math.abs(latest.value), indicator.decimals)} procentenheter från utfallet: ${lowerFirst(status.reason)}`,
        };
      }
    }
    return {
      key: spec.key,
      partId: spec.partId,
      label: spec.label,
      value: current.value,
      valueText: valueText(current.value, current.noOutcome, indicator),
      noOutcome: current.noOutcome && current.value === null,
      numerator: current.numerator,
      denominator: current.denominator,
      contributingUnits: current.contributing,
      latest,
      previousValue: prev,
      trend: trendOf(current.value, prev, indicator),
      history: columns.years.map((year) => {
        const yearEnd = columns.yearEnds.get(year);
        const cell = historyColumn(
          indicator,
          spec,
          year,
          yearEnd && !computed ? observe(yearEnd, spec) : null,
        );
        if (cell.note) historyNotes.add(cell.note);
        return { value: cell.value, text: cell.text };
      }),
      target: targetView(target, indicator.better),
      status,
    };
  });

  const total = rows.find((r) => r.key === 'total' && r.partId === null);
  const withTarget = rows.filter((r) => r.target !== null && r.target.kind !== 'none');
  const relevant = total?.target && total.target.kind !== 'none' ? [total] : withTarget;
  const status: IndicatorStatus =
    relevant.length === 1 && relevant[0]
      ? relevant[0].status
      : relevant.length === 0
        ? { code: 'no_target', label: STATUS_LABEL.no_target, reason: 'Inget målvärde för året.' }
        : combineStatuses(
            relevant.map((r) => r.status),
            'uppdelningar',
          );
  const countsInProposal = status.code === 'met' || status.code === 'not_met';

  const unitValues: UnitIndicatorValue[] = [];
  const missing: UnitRef[] = [];
  const empty: CellValues = { total: null, kvinnor: null, man: null };
  for (const reporter of reporters) {
    const [entry] = entriesFor(indicator, now, new Set([reporter.id]));
    const gaveSomething =
      entry &&
      (entry.outcome.noOutcome ||
        (['total', 'kvinnor', 'man'] as const).some((k) => has(entry.outcome.value[k])));
    const ref = { unitId: reporter.id, shortName: reporter.shortName };
    if (!entry || !gaveSomething) {
      if (asked) missing.push(ref);
      continue;
    }
    unitValues.push({
      ...ref,
      noOutcome: entry.outcome.noOutcome,
      value: { ...empty, ...entry.outcome.value },
      numerator: entry.outcome.numerator ? { ...empty, ...entry.outcome.numerator } : null,
      denominator: entry.outcome.denominator ? { ...empty, ...entry.outcome.denominator } : null,
    });
  }

  const totalSpec = allSpecs[0] as RowSpec;
  const shown = rows.find((r) => r.status.code === 'incomplete');
  const coverageNote = shown ? shown.status.reason : null;
  const series = [...earlier, now].map((ctx) => ({
    periodId: ctx.period.id,
    month: ctx.period.month,
    value: computed ? (ctx === now ? computed.value : null) : observe(ctx, totalSpec).combined.value,
  }));

  return {
    id: indicator.id,
    name: indicator.name,
    group: indicator.group ?? null,
    unit: indicator.unit,
    decimals: indicator.decimals,
    better: indicator.better,
    aggregation: indicator.aggregation.kind,
    kon: indicator.breakdown.kon,
    partsKind,
    askedThisPeriod: asked && !computed,
    historyLabels: columns.years.map(String),
    historyNotes: [...historyNotes].map((n) => `* ${n}`),
    targetYear: period.year,
    status,
    countsInProposal,
    rows,
    units: unitValues,
    missingUnits: missing,
    series,
    coverageNote,
    footnotes: indicator.footnotes,
    arrivalNote: computed ? null : arrivalNote(indicator, period.month, rows),
  };
}

/**
 * When an outcome that is not asked this period comes, as the seed's tables say it: "Utfall
 * redovisas i bokslutet." Null when it is asked now or the year already has a value.
 */
function arrivalNote(
  indicator: IndicatorInContext,
  month: number,
  rows: readonly IndicatorRow[],
): string | null {
  const months = indicator.reportMonths;
  if (!months || months.includes(month)) return null;
  if (rows.some((r) => r.latest !== null && r.latest.source !== 'history')) return null;
  const next = months.filter((m) => m > month).sort((a, b) => a - b)[0];
  if (next === undefined) return 'Utfall redovisas nästa år.';
  return next === 12 ? 'Utfall redovisas i bokslutet.' : `Utfall redovisas i ${swedishMonthName(next)}.`;
}
