/**
 * Demo mode for `npm start` with the shipped demo configuration: a clock frozen inside August
 * 2024's open window, and answers for the months before it, so that reports, trends and the
 * "förifyllt från juli" prefill have something to show. Plausible, not real: values drift from
 * the latest known outcome toward the 2024 target, with a little noise.
 */
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { type Period, periodAt } from '../calendar/periods.js';
import type { CommitteeConfig, IndicatorInContext, Unit } from '../config/load-config.js';
import { type Settings, shippedConfigDir } from '../config/settings.js';
import type { Target } from '../config/target.js';
import {
  type AssignmentsAnswer,
  type Cell,
  COMMITTEE_UNIT_ID,
  type CommitteeIndicatorsAnswer,
  type EconomyAnswer,
  type GoalAnswer,
  type IndicatorOutcome,
  type ItemAnswer,
  indicatorsFor,
  type SubmissionAnswer,
  stepsFor,
  unitPart,
} from '../followup/answers.js';
import { type FigureAnswer, figuresAsked } from '../followup/figures.js';
import { cellKeys } from '../followup/indicator-input.js';
import type { Actor, AnswerStore, ItemKey } from '../followup/ports.js';
import { indicatorStatus } from '../reporting/indicator-status.js';
import { type Clock, fixedClock, systemClock } from '../shared/clock.js';
import { swedishMonthName, tkr } from '../shared/swedish-format.js';

export const DEMO_NOW = '2024-09-03T10:00:00+02:00';
export const DEMO_BANNER = 'Demoläge: klockan står på 2024-09-03';

/** The configuration is the shipped demo (every person is a `demo-` identity). */
export function isDemoConfiguration(config: CommitteeConfig): boolean {
  const people = [
    ...config.units.flatMap((u) => [...u.managers, ...u.deputies]),
    ...config.organisation.leadership,
  ];
  return people.length > 0 && people.every((p) => p.aadObjectId.startsWith('demo-'));
}

/**
 * `auto` (`npm start` and the commands in README): with the shipped demo configuration, no
 * FOLLOWUP_NOW and outside production, the demo's frozen clock and seeded answers. `off`: tests.
 */
export type DemoMode = 'auto' | 'off';

/**
 * The clock every entry point (the bot, report, decide, reminders) runs on, so they agree on
 * "now": FOLLOWUP_NOW when set, else the demo's instant in demo mode, else the system clock.
 */
export function appClock(
  settings: Pick<Settings, 'production' | 'frozenNow' | 'configDir'>,
  config: CommitteeConfig,
  mode: DemoMode,
): { readonly clock: Clock; readonly demo: boolean } {
  const demo =
    mode === 'auto' &&
    !settings.production &&
    settings.frozenNow === null &&
    settings.configDir === shippedConfigDir &&
    isDemoConfiguration(config);
  if (settings.frozenNow) return { clock: fixedClock(settings.frozenNow), demo };
  return { clock: demo ? fixedClock(demoClockInstant(config)) : systemClock, demo };
}

/** The demo's frozen instant, checked to be inside an open window of the configuration. */
export function demoClockInstant(config: CommitteeConfig): Date {
  const instant = new Date(DEMO_NOW);
  const open = periodAt(config.periods, instant);
  if (open?.phase !== 'open') {
    throw new Error(`Demoläget kräver att en period är öppen ${DEMO_NOW}; kalendern har ingen.`);
  }
  return instant;
}

export interface SeedDeps {
  readonly config: CommitteeConfig;
  readonly answers: AnswerStore;
  readonly clock: Clock;
}

export interface SeedResult {
  /** Answers written (items and submissions). */
  readonly saved: number;
  /** Unit-periods that already had a submission and were left alone. */
  readonly skipped: number;
  /** The locked periods seeded in full. */
  readonly periods: readonly string[];
  /** The open period, partly answered: a few units sent in, one started. */
  readonly open: { readonly periodId: string; readonly sentIn: number; readonly drafts: number } | null;
}

/**
 * In the open period, units that have already sent in and one that has started. The units whose
 * people a newcomer tries first on the chat page (AMC's manager and deputy, the manager of two
 * units) are left untouched, so their follow-up starts from the beginning.
 */
const OPEN_PERIOD_SENT_IN = ['amf', 'integrationsenheten', 'linvux', 'cfv'];
const OPEN_PERIOD_DRAFT = ['iaf-stab'];

/**
 * Answers for every period of the demo year that has locked before the clock's open period,
 * for all units but one or two per month, each sent in; in the open period, a few units have sent
 * in and one has started. Idempotent: a unit-period that is already sent in is skipped, and an
 * item someone else wrote first is kept as it is.
 */
export async function seedDemoAnswers(deps: SeedDeps): Promise<SeedResult> {
  const { config, clock } = deps;
  const now = clock.now();
  const open = periodAt(config.periods, now)?.period;
  const year = open?.year ?? now.getUTCFullYear();
  const periods = config.periods.filter(
    (p) => p.year === year && Date.parse(p.locksAt) < now.getTime() && (!open || p.id < open.id),
  );
  let saved = 0;
  let skipped = 0;
  for (const period of periods) {
    if (await seedCommittee(deps, period)) saved++;
    const units = config.units.filter((u) => !skippedUnits(config, period).has(u.id));
    const results = await Promise.all(units.map((unit) => seedUnit(deps, period, unit)));
    for (const r of results) {
      saved += r.saved;
      if (r.skipped) skipped++;
    }
  }
  let openSeed: SeedResult['open'] = null;
  if (open && periodAt(config.periods, now)?.phase === 'open') {
    // Answered on an earlier day of the open window, never after the clock.
    const latest = DateTime.fromJSDate(now, { zone: config.calendar.timeZone }).minus({ days: 1 });
    const seeded = async (ids: readonly string[], submit: boolean) => {
      const units = config.units.filter((u) => ids.includes(u.id));
      const results = await Promise.all(units.map((unit) => seedUnit(deps, open, unit, { submit, latest })));
      for (const r of results) {
        saved += r.saved;
        if (r.skipped) skipped++;
      }
      return units.length;
    };
    // The controller takes Lifecare's figures early in the window.
    if (await seedCommittee(deps, open)) saved++;
    openSeed = {
      periodId: open.id,
      sentIn: await seeded(OPEN_PERIOD_SENT_IN, true),
      drafts: await seeded(OPEN_PERIOD_DRAFT, false),
    };
  }
  return { saved, skipped, periods: periods.map((p) => p.id), open: openSeed };
}

/** One unit each month, and a second in even months, did not answer. */
function skippedUnits(config: CommitteeConfig, period: Period): Set<string> {
  const ids = config.units.map((u) => u.id);
  const n = ids.length;
  const skip = new Set<string>();
  if (n < 3) return skip;
  skip.add(ids[(period.month * 5) % n] ?? '');
  if (period.month % 2 === 0) skip.add(ids[(period.month * 3 + 1) % n] ?? '');
  return skip;
}

interface SeedOptions {
  /** Send in after answering every item; otherwise only the first item, as a started draft. */
  readonly submit: boolean;
  /** The latest day to answer on (default: the deadline). */
  readonly latest?: DateTime;
}

async function seedUnit(
  deps: SeedDeps,
  period: Period,
  unit: Unit,
  options: SeedOptions = { submit: true },
): Promise<{ saved: number; skipped: boolean }> {
  const { config, answers } = deps;
  const committeeId = config.goals.committee.id;
  const key = (item: ItemKey) => ({ committeeId, periodId: period.id, unitId: unit.id, item });
  if (await answers.get(key('submission'))) return { saved: 0, skipped: true };

  const deputy = unit.deputies[0];
  const person = deputy && hash(unit.id, period.id) % 4 === 0 ? deputy : unit.managers[0];
  const actor: Actor = { aadObjectId: person?.aadObjectId ?? 'demo', name: person?.name ?? 'Demo' };
  // Answered on a weekday morning before the deadline, item after item, and sent in right after.
  let at = answerDay(config, period, unit, options.latest).toMillis();
  const nextTime = () => {
    at += (3 + (hash(String(at)) % 9)) * 60_000;
    return new Date(at).toISOString();
  };

  let saved = 0;
  const itemRevisions: Record<string, number> = {};
  const steps = stepsFor(unit, period).filter((step) => step !== 'summary' && step !== 'submission');
  for (const step of options.submit ? steps : steps.slice(0, 1)) {
    const result = await answers.save<ItemAnswer>({
      ...key(step),
      expectedRevision: 0,
      state: 'complete',
      payload: itemAnswer(config, unit, period, step),
      answeredBy: actor,
      answeredAt: nextTime(),
      activityId: null,
    });
    if (result.kind === 'saved') {
      saved++;
      itemRevisions[step] = result.answer.revision;
    } else if (result.kind === 'conflict') {
      itemRevisions[step] = result.current?.revision ?? 0;
    } else {
      itemRevisions[step] = result.answer?.revision ?? 0;
    }
  }
  if (!options.submit) return { saved, skipped: false };
  const submission = await answers.save<SubmissionAnswer>({
    ...key('submission'),
    expectedRevision: 0,
    state: 'complete',
    payload: { kind: 'submission', itemRevisions },
    answeredBy: actor,
    answeredAt: nextTime(),
    activityId: null,
  });
  if (submission.kind === 'saved') saved++;
  return { saved, skipped: false };
}

/** A weekday in the window, zero to four days before the deadline (or `latest`), in office hours. */
function answerDay(config: CommitteeConfig, period: Period, unit: Unit, latest?: DateTime): DateTime {
  const zone = config.calendar.timeZone;
  const opens = DateTime.fromISO(period.opensDate, { zone });
  const last = latest?.startOf('day') ?? DateTime.fromISO(period.deadlineDate, { zone });
  let day = last.minus({ days: hash(unit.id, period.id) % 5 });
  while (day.weekday > 5 && day > opens) day = day.minus({ days: 1 });
  if (day < opens) day = opens;
  return day.set({ hour: 8 + (hash(unit.id, period.id, 'h') % 7), minute: hash(unit.id, 'm') % 60 });
}

function itemAnswer(config: CommitteeConfig, unit: Unit, period: Period, step: ItemKey): ItemAnswer {
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

function pick(list: readonly string[], period: Period, ...seed: string[]): string {
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

function targetNumber(target: Target | undefined, baseline: number | null): number | null {
  if (!target) return null;
  if (target.kind === 'value') return target.value;
  if (target.kind === 'direction' && baseline !== null)
    return baseline * (target.direction === 'increase' ? 1.06 : 0.94);
  return null;
}

/** The indicator's level for the unit this month: from the latest outcome toward the target. */
function level(unit: Unit, indicator: IndicatorInContext, period: Period): number {
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

function clamp(indicator: IndicatorInContext, value: number): number {
  const max = indicator.unit === '%' || indicator.unit === 'index' ? 100 : Number.POSITIVE_INFINITY;
  return Math.min(max, Math.max(0, value));
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

function outcome(unit: Unit, indicator: IndicatorInContext, period: Period): IndicatorOutcome {
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
function hash(...parts: string[]): number {
  return createHash('sha256').update(parts.join('|')).digest().readUInt32BE(0);
}

// ---------------------------------------------------------------------------------------------
// The controller's committee-wide figures
// ---------------------------------------------------------------------------------------------

/** The controller's Lifecare figures for a period; false when they were already there. */
async function seedCommittee(deps: SeedDeps, period: Period): Promise<boolean> {
  const { config, answers } = deps;
  const ids = [...config.indicatorsById.values()].filter(
    (i) => i.reporter === 'controller' && (!i.reportMonths || i.reportMonths.includes(period.month)),
  );
  const controller = config.organisation.leadership.find((l) => l.roles.includes('controller'));
  const figures = demoFigures(config, 'controller', period);
  if ((ids.length === 0 && Object.keys(figures).length === 0) || !controller) return false;
  const indicators: Record<string, IndicatorOutcome> = {};
  for (const indicator of ids) indicators[indicator.id] = committeeOutcome(indicator, period);
  const extra =
    period.kind === 'month'
      ? {}
      : {
          figures,
          texts: {
            internalControl:
              'Samtliga kontrollmoment i internkontrollplanen har följts upp enligt plan. Inga väsentliga brister har identifierats.',
          },
        };
  const zone = config.calendar.timeZone;
  // The first working morning of the window.
  let day = DateTime.fromISO(period.opensDate, { zone }).set({ hour: 8, minute: 15 });
  while (day.weekday > 5) day = day.plus({ days: 1 });
  const result = await answers.save<CommitteeIndicatorsAnswer>({
    committeeId: config.goals.committee.id,
    periodId: period.id,
    unitId: COMMITTEE_UNIT_ID,
    item: 'committee',
    expectedRevision: 0,
    state: 'complete',
    payload: { kind: 'committee', indicators, ...extra },
    answeredBy: { aadObjectId: controller.aadObjectId, name: controller.name },
    answeredAt: day.toUTC().toISO() ?? new Date(0).toISOString(),
    activityId: null,
  });
  return result.kind === 'saved';
}

/**
 * One committee-wide figure: accumulated counts ("ackumulerat") grow through the year toward the
 * year's target; stock counts (households, children) drift slowly from last year's level toward it.
 */
function committeeOutcome(indicator: IndicatorInContext, period: Period): IndicatorOutcome {
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
function demoFigures(
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
