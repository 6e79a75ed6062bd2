import { indicatorValue } from './answers.js';
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
  if (/^ind\./.test(id)) return indicatorValue(input);
  if (/^eco\..*\.prognosis$/.test(id)) return '114 000';
  if (/^upd\..*\.status$/.test(id)) return 'pagar';
  const percent = input.label?.includes('%') ?? false;
  if (/^fig\..*\.part\./.test(id)) return percent ? '6,4' : '150';
  // A count's total is the sum of its parts: left empty, the bot fills it in.
  if (/^fig\..*\.value$/.test(id))
    return percent ? '6,8' : input.label?.startsWith('Totalt') ? undefined : '1 040';
  if (/^fig\..*\.prognosis$/.test(id)) return percent ? '6,8' : '1 100';
  return undefined;
}
