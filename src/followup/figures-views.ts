/** The unit's "Volymer" step card (delår and helår only). Pure. */
import type { FiguresCard } from '../cards/models.js';
import type { CommitteeConfig, Unit } from '../config/load-config.js';
import {
  FIGURE_COMMENT_ID,
  FIGURE_COMMENT_MAX,
  type FiguresAnswer,
  figureBlocks,
  figureDateText,
  figuresAsked,
  figureValues,
} from './figures.js';
import type { Period } from './periods.js';
import { type StepContext, stepActions, stepHeader } from './views.js';

export function figuresCardValues(
  config: CommitteeConfig,
  unit: Unit,
  period: Period,
  answer: FiguresAnswer | null,
): Record<string, string> {
  const values = figureValues(figuresAsked(config, unit.id, period), answer?.figures);
  if (answer?.comment) values[FIGURE_COMMENT_ID] = answer.comment;
  return values;
}

export function figuresCard(ctx: StepContext, values: Readonly<Record<string, string>>): FiguresCard {
  const measures = figuresAsked(ctx.config, ctx.unit.id, ctx.period);
  return {
    header: stepHeader(ctx),
    notices: ctx.notices,
    intro: `Volymmåtten till ${ctx.period.kind === 'annual' ? 'verksamhetsberättelsen' : 'delårsrapporten'}: utfallet ${figureDateText(ctx.period)}${measures.some((m) => m.prognosis) ? ' och prognosen för helåret' : ''}. Skriv I.U. om utfall saknas.`,
    measures: figureBlocks(measures, values, ctx.period, undefined, undefined),
    comment: {
      id: FIGURE_COMMENT_ID,
      label: 'Kommentar till volymutvecklingen (valfri)',
      value: values[FIGURE_COMMENT_ID] ?? '',
      maxLength: FIGURE_COMMENT_MAX,
    },
    actions: stepActions(ctx),
  };
}

export function figuresFacts(
  config: CommitteeConfig,
  unit: Unit,
  period: Period,
  answer: FiguresAnswer | null,
): { title: string; value: string }[] {
  const values = figuresCardValues(config, unit, period, answer);
  return figuresAsked(config, unit.id, period).map((m) => {
    const value = values[`fig.${m.id}.value`] || '–';
    const prognosis = m.prognosis ? `, prognos helår ${values[`fig.${m.id}.prognosis`] || '–'}` : '';
    return { title: 'Volym', value: `${m.name}: ${value}${prognosis}` };
  });
}
