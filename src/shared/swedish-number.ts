/** Numbers as Swedish users type them: `3 090`, `4,86`, `−2,6`. Writing them: swedish-format.ts. */

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
