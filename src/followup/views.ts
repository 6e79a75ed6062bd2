/**
 * Card models of the follow-up, from domain data. Pure: all Swedish wording and number
 * formatting of the follow-up cards lives here, the templates only place it.
 */

import type {
  ActionModel,
  AssignmentsCard,
  EconomyCard,
  FollowupHeader,
  GoalCard,
  IndicatorBlock,
  Notice,
  NumberInput,
  ProgressState,
  StartCard,
  SummaryCard,
} from '../cards/models.js';
import { Verb } from '../cards/verbs.js';
import type { CommitteeConfig, IndicatorInContext, Unit } from '../config/load-config.js';
import type { Target } from '../config/target.js';
import { formatSwedishNumber } from '../shared/swedish-number.js';
import { genitive } from '../shared/text.js';
import { type Identity, unitLabel } from './access.js';
import {
  type AssignmentsAnswer,
  COMMENT_MAX,
  cellKeys,
  deviationTkr,
  type EconomyAnswer,
  type GoalAnswer,
  type IndicatorOutcome,
  indicatorInputId,
  type StepId,
  shorten,
  stepsFor,
  TEXT_MAX,
  unitPart,
} from './answers.js';
import { formatSwedishDate, type Period } from './periods.js';

export const PROGRESS_LABEL: Record<ProgressState, string> = {
  'ej-paborjad': 'Ej påbörjad',
  utkast: 'Utkast',
  klar: 'Klar',
};

function dateTimeFormats(timeZone: string): readonly [Intl.DateTimeFormat, Intl.DateTimeFormat] {
  return [
    new Intl.DateTimeFormat('sv-SE', { timeZone, day: 'numeric', month: 'long' }),
    new Intl.DateTimeFormat('sv-SE', { timeZone, hour: '2-digit', minute: '2-digit' }),
  ];
}

// Made once for the usual zone: constructing Intl formatters dominates a card's formatting cost.
const STOCKHOLM = dateTimeFormats('Europe/Stockholm');

export function formatTime(iso: string, timeZone: string): string {
  const d = new Date(iso);
  const [date, time] = timeZone === 'Europe/Stockholm' ? STOCKHOLM : dateTimeFormats(timeZone);
  return `${date.format(d)} kl. ${time.format(d)}`;
}

export function header(period: Period, unit: Unit, stepText: string, late: boolean): FollowupHeader {
  return {
    periodLabel: period.label,
    unitLabel: unitLabel(unit),
    deadlineText: late
      ? `Sista svarsdag var ${formatSwedishDate(period.deadlineDate)} – du kan svara till och med ${formatSwedishDate(period.locksDate)}`
      : `Sista dag att svara: ${formatSwedishDate(period.deadlineDate)}`,
    stepText,
  };
}

export function stepTitle(config: CommitteeConfig, step: StepId): string {
  if (step === 'economy') return 'Ekonomi – prognos helår';
  if (step === 'assignments') return 'Uppdrag och internkontroll';
  if (step === 'figures') return 'Volymer';
  if (step === 'summary') return 'Granska och skicka in';
  if (step === 'submission') return 'Inskickning';
  return config.goalsById.get(step.slice('goal:'.length))?.name ?? step;
}

function num(value: number | null | undefined, decimals: number): string {
  return value === null || value === undefined ? '' : formatSwedishNumber(value, decimals);
}

const COMPARATOR_TEXT: Record<string, string> = {
  '>=': 'minst',
  '<=': 'högst',
  '>': 'över',
  '<': 'under',
  '=': 'exakt',
};

export function targetText(target: Target | undefined, indicator: IndicatorInContext): string {
  if (!target) return 'inget målvärde';
  switch (target.kind) {
    case 'value': {
      const value = `${formatSwedishNumber(target.value, indicator.decimals)}${indicator.unit === '%' ? ' %' : ''}`;
      if (target.comparator) return `${COMPARATOR_TEXT[target.comparator]} ${value}`;
      return indicator.better === 'lower'
        ? `${value} (lägre är bättre)`
        : indicator.better === 'higher'
          ? `${value} (högre är bättre)`
          : value;
    }
    case 'direction':
      return target.direction === 'increase' ? 'ska öka' : 'ska minska';
    case 'text':
      return target.text;
    case 'none':
      return 'inget målvärde (I.U.)';
  }
}

/** The target line of a unit's card: its own part's target, never the committee's as if it were its own. */
export function unitTargetText(
  config: CommitteeConfig,
  indicator: IndicatorInContext,
  unit: Unit,
  year: string,
): string {
  const targets = indicator.targets[year];
  const { partId, label, reporters } = unitPart(config, indicator, unit);
  const own = partId !== null ? targets?.parts?.[partId]?.total : undefined;
  if (own) return `Målvärde ${year} för ${label}: ${targetText(own, indicator)}`;
  if (reporters > 1) {
    return (
      `Du rapporterar ${genitive(unit.shortName)} del; nämndens värde räknas samman av ${reporters} enheter. ` +
      `Målvärdet ${year} gäller hela nämnden: ${targetText(targets?.total, indicator)}`
    );
  }
  return `Målvärde ${year}: ${targetText(targets?.total, indicator)}`;
}

function latestHistory(config: CommitteeConfig, indicator: IndicatorInContext, unit?: Unit): string {
  const partName = (id: string) => config.unitsById.get(id)?.shortName ?? id;
  const part = unit ? unitPart(config, indicator, unit) : null;
  for (const h of [...indicator.history].reverse()) {
    // A unit reporting its part sees its part's history, not the whole's.
    const own = part?.partId ? h.parts?.[part.partId]?.total : undefined;
    if (own !== undefined && own !== null)
      return `${num(own, indicator.decimals)} (${part?.label}, ${h.label})`;
    if (part && part.reporters > 1) {
      // Several units add up to the whole: the whole's value is context, not the unit's own.
      if (h.total !== undefined && h.total !== null)
        return `inget eget för ${part.label} (hela nämnden: ${num(h.total, indicator.decimals)}, ${h.label})`;
      continue;
    }
    if (h.total !== undefined && h.total !== null) return `${num(h.total, indicator.decimals)} (${h.label})`;
    const parts = Object.entries(h.parts ?? {})
      .filter(([, c]) => c.total !== undefined && c.total !== null)
      .map(([id, c]) => `${partName(id)}: ${num(c.total, indicator.decimals)}`);
    if (parts.length > 0) return `${parts.join(', ')} (${h.label})`;
  }
  return 'inget tidigare utfall';
}

function outcomeText(indicator: IndicatorInContext, outcome: IndicatorOutcome | undefined): string {
  if (!outcome) return '–';
  if (outcome.noOutcome) return 'I.U.';
  const unit = indicator.unit === '%' ? ' %' : indicator.unit === 'antal' ? '' : ` ${indicator.unit}`;
  const cells = cellKeys(indicator)
    .filter((k) => outcome.value[k] !== null)
    .map((k) => {
      const label = k === 'total' ? '' : k === 'kvinnor' ? 'kvinnor ' : 'män ';
      return `${label}${num(outcome.value[k], indicator.decimals)}${unit}`;
    });
  return cells.length > 0 ? cells.join(', ') : '–';
}

const CELL_LABEL = { total: 'Totalt', kvinnor: 'Kvinnor', man: 'Män' } as const;

export function indicatorBlock(
  config: CommitteeConfig,
  /** The unit answering, or null for the controller's committee-wide figures. */
  unit: Unit | null,
  period: Period,
  indicator: IndicatorInContext,
  values: Readonly<Record<string, string>>,
  previous: IndicatorOutcome | undefined,
  previousPeriod: Period | undefined,
): IndicatorBlock {
  const year = String(period.year);
  const keys = cellKeys(indicator);
  const inputs: NumberInput[] = [];
  const unitText = indicator.unit === 'antal' ? 'antal' : indicator.unit;
  const placeholder = indicator.unit === 'antal' ? 't.ex. 3 090' : 't.ex. 4,5';
  let hint = '';
  if (indicator.aggregation.kind === 'share') {
    const { numerator, denominator } = indicator.aggregation;
    const what = indicator.unit === '%' ? 'Andelen' : 'Värdet';
    hint = `${what} räknas ut av antalen: ${numerator.toLowerCase()} delat med ${denominator.toLowerCase()}.${
      keys.length > 1 ? ' Totalen räknas ut av kvinnor och män om du lämnar den tom.' : ''
    }`;
    for (const k of keys) {
      const prefix = keys.length > 1 ? `${CELL_LABEL[k]} – ` : '';
      for (const [part, label] of [
        ['num', numerator],
        ['den', denominator],
      ] as const) {
        const id = indicatorInputId(indicator.id, part, k);
        inputs.push({ id, label: `${prefix}${label}`, value: values[id] ?? '', placeholder: 't.ex. 120' });
      }
    }
  } else {
    for (const k of keys) {
      const id = indicatorInputId(indicator.id, 'value', k);
      const label = keys.length > 1 ? `${CELL_LABEL[k]} (${unitText})` : `Utfall (${unitText})`;
      inputs.push({ id, label, value: values[id] ?? '', placeholder });
    }
  }
  const iuId = `ind.${indicator.id}.iu`;
  const previousText =
    previous && previousPeriod
      ? `Förra perioden (${previousPeriod.label}): ${outcomeText(indicator, previous)}`
      : `Senaste utfall: ${latestHistory(config, indicator, unit ?? undefined)}`;
  return {
    id: indicator.id,
    name: indicator.name,
    previousText,
    targetText: unit
      ? unitTargetText(config, indicator, unit, year)
      : `Målvärde ${year}: ${targetText(indicator.targets[year]?.total, indicator)}`,
    hint,
    inputs,
    noOutcome: {
      id: iuId,
      label: 'Utfall saknas?',
      title: 'Inget utfall ännu (I.U.)',
      value: values[iuId] === 'true' ? 'true' : 'false',
    },
  };
}

/** Input values of a goal card from a stored (or prefilled) answer, as the card shows them. */
export function goalValues(
  indicators: readonly IndicatorInContext[],
  answer: GoalAnswer | null,
): Record<string, string> {
  const values: Record<string, string> = {};
  if (!answer) return values;
  values.status = answer.statusId ?? '';
  values.results = answer.results;
  values.deviations = answer.deviations;
  values.activities = answer.activities ?? '';
  return { ...values, ...indicatorValues(indicators, answer.indicators) };
}

/** Input values of indicator blocks from stored outcomes (a unit's goal answer or the controller's). */
export function indicatorValues(
  indicators: readonly IndicatorInContext[],
  outcomes: Readonly<Record<string, IndicatorOutcome>>,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const indicator of indicators) {
    const outcome = outcomes[indicator.id];
    if (!outcome) continue;
    values[`ind.${indicator.id}.iu`] = outcome.noOutcome ? 'true' : 'false';
    for (const k of cellKeys(indicator)) {
      if (indicator.aggregation.kind === 'share') {
        values[indicatorInputId(indicator.id, 'num', k)] = num(outcome.numerator?.[k], 0);
        values[indicatorInputId(indicator.id, 'den', k)] = num(outcome.denominator?.[k], 0);
      } else {
        values[indicatorInputId(indicator.id, 'value', k)] = num(outcome.value[k], indicator.decimals);
      }
    }
  }
  return values;
}

export interface StepContext {
  readonly config: CommitteeConfig;
  readonly unit: Unit;
  readonly period: Period;
  readonly late: boolean;
  readonly step: StepId;
  readonly rev: number;
  readonly notices: readonly Notice[];
}

export function stepActions(ctx: StepContext): ActionModel[] {
  const base = { unitId: ctx.unit.id, periodId: ctx.period.id, step: ctx.step, rev: ctx.rev };
  return [
    { title: 'Tillbaka', data: { verb: Verb.back, ...base } },
    { title: 'Spara utkast', data: { verb: Verb.save, ...base } },
    { title: 'Nästa', data: { verb: Verb.next, ...base }, style: 'positive' },
  ];
}

export function stepHeader(ctx: StepContext): FollowupHeader {
  const steps = stepsFor(ctx.unit, ctx.period);
  const index = steps.indexOf(ctx.step);
  return header(ctx.period, ctx.unit, `Steg ${index + 1} av ${steps.length}`, ctx.late);
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
  return {
    header: stepHeader(ctx),
    notices: ctx.notices,
    goalName: goal.name,
    goalDescription: goal.description,
    context: `Målområde ${goal.areaName} · ${goal.municipalGoalName}`,
    previousText,
    status: {
      id: 'status',
      label: `Prognos för helåret ${ctx.period.year}`,
      value: values.status ?? '',
      choices: config.goals.statusScale.map((s) => ({ title: s.label, value: s.id })),
    },
    results: {
      id: 'results',
      label: 'Resultat som bidragit till utvecklingen',
      value: values.results ?? '',
      placeholder: 'Ett urval resultat som bidragit till utvecklingen mot målet',
      maxLength: TEXT_MAX,
    },
    deviations: {
      id: 'deviations',
      label: 'Avvikelser i verksamhetsplanens aktiviteter och åtgärder',
      value: values.deviations ?? '',
      placeholder:
        'Avvikelser och vad som görs åt dem, eller "Inga avvikelser inom aktiviteterna i verksamhetsplanen"',
      maxLength: TEXT_MAX,
    },
    activities: {
      id: 'activities',
      label: 'Övriga aktiviteter som bidragit till måluppfyllelse (valfritt)',
      value: values.activities ?? '',
      placeholder: 'Andra genomförda aktiviteter som bidragit till målet',
      maxLength: TEXT_MAX,
    },
    indicatorsTitle: indicators.length > 0 ? 'Indikatorer som enheten rapporterar' : '',
    indicators: indicators.map((i) =>
      indicatorBlock(
        config,
        ctx.unit,
        ctx.period,
        i,
        values,
        previous?.answer.indicators[i.id],
        previous?.period,
      ),
    ),
    actions: stepActions(ctx),
  };
}

export function economyValues(answer: EconomyAnswer | null): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [rowId, row] of Object.entries(answer?.rows ?? {})) {
    values[`eco.${rowId}.prognosis`] = num(row.prognosisTkr, 0);
    values[`eco.${rowId}.comment`] = row.comment;
  }
  return values;
}

export function economyCard(
  ctx: StepContext,
  values: Readonly<Record<string, string>>,
  current: EconomyAnswer | null,
  previous: { period: Period; answer: EconomyAnswer } | null,
): EconomyCard {
  const { config, unit, period } = ctx;
  const year = String(period.year);
  const threshold = config.economy.commentThresholdTkr;
  return {
    header: stepHeader(ctx),
    notices: ctx.notices,
    intro: `Ange enhetens prognos för helåret ${year} i tkr (nettokostnad). Avvikelse = budget − prognos, så ett underskott blir negativt. Avviker prognosen mer än ${formatSwedishNumber(threshold)} tkr från budget krävs en kommentar.`,
    rows: unit.reports.economyRows.flatMap((rowId) => {
      const row = config.economy.rows.find((r) => r.id === rowId);
      if (!row) return [];
      const budget = row.budget[year];
      const prognosis = current?.rows[rowId]?.prognosisTkr ?? null;
      const prev = previous?.answer.rows[rowId]?.prognosisTkr;
      return [
        {
          rowId,
          name: row.name,
          budgetText:
            budget === undefined
              ? `Budget ${year} saknas i konfigurationen`
              : `Budget ${year}: ${formatSwedishNumber(budget)} tkr`,
          previousText:
            prev !== undefined && prev !== null && previous
              ? `Förra prognosen (${previous.period.label}): ${formatSwedishNumber(prev)} tkr`
              : '',
          deviationText:
            budget !== undefined && prognosis !== null
              ? `Avvikelse: ${formatSwedishNumber(deviationTkr(budget, prognosis))} tkr (budget − prognos)`
              : '',
          prognosis: {
            id: `eco.${rowId}.prognosis`,
            label: 'Prognos helår (tkr)',
            value: values[`eco.${rowId}.prognosis`] ?? '',
            placeholder: budget === undefined ? 't.ex. 113 400' : `t.ex. ${formatSwedishNumber(budget)}`,
          },
          comment: {
            id: `eco.${rowId}.comment`,
            label: `Kommentar till prognosen (krävs vid avvikelse över ${formatSwedishNumber(threshold)} tkr)`,
            value: values[`eco.${rowId}.comment`] ?? '',
            maxLength: COMMENT_MAX,
          },
        },
      ];
    }),
    actions: stepActions(ctx),
  };
}

export function assignmentValues(answer: AssignmentsAnswer | null): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [id, item] of Object.entries(answer?.items ?? {})) {
    values[`upd.${id}.status`] = item.statusId ?? '';
    values[`upd.${id}.comment`] = item.comment;
  }
  return values;
}

const GROUP_TITLE = {
  kommungemensamt: 'Strategiska utvecklingsuppdrag (kommungemensamma)',
  namndspecifikt: 'Strategiska utvecklingsuppdrag (nämndspecifika)',
  namnduppdrag: 'Nämnduppdrag',
  internkontroll: 'Internkontroll',
} as const;

export function assignmentsCard(ctx: StepContext, values: Readonly<Record<string, string>>): AssignmentsCard {
  const { config, unit } = ctx;
  const scale = config.assignments.statusScale.map((s) => ({ title: s.label, value: s.id }));
  const groups = (Object.keys(GROUP_TITLE) as (keyof typeof GROUP_TITLE)[])
    .map((kind) => ({
      title: GROUP_TITLE[kind],
      items: unit.reports.assignments
        .map((id) => config.assignmentsById.get(id))
        .filter((a) => a?.kind === kind)
        .map((a) => ({
          itemId: a?.id ?? '',
          text: a?.text ?? '',
          status: {
            id: `upd.${a?.id}.status`,
            label: 'Status',
            value: values[`upd.${a?.id}.status`] ?? '',
            choices: scale,
          },
          comment: {
            id: `upd.${a?.id}.comment`,
            label: 'Kommentar',
            value: values[`upd.${a?.id}.comment`] ?? '',
            maxLength: COMMENT_MAX,
          },
        })),
    }))
    .filter((g) => g.items.length > 0);
  return {
    header: stepHeader(ctx),
    notices: ctx.notices,
    intro: 'Ange status och en kort kommentar för de uppdrag och kontrollpunkter som enheten ansvarar för.',
    groups,
    actions: stepActions(ctx),
  };
}

export interface ItemProgress {
  readonly step: StepId;
  readonly title: string;
  readonly progress: ProgressState;
  readonly facts: readonly { title: string; value: string }[];
}

export function startCard(
  identity: Identity,
  unit: Unit,
  period: Period,
  late: boolean,
  items: readonly ItemProgress[],
  statusText: string,
  submitted: boolean,
  notices: readonly Notice[],
): StartCard {
  const base = { unitId: unit.id, periodId: period.id };
  const firstOpen = items.find((i) => i.progress !== 'klar');
  const actions: ActionModel[] = [];
  if (firstOpen) {
    actions.push({
      title: items.every((i) => i.progress === 'ej-paborjad') ? 'Börja' : 'Fortsätt där du slutade',
      data: { verb: Verb.open, ...base, step: firstOpen.step },
      style: 'positive',
    });
  }
  actions.push({
    title: submitted ? 'Visa inskickade svar' : 'Granska och skicka in',
    data: { verb: Verb.open, ...base, step: 'summary' },
    ...(firstOpen ? {} : { style: 'positive' as const }),
  });
  return {
    header: header(period, unit, '', late),
    notices,
    statusText,
    unitChoice:
      identity.units.length > 1
        ? {
            label: 'Enhet',
            value: unit.id,
            choices: identity.units.map((u) => ({
              title: `${unitLabel(u.unit)}${u.role === 'deputy' ? ' – som ersättare' : ''}`,
              value: u.unit.id,
            })),
            action: { title: 'Byt enhet', data: { verb: Verb.start, periodId: period.id } },
          }
        : null,
    items: items.map((i) => ({
      title: i.title,
      progressLabel: PROGRESS_LABEL[i.progress],
      progress: i.progress,
      action: { title: 'Öppna', data: { verb: Verb.open, ...base, step: i.step } },
    })),
    actions,
  };
}

export function summaryCard(
  unit: Unit,
  period: Period,
  late: boolean,
  items: readonly ItemProgress[],
  missing: readonly string[],
  statusText: string,
  submissionRev: number,
  mode: 'review' | 'receipt',
  notices: readonly Notice[],
): SummaryCard {
  const base = { unitId: unit.id, periodId: period.id };
  const actions: ActionModel[] =
    mode === 'receipt'
      ? []
      : [
          { title: 'Tillbaka', data: { verb: Verb.start, ...base } },
          ...(missing.length === 0
            ? [
                {
                  title: 'Skicka in',
                  data: { verb: Verb.submit, ...base, step: 'summary', rev: submissionRev },
                  style: 'positive' as const,
                },
              ]
            : []),
        ];
  return {
    header: header(period, unit, '', late),
    notices,
    title: mode === 'receipt' ? 'Inskickat' : 'Granska och skicka in',
    statusText,
    sections: items.map((i) => ({
      title: i.title,
      progressLabel: PROGRESS_LABEL[i.progress],
      facts: i.facts,
    })),
    missingTitle: 'Det här saknas innan du kan skicka in:',
    missing: missing.map((text) => ({ text })),
    actions,
  };
}

/** Facts of an item for the summary card. */
export function goalFacts(
  config: CommitteeConfig,
  indicators: readonly IndicatorInContext[],
  answer: GoalAnswer | null,
): { title: string; value: string }[] {
  if (!answer) return [];
  const status = config.goals.statusScale.find((s) => s.id === answer.statusId)?.label ?? '–';
  return [
    { title: 'Prognos', value: status },
    { title: 'Resultat', value: answer.results ? shorten(answer.results, 400) : '–' },
    { title: 'Avvikelser', value: answer.deviations ? shorten(answer.deviations, 400) : '–' },
    // Indicator names are long and alike: the name goes in the value, where it can wrap.
    ...indicators.map((i) => ({
      title: 'Utfall',
      value: `${i.name}: ${outcomeText(i, answer.indicators[i.id])}`,
    })),
  ];
}

export function economyFacts(config: CommitteeConfig, year: number, answer: EconomyAnswer | null) {
  return Object.entries(answer?.rows ?? {}).map(([rowId, row]) => {
    const r = config.economy.rows.find((x) => x.id === rowId);
    const budget = r?.budget[String(year)];
    const prognosis = row.prognosisTkr;
    const deviation =
      budget !== undefined && prognosis !== null
        ? `, avvikelse ${formatSwedishNumber(deviationTkr(budget, prognosis))} tkr`
        : '';
    const name = r?.name ?? rowId;
    return {
      title: 'Prognos',
      value:
        prognosis === null
          ? `${name}: –`
          : `${name}: ${formatSwedishNumber(prognosis)} tkr${deviation}${row.comment ? `. ${shorten(row.comment, 200)}` : ''}`,
    };
  });
}

export function assignmentFacts(config: CommitteeConfig, answer: AssignmentsAnswer | null) {
  return Object.entries(answer?.items ?? {}).map(([id, item]) => ({
    title: config.assignments.statusScale.find((s) => s.id === item.statusId)?.label ?? '–',
    value: `${shorten(config.assignmentsById.get(id)?.text ?? id, 120)}${item.comment ? ` – ${shorten(item.comment, 200)}` : ''}`,
  }));
}
