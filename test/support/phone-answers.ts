import type { CardInput } from './fake-teams.js';

/**
 * What a manager who keeps last month's values types into a step card: only the fields that are
 * empty and needed (the new outcomes; a status or text missing from last month), by input id.
 * Optional fields (I.U., comments) stay as they are, unless the card asks for a comment.
 */
export function phoneAnswer(inputs: readonly CardInput[], cardText: string): Record<string, string> {
  const values: Record<string, string> = {};
  // A comment the card asks for (a prognosis far from budget).
  const commentAsked = /Skriv en kommentar|kommentar krävs/i.test(cardText);
  for (const input of inputs) {
    if (input.value !== '') continue;
    const value =
      commentAsked && /^eco\..*\.comment$/.test(input.id)
        ? 'Fler deltagare än budgeterat under hösten.'
        : newValue(input);
    if (value !== undefined) values[input.id] = value;
  }
  return values;
}

function newValue(input: CardInput): string | undefined {
  const { id } = input;
  if (id === 'status') return 'uppfylls-delvis';
  if (id === 'results') return 'Fler hushåll har gått till egen försörjning.';
  if (id === 'deviations') return 'Inga avvikelser inom aktiviteterna i verksamhetsplanen.';
  if (/^ind\..*\.iu$/.test(id)) return undefined;
  if (/^ind\..*\.num\./.test(id)) return '45';
  if (/^ind\..*\.den\./.test(id)) return '50';
  if (/^ind\..*\.share\./.test(id)) return '45/50';
  const cell = /^ind\..*\.(total|kvinnor|man)$/.exec(id)?.[1];
  if (cell) return measure(`${input.label ?? ''} ${String(input.element.placeholder ?? '')}`, cell);
  if (/^eco\..*\.prognosis$/.test(id)) return '114 000';
  if (/^upd\..*\.status$/.test(id)) return 'pagar';
  return undefined;
}

/** A value in the field's own unit; counts add up (kvinnor + män = totalt). */
function measure(text: string, cell: string): string {
  const pick = (values: readonly [string, string, string]) =>
    cell === 'kvinnor' ? values[0] : cell === 'man' ? values[1] : values[2];
  if (/%/.test(text)) return pick(['80', '82', '81']);
  if (/index/.test(text)) return pick(['72', '74', '73']);
  if (/dagar/.test(text)) return pick(['12', '14', '13']);
  if (/per deltagare/.test(text)) return pick(['1,4', '1,6', '1,5']);
  if (/tkr/.test(text)) return pick(['50', '52', '51']);
  if (/\bår\b/.test(text)) return pick(['44', '46', '45']);
  return pick(['1 200', '1 300', '2 500']);
}
