/**
 * Card models of the follow-up's overview cards: the start card (the main button first, then
 * the items) and the summary that is also the receipt. Pure; all wording here.
 */

import type { Period } from '../calendar/periods.js';
import type { ActionModel, Notice, ProgressState, StartCard, SummaryCard } from '../cards/models.js';
import { Verb } from '../cards/verbs.js';
import type { CommitteeConfig, IndicatorInContext, Unit } from '../config/load-config.js';
import { formatSwedishNumber } from '../shared/swedish-format.js';
import { type Identity, unitLabel } from './access.js';
import {
  type AssignmentsAnswer,
  deviationTkr,
  type EconomyAnswer,
  type GoalAnswer,
  type StepId,
  shorten,
} from './answers.js';
import { outcomeText } from './indicator-view.js';
import { header } from './views.js';

export const PROGRESS_LABEL: Record<ProgressState, string> = {
  'ej-paborjad': 'Ej påbörjad',
  utkast: 'Utkast',
  klar: 'Klar',
};

export interface ItemProgress {
  readonly step: StepId;
  readonly title: string;
  readonly progress: ProgressState;
  readonly facts: readonly { title: string; value: string }[];
}

/** "2 av 5 klara", "1 av 1 klar" */
function doneText(items: readonly ItemProgress[]): string {
  const done = items.filter((i) => i.progress === 'klar').length;
  return `${done} av ${items.length} ${items.length === 1 ? 'klar' : 'klara'}`;
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
  const review: ActionModel = {
    title: submitted ? 'Visa inskickade svar' : 'Granska och skicka in',
    data: { verb: Verb.open, ...base, step: 'summary' },
  };
  const main: ActionModel = firstOpen
    ? {
        title: items.every((i) => i.progress === 'ej-paborjad') ? 'Börja' : 'Fortsätt där du slutade',
        data: { verb: Verb.open, ...base, step: firstOpen.step },
        style: 'positive',
      }
    : { ...review, style: 'positive' };
  return {
    header: header(period, unit, '', late),
    notices,
    statusText: submitted ? statusText : `${statusText} · ${doneText(items)}`,
    main,
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
    actions: firstOpen ? [review] : [],
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
  /** On a receipt: the person's next unit that has not sent in, to go on with. */
  nextUnit: Unit | null = null,
): SummaryCard {
  const base = { unitId: unit.id, periodId: period.id };
  const actions: ActionModel[] =
    mode === 'receipt'
      ? nextUnit
        ? [
            {
              title: `Fortsätt med ${nextUnit.shortName}`,
              data: { verb: Verb.start, unitId: nextUnit.id, periodId: period.id },
              style: 'positive',
            },
          ]
        : []
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
