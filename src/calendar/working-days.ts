/**
 * Swedish working days. The holidays come from the `date-holidays` library (country SE) so
 * that moving feasts (Easter, midsommar) need no hand-typed list.
 *
 * Not a working day:
 * - Saturdays and Sundays;
 * - every SE holiday of type `public` (nyårsdagen, trettondedag jul, långfredagen, påskdagen,
 *   annandag påsk, första maj, Kristi himmelsfärdsdag, pingstdagen, nationaldagen,
 *   midsommardagen, alla helgons dag, juldagen, annandag jul);
 * - every SE holiday of type `bank`. For SE the library lists exactly midsommarafton,
 *   julafton and nyårsafton as `bank` (de facto days off, and the banks are closed), which is
 *   what the committee's calendar wants; the tests pin that list so a library update that
 *   adds or drops a bank day is noticed.
 *
 * Still working days: `optional` days (half days such as trettondagsafton,
 * valborgsmässoafton, allhelgonaafton) and `observance` days (skärtorsdagen, annandag pingst
 * since 2005, Nobeldagen, …).
 *
 * Dates are ISO `YYYY-MM-DD` strings meaning a day in the Swedish (Europe/Stockholm)
 * calendar; no time or time zone is involved in the arithmetic here.
 */

import { DateTime } from 'luxon';
import { swedishHolidays } from '../calendar/swedish-holidays.js';

/** The holiday types that make a day a non-working day. */
export const nonWorkingHolidayTypes = ['public', 'bank'] as const;
export type NonWorkingHolidayType = (typeof nonWorkingHolidayTypes)[number];

/** A holiday that is not a working day, as the library names it in Swedish. */
export interface NonWorkingHoliday {
  readonly date: string;
  readonly name: string;
  readonly type: NonWorkingHolidayType;
}

export interface WorkingDayCalendar {
  /** True unless the date is a Saturday, Sunday or a holiday of a non-working type. */
  isWorkingDay(isoDate: string): boolean;
  /**
   * Steps |n| working days forward (n > 0) or backward (n < 0); the start date itself is
   * never counted, whether it is a working day or not. n = 0 returns the date itself when it
   * is a working day, otherwise the next working day after it (a deadline "0 working days
   * after" a Sunday falls on the Monday).
   */
  addWorkingDays(isoDate: string, n: number): string;
  /**
   * Working days from `from` to `to`, counted the way `addWorkingDays` steps: for to ≥ from,
   * the working days d with from < d ≤ to; for to < from, minus the working days d with
   * to ≤ d < from. So `addWorkingDays(from, workingDaysBetween(from, to)) === to` whenever
   * `to` is a working day.
   */
  workingDaysBetween(from: string, to: string): number;
  /** The Swedish name of the holiday that makes the date a non-working day, else null. */
  holidayName(isoDate: string): string | null;
  /** The year's non-working holidays (weekends not included), in date order. */
  holidays(year: number): readonly NonWorkingHoliday[];
}

const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/;

/** Parses a calendar date; luxon in UTC so that no DST or offset can shift the day. */
export function parseIsoDate(isoDate: string): DateTime<true> {
  const parsed = isoDatePattern.test(isoDate) ? DateTime.fromISO(isoDate, { zone: 'utc' }) : null;
  if (!parsed?.isValid) throw new RangeError(`Not an ISO date (YYYY-MM-DD): ${JSON.stringify(isoDate)}`);
  return parsed;
}

function toIsoDate(date: DateTime<true>): string {
  return date.toISODate();
}

function isNonWorkingType(type: string): type is NonWorkingHolidayType {
  return (nonWorkingHolidayTypes as readonly string[]).includes(type);
}

/**
 * Creates a calendar. The `date-holidays` instance is built on first use and each year's
 * holidays are cached inside the returned object, so create one per process (or per test)
 * and pass it around.
 */
export function createWorkingDayCalendar(): WorkingDayCalendar {
  const byYear = new Map<number, { list: NonWorkingHoliday[]; byDate: Map<string, NonWorkingHoliday> }>();

  function yearData(year: number) {
    const cached = byYear.get(year);
    if (cached) return cached;
    const list: NonWorkingHoliday[] = [];
    const byDate = new Map<string, NonWorkingHoliday>();
    for (const h of swedishHolidays(year)) {
      if (!isNonWorkingType(h.type)) continue;
      // `date` is the local (Stockholm) date and time, "2024-06-21 00:00:00".
      const date = h.date.slice(0, 10);
      if (byDate.has(date)) continue;
      const holiday: NonWorkingHoliday = { date, name: h.name, type: h.type };
      byDate.set(date, holiday);
      list.push(holiday);
    }
    list.sort((a, b) => a.date.localeCompare(b.date));
    const data = { list, byDate };
    byYear.set(year, data);
    return data;
  }

  function holidayOn(date: DateTime<true>): NonWorkingHoliday | undefined {
    return yearData(date.year).byDate.get(toIsoDate(date));
  }

  function isWorking(date: DateTime<true>): boolean {
    return date.weekday <= 5 && holidayOn(date) === undefined;
  }

  function step(start: DateTime<true>, n: number): DateTime<true> {
    if (!Number.isInteger(n)) throw new RangeError(`Working days must be an integer: ${n}`);
    let date = start;
    if (n === 0) {
      while (!isWorking(date)) date = date.plus({ days: 1 });
      return date;
    }
    const direction = Math.sign(n);
    for (let left = Math.abs(n); left > 0; ) {
      date = date.plus({ days: direction });
      if (isWorking(date)) left--;
    }
    return date;
  }

  return {
    isWorkingDay: (isoDate) => isWorking(parseIsoDate(isoDate)),
    addWorkingDays: (isoDate, n) => toIsoDate(step(parseIsoDate(isoDate), n)),
    workingDaysBetween(from, to) {
      const a = parseIsoDate(from);
      const b = parseIsoDate(to);
      const [low, high, sign] = a <= b ? [a, b, 1] : [b, a, -1];
      let count = 0;
      // (from, to] forwards and [to, from) backwards: both are (low, high] shifted by one
      // day in the backward case.
      const shift = sign === 1 ? 0 : -1;
      for (let d = low.plus({ days: 1 + shift }); d <= high.plus({ days: shift }); d = d.plus({ days: 1 })) {
        if (isWorking(d)) count++;
      }
      return sign * count;
    },
    holidayName: (isoDate) => holidayOn(parseIsoDate(isoDate))?.name ?? null,
    holidays: (year) => yearData(year).list,
  };
}
