/** One nämndmål for the report: the units' forecasts, indicators, proposal, decision and texts. Pure. */
import { type CommitteeConfig, type GoalInContext, reporterOf } from '../config/load-config.js';
import type { GoalAnswer } from '../followup/answers.js';
import { joinSwedish, swedishDateTime } from '../shared/swedish-format.js';
import { lowerFirst } from '../shared/text.js';
import { buildIndicator, type ComputedValue, type HistoryColumns } from './indicators.js';
import type { Decision } from './ports.js';
import { propose } from './proposal.js';
import type { DecisionView, GoalReport, ProposalRule, StatusRef, UnitGoalStatus } from './report-model.js';
import { fillSentence, scaleLevel, sentenceFor, statusRef } from './scale.js';
import type { PeriodContext } from './select-answers.js';
import { attribute, unitRef } from './texts.js';

export function buildGoal(
  config: CommitteeConfig,
  goal: GoalInContext,
  periods: {
    readonly now: PeriodContext;
    readonly earlier: readonly PeriodContext[];
    readonly previous: PeriodContext | null;
    readonly historyColumns?: HistoryColumns;
  },
  decision: Decision | undefined,
  rule: ProposalRule,
  timeZone: string,
  computed: ReadonlyMap<string, ComputedValue> = new Map(),
): GoalReport {
  const { now, earlier, previous } = periods;
  const scale = config.goals.statusScale;
  const reporters = config.units.filter((u) => u.reports.goals.includes(goal.id));
  const item = `goal:${goal.id}`;
  const units: UnitGoalStatus[] = reporters.map((unit) => {
    const sel = now.selection.get(unit.id);
    const answer = sel?.used.get(item);
    const payload = answer?.payload as GoalAnswer | undefined;
    return {
      ...unitRef(unit),
      unitName: unit.name,
      included: sel?.included ?? false,
      status: scaleLevel(scale, payload?.statusId),
      answeredBy: answer ? { ...answer.answeredBy } : null,
      answeredAt: answer?.answeredAt ?? null,
    };
  });
  const distribution = [
    ...scale.map((level) => ({
      status: statusRef(level),
      count: units.filter((u) => u.status?.id === level.id).length,
    })),
    { status: null, count: units.filter((u) => u.status === null).length },
  ];
  const indicators = goal.indicators.map((ind) => {
    const inContext = config.indicatorsById.get(ind.id) ?? {
      ...ind,
      goalId: goal.id,
      reporter: reporterOf(ind),
    };
    return buildIndicator(
      config,
      inContext,
      now,
      earlier,
      previous,
      computed.get(ind.id),
      periods.historyColumns,
    );
  });
  const proposal = propose(scale, rule, units, indicators);
  let decisionView: DecisionView | null = null;
  if (decision) {
    decisionView = {
      status: scaleLevel(scale, decision.statusId) as StatusRef,
      motivation: decision.motivation,
      decidedBy: { ...decision.decidedBy },
      decidedAt: decision.decidedAt,
      decidedAtText: swedishDateTime(decision.decidedAt, timeZone),
      revision: decision.revision,
      proposedStatusId: decision.proposedStatusId,
    };
  }
  const effectiveStatus = decisionView?.status ?? proposal.status;
  const level = scale.find((s) => s.id === effectiveStatus.id);
  const tense = config.report.layouts[now.period.kind].tense;
  const sentence = fillSentence(level ? sentenceFor(level, tense) : effectiveStatus.label, now.period);
  const motivation = decisionView?.motivation.trim() ?? '';
  const basisText = decisionView
    ? /^bedömningen/i.test(motivation)
      ? motivation
      : `Bedömningen baseras på ledningens sammanvägda bedömning: ${motivation}`
    : `Bedömningen baseras på enheternas prognoser och nämndindikatorerna: ${lowerFirst(proposal.summary)}.`;

  const texts = (field: 'results' | 'deviations' | 'activities') =>
    attribute(
      reporters.flatMap((unit) => {
        const payload = now.selection.get(unit.id)?.used.get(item)?.payload as GoalAnswer | undefined;
        return payload?.[field] ? [{ unit: unitRef(unit), text: payload[field] }] : [];
      }),
    );

  const results = texts('results');
  const deviations = texts('deviations');
  const activities = texts('activities');
  const wrote = new Set(
    [...results, ...deviations, ...activities].flatMap((t) => t.units.map((u) => u.unitId)),
  );
  const writers = reporters.filter((u) => wrote.has(u.id)).map((u) => u.shortName);
  return {
    id: goal.id,
    name: goal.name,
    description: goal.description,
    units,
    distribution,
    proposal,
    decision: decisionView,
    effective: { status: effectiveStatus, source: decisionView ? 'decision' : 'proposal', sentence },
    basisText,
    results,
    deviations,
    activities,
    sourceNote: writers.length > 0 ? `Texterna är skrivna av ${joinSwedish(writers)}.` : '',
    indicators,
  };
}
