/**
 * One step of a unit's follow-up (a nämndmål, the economy, the Volymer, the uppdrag): everything
 * that differs between them, behind one interface, implemented once per kind (goal-step.ts,
 * economy-step.ts, figures-step.ts, assignments-step.ts). The use cases (steps.ts, service.ts) and
 * the reminders (missing.ts) dispatch through `stepOf` and know no kind.
 */

import type { Period } from '../calendar/periods.js';
import type { CommitteeConfig, Unit } from '../config/load-config.js';
import type { FieldError, ItemAnswer, ParsedCard, StepItem } from './answers.js';
import { assignmentsStep } from './assignments-step.js';
import { economyStep } from './economy-step.js';
import { figuresStep } from './figures-step.js';
import { goalStep } from './goal-step.js';
import type { Block } from './layout.js';
import type { Reply } from './service.js';
import type { StepContext } from './views.js';

/** Which step: the committee, the unit, the period and the item. */
export interface StepPlace {
  readonly config: CommitteeConfig;
  readonly unit: Unit;
  readonly period: Period;
  readonly step: StepItem;
}

/** The previous period's answer to the same step, which a card shows and may start from. */
export interface Previous<A extends ItemAnswer = ItemAnswer> {
  readonly period: Period;
  readonly answer: A;
}

export type Fact = { readonly title: string; readonly value: string };

export interface Step<A extends ItemAnswer = ItemAnswer> {
  /** The `kind` of the answer the step stores. */
  readonly kind: A['kind'];
  /** Whether a card with no answer of its own starts from the previous period's answer. */
  readonly prefills: boolean;
  /** The step's heading, and its line on the start card. */
  title(place: StepPlace): string;
  /** The card's values from a stored answer; `fromPrevious` when it is the previous period's. */
  values(place: StepPlace, answer: A, fromPrevious: boolean): Record<string, string>;
  /** The step's parts (layout.ts) as they stand with these values and refusals. */
  blocks(
    place: StepPlace,
    values: Readonly<Record<string, string>>,
    errors: ReadonlyMap<string, string>,
    previous: Previous<A> | null,
  ): Block[];
  /** The card of the parts in `ctx`. */
  card(
    ctx: StepContext,
    values: Readonly<Record<string, string>>,
    stored: A | null,
    previous: Previous<A> | null,
  ): Reply;
  /** The server-side validation of what a card sent: the answer, or the refused fields. */
  parse(place: StepPlace, values: Readonly<Record<string, unknown>>): ParsedCard<A>;
  /** What is still missing before the unit can send in (Swedish, one line each). */
  missing(place: StepPlace, answer: A | null): string[];
  /** Fields a draft may lack but that are asked for, next to the field, before moving on. */
  requiredBeforeLeaving(place: StepPlace, answer: A): FieldError[];
  /** The answer on the summary card. */
  facts(place: StepPlace, answer: A | null): Fact[];
}

const STEPS: Readonly<Record<Exclude<StepItem, `goal:${string}`>, Step>> = {
  economy: economyStep,
  figures: figuresStep,
  assignments: assignmentsStep,
};

export function stepOf(step: StepItem): Step {
  return step.startsWith('goal:') ? goalStep : STEPS[step as keyof typeof STEPS];
}
