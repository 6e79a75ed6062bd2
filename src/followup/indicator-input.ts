/**
 * What a card's number fields accept, and the indicator row: one field per cell (totalt, kvinnor,
 * män) holding a number in the indicator's own unit, or for a share the two counts behind it as
 * "täljare/nämnare" ("45/50"), which the report adds up across units. Every refusal names the
 * field and says how to write it.
 */
import type { IndicatorInContext } from '../config/load-config.js';
import { formatSwedishNumber, num } from '../shared/swedish-format.js';
import { parseSwedishNumber } from '../shared/swedish-number.js';
import type { FieldError, IndicatorOutcome } from './answers.js';

export const CELL_KEYS = ['total', 'kvinnor', 'man'] as const;
export type CellKey = (typeof CELL_KEYS)[number];

const KON_LABEL: Record<CellKey, string> = { total: 'totalt', kvinnor: 'kvinnor', man: 'män' };

/** The cells an indicator asks for: the total, and kvinnor and män where it has a kön split. */
export function cellKeys(indicator: IndicatorInContext): readonly CellKey[] {
  return indicator.breakdown.kon ? CELL_KEYS : ['total'];
}

export function indicatorInputId(indicatorId: string, cell: CellKey): string {
  return `ind.${indicatorId}.${cell}`;
}

export function noOutcomeInputId(indicatorId: string): string {
  return `ind.${indicatorId}.iu`;
}

/** What a number field accepts: its bounds, whether it is a count, its unit and an example. */
export interface NumberRule {
  readonly min: number;
  readonly max: number;
  /** A count: no decimals. */
  readonly integer: boolean;
  /** The unit a person may type after the number ("114 800 tkr", "45 %"). */
  readonly unit?: string;
  /** How a valid value is written, for the placeholder and the messages: "3 090", "84,5". */
  readonly example: string;
}

/** Sane bounds per unit of measure: a typo like 30900 % is refused, not stored. */
export function indicatorRule(indicator: IndicatorInContext): NumberRule {
  const unit = indicator.unit;
  switch (unit) {
    case '%':
      return { min: -100, max: 100, integer: false, unit, example: '84,5' };
    case 'index':
      return { min: 0, max: 100, integer: false, unit, example: '73' };
    case 'antal':
      return { min: 0, max: 10_000_000, integer: true, unit, example: '3 090' };
    case 'dagar':
      return { min: 0, max: 3_650, integer: false, unit, example: '16' };
    case 'tkr/år':
      return { min: 0, max: 1_000_000, integer: false, unit, example: '52,5' };
    case 'år':
      return { min: 0, max: 120, integer: false, unit, example: '45' };
    case 'antal per deltagare':
      return { min: 0, max: 1_000, integer: false, unit, example: '1,5' };
  }
}

export const SHARE_EXAMPLE = '45/50';
const COUNT_RULE: NumberRule = { min: 0, max: 100_000_000, integer: false, example: '45' };

/** The units of measure a field may carry after its number. */
const UNIT_WORDS: Readonly<Record<string, readonly string[]>> = {
  '%': ['%', 'procent'],
  dagar: ['dagar', 'dag', 'd'],
  'tkr/år': ['tkr/år', 'tkr'],
  tkr: ['tkr'],
  år: ['år'],
  antal: ['st', 'st.', 'stycken'],
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

const swedish = (n: number) => formatSwedishNumber(n, Number.isInteger(n) ? 0 : 1);

/**
 * A number as typed in a field, or null when empty or refused; a refusal adds one message for
 * `field` saying what is wrong and how to write it.
 */
export function parseNumberField(
  raw: string,
  rule: NumberRule,
  field: { readonly id: string; readonly label: string },
  errors: FieldError[],
): number | null {
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  const refuse = (message: string) => {
    errors.push({ field: field.id, label: field.label, message });
    return null;
  };
  const n = parseSwedishNumber(withoutOwnUnit(trimmed, rule.unit));
  if (n === null) return refuse(`”${trimmed}” är inget tal. Skriv bara talet, till exempel ${rule.example}.`);
  if (rule.integer && !Number.isInteger(n))
    return refuse(
      `${trimmed} är ett antal och kan inte ha decimaler. Skriv ett heltal, till exempel ${rule.example}.`,
    );
  if (n < rule.min || n > rule.max)
    return refuse(
      `${trimmed} är utanför det rimliga (${swedish(rule.min)} till ${swedish(rule.max)}${rule.unit === '%' ? ' %' : ''}). Kontrollera talet.`,
    );
  return n;
}

/** "45/50" or "45 av 50": the two counts of a share, or null when empty or refused. */
function parseShareField(
  raw: string,
  indicator: IndicatorInContext & { aggregation: { kind: 'share' } },
  field: { readonly id: string; readonly label: string },
  errors: FieldError[],
): { numerator: number; denominator: number } | null {
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  const num = countName(indicator.aggregation.numerator);
  const den = countName(indicator.aggregation.denominator);
  const how = `Skriv ${num}/${den} med snedstreck, till exempel ${SHARE_EXAMPLE}.`;
  const refuse = (message: string) => {
    errors.push({ field: field.id, label: field.label, message });
    return null;
  };
  const parts = /^(.*?)\s*(?:\/|\bav\b)\s*(.*)$/iu.exec(trimmed);
  if (!parts) {
    return refuse(
      parseSwedishNumber(withoutOwnUnit(trimmed, indicator.unit)) === null
        ? `”${trimmed}” går inte att läsa. ${how}`
        : `Här behövs två antal, inte bara ett. ${how}`,
    );
  }
  const halves: number[] = [];
  for (const half of [parts[1] ?? '', parts[2] ?? '']) {
    const n = half === '' ? null : parseNumberField(half, COUNT_RULE, field, []);
    if (n === null)
      return refuse(
        half === ''
          ? `”${trimmed}” saknar ett av talen. ${how}`
          : `”${trimmed}” går inte att läsa: ”${half}” är inget antal. ${how}`,
      );
    halves.push(n);
  }
  const [numerator = 0, denominator = 0] = halves;
  if (denominator === 0) return refuse(`${capital(den)} kan inte vara 0. ${how}`);
  if (indicator.unit === '%' && numerator > denominator)
    return refuse(
      `${capital(num)} (${swedish(numerator)}) kan inte vara fler än ${den} (${swedish(denominator)}). Kontrollera ordningen: ${num} först.`,
    );
  return { numerator, denominator };
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "godkända kursbetyg" for "Antal godkända kursbetyg": a share's field asks for counts anyway. */
export function countName(name: string): string {
  return name.replace(/^antal\s+/i, '').toLowerCase();
}

/** Everything a card can send is a string (or, from some clients, a number or boolean). */
export function fieldText(values: Readonly<Record<string, unknown>>, id: string): string {
  const v = values[id];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

/** The name of a cell in messages and the summary: "Andel nöjda (kvinnor)". */
export function cellLabel(indicator: IndicatorInContext, cell: CellKey): string {
  return `${indicator.name}${cellKeys(indicator).length > 1 ? ` (${KON_LABEL[cell]})` : ''}`;
}

/** Parses one indicator's row; refusals go to `errors`, keyed by the field they belong to. */
export function parseIndicator(
  values: Readonly<Record<string, unknown>>,
  indicator: IndicatorInContext,
  errors: FieldError[],
): IndicatorOutcome {
  const iuId = noOutcomeInputId(indicator.id);
  const noOutcome = fieldText(values, iuId) === 'true';
  const keys = cellKeys(indicator);
  const field = (cell: CellKey) => ({
    id: indicatorInputId(indicator.id, cell),
    label: cellLabel(indicator, cell),
  });
  const empty = (): Record<CellKey, number | null> => ({ total: null, kvinnor: null, man: null });
  let outcome: IndicatorOutcome;

  const { aggregation } = indicator;
  if (aggregation.kind === 'share') {
    const share = indicator as IndicatorInContext & { aggregation: typeof aggregation };
    const numerator = empty();
    const denominator = empty();
    for (const k of keys) {
      const parsed = parseShareField(fieldText(values, field(k).id), share, field(k), errors);
      numerator[k] = parsed?.numerator ?? null;
      denominator[k] = parsed?.denominator ?? null;
    }
    // With kön, the total counts are the sum of kvinnor and män when only those were given.
    if (keys.length > 1 && fieldText(values, field('total').id).trim() === '') {
      for (const part of [numerator, denominator])
        if (part.kvinnor !== null && part.man !== null) part.total = part.kvinnor + part.man;
    }
    const value = empty();
    // A percentage is 100 × n / d; other ratios (betyg per deltagare, medelålder) are n / d.
    const factor = indicator.unit === '%' ? 100 : 1;
    for (const k of keys) {
      const n = numerator[k];
      const d = denominator[k];
      if (n !== null && d !== null && d !== 0) value[k] = (factor * n) / d;
    }
    outcome = { noOutcome, value, numerator, denominator };
  } else {
    const value = empty();
    for (const k of keys)
      value[k] = parseNumberField(fieldText(values, field(k).id), indicatorRule(indicator), field(k), errors);
    if (keys.length > 1 && aggregation.kind === 'sum' && value.kvinnor !== null && value.man !== null) {
      const sum = value.kvinnor + value.man;
      if (value.total === null) value.total = sum;
      else if (value.total !== sum) {
        errors.push({
          field: field('total').id,
          label: field('total').label,
          message: `Totalt (${swedish(value.total)}) är inte kvinnor + män (${swedish(sum)}). Rätta något av talen, eller lämna totalt tomt så räknas det ut.`,
        });
      }
    }
    outcome = { noOutcome, value };
  }

  const hasValue = keys.some((k) => fieldText(values, field(k).id).trim() !== '');
  if (noOutcome && hasValue) {
    errors.push({
      field: iuId,
      label: indicator.name,
      message: 'Du har både skrivit ett utfall och kryssat i I.U. Töm utfallet eller ta bort krysset.',
    });
  }
  return outcome;
}

/** What a stored cell looks like in its field again: "3 090", "84,5" or "45/50". */
export function cellText(indicator: IndicatorInContext, outcome: IndicatorOutcome, cell: CellKey): string {
  const show = (n: number | null | undefined, decimals: number) => num(n, decimals, '');
  if (indicator.aggregation.kind === 'share') {
    const n = outcome.numerator?.[cell];
    const d = outcome.denominator?.[cell];
    if (n === null || n === undefined || d === null || d === undefined) return '';
    const decimals = (x: number) => (Number.isInteger(x) ? 0 : 2);
    return `${show(n, decimals(n))}/${show(d, decimals(d))}`;
  }
  return show(outcome.value[cell], indicator.decimals);
}
