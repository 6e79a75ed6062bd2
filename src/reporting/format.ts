/** Swedish number, amount and time formats shared by the report outputs. */
import { formatSwedishNumber } from '../shared/swedish-number.js';

/** "3 090", "4,86", "−4 400"; "–" for no value. */
export function num(value: number | null | undefined, decimals = 0): string {
  return value === null || value === undefined ? '–' : formatSwedishNumber(value, decimals);
}

/** An amount in tkr: whole thousands, with sign. */
export function tkr(value: number | null | undefined): string {
  return num(value, 0);
}

/** A change with an explicit sign: "+1 200", "−300", "0". */
export function signed(value: number | null | undefined, decimals = 0): string {
  if (value === null || value === undefined) return '–';
  const text = formatSwedishNumber(value, decimals);
  return value > 0 ? `+${text}` : text;
}

/** The unit suffix as the budget tables write it: " %" for shares, nothing for counts. */
export function unitSuffix(unit: string): string {
  if (unit === '%') return ' %';
  if (unit === 'antal' || unit === 'index' || unit === 'antal per deltagare') return '';
  return ` ${unit}`;
}

/** "10 september 2024 kl. 14:03" in the given time zone. */
export function swedishDateTime(iso: string, timeZone: string): string {
  const d = new Date(iso);
  const date = new Intl.DateTimeFormat('sv-SE', { timeZone, day: 'numeric', month: 'long', year: 'numeric' })
    .format(d)
    .replace(/\s+/g, ' ');
  const time = new Intl.DateTimeFormat('sv-SE', { timeZone, hour: '2-digit', minute: '2-digit' }).format(d);
  return `${date} kl. ${time}`;
}

/** One formatter per time zone: building an Intl.DateTimeFormat costs far more than formatting with it. */
const shortDateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** "2024-09-10 14:03" in the given time zone (compact, for tables). */
export function swedishShortDateTime(iso: string, timeZone: string): string {
  let format = shortDateTimeFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('sv-SE', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    shortDateTimeFormats.set(timeZone, format);
  }
  return format.format(new Date(iso)).replace(',', '');
}

/** "1 enhet", "3 enheter". */
export function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "a, b och c". */
export function joinSwedish(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} och ${items.at(-1)}`;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Adaptive Cards / Excel want colours without `#`; Word wants `RRGGBB`. */
export function hex(colour: string): string {
  return colour.replace(/^#/, '').toUpperCase();
}

/** A pale tint of a colour (for table cell backgrounds behind black text). */
export function tint(colour: string, amount = 0.75): string {
  const h = hex(colour);
  const channel = (i: number) => {
    const c = Number.parseInt(h.slice(i, i + 2), 16);
    return Math.round(c + (255 - c) * amount)
      .toString(16)
      .padStart(2, '0');
  };
  return `${channel(0)}${channel(2)}${channel(4)}`.toUpperCase();
}

const MONTHS_SHORT = ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];

/** "jan", "feb", … */
export function swedishMonthShort(month: number): string {
  return MONTHS_SHORT[month - 1] ?? String(month);
}

/** "Augusti 2024": a period without its milestone suffix. */
export function monthYear(period: { readonly year: number; readonly month: number }): string {
  const name = [
    'Januari',
    'Februari',
    'Mars',
    'April',
    'Maj',
    'Juni',
    'Juli',
    'Augusti',
    'September',
    'Oktober',
    'November',
    'December',
  ][period.month - 1];
  return `${name ?? period.month} ${period.year}`;
}

/** Cuts a text to `max` characters with an ellipsis. */
export function shorten(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1).trimEnd()}…`;
}
