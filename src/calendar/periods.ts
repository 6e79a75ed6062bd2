/**
 * Follow-up periods from the calendar configuration.
 *
 * Each configured month is a period (id `2024-08`). Its dates, with the month's last
 * calendar day as the reference ("month end", also when it is a weekend or a holiday):
 * - opens: `addWorkingDays(monthEnd, opensWorkingDaysFromMonthEnd)`. A negative value −k is
 *   the k-th working day before the month end, the month end itself not counted (−3 for
 *   August 2024, which ends on Saturday the 31st: Fri 30, Thu 29, Wed 28 → opens Wed 28).
 *   0 is the month end if it is a working day, else the next working day; +k is the k-th
 *   working day after the month end.
 * - deadline: `addWorkingDays(monthEnd, deadlineWorkingDaysAfterMonthEnd)`, same rule
 *   (+5 for August 2024: Sep 2–6 → Fri 6 September).
 * - locks: `addWorkingDays(deadline, lockWorkingDaysAfterDeadline)`, counted from the
 *   deadline actually used, so an overridden deadline moves the lock day with it.
 * An override date replaces the computed one as given (it need not be a working day).
 *
 * Instants: `opensAt` is 00:00 of the opening day; `deadlineAt` and `locksAt` are the last
 * millisecond (23:59:59.999) of their days, i.e. answers count through the whole day. All
 * three are UTC ISO strings computed in the calendar's time zone, so summer time is honoured.
 */
import { DateTime } from 'luxon';
import { monthYear, swedishMonthName } from '../shared/swedish-format.js';
import type { WorkingDayCalendar } from './working-days.js';

/** What a period is in the committee's year; the configuration schema validates against this list. */
export const periodKinds = ['month', 'interim1', 'interim2', 'annual'] as const;
export type PeriodKind = (typeof periodKinds)[number];

/** The part of calendar.yaml (validated in src/config/) that the periods are computed from. */
export interface PeriodCalendar {
  readonly timeZone: string;
  readonly years: readonly {
    readonly year: number;
    /** Months (1–12) with a follow-up. */
    readonly months: readonly number[];
    /** Month number as a string ("8") → its kind; months not listed are `month`. */
    readonly milestones: Readonly<Partial<Record<string, PeriodKind>>>;
  }[];
  readonly opensWorkingDaysFromMonthEnd: number;
  readonly deadlineWorkingDaysAfterMonthEnd: number;
  readonly lockWorkingDaysAfterDeadline: number;
  /** Period id (`2024-08`) → ISO dates that replace the computed ones. */
  readonly overrides: Readonly<
    Record<string, { readonly opens?: string; readonly deadline?: string; readonly locks?: string }>
  >;
}

export interface Period {
  /** `YYYY-MM`, e.g. `2024-08`. */
  readonly id: string;
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  readonly kind: PeriodKind;
  /** Swedish, e.g. "Augusti 2024 – delår 2". */
  readonly label: string;
  /** ISO dates in the calendar's time zone, for display. */
  readonly opensDate: string;
  readonly deadlineDate: string;
  readonly locksDate: string;
  /** UTC ISO instants: start of the opening day, last millisecond of the deadline and lock days. */
  readonly opensAt: string;
  readonly deadlineAt: string;
  readonly locksAt: string;
}

/** Before or at the deadline: `open`; after the deadline but not yet locked: `late`. */
export type PeriodPhase = 'open' | 'late';

export interface PeriodAtInstant {
  readonly period: Period;
  readonly phase: PeriodPhase;
}

const kindSuffix: Record<PeriodKind, string> = {
  month: '',
  interim1: ' – delår 1',
  interim2: ' – delår 2',
  annual: ' – helår',
};

const kindName: Record<PeriodKind, string> = {
  month: 'månadsuppföljning',
  interim1: 'delår 1',
  interim2: 'delår 2',
  annual: 'helår',
};

/** "Augusti 2024 – delår 2", "Mars 2024". */
export function periodLabel(year: number, month: number, kind: PeriodKind): string {
  return `${monthYear({ year, month })}${kindSuffix[kind]}`;
}

function periodId(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}

function monthEnd(year: number, month: number): string {
  return DateTime.utc(year, month, 1).endOf('month').toISODate() ?? '';
}

function startOfDay(isoDate: string, zone: string): string {
  return DateTime.fromISO(isoDate, { zone }).startOf('day').toUTC().toISO() ?? '';
}

function endOfDay(isoDate: string, zone: string): string {
  return DateTime.fromISO(isoDate, { zone }).endOf('day').toUTC().toISO() ?? '';
}

interface Computed {
  readonly periods: Period[];
  readonly problems: string[];
}

function compute(calendar: PeriodCalendar, wd: WorkingDayCalendar): Computed {
  const problems: string[] = [];
  const zone = calendar.timeZone;
  if (!DateTime.now().setZone(zone).isValid) {
    return { periods: [], problems: [`okänd tidszon ”${zone}”`] };
  }
  const periods: Period[] = [];
  const seen = new Set<string>();
  for (const y of calendar.years) {
    for (const [key, kind] of Object.entries(y.milestones)) {
      if (kind !== undefined && !y.months.includes(Number(key))) {
        const name = kindName[kind];
        problems.push(
          `${y.year}: ${swedishMonthName(Number(key))} är markerad som ${name} men saknas i months`,
        );
      }
    }
    for (const month of y.months) {
      const id = periodId(y.year, month);
      if (seen.has(id)) {
        problems.push(`perioden ${id} förekommer mer än en gång`);
        continue;
      }
      seen.add(id);
      const kind = y.milestones[String(month)] ?? 'month';
      const end = monthEnd(y.year, month);
      const override = calendar.overrides[id] ?? {};
      const opensDate = override.opens ?? wd.addWorkingDays(end, calendar.opensWorkingDaysFromMonthEnd);
      const deadlineDate =
        override.deadline ?? wd.addWorkingDays(end, calendar.deadlineWorkingDaysAfterMonthEnd);
      const locksDate =
        override.locks ?? wd.addWorkingDays(deadlineDate, calendar.lockWorkingDaysAfterDeadline);
      if (opensDate > deadlineDate) {
        problems.push(`perioden ${id} öppnar (${opensDate}) efter sista svarsdag (${deadlineDate})`);
      }
      if (deadlineDate > locksDate) {
        problems.push(`perioden ${id} låses (${locksDate}) före sista svarsdag (${deadlineDate})`);
      }
      periods.push({
        id,
        year: y.year,
        month,
        kind,
        label: periodLabel(y.year, month, kind),
        opensDate,
        deadlineDate,
        locksDate,
        opensAt: startOfDay(opensDate, zone),
        deadlineAt: endOfDay(deadlineDate, zone),
        locksAt: endOfDay(locksDate, zone),
      });
    }
  }
  for (const id of Object.keys(calendar.overrides)) {
    if (!seen.has(id)) problems.push(`undantaget för ${id} gäller ingen period i kalendern`);
  }
  periods.sort((a, b) => a.id.localeCompare(b.id));
  return { periods, problems };
}

/**
 * Problems that make the calendar unusable, in Swedish for whoever edits calendar.yaml:
 * an unknown time zone, a milestone in a month without follow-up, a period listed twice, an
 * override for a period that does not exist, or dates out of order (opens ≤ deadline ≤ locks).
 */
export function calendarProblems(calendar: PeriodCalendar, wd: WorkingDayCalendar): string[] {
  return compute(calendar, wd).problems;
}

/** All periods, oldest first. Throws (Swedish message) if `calendarProblems` finds any. */
export function listPeriods(calendar: PeriodCalendar, wd: WorkingDayCalendar): Period[] {
  const { periods, problems } = compute(calendar, wd);
  if (problems.length > 0) {
    throw new Error(`Kalendern går inte att använda:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  return periods;
}

/**
 * The period whose window contains the instant: from `opensAt` up to and including the last
 * millisecond of the lock day. If windows overlap, the most recently opened period wins (the
 * next month's questions matter more than a late answer to the previous one). Null outside
 * every window.
 */
export function periodAt(periods: readonly Period[], instant: Date | string): PeriodAtInstant | null {
  const t = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(t)) throw new RangeError(`Not an instant: ${String(instant)}`);
  let best: Period | undefined;
  for (const p of periods) {
    if (t < Date.parse(p.opensAt) || t > Date.parse(p.locksAt)) continue;
    if (best === undefined || Date.parse(p.opensAt) > Date.parse(best.opensAt)) best = p;
  }
  if (best === undefined) return null;
  return { period: best, phase: t <= Date.parse(best.deadlineAt) ? 'open' : 'late' };
}

export function findPeriod(periods: readonly Period[], id: string): Period | undefined {
  return periods.find((p) => p.id === id);
}

/** The period before `id` in the calendar (skipping months without follow-up), if any. */
export function previousPeriod(periods: readonly Period[], id: string): Period | undefined {
  const sorted = [...periods].sort((a, b) => a.id.localeCompare(b.id));
  const index = sorted.findIndex((p) => p.id === id);
  return index > 0 ? sorted[index - 1] : undefined;
}
