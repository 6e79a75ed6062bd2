/** The economy step: a full-year prognosis per budget row, with a comment where it deviates. */
import { commentsMissing, type EconomyAnswer, missingInEconomy, parseEconomyInput } from './answers.js';
import { economyFacts } from './overview-views.js';
import type { Step } from './step.js';
import { economyBlocks, economyCard, economyValues } from './views.js';

export const economyStep: Step<EconomyAnswer> = {
  kind: 'economy',
  prefills: true,
  title: () => 'Ekonomi – prognos för helåret',
  values: (_place, answer) => economyValues(answer),
  blocks: (place, _values, errors) => economyBlocks(place.config, place.unit, errors),
  card: (ctx, values, stored, previous) => ({
    card: 'economy',
    model: economyCard(ctx, values, stored, previous),
  }),
  parse: (place, values) => parseEconomyInput(place.config, place.unit, values),
  missing: (place, answer) => missingInEconomy(place.config, place.unit, place.period.year, answer),
  // A required comment is asked for next to its field, not first at the summary.
  requiredBeforeLeaving: (place, answer) =>
    commentsMissing(place.config, place.unit, place.period.year, answer),
  facts: (place, answer) => economyFacts(place.config, place.period.year, answer),
};
