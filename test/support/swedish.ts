/**
 * What a Swedish editor would mark in a text a person reads: straight or English quotation marks
 * (Swedish uses ”…”), a month name capitalised in the middle of a sentence ("(Juli 2024)"), and
 * "1" with a plural noun ("1 enheter").
 */

const MONTHS = 'Januari|Februari|Mars|April|Maj|Juni|Juli|Augusti|September|Oktober|November|December';

/** A capitalised month after a word, a number, a comma, a colon, a dash or an opening parenthesis. */
const MONTH_MID_SENTENCE = new RegExp(`(?:[\\p{L}\\d,:–-]\\s+|\\()(?:${MONTHS})\\b`, 'u');

/** "1" followed by a plural where Swedish wants the singular. */
const ONE_PLURAL =
  /(?<![\d,])\b1\s(enheter|uppgifter|indikatorer|minuter|arbetsdagar|dagar|klara|rader|personer|fält behöver|nämndmål har)\b/u;

export interface TextProblem {
  readonly text: string;
  readonly problem: string;
}

/** The problems of one text a person reads; none for a text that is only a number or an id. */
export function swedishProblems(text: string): TextProblem[] {
  const problems: TextProblem[] = [];
  if (!/\p{L}{2,}/u.test(text)) return problems;
  if (text.includes('"')) problems.push({ text, problem: 'raka citattecken (skriv ”…”)' });
  if (/[“„]/.test(text)) problems.push({ text, problem: 'engelska citattecken (skriv ”…”)' });
  if (MONTH_MID_SENTENCE.test(text))
    problems.push({ text, problem: 'månadsnamn med stor bokstav mitt i en mening' });
  if (ONE_PLURAL.test(text)) problems.push({ text, problem: 'plural efter ”1”' });
  return problems;
}

/**
 * Every text of a card a person reads: TextBlocks, facts, input labels and placeholders, choice and
 * button titles. Input values are what the person typed, not ours, and are left out.
 */
export function cardTexts(card: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    const type = typeof o.type === 'string' ? o.type : '';
    if (type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
    if (type === 'FactSet' && Array.isArray(o.facts)) {
      for (const f of o.facts as { title?: string; value?: string }[]) out.push(f.title ?? '', f.value ?? '');
    }
    if (type.startsWith('Input.')) {
      for (const key of ['label', 'placeholder', 'title'] as const)
        if (typeof o[key] === 'string') out.push(o[key] as string);
      if (Array.isArray(o.choices))
        for (const c of o.choices as { title?: string }[]) out.push(c.title ?? '');
    }
    if (type.startsWith('Action.') && typeof o.title === 'string') out.push(o.title);
    for (const [key, value] of Object.entries(o)) if (key !== 'data' && key !== 'choices') walk(value);
  };
  walk(card);
  return out.filter((t) => t !== '');
}
