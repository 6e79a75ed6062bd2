/**
 * What a unit answers, and the server-side validation of every card submit. Pure functions over
 * the configuration and the submitted values: card data is untrusted input (any key, any type).
 */
import type { CommitteeConfig, IndicatorInContext, Unit } from '../config/load-config.js';
import { parseSwedishNumber } from '../shared/swedish-number.js';
import { cleanUserText } from '../shared/user-text.js';
import type { FigureAnswer, FiguresAnswer } from './figures.js';
import type { LedgerAnswer } from './ledger-answer.js';
import type { Period } from './periods.js';
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

export type StepId = ItemKey | 'summary';

export const TEXT_MAX = 2_000;
export const COMMENT_MAX = 1_000;
const CELL_KEYS = ['total', 'kvinnor', 'man'] as const;
type CellKey = (typeof CELL_KEYS)[number];

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
export function itemStepsFor(unit: Unit, period: Pick<Period, 'kind'>): ItemKey[] {
  return stepsFor(unit, period).filter((s): s is ItemKey => s !== 'summary');
}

export function isStepOf(unit: Unit, period: Pick<Period, 'kind'>, step: string): step is StepId {
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

/** Sane bounds per unit of measure: a typo like 30900 % is refused, not stored. */
function bounds(indicator: IndicatorInContext): { min: number; max: number; integer: boolean } {
  switch (indicator.unit) {
    case '%':
      return { min: -100, max: 100, integer: false };
    case 'index':
      return { min: 0, max: 100, integer: false };
    case 'antal':
      return { min: 0, max: 10_000_000, integer: true };
    case 'dagar':
      return { min: 0, max: 3_650, integer: false };
    case 'tkr/år':
      return { min: 0, max: 1_000_000, integer: false };
    case 'år':
      return { min: 0, max: 120, integer: false };
    case 'antal per deltagare':
      return { min: 0, max: 1_000, integer: false };
  }
}

/** Everything a card can send is a string (or, from some clients, a number or boolean). */
function text(values: Readonly<Record<string, unknown>>, id: string): string {
  const v = values[id];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

export interface Parsed<T> {
  readonly value: T;
  /** Swedish messages; empty when the input is valid. Invalid input is never stored. */
  readonly errors: readonly string[];
}

function parseText(
  values: Readonly<Record<string, unknown>>,
  id: string,
  label: string,
  max: number,
  errors: string[],
) {
  const value = cleanUserText(text(values, id));
  if (value.length > max) {
    errors.push(`${label} är för lång: ${value.length} tecken, högst ${max} får plats. Korta texten.`);
  }
  return value;
}

/** The units of measure a field may carry after its number ("114 800 tkr", "45 %"). */
const UNIT_WORDS: Readonly<Record<string, readonly string[]>> = {
  '%': ['%', 'procent'],
  dagar: ['dagar', 'dag', 'd'],
  'tkr/år': ['tkr/år', 'tkr'],
  tkr: ['tkr'],
  år: ['år'],
};

/** The number without the field's own unit after it; other words are left for the parser to refuse. */
function withoutOwnUnit(raw: string, unit: string | undefined): string {
  const words = unit ? (UNIT_WORDS[unit] ?? []) : [];
  for (const word of words) {
    const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const stripped = raw.replace(new RegExp(`\\s*${escaped}\\.?$`, 'iu'), '');
    if (stripped !== raw) return stripped.trim();
  }
  return raw;
}

export function parseNumber(
  raw: string,
  label: string,
  indicatorBounds: { min: number; max: number; integer: boolean; unit?: string },
  errors: string[],
): number | null {
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  const n = parseSwedishNumber(withoutOwnUnit(trimmed, indicatorBounds.unit));
  if (n === null) {
    errors.push(`${label}: ”${trimmed}” är inget tal. Skriv till exempel 3 090 eller 4,5.`);
    return null;
  }
  if (indicatorBounds.integer && !Number.isInteger(n)) {
    errors.push(`${label}: ska vara ett heltal (ett antal), inte ${trimmed}.`);
    return null;
  }
  if (n < indicatorBounds.min || n > indicatorBounds.max) {
    errors.push(
      `${label}: ${trimmed} är utanför det rimliga intervallet ${indicatorBounds.min}–${indicatorBounds.max}.`,
    );
    return null;
  }
  return n;
}

const KON_LABEL: Record<CellKey, string> = { total: 'totalt', kvinnor: 'kvinnor', man: 'män' };

/** The cells an indicator asks for: the total, and kvinnor and män where it has a kön split. */
export function cellKeys(indicator: IndicatorInContext): readonly CellKey[] {
  return indicator.breakdown.kon ? CELL_KEYS : ['total'];
}

export function indicatorInputId(indicatorId: string, part: 'value' | 'num' | 'den', cell: CellKey): string {
  return part === 'value' ? `ind.${indicatorId}.${cell}` : `ind.${indicatorId}.${part}.${cell}`;
}

function parseIndicator(
  values: Readonly<Record<string, unknown>>,
  indicator: IndicatorInContext,
  errors: string[],
): IndicatorOutcome {
  const noOutcome = text(values, `ind.${indicator.id}.iu`) === 'true';
  const keys = cellKeys(indicator);
  const label = (cell: CellKey, what?: string) =>
    `${indicator.name}${keys.length > 1 ? ` (${KON_LABEL[cell]})` : ''}${what ? `, ${what}` : ''}`;
  const localErrors: string[] = [];
  const empty: Cell = { total: null, kvinnor: null, man: null };
  let outcome: IndicatorOutcome;

  if (indicator.aggregation.kind === 'share') {
    const countBounds = { min: 0, max: 100_000_000, integer: false };
    const read = (part: 'num' | 'den', what: string): Cell => {
      const cell = { ...empty } as Record<CellKey, number | null>;
      for (const k of keys) {
        cell[k] = parseNumber(
          text(values, indicatorInputId(indicator.id, part, k)),
          label(k, what),
          countBounds,
          localErrors,
        );
      }
      return cell;
    };
    const { numerator: numLabel, denominator: denLabel } = indicator.aggregation;
    const numerator = read('num', numLabel.toLowerCase()) as Record<CellKey, number | null>;
    const denominator = read('den', denLabel.toLowerCase()) as Record<CellKey, number | null>;
    // A half that was typed but not readable already has its own message.
    const typed = (part: 'num' | 'den', k: CellKey) =>
      text(values, indicatorInputId(indicator.id, part, k)).trim() !== '';
    // With kön, the total counts are the sum of kvinnor and män when only those were given.
    if (keys.length > 1) {
      for (const part of [numerator, denominator]) {
        if (part.total === null && part.kvinnor !== null && part.man !== null)
          part.total = part.kvinnor + part.man;
      }
    }
    const percent = indicator.unit === '%';
    const value = { ...empty } as Record<CellKey, number | null>;
    for (const k of keys) {
      const n = numerator[k];
      const d = denominator[k];
      if ((n === null) !== (d === null)) {
        if (!(n === null && typed('num', k)) && !(d === null && typed('den', k)))
          localErrors.push(
            `${label(k)}: fyll i både ${numLabel.toLowerCase()} och ${denLabel.toLowerCase()}.`,
          );
      } else if (n !== null && d !== null) {
        if (d === 0) {
          localErrors.push(`${label(k)}: ${denLabel.toLowerCase()} kan inte vara 0.`);
        } else if (percent && n > d) {
          localErrors.push(
            `${label(k)}: ${numLabel.toLowerCase()} kan inte vara större än ${denLabel.toLowerCase()}.`,
          );
        } else {
          // A percentage is 100 × n / d; other ratios (betyg per deltagare, medelålder) are n / d.
          value[k] = ((percent ? 100 : 1) * n) / d;
        }
      }
    }
    outcome = { noOutcome, value, numerator, denominator };
  } else {
    const value = { ...empty } as Record<CellKey, number | null>;
    for (const k of keys) {
      value[k] = parseNumber(
        text(values, indicatorInputId(indicator.id, 'value', k)),
        label(k),
        { ...bounds(indicator), unit: indicator.unit },
        localErrors,
      );
    }
    if (
      indicator.breakdown.kon &&
      indicator.aggregation.kind === 'sum' &&
      value.kvinnor !== null &&
      value.man !== null
    ) {
      const sum = value.kvinnor + value.man;
      if (value.total === null) value.total = sum;
      else if (value.total !== sum) {
        localErrors.push(
          `${indicator.name}: totalt (${value.total}) stämmer inte med kvinnor + män (${sum}).`,
        );
      }
    }
    outcome = { noOutcome, value };
  }

  const hasValue = [outcome.value, outcome.numerator, outcome.denominator].some(
    (c) => c !== undefined && CELL_KEYS.some((k) => c[k] !== null),
  );
  if (noOutcome && hasValue) {
    localErrors.push(
      `${indicator.name}: du har både fyllt i ett utfall och kryssat i "inget utfall". Välj det ena.`,
    );
  }
  errors.push(...localErrors);
  return outcome;
}

/** Parses a nämndmål card. The status may be empty in a draft but must be on the scale when given. */
export function parseGoalInput(
  config: CommitteeConfig,
  goalId: string,
  indicators: readonly IndicatorInContext[],
  values: Readonly<Record<string, unknown>>,
): Parsed<GoalAnswer> {
  const errors: string[] = [];
  const statusText = text(values, 'status').trim();
  let statusId: string | null = null;
  if (statusText !== '') {
    if (config.goals.statusScale.some((s) => s.id === statusText)) statusId = statusText;
    else errors.push(`Prognosen "${statusText}" finns inte på skalan. Välj en av: ${scaleLabels(config)}.`);
  }
  const results = parseText(values, 'results', 'Resultat som bidragit till utvecklingen', TEXT_MAX, errors);
  const deviations = parseText(values, 'deviations', 'Avvikelser och åtgärder', TEXT_MAX, errors);
  const activities = parseText(
    values,
    'activities',
    'Övriga aktiviteter som bidragit till måluppfyllelse',
    TEXT_MAX,
    errors,
  );
  const outcomes: Record<string, IndicatorOutcome> = {};
  for (const indicator of indicators) outcomes[indicator.id] = parseIndicator(values, indicator, errors);
  return {
    value: { kind: 'goal', goalId, statusId, results, deviations, activities, indicators: outcomes },
    errors,
  };
}

/**
 * Parses the controller's card of committee-wide indicators: the same rules as a unit's indicator
 * inputs (one parser), only without status and texts.
 */
export function parseCommitteeInput(
  indicators: readonly IndicatorInContext[],
  values: Readonly<Record<string, unknown>>,
): Parsed<CommitteeIndicatorsAnswer> {
  const errors: string[] = [];
  const outcomes: Record<string, IndicatorOutcome> = {};
  for (const indicator of indicators) outcomes[indicator.id] = parseIndicator(values, indicator, errors);
  return { value: { kind: 'committee', indicators: outcomes }, errors };
}

function scaleLabels(config: CommitteeConfig): string {
  return config.goals.statusScale.map((s) => s.label).join(', ');
}

export function parseEconomyInput(
  unit: Unit,
  values: Readonly<Record<string, unknown>>,
): Parsed<EconomyAnswer> {
  const errors: string[] = [];
  const rows: Record<string, { prognosisTkr: number | null; comment: string }> = {};
  for (const rowId of unit.reports.economyRows) {
    const prognosisTkr = parseNumber(
      text(values, `eco.${rowId}.prognosis`),
      'Prognos helår (tkr)',
      { min: -10_000_000, max: 10_000_000, integer: false, unit: 'tkr' },
      errors,
    );
    const comment = parseText(
      values,
      `eco.${rowId}.comment`,
      'Kommentaren till ekonomin',
      COMMENT_MAX,
      errors,
    );
    rows[rowId] = { prognosisTkr, comment };
  }
  return { value: { kind: 'economy', rows }, errors };
}

export function parseAssignmentsInput(
  config: CommitteeConfig,
  unit: Unit,
  values: Readonly<Record<string, unknown>>,
): Parsed<AssignmentsAnswer> {
  const errors: string[] = [];
  const scale = config.assignments.statusScale;
  const items: Record<string, { statusId: string | null; comment: string }> = {};
  for (const id of unit.reports.assignments) {
    const statusText = text(values, `upd.${id}.status`).trim();
    let statusId: string | null = null;
    if (statusText !== '') {
      if (scale.some((s) => s.id === statusText)) statusId = statusText;
      else
        errors.push(
          `Statusen "${statusText}" finns inte. Välj en av: ${scale.map((s) => s.label).join(', ')}.`,
        );
    }
    const comment = parseText(values, `upd.${id}.comment`, 'Kommentaren till uppdraget', COMMENT_MAX, errors);
    items[id] = { statusId, comment };
  }
  return { value: { kind: 'assignments', items }, errors };
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
    missing.push(`${name}: avvikelser saknas (skriv "Inga avvikelser" om det inte finns några)`);
  for (const indicator of indicators) {
    const outcome = answer.indicators[indicator.id];
    const complete =
      outcome?.noOutcome ||
      cellKeys(indicator).every((k) => outcome !== undefined && outcome.value[k] !== null);
    if (!complete)
      missing.push(`${name}: utfall saknas för "${indicator.name}" (eller kryssa i inget utfall)`);
  }
  return missing;
}

/**
 * The rows whose prognosis deviates from budget by more than the threshold but have no comment:
 * the comment is required, and the card asks for it before moving on.
 */
export function commentsMissing(
  config: CommitteeConfig,
  unit: Unit,
  year: number,
  answer: EconomyAnswer | null,
): string[] {
  const messages: string[] = [];
  for (const rowId of unit.reports.economyRows) {
    const row = config.economy.rows.find((r) => r.id === rowId);
    const entry = answer?.rows[rowId];
    const budget = row?.budget[String(year)];
    if (!row || !entry || entry.prognosisTkr === null || budget === undefined || entry.comment) continue;
    if (Math.abs(deviationTkr(budget, entry.prognosisTkr)) > config.economy.commentThresholdTkr) {
      messages.push(
        `Ekonomi: ${row.name} avviker mer än ${config.economy.commentThresholdTkr} tkr från budget – en kommentar krävs`,
      );
    }
  }
  return messages;
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
      missing.push(`Ekonomi: prognos helår saknas för ${row.name}`);
  }
  return [...missing, ...commentsMissing(config, unit, year, answer)];
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
      missing.push(`Uppdrag: status saknas för "${shorten(item?.text ?? id, 70)}"`);
    }
  }
  return missing;
}

export function shorten(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1).trimEnd()}…`;
}
