/** A nämndmål step: the prognosis, the texts and the goal's indicators. */
import { type GoalAnswer, indicatorsFor, missingInGoal, parseGoalInput } from './answers.js';
import { goalFacts } from './overview-views.js';
import type { Step, StepPlace } from './step.js';
import { goalBlocks, goalCard, goalValues } from './views.js';

const goalId = (place: StepPlace) => place.step.slice('goal:'.length);

/** The indicators the unit reports for the goal this period. */
const indicators = (place: StepPlace) => indicatorsFor(place.config, place.unit, goalId(place), place.period);

export const goalStep: Step<GoalAnswer> = {
  kind: 'goal',
  prefills: true,
  title: (place) => place.config.goalsById.get(goalId(place))?.name ?? place.step,
  // Outcomes are new every period: the previous period gives the status and the texts only.
  values: (place, answer, fromPrevious) => goalValues(fromPrevious ? [] : indicators(place), answer),
  blocks: (place, values, errors, previous) =>
    goalBlocks(place.config, place.unit, place.period, indicators(place), values, errors, previous),
  card: (ctx, values, _stored, previous) => ({
    card: 'goal',
    model: goalCard(ctx, goalId(ctx), indicators(ctx), values, previous),
  }),
  parse: (place, values) => parseGoalInput(place.config, goalId(place), indicators(place), values),
  missing: (place, answer) =>
    answer
      ? missingInGoal(place.config, indicators(place), answer)
      : [`${place.config.goalsById.get(goalId(place))?.name ?? goalId(place)}: inte påbörjat`],
  requiredBeforeLeaving: () => [],
  facts: (place, answer) => goalFacts(place.config, indicators(place), answer),
};
