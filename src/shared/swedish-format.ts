/**
 * Everything a user reads as a number, a count, a list, a date or a time, written the Swedish way:
 * `3 090` (no-break space between thousands, so a number never wraps), `4,86`, `−4 400` (a real
 * minus), `+1 200`, "1 enhet"/"3 enheter", "A, B och C", "fredag 6 september",
 * "10 september 2024 kl. 14:03", "2024-09-10 14:03". Cards, reports, reminders and command-line
 * output all format through here, so the same value reads the same everywhere.
 */
import { capitalise } from './text.js';

// ── numbers ──────────────────────────────────────────────────────────────────────────────────────

// Building an Intl.NumberFormat costs far more than using one: the usual ones are made once.
const NUMBER_FORMATS: readonly Intl.NumberFormat[] = [0, 1, 2, 3].map(numberFormat);

function numberFormat(decimals: number): Intl.NumberFormat {
  return new Intl.NumberFormat('sv-SE', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** `3 090`, `4,86` (decimals 2), `−2,6` (decimals 1): exactly `decimals` decimals. */
export function formatSwedishNumber(value: number, decimals = 0): string {
  return (NUMBER_FORMATS[decimals] ?? numberFormat(decimals)).format(value);
}

/** Like `formatSwedishNumber`, with `missing` (a dash unless told) for no value. */
export function num(value: number | null | undefined, decimals = 0, missing = '–'): string {
  return value === null || value === undefined ? missing : formatSwedishNumber(value, decimals);
}

/** An amount in tkr: whole thousands with sign, "−4 400"; "–" for no value. */
export function tkr(value: number | null | undefined): string {
  return num(value, 0);
}

/** A change with an explicit sign: "+1 200", "−300", "0"; "–" for no value. */
export function signed(value: number | null | undefined, decimals = 0): string {
  if (value === null || value === undefined) return '–';
  const text = formatSwedishNumber(value, decimals);
  return value > 0 ? `+${text}` : text;
}

// ── counts and lists ─────────────────────────────────────────────────────────────────────────────

/** "1 enhet", "3 enheter", "0 enheter". */
export function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "A", "A och B", "A, B och C"; "" for none. */
export function joinSwedish(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} och ${items.at(-1)}`;
}

// ── calendar dates ───────────────────────────────────────────────────────────────────────────────

const MONTHS = [
  'januari',
  'februari',
  'mars',
  'april',
  'maj',
  'juni',
  'juli',
  'augusti',
  'september',
  'oktober',
  'november',
  'december',
] as const;

const MONTHS_SHORT = [
  'jan',
  'feb',
  'mar',
  'apr',
  'maj',
  'jun',
  'jul',
  'aug',
  'sep',
  'okt',
  'nov',
  'dec',
] as const;

/** Sunday first, as `Date.getUTCDay()` counts. */
const WEEKDAYS = ['söndag', 'måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag'] as const;

/** "fredag" for 2024-09-06: the weekday of a calendar date, wherever the server runs. */
function weekdayName(year: number, month: number, day: number): string {
  return WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()] ?? '';
}

/** The month in lower case, as in running text ("6 september"). Throws outside 1–12. */
export function swedishMonthName(month: number): string {
  const name = MONTHS[month - 1];
  if (name === undefined) throw new RangeError(`Month must be 1–12: ${month}`);
  return name;
}

/** "jan", "feb", … for table headings and chart axes. */
export function swedishMonthShort(month: number): string {
  return MONTHS_SHORT[month - 1] ?? String(month);
}

/** "jan–aug" (January through the month), or "jan" for January: a year-to-date range. */
export function monthRange(month: number): string {
  return month === 1 ? 'jan' : `jan–${swedishMonthShort(month)}`;
}

/** "Augusti 2024": a month as a heading or at the start of a sentence. */
export function monthYear(period: { readonly year: number; readonly month: number }): string {
  return `${capitalise(swedishMonthName(period.month))} ${period.year}`;
}

/** "fredag 6 september", or with `{ withYear: true }` "fredag 6 september 2024", for an ISO date. */
export function formatSwedishDate(isoDate: string, options: { withYear?: boolean } = {}): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  // Date.UTC rolls 2024-02-30 over into March: such a date is no date.
  const date = new Date(Date.UTC(year, month - 1, day));
  if (!match || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new RangeError(`Not an ISO date (YYYY-MM-DD): ${JSON.stringify(isoDate)}`);
  }
  const text = `${weekdayName(year, month, day)} ${day} ${swedishMonthName(month)}`;
  return options.withYear ? `${text} ${year}` : text;
}

// ── instants, as the clock on the wall in a time zone shows them ─────────────────────────────────

interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

// One numeric formatter per time zone, made on first use: building an Intl.DateTimeFormat costs
// hundreds of times more than using one. The names come from the lists above, not from ICU.
const WALL_CLOCKS = new Map<string, Intl.DateTimeFormat>();

function wallClockFormat(timeZone: string): Intl.DateTimeFormat {
  let format = WALL_CLOCKS.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('sv-SE', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    WALL_CLOCKS.set(timeZone, format);
  }
  return format;
}

function wallClock(instant: string | Date, timeZone: string): WallClock {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`Not an instant: ${String(instant)}`);
  const parts: Record<string, number> = {};
  for (const part of wallClockFormat(timeZone).formatToParts(ms)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const { year = 0, month = 0, day = 0, hour = 0, minute = 0 } = parts;
  return { year, month, day, hour, minute };
}

const twoDigits = (n: number) => String(n).padStart(2, '0');
const clockTime = (local: WallClock) => `${twoDigits(local.hour)}:${twoDigits(local.minute)}`;
const dayMonth = (local: WallClock) => `${local.day} ${swedishMonthName(local.month)}`;

/**
 * "10 september 2024 kl. 14:03"; with `{ year: false }` "10 september kl. 14:03"; with
 * `{ weekday: true }` "tisdag 10 september 2024 kl. 14:03". In the given time zone, summer time
 * included.
 */
export function swedishDateTime(
  instant: string | Date,
  timeZone: string,
  options: { readonly year?: boolean; readonly weekday?: boolean } = {},
): string {
  const local = wallClock(instant, timeZone);
  const weekday = options.weekday ? `${weekdayName(local.year, local.month, local.day)} ` : '';
  const year = options.year === false ? '' : ` ${local.year}`;
  return `${weekday}${dayMonth(local)}${year} kl. ${clockTime(local)}`;
}

/** "kl. 10:15" when `instant` falls on the same local day as `now`, else "3 september kl. 10:15". */
export function swedishTimeToday(instant: string | Date, now: string | Date, timeZone: string): string {
  const local = wallClock(instant, timeZone);
  const today = wallClock(now, timeZone);
  const sameDay = local.year === today.year && local.month === today.month && local.day === today.day;
  const day = sameDay ? '' : `${dayMonth(local)} `;
  return `${day}kl. ${clockTime(local)}`;
}

/** "2024-09-10 14:03": compact, for tables. */
export function swedishShortDateTime(instant: string | Date, timeZone: string): string {
  const local = wallClock(instant, timeZone);
  return `${local.year}-${twoDigits(local.month)}-${twoDigits(local.day)} ${clockTime(local)}`;
}
