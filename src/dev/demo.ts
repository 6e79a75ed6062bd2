import { DateTime } from 'luxon';
import { type Period, periodAt } from '../calendar/periods.js';
import type { CommitteeConfig, Unit } from '../config/load-config.js';
import { type Settings, shippedConfigDir } from '../config/settings.js';
import {
  COMMITTEE_UNIT_ID,
  type CommitteeIndicatorsAnswer,
  type IndicatorOutcome,
  type ItemAnswer,
  type SubmissionAnswer,
  stepsFor,
} from '../followup/answers.js';
import type { Actor, AnswerStore, ItemKey } from '../followup/ports.js';
import { type Clock, fixedClock, systemClock } from '../shared/clock.js';
import { committeeOutcome, demoFigures, hash, itemAnswer } from './demo-answers.js';

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
