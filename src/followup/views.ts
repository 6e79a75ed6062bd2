/**
 * Card models of the follow-up's step cards, from domain data: what every step card has (header,
 * buttons), a nämndmål (with indicator-view.ts) and the economy; the uppdrag are in
 * assignments-views.ts, the Volymer in figures-views.ts. Pure: the Swedish wording and number
 * formatting of these cards lives in these files, the templates only place it. A step is shown in
 * parts that fit a phone (layout.ts); every field carries its own error message after a refused
 * submit.
 */

import type { Period } from '../calendar/periods.js';
import type {
  ActionModel,
  EconomyCard,
  FollowupHeader,
  GoalCard,
  IndicatorBlock,
  Notice,
} from '../cards/models.js';
import { Verb } from '../cards/verbs.js';
import type { CommitteeConfig, IndicatorInContext, Unit } from '../config/load-config.js';
import { formatSwedishDate, formatSwedishNumber } from '../shared/swedish-format.js';
import { lowerFirst } from '../shared/text.js';
import { unitLabel } from './access.js';
import {
  deviationTkr,
  type EconomyAnswer,
  economyFields,
  GOAL_FIELDS,
  type GoalAnswer,
  type StepItem,
  shorten,
  stepsFor,
} from './answers.js';
import { cellKeys, indicatorInputId, noOutcomeInputId } from './indicator-input.js';
import { indicatorBlock } from './indicator-view.js';
import { type Block, textHeight } from './layout.js';

export { goalValues, indicatorBlock, indicatorValues, unitTargetText } from './indicator-view.js';

/** "augusti 2024": a period's month as written inside a sentence. */
export function periodInSentence(period: Period): string {
  return lowerFirst(period.label.replace(/ – .*$/, ''));
}

export function header(
  period: Period,
  unit: Unit,
  stepText: string,
  late: boolean,
  part = '',
): FollowupHeader {
  return {
    periodLabel: period.label,
    unitLabel: unitLabel(unit),
    deadlineText: late
      ? `Sista svarsdag var ${formatSwedishDate(period.deadlineDate)} – du kan svara till och med ${formatSwedishDate(period.locksDate)}`
      : `Sista dag att svara: ${formatSwedishDate(period.deadlineDate)}`,
    stepText,
    line: [stepText && part ? `${stepText}, ${part}` : stepText, unit.shortName, periodInSentence(period)]
      .filter(Boolean)
      .join(' · '),
  };
}

export interface StepContext {
  readonly config: CommitteeConfig;
  readonly unit: Unit;
  readonly period: Period;
  readonly late: boolean;
  readonly step: StepItem;
  readonly rev: number;
  readonly notices: readonly Notice[];
  /** Messages of refused fields, by input id. */
  readonly errors: ReadonlyMap<string, string>;
  /** The parts of the step on this card, and which card of how many it is. */
  readonly blocks: readonly Block[];
  readonly part: { readonly index: number; readonly count: number };
}

/** Tillbaka, Spara, Nästa: side by side, naming the fields on the card. */
export function stepActions(ctx: StepContext): ActionModel[] {
  const base = {
    unitId: ctx.unit.id,
    periodId: ctx.period.id,
    step: ctx.step,
    rev: ctx.rev,
    fields: ctx.blocks.flatMap((b) => b.fields),
  };
  return [
    { title: 'Tillbaka', data: { verb: Verb.back, ...base } },
    { title: 'Spara', data: { verb: Verb.save, ...base } },
    { title: 'Nästa', data: { verb: Verb.next, ...base }, style: 'positive' },
  ];
}

export function stepHeader(ctx: StepContext): FollowupHeader {
  const steps = stepsFor(ctx.unit, ctx.period);
  const index = steps.indexOf(ctx.step);
  const part = ctx.part.count > 1 ? `del ${ctx.part.index + 1} av ${ctx.part.count}` : '';
  return header(ctx.period, ctx.unit, `Steg ${index + 1} av ${steps.length}`, ctx.late, part);
}

/**
 * The header line, the heading, the notices (on a step's first card "Sparat" and "Förifyllt från
 * juli", two lines; later "Sparat"), a sub-heading and the buttons: what every step card has.
 */
export function stepChrome(heading: string, first: boolean): number {
  return 18 + textHeight(heading, 'heading') + (first ? 64 : 22) + 24 + 50 + 30;
}

/** The message of a refused field, or none. */
export const errorOf = (ctx: StepContext, id: string) => ctx.errors.get(id) ?? '';
/** Whether a part (by its block key) is on this card. */
export const shown = (ctx: StepContext, key: string) => ctx.blocks.some((b) => b.key === key);

// ── a nämndmål ───────────────────────────────────────────────────────────────────────────────────

const HEAD = 'head';

/** Results and deviations are shown as fields when one is empty or refused, else summarised. */
function textsOpen(values: Readonly<Record<string, string>>, errors: ReadonlyMap<string, string>): boolean {
  return (
    !values.results?.trim() ||
    !values.deviations?.trim() ||
    errors.has(GOAL_FIELDS.results.id) ||
    errors.has(GOAL_FIELDS.deviations.id) ||
    errors.has(GOAL_FIELDS.activities.id)
  );
}

function indicatorHeight(block: IndicatorBlock): number {
  return (
    textHeight(block.name, 'bold') +
    textHeight(`${block.previousText} · ${block.targetText}`, 'small') +
    textHeight(block.hint, 'small') +
    textHeight(block.error, 'small') +
    52 +
    14
  );
}

/** A goal's parts: its status and texts, then each indicator. */
export function goalBlocks(
  config: CommitteeConfig,
  unit: Unit,
  period: Period,
  indicators: readonly IndicatorInContext[],
  values: Readonly<Record<string, string>>,
  errors: ReadonlyMap<string, string>,
  previous: { period: Period; answer: GoalAnswer } | null,
): Block[] {
  const errorHeight = [
    GOAL_FIELDS.status,
    GOAL_FIELDS.results,
    GOAL_FIELDS.deviations,
    GOAL_FIELDS.activities,
  ].reduce((sum, f) => sum + textHeight(errors.get(f.id) ?? '', 'small'), 0);
  const head: Block = {
    key: HEAD,
    fields: [
      GOAL_FIELDS.status.id,
      GOAL_FIELDS.results.id,
      GOAL_FIELDS.deviations.id,
      GOAL_FIELDS.activities.id,
    ],
    height: 70 + (textsOpen(values, errors) ? 3 * 78 + 46 : 48 + 46) + errorHeight,
  };
  return [
    head,
    ...indicators.map((i) => ({
      key: i.id,
      fields: [...cellKeys(i).map((k) => indicatorInputId(i.id, k)), noOutcomeInputId(i.id)],
      height: indicatorHeight(
        indicatorBlock(
          config,
          unit,
          period,
          i,
          values,
          previous?.answer.indicators[i.id],
          previous?.period,
          errors,
        ),
      ),
    })),
  ];
}

export function goalCard(
  ctx: StepContext,
  goalId: string,
  indicators: readonly IndicatorInContext[],
  values: Readonly<Record<string, string>>,
  previous: { period: Period; answer: GoalAnswer } | null,
): GoalCard {
  const { config } = ctx;
  const goal = config.goalsById.get(goalId);
  if (!goal) throw new Error(`unknown goal ${goalId}`);
  const statusLabel = (id: string | null) =>
    config.goals.statusScale.find((s) => s.id === id)?.label ?? 'ingen prognos';
  const previousText = previous
    ? `${previous.period.label}: ${statusLabel(previous.answer.statusId)}.${
        previous.answer.results ? ` Resultat: ${shorten(previous.answer.results, 300)}` : ''
      }${previous.answer.deviations ? ` Avvikelser: ${shorten(previous.answer.deviations, 300)}` : ''}`
    : '';
  const field = (f: { readonly id: string; readonly label: string }, placeholder: string) => ({
    id: f.id,
    label: f.label,
    value: values[f.id] ?? '',
    placeholder,
    error: errorOf(ctx, f.id),
  });
  const results = field(GOAL_FIELDS.results, 'Ett urval resultat som bidragit till utvecklingen mot målet');
  const deviations = field(
    GOAL_FIELDS.deviations,
    'Avvikelser i verksamhetsplanens aktiviteter och vad som görs, eller ”Inga avvikelser”',
  );
  const activities = field(GOAL_FIELDS.activities, 'Andra genomförda aktiviteter som bidragit till målet');
  const head = shown(ctx, HEAD);
  const onCard = indicators.filter((i) => shown(ctx, i.id));
  const month = periodInSentence(ctx.period).replace(/ \d+$/, '');
  return {
    header: stepHeader(ctx),
    notices: ctx.notices,
    goalName: goal.name,
    about: head
      ? {
          description: goal.description,
          context: `Målområde ${goal.areaName} · ${goal.municipalGoalName}`,
          previous: previousText,
        }
      : null,
    status: head
      ? {
          id: GOAL_FIELDS.status.id,
          label: `Prognos för helåret ${ctx.period.year}`,
          value: values.status ?? '',
          choices: config.goals.statusScale.map((s) => ({ title: s.label, value: s.id })),
          error: errorOf(ctx, GOAL_FIELDS.status.id),
        }
      : null,
    texts: head
      ? {
          open: textsOpen(values, ctx.errors),
          summary: `Resultat: ${shorten(results.value, 40)} Avvikelser: ${shorten(deviations.value, 30)}${
            activities.value.trim() ? ` Övrigt: ${shorten(activities.value, 20)}` : ''
          }`,
          results: { ...results, label: 'Resultat som bidragit till utvecklingen' },
          deviations: { ...deviations, label: 'Avvikelser i verksamhetsplanens aktiviteter och åtgärder' },
          activities: {
            ...activities,
            label: 'Övriga aktiviteter som bidragit till måluppfyllelse (valfritt)',
          },
        }
      : null,
    indicatorsTitle: onCard.length > 0 ? `Indikatorer – utfall för ${month}` : '',
    indicators: onCard.map((i) =>
      indicatorBlock(
        config,
        ctx.unit,
        ctx.period,
        i,
        values,
        previous?.answer.indicators[i.id],
        previous?.period,
        ctx.errors,
      ),
    ),
    actions: stepActions(ctx),
  };
}

// ── the economy ──────────────────────────────────────────────────────────────────────────────────

export function economyValues(answer: EconomyAnswer | null): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [rowId, row] of Object.entries(answer?.rows ?? {})) {
    values[`eco.${rowId}.prognosis`] = row.prognosisTkr === null ? '' : formatSwedishNumber(row.prognosisTkr);
    values[`eco.${rowId}.comment`] = row.comment;
  }
  return values;
}

/** The economy's parts: one per budget row. */
export function economyBlocks(
  config: CommitteeConfig,
  unit: Unit,
  errors: ReadonlyMap<string, string>,
): Block[] {
  return unit.reports.economyRows.map((rowId) => {
    const name = config.economy.rows.find((r) => r.id === rowId)?.name ?? rowId;
    const fields = economyFields(rowId, name);
    const errorHeight =
      textHeight(errors.get(fields.prognosis.id) ?? '', 'small') +
      textHeight(errors.get(fields.comment.id) ?? '', 'small');
    return {
      key: rowId,
      fields: [fields.prognosis.id, fields.comment.id],
      height: textHeight(name, 'bold') + 32 + 62 + 16 + 78 + 14 + errorHeight,
    };
  });
}

export function economyCard(
  ctx: StepContext,
  values: Readonly<Record<string, string>>,
  current: EconomyAnswer | null,
  previous: { period: Period; answer: EconomyAnswer } | null,
): EconomyCard {
  const { config, unit, period } = ctx;
  const year = String(period.year);
  const threshold = formatSwedishNumber(config.economy.commentThresholdTkr);
  return {
    header: stepHeader(ctx),
    notices: ctx.notices,
    intro: `Nettokostnad ${year} i tkr. Avviker prognosen mer än ${threshold} tkr från budget krävs en kommentar.`,
    rows: unit.reports.economyRows.flatMap((rowId) => {
      const row = config.economy.rows.find((r) => r.id === rowId);
      if (!row || !shown(ctx, rowId)) return [];
      const fields = economyFields(rowId, row.name);
      const budget = row.budget[year];
      const prognosis = current?.rows[rowId]?.prognosisTkr ?? null;
      const prev = previous?.answer.rows[rowId]?.prognosisTkr;
      const context = [
        budget === undefined
          ? `Budget ${year} saknas i konfigurationen`
          : `Budget ${year}: ${formatSwedishNumber(budget)} tkr`,
        prev !== undefined && prev !== null && previous
          ? `${periodInSentence(previous.period)}: ${formatSwedishNumber(prev)} tkr`
          : '',
      ];
      return [
        {
          rowId,
          name: row.name,
          contextText: context.filter(Boolean).join(' · '),
          deviationText:
            budget !== undefined && prognosis !== null
              ? `Avvikelse: ${formatSwedishNumber(deviationTkr(budget, prognosis))} tkr (budget − prognos)`
              : '',
          prognosis: {
            id: fields.prognosis.id,
            label: 'Prognos helår (tkr)',
            value: values[fields.prognosis.id] ?? '',
            placeholder: `t.ex. ${formatSwedishNumber(budget ?? 113_400)}`,
            error: errorOf(ctx, fields.prognosis.id),
          },
          comment: {
            id: fields.comment.id,
            label: 'Kommentar',
            value: values[fields.comment.id] ?? '',
            placeholder: `Krävs vid avvikelse över ${threshold} tkr`,
            error: errorOf(ctx, fields.comment.id),
          },
        },
      ];
    }),
    actions: stepActions(ctx),
  };
}
