/**
 * Forgiving matching of what people type: case, å/ä/ö, punctuation and extra words do not
 * matter ("Rapportera!", "jag vill starta uppföljningen", "HJÄLP"). Pure, no botbuilder.
 */

import { normalise } from '../shared/text.js';

export type Command = 'report' | 'status' | 'help' | 'greeting' | 'unknown';

const WORDS: ReadonlyArray<readonly [Command, RegExp]> = [
  ['help', /^(hjalp|help|hjalpa|kommandon|\?|vad kan du)/],
  ['report', /^(rapportera|uppfoljning|starta|start$|borja|svara$)/],
  ['status', /^(status|framsteg|hur langt)/],
  ['greeting', /^(hej|hallo|tja|god morgon|god dag|hejsan)$/],
];

export function matchCommand(text: string): Command {
  if (text.trim() === '?') return 'help';
  const words = normalise(text).split(' ').filter(Boolean);
  if (words.length === 0) return 'unknown';
  // The first word that names a command wins, so "kan du hjälpa mig" and "rapportera nu" both work.
  for (const word of words) {
    for (const [command, pattern] of WORDS) {
      if (command !== 'greeting' && pattern.test(word)) return command;
    }
  }
  return WORDS.some(([c, p]) => c === 'greeting' && p.test(words.join(' '))) ? 'greeting' : 'unknown';
}
