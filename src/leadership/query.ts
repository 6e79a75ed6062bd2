/**
 * What leadership asks, in plain Swedish: "prognos", "hur går det?", "prognos egenförsörjning",
 * "ekonomi", "vilka har inte svarat?", "rapport juni", "bedöm digitalisering", "prognos delår 1".
 * Pure: text in, a structured question out; periods and goals matched forgivingly.
 */

import { distance } from 'fastest-levenshtein';
import type { Period } from '../calendar/periods.js';
import type { CommitteeConfig, GoalInContext } from '../config/load-config.js';
import { swedishMonthName } from '../shared/swedish-format.js';
import { normalise } from '../shared/text.js';
import type { ReportFormat } from './api.js';

export type LeadershipAsk = 'prognosis' | 'economy' | 'missing' | 'document' | 'decide';

export interface LeadershipQuestion {
  readonly ask: LeadershipAsk;
  /** The words after the command, for a period and/or a goal. */
  readonly rest: string;
  /** The question as the person wrote it (å, ä, ö and all), for showing it back. */
  readonly asked: string;
}

// In order: "vem har inte rapporterat" is about who is missing, not a report.
const PHRASES: ReadonlyArray<readonly [LeadershipAsk, RegExp]> = [
  [
    'missing',
    /\b(saknas|saknade|fattas|(inte|ej) (svarat|lamnat in|skickat in|rapporterat|inkommit|kommit in)|har alla (svarat|lamnat in|skickat in|rapporterat)|ar alla klara|vilka ar kvar|vem ar kvar|aterstar|kvar att svara)\b/,
  ],
  ['decide', /\b(bedom|bedomning|faststall|satt status|besluta|beslut om)\b/],
  ['document', /\b(rapport|rapporten|delarsrapport|delarsrapporten|word|excel|dokument|dokumentet|utkast)\b/],
  [
    'economy',
    /\b(ekonomi|ekonomin|ekonomiska|budget|budgeten|avvikelse|avvikelsen|underskott|overskott|kostnader|kostnaderna|kostnaden)\b/,
  ],
  [
    'prognosis',
    /\b(prognos|prognosen|prognoser|laget|lagesbild|hur gar det|hur ser det ut|hur ligger vi till|mal|malen|malet|malstatus|status for malen|oversikt|sammanstallning|indikator|indikatorer|indikatorn)\b/,
  ],
];

/** Polite and filler words that say nothing about what is asked. */
const FILLER =
  /\b(for|om|till|i|pa|visa|visar|ge mig|kan du|kan jag fa|kan jag se|skulle du kunna|jag vill ha|jag vill se|jag undrar|hej|tack|snalla|garna|den|det|nu|hur|gar|med|av|ar|var|vad|vilken|vilket|ut|ser|just|lite|oss|vi|mig|nagot|vilka|vem|har|enheter|enheterna)\b/g;

/**
 * Null when the text is not a leadership question. With the configuration, a text that names no
 * ask but leads to exactly one nämndmål by its words ("sjukfrånvaro", "visa avtalstroheten") is
 * a question about that goal's prognosis.
 */
export function parseLeadershipQuestion(text: string, config?: CommitteeConfig): LeadershipQuestion | null {
  const n = normalise(text);
  if (!n) return null;
  const asked = parseAsk(n, text);
  if (asked || !config) return asked;
  const rest = n.replace(FILLER, ' ').replace(/\s+/g, ' ').trim();
  const words = goalWords(rest);
  // A few words only: a longer text without a question word is not a lookup.
  if (!words || words.split(' ').length > 3) return null;
  return matchGoal(config, words).kind === 'one' ? { ask: 'prognosis', rest, asked: text.trim() } : null;
}

function parseAsk(n: string, text: string): LeadershipQuestion | null {
  for (const [ask, pattern] of PHRASES) {
    const match = pattern.exec(n);
    if (match) {
      const rest = `${n.slice(0, match.index)} ${n.slice(match.index + match[0].length)}`
        .replace(FILLER, ' ')
        .replace(/\s+/g, ' ')
        .trim();
      return { ask, rest, asked: text.trim() };
    }
  }
  return null;
}

/** Which files "rapport …" asks for: "rapport excel" → xlsx only; no format named → both. */
export function documentFormats(text: string): ReportFormat[] {
  const n = normalise(text);
  const word = /\b(word|docx)\b/.test(n);
  const excel = /\b(excel|xlsx)\b/.test(n);
  if (word && !excel) return ['docx'];
  if (excel && !word) return ['xlsx'];
  return ['docx', 'xlsx'];
}

const MONTHS = Array.from({ length: 12 }, (_, i) => swedishMonthName(i + 1));

export interface PeriodMatch {
  readonly period: Period;
  /** The words that were not about the period (e.g. a goal). */
  readonly rest: string;
  /** Whether the question named a period; otherwise `period` is the latest that has opened. */
  readonly named: boolean;
}

/**
 * The period a question names ("juni", "juni 2024", "2024-06", "delår 1", "helår"), the most
 * recent one not in the future when no year is given; without one, the latest period that has
 * opened. Null when a period is named but does not exist.
 */
export function matchPeriod(rest: string, periods: readonly Period[], now: Date): PeriodMatch | null {
  const nowIso = now.toISOString();
  const opened = periods.filter((p) => p.opensAt <= nowIso).sort((a, b) => a.id.localeCompare(b.id));
  const latest = opened.at(-1) ?? periods[0];
  const words = rest.split(' ').filter(Boolean);
  let year: number | null = null;
  let month: number | null = null;
  let kind: Period['kind'] | null = null;
  const used = new Set<number>();
  words.forEach((w, i) => {
    const iso = /^(\d{4})-(\d{2})$/.exec(w);
    if (iso) {
      year = Number(iso[1]);
      month = Number(iso[2]);
      used.add(i);
    } else if (/^\d{4}$/.test(w)) {
      year = Number(w);
      used.add(i);
    } else if (MONTHS.includes(w) || MONTHS.some((m) => m.slice(0, 3) === w)) {
      month = MONTHS.findIndex((m) => m === w || m.slice(0, 3) === w) + 1;
      used.add(i);
    } else if (w === 'delar' || w === 'delar1' || w === 'delar2') {
      const next = words[i + 1];
      const number = w.endsWith('1') ? '1' : w.endsWith('2') ? '2' : next;
      if (number === '1' || number === '2') {
        kind = number === '1' ? 'interim1' : 'interim2';
        used.add(i);
        if (!w.endsWith('1') && !w.endsWith('2')) used.add(i + 1);
      }
    } else if (w === 'helar' || w === 'bokslut' || w === 'arsbokslut') {
      kind = 'annual';
      used.add(i);
    }
  });
  const remaining = words.filter((_, i) => !used.has(i)).join(' ');
  if (year === null && month === null && kind === null) {
    return latest ? { period: latest, rest: remaining, named: false } : null;
  }
  const candidates = (opened.length > 0 ? opened : periods).filter(
    (p) =>
      (year === null || p.year === year) &&
      (month === null || p.month === month) &&
      (kind === null || p.kind === kind),
  );
  const chosen = candidates.at(-1);
  return chosen ? { period: chosen, rest: remaining, named: true } : null;
}

export type GoalMatch =
  | { readonly kind: 'one'; readonly goal: GoalInContext }
  | { readonly kind: 'several'; readonly goals: readonly GoalInContext[] }
  | { readonly kind: 'none' };

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Typos allowed for a word of this length: none in short words, one or two in longer ones. */
function typos(length: number): number {
  return length >= 9 ? 2 : length >= 5 ? 1 : 0;
}

/**
 * How well the words of a question fit a goal: its name counts most, then its indicators' names
 * ("sjukfrånvaro" leads to Goda arbetsplatser), then its description.
 */
function score(config: CommitteeConfig, goal: GoalInContext, words: readonly string[]): number {
  const nameWords = normalise(`${goal.name} ${goal.id.replace(/-/g, ' ')}`).split(' ');
  const indicatorWords = normalise(
    goal.indicators.map((i) => config.indicatorsById.get(i.id)?.name ?? i.name).join(' '),
  ).split(' ');
  const descriptionWords = normalise(goal.description).split(' ');
  let total = 0;
  for (const w of words) {
    if (w.length < 3) continue;
    const fits = (t: string) =>
      t.startsWith(w) ||
      (w.length >= 5 && t.includes(w)) ||
      (t.length >= 3 && distance(w, t) <= typos(w.length)) ||
      // A definite form or a typo at the end: "sjukfranvaron", "egenforsorjningsgard".
      (w.length >= 8 && commonPrefix(w, t) >= Math.max(6, Math.floor(w.length * 0.7)));
    if (nameWords.some(fits)) total += 3;
    else if (indicatorWords.some(fits)) total += 2;
    else if (descriptionWords.some(fits)) total += 1;
  }
  return total;
}

/** Forgiving goal lookup: "egenförsörjning", "digitalisering", "avtalstrohet", "chef". */
export function matchGoal(config: CommitteeConfig, query: string): GoalMatch {
  const words = normalise(query)
    .split(' ')
    .filter((w) => w.length >= 3);
  if (words.length === 0) return { kind: 'none' };
  const scored = config.goalList
    .map((goal) => ({ goal, score: score(config, goal, words) }))
    .filter((s) => s.score > 0);
  if (scored.length === 0) return { kind: 'none' };
  const best = Math.max(...scored.map((s) => s.score));
  const top = scored.filter((s) => s.score === best).map((s) => s.goal);
  const [first] = top;
  return top.length === 1 && first ? { kind: 'one', goal: first } : { kind: 'several', goals: top };
}

/** Words that say "the goals in general", not which goal: "prognos för målen", "läget just nu". */
const NOT_A_GOAL = new Set([
  'mal',
  'malen',
  'malet',
  'namndmal',
  'namndmalen',
  'namndmalet',
  'status',
  'statusen',
  'alla',
  'ser',
  'ut',
  'just',
  'idag',
  'dag',
  'lage',
  'laget',
  'prognos',
  'prognosen',
  'totalt',
  'hela',
  'namnden',
  'sammanfattning',
  'oversikt',
  'vad',
  'ar',
  'och',
  'per',
  'nu',
]);

export function goalWords(rest: string): string {
  return rest
    .split(' ')
    .filter((w) => w.length >= 3 && !NOT_A_GOAL.has(w))
    .join(' ');
}
