/**
 * An indicator on a card: its compact row (one field per cell and I.U.), the line of context
 * above it (last value, target) and the text of a stored outcome. Pure; all wording here.
 */

import type { Period } from '../calendar/periods.js';
import type { IndicatorBlock, NumberInput } from '../cards/models.js';
import type { CommitteeConfig, IndicatorInContext, Unit } from '../config/load-config.js';
import type { Target } from '../config/target.js';
import { formatSwedishNumber, num } from '../shared/swedish-format.js';
import { genitive, lowerFirst } from '../shared/text.js';
import { type GoalAnswer, type IndicatorOutcome, unitPart } from './answers.js';
import {
  type CellKey,
  cellKeys,
  cellText,
  countName,
  indicatorInputId,
  indicatorRule,
  noOutcomeInputId,
  SHARE_EXAMPLE,
} from './indicator-input.js';

const COMPARATOR_TEXT: Record<string, string> = {
  '>=': 'minst',
  '<=': 'högst',
  '>': 'över',
  '<': 'under',
  '=': 'exakt',
};

export function targetText(target: Target | undefined, indicator: IndicatorInContext): string {
  if (!target) return 'inget målvärde';
  switch (target.kind) {
    case 'value': {
      const value = `${formatSwedishNumber(target.value, indicator.decimals)}${indicator.unit === '%' ? ' %' : ''}`;
      if (target.comparator) return `${COMPARATOR_TEXT[target.comparator]} ${value}`;
      return indicator.better === 'lower'
        ? `${value} (lägre är bättre)`
        : indicator.better === 'higher'
          ? `${value} (högre är bättre)`
          : value;
    }
    case 'direction':
      return target.direction === 'increase' ? 'ska öka' : 'ska minska';
    case 'text':
      return target.text;
    case 'none':
      return 'inget målvärde (I.U.)';
  }
}

/** The target line of a unit's card: its own part's target, never the committee's as if it were its own. */
export function unitTargetText(
  config: CommitteeConfig,
  indicator: IndicatorInContext,
  unit: Unit,
  year: string,
): string {
  const targets = indicator.targets[year];
  const { partId, label, reporters } = unitPart(config, indicator, unit);
  const own = partId !== null ? targets?.parts?.[partId]?.total : undefined;
  if (own) return `Målvärde ${year} för ${label}: ${targetText(own, indicator)}`;
  // Several units add up to the whole: the target is the committee's, not the unit's own.
  if (reporters > 1)
    return `Målvärde ${year} för hela nämnden (${genitive(unit.shortName)} del räknas in): ${targetText(targets?.total, indicator)}`;
  return `Målvärde ${year}: ${targetText(targets?.total, indicator)}`;
}

function latestHistory(config: CommitteeConfig, indicator: IndicatorInContext, unit?: Unit): string {
  const partName = (id: string) => config.unitsById.get(id)?.shortName ?? id;
  const part = unit ? unitPart(config, indicator, unit) : null;
  for (const h of [...indicator.history].reverse()) {
    // A unit reporting its part sees its part's history, not the whole's.
    const own = part?.partId ? h.parts?.[part.partId]?.total : undefined;
    if (own !== undefined && own !== null)
      return `${num(own, indicator.decimals, '')} (${part?.label}, ${lowerFirst(h.label)})`;
    if (part && part.reporters > 1) {
      // Several units add up to the whole: the whole's value is context, not the unit's own.
      if (h.total !== undefined && h.total !== null)
        return `inget eget för ${part.label} (hela nämnden: ${num(h.total, indicator.decimals, '')}, ${lowerFirst(h.label)})`;
      continue;
    }
    if (h.total !== undefined && h.total !== null)
      return `${num(h.total, indicator.decimals, '')} (${lowerFirst(h.label)})`;
    const parts = Object.entries(h.parts ?? {})
      .filter(([, c]) => c.total !== undefined && c.total !== null)
      .map(([id, c]) => `${partName(id)}: ${num(c.total, indicator.decimals, '')}`);
    if (parts.length > 0) return `${parts.join(', ')} (${lowerFirst(h.label)})`;
  }
  return 'inget tidigare utfall';
}

/** A stored outcome as text: "I.U.", "66,7 %", "totalt 6,1 %, kvinnor 6,2 %, män 6,1 %". */
export function outcomeText(
  indicator: IndicatorInContext,
  outcome: IndicatorOutcome | undefined,
  options: { readonly totalOnly?: boolean } = {},
): string {
  if (!outcome) return '–';
  if (outcome.noOutcome) return 'I.U.';
  const unit = indicator.unit === '%' ? ' %' : indicator.unit === 'antal' ? '' : ` ${indicator.unit}`;
  if (options.totalOnly && outcome.value.total !== null)
    return `${num(outcome.value.total, indicator.decimals, '')}${unit}`;
  const cells = cellKeys(indicator)
    .filter((k) => outcome.value[k] !== null)
    .map((k) => {
      const label =
        k === 'total' ? (cellKeys(indicator).length > 1 ? 'totalt ' : '') : `${CELL_LABEL[k].toLowerCase()} `;
      return `${label}${num(outcome.value[k], indicator.decimals, '')}${unit}`;
    });
  return cells.length > 0 ? cells.join(', ') : '–';
}

const CELL_LABEL: Record<CellKey, string> = { total: 'Totalt', kvinnor: 'Kvinnor', man: 'Män' };

/** The placeholder of a total that is worked out from kvinnor and män when left empty. */
export const WORKED_OUT = 'summa';

/** The unit words of a field's label: "Utfall (%)", "Kvinnor (antal)". */
function unitText(indicator: IndicatorInContext): string {
  return indicator.unit === 'antal' ? 'antal' : indicator.unit;
}

/**
 * One indicator as a compact row: a field per cell (kvinnor and män first where there is a kön
 * split, the total last, which is worked out when left empty) and the I.U. box beside them.
 */
export function indicatorBlock(
  config: CommitteeConfig,
  /** The unit answering, or null for the controller's committee-wide figures. */
  unit: Unit | null,
  period: Period,
  indicator: IndicatorInContext,
  values: Readonly<Record<string, string>>,
  previous: IndicatorOutcome | undefined,
  previousPeriod: Period | undefined,
  /** Messages of refused fields, by input id. */
  errors: ReadonlyMap<string, string> = new Map(),
): IndicatorBlock {
  const year = String(period.year);
  const keys = cellKeys(indicator);
  const share = indicator.aggregation.kind === 'share' ? indicator.aggregation : null;
  const ordered = keys.length > 1 ? (['kvinnor', 'man', 'total'] as const) : (['total'] as const);
  const computable = keys.length > 1 && (share !== null || indicator.aggregation.kind === 'sum');
  const inputs: NumberInput[] = ordered.map((k) => {
    const id = indicatorInputId(indicator.id, k);
    const label = keys.length > 1 ? CELL_LABEL[k] : share ? 'Utfall' : `Utfall (${unitText(indicator)})`;
    const example = share ? SHARE_EXAMPLE : indicatorRule(indicator).example;
    // Three fields share a phone's width: the bare example there, "summa" where it is worked out.
    const placeholder =
      k === 'total' && computable ? WORKED_OUT : keys.length > 1 ? example : `t.ex. ${example}`;
    return { id, label, value: values[id] ?? '', placeholder };
  });
  const hint = share
    ? `Skriv ${countName(share.numerator)}/${countName(share.denominator)}, t.ex. ${SHARE_EXAMPLE}.`
    : keys.length > 1 && indicator.unit !== 'antal'
      ? `Utfall i ${unitText(indicator)}.`
      : '';
  const iuId = noOutcomeInputId(indicator.id);
  const previousText =
    previous && previousPeriod
      ? `${previousPeriod.label.replace(/ – .*$/, '')}: ${outcomeText(indicator, previous, { totalOnly: true })}`
      : `Senast: ${latestHistory(config, indicator, unit ?? undefined)}`;
  const error = [...keys.map((k) => indicatorInputId(indicator.id, k)), iuId]
    .map((id) => errors.get(id))
    .filter((m): m is string => m !== undefined)
    .join(' ');
  return {
    id: indicator.id,
    name: indicator.name,
    previousText,
    targetText: unit
      ? unitTargetText(config, indicator, unit, year)
      : `Målvärde ${year}: ${targetText(indicator.targets[year]?.total, indicator)}`,
    hint,
    inputs,
    noOutcome: {
      id: iuId,
      label: 'I.U.',
      title: 'saknas',
      value: values[iuId] === 'true' ? 'true' : 'false',
    },
    error,
  };
}

/** Input values of a goal card from a stored (or prefilled) answer, as the card shows them. */
export function goalValues(
  indicators: readonly IndicatorInContext[],
  answer: GoalAnswer | null,
): Record<string, string> {
  const values: Record<string, string> = {};
  if (!answer) return values;
  values.status = answer.statusId ?? '';
  values.results = answer.results;
  values.deviations = answer.deviations;
  values.activities = answer.activities ?? '';
  return { ...values, ...indicatorValues(indicators, answer.indicators) };
}

/** Input values of indicator rows from stored outcomes (a unit's goal answer or the controller's). */
export function indicatorValues(
  indicators: readonly IndicatorInContext[],
  outcomes: Readonly<Record<string, IndicatorOutcome>>,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const indicator of indicators) {
    const outcome = outcomes[indicator.id];
    if (!outcome) continue;
    values[noOutcomeInputId(indicator.id)] = outcome.noOutcome ? 'true' : 'false';
    for (const k of cellKeys(indicator))
      values[indicatorInputId(indicator.id, k)] = cellText(indicator, outcome, k);
    // A total that was worked out stays empty, so it is worked out again when kvinnor or män change.
    if (totalWorkedOut(indicator, outcome)) values[indicatorInputId(indicator.id, 'total')] = '';
  }
  return values;
}

function totalWorkedOut(indicator: IndicatorInContext, outcome: IndicatorOutcome): boolean {
  if (cellKeys(indicator).length < 2) return false;
  const sums = (c: IndicatorOutcome['value'] | undefined) =>
    c !== undefined && c.kvinnor !== null && c.man !== null && c.total === c.kvinnor + c.man;
  if (indicator.aggregation.kind === 'share') return sums(outcome.numerator) && sums(outcome.denominator);
  return indicator.aggregation.kind === 'sum' && sums(outcome.value);
}
