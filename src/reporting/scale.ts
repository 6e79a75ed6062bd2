/** The configured status scale: levels by id or by meaning, and its report sentences. Pure. */

import type { Period } from '../calendar/periods.js';
import type { CommitteeConfig } from '../config/load-config.js';
import type { StatusRef } from './report-model.js';
import { periodPhrase } from './texts.js';

export type Scale = CommitteeConfig['goals']['statusScale'];

export function statusRef(level: Scale[number]): StatusRef {
  return { id: level.id, label: level.label, colour: level.colour, meaning: level.meaning };
}

export function scaleLevel(scale: Scale, id: string | null | undefined): StatusRef | null {
  const level = scale.find((s) => s.id === id);
  if (level) return statusRef(level);
  // A stored status no longer on the scale is shown as it was, and weighs as not assessable.
  return id ? { id, label: id, colour: '#9E9E9E', meaning: 'not_assessable' } : null;
}

export function levelFor(scale: Scale, meaning: StatusRef['meaning']): StatusRef | null {
  const level = scale.find((s) => s.meaning === meaning);
  return level ? statusRef(level) : null;
}

/** The level's report sentence in the layout's tense: the outcome form in a helår when configured. */
export function sentenceFor(level: Scale[number], tense: 'forecast' | 'outcome'): string {
  return tense === 'outcome' ? (level.outcomeSentence ?? level.sentence) : level.sentence;
}

export function fillSentence(sentence: string, period: Period): string {
  return sentence.replaceAll('{year}', String(period.year)).replaceAll('{period}', periodPhrase(period));
}
