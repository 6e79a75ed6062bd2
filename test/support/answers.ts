import type { Card } from './bot-session.js';
import { type CardInput, inputIds } from './fake-teams.js';

/**
 * A valid value for an indicator's field, as the card itself suggests it: the example in its
 * placeholder ("t.ex. 84,5", "45/50"). A total the card works out ("summa") stays empty.
 */
export function indicatorValue(input: CardInput): string | undefined {
  const placeholder = String(input.element.placeholder ?? '');
  if (placeholder === 'summa') return undefined;
  return placeholder.replace(/^t\.ex\.\s*/, '') || '1';
}

/** What a diligent manager types into a step card: every input filled with a plausible value. */
export function answersFor(card: Card, overrides: Record<string, string> = {}): Record<string, string> {
  const values: Record<string, string> = {};
  for (const input of inputIds(card)) {
    const id = input.id;
    if (id === 'status') values[id] = 'uppfylls-delvis';
    else if (id === 'results')
      values[id] = 'Fler hushåll har gått till egen försörjning – 3 090 personer fick stöd.';
    else if (id === 'deviations') values[id] = 'Inga avvikelser inom aktiviteterna i verksamhetsplanen.';
    else if (/^ind\..*\.iu$/.test(id)) values[id] = 'false';
    else if (/^ind\./.test(id)) {
      const value = indicatorValue(input);
      if (value !== undefined) values[id] = value;
    } else if (/^eco\..*\.prognosis$/.test(id)) values[id] = '114 000';
    else if (/^eco\..*\.comment$/.test(id)) values[id] = 'Fler anställningar med stöd än budgeterat.';
    else if (/^upd\..*\.status$/.test(id)) values[id] = 'pagar';
    else if (/^upd\..*\.comment$/.test(id)) values[id] = 'Arbetet pågår enligt plan.';
    else if (/^fig\..*\.part\./.test(id)) values[id] = input.label?.includes('%') ? '6,4' : '150';
    // A count's total is the sum of its parts: left empty, the bot fills it in.
    else if (/^fig\..*\.value$/.test(id))
      values[id] = input.label?.includes('%') ? '6,8' : input.label?.startsWith('Totalt') ? '' : '1 040';
    else if (/^fig\..*\.prognosis$/.test(id)) values[id] = '1 100';
    else if (id === 'fig.comment') values[id] = 'Elevantalet följer planen för året.';
    else if (/^txt\./.test(id)) values[id] = 'Internkontrollplanen har följts upp enligt plan.';
  }
  return { ...values, ...overrides };
}
