/**
 * The leadership cards' models, built from the report model (src/reporting) and, for "saknas",
 * the units' states (src/reminders/recipients.ts). Pure: every text is Swedish and formatted here
 * (decimal comma, `3 090`, real minus sign); the templates in cards/leader-*.json only place it.
 * Everything is already filtered to the leader's scope (scope.ts).
 */
import type {
  ActionModel,
  Choice,
  LeaderChoiceCard,
  LeaderDecideCard,
  LeaderGoalCard,
  LeaderPrognosisCard,
  LeaderUnitStatus,
  Notice,
} from '../cards/models.js';
import { Verb } from '../cards/verbs.js';
import type { CommitteeConfig, GoalInContext } from '../config/load-config.js';
import { allGoals } from '../reporting/aggregate.js';
import type { CardColour } from '../reporting/card-model.js';
import type {
  AttributedText,
  GoalReport,
  IndicatorReport,
  IndicatorStatusCode,
  StatusMeaning,
  TargetView,
} from '../reporting/report-model.js';
import { count, joinSwedish, signed, swedishDateTime, tkr } from '../shared/swedish-format.js';
import { lowerFirst } from '../shared/text.js';
import { type DecideValues, MOTIVATION_MAX } from './decision.js';
import { deviationText, economyTotals } from './economy-view.js';
import type { LeaderScope } from './scope.js';
import { action, back, type LeaderViewInput, monthOf, reportCompleteness } from './view-parts.js';

const MEANING_COLOUR: Record<StatusMeaning, CardColour> = {
  met: 'Good',
  partial: 'Warning',
  not_met: 'Attention',
  not_assessable: 'Default',
};

const INDICATOR_COLOUR: Record<IndicatorStatusCode, CardColour> = {
  met: 'Good',
  not_met: 'Attention',
  no_outcome: 'Default',
  incomplete: 'Default',
  needs_person: 'Warning',
  no_target: 'Default',
};

const COMPARATOR: Record<NonNullable<TargetView['comparator']>, string> = {
  '>=': '≥',
  '<=': '≤',
  '>': '>',
  '<': '<',
  '=': '=',
};

function attributed(lines: readonly AttributedText[], scope: LeaderScope): { text: string }[] {
  return lines
    .map((line) => ({ ...line, units: line.units.filter((u) => scope.unitIds.has(u.unitId)) }))
    .filter((line) => line.units.length > 0)
    .map((line) => ({ text: `${line.text} (${line.units.map((u) => u.shortName).join(', ')})` }));
}

/** Units that report the goal and are in scope, with what they forecast. */
function unitStatuses(goal: GoalReport, scope: LeaderScope, timeZone: string): LeaderUnitStatus[] {
  return goal.units
    .filter((u) => scope.unitIds.has(u.unitId))
    .map((u) => ({
      name: u.shortName,
      label: u.status?.label ?? (u.included ? 'Ingen prognos' : 'Har inte skickat in'),
      colour: u.status ? MEANING_COLOUR[u.status.meaning] : 'Default',
      detail:
        u.included && u.answeredBy && u.answeredAt
          ? `${u.answeredBy.name}, ${swedishDateTime(u.answeredAt, timeZone)}`
          : '',
    }));
}

// ── prognosis ────────────────────────────────────────────────────────────────────────────────────

export function prognosisCard(
  input: LeaderViewInput & { readonly mayDownload: boolean },
): LeaderPrognosisCard {
  const { config, model, scope } = input;
  const periodId = model.period.id;
  const goals = allGoals(model).filter((g) => scope.goalIds.has(g.id));
  const decided = goals.filter((g) => g.decision).length;
  const done = reportCompleteness(model, scope);
  const economy = economyTotals(model.economy, scope, model.period);
  const facts: { title: string; value: string }[] = [];
  if (economy.prognosisTkr === null || economy.deviationTkr === null) {
    facts.push({ title: 'Prognos helår', value: 'Ingen prognos ännu' });
    facts.push({ title: `Budget ${model.economy.year}`, value: `${tkr(economy.budgetTkr)} tkr` });
  } else {
    facts.push(
      { title: 'Prognos helår', value: `${tkr(economy.prognosisTkr)} tkr` },
      { title: `Budget ${model.economy.year}`, value: `${tkr(economy.budgetTkr)} tkr` },
      { title: 'Avvikelse', value: deviationText(economy.deviationTkr) },
    );
    const previous = model.economy.previousPeriod;
    if (previous && economy.changeTkr !== null && economy.previousDeviationTkr !== null) {
      facts.push({
        title: `Ändring sedan ${monthOf(previous)}`,
        value: `${signed(economy.changeTkr)} tkr (avvikelse i ${monthOf(previous)} ${tkr(economy.previousDeviationTkr)} tkr)`,
      });
    }
  }
  if (economy.changeNote !== '') facts.push({ title: 'Jämförelse', value: `${economy.changeNote}.` });
  if (economy.carriedRows.length > 0) {
    facts.push({ title: 'Senaste prognos används', value: joinSwedish([...economy.carriedRows]) });
  }
  if (economy.rowsWithoutPrognosis.length > 0) {
    facts.push({
      title: 'Utan prognos',
      value: `${joinSwedish([...economy.rowsWithoutPrognosis])} (räknas med budget)`,
    });
  }
  if (economy.budgetCountedText !== '')
    facts.push({ title: 'Räknas med budget', value: economy.budgetCountedText });
  const areaName = (goalId: string) => config.goalsById.get(goalId)?.areaName ?? '';
  const areas = model.areas
    .map((area) => ({
      name: area.name,
      goals: goals
        .filter((g) => areaName(g.id) === area.name)
        .map((g) => ({
          name: g.name,
          label: g.effective.status.label,
          colour: MEANING_COLOUR[g.effective.status.meaning],
          sourceText: g.decision
            ? `beslutad av ${g.decision.decidedBy.name}`
            : g.proposal.coverage.sufficient
              ? 'förslag'
              : `underlag saknas: ${g.proposal.coverage.unitsAnswered} av ${count(g.proposal.coverage.unitsTotal, 'enhet', 'enheter')} har svarat`,
          action: action('Visa', { verb: Verb.leadershipGoal, periodId, goalId: g.id }),
        })),
    }))
    .filter((a) => a.goals.length > 0);
  const actions = [
    action('Ekonomi', { verb: Verb.leadershipEconomy, periodId }),
    action('Vilka saknas', { verb: Verb.leadershipMissing, periodId }),
  ];
  if (input.mayDownload) actions.push(action('Hämta rapport', { verb: Verb.leadershipDocument, periodId }));
  return {
    title: `Prognos ${lowerFirst(model.period.label)}`,
    subtitle: scope.whole
      ? model.committee.name
      : `${model.committee.name} · ditt ansvarsområde: ${scope.label}`,
    notices: [...(input.notices ?? [])],
    completenessText: done.text,
    completenessColour: done.colour,
    areas,
    statusNote:
      `Förslag = botens sammanvägning av enheternas prognoser och indikatorerna; ledningen beslutar. ` +
      `${decided} av ${count(goals.length, 'nämndmål', 'nämndmål')} är beslutade.`,
    economyTitle: scope.whole ? 'Ekonomi, helårsprognos' : `Ekonomi, helårsprognos för ${scope.label}`,
    economy: facts,
    actions,
  };
}

// ── one goal ─────────────────────────────────────────────────────────────────────────────────────

function targetText(target: TargetView | null, unit: string): string {
  if (!target || target.kind === 'none' || target.text === '') return 'inget målvärde';
  if (target.kind === 'value' && target.comparator) {
    const written = target.text.replace(/^\s*[≥≤<>=]+\s*/, '');
    const suffix = unit === '%' && !written.includes('%') ? ' %' : '';
    return `målvärde ${COMPARATOR[target.comparator]} ${written}${suffix}`;
  }
  return `målvärde: ${target.text}`;
}

function indicatorLine(indicator: IndicatorReport) {
  const hasTarget = (r: IndicatorReport['rows'][number]) => r.target !== null && r.target.kind !== 'none';
  const total = indicator.rows.find((r) => r.key === 'total' && r.partId === null);
  // The rows the verdict stands on: the total when it has a target, else the parts that have one
  // (a total without a target beside a verdict on its parts would read "inget målvärde").
  const judged = total && hasTarget(total) ? [total] : indicator.rows.filter(hasTarget).slice(0, 3);
  const shown = judged.length > 0 ? judged : [total ?? indicator.rows[0]].filter((r) => r !== undefined);
  const line = (row: IndicatorReport['rows'][number]) => {
    const latest = row.latest;
    const value = latest ? `Utfall ${latest.text} (${lowerFirst(latest.label)})` : 'Inget utfall (I.U.)';
    const part = row.partId !== null || row.key !== 'total' ? `${row.label}: ` : '';
    return `${part}${value} · ${targetText(row.target, indicator.unit)}`;
  };
  const code = indicator.status.code;
  // Met/not met: the value line says it all; otherwise say why (I.U., coverage, a person judges).
  const reason =
    code === 'met' || code === 'not_met'
      ? (indicator.coverageNote ?? '')
      : [...new Set([indicator.status.reason, indicator.coverageNote])]
          .filter((t) => t && t !== '')
          .join(' ');
  return {
    name: indicator.name,
    label: indicator.status.label,
    colour: INDICATOR_COLOUR[code],
    valueText: shown.map(line).join('; '),
    reason,
  };
}

function decidedText(goal: GoalReport): string {
  const d = goal.decision;
  return d
    ? `Beslutad av ${d.decidedBy.name} ${d.decidedAtText}`
    : 'Förslag – ledningen har inte bedömt målet ännu';
}

export function goalCard(
  input: LeaderViewInput & { readonly goal: GoalReport; readonly mayDecide: boolean },
): LeaderGoalCard {
  const { config, model, scope, goal } = input;
  const periodId = model.period.id;
  const tz = config.calendar.timeZone;
  const context = config.goalsById.get(goal.id);
  const units = unitStatuses(goal, scope, tz);
  const actions: ActionModel[] = [];
  if (input.mayDecide) {
    actions.push(action('Bedöm', { verb: Verb.leadershipDecide, periodId, goalId: goal.id }, 'positive'));
  }
  actions.push(back(periodId));
  return {
    title: goal.name,
    subtitle: `${model.period.label}${context ? ` · målområde ${context.areaName}` : ''}`,
    notices: [...(input.notices ?? [])],
    description: goal.description,
    status: { label: goal.effective.status.label, colour: MEANING_COLOUR[goal.effective.status.meaning] },
    statusSource: decidedText(goal),
    decisionText: goal.decision ? `Motivering: ${goal.decision.motivation}` : '',
    proposal: {
      label: `Förslag: ${goal.proposal.status.label}`,
      colour: MEANING_COLOUR[goal.proposal.status.meaning],
    },
    proposalReasons: goal.proposal.reasons.map((text) => ({ text })),
    unitsTitle: `Enheternas prognoser (${units.length})`,
    units,
    indicators: goal.indicators.map(indicatorLine),
    results: attributed(goal.results, scope),
    deviations: attributed(goal.deviations, scope),
    scopeNote: scope.whole
      ? ''
      : `Du ser enheterna inom ${scope.label}. Indikatorerna, förslaget och beslutet gäller hela nämnden.`,
    actions,
  };
}

// ── decide ───────────────────────────────────────────────────────────────────────────────────────

export function decideCard(
  input: LeaderViewInput & {
    readonly goal: GoalReport;
    /** What the person typed (after a refused save); else the current decision or the proposal. */
    readonly values?: DecideValues;
    /** The decision revision the card is based on. */
    readonly rev: number;
  },
): LeaderDecideCard {
  const { config, model, scope, goal } = input;
  const periodId = model.period.id;
  const units = unitStatuses(goal, scope, config.calendar.timeZone);
  const d = goal.decision;
  const choices: Choice[] = config.goals.statusScale.map((s) => ({ title: s.label, value: s.id }));
  return {
    title: `Bedöm: ${goal.name}`,
    subtitle: `${model.period.label} · nämndens samlade bedömning (prognos för helåret)`,
    notices: [...(input.notices ?? [])],
    proposal: {
      label: `Förslag: ${goal.proposal.status.label}`,
      colour: MEANING_COLOUR[goal.proposal.status.meaning],
    },
    proposalReasons: goal.proposal.reasons.map((text) => ({ text })),
    unitsTitle: `Enheternas prognoser (${units.length})`,
    units,
    currentText: d
      ? `Nuvarande beslut: ${d.status.label} (${d.decidedBy.name}, ${d.decidedAtText})`
      : 'Inget beslut ännu – förslaget gäller tills ledningen beslutar.',
    status: {
      id: 'decisionStatus',
      label: 'Nämndens bedömning',
      // A proposal made without enough answers is not a suggestion to accept: nothing is preselected.
      value:
        input.values?.statusId ??
        d?.status.id ??
        (goal.proposal.coverage.sufficient ? goal.proposal.status.id : ''),
      choices,
    },
    motivation: {
      id: 'motivation',
      label: `Motivering (krävs, högst ${tkr(MOTIVATION_MAX)} tecken)`,
      value: input.values?.motivation ?? d?.motivation ?? '',
      placeholder: 'Vad bedömningen baseras på: indikatorerna, enheternas prognoser, aktiviteterna …',
    },
    actions: [
      action(
        'Spara bedömning',
        { verb: Verb.leadershipDecideSave, periodId, goalId: goal.id, rev: input.rev },
        'positive',
      ),
      action('Avbryt', { verb: Verb.leadershipGoal, periodId, goalId: goal.id }),
    ],
  };
}

// ── choosing a goal ──────────────────────────────────────────────────────────────────────────────

export type GoalChoicePurpose = 'detail' | 'decide';

export function choiceCard(input: {
  readonly config: CommitteeConfig;
  readonly periodId: string;
  readonly goals: readonly GoalInContext[];
  readonly purpose: GoalChoicePurpose;
  readonly title: string;
  readonly text: string;
  readonly grouped: boolean;
  readonly notices?: readonly Notice[];
}): LeaderChoiceCard {
  const verb = input.purpose === 'decide' ? Verb.leadershipDecide : Verb.leadershipGoal;
  const option = (g: GoalInContext) => ({
    action: action(g.name, { verb, periodId: input.periodId, goalId: g.id }),
  });
  const groups = input.grouped
    ? input.config.goals.areas
        .map((area) => ({
          title: area.name,
          options: input.goals.filter((g) => g.areaId === area.id).map(option),
        }))
        .filter((g) => g.options.length > 0)
    : [{ title: '', options: input.goals.map(option) }];
  return {
    title: input.title,
    text: input.text,
    notices: [...(input.notices ?? [])],
    groups,
    actions: [back(input.periodId)],
  };
}
