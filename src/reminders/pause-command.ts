/**
 * The Swedish pause commands, parsed without any I/O:
 * - "pausa påminnelser till 15 augusti", "pausa påminnelserna till och med 15 aug 2025",
 *   "pausa till den 15/8", "pausa till 2024-08-15";
 * - "återuppta påminnelser", "återuppta", "avsluta pausen".
 * A date without a year is the next such date from today (today included). The pause covers the
 * whole of the given day. Case, å/ä/ö and punctuation do not matter.
 */
import { DateTime } from 'luxon';
import { formatSwedishDate } from '../shared/swedish-format.js';

export type PauseCommand =
  | { readonly kind: 'pause'; readonly until: string }
  | { readonly kind: 'resume' }
  /** A pause command we could not use; `message` is Swedish and says how to write it. */
  | { readonly kind: 'invalid'; readonly message: string };

/** How far ahead a pause may reach: long enough for parental leave, short enough to be noticed. */
export const MAX_PAUSE_DAYS = 366;

const EXAMPLE = 'Skriv till exempel ”pausa påminnelser till 15 augusti” eller ”pausa till 2024-08-15”.';

const MONTHS: ReadonlyArray<readonly [number, readonly string[]]> = [
  [1, ['januari', 'jan']],
  [2, ['februari', 'feb']],
  [3, ['mars', 'mar']],
  [4, ['april', 'apr']],
  [5, ['maj']],
  [6, ['juni', 'jun']],
  [7, ['juli', 'jul']],
  [8, ['augusti', 'aug']],
  [9, ['september', 'sept', 'sep']],
  [10, ['oktober', 'okt']],
  [11, ['november', 'nov']],
  [12, ['december', 'dec']],
];
const MONTH_NAMES = ['', ...MONTHS.map(([, names]) => names[0] ?? '')];

function monthNumber(word: string): number | null {
  for (const [n, names] of MONTHS) if (names.includes(word)) return n;
  return null;
}

/** Lower case, diacritics and Teams mentions removed; keeps digits and the date separators - / . */
function tokens(text: string): string[] {
  return text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}\s./-]/gu, ' ')
    .split(/\s+/)
    .map((t) => t.replace(/^[.]+|[.]+$/g, ''))
    .filter((t) => t !== '');
}

const REMINDER_WORDS = new Set(['paminnelser', 'paminnelserna', 'paminnelsen', 'paminnelse']);

/**
 * Parses a pause or resume command. Returns null when the text is not one (so the bot can try
 * its other commands); `invalid` when it is one but cannot be used.
 * `today`: the ISO date in the calendar's time zone.
 */
export function parsePauseCommand(text: string, today: string): PauseCommand | null {
  const words = tokens(text);
  const [first, second] = words;
  if (first === undefined) return null;
  if (
    first === 'ateruppta' ||
    (first === 'avsluta' && (second === 'pausen' || second === 'paus')) ||
    (first === 'sluta' && second === 'pausa')
  ) {
    const rest = words.slice(first === 'ateruppta' ? 1 : 2);
    if (rest.every((w) => REMINDER_WORDS.has(w))) return { kind: 'resume' };
    return { kind: 'invalid', message: 'Skriv bara ”återuppta påminnelser” för att få påminnelser igen.' };
  }
  if (first !== 'pausa') return null;

  let rest = words.slice(1);
  if (rest[0] !== undefined && REMINDER_WORDS.has(rest[0])) rest = rest.slice(1);
  if (rest.length === 0) {
    return { kind: 'invalid', message: `Till vilket datum vill du pausa påminnelserna? ${EXAMPLE}` };
  }
  if (rest[0] === 'till' && rest[1] === 'och' && rest[2] === 'med') rest = rest.slice(3);
  else if (rest[0] === 'till' || rest[0] === 'tom' || rest[0] === 't.o.m') rest = rest.slice(1);
  else return { kind: 'invalid', message: `Jag förstod inte till när du vill pausa. ${EXAMPLE}` };
  if (rest[0] === 'den') rest = rest.slice(1);

  const parsed = parseDate(rest, today);
  if ('error' in parsed) return { kind: 'invalid', message: parsed.error };
  const until = parsed.date;
  if (until < today) {
    return {
      kind: 'invalid',
      message: `${formatSwedishDate(until, { withYear: true })} har redan varit. Välj ett datum från och med i dag.`,
    };
  }
  const latest = addDays(today, MAX_PAUSE_DAYS);
  if (until > latest) {
    return {
      kind: 'invalid',
      message: `Du kan pausa påminnelserna högst ett år framåt, till och med ${formatSwedishDate(latest, { withYear: true })}.`,
    };
  }
  return { kind: 'pause', until };
}

type DateResult = { date: string } | { error: string };

function parseDate(words: readonly string[], today: string): DateResult {
  const unknown: DateResult = { error: `Jag förstod inte datumet ”${words.join(' ')}”. ${EXAMPLE}` };
  const [a, b, c, ...more] = words;
  if (a === undefined || more.length > 0) return unknown;

  // 2024-08-15
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(a);
  if (iso && b === undefined) return checked(Number(iso[1]), Number(iso[2]), Number(iso[3]), a);

  // 15/8, 15/8/2025, 15/8 2025
  const slash = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?$/.exec(a);
  if (slash && c === undefined) {
    const year = slash[3] ?? (b !== undefined && /^\d{4}$/.test(b) ? b : undefined);
    if (b !== undefined && slash[3] !== undefined) return unknown;
    if (b !== undefined && year === undefined) return unknown;
    return withYear(Number(slash[1]), Number(slash[2]), year, today, a);
  }

  // 15 augusti, 15 aug 2025
  if (/^\d{1,2}$/.test(a) && b !== undefined) {
    const month = monthNumber(b);
    if (month === null) return unknown;
    if (c !== undefined && !/^\d{4}$/.test(c)) return unknown;
    return withYear(Number(a), month, c, today, `${a} ${MONTH_NAMES[month]}`);
  }
  return unknown;
}

function withYear(day: number, month: number, year: string | undefined, today: string, shown: string) {
  if (year !== undefined) return checked(Number(year), month, day, shown);
  const thisYear = Number(today.slice(0, 4));
  const candidate = checked(thisYear, month, day, shown);
  if ('date' in candidate && candidate.date < today) return checked(thisYear + 1, month, day, shown);
  // 29 februari in a non-leap year: try next year before giving up.
  if ('error' in candidate && month === 2 && day === 29) return checked(thisYear + 1, month, day, shown);
  return candidate;
}

function checked(year: number, month: number, day: number, shown: string): DateResult {
  const date = DateTime.utc(year, month, day);
  if (!date.isValid || date.month !== month || date.day !== day) {
    return { error: `${shown} är inget giltigt datum. ${EXAMPLE}` };
  }
  return { date: date.toISODate() ?? '' };
}

function addDays(isoDate: string, days: number): string {
  return DateTime.fromISO(isoDate, { zone: 'utc' }).plus({ days }).toISODate() ?? isoDate;
}
