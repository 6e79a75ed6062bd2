/** The unit's "Volymer" step card (delår and helår only), in parts of about one screen. Pure. */

import type { Period } from '../calendar/periods.js';
import type { FiguresCard } from '../cards/models.js';
import type { CommitteeConfig, Unit } from '../config/load-config.js';
import {
  FIGURE_COMMENT_ID,
  FIGURE_COMMENT_MAX,
  type FigureMeasure,
  type FiguresAnswer,
  figureBlocks,
  figureDateText,
  figureInputId,
  figuresAsked,
  figureValues,
} from './figures.js';
import { type Block, textHeight } from './layout.js';
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

function measureFields(m: FigureMeasure): string[] {
  return [
    figureInputId(m.id, 'value'),
    ...m.parts.map((p) => figureInputId(m.id, `part.${p.id}`)),
    ...(m.prognosis ? [figureInputId(m.id, 'prognosis')] : []),
  ];
}

/** The step's parts: each measure, then the comment. */
export function figuresBlocks(
  config: CommitteeConfig,
  unit: Unit,
  period: Period,
  errors: ReadonlyMap<string, string>,
): Block[] {
  const measures = figuresAsked(config, unit.id, period);
  return [
    ...measures.map((m) => {
      const fields = measureFields(m);
      return {
        key: m.id,
        fields,
        height:
          textHeight(m.name, 'bold') +
          fields.length * 70 +
          fields.reduce((sum, f) => sum + textHeight(errors.get(f) ?? '', 'small'), 0) +
          14,
      };
    }),
    {
      key: FIGURE_COMMENT_ID,
      fields: [FIGURE_COMMENT_ID],
      height: 100 + textHeight(errors.get(FIGURE_COMMENT_ID) ?? '', 'small'),
    },
  ];
}

export function figuresCard(ctx: StepContext, values: Readonly<Record<string, string>>): FiguresCard {
  const shown = (key: string) => ctx.blocks.some((b) => b.key === key);
  const measures = figuresAsked(ctx.config, ctx.unit.id, ctx.period);
  return {
    header: stepHeader(ctx),
    notices: ctx.notices,
    intro:
      ctx.part.index === 0
        ? `Volymmåtten till ${ctx.period.kind === 'annual' ? 'verksamhetsberättelsen' : 'delårsrapporten'}: utfallet ${figureDateText(ctx.period)}${measures.some((m) => m.prognosis) ? ' och prognosen för helåret' : ''}. Skriv I.U. om utfall saknas.`
        : '',
    measures: figureBlocks(
      measures.filter((m) => shown(m.id)),
      values,
      ctx.period,
      undefined,
      undefined,
      ctx.errors,
    ),
    comment: shown(FIGURE_COMMENT_ID)
      ? {
          id: FIGURE_COMMENT_ID,
          label: 'Kommentar till volymutvecklingen (valfri)',
          value: values[FIGURE_COMMENT_ID] ?? '',
          maxLength: FIGURE_COMMENT_MAX,
          error: ctx.errors.get(FIGURE_COMMENT_ID) ?? '',
        }
      : null,
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
