/** One nämndindikator for the report: the units' outcomes combined per row, latest value, verdict. Pure. */
import type { CommitteeConfig, IndicatorInContext, Unit } from '../config/load-config.js';
import type { Target } from '../config/target.js';
import type { GoalAnswer, IndicatorOutcome } from '../followup/answers.js';
import { periodLabel } from '../followup/periods.js';
import { count, joinSwedish, num, unitSuffix } from './format.js';
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
import type { PeriodContext, UnitSelection } from './select-answers.js';
import { unitRef } from './texts.js';

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

function rowSpecs(
  config: CommitteeConfig,
  indicator: IndicatorInContext,
  reporters: readonly Unit[],
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

function entriesFor(
  indicator: IndicatorInContext,
  selection: ReadonlyMap<string, UnitSelection> | undefined,
  unitIds: ReadonlySet<string>,
): Entry[] {
  if (!selection) return [];
  const entries: Entry[] = [];
  for (const unitId of unitIds) {
    const answer = selection.get(unitId)?.used.get(`goal:${indicator.goalId}`);
    const outcome = (answer?.payload as GoalAnswer | undefined)?.indicators?.[indicator.id];
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

export function buildIndicator(
  config: CommitteeConfig,
  indicator: IndicatorInContext,
  now: PeriodContext,
  earlier: readonly PeriodContext[],
  previous: PeriodContext | null,
): IndicatorReport {
  const { period } = now;
  const reporters = config.units.filter((u) => u.reports.indicators.includes(indicator.id));
  const { specs, partsKind } = rowSpecs(config, indicator, reporters);
  const asked = !indicator.reportMonths || indicator.reportMonths.includes(period.month);
  const lastYear = String(period.year - 1);

  const rows: IndicatorRow[] = specs.map((spec) => {
    const current = combineCell(indicator, entriesFor(indicator, now.selection, spec.unitIds), spec.key);
    const prev = previous
      ? combineCell(indicator, entriesFor(indicator, previous.selection, spec.unitIds), spec.key).value
      : null;
    let latest: LatestValue | null = null;
    if (current.value !== null) {
      latest = {
        value: current.value,
        text: valueText(current.value, false, indicator),
        source: 'period',
        label: periodLabel(period.year, period.month, 'month'),
        periodId: period.id,
      };
    } else {
      for (const ctx of [...earlier].reverse()) {
        const v = combineCell(indicator, entriesFor(indicator, ctx.selection, spec.unitIds), spec.key).value;
        if (v !== null) {
          latest = {
            value: v,
            text: valueText(v, false, indicator),
            source: 'earlier_period',
            label: periodLabel(ctx.period.year, ctx.period.month, 'month'),
            periodId: ctx.period.id,
          };
          break;
        }
      }
      if (!latest) {
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
    }
    const previousYearValue =
      [...indicator.history]
        .reverse()
        .filter((h) => h.label.includes(lastYear))
        .map((h) => historyValue(h, spec))
        .find((v) => v !== null) ?? null;
    const target = targetFor(indicator, period.year, spec);
    // A sum over some of the units is too low to hold against the target: wait for the rest.
    const partialSum =
      indicator.aggregation.kind === 'sum' &&
      asked &&
      current.value !== null &&
      current.contributing.length < spec.unitIds.size;
    const computed = indicatorStatus({
      value: latest?.value ?? null,
      target,
      better: indicator.better,
      decimals: indicator.decimals,
      previousYearValue,
      ...(latest && latest.source !== 'period' ? { valueNote: latest.label } : {}),
    });
    const status: IndicatorStatus = partialSum
      ? {
          code: 'no_outcome',
          label: STATUS_LABEL.no_outcome,
          reason: `Summan omfattar ${current.contributing.length} av ${count(spec.unitIds.size, 'enhet', 'enheter')} – bedöms när alla har rapporterat.`,
        }
      : computed;
    return {
      key: spec.key,
      partId: spec.partId,
      label: spec.label,
      value: current.value,
      valueText: valueText(current.value, current.noOutcome, indicator),
      noOutcome: current.noOutcome,
      numerator: current.numerator,
      denominator: current.denominator,
      contributingUnits: current.contributing,
      latest,
      previousValue: prev,
      trend: trendOf(current.value, prev, indicator),
      history: indicator.history.map((h) => historyCell(h, spec, indicator.decimals)),
      target: targetView(target, indicator.better),
      status,
    };
  });

  const total = rows.find((r) => r.key === 'total' && r.partId === null);
  const withTarget = rows.filter((r) => r.target !== null && r.target.kind !== 'none');
  const relevant = total?.target && total.target.kind !== 'none' ? [total] : withTarget;
  // The indicator as a whole is judged on this year's values only: a row whose latest value is
  // from the budget's history says "no outcome this year" here (the row itself still shows it).
  const thisYear = relevant.map(
    (r): IndicatorStatus =>
      r.latest?.source === 'history' && (r.status.code === 'met' || r.status.code === 'not_met')
        ? {
            code: 'no_outcome',
            label: STATUS_LABEL.no_outcome,
            reason: `Inget utfall i år. Senaste utfallet: ${r.status.reason}`,
          }
        : r.status,
  );
  const status: IndicatorStatus =
    thisYear.length === 1 && thisYear[0]
      ? thisYear[0]
      : thisYear.length === 0
        ? { code: 'no_target', label: STATUS_LABEL.no_target, reason: 'Inget målvärde för året.' }
        : combineStatuses(thisYear, 'uppdelningar');
  const countsInProposal = status.code === 'met' || status.code === 'not_met';

  const unitValues: UnitIndicatorValue[] = [];
  const missing: UnitRef[] = [];
  const empty: CellValues = { total: null, kvinnor: null, man: null };
  for (const unit of reporters) {
    const [entry] = entriesFor(indicator, now.selection, new Set([unit.id]));
    const gaveSomething =
      entry &&
      (entry.outcome.noOutcome ||
        (['total', 'kvinnor', 'man'] as const).some((k) => has(entry.outcome.value[k])));
    if (!entry || !gaveSomething) {
      if (asked) missing.push(unitRef(unit));
      continue;
    }
    unitValues.push({
      ...unitRef(unit),
      noOutcome: entry.outcome.noOutcome,
      value: { ...empty, ...entry.outcome.value },
      numerator: entry.outcome.numerator ? { ...empty, ...entry.outcome.numerator } : null,
      denominator: entry.outcome.denominator ? { ...empty, ...entry.outcome.denominator } : null,
    });
  }

  const totalSpec = specs[0] as RowSpec;
  const totalRow = rows[0] as IndicatorRow;
  const expected = asked ? totalSpec.unitIds.size : 0;
  const missingNames = reporters
    .filter((u) => totalSpec.unitIds.has(u.id) && !totalRow.contributingUnits.includes(u.id))
    .map((u) => u.shortName);
  const coverageNote =
    totalRow.value !== null &&
    totalRow.contributingUnits.length < expected &&
    indicator.aggregation.kind !== 'single'
      ? `Utfallet omfattar ${totalRow.contributingUnits.length} av ${count(expected, 'enhet', 'enheter')} (saknas: ${joinSwedish(missingNames)}).`
      : null;
  const series = [...earlier, now].map((ctx) => ({
    periodId: ctx.period.id,
    month: ctx.period.month,
    value: combineCell(indicator, entriesFor(indicator, ctx.selection, totalSpec.unitIds), 'total').value,
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
    askedThisPeriod: asked,
    historyLabels: indicator.history.map((h) => h.label),
    targetYear: period.year,
    status,
    countsInProposal,
    rows,
    units: unitValues,
    missingUnits: missing,
    series,
    coverageNote,
    footnotes: indicator.footnotes,
  };
}
