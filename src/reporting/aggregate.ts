/**
 * From stored answers and the configuration to the report model. Pure: no I/O, no clock (the
 * caller passes `generatedAt`), no module state. build-report.ts does the reading.
 *
 * Which answers count: by default a unit's answers count once it has sent them in, and then in the
 * revisions it sent in (a change after sending in is a new draft until sent in again). With
 * `includeDrafts` every current answer counts as it stands.
 *
 * The proposal rule (documented for users in README.md):
 *   unit score      = mean points of the units' own statuses (met 1, partial ½, not met 0);
 *                     "Kan ej bedömas" and missing statuses are left out, never counted as a miss.
 *   indicator score = share of the goal's indicators with a value this year that reach the target
 *                     (I.U., text targets and last year's values are left out).
 *   score           = unitWeight × unit score + (1 − unitWeight) × indicator score; only one of
 *                     them when the other has nothing to go on.
 *   status          = met when score ≥ metAtLeast, not met when score ≤ notMetAtMost, else partial;
 *                     the not-assessable level when there is nothing to weigh at all.
 */
import type { CommitteeConfig, GoalInContext, IndicatorInContext, Unit } from '../config/load-config.js';
import type { Target } from '../config/target.js';
import type {
  AnswerPayload,
  AssignmentsAnswer,
  EconomyAnswer,
  GoalAnswer,
  IndicatorOutcome,
  ItemAnswer,
  SubmissionAnswer,
} from '../followup/answers.js';
import { type Period, periodLabel, previousPeriod, swedishMonthName } from '../followup/periods.js';
import type { StoredAnswer } from '../followup/ports.js';
import { capitalise, count, joinSwedish, num, signed, swedishDateTime, unitSuffix } from './format.js';
import { combineStatuses, indicatorStatus, STATUS_LABEL, targetView } from './indicator-status.js';
import type { Decision } from './ports.js';
import {
  type AnswerRow,
  type AssignmentGroupReport,
  type AssignmentReport,
  type AttributedText,
  type CellValues,
  type CompletenessState,
  type DecisionView,
  type EconomyReport,
  type EconomyRowReport,
  type GoalReport,
  type IndicatorReport,
  type IndicatorRow,
  type IndicatorStatus,
  type LatestValue,
  type PeriodRef,
  type PrognosisAccuracy,
  type Proposal,
  type ProposalRule,
  REPORT_SCHEMA_VERSION,
  type ReportModel,
  type StatusRef,
  type Trend,
  type UnitCompleteness,
  type UnitGoalStatus,
  type UnitIndicatorValue,
  type UnitRef,
} from './report-model.js';

export const DEFAULT_PROPOSAL_RULE: ProposalRule = {
  unitWeight: 0.5,
  points: { met: 1, partial: 0.5, not_met: 0 },
  metAtLeast: 0.75,
  notMetAtMost: 0.25,
};

/** The months whose prognoses Träffsäkerhet i ekonomiprognos compares with the year's outcome. */
export const ACCURACY_MONTHS: readonly number[] = [8, 10];

/** One period's answers as storage has them. */
export interface PeriodAnswers {
  readonly period: Period;
  /** `AnswerStore.listPeriod`: the current version of every item. */
  readonly current: readonly StoredAnswer<AnswerPayload>[];
  /** The versions units sent in where they differ from the current ones (`AnswerStore.history`). */
  readonly submittedVersions: readonly StoredAnswer<AnswerPayload>[];
}

export interface AggregateInput {
  readonly config: CommitteeConfig;
  readonly period: Period;
  /** The report period, and (when available) the earlier periods of its year and the previous period. */
  readonly answers: readonly PeriodAnswers[];
  readonly decisions: readonly Decision[];
  readonly generatedAt: string;
  readonly includeDrafts?: boolean;
  readonly rule?: ProposalRule;
}

type Key = 'total' | 'kvinnor' | 'man';
const KEY_LABEL: Record<Key, string> = { total: 'Totalt', kvinnor: 'Kvinnor', man: 'Män' };

// ── which answers count ──────────────────────────────────────────────────────────────────────────

interface UnitSelection {
  readonly unit: Unit;
  readonly state: CompletenessState;
  readonly included: boolean;
  readonly submission: StoredAnswer<SubmissionAnswer> | null;
  readonly current: ReadonlyMap<string, StoredAnswer<AnswerPayload>>;
  /** The item answers this report uses (empty when the unit is not included). */
  readonly used: ReadonlyMap<string, StoredAnswer<ItemAnswer>>;
}

/** The items a unit answers, as stored: its nämndmål, the economy, the uppdrag. */
export function unitItems(unit: Unit): string[] {
  const items = unit.reports.goals.map((g) => `goal:${g}`);
  if (unit.reports.economyRows.length > 0) items.push('economy');
  if (unit.reports.assignments.length > 0) items.push('assignments');
  return items;
}

const STATE_LABEL: Record<CompletenessState, string> = {
  submitted: 'Inskickad',
  changed_after_submission: 'Ändrad efter inskickning',
  draft: 'Utkast',
  none: 'Inget svar',
};

export function selectAnswers(
  config: CommitteeConfig,
  answers: PeriodAnswers,
  includeDrafts: boolean,
): Map<string, UnitSelection> {
  const result = new Map<string, UnitSelection>();
  // Grouped once: filtering all answers per unit grows with the square of the units.
  const byUnit = new Map<string, Map<string, StoredAnswer<AnswerPayload>>>();
  for (const a of answers.current) {
    const items = byUnit.get(a.unitId) ?? new Map<string, StoredAnswer<AnswerPayload>>();
    items.set(a.item, a);
    byUnit.set(a.unitId, items);
  }
  for (const unit of config.units) {
    const current = byUnit.get(unit.id) ?? new Map<string, StoredAnswer<AnswerPayload>>();
    const submission = (current.get('submission') as StoredAnswer<SubmissionAnswer> | undefined) ?? null;
    const items = unitItems(unit);
    const hasItems = items.some((i) => current.has(i));
    let state: CompletenessState;
    if (submission) {
      const same = items.every(
        (i) => (current.get(i)?.revision ?? 0) === (submission.payload.itemRevisions[i] ?? 0),
      );
      state = same ? 'submitted' : 'changed_after_submission';
    } else {
      state = hasItems ? 'draft' : 'none';
    }
    const included =
      state === 'submitted' || state === 'changed_after_submission' || (includeDrafts && hasItems);
    const used = new Map<string, StoredAnswer<ItemAnswer>>();
    if (included) {
      for (const item of items) {
        const now = current.get(item) as StoredAnswer<ItemAnswer> | undefined;
        if (includeDrafts || !submission) {
          if (now) used.set(item, now);
          continue;
        }
        const sent = submission.payload.itemRevisions[item] ?? 0;
        if (sent <= 0) continue;
        if (now?.revision === sent) {
          used.set(item, now);
          continue;
        }
        const version = answers.submittedVersions.find(
          (v) => v.unitId === unit.id && v.item === item && v.revision === sent,
        ) as StoredAnswer<ItemAnswer> | undefined;
        // Without the sent-in version (history not read) the current one is the best there is.
        const chosen = version ?? now;
        if (chosen) used.set(item, chosen);
      }
    }
    result.set(unit.id, { unit, state, included, submission, current, used });
  }
  return result;
}

/**
 * For build-report: the item versions to read from history, i.e. those a unit sent in and has
 * changed since.
 */
export function versionsToFetch(
  config: CommitteeConfig,
  current: readonly StoredAnswer<AnswerPayload>[],
): { unitId: string; item: string; revision: number }[] {
  const wanted: { unitId: string; item: string; revision: number }[] = [];
  // Indexed once: a scan per unit × item grows with the square of the units.
  const byKey = new Map(current.map((a) => [`${a.unitId}|${a.item}`, a]));
  for (const submission of current) {
    if (submission.item !== 'submission') continue;
    const unit = config.unitsById.get(submission.unitId);
    if (!unit) continue;
    const revisions = (submission.payload as SubmissionAnswer).itemRevisions ?? {};
    for (const item of unitItems(unit)) {
      const sent = revisions[item] ?? 0;
      const now = byKey.get(`${unit.id}|${item}`);
      if (sent > 0 && now && now.revision !== sent) wanted.push({ unitId: unit.id, item, revision: sent });
    }
  }
  return wanted;
}

// ── texts ────────────────────────────────────────────────────────────────────────────────────────

const BULLET = /^\s*(?:[-–•●*▪◦]|\d+[.)])\s+/;

/** A unit's free text as list items: its bullets, or its lines when it has none. */
export function splitItems(text: string): string[] {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lines.length === 0) return [];
  if (!lines.some((l) => BULLET.test(l))) return lines;
  const items: string[] = [];
  for (const line of lines) {
    if (BULLET.test(line) || items.length === 0) items.push(line.replace(BULLET, '').trim());
    else items[items.length - 1] = `${items.at(-1)} ${line}`;
  }
  return items.filter((i) => i !== '');
}

function normalise(text: string): string {
  return text
    .toLocaleLowerCase('sv-SE')
    .replace(/\s+/g, ' ')
    .replace(/[.!;:,\s]+$/, '')
    .trim();
}

const NOTHING_TO_REPORT = /^(inga avvikelser|inget att rapportera|inga resultat)/i;

/** Merges identical items across units (case, spacing and end punctuation aside), keeping who wrote them. */
export function attribute(entries: readonly { unit: UnitRef; text: string }[]): AttributedText[] {
  const merged = new Map<string, { text: string; units: UnitRef[] }>();
  for (const { unit, text } of entries) {
    for (const item of splitItems(text)) {
      const key = normalise(item);
      const found = merged.get(key);
      if (!found) merged.set(key, { text: item, units: [unit] });
      else if (!found.units.some((u) => u.unitId === unit.unitId)) found.units.push(unit);
    }
  }
  const all = [...merged.values()];
  // "Inga avvikelser" lines go last, after the ones that say something.
  return [
    ...all.filter((a) => !NOTHING_TO_REPORT.test(a.text)),
    ...all.filter((a) => NOTHING_TO_REPORT.test(a.text)),
  ];
}

/** Ends a text with a full stop unless it already ends with punctuation. */
function sentence(text: string): string {
  return /[.!?…]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLocaleLowerCase('sv-SE') + text.slice(1);
}

function unitRef(unit: Unit): UnitRef {
  return { unitId: unit.id, shortName: unit.shortName };
}

function periodRef(period: Period): PeriodRef {
  return { id: period.id, year: period.year, month: period.month, label: period.label };
}

/** "delår 2", "helår", "månadsuppföljningen i mars": the `{period}` of the scale's sentences. */
export function periodPhrase(period: Period): string {
  switch (period.kind) {
    case 'interim1':
      return 'delår 1';
    case 'interim2':
      return 'delår 2';
    case 'annual':
      return 'helår';
    case 'month':
      return `månadsuppföljningen i ${swedishMonthName(period.month)}`;
  }
}

// ── the status scale ─────────────────────────────────────────────────────────────────────────────

type Scale = CommitteeConfig['goals']['statusScale'];

function statusRef(level: Scale[number]): StatusRef {
  return { id: level.id, label: level.label, colour: level.colour, meaning: level.meaning };
}

function scaleLevel(scale: Scale, id: string | null | undefined): StatusRef | null {
  const level = scale.find((s) => s.id === id);
  if (level) return statusRef(level);
  // A stored status no longer on the scale is shown as it was, and weighs as not assessable.
  return id ? { id, label: id, colour: '#9E9E9E', meaning: 'not_assessable' } : null;
}

function levelFor(scale: Scale, meaning: StatusRef['meaning']): StatusRef | null {
  const level = scale.find((s) => s.meaning === meaning);
  return level ? statusRef(level) : null;
}

// ── indicators ───────────────────────────────────────────────────────────────────────────────────

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

interface PeriodContext {
  readonly period: Period;
  readonly selection: ReadonlyMap<string, UnitSelection>;
}

function buildIndicator(
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

// ── goals and the proposal ───────────────────────────────────────────────────────────────────────

function format2(n: number): string {
  return num(n, 2);
}

export function propose(
  scale: Scale,
  rule: ProposalRule,
  units: readonly UnitGoalStatus[],
  indicators: readonly IndicatorReport[],
): Proposal {
  const assessed = units.filter(
    (u): u is UnitGoalStatus & { status: StatusRef } =>
      u.status !== null && u.status.meaning !== 'not_assessable',
  );
  const notAssessable = units.filter((u) => u.status?.meaning === 'not_assessable').length;
  const noStatus = units.filter((u) => u.status === null).length;
  const reasons: string[] = [];

  // Units: "3 av 4 enheter bedömer uppfylls delvis och 1 uppfylls".
  if (units.length === 0) {
    reasons.push('ingen enhet rapporterar nämndmålet');
  } else if (assessed.length === 0) {
    reasons.push(
      `ingen av ${count(units.length, 'enhet', 'enheter')} har gjort en bedömning som kan vägas in`,
    );
  } else {
    const groups = scale
      .filter((level) => level.meaning !== 'not_assessable')
      .map((level) => ({
        label: level.label.toLocaleLowerCase('sv-SE'),
        n: assessed.filter((u) => u.status.id === level.id).length,
      }))
      .filter((g) => g.n > 0)
      .sort((a, b) => b.n - a.n);
    const [first, ...rest] = groups;
    if (first) {
      const head = `${first.n} av ${count(units.length, 'enhet', 'enheter')} bedömer ${first.label}`;
      reasons.push(joinSwedish([head, ...rest.map((g) => `${g.n} ${g.label}`)]));
    }
  }
  const unitReason = reasons.length;

  // Indicators: "5 av 7 indikatorer med utfall når målvärdet".
  const counted = indicators.filter((i) => i.countsInProposal);
  const met = counted.filter((i) => i.status.code === 'met').length;
  if (counted.length > 0) {
    reasons.push(`${met} av ${count(counted.length, 'indikator', 'indikatorer')} med utfall når målvärdet`);
  } else if (indicators.length > 0) {
    reasons.push('inga indikatorer med utfall i år att väga in');
  }
  const summaryReasons = reasons.slice(0, unitReason + (indicators.length > 0 ? 1 : 0));

  if (notAssessable > 0) {
    reasons.push(
      `${count(notAssessable, 'enhet anger', 'enheter anger')} kan ej bedömas (räknas inte som uppfylls ej)`,
    );
  }
  if (noStatus > 0 && units.length > 0) {
    reasons.push(`${count(noStatus, 'enhet', 'enheter')} har inte lämnat någon prognos`);
  }
  const oldValues = indicators.filter(
    (i) => i.status.code === 'no_outcome' && i.rows.some((r) => r.latest?.source === 'history'),
  ).length;
  const noOutcome = indicators.filter((i) => i.status.code === 'no_outcome').length - oldValues;
  const person = indicators.filter((i) => i.status.code === 'needs_person').length;
  if (noOutcome > 0)
    reasons.push(`${count(noOutcome, 'indikator saknar', 'indikatorer saknar')} utfall (I.U., räknas inte)`);
  if (oldValues > 0) {
    reasons.push(
      `${count(oldValues, 'indikator har', 'indikatorer har')} bara utfall från tidigare år (räknas inte)`,
    );
  }
  if (person > 0) {
    reasons.push(`${count(person, 'indikator har', 'indikatorer har')} ett mål som en person behöver bedöma`);
  }

  const points = (m: StatusRef['meaning']) =>
    m === 'met' ? rule.points.met : m === 'partial' ? rule.points.partial : rule.points.not_met;
  const unitScore =
    assessed.length > 0 ? assessed.reduce((s, u) => s + points(u.status.meaning), 0) / assessed.length : null;
  const indicatorScore = counted.length > 0 ? met / counted.length : null;
  const score =
    unitScore !== null && indicatorScore !== null
      ? rule.unitWeight * unitScore + (1 - rule.unitWeight) * indicatorScore
      : (unitScore ?? indicatorScore);

  const metLevel = levelFor(scale, 'met');
  const partialLevel = levelFor(scale, 'partial');
  const notMetLevel = levelFor(scale, 'not_met');
  const notAssessableLevel = levelFor(scale, 'not_assessable');
  const fallback = (notAssessableLevel ?? partialLevel ?? statusRef(scale[0] as Scale[number])) as StatusRef;
  let status: StatusRef;
  if (score === null) {
    status = fallback;
    reasons.push(`inget att väga samman → ${status.label.toLocaleLowerCase('sv-SE')}`);
  } else {
    if (score >= rule.metAtLeast) status = metLevel ?? fallback;
    else if (score <= rule.notMetAtMost) status = notMetLevel ?? fallback;
    // A scale without a partial level rounds to the nearer of met and not met.
    else status = partialLevel ?? (score >= 0.5 ? metLevel : notMetLevel) ?? fallback;
    const parts = [
      unitScore !== null ? `enheterna ${format2(unitScore)}` : null,
      indicatorScore !== null ? `indikatorerna ${format2(indicatorScore)}` : null,
    ].filter((p): p is string => p !== null);
    const weights =
      unitScore !== null && indicatorScore !== null
        ? `, vikt ${num(rule.unitWeight * 100, 0)} % / ${num((1 - rule.unitWeight) * 100, 0)} %`
        : '';
    reasons.push(
      `sammanvägt ${format2(score)} (${parts.join(', ')}${weights}) → ${status.label.toLocaleLowerCase('sv-SE')}; ` +
        `minst ${format2(rule.metAtLeast)} ger ${(metLevel?.label ?? '').toLocaleLowerCase('sv-SE')}, ` +
        `högst ${format2(rule.notMetAtMost)} ger ${(notMetLevel?.label ?? '').toLocaleLowerCase('sv-SE')}`,
    );
  }
  return {
    status,
    score,
    unitScore,
    indicatorScore,
    reasons,
    summary: capitalise(summaryReasons.join('; ')),
  };
}

function fillSentence(sentence: string, period: Period): string {
  return sentence.replaceAll('{year}', String(period.year)).replaceAll('{period}', periodPhrase(period));
}

function buildGoal(
  config: CommitteeConfig,
  goal: GoalInContext,
  now: PeriodContext,
  earlier: readonly PeriodContext[],
  previous: PeriodContext | null,
  decision: Decision | undefined,
  rule: ProposalRule,
  timeZone: string,
): GoalReport {
  const scale = config.goals.statusScale;
  const reporters = config.units.filter((u) => u.reports.goals.includes(goal.id));
  const item = `goal:${goal.id}`;
  const units: UnitGoalStatus[] = reporters.map((unit) => {
    const sel = now.selection.get(unit.id);
    const answer = sel?.used.get(item);
    const payload = answer?.payload as GoalAnswer | undefined;
    return {
      ...unitRef(unit),
      unitName: unit.name,
      included: sel?.included ?? false,
      status: scaleLevel(scale, payload?.statusId),
      answeredBy: answer ? { ...answer.answeredBy } : null,
      answeredAt: answer?.answeredAt ?? null,
    };
  });
  const distribution = [
    ...scale.map((level) => ({
      status: statusRef(level),
      count: units.filter((u) => u.status?.id === level.id).length,
    })),
    { status: null, count: units.filter((u) => u.status === null).length },
  ];
  const indicators = goal.indicators.map((ind) => {
    const inContext = config.indicatorsById.get(ind.id) ?? { ...ind, goalId: goal.id };
    return buildIndicator(config, inContext, now, earlier, previous);
  });
  const proposal = propose(scale, rule, units, indicators);
  let decisionView: DecisionView | null = null;
  if (decision) {
    decisionView = {
      status: scaleLevel(scale, decision.statusId) as StatusRef,
      motivation: decision.motivation,
      decidedBy: { ...decision.decidedBy },
      decidedAt: decision.decidedAt,
      decidedAtText: swedishDateTime(decision.decidedAt, timeZone),
      revision: decision.revision,
      proposedStatusId: decision.proposedStatusId,
    };
  }
  const effectiveStatus = decisionView?.status ?? proposal.status;
  const sentence = fillSentence(
    scale.find((s) => s.id === effectiveStatus.id)?.sentence ?? effectiveStatus.label,
    now.period,
  );
  const motivation = decisionView?.motivation.trim() ?? '';
  const basisText = decisionView
    ? /^bedömningen/i.test(motivation)
      ? motivation
      : `Bedömningen baseras på ledningens sammanvägda bedömning: ${motivation}`
    : `Bedömningen baseras på enheternas prognoser och nämndindikatorerna: ${lowerFirst(proposal.summary)}.`;

  const texts = (field: 'results' | 'deviations') =>
    attribute(
      reporters.flatMap((unit) => {
        const payload = now.selection.get(unit.id)?.used.get(item)?.payload as GoalAnswer | undefined;
        return payload?.[field] ? [{ unit: unitRef(unit), text: payload[field] }] : [];
      }),
    );

  return {
    id: goal.id,
    name: goal.name,
    description: goal.description,
    units,
    distribution,
    proposal,
    decision: decisionView,
    effective: { status: effectiveStatus, source: decisionView ? 'decision' : 'proposal', sentence },
    basisText,
    results: texts('results'),
    deviations: texts('deviations'),
    indicators,
  };
}

// ── economy ──────────────────────────────────────────────────────────────────────────────────────

interface RowPrognosis {
  readonly prognosis: number | null;
  readonly units: { unit: Unit; prognosis: number | null; comment: string }[];
}

function rowPrognosis(
  config: CommitteeConfig,
  rowId: string,
  selection: ReadonlyMap<string, UnitSelection> | undefined,
): RowPrognosis {
  const reporters = config.units.filter((u) => u.reports.economyRows.includes(rowId));
  const units = reporters.map((unit) => {
    const entry = (selection?.get(unit.id)?.used.get('economy')?.payload as EconomyAnswer | undefined)
      ?.rows?.[rowId];
    return { unit, prognosis: entry?.prognosisTkr ?? null, comment: entry?.comment ?? '' };
  });
  const given = units.filter((u) => u.prognosis !== null);
  return {
    prognosis: given.length > 0 ? given.reduce((s, u) => s + (u.prognosis ?? 0), 0) : null,
    units,
  };
}

function totalPrognosis(rows: readonly { budget: number | null; prognosis: number | null }[]): {
  prognosis: number | null;
  missing: number;
} {
  if (rows.every((r) => r.prognosis === null)) return { prognosis: null, missing: rows.length };
  // Rows without a prognosis count with their budget, so the total is not skewed by a missing row.
  const prognosis = rows.reduce((s, r) => s + (r.prognosis ?? r.budget ?? 0), 0);
  return { prognosis, missing: rows.filter((r) => r.prognosis === null).length };
}

function buildEconomy(
  config: CommitteeConfig,
  now: PeriodContext,
  previous: PeriodContext | null,
  sameYear: readonly PeriodContext[],
): EconomyReport {
  const year = now.period.year;
  const threshold = config.economy.commentThresholdTkr;
  const rows: EconomyRowReport[] = config.economy.rows.map((row) => {
    const budget = row.budget[String(year)] ?? null;
    const cur = rowPrognosis(config, row.id, now.selection);
    const prev = previous ? rowPrognosis(config, row.id, previous.selection).prognosis : null;
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
      missingUnits: cur.units.filter((u) => u.prognosis === null).map((u) => unitRef(u.unit)),
    };
  });
  const budgetTotal = rows.reduce((s, r) => s + (r.budgetTkr ?? 0), 0);
  const curTotal = totalPrognosis(rows.map((r) => ({ budget: r.budgetTkr, prognosis: r.prognosisTkr })));
  const prevTotal = previous
    ? totalPrognosis(rows.map((r) => ({ budget: r.budgetTkr, prognosis: r.previousPrognosisTkr }))).prognosis
    : null;
  const missingUnits = new Map<string, UnitRef>();
  for (const r of rows) for (const u of r.missingUnits) missingUnits.set(u.unitId, u);

  // Träffsäkerhet: the August and October prognoses against the year's outcome, % of budget.
  const outcome =
    config.economy.totals.outcome[String(year)] ??
    (config.economy.rows.every((r) => r.outcome[String(year)] !== undefined)
      ? config.economy.rows.reduce((s, r) => s + (r.outcome[String(year)] ?? 0), 0)
      : null);
  const accuracyBudget = config.economy.totals.budget[String(year)] ?? budgetTotal;
  const accuracy: PrognosisAccuracy[] = [];
  let accuracyNote: string;
  if (outcome === null) {
    accuracyNote = `Träffsäkerhet i ekonomiprognos kan beräknas när helårsutfallet för ${year} finns.`;
  } else {
    accuracyNote = `Träffsäkerhet i ekonomiprognos: prognosen jämförd med helårsutfallet ${num(outcome)} tkr, i procent av budget ${num(accuracyBudget)} tkr.`;
    for (const month of ACCURACY_MONTHS) {
      const ctx = sameYear.find((c) => c.period.month === month);
      const label = capitalise(swedishMonthName(month));
      const perRow = config.economy.rows.map((row) => rowPrognosis(config, row.id, ctx?.selection).prognosis);
      const complete = ctx !== undefined && perRow.every((p) => p !== null);
      const prognosis = complete ? perRow.reduce<number>((s, p) => s + (p ?? 0), 0) : null;
      const deviationPercent =
        prognosis !== null && accuracyBudget !== 0 ? ((prognosis - outcome) / accuracyBudget) * 100 : null;
      accuracy.push({
        month,
        label,
        periodId: ctx?.period.id ?? null,
        prognosisTkr: prognosis,
        outcomeTkr: outcome,
        budgetTkr: accuracyBudget,
        deviationPercent,
        text:
          deviationPercent === null
            ? `${label}: ${ctx ? 'prognosen saknas för någon rad' : 'ingen uppföljning'} – kan inte beräknas`
            : `${label}: prognos ${num(prognosis)} tkr mot utfall ${num(outcome)} tkr, avvikelse ${num(Math.abs(deviationPercent), 1)} % av budget`,
      });
    }
  }

  return {
    year,
    unit: 'tkr',
    commentThresholdTkr: threshold,
    previousPeriod: previous ? periodRef(previous.period) : null,
    rows,
    total: {
      budgetTkr: budgetTotal,
      prognosisTkr: curTotal.prognosis,
      deviationTkr: curTotal.prognosis !== null ? budgetTotal - curTotal.prognosis : null,
      previousPrognosisTkr: prevTotal,
      previousDeviationTkr: prevTotal !== null ? budgetTotal - prevTotal : null,
      changeTkr: curTotal.prognosis !== null && prevTotal !== null ? curTotal.prognosis - prevTotal : null,
      rowsWithoutPrognosis: rows.filter((r) => r.prognosisTkr === null).map((r) => r.name),
      statedBudgetTkr: config.economy.totals.budget[String(year)] ?? null,
    },
    missingUnits: [...missingUnits.values()],
    accuracy,
    accuracyNote,
  };
}

// ── uppdrag ──────────────────────────────────────────────────────────────────────────────────────

const GROUP_TITLE: Record<AssignmentGroupReport['kind'], string> = {
  kommungemensamt: 'Kommungemensamma strategiska utvecklingsuppdrag',
  namndspecifikt: 'Nämndspecifika strategiska utvecklingsuppdrag',
  namnduppdrag: 'Nämnduppdrag',
  internkontroll: 'Internkontroll',
};

function buildAssignments(config: CommitteeConfig, now: PeriodContext): AssignmentGroupReport[] {
  const scale = config.assignments.statusScale;
  const kinds: AssignmentGroupReport['kind'][] = [
    'kommungemensamt',
    'namndspecifikt',
    'namnduppdrag',
    'internkontroll',
  ];
  return kinds.map((kind) => {
    const items: AssignmentReport[] = [...config.assignmentsById.values()]
      .filter((a) => a.kind === kind)
      .map((a) => {
        const reporters = a.responsibleUnits
          .map((id) => config.unitsById.get(id))
          .filter((u): u is Unit => u !== undefined);
        const answers = reporters.map((unit) => {
          const entry = (
            now.selection.get(unit.id)?.used.get('assignments')?.payload as AssignmentsAnswer | undefined
          )?.items?.[a.id];
          const level = scale.find((s) => s.id === entry?.statusId);
          return {
            ...unitRef(unit),
            statusId: entry?.statusId ?? null,
            statusLabel: level?.label ?? entry?.statusId ?? null,
            comment: entry?.comment ?? '',
          };
        });
        const answered = answers.filter((x) => x.statusId !== null);
        const ids = new Set(answered.map((x) => x.statusId));
        const common = ids.size === 1 ? scale.find((s) => s.id === answered[0]?.statusId) : undefined;
        const several = reporters.length > 1;
        const statusText =
          answered.length === 0
            ? 'Inget svar'
            : common
              ? common.label
              : answered.map((x) => `${x.shortName}: ${x.statusLabel}`).join(', ');
        const commentText = answers
          .filter((x) => x.comment !== '')
          .map((x) => (several ? `${x.shortName}: ${sentence(x.comment)}` : x.comment))
          .join(' ');
        return {
          id: a.id,
          text: a.text,
          status: common ? { id: common.id, label: common.label, colour: common.colour ?? null } : null,
          statusText,
          commentText,
          units: answers,
          missingUnits: answers
            .filter((x) => x.statusId === null)
            .map((x) => ({ unitId: x.unitId, shortName: x.shortName })),
        };
      });
    return { kind, title: GROUP_TITLE[kind], items };
  });
}

// ── completeness and raw answers ─────────────────────────────────────────────────────────────────

function buildCompleteness(now: PeriodContext): UnitCompleteness[] {
  return [...now.selection.values()].map((sel) => {
    const items = unitItems(sel.unit);
    const times = items
      .map((i) => sel.current.get(i)?.answeredAt)
      .filter((t): t is string => t !== undefined);
    return {
      ...unitRef(sel.unit),
      name: sel.unit.name,
      administrationId: sel.unit.administrationId,
      state: sel.state,
      stateLabel: STATE_LABEL[sel.state],
      included: sel.included,
      submittedBy: sel.submission ? { ...sel.submission.answeredBy } : null,
      submittedAt: sel.submission?.answeredAt ?? null,
      lastChangedAt: times.sort().at(-1) ?? null,
      itemsAnswered: items.filter((i) => sel.current.has(i)).length,
      itemsTotal: items.length,
    };
  });
}

function itemTitle(config: CommitteeConfig, item: string): string {
  if (item === 'economy') return 'Ekonomi';
  if (item === 'assignments') return 'Uppdrag och internkontroll';
  if (item === 'submission') return 'Inskickning';
  return config.goalsById.get(item.slice('goal:'.length))?.name ?? item;
}

function answerSummary(config: CommitteeConfig, payload: AnswerPayload): string {
  switch (payload.kind) {
    case 'goal': {
      const status =
        config.goals.statusScale.find((s) => s.id === payload.statusId)?.label ?? 'ingen prognos';
      const n = Object.keys(payload.indicators ?? {}).length;
      return `Prognos: ${status}; ${count(n, 'indikator', 'indikatorer')}`;
    }
    case 'economy':
      return Object.entries(payload.rows ?? {})
        .map(([id, r]) => {
          const name = config.economy.rows.find((x) => x.id === id)?.name ?? id;
          return `${name}: ${r.prognosisTkr === null ? 'ingen prognos' : `${num(r.prognosisTkr)} tkr`}`;
        })
        .join('; ');
    case 'assignments': {
      const items = Object.values(payload.items ?? {});
      return `${count(items.length, 'uppdrag', 'uppdrag')}, ${items.filter((i) => i.statusId).length} med status`;
    }
    case 'submission':
      return `Inskickat: ${count(Object.keys(payload.itemRevisions ?? {}).length, 'post', 'poster')}`;
  }
}

function buildAnswerRows(config: CommitteeConfig, answers: PeriodAnswers, now: PeriodContext): AnswerRow[] {
  return [...answers.current]
    .sort((a, b) => a.unitId.localeCompare(b.unitId) || a.item.localeCompare(b.item))
    .map((a) => {
      const sel = now.selection.get(a.unitId);
      const sent = sel?.submission?.payload.itemRevisions[a.item];
      return {
        unitId: a.unitId,
        shortName: config.unitsById.get(a.unitId)?.shortName ?? a.unitId,
        item: a.item,
        itemTitle: itemTitle(config, a.item),
        state: a.state,
        revision: a.revision,
        submittedRevision: a.item === 'submission' ? a.revision : (sent ?? null),
        usedRevision: sel?.used.get(a.item)?.revision ?? null,
        answeredBy: { ...a.answeredBy },
        answeredAt: a.answeredAt,
        summary: answerSummary(config, a.payload),
      };
    });
}

// ── the whole report ─────────────────────────────────────────────────────────────────────────────

export function aggregate(input: AggregateInput): ReportModel {
  const { config, period } = input;
  const includeDrafts = input.includeDrafts ?? false;
  const rule = input.rule ?? DEFAULT_PROPOSAL_RULE;
  const timeZone = config.calendar.timeZone;
  const emptyAnswers = (p: Period): PeriodAnswers => ({ period: p, current: [], submittedVersions: [] });
  const context = (p: Period): PeriodContext => {
    const answers = input.answers.find((a) => a.period.id === p.id) ?? emptyAnswers(p);
    return { period: p, selection: selectAnswers(config, answers, includeDrafts) };
  };
  const nowAnswers = input.answers.find((a) => a.period.id === period.id) ?? emptyAnswers(period);
  const now = context(period);
  // Every earlier period of the year, answered or not, so the series does not depend on what was read.
  const earlier = config.periods
    .filter((p) => p.year === period.year && p.id < period.id)
    .sort((a, b) => a.id.localeCompare(b.id))
    .map(context);
  const prevPeriod = previousPeriod(config.periods, period.id);
  const previous = prevPeriod ? context(prevPeriod) : null;
  const decisions = new Map(input.decisions.map((d) => [d.goalId, d]));

  const areas = config.goals.areas.map((area) => ({
    id: area.id,
    name: area.name,
    municipalGoals: area.municipalGoals.map((mg) => ({
      id: mg.id,
      name: mg.name,
      goals: mg.goals.map((g) => {
        const goal = config.goalsById.get(g.id) as GoalInContext;
        return buildGoal(config, goal, now, earlier, previous, decisions.get(g.id), rule, timeZone);
      }),
    })),
  }));
  const goals = areas.flatMap((a) => a.municipalGoals.flatMap((m) => m.goals));
  const statusOverview = config.goals.statusScale.map((level) => ({
    status: statusRef(level),
    count: goals.filter((g) => g.effective.status.id === level.id).length,
  }));

  const completeness = buildCompleteness(now);
  const unitsIncluded = completeness.filter((c) => c.included).length;
  const unitsTotal = config.units.length;
  const generatedAtText = swedishDateTime(input.generatedAt, timeZone);
  const headline =
    `Utkast genererat ${generatedAtText} från ${unitsIncluded} av ${unitsTotal} enheters svar` +
    (includeDrafts ? ' (inklusive svar som inte är inskickade)' : '');

  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: input.generatedAt,
    generatedAtText,
    committee: { ...config.goals.committee },
    period: { ...periodRef(period), kind: period.kind, previous: prevPeriod ? periodRef(prevPeriod) : null },
    basis: { includeDrafts, unitsIncluded, unitsTotal, headline },
    statusScale: config.goals.statusScale.map((s) => ({
      ...statusRef(s),
      sentence: fillSentence(s.sentence, period),
    })),
    proposalRule: rule,
    statusOverview,
    areas,
    assignments: buildAssignments(config, now),
    economy: buildEconomy(config, now, previous, [...earlier, now]),
    completeness,
    answers: buildAnswerRows(config, nowAnswers, now),
  };
}

/** Every nämndmål of the model in document order. */
export function allGoals(model: ReportModel): GoalReport[] {
  return model.areas.flatMap((a) => a.municipalGoals.flatMap((m) => m.goals));
}

/** A change in tkr as text with sign ("+1 200"), for the outputs. */
export const signedTkr = (value: number | null): string => signed(value, 0);
