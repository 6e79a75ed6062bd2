/**
 * What is still missing in one item of a unit's follow-up: one rule for the start card, the
 * summary and the reminders, each step's own (step.ts). Pure.
 */

import type { Period } from '../calendar/periods.js';
import type { CommitteeConfig, Unit } from '../config/load-config.js';
import type { ItemAnswer, StepItem } from './answers.js';
import { stepOf } from './step.js';

export function missingInItem(
  config: CommitteeConfig,
  unit: Unit,
  period: Period,
  step: StepItem,
  answer: ItemAnswer | null,
): string[] {
  return stepOf(step).missing({ config, unit, period, step }, answer);
}
