/** The controller's cards: committee-wide indicators of the open period, and the year's bokslut. Pure. */

import type { Period } from '../calendar/periods.js';
import type {
  ControllerBokslutCard,
  ControllerCommitteeCard,
  IndicatorBlock,
  Notice,
} from '../cards/models.js';
import { Verb } from '../cards/verbs.js';
import type { CommitteeConfig, IndicatorInContext } from '../config/load-config.js';
import { type BokslutAnswer, COMMITTEE_TEXTS, type CommitteeIndicatorsAnswer } from '../followup/answers.js';
import { figureBlocks, figureDateText, figuresAsked } from '../followup/figures.js';
import type { StoredAnswer } from '../followup/ports.js';
import { indicatorBlock } from '../followup/views.js';
import { formatSwedishDate, swedishDateTime, tkr } from '../shared/swedish-format.js';
import { lowerFirst } from '../shared/text.js';
import { bokslutInputId, bokslutTotal } from './bokslut.js';
import { COMMITTEE_TEXT_MAX, committeeTextId, committeeTextsAsked } from './committee-input.js';

/** The indicators the controller answers in a period (`reportedBy: controller`, asked that month). */
export function committeeIndicators(config: CommitteeConfig, period: Period): IndicatorInContext[] {
  return [...config.indicatorsById.values()].filter(
    (i) => i.reporter === 'controller' && (!i.reportMonths || i.reportMonths.includes(period.month)),
  );
}

export interface CommitteeCardInput {
  readonly config: CommitteeConfig;
  readonly period: Period;
  readonly late: boolean;
  readonly values: Readonly<Record<string, string>>;
  readonly previous: CommitteeIndicatorsAnswer | null;
  readonly previousPeriod: Period | undefined;
  readonly rev: number;
  readonly notices: readonly Notice[];
}

export function committeeCard(input: CommitteeCardInput): ControllerCommitteeCard {
  const { config, period } = input;
  const indicators = committeeIndicators(config, period);
  const goals = config.goalList
    .map((goal) => ({
      name: goal.name,
      indicators: indicators
        .filter((i) => i.goalId === goal.id)
        .map(
          (i): IndicatorBlock =>
            indicatorBlock(
              config,
              null,
              period,
              i,
              input.values,
              input.previous?.indicators[i.id],
              input.previousPeriod,
            ),
        ),
    }))
    .filter((g) => g.indicators.length > 0);
  const measures = figuresAsked(config, 'controller', period);
  const previousFigures =
    input.previousPeriod && input.previousPeriod.kind !== 'month' ? input.previous?.figures : undefined;
  const figures = figureBlocks(measures, input.values, period, previousFigures, input.previousPeriod?.label);
  const texts = committeeTextsAsked(config, period).map((id) => ({
    id: committeeTextId(id),
    label: COMMITTEE_TEXTS[id],
    value: input.values[committeeTextId(id)] ?? '',
    maxLength: COMMITTEE_TEXT_MAX,
  }));
  const deadline = `Sista dag att svara: ${formatSwedishDate(period.deadlineDate)}${input.late ? ' (passerad)' : ''}; perioden låses ${formatSwedishDate(period.locksDate)}.`;
  return {
    title: `Nämndens värden – ${lowerFirst(period.label)}`,
    subtitle: `Nämndövergripande indikatorer som controllern rapporterar en gång för hela nämnden, med nämndens målvärde. ${deadline}`,
    notices: [...input.notices],
    goals,
    figuresHeading:
      figures.length > 0
        ? `Volymer och personal ${figureDateText(period)} (ur Lifecare, HR och andra system)`
        : '',
    figures,
    texts,
    actions:
      goals.length > 0 || figures.length > 0 || texts.length > 0
        ? [
            {
              title: 'Spara',
              data: { verb: Verb.controllerCommitteeSave, periodId: period.id, rev: input.rev },
              style: 'positive',
            },
          ]
        : [],
  };
}

export interface BokslutCardInput {
  readonly config: CommitteeConfig;
  readonly year: number;
  readonly values: Readonly<Record<string, string>>;
  readonly stored: StoredAnswer<BokslutAnswer> | null;
  readonly notices: readonly Notice[];
  /** The revision the card is based on (the stored one, or after a conflict the newer one). */
  readonly rev: number;
}

/** The card's values from a stored bokslut: whole tkr in Swedish format. */
export function bokslutValues(config: CommitteeConfig, answer: BokslutAnswer | null): Record<string, string> {
  const values: Record<string, string> = {};
  for (const r of config.economy.rows) {
    const v = answer?.rows[r.id]?.outcomeTkr;
    if (v !== undefined) values[bokslutInputId(r.id)] = tkr(v);
  }
  return values;
}

export function bokslutCard(input: BokslutCardInput): ControllerBokslutCard {
  const { config, year, stored } = input;
  const budgetTotal = config.economy.rows.reduce((s, r) => s + (r.budget[String(year)] ?? 0), 0);
  const timeZone = config.calendar.timeZone;
  return {
    title: `Bokslut ${year}`,
    subtitle: `Utfall per rad i driftsammandraget, nettokostnad i hela tkr. Bokslutet ger träffsäkerheten i augusti- och oktoberprognoserna och ersätter utfallen i economy.yaml för ${year}.`,
    notices: [...input.notices],
    rows: config.economy.rows.map((r) => {
      const id = bokslutInputId(r.id);
      const budget = r.budget[String(year)];
      return {
        id,
        label: `${r.name} (tkr)`,
        value: input.values[id] ?? '',
        placeholder: budget !== undefined ? `t.ex. ${tkr(budget)}` : 't.ex. 12 400',
        budgetText: budget !== undefined ? `Budget ${year}: ${tkr(budget)} tkr` : `Ingen budget för ${year}`,
      };
    }),
    storedText: stored
      ? `Sparat bokslut: ${tkr(bokslutTotal(config, stored.payload))} tkr (budget ${tkr(budgetTotal)} tkr), version ${stored.revision}, av ${stored.answeredBy.name} ${swedishDateTime(stored.answeredAt, timeZone)}.`
      : '',
    actions: [
      {
        title: 'Spara bokslut',
        data: { verb: Verb.controllerBokslutSave, year, rev: input.rev },
        style: 'positive',
      },
    ],
  };
}
