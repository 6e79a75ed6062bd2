/**
 * From stored answers and the configuration to the report model. Pure: no I/O, no clock (the
 * caller passes `generatedAt`), no module state. build-report.ts does the reading. Each concern
 * lives in its own file: select-answers (which answers count), indicators, proposal, goals,
 * economy, assignments, completeness.
 */

import { type Period, previousPeriod } from '../calendar/periods.js';
import type { CommitteeConfig, GoalInContext } from '../config/load-config.js';
import type { BokslutAnswer } from '../followup/answers.js';
import { swedishDateTime } from '../shared/swedish-format.js';
import { buildAssignments } from './assignments.js';
import { buildAnswerRows, buildCompleteness } from './completeness.js';
import { computedValues } from './computed-indicators.js';
import { buildEconomy } from './economy.js';
import { ledgerIn } from './economy-money.js';
import { type EconomyLedgers, NO_LEDGERS, type PreviousYear } from './economy-tables.js';
import { buildPersonnel, buildVolumes } from './figures.js';
import { buildGoal } from './goals.js';
import { defaultHistoryYears, type HistoryColumns } from './indicators.js';
import { buildInternalControl, reportLayout } from './layout.js';
import type { Decision } from './ports.js';
import { DEFAULT_PROPOSAL_RULE } from './proposal.js';
import {
  type GoalReport,
  type ProposalRule,
  REPORT_SCHEMA_VERSION,
  type ReportModel,
} from './report-model.js';
import { fillSentence, sentenceFor, statusRef } from './scale.js';
import { committeeAnswer, type PeriodAnswers, type PeriodContext, selectAnswers } from './select-answers.js';
import { periodRef } from './texts.js';

export interface AggregateInput {
  readonly config: CommitteeConfig;
  readonly period: Period;
  /** The report period, and (when available) the earlier periods of its year and the previous period. */
  readonly answers: readonly PeriodAnswers[];
  readonly decisions: readonly Decision[];
  readonly generatedAt: string;
  readonly includeDrafts?: boolean;
  readonly rule?: ProposalRule;
  /** The controller's bokslut for the period's year; the economy uses it instead of economy.yaml's outcomes. */
  readonly bokslut?: BokslutAnswer | null;
  /** The previous year's bokslut and December ledger figures (Bokslut föregående år). */
  readonly previousYear?: PreviousYear;
}

export function aggregate(input: AggregateInput): ReportModel {
  const { config, period } = input;
  const includeDrafts = input.includeDrafts ?? false;
  const rule = input.rule ?? DEFAULT_PROPOSAL_RULE;
  const timeZone = config.calendar.timeZone;
  const emptyAnswers = (p: Period): PeriodAnswers => ({ period: p, current: [], submittedVersions: [] });
  const context = (p: Period): PeriodContext => {
    const answers = input.answers.find((a) => a.period.id === p.id) ?? emptyAnswers(p);
    return {
      period: p,
      selection: selectAnswers(config, answers, includeDrafts),
      committee: committeeAnswer(answers),
    };
  };
  const nowAnswers = input.answers.find((a) => a.period.id === period.id) ?? emptyAnswers(period);
  const now = context(period);
  // Every earlier period of the year, answered or not, so the series does not depend on what was read.
  const earlier = config.periods
    .filter((p) => p.year === period.year && p.id < period.id)
    .sort((a, b) => a.id.localeCompare(b.id))
    .map(context);
  const prevPeriod = previousPeriod(config.periods, period.id);
  const previous = prevPeriod ? context(prevPeriod) : null;
  // Earlier years, where they were read: the same period a year ago (volumes, personnel) and the
  // Decembers of the history columns.
  const readContext = (id: string): PeriodContext | null => {
    const p = config.periods.find((x) => x.id === id);
    return p && input.answers.some((a) => a.period.id === id) ? context(p) : null;
  };
  const yearAgo = readContext(`${period.year - 1}-${String(period.month).padStart(2, '0')}`);
  const historyYears = defaultHistoryYears(period.year, config.report.historyYears);
  const yearEnds = new Map<number, PeriodContext>();
  for (const y of historyYears) {
    const ctx = readContext(`${y}-12`);
    if (ctx) yearEnds.set(y, ctx);
  }
  const historyColumns: HistoryColumns = { years: historyYears, yearEnds };
  const decisions = new Map(input.decisions.map((d) => [d.goalId, d]));

  // The economy first: Avvikelse mot budget and Träffsäkerhet are computed from it.
  const ledgers: EconomyLedgers = {
    of: (id) => ledgerIn(input.answers.find((a) => a.period.id === id)?.current ?? [], timeZone),
    previousYear: input.previousYear ?? NO_LEDGERS.previousYear,
  };
  const economy = buildEconomy(config, now, previous, [...earlier, now], input.bokslut ?? null, ledgers);
  const computed = computedValues(config, economy);
  const areas = config.goals.areas.map((area) => ({
    id: area.id,
    name: area.name,
    municipalGoals: area.municipalGoals.map((mg) => ({
      id: mg.id,
      name: mg.name,
      goals: mg.goals.map((g) => {
        const goal = config.goalsById.get(g.id) as GoalInContext;
        return buildGoal(
          config,
          goal,
          { now, earlier, previous, historyColumns },
          decisions.get(g.id),
          rule,
          timeZone,
          computed,
        );
      }),
    })),
  }));
  const goals = areas.flatMap((a) => a.municipalGoals.flatMap((m) => m.goals));
  const statusOverview = config.goals.statusScale.map((level) => ({
    status: statusRef(level),
    count: goals.filter((g) => g.effective.status.id === level.id).length,
  }));

  const completeness = buildCompleteness(now);
  const unitsIncluded = completeness.filter((c) => c.included).length;
  const unitsTotal = config.units.length;
  const generatedAtText = swedishDateTime(input.generatedAt, timeZone);
  const headline =
    `Utkast genererat ${generatedAtText} från ${unitsIncluded} av ${unitsTotal} enheters svar` +
    (includeDrafts ? ' (inklusive svar som inte är inskickade)' : '');

  const assignments = buildAssignments(config, now);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: input.generatedAt,
    generatedAtText,
    committee: { ...config.goals.committee },
    period: { ...periodRef(period), kind: period.kind, previous: prevPeriod ? periodRef(prevPeriod) : null },
    layout: reportLayout(config, period),
    basis: { includeDrafts, unitsIncluded, unitsTotal, headline },
    statusScale: config.goals.statusScale.map((s) => ({
      ...statusRef(s),
      sentence: fillSentence(sentenceFor(s, config.report.layouts[period.kind].tense), period),
    })),
    proposalRule: rule,
    statusOverview,
    areas,
    assignments,
    economy,
    volumes: buildVolumes(config, now, yearAgo),
    personnel: buildPersonnel(config, now, yearAgo),
    internalControl: buildInternalControl(assignments, now),
    completeness,
    answers: buildAnswerRows(config, nowAnswers, now),
  };
}

/** Every nämndmål of the model in document order. */
export function allGoals(model: ReportModel): GoalReport[] {
  return model.areas.flatMap((a) => a.municipalGoals.flatMap((m) => m.goals));
}

/** A change in tkr as text with sign ("+1 200"), for the outputs. */
