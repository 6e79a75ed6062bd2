/**
 * Whether an indicator value reaches its target. Pure.
 *
 * - A written comparator (`≥ ≤ < > =`) is used as written.
 * - A plain number ("90", "3 300") is a floor when higher is better and a ceiling when lower is
 *   better; with no better-direction a person has to judge it.
 * - "Ska öka" / "Ska minska" compares with the previous year's value; without one, a person judges.
 * - A text target ("Inga signifikanta skillnader") always needs a person.
 * - No value (I.U.) is `no_outcome`, never `not_met`.
 * The value is rounded to the indicator's decimals first, so the verdict agrees with the printed number.
 */
import type { Comparator, Target } from '../config/target.js';
import { formatSwedishNumber } from '../shared/swedish-format.js';
import type { IndicatorStatus, IndicatorStatusCode, TargetView } from './report-model.js';

export type Better = 'higher' | 'lower' | 'none';

export interface StatusInput {
  /** Null is I.U. */
  readonly value: number | null;
  readonly target: Target | undefined;
  readonly better: Better;
  readonly decimals: number;
  /** For "Ska öka/minska": the value of the year before. */
  readonly previousYearValue?: number | null;
  /** Appended to the reason when the value is not this period's, e.g. "utfall 2022". */
  readonly valueNote?: string;
}

export const STATUS_LABEL: Record<IndicatorStatusCode, string> = {
  met: 'Uppnås',
  not_met: 'Uppnås ej',
  no_outcome: 'I.U.',
  incomplete: 'Ej bedömd',
  needs_person: 'Manuell bedömning',
  no_target: 'Inget målvärde',
};

const SYMBOL: Record<Comparator, string> = { '>=': '≥', '<=': '≤', '>': '>', '<': '<', '=': '=' };

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

function compare(value: number, comparator: Comparator, target: number): boolean {
  switch (comparator) {
    case '>=':
      return value >= target;
    case '<=':
      return value <= target;
    case '>':
      return value > target;
    case '<':
      return value < target;
    case '=':
      return value === target;
  }
}

/** The comparator a target is judged by; null when a person has to judge it. */
export function effectiveComparator(target: Target | undefined, better: Better): Comparator | null {
  if (target?.kind !== 'value') return null;
  if (target.comparator) return target.comparator;
  if (better === 'higher') return '>=';
  if (better === 'lower') return '<=';
  return null;
}

export function targetView(target: Target | undefined, better: Better): TargetView | null {
  if (!target) return null;
  // A target given as a bare number in YAML ("2400") is printed the Swedish way ("2 400").
  const bare = target.kind === 'value' && /^-?[\d.]+$/.test(target.text);
  return {
    kind: target.kind,
    text:
      bare && target.kind === 'value'
        ? formatSwedishNumber(target.value, decimalsOf(target.value))
        : target.text,
    value: target.kind === 'value' ? target.value : null,
    comparator: effectiveComparator(target, better),
  };
}

function status(code: IndicatorStatusCode, reason: string): IndicatorStatus {
  return { code, label: STATUS_LABEL[code], reason };
}

export function indicatorStatus(input: StatusInput): IndicatorStatus {
  const { target, better, decimals } = input;
  const note = input.valueNote ? ` (${input.valueNote})` : '';
  if (!target || target.kind === 'none') {
    return status('no_target', target ? `Målvärdet är ${target.text}.` : 'Inget målvärde för året.');
  }
  if (input.value === null) return status('no_outcome', 'Inget utfall (I.U.) – räknas inte som ej uppnått.');
  const value = round(input.value, decimals);
  const shown = formatSwedishNumber(value, decimals);
  switch (target.kind) {
    case 'text':
      return status('needs_person', `Målet ”${target.text}” är en text och bedöms av en person.`);
    case 'direction': {
      const prev = input.previousYearValue;
      const wanted = target.direction === 'increase' ? 'öka' : 'minska';
      if (prev === null || prev === undefined) {
        return status(
          'needs_person',
          `Ska ${wanted}, men det finns inget värde för året innan att jämföra med.`,
        );
      }
      const before = round(prev, decimals);
      const ok = target.direction === 'increase' ? value > before : value < before;
      const verb = value > before ? 'ökat' : value < before ? 'minskat' : 'är oförändrat';
      return status(
        ok ? 'met' : 'not_met',
        `${shown}${note} har ${verb === 'är oförändrat' ? 'inte ändrats' : verb} från ${formatSwedishNumber(before, decimals)} året innan; målet är att det ska ${wanted}.`,
      );
    }
    case 'value': {
      const comparator = effectiveComparator(target, better);
      if (!comparator) {
        return status(
          'needs_person',
          `Målvärdet ${target.text} saknar jämförelse och indikatorn har ingen riktning – bedöms av en person.`,
        );
      }
      const ok = compare(value, comparator, target.value);
      const goal = `${SYMBOL[comparator]} ${formatSwedishNumber(target.value, Math.max(decimals, decimalsOf(target.value)))}`;
      const direction =
        target.comparator === null ? (better === 'lower' ? ' (lägre är bättre)' : ' (högre är bättre)') : '';
      return status(
        ok ? 'met' : 'not_met',
        `${shown}${note} ${ok ? 'når' : 'når inte'} målvärdet ${goal}${direction}.`,
      );
    }
  }
}

function decimalsOf(n: number): number {
  const text = String(n);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : Math.min(3, text.length - dot - 1);
}

/**
 * Several statuses as one (an indicator's parts, or its kön rows): any miss is a miss; all met is
 * met; otherwise a person is needed if one is, else no outcome.
 */
export function combineStatuses(statuses: readonly IndicatorStatus[], what: string): IndicatorStatus {
  const judged = statuses.filter((s) => s.code !== 'no_target');
  if (judged.length === 0) return status('no_target', 'Inget målvärde för året.');
  const count = (code: IndicatorStatusCode) => judged.filter((s) => s.code === code).length;
  const met = count('met');
  const notMet = count('not_met');
  const summary = `${met} av ${judged.length} ${what} når målvärdet`;
  if (notMet > 0) return status('not_met', `${summary}; ${notMet} når det inte.`);
  // A part still waiting for its reporters keeps the whole from being called met.
  const waiting = count('incomplete');
  if (waiting > 0) return status('incomplete', `${summary}; ${waiting} väntar på att alla har rapporterat.`);
  if (met === judged.length) return status('met', `${summary}.`);
  if (count('needs_person') > 0) return status('needs_person', `${summary}; resten bedöms av en person.`);
  if (met > 0) return status('met', `${summary}; resten saknar utfall.`);
  // Keep what the rows say ("Inget utfall i år" beside last year's value), never a bare I.U. beside a value.
  const first = judged[0];
  if (first && judged.every((s) => s.code === first.code)) return first;
  return status('no_outcome', 'Inget utfall (I.U.) – räknas inte som ej uppnått.');
}
