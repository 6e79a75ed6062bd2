/**
 * The controller's committee card as a whole: the committee-wide indicators, and in a delår or
 * helår the volume and personnel figures from systems and the texts under those tables. Pure.
 */

import type { Period } from '../calendar/periods.js';
import type { CommitteeConfig } from '../config/load-config.js';
import {
  COMMITTEE_TEXTS,
  type CommitteeIndicatorsAnswer,
  type CommitteeTextId,
  type FieldError,
  type Parsed,
  parseCommitteeInput,
} from '../followup/answers.js';
import { figuresAsked, figureValues, parseFigures } from '../followup/figures.js';
import { cleanUserText } from '../shared/user-text.js';
import { committeeIndicators } from './views.js';

export const COMMITTEE_TEXT_MAX = 3_000;

export function committeeTextId(id: CommitteeTextId): string {
  return `txt.${id}`;
}

/** The texts the controller writes in `period`: none in a month, the table comments and internkontroll otherwise. */
export function committeeTextsAsked(config: CommitteeConfig, period: Period): CommitteeTextId[] {
  if (period.kind === 'month') return [];
  const ids: CommitteeTextId[] = [];
  if (config.volumes.measures.some((m) => m.askIn.includes(period.kind as never))) ids.push('volumes');
  if (config.personnel.measures.some((m) => m.askIn.includes(period.kind as never))) ids.push('personnel');
  if (config.assignments.internalControl.length > 0) ids.push('internalControl');
  return ids;
}

export function parseControllerCommittee(
  config: CommitteeConfig,
  period: Period,
  values: Readonly<Record<string, unknown>>,
): Parsed<CommitteeIndicatorsAnswer> {
  const parsed = parseCommitteeInput(committeeIndicators(config, period), values);
  const errors = [...parsed.errors];
  const measures = figuresAsked(config, 'controller', period);
  const figureIssues: FieldError[] = [];
  const figures = parseFigures(measures, values, figureIssues);
  errors.push(...figureIssues.map((i) => `${i.label}: ${i.message}`));
  const texts: Partial<Record<CommitteeTextId, string>> = {};
  for (const id of committeeTextsAsked(config, period)) {
    const raw = values[committeeTextId(id)];
    const text = typeof raw === 'string' ? cleanUserText(raw).trim() : '';
    if (text.length > COMMITTEE_TEXT_MAX)
      errors.push(
        `${COMMITTEE_TEXTS[id]}: ${text.length} tecken, högst ${COMMITTEE_TEXT_MAX} får plats. Korta texten.`,
      );
    else if (text !== '') texts[id] = text;
  }
  return {
    value: {
      ...parsed.value,
      ...(measures.length > 0 ? { figures } : {}),
      ...(Object.keys(texts).length > 0 ? { texts } : {}),
    },
    errors,
  };
}

/** The card's values of the figures and texts from a stored answer. */
export function committeeExtraValues(
  config: CommitteeConfig,
  period: Period,
  answer: CommitteeIndicatorsAnswer | null,
): Record<string, string> {
  const values = figureValues(figuresAsked(config, 'controller', period), answer?.figures);
  for (const id of committeeTextsAsked(config, period)) {
    const text = answer?.texts?.[id];
    if (text) values[committeeTextId(id)] = text;
  }
  return values;
}
