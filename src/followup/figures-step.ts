/** The Volymer step (delår and helår): the unit's own volume and personnel figures. */
import { type FiguresAnswer, figuresAsked, missingFigures, parseFiguresInput } from './figures.js';
import { figuresBlocks, figuresCard, figuresCardValues, figuresFacts } from './figures-views.js';
import type { Step } from './step.js';

export const figuresStep: Step<FiguresAnswer> = {
  kind: 'figures',
  // Figures describe one day: last period's are no starting point.
  prefills: false,
  title: () => 'Volymer',
  values: (place, answer) => figuresCardValues(place.config, place.unit, place.period, answer),
  blocks: (place, _values, errors) => figuresBlocks(place.config, place.unit, place.period, errors),
  card: (ctx, values) => ({ card: 'figures', model: figuresCard(ctx, values) }),
  parse: (place, values) =>
    parseFiguresInput(figuresAsked(place.config, place.unit.id, place.period), values),
  missing: (place, answer) =>
    missingFigures(figuresAsked(place.config, place.unit.id, place.period), answer?.figures).map(
      (m) => `Volymer: ${m}`,
    ),
  requiredBeforeLeaving: () => [],
  facts: (place, answer) => figuresFacts(place.config, place.unit, place.period, answer),
};
