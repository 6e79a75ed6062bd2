/** The uppdrag step: a status and a comment per uppdrag and internkontroll item of the unit. */
import { type AssignmentsAnswer, missingInAssignments, parseAssignmentsInput } from './answers.js';
import { assignmentBlocks, assignmentsCard, assignmentValues } from './assignments-views.js';
import { assignmentFacts } from './overview-views.js';
import type { Step } from './step.js';

export const assignmentsStep: Step<AssignmentsAnswer> = {
  kind: 'assignments',
  prefills: true,
  title: () => 'Uppdrag och internkontroll',
  values: (_place, answer) => assignmentValues(answer),
  blocks: (place, values, errors) => assignmentBlocks(place.config, place.unit, values, errors),
  card: (ctx, values) => ({ card: 'assignments', model: assignmentsCard(ctx, values) }),
  parse: (place, values) => parseAssignmentsInput(place.config, place.unit, values),
  missing: (place, answer) => missingInAssignments(place.config, place.unit, answer),
  requiredBeforeLeaving: () => [],
  facts: (place, answer) => assignmentFacts(place.config, answer),
};
