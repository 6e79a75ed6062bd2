/**
 * Volume and personnel figures (volumes.yaml, personnel.yaml): who is asked for which, when, and
 * the server-side validation of what they write. Pure. The controller gives the committee-wide
 * figures from systems (Lifecare, HR) in the controller's card; a unit named as `reporter` gives
 * its own in a "Volymer" step, both only in the period kinds of the measure's `askIn`.
 */

import type { Period } from '../calendar/periods.js';
import type { CommitteeConfig } from '../config/load-config.js';
import { count, formatSwedishNumber, num, swedishMonthName } from '../shared/swedish-format.js';
import { lowerFirst } from '../shared/text.js';
import { cleanUserText } from '../shared/user-text.js';
import type { FieldError, Parsed } from './answers.js';
import { parseNumberField } from './indicator-input.js';

/** One figure a person is asked for: a volume measure or a personnel measure, with its parts. */
export interface FigureMeasure {
  readonly kind: 'volume' | 'personnel';
  readonly id: string;
  readonly name: string;
  /** "antal", "%", "dagar" */
  readonly unit: string;
  readonly decimals: number;
  /** Personnel split per förvaltning; a volume has none. */
  readonly parts: readonly { readonly id: string; readonly name: string }[];
  /** Whether a delår also asks for the full-year prognosis. */
  readonly prognosis: boolean;
}

export interface FigureAnswer {
  /** The value at the period's end; null when I.U. or not given. */
  readonly value: number | null;
  /** I.U.: no outcome available (written "I.U." in the field). */
  readonly noOutcome: boolean;
  /** The full-year prognosis (delår, volumes only); null when not asked or not given. */
  readonly prognosis: number | null;
  readonly parts: Readonly<Record<string, number | null>>;
}

/** What a unit answers in its "Volymer" step (`item: 'figures'`). */
export interface FiguresAnswer {
  readonly kind: 'figures';
  readonly figures: Readonly<Record<string, FigureAnswer>>;
  readonly comment: string;
}

export const FIGURE_COMMENT_MAX = 2_000;
const MAX_VALUE = 10_000_000;

/** The figures `reporter` (`controller` or a unit id) is asked for in `period`. */
export function figuresAsked(config: CommitteeConfig, reporter: string, period: Period): FigureMeasure[] {
  if (period.kind === 'month') return [];
  const asked = (m: { reporter?: string | undefined; askIn: readonly string[] }) =>
    (m.reporter ?? '') === reporter && m.askIn.includes(period.kind);
  return [
    ...config.volumes.measures.filter(asked).map(
      (m): FigureMeasure => ({
        kind: 'volume',
        id: m.id,
        name: m.name,
        unit: m.unit,
        decimals: m.decimals,
        parts: [],
        // Helår asks for the outcome only: the year is over.
        prognosis: m.prognosis && period.kind !== 'annual',
      }),
    ),
    ...config.personnel.measures.filter(asked).map(
      (m): FigureMeasure => ({
        kind: 'personnel',
        id: m.id,
        name: m.name,
        unit: m.unit,
        decimals: m.decimals,
        parts: m.parts.map((p) => ({ id: p.id, name: p.name })),
        prognosis: false,
      }),
    ),
  ];
}

export function figureInputId(measureId: string, field: 'value' | 'prognosis' | `part.${string}`): string {
  return `fig.${measureId}.${field}`;
}

export const FIGURE_COMMENT_ID = 'fig.comment';

/** "per 31 augusti": the day the figure describes. */
export function figureDateText(period: Period): string {
  const last = new Date(Date.UTC(period.year, period.month, 0)).getUTCDate();
  return `per ${last} ${swedishMonthName(period.month)} ${period.year}`;
}

function field(values: Readonly<Record<string, unknown>>, id: string): string {
  const v = values[id];
  return typeof v === 'string' ? cleanUserText(v).trim() : typeof v === 'number' ? String(v) : '';
}

const IU = /^i\.?\s*u\.?$/i;

function parseValue(
  raw: string,
  field: { readonly id: string; readonly label: string },
  measure: FigureMeasure,
  errors: FieldError[],
): { value: number | null; noOutcome: boolean } {
  if (IU.test(raw)) return { value: null, noOutcome: true };
  const percent = measure.unit === '%';
  const before = errors.length;
  const value = parseNumberField(
    raw,
    {
      min: 0,
      max: percent ? 100 : MAX_VALUE,
      integer: measure.decimals === 0,
      unit: measure.unit,
      example: percent ? '6,4' : '3 090',
    },
    field,
    errors,
  );
  if (value !== null && errors.length === before) {
    const scaled = value * 10 ** measure.decimals;
    if (Math.abs(scaled - Math.round(scaled)) > 1e-9) {
      errors.push({
        field: field.id,
        label: field.label,
        message: `Högst ${count(measure.decimals, 'decimal', 'decimaler')}, inte ${raw}.`,
      });
      return { value: null, noOutcome: false };
    }
  }
  return { value, noOutcome: false };
}

/** Parses the figure inputs of a card; every problem is listed in `errors` (Swedish). */
export function parseFigures(
  measures: readonly FigureMeasure[],
  values: Readonly<Record<string, unknown>>,
  errors: FieldError[],
): Record<string, FigureAnswer> {
  const out: Record<string, FigureAnswer> = {};
  for (const m of measures) {
    const valueId = figureInputId(m.id, 'value');
    const main = parseValue(field(values, valueId), { id: valueId, label: m.name }, m, errors);
    const parts: Record<string, number | null> = {};
    for (const p of m.parts) {
      const id = figureInputId(m.id, `part.${p.id}`);
      parts[p.id] = parseValue(field(values, id), { id, label: `${m.name}, ${p.name}` }, m, errors).value;
    }
    let value = main.value;
    const partValues = m.parts.map((p) => parts[p.id] ?? null);
    // A count is the sum of its parts: filled in when left empty, checked when given.
    if (m.unit === 'antal' && m.parts.length > 0 && partValues.every((v) => v !== null)) {
      const sum = partValues.reduce<number>((s, v) => s + (v ?? 0), 0);
      if (value === null && !main.noOutcome) value = sum;
      else if (value !== null && value !== sum)
        errors.push({
          field: valueId,
          label: m.name,
          message: `Totalt (${formatSwedishNumber(value)}) stämmer inte med summan av delarna (${formatSwedishNumber(sum)}).`,
        });
    }
    const prognosis = m.prognosis
      ? parseValue(
          field(values, figureInputId(m.id, 'prognosis')),
          { id: figureInputId(m.id, 'prognosis'), label: `${m.name}, prognos helår` },
          m,
          errors,
        ).value
      : null;
    out[m.id] = { value, noOutcome: main.noOutcome, prognosis, parts };
  }
  return out;
}

export function parseFiguresInput(
  measures: readonly FigureMeasure[],
  values: Readonly<Record<string, unknown>>,
): Parsed<FiguresAnswer> & { readonly issues: readonly FieldError[] } {
  const issues: FieldError[] = [];
  const figures = parseFigures(measures, values, issues);
  const comment = field(values, FIGURE_COMMENT_ID);
  if (comment.length > FIGURE_COMMENT_MAX)
    issues.push({
      field: FIGURE_COMMENT_ID,
      label: 'Kommentar',
      message: `Kommentaren är ${formatSwedishNumber(comment.length)} tecken; högst ${formatSwedishNumber(FIGURE_COMMENT_MAX)} får plats. Korta den.`,
    });
  return {
    value: { kind: 'figures', figures, comment },
    issues,
    errors: issues.map((i) => `${i.label}: ${i.message}`),
  };
}

/** What is still missing before the figures are complete ("Antal elever …: utfall saknas"). */
export function missingFigures(
  measures: readonly FigureMeasure[],
  figures: Readonly<Record<string, FigureAnswer>> | undefined,
): string[] {
  const out: string[] = [];
  for (const m of measures) {
    const f = figures?.[m.id];
    if (!f || (f.value === null && !f.noOutcome)) out.push(`${m.name}: utfall saknas`);
    if (m.prognosis && (!f || f.prognosis === null) && !f?.noOutcome)
      out.push(`${m.name}: prognos helår saknas`);
  }
  return out;
}

function text(value: number | null, decimals: number): string {
  return num(value, decimals, '');
}

/** Card values from a stored answer. */
export function figureValues(
  measures: readonly FigureMeasure[],
  figures: Readonly<Record<string, FigureAnswer>> | undefined,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const m of measures) {
    const f = figures?.[m.id];
    if (!f) continue;
    values[figureInputId(m.id, 'value')] = f.noOutcome ? 'I.U.' : text(f.value, m.decimals);
    if (m.prognosis) values[figureInputId(m.id, 'prognosis')] = text(f.prognosis, m.decimals);
    for (const p of m.parts)
      values[figureInputId(m.id, `part.${p.id}`)] = text(f.parts[p.id] ?? null, m.decimals);
  }
  return values;
}

/** The card's input blocks, one per measure. */
export function figureBlocks(
  measures: readonly FigureMeasure[],
  values: Readonly<Record<string, string>>,
  period: Period,
  previous: Readonly<Record<string, FigureAnswer>> | undefined,
  previousLabel: string | undefined,
  errors: ReadonlyMap<string, string> = new Map(),
) {
  const unitText = (m: FigureMeasure) => (m.unit === 'antal' ? '' : ` (${m.unit})`);
  return measures.map((m) => {
    const input = (id: string, label: string) => ({
      id,
      label,
      value: values[id] ?? '',
      placeholder: m.unit === '%' ? 't.ex. 6,4 eller I.U.' : 't.ex. 3 090 eller I.U.',
    });
    const prev = previous?.[m.id];
    const block = {
      id: m.id,
      name: m.name,
      previousText:
        prev && previousLabel
          ? `Förra delåret (${lowerFirst(previousLabel.replace(/ – .*$/, ''))}): ${prev.noOutcome ? 'I.U.' : text(prev.value, m.decimals) || '–'}`
          : '',
      inputs: [
        input(
          figureInputId(m.id, 'value'),
          `${m.parts.length > 0 ? 'Totalt' : 'Utfall'} ${figureDateText(period)}${unitText(m)}`,
        ),
        ...m.parts.map((p) => input(figureInputId(m.id, `part.${p.id}`), `${p.name}${unitText(m)}`)),
        ...(m.prognosis
          ? [input(figureInputId(m.id, 'prognosis'), `Prognos helår ${period.year}${unitText(m)}`)]
          : []),
      ],
    };
    const ids = [figureInputId(m.id, 'value'), figureInputId(m.id, 'prognosis')].concat(
      m.parts.map((p) => figureInputId(m.id, `part.${p.id}`)),
    );
    const error = ids
      .map((id) => errors.get(id))
      .filter((e): e is string => e !== undefined)
      .join(' ');
    return { ...block, error };
  });
}
