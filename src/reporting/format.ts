/**
 * Report-only presentation helpers: units after a value, colours, shortened text. Numbers, counts,
 * lists, dates and times are written by src/shared/swedish-format.ts.
 */

/** The unit suffix as the budget tables write it: " %" for shares, nothing for counts. */
export function unitSuffix(unit: string): string {
  if (unit === '%') return ' %';
  if (unit === 'antal' || unit === 'index' || unit === 'antal per deltagare') return '';
  return ` ${unit}`;
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

/** Cuts a text to `max` characters with an ellipsis. */
export function shorten(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1).trimEnd()}…`;
}
