/**
 * Sweden's non-working holidays (types `public` and `bank`, Swedish names), as the `date-holidays`
 * library gives them, read from a table generated from that library (swedish-holidays-data.ts,
 * src/calendar/holidays-table.ts, `npm run holidays:table`). Loading the library itself costs about 20 MB of memory (every
 * country's rules, and the Chinese, Hebrew, Hijri … calendars its parser brings); the table is a
 * few kilobytes. A year outside the table is asked of the library, loaded only then.
 */
import { createRequire } from 'node:module';
import type HolidaysLibrary from 'date-holidays';
import { FIRST_YEAR, NAMES, YEARS } from './swedish-holidays-data.js';

/** A holiday in the shape `date-holidays`' `getHolidays` gives: `date` is "YYYY-MM-DD 00:00:00". */
export interface SwedishHoliday {
  readonly date: string;
  readonly name: string;
  readonly type: 'public' | 'bank';
}

function fromLibrary(year: number): SwedishHoliday[] {
  const Holidays = createRequire(import.meta.url)('date-holidays') as typeof HolidaysLibrary;
  return new Holidays('SE', { languages: ['sv'] })
    .getHolidays(year, 'sv')
    .filter((h): h is typeof h & SwedishHoliday => h.type === 'public' || h.type === 'bank')
    .map((h) => ({ date: h.date, name: h.name, type: h.type }));
}

/** The year's non-working holidays in date order. */
export function swedishHolidays(year: number): SwedishHoliday[] {
  const line = YEARS[year - FIRST_YEAR];
  if (line === undefined) return fromLibrary(year);
  return line.split(' ').map((token) => ({
    date: `${year}-${token.slice(0, 2)}-${token.slice(2, 4)} 00:00:00`,
    name: NAMES[Number(token.slice(5))] ?? '',
    type: token[4] === 'b' ? 'bank' : 'public',
  }));
}
