/**
 * The leadership cards' models, built from the report model (src/reporting) and, for "saknas",
 * the units' states (src/reminders/recipients.ts). Pure: every text is Swedish and formatted here
 * (decimal comma, `3 090`, real minus sign); the templates in cards/leader-*.json only place it.
 * Everything is already filtered to the leader's scope (scope.ts).
 */

import type { Period } from '../calendar/periods.js';
import type {
  ActionModel,
  Choice,
  LeaderChoiceCard,
  LeaderDecideCard,
  LeaderEconomyCard,
  LeaderEconomyRow,
  LeaderGoalCard,
  LeaderMissingCard,
  LeaderMissingUnit,
  LeaderPrognosisCard,
  LeaderUnitStatus,
  Notice,
} from '../cards/models.js';
import { Verb } from '../cards/verbs.js';
import type { CommitteeConfig, GoalInContext } from '../config/load-config.js';
import { unitLabel } from '../followup/access.js';
import type { UnitStatus } from '../reminders/recipients.js';
import { allGoals } from '../reporting/aggregate.js';
import type { CardColour } from '../reporting/card-model.js';
import { summariseRows } from '../reporting/economy.js';
import type {
  AttributedText,
  EconomyReport,
  EconomySummary,
  GoalReport,
  IndicatorReport,
  IndicatorStatusCode,
  ReportModel,
  StatusMeaning,
  TargetView,
} from '../reporting/report-model.js';
import {
  count,
  formatSwedishDate,
  joinSwedish,
  signed,
  swedishDateTime,
  swedishMonthName,
  tkr,
} from '../shared/swedish-format.js';
import { lowerFirst } from '../shared/text.js';
import type { LeaderScope } from './scope.js';

/** The longest motivation stored (the same limit as `npm run decide`). */
export const MOTIVATION_MAX = 2_000;

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

function action(title: string, data: ActionModel['data'], style?: ActionModel['style']): ActionModel {
  return style ? { title, data, style } : { title, data };
}

const back = (periodId: string): ActionModel =>
  action('Tillbaka till prognosen', { verb: Verb.leadershipPrognosis, periodId });

/** "juli": the month of a period in running text. */
function monthOf(period: { readonly month: number }): string {
  return swedishMonthName(period.month);
}

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

// ── economy totals within a scope ────────────────────────────────────────────────────────────────

export type EconomyTotals = EconomySummary;

/** The report's total for the whole committee; for a scope, the same rule over its rows. */
export function economyTotals(
  economy: EconomyReport,
  scope: LeaderScope,
  now: { readonly month: number } | null = null,
): EconomyTotals {
  if (scope.whole) return economy.total;
  const rows = economy.rows.filter((r) => scope.economyRowIds.has(r.id));
  return summariseRows(rows, now, economy.previousPeriod !== null);
}

/** "−6 650 tkr (underskott)" */
function deviationText(deviation: number): string {
  const what = deviation < 0 ? ' (underskott)' : deviation > 0 ? ' (överskott)' : '';
  return `${tkr(deviation)} tkr${what}`;
}

function deviationColour(deviation: number | null, needsComment: boolean): CardColour {
  if (deviation === null || deviation === 0) return 'Default';
  if (deviation > 0) return 'Good';
  return needsComment ? 'Attention' : 'Warning';
}

// ── completeness ─────────────────────────────────────────────────────────────────────────────────

export interface Completeness {
  readonly answered: number;
  readonly total: number;
  /** "7 av 9 enheter har svarat" */
  readonly text: string;
  readonly colour: CardColour;
}

/** A unit has answered once it has sent in (also when changed since: the sent-in answers count). */
export function completeness(answered: number, total: number): Completeness {
  return {
    answered,
    total,
    text: `${answered} av ${count(total, 'enhet', 'enheter')} har svarat`,
    colour: answered === total ? 'Good' : answered === 0 ? 'Attention' : 'Warning',
  };
}

export function reportCompleteness(model: ReportModel, scope: LeaderScope): Completeness {
  const inScope = model.completeness.filter((c) => scope.unitIds.has(c.unitId));
  return completeness(inScope.filter((c) => c.included).length, inScope.length);
}

// ── prognosis ────────────────────────────────────────────────────────────────────────────────────

export interface LeaderViewInput {
  readonly config: CommitteeConfig;
  readonly model: ReportModel;
  readonly scope: LeaderScope;
  readonly notices?: readonly Notice[];
}

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

export interface DecideValues {
  readonly statusId: string;
  readonly motivation: string;
}

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

// ── economy ──────────────────────────────────────────────────────────────────────────────────────

export function economyCard(input: LeaderViewInput): LeaderEconomyCard {
  const { config, model, scope } = input;
  const e = model.economy;
  const periodId = model.period.id;
  const prev = e.previousPeriod;
  const detail = (prognosis: number | null, budget: number | null, change: number | null, source = '') =>
    [
      prognosis !== null ? `Prognos ${tkr(prognosis)}${source}` : 'Ingen prognos i år (räknas med budget)',
      `Budget ${tkr(budget)}`,
      ...(prev && change !== null ? [`Ändring sedan ${monthOf(prev)} ${signed(change)}`] : []),
    ].join(' · ');
  const rows: LeaderEconomyRow[] = e.rows
    .filter((r) => scope.economyRowIds.has(r.id))
    .map((r) => ({
      name: r.name,
      deviationText: r.deviationTkr !== null ? `Avvikelse ${tkr(r.deviationTkr)}` : 'Ingen prognos',
      colour: deviationColour(r.deviationTkr, r.needsComment),
      detail: detail(
        r.prognosisTkr,
        r.budgetTkr,
        r.changeTkr,
        r.prognosisSource.kind === 'carried' ? ` (${r.prognosisSource.label})` : '',
      ),
      comment: r.comments.map((c) => `${c.units.map((u) => u.shortName).join(', ')}: ${c.text}`).join(' '),
    }));
  const total = economyTotals(e, scope, model.period);
  const missing = e.missingUnits
    .filter((u) => scope.unitIds.has(u.unitId))
    .map((u) => {
      const unit = config.unitsById.get(u.unitId);
      const managers = unit?.managers.map((m) => m.name).join(', ') ?? '';
      return managers ? `${u.shortName} (${managers})` : u.shortName;
    });
  const notes: string[] = [];
  if (missing.length > 0) notes.push(`Har inte lämnat prognos: ${joinSwedish(missing)}.`);
  if (total.carriedText !== '') notes.push(`${total.carriedText}.`);
  if (total.budgetCountedText !== '') {
    notes.push(`${total.budgetCountedText} (${joinSwedish([...total.rowsWithoutPrognosis])}).`);
  }
  if (total.changeNote !== '') notes.push(`${total.changeNote}.`);
  return {
    title: `Ekonomi ${lowerFirst(model.period.label)}`,
    subtitle:
      'Helårsprognos per verksamhet i tkr. Avvikelse = budget − prognos, så ett underskott är negativt.' +
      (prev ? ` Ändring jämfört med prognosen i ${monthOf(prev)}.` : ''),
    notices: [...(input.notices ?? [])],
    rows,
    total: {
      name: scope.whole ? `Summa ${model.committee.shortName}` : `Summa ${scope.label}`,
      deviationText: total.deviationTkr !== null ? `Avvikelse ${tkr(total.deviationTkr)}` : 'Ingen prognos',
      colour: deviationColour(total.deviationTkr, Math.abs(total.deviationTkr ?? 0) > e.commentThresholdTkr),
      detail: detail(total.prognosisTkr, total.budgetTkr, total.changeTkr),
      comment: '',
    },
    missingText: notes.join(' '),
    actions: [back(periodId), action('Vilka saknas', { verb: Verb.leadershipMissing, periodId })],
  };
}

// ── missing ──────────────────────────────────────────────────────────────────────────────────────

function missingUnit(status: UnitStatus, withAdministration: boolean): LeaderMissingUnit {
  const { unit } = status;
  const managers = unit.managers.map((m) => m.name).join(', ');
  const deputies = unit.deputies.map((d) => d.name).join(', ');
  const people = `Chef: ${managers || 'saknas'}${deputies ? ` · ersättare: ${deputies}` : ''}`;
  const items = count(status.missing.length, 'uppgift', 'uppgifter');
  let state: string;
  let colour: CardColour = 'Warning';
  if (status.changedAfterSubmission) {
    state = status.missing.length > 0 ? `Ändrad, ${items} saknas` : 'Ändrad, inte inskickad igen';
  } else if (status.progress === 'draft') {
    state = status.missing.length > 0 ? `Utkast, ${items} saknas` : 'Utkast, klart att skicka in';
  } else {
    state = 'Inte påbörjad';
    colour = 'Attention';
  }
  return {
    name: withAdministration ? `${unitLabel(unit)} · ${unit.administrationId}` : unitLabel(unit),
    people,
    state,
    colour,
  };
}

export interface MissingInput {
  readonly config: CommitteeConfig;
  readonly period: Period;
  readonly statuses: readonly UnitStatus[];
  readonly scope: LeaderScope;
  /** ISO date in the calendar's time zone. */
  readonly today: string;
  /** Whether "Påminn dem nu" is offered (a nudge port exists and the period takes answers). */
  readonly canNudge: boolean;
  readonly notices?: readonly Notice[];
}

export function missingCard(input: MissingInput): LeaderMissingCard {
  const { period, scope, today } = input;
  const inScope = input.statuses.filter((s) => scope.unitIds.has(s.unit.id));
  const notSent = inScope.filter((s) => s.progress !== 'submitted' && !s.changedAfterSubmission);
  const changed = inScope.filter((s) => s.changedAfterSubmission);
  const answered = inScope.length - notSent.length;
  const done = completeness(answered, inScope.length);
  const deadline = formatSwedishDate(period.deadlineDate);
  const locks = formatSwedishDate(period.locksDate);
  const subtitle =
    today > period.locksDate
      ? `Perioden låstes ${locks}; svaren kan inte längre ändras i boten.`
      : today > period.deadlineDate
        ? `Sista svarsdag var ${deadline}. Perioden låses ${locks}.`
        : `Sista svarsdag är ${deadline}. Perioden låses ${locks}.`;
  const notices = [...(input.notices ?? [])];
  if (notSent.length === 0 && changed.length === 0) {
    notices.push({ tone: 'good', text: 'Alla enheter har skickat in sina svar.' });
  }
  const actions: ActionModel[] = [];
  if (input.canNudge && notSent.length + changed.length > 0) {
    actions.push(action('Påminn dem nu', { verb: Verb.leadershipNudge, periodId: period.id }, 'positive'));
  }
  actions.push(back(period.id));
  return {
    title: `Svar som saknas – ${lowerFirst(period.label)}`,
    subtitle,
    notices,
    completenessText: done.text,
    missingTitle: notSent.length > 0 ? `Har inte skickat in (${notSent.length})` : '',
    missing: notSent.map((s) => missingUnit(s, scope.whole)),
    changedTitle:
      changed.length > 0
        ? `Ändrade efter inskickningen – ska skicka in igen (${changed.length}); de inskickade svaren används så länge`
        : '',
    changed: changed.map((s) => missingUnit(s, scope.whole)),
    actions,
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
