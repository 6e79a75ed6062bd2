/**
 * Indicator targets as the budget documents write them: `90`, `≥0`, `<1 %`, `≤ 30`,
 * "Ska öka", "Inga signifikanta skillnader", "i.u.". Config files keep the document's own text;
 * this module turns it into a structured target and back.
 */

import { parseSwedishNumber } from '../shared/swedish-number.js';

export type Comparator = '>=' | '<=' | '>' | '<' | '=';

export type Target =
  | {
      readonly kind: 'value';
      readonly comparator: Comparator | null;
      readonly value: number;
      readonly text: string;
    }
  | { readonly kind: 'direction'; readonly direction: 'increase' | 'decrease'; readonly text: string }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'none'; readonly text: string };

const COMPARATORS: ReadonlyArray<readonly [string, Comparator]> = [
  ['≥', '>='],
  ['≤', '<='],
  ['>=', '>='],
  ['<=', '<='],
  ['>', '>'],
  ['<', '<'],
  ['=', '='],
];

const NO_VALUE = /^(i\.?\s?u\.?|inget utfall|-|–)$/i;
const INCREASE = /^ska\s+(öka|höjas|stiga)$/i;
const DECREASE = /^ska\s+(minska|sänkas|sjunka)$/i;
const VALUE_UNITS = /\s*(%|tkr\/år|tkr|mnkr|dagar|st|antal|index)\s*$/i;

/**
 * A comparator of `null` means the target is a plain number ("90"): whether it is met is decided
 * by the indicator's better-direction (higher → at least, lower → at most).
 */
export function parseTarget(input: string | number): Target | { error: string } {
  if (typeof input === 'number') {
    return { kind: 'value', comparator: null, value: input, text: String(input).replace('.', ',') };
  }
  const text = input.trim();
  if (text === '') return { error: 'tomt målvärde' };
  if (NO_VALUE.test(text)) return { kind: 'none', text };
  if (INCREASE.test(text)) return { kind: 'direction', direction: 'increase', text };
  if (DECREASE.test(text)) return { kind: 'direction', direction: 'decrease', text };

  let rest = text;
  let comparator: Comparator | null = null;
  for (const [symbol, value] of COMPARATORS) {
    if (rest.startsWith(symbol)) {
      comparator = value;
      rest = rest.slice(symbol.length);
      break;
    }
  }
  const numeric = parseSwedishNumber(rest.replace(VALUE_UNITS, ''));
  if (numeric !== null) return { kind: 'value', comparator, value: numeric, text };
  if (comparator !== null) return { error: `”${text}” har en jämförelse men inget tal` };
  if (/\d/.test(text)) return { error: `”${text}” går inte att läsa som målvärde` };
  return { kind: 'text', text };
}
