/**
 * The demo's plausible answers (src/dev/demo.ts seeds them): values drift from the latest known
 * outcome toward the year's target with a little noise, texts are picked by a hash of unit and
 * period, so every run of the demo shows the same answers. Pure.
 */

import { createHash } from 'node:crypto';
import type { Period } from '../calendar/periods.js';
import type { CommitteeConfig, IndicatorInContext, Unit } from '../config/load-config.js';
import type { Target } from '../config/target.js';
import {
  type AssignmentsAnswer,
  type Cell,
  type EconomyAnswer,
  type GoalAnswer,
  type IndicatorOutcome,
  type ItemAnswer,
  indicatorsFor,
  unitPart,
} from '../followup/answers.js';
import { type FigureAnswer, figuresAsked } from '../followup/figures.js';
import { cellKeys } from '../followup/indicator-input.js';
import type { ItemKey } from '../followup/ports.js';
import { indicatorStatus } from '../reporting/indicator-status.js';
import { swedishMonthName, tkr } from '../shared/swedish-format.js';

export function itemAnswer(config: CommitteeConfig, unit: Unit, period: Period, step: ItemKey): ItemAnswer {
  if (step === 'economy') return economyAnswer(config, unit, period);
  if (step === 'assignments') return assignmentsAnswer(config, unit, period);
  if (step === 'figures') {
    return {
      kind: 'figures',
      figures: demoFigures(config, unit.id, period),
      comment: 'Inflödet följer planen för året.',
    };
  }
  return goalAnswer(config, unit, period, step.slice('goal:'.length));
}

// ---------------------------------------------------------------------------------------------
// Nämndmål
// ---------------------------------------------------------------------------------------------

type Meaning = 'met' | 'partial' | 'not_met' | 'not_assessable';

function statusId(config: CommitteeConfig, meaning: Meaning): string {
  const scale = config.goals.statusScale;
  return (scale.find((s) => s.meaning === meaning) ?? scale[0])?.id ?? '';
}

/** A unit's view of a goal is fairly stable; early in the year it is often too soon to tell. */
function goalMeaning(unit: Unit, goalId: string, period: Period): Meaning {
  const base: Meaning[] = ['met', 'partial', 'partial', 'met', 'not_met', 'met', 'partial'];
  const meaning = base[hash(unit.id, goalId) % base.length] ?? 'partial';
  if (period.month <= 2 && hash(unit.id, goalId, period.id) % 3 === 0) return 'not_assessable';
  if (hash(unit.id, goalId, period.id, 'shift') % 6 === 0) return meaning === 'partial' ? 'met' : 'partial';
  return meaning;
}

const RESULTS: Record<Meaning, readonly string[]> = {
  met: [
    'Aktiviteterna i verksamhetsplanen genomförs enligt plan och utfallen ligger i nivå med målvärdena. Under {month} har samverkan med näringslivet fortsatt och fler deltagare har gått vidare till arbete eller studier.',
    'Arbetet följer planen. Nya rutiner för uppföljning har införts och medarbetarna har fått utbildning i dem under {month}.',
  ],
  partial: [
    'Flera aktiviteter har genomförts, bland annat riktade insatser för personer som länge stått utanför arbetsmarknaden. Utfallen närmar sig målvärdena men når inte ända fram ännu.',
    'Under {month} har arbetet med kortare handläggningstider fortsatt. Effekterna syns i några av indikatorerna, men det är för tidigt att säga att målet nås fullt ut.',
  ],
  not_met: [
    'Trots genomförda aktiviteter går utvecklingen åt fel håll. Efterfrågan är större än vad verksamheten har kapacitet för.',
  ],
  not_assessable: [
    'Årets mätningar är ännu inte gjorda, så det finns inget underlag för en bedömning i {month}.',
  ],
};

const DEVIATIONS: Record<Meaning, readonly string[]> = {
  met: ['Inga avvikelser inom aktiviteterna i verksamhetsplanen.'],
  partial: [
    'En aktivitet är försenad på grund av vakanser. Den planeras in under hösten.',
    'Rekryteringen av handledare har tagit längre tid än planerat; tillfällig förstärkning har tagits in.',
  ],
  not_met: [
    'Volymerna är högre än planerat. En åtgärdsplan tas fram tillsammans med förvaltningsledningen och redovisas för nämnden.',
  ],
  not_assessable: ['Inga avvikelser inom aktiviteterna i verksamhetsplanen.'],
};

export function pick(list: readonly string[], period: Period, ...seed: string[]): string {
  const text = list[hash(...seed, period.id) % list.length] ?? list[0] ?? '';
  return text.replace('{month}', swedishMonthName(period.month));
}

function goalAnswer(config: CommitteeConfig, unit: Unit, period: Period, goalId: string): GoalAnswer {
  const indicators: Record<string, IndicatorOutcome> = {};
  for (const indicator of indicatorsFor(config, unit, goalId, period)) {
    indicators[indicator.id] = outcome(unit, indicator, period);
  }
  const meaning = numbersMeaning(config, unit, period, indicators) ?? goalMeaning(unit, goalId, period);
  return {
    kind: 'goal',
    goalId,
    statusId: statusId(config, meaning),
    results: pick(RESULTS[meaning], period, unit.id, goalId),
    deviations: pick(DEVIATIONS[meaning], period, unit.id, goalId, 'dev'),
    indicators,
  };
}

/**
 * What a manager would forecast from the unit's own figures: met when nearly all reach their
 * targets, not met when nearly none do, partial between; null when the figures say nothing yet.
 */
function numbersMeaning(
  config: CommitteeConfig,
  unit: Unit,
  period: Period,
  outcomes: Readonly<Record<string, IndicatorOutcome>>,
): Meaning | null {
  const verdicts: boolean[] = [];
  for (const [id, o] of Object.entries(outcomes)) {
    const indicator = config.indicatorsById.get(id);
    const value = o.value.total;
    if (!indicator || o.noOutcome || value === null) continue;
    const target = ownTarget(config, indicator, unit, period);
    const status = indicatorStatus({ value, target, better: indicator.better, decimals: indicator.decimals });
    if (status.code === 'met' || status.code === 'not_met') verdicts.push(status.code === 'met');
  }
  if (verdicts.length === 0) return null;
  const share = verdicts.filter(Boolean).length / verdicts.length;
  return share >= 0.8 ? 'met' : share <= 0.2 ? 'not_met' : 'partial';
}

/** The unit's own part's target where the indicator has one, else the committee's. */
function ownTarget(
  config: CommitteeConfig,
  indicator: IndicatorInContext,
  unit: Unit,
  period: Period,
): Target | undefined {
  const targets = indicator.targets[String(period.year)];
  const { partId } = unitPart(config, indicator, unit);
  return (partId !== null ? targets?.parts?.[partId]?.total : undefined) ?? targets?.total;
}

const DEFAULT_LEVEL: Record<IndicatorInContext['unit'], number> = {
  '%': 70,
  index: 70,
  antal: 120,
  dagar: 20,
  'tkr/år': 150,
  år: 64,
  'antal per deltagare': 3,
};

export function targetNumber(target: Target | undefined, baseline: number | null): number | null {
  if (!target) return null;
  if (target.kind === 'value') return target.value;
  if (target.kind === 'direction' && baseline !== null)
    return baseline * (target.direction === 'increase' ? 1.06 : 0.94);
  return null;
}

/** The indicator's level for the unit this month: from the latest outcome toward the target. */
export function level(unit: Unit, indicator: IndicatorInContext, period: Period): number {
  const parts = [unit.id, unit.administrationId];
  let baseline: number | null = null;
  for (const h of [...indicator.history].reverse()) {
    const part = parts.map((p) => h.parts?.[p]?.total).find((v) => typeof v === 'number');
    const value = typeof part === 'number' ? part : h.total;
    if (typeof value === 'number') {
      baseline = value;
      break;
    }
  }
  const targets = indicator.targets[String(period.year)];
  const partTarget = parts.map((p) => targets?.parts?.[p]?.total).find((t) => t !== undefined);
  const target = targetNumber(partTarget ?? targets?.total, baseline);
  const lowerIsBetter = indicator.better === 'lower';
  const start =
    baseline ?? (target !== null ? target * (lowerIsBetter ? 1.15 : 0.85) : DEFAULT_LEVEL[indicator.unit]);
  const goal = target ?? start;
  // Each unit and indicator moves at its own pace: some pass the target by the autumn, some fall short.
  const pace = [0.6, 0.9, 1.15, 1.3][hash(unit.id, indicator.id, 'pace') % 4] ?? 1;
  const noise = ((hash(unit.id, indicator.id, period.id) % 11) - 5) / 500;
  return clamp(indicator, (start + (goal - start) * pace * (period.month / 10)) * (1 + noise));
}

export function clamp(indicator: IndicatorInContext, value: number): number {
  const max = indicator.unit === '%' || indicator.unit === 'index' ? 100 : Number.POSITIVE_INFINITY;
  return Math.min(max, Math.max(0, value));
}

export function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

export function outcome(unit: Unit, indicator: IndicatorInContext, period: Period): IndicatorOutcome {
  const empty: Cell = { total: null, kvinnor: null, man: null };
  // Surveys are answered in the autumn; other outcomes are now and then not available yet.
  const survey = /enkät|undersökning/i.test(indicator.name);
  if ((survey && period.month < 6) || hash(unit.id, indicator.id, period.id, 'iu') % 17 === 0) {
    return indicator.aggregation.kind === 'share'
      ? { noOutcome: true, value: empty, numerator: empty, denominator: empty }
      : { noOutcome: true, value: empty };
  }
  const v = level(unit, indicator, period);
  const kon = cellKeys(indicator).length > 1;
  // Women a little above the level and men a little below, or the other way round.
  const raw = (hash(unit.id, indicator.id, 'kon') % 7) - 3;
  const spread = (raw === 0 ? 2 : raw) / 100;
  const women = clamp(indicator, v * (1 + spread));
  const men = clamp(indicator, v * (1 - spread));

  if (indicator.aggregation.kind === 'share') {
    const percent = indicator.unit === '%';
    // Respondents behind a percentage; fewer people (chefs, retirees) behind other ratios.
    const size = percent ? 40 + (hash(unit.id, indicator.id) % 200) : 8 + (hash(unit.id, indicator.id) % 30);
    const counts = (value: number, n: number) => ({
      numerator: percent ? Math.min(n, Math.round((n * value) / 100)) : Math.round(n * value),
      denominator: n,
    });
    const share = (c: { numerator: number; denominator: number }) =>
      ((percent ? 100 : 1) * c.numerator) / c.denominator;
    if (!kon) {
      const c = counts(v, size);
      return {
        noOutcome: false,
        value: { ...empty, total: share(c) },
        numerator: { ...empty, total: c.numerator },
        denominator: { ...empty, total: c.denominator },
      };
    }
    const w = counts(women, Math.round(size * 0.55));
    const m = counts(men, size - Math.round(size * 0.55));
    const t = { numerator: w.numerator + m.numerator, denominator: w.denominator + m.denominator };
    return {
      noOutcome: false,
      value: { total: share(t), kvinnor: share(w), man: share(m) },
      numerator: { total: t.numerator, kvinnor: w.numerator, man: m.numerator },
      denominator: { total: t.denominator, kvinnor: w.denominator, man: m.denominator },
    };
  }

  const decimals = indicator.unit === 'antal' ? 0 : indicator.decimals;
  if (!kon) return { noOutcome: false, value: { ...empty, total: round(v, decimals) } };
  if (indicator.aggregation.kind === 'sum') {
    // Counts split by kön add up to the total.
    const kvinnor = Math.round(v * (0.5 + spread));
    const man = Math.max(0, Math.round(v) - kvinnor);
    return { noOutcome: false, value: { total: kvinnor + man, kvinnor, man } };
  }
  return {
    noOutcome: false,
    value: { total: round(v, decimals), kvinnor: round(women, decimals), man: round(men, decimals) },
  };
}

// ---------------------------------------------------------------------------------------------
// Ekonomi och uppdrag
// ---------------------------------------------------------------------------------------------

function economyAnswer(config: CommitteeConfig, unit: Unit, period: Period): EconomyAnswer {
  const rows: Record<string, { prognosisTkr: number; comment: string }> = {};
  for (const rowId of unit.reports.economyRows) {
    const row = config.economy.rows.find((r) => r.id === rowId);
    const budget = row?.budget[String(period.year)] ?? 10_000;
    // Each row drifts one way over the year (−3 % … +3 %), with some noise month to month.
    const drift = ((hash(rowId, 'drift') % 61) - 30) / 1000;
    const noise = ((hash(rowId, period.id) % 11) - 5) / 1000;
    const prognosisTkr = Math.round((budget * (1 + (drift * period.month) / 7 + noise)) / 100) * 100;
    const deviation = budget - prognosisTkr;
    const comment =
      Math.abs(deviation) <= config.economy.commentThresholdTkr
        ? 'Prognosen ligger i nivå med budget.'
        : deviation < 0
          ? `Prognosen visar ett underskott på ${tkr(-deviation)} tkr, främst på grund av högre volymer än budgeterat.`
          : `Prognosen visar ett överskott på ${tkr(deviation)} tkr, bland annat på grund av vakanser och senarelagda insatser.`;
    rows[rowId] = { prognosisTkr, comment };
  }
  return { kind: 'economy', rows };
}

const ASSIGNMENT_COMMENTS: Record<string, string> = {
  'ej-paborjat': 'Arbetet startar enligt planen senare under året.',
  pagar: 'Arbetet pågår enligt plan.',
  genomfort: 'Uppdraget är genomfört och redovisat.',
  'ej-aktuellt': 'Uppdraget berör inte enhetens verksamhet i år.',
};

function assignmentsAnswer(config: CommitteeConfig, unit: Unit, period: Period): AssignmentsAnswer {
  const scale = config.assignments.statusScale.map((s) => s.id);
  const items: Record<string, { statusId: string; comment: string }> = {};
  for (const id of unit.reports.assignments) {
    // Items move from not started to ongoing to done over the year, each at its own pace.
    const progress = period.month + (hash(unit.id, id) % 5);
    let status = progress < 3 ? 'ej-paborjat' : progress < 9 ? 'pagar' : 'genomfort';
    if (hash(unit.id, id, 'na') % 13 === 0) status = 'ej-aktuellt';
    if (!scale.includes(status)) status = scale[progress % scale.length] ?? '';
    items[id] = { statusId: status, comment: ASSIGNMENT_COMMENTS[status] ?? 'Enligt plan.' };
  }
  return { kind: 'assignments', items };
}

/** A stable pseudo-random number from strings: the same demo every time. */
export function hash(...parts: string[]): number {
  return createHash('sha256').update(parts.join('|')).digest().readUInt32BE(0);
}

// ---------------------------------------------------------------------------------------------
// The controller's committee-wide figures
// ---------------------------------------------------------------------------------------------

/**
 * One committee-wide figure: accumulated counts ("ackumulerat") grow through the year toward the
 * year's target; stock counts (households, children) drift slowly from last year's level toward it.
 */
export function committeeOutcome(indicator: IndicatorInContext, period: Period): IndicatorOutcome {
  const empty: Cell = { total: null, kvinnor: null, man: null };
  const target = targetNumber(indicator.targets[String(period.year)]?.total, null);
  const last = [...indicator.history].reverse().find((h) => typeof h.total === 'number')?.total ?? null;
  const noise = ((hash(indicator.id, period.id) % 9) - 4) / 1000;
  let value: number | null = null;
  if (/ackumulerat/i.test(indicator.name) && target !== null) {
    value = target * (period.month / 12) * (0.93 + (hash(indicator.id, 'pace') % 8) / 100) * (1 + noise);
  } else if (last !== null) {
    const goal = target ?? last;
    value = last + (goal - last) * (period.month / 12) * 0.85 + last * noise;
  }
  if (value === null) return { noOutcome: true, value: empty };
  return { noOutcome: false, value: { ...empty, total: Math.max(0, Math.round(value)) } };
}

/** Plausible volume and personnel figures near the budget's level for the year, stable per period. */
export function demoFigures(
  config: CommitteeConfig,
  reporter: string,
  period: Period,
): Record<string, FigureAnswer> {
  const out: Record<string, FigureAnswer> = {};
  const near = (base: number, decimals: number, ...salt: string[]) => {
    const factor = 0.9 + (hash(...salt, period.id) % 21) / 100;
    const f = 10 ** decimals;
    return Math.round(base * factor * f) / f;
  };
  for (const m of figuresAsked(config, reporter, period)) {
    if (m.kind === 'volume') {
      const measure = config.volumes.measures.find((v) => v.id === m.id);
      const base =
        measure?.values.find((v) => v.label === `Budget ${period.year}`)?.value ??
        measure?.values.find((v) => v.value !== null)?.value ??
        100;
      out[m.id] = {
        value: near(base, m.decimals, m.id, 'value'),
        noOutcome: false,
        prognosis: m.prognosis ? near(base, m.decimals, m.id, 'prognosis') : null,
        parts: {},
      };
      continue;
    }
    const measure = config.personnel.measures.find((p) => p.id === m.id);
    const parts: Record<string, number | null> = {};
    for (const p of measure?.parts ?? []) {
      const target =
        typeof p.target === 'number' ? p.target : Number(String(p.target ?? '5').replace(',', '.'));
      parts[p.id] = near(Number.isFinite(target) ? target : 5, m.decimals, m.id, p.id);
    }
    const values = Object.values(parts).filter((v): v is number => v !== null);
    const total =
      m.unit === 'antal'
        ? values.reduce((s, v) => s + v, 0)
        : Math.round((values.reduce((s, v) => s + v, 0) / Math.max(1, values.length)) * 10) / 10;
    out[m.id] = { value: total, noOutcome: false, prognosis: null, parts };
  }
  return out;
}
