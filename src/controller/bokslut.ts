/**
 * The year's bokslut per driftsammandrag row (economy.yaml), as the controller enters it on a card
 * or in a CSV file. Pure: one validation for both, every problem listed, nothing half-accepted.
 */
import type { CommitteeConfig } from '../config/load-config.js';
import type { BokslutAnswer, Parsed } from '../followup/answers.js';
import { readCsvLines } from '../shared/csv.js';
import { parseSwedishNumber } from '../shared/swedish-number.js';
import { normalise } from '../shared/text.js';

/** Sane bounds for a nämnd's net cost per row, in tkr. */
const MAX_TKR = 10_000_000;

/** The card's input id of a row. */
export function bokslutInputId(rowId: string): string {
  return `bok.${rowId}`;
}

/** One value to check: the row id, what was written, and (from a file) its line number. */
export interface BokslutEntry {
  readonly rowId: string;
  readonly raw: string;
  readonly line?: number;
}

/**
 * Validates the entries against economy.yaml: every row once, whole tkr in Swedish or plain
 * format, within bounds. Any error means nothing may be stored.
 */
export function validateBokslut(
  config: CommitteeConfig,
  year: number,
  entries: readonly BokslutEntry[],
): Parsed<BokslutAnswer> {
  const errors: string[] = [];
  const rows: Record<string, { outcomeTkr: number }> = {};
  const seen = new Map<string, number | undefined>();
  const where = (e: BokslutEntry) => (e.line !== undefined ? `Rad ${e.line}: ` : '');
  for (const e of entries) {
    const row = config.economy.rows.find((r) => r.id === e.rowId);
    if (!row) {
      errors.push(
        `${where(e)}raden ”${e.rowId}” finns inte i driftsammandraget (economy.yaml). Giltiga rad-id: ${config.economy.rows.map((r) => r.id).join(', ')}.`,
      );
      continue;
    }
    if (seen.has(e.rowId)) {
      const first = seen.get(e.rowId);
      errors.push(
        `${where(e)}${row.name} finns redan${first !== undefined ? ` på rad ${first}` : ''}; ange varje rad en gång.`,
      );
      continue;
    }
    seen.set(e.rowId, e.line);
    const trimmed = e.raw.trim();
    if (trimmed === '') {
      errors.push(`${where(e)}${row.name}: utfall saknas.`);
      continue;
    }
    const value = parseSwedishNumber(trimmed);
    if (value === null) {
      errors.push(`${where(e)}${row.name}: ”${trimmed}” är inget tal. Skriv hela tkr, t.ex. 323 000.`);
    } else if (!Number.isInteger(value)) {
      errors.push(`${where(e)}${row.name}: ange hela tkr utan decimaler, inte ${trimmed}.`);
    } else if (Math.abs(value) > MAX_TKR) {
      errors.push(`${where(e)}${row.name}: ${trimmed} tkr är orimligt stort (högst ±10 000 000 tkr).`);
    } else {
      rows[row.id] = { outcomeTkr: value };
    }
  }
  const missing = config.economy.rows.filter((r) => !seen.has(r.id));
  if (missing.length > 0) {
    errors.push(`Utfall saknas för ${missing.map((r) => `${r.name} (${r.id})`).join(', ')}.`);
  }
  return { value: { kind: 'bokslut', year, rows }, errors };
}

/** The card's inputs, one per row of economy.yaml. */
export function parseBokslutCard(
  config: CommitteeConfig,
  year: number,
  values: Readonly<Record<string, unknown>>,
): Parsed<BokslutAnswer> {
  return validateBokslut(
    config,
    year,
    config.economy.rows.map((r) => {
      const v = values[bokslutInputId(r.id)];
      return { rowId: r.id, raw: typeof v === 'string' || typeof v === 'number' ? String(v) : '' };
    }),
  );
}

/**
 * A CSV file with the columns `rad-id;utfall tkr` (a header line is optional; a comma also
 * separates when no semicolon is used). Line numbers are the file's, so every problem points at
 * its line.
 */
export function parseBokslutCsv(config: CommitteeConfig, year: number, text: string): Parsed<BokslutAnswer> {
  const read = readCsvLines(text);
  if ('error' in read) return { value: { kind: 'bokslut', year, rows: {} }, errors: [read.error] };
  const errors: string[] = [];
  const entries: BokslutEntry[] = [];
  for (const [index, { record, line }] of read.records.entries()) {
    const cells = record.filter((c, i) => i < 2 || c !== '');
    if (index === 0 && /^rad/.test(normalise(cells[0] ?? ''))) continue;
    if (cells.length !== 2) {
      errors.push(
        `Rad ${line}: ska ha två kolumner, rad-id och utfall tkr (t.ex. ”ekonomiskt-bistand;327 500”), inte ${cells.length}.`,
      );
      continue;
    }
    entries.push({ rowId: cells[0] ?? '', raw: cells[1] ?? '', line });
  }
  const parsed = validateBokslut(config, year, entries);
  // In file order: a problem's line first, problems of the whole file (missing rows) last.
  const lineOf = (e: string) => Number(/^Rad (\d+):/.exec(e)?.[1] ?? Number.POSITIVE_INFINITY);
  return { value: parsed.value, errors: [...errors, ...parsed.errors].sort((a, b) => lineOf(a) - lineOf(b)) };
}

/** The year's total of a bokslut over economy.yaml's rows. */
export function bokslutTotal(config: CommitteeConfig, answer: BokslutAnswer): number {
  return config.economy.rows.reduce((s, r) => s + (answer.rows[r.id]?.outcomeTkr ?? 0), 0);
}
