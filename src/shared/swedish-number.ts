/** Numbers as Swedish users write and read them: `3 090`, `4,86`, `−2,6`. */

const SPACES = /[\s\u00a0\u202f]/g;

/**
 * Parses a Swedish number: decimal comma (a point is accepted too), space or no-break space as
 * thousands separator, and a hyphen, en dash or unicode minus as sign. Null if it is not a number.
 */
export function parseSwedishNumber(input: string): number | null {
  let cleaned = input.trim().replace(SPACES, '').replace(/^[−–]/, '-');
  if (/^-?\d+,\d+$/.test(cleaned)) cleaned = cleaned.replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return null;
  return Number(cleaned);
}

/**
 * Formats with a decimal comma, a no-break space between thousands (a number never wraps) and a
 * real minus sign, e.g. `3 090`, `4,86`, `−2,6`.
 */
export function formatSwedishNumber(value: number, decimals = 0): string {
  return formatter(decimals).format(value);
}

// Building an Intl.NumberFormat costs far more than using one: the usual ones are made once.
const FORMATTERS: readonly Intl.NumberFormat[] = [0, 1, 2, 3].map(create);

function create(decimals: number): Intl.NumberFormat {
  return new Intl.NumberFormat('sv-SE', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

function formatter(decimals: number): Intl.NumberFormat {
  return FORMATTERS[decimals] ?? create(decimals);
}
