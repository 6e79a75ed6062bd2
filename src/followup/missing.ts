/**
 * What is still missing in one item of a unit's follow-up: one rule for the start card, the
 * summary and the reminders. Pure.
 */

import type { Period } from '../calendar/periods.js';
import type { CommitteeConfig, Unit } from '../config/load-config.js';
import {
  type AssignmentsAnswer,
  type EconomyAnswer,
  type GoalAnswer,
  type ItemAnswer,
  indicatorsFor,
  missingInAssignments,
  missingInEconomy,
  missingInGoal,
} from './answers.js';
import { type FiguresAnswer, figuresAsked, missingFigures } from './figures.js';
import type { ItemKey } from './ports.js';

export function missingInItem(
  config: CommitteeConfig,
  unit: Unit,
  period: Period,
  step: ItemKey,
  answer: ItemAnswer | null,
): string[] {
  if (step === 'economy') return missingInEconomy(config, unit, period.year, answer as EconomyAnswer | null);
  if (step === 'assignments') return missingInAssignments(config, unit, answer as AssignmentsAnswer | null);
  if (step === 'figures') {
    const measures = figuresAsked(config, unit.id, period);
    return missingFigures(measures, (answer as FiguresAnswer | null)?.figures).map((m) => `Volymer: ${m}`);
  }
  const goalId = step.slice('goal:'.length);
  if (!answer) return [`${config.goalsById.get(goalId)?.name ?? goalId}: inte påbörjat`];
  return missingInGoal(config, indicatorsFor(config, unit, goalId, period), answer as GoalAnswer);
}
