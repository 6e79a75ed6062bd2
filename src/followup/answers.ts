/**
 * What a unit answers, and the server-side validation of every card submit. Pure functions over
 * the configuration and the submitted values: card data is untrusted input (any key, any type).
 */

import type { Period } from '../calendar/periods.js';
import type { CommitteeConfig, IndicatorInContext, Unit } from '../config/load-config.js';
import { formatSwedishNumber } from '../shared/swedish-format.js';
import { cleanUserText } from '../shared/user-text.js';
import type { FigureAnswer, FiguresAnswer } from './figures.js';
import { cellKeys, fieldText, parseIndicator, parseNumberField } from './indicator-input.js';
import type { LedgerAnswer } from './ledger-answer.js';
import type { ItemKey } from './ports.js';

export interface Cell {
  readonly total: number | null;
  readonly kvinnor: number | null;
  readonly man: number | null;
}

export interface IndicatorOutcome {
  /** I.U.: no outcome available this period. */
  readonly noOutcome: boolean;
  /** The outcome; for share indicators computed as 100 × numerator / denominator. */
  readonly value: Cell;
  /** Share indicators only: the counts behind the share, which the report adds up across units. */
  readonly numerator?: Cell;
  readonly denominator?: Cell;
}

export interface GoalAnswer {
  readonly kind: 'goal';
  readonly goalId: string;
  readonly statusId: string | null;
  readonly results: string;
  readonly deviations: string;
  /** "Övriga aktiviteter som bidragit till måluppfyllelse"; absent in answers saved before it existed. */
  readonly activities?: string;
  readonly indicators: Readonly<Record<string, IndicatorOutcome>>;
}

export interface EconomyAnswer {
  readonly kind: 'economy';
  readonly rows: Readonly<Record<string, { readonly prognosisTkr: number | null; readonly comment: string }>>;
}

export interface AssignmentsAnswer {
  readonly kind: 'assignments';
  readonly items: Readonly<Record<string, { readonly statusId: string | null; readonly comment: string }>>;
}

/** The unit's "Skicka in": which revision of each item it sent. */
export interface SubmissionAnswer {
  readonly kind: 'submission';
  readonly itemRevisions: Readonly<Record<string, number>>;
}

/**
 * Committee-wide answers (the controller's) are stored under this id in place of a unit's: the
 * figures of indicators with `reportedBy: controller`, the year's bokslut and the ledger's figures.
 */
export const COMMITTEE_UNIT_ID = '_namnd';

/** The controller's outcomes for the committee-wide indicators of a period (`item: 'committee'`). */
export interface CommitteeIndicatorsAnswer {
  readonly kind: 'committee';
  readonly indicators: Readonly<Record<string, IndicatorOutcome>>;
  /** Volume and personnel figures the controller gives (delår and helår only). */
  readonly figures?: Readonly<Record<string, FigureAnswer>>;
  /** The controller's texts for the report: comments under Volymutveckling and Personal, the internkontroll summary. */
  readonly texts?: Readonly<Partial<Record<CommitteeTextId, string>>>;
}

/** The controller's texts in a delår or helår. */
export const COMMITTEE_TEXTS = {
  volumes: 'Kommentar till volymutvecklingen',
  personnel: 'Kommentar till personal',
  internalControl: 'Internkontroll: sammanfattning av uppföljningen',
} as const;
export type CommitteeTextId = keyof typeof COMMITTEE_TEXTS;

/**
 * The year's bokslut per driftsammandrag row in tkr, entered by the controller after year end
 * (`item: 'bokslut'`, stored in the year's December period whether or not it has locked).
 */
export interface BokslutAnswer {
  readonly kind: 'bokslut';
  readonly year: number;
  readonly rows: Readonly<Record<string, { readonly outcomeTkr: number }>>;
}

export type ItemAnswer = GoalAnswer | EconomyAnswer | AssignmentsAnswer | FiguresAnswer;
export type AnswerPayload =
  | ItemAnswer
  | SubmissionAnswer
  | CommitteeIndicatorsAnswer
  | BokslutAnswer
  | LedgerAnswer;

/** An item a unit answers in a step of its own (not the submission, nor the controller's). */
export type StepItem = Extract<ItemKey, `goal:${string}` | 'economy' | 'figures' | 'assignments'>;
export type StepId = ItemKey | 'summary';

export const TEXT_MAX = 2_000;
export const COMMENT_MAX = 1_000;

/**
 * The steps of a unit's follow-up in a period, in order: its nämndmål, the economy, the volume
 * figures (only in the period kinds they are asked), the uppdrag, the summary.
 */
export function stepsFor(unit: Unit, period: Pick<Period, 'kind'>): StepId[] {
  const steps: StepId[] = unit.reports.goals.map((g) => `goal:${g}` as const);
  if (unit.reports.economyRows.length > 0) steps.push('economy');
  if (unit.figureKinds.includes(period.kind)) steps.push('figures');
  if (unit.reports.assignments.length > 0) steps.push('assignments');
  steps.push('summary');
  return steps;
}

/** The steps that store an answer (not the summary). */
export function itemStepsFor(unit: Unit, period: Pick<Period, 'kind'>): StepItem[] {
  return stepsFor(unit, period).filter((s): s is StepItem => s !== 'summary');
}

export function isStepOf(
  unit: Unit,
  period: Pick<Period, 'kind'>,
  step: string,
): step is StepItem | 'summary' {
  return (stepsFor(unit, period) as string[]).includes(step);
}

/** The indicators a unit reports for a goal in a period (some are only asked in some months). */
export function indicatorsFor(
  config: CommitteeConfig,
  unit: Unit,
  goalId: string,
  period: Period,
): IndicatorInContext[] {
  return unit.reports.indicators
    .map((id) => config.indicatorsById.get(id))
    .filter((i): i is IndicatorInContext => i !== undefined && i.goalId === goalId)
    .filter((i) => !i.reportMonths || i.reportMonths.includes(period.month));
}

/**
 * The part of the whole a unit reports, when the indicator is split (its enhet or förvaltning) and
 * several units report it: the unit's own figure, added up with the others'.
 */
export function unitPart(
  config: CommitteeConfig,
  indicator: IndicatorInContext,
  unit: Unit,
): { readonly partId: string | null; readonly label: string; readonly reporters: number } {
  const reporters = config.units.filter((u) => u.reports.indicators.includes(indicator.id)).length;
  const parts = indicator.breakdown.parts;
  const candidate = parts ? (parts.kind === 'enhet' ? unit.id : unit.administrationId) : null;
  const partId = parts && candidate !== null && parts.ids.includes(candidate) ? candidate : null;
  const label = partId === null ? unit.shortName : parts?.kind === 'enhet' ? unit.shortName : partId;
  return { partId, label, reporters };
}

/** A refused value: the input it came from, a short name for the summary, and what to do. */
export interface FieldError {
  /** The card's input id, e.g. `results` or `ind.andel-nojda.kvinnor`. */
  readonly field: string;
  /** "Resultat", "Andel nöjda (kvinnor)" */
  readonly label: string;
  /** What is wrong and how to write it, in Swedish. */
  readonly message: string;
}

export interface Parsed<T> {
  readonly value: T;
  /** Swedish messages, one line each; empty when the input is valid. Invalid input is never stored. */
  readonly errors: readonly string[];
}

/** A card's parse: the refusals also by field, so the card can show each next to its input. */
export interface ParsedCard<T> extends Parsed<T> {
  readonly issues: readonly FieldError[];
}

function parsed<T>(value: T, issues: readonly FieldError[]): ParsedCard<T> {
  return { value, issues, errors: issues.map((i) => `${i.label}: ${i.message}`) };
}

/** A free text; over-long text is refused with its length, never cut. */
function parseText(
  values: Readonly<Record<string, unknown>>,
  field: { readonly id: string; readonly label: string },
  max: number,
  errors: FieldError[],
): string {
  const value = cleanUserText(fieldText(values, field.id));
  if (value.length > max) {
    const n = (x: number) => formatSwedishNumber(x);
    errors.push({
      field: field.id,
      label: field.label,
      message: `Texten är ${n(value.length)} tecken lång, men högst ${n(max)} får plats. Korta den med minst ${n(value.length - max)} tecken.`,
    });
  }
  return value;
}

/** A choice that must be on its scale when given. */
function parseChoice(
  values: Readonly<Record<string, unknown>>,
  field: { readonly id: string; readonly label: string },
  scale: readonly { readonly id: string; readonly label: string }[],
  errors: FieldError[],
): string | null {
  const given = fieldText(values, field.id).trim();
  if (given === '') return null;
  if (scale.some((s) => s.id === given)) return given;
  errors.push({
    field: field.id,
    label: field.label,
    message: `”${given}” finns inte att välja. Välj en av: ${scale.map((s) => s.label).join(', ')}.`,
  });
  return null;
}

/** Parses a nämndmål card. The status may be empty in a draft but must be on the scale when given. */
export function parseGoalInput(
  config: CommitteeConfig,
  goalId: string,
  indicators: readonly IndicatorInContext[],
  values: Readonly<Record<string, unknown>>,
): ParsedCard<GoalAnswer> {
  const errors: FieldError[] = [];
  const statusId = parseChoice(values, GOAL_FIELDS.status, config.goals.statusScale, errors);
  const results = parseText(values, GOAL_FIELDS.results, TEXT_MAX, errors);
  const deviations = parseText(values, GOAL_FIELDS.deviations, TEXT_MAX, errors);
  const activities = parseText(values, GOAL_FIELDS.activities, TEXT_MAX, errors);
  const outcomes: Record<string, IndicatorOutcome> = {};
  for (const indicator of indicators) outcomes[indicator.id] = parseIndicator(values, indicator, errors);
  return parsed(
    { kind: 'goal', goalId, statusId, results, deviations, activities, indicators: outcomes },
    errors,
  );
}

/** The goal card's own fields, with the names messages use. */
export const GOAL_FIELDS = {
  status: { id: 'status', label: 'Prognos för helåret' },
  results: { id: 'results', label: 'Resultat' },
  deviations: { id: 'deviations', label: 'Avvikelser' },
  activities: { id: 'activities', label: 'Övriga aktiviteter' },
} as const;

/**
 * Parses the controller's card of committee-wide indicators: the same rules as a unit's indicator
 * inputs (one parser), only without status and texts.
 */
export function parseCommitteeInput(
  indicators: readonly IndicatorInContext[],
  values: Readonly<Record<string, unknown>>,
): ParsedCard<CommitteeIndicatorsAnswer> {
  const errors: FieldError[] = [];
  const outcomes: Record<string, IndicatorOutcome> = {};
  for (const indicator of indicators) outcomes[indicator.id] = parseIndicator(values, indicator, errors);
  return parsed({ kind: 'committee', indicators: outcomes }, errors);
}

/** The economy card's fields of one row. */
export function economyFields(rowId: string, rowName: string) {
  return {
    prognosis: { id: `eco.${rowId}.prognosis`, label: `Prognos för ${rowName}` },
    comment: { id: `eco.${rowId}.comment`, label: `Kommentar till ${rowName}` },
  } as const;
}

export const TKR_RULE = {
  min: -10_000_000,
  max: 10_000_000,
  integer: false,
  unit: 'tkr',
  example: '114 800',
};

export function parseEconomyInput(
  config: CommitteeConfig,
  unit: Unit,
  values: Readonly<Record<string, unknown>>,
): ParsedCard<EconomyAnswer> {
  const errors: FieldError[] = [];
  const rows: Record<string, { prognosisTkr: number | null; comment: string }> = {};
  for (const rowId of unit.reports.economyRows) {
    const name = config.economy.rows.find((r) => r.id === rowId)?.name ?? rowId;
    const fields = economyFields(rowId, name);
    const prognosisTkr = parseNumberField(
      fieldText(values, fields.prognosis.id),
      TKR_RULE,
      fields.prognosis,
      errors,
    );
    const comment = parseText(values, fields.comment, COMMENT_MAX, errors);
    rows[rowId] = { prognosisTkr, comment };
  }
  return parsed({ kind: 'economy', rows }, errors);
}

/** The uppdrag card's fields of one item. */
export function assignmentFields(config: CommitteeConfig, id: string) {
  const name = shorten(config.assignmentsById.get(id)?.text ?? id, 60);
  return {
    status: { id: `upd.${id}.status`, label: `Status för ”${name}”` },
    comment: { id: `upd.${id}.comment`, label: `Kommentar till ”${name}”` },
  } as const;
}

export function parseAssignmentsInput(
  config: CommitteeConfig,
  unit: Unit,
  values: Readonly<Record<string, unknown>>,
): ParsedCard<AssignmentsAnswer> {
  const errors: FieldError[] = [];
  const items: Record<string, { statusId: string | null; comment: string }> = {};
  for (const id of unit.reports.assignments) {
    const fields = assignmentFields(config, id);
    const statusId = parseChoice(values, fields.status, config.assignments.statusScale, errors);
    const comment = parseText(values, fields.comment, COMMENT_MAX, errors);
    items[id] = { statusId, comment };
  }
  return parsed({ kind: 'assignments', items }, errors);
}

/** Budget minus prognosis: a cost overrun is negative. */
export function deviationTkr(budget: number, prognosis: number): number {
  return budget - prognosis;
}

/** What is still missing before the item can be sent in (Swedish, one line each). */
export function missingInGoal(
  config: CommitteeConfig,
  indicators: readonly IndicatorInContext[],
  answer: GoalAnswer | null,
): string[] {
  const goal = config.goalsById.get(answer?.goalId ?? '');
  const name = goal?.name ?? '';
  if (!answer) return [`${name}: inte påbörjat`];
  const missing: string[] = [];
  if (!answer.statusId) missing.push(`${name}: prognos för helåret saknas`);
  if (!answer.results) missing.push(`${name}: resultat saknas`);
  if (!answer.deviations)
    missing.push(`${name}: avvikelser saknas (skriv ”Inga avvikelser” om det inte finns några)`);
  for (const indicator of indicators) {
    const outcome = answer.indicators[indicator.id];
    const complete =
      outcome?.noOutcome ||
      cellKeys(indicator).every((k) => outcome !== undefined && outcome.value[k] !== null);
    if (!complete) missing.push(`${name}: utfall saknas för ”${indicator.name}” (eller kryssa i I.U.)`);
  }
  return missing;
}

/**
 * The rows whose prognosis deviates from budget by more than the threshold but have no comment:
 * the comment is required, and the card asks for it, next to the field, before moving on.
 */
export function commentsMissing(
  config: CommitteeConfig,
  unit: Unit,
  year: number,
  answer: EconomyAnswer | null,
): FieldError[] {
  const missing: FieldError[] = [];
  const threshold = formatSwedishNumber(config.economy.commentThresholdTkr);
  for (const rowId of unit.reports.economyRows) {
    const row = config.economy.rows.find((r) => r.id === rowId);
    const entry = answer?.rows[rowId];
    const budget = row?.budget[String(year)];
    if (!row || !entry || entry.prognosisTkr === null || budget === undefined || entry.comment) continue;
    const deviation = deviationTkr(budget, entry.prognosisTkr);
    if (Math.abs(deviation) > config.economy.commentThresholdTkr) {
      const comment = economyFields(rowId, row.name).comment;
      missing.push({
        field: comment.id,
        label: comment.label,
        message: `Prognosen avviker ${formatSwedishNumber(Math.abs(deviation))} tkr från budget, mer än ${threshold} tkr: skriv varför och vad som görs.`,
      });
    }
  }
  return missing;
}

export function missingInEconomy(
  config: CommitteeConfig,
  unit: Unit,
  year: number,
  answer: EconomyAnswer | null,
): string[] {
  const missing: string[] = [];
  for (const rowId of unit.reports.economyRows) {
    const row = config.economy.rows.find((r) => r.id === rowId);
    const entry = answer?.rows[rowId];
    if (row && (!entry || entry.prognosisTkr === null))
      missing.push(`Ekonomi: prognos för helåret saknas för ${row.name}`);
  }
  const comments = commentsMissing(config, unit, year, answer).map(
    (c) => `Ekonomi: kommentar krävs för ${c.label.replace(/^Kommentar till /, '')}`,
  );
  return [...missing, ...comments];
}

export function missingInAssignments(
  config: CommitteeConfig,
  unit: Unit,
  answer: AssignmentsAnswer | null,
): string[] {
  if (!answer && unit.reports.assignments.length > 0) return ['Uppdrag och internkontroll: inte påbörjat'];
  const missing: string[] = [];
  for (const id of unit.reports.assignments) {
    if (!answer?.items[id]?.statusId) {
      const item = config.assignmentsById.get(id);
      missing.push(`Uppdrag: status saknas för ”${shorten(item?.text ?? id, 70)}”`);
    }
  }
  return missing;
}

export function shorten(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1).trimEnd()}…`;
}
