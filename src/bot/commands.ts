/**
 * Forgiving matching of what people type: case, å/ä/ö, punctuation and extra words do not
 * matter ("Rapportera!", "jag vill starta uppföljningen", "HJÄLP"). Pure, no botbuilder.
 */

import { normalise } from '../shared/text.js';

export type Command = 'report' | 'status' | 'help' | 'greeting' | 'thanks' | 'unknown';

const WORDS: ReadonlyArray<readonly [Command, RegExp]> = [
  ['help', /^(hjalp|help|hjalpa|kommandon|\?|vad kan du)/],
  ['report', /^(rapportera|uppfoljning|starta|start$|borja|svara$)/],
  ['status', /^(status|framsteg|hur langt)/],
  ['greeting', /^(hej|hallo|tja|god morgon|god dag|hejsan)$/],
  ['thanks', /^(tack|tackar|tack sa mycket|tack sa hemskt mycket|tusen tack|toppen tack|bra tack)$/],
];

export function matchCommand(text: string): Command {
  if (text.trim() === '?') return 'help';
  const words = normalise(text).split(' ').filter(Boolean);
  if (words.length === 0) return 'unknown';
  // The first word that names a command wins, so "kan du hjälpa mig" and "rapportera nu" both work.
  for (const word of words) {
    for (const [command, pattern] of WORDS) {
      if (command !== 'greeting' && command !== 'thanks' && pattern.test(word)) return command;
    }
  }
  // Whole-message courtesies: "hej", "tack!", "tack så mycket".
  const whole = words.join(' ');
  for (const courtesy of ['greeting', 'thanks'] as const) {
    if (WORDS.some(([c, p]) => c === courtesy && p.test(whole))) return courtesy;
  }
  return 'unknown';
}

/** The controller's own commands: "bokslut 2024", "nämndens värden". Null for anything else. */
export type ControllerCommand =
  | { readonly kind: 'bokslut'; readonly year: number | null }
  | { readonly kind: 'committee' };

export function matchControllerCommand(text: string): ControllerCommand | null {
  const n = normalise(text);
  const bokslut = /^bokslut(?:et)?(?:\s+(?:for\s+)?(\d{4}))?\b/.exec(n);
  if (bokslut) return { kind: 'bokslut', year: bokslut[1] ? Number(bokslut[1]) : null };
  if (/\bnamndens (varden|indikatorer)\b/.test(n)) return { kind: 'committee' };
  return null;
}
