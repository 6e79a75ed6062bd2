/**
 * CSV as Swedish Excel opens it and archives read it: UTF-8 with BOM, semicolons, CRLF, fields
 * quoted per RFC 4180 when needed. A text that Excel would run as a formula (=, +, -, @ first)
 * gets a leading apostrophe, so written text stays data; the JSON beside every CSV file keeps the
 * exact values. Small enough not to need a library (csv-parse, which the app has, only reads).
 */

import { createRequire } from 'node:module';

const BOM = '\uFEFF';

/** Looks like a formula to a spreadsheet, and is not just a number. */
const FORMULA = /^[=+\-@\t\r]/;
const NUMBER = /^-?\d+([.,]\d+)?$/;

export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text =
    typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (typeof value === 'string' && FORMULA.test(text) && !NUMBER.test(text)) text = `'${text}`;
  return /[;"\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvField).join(';'));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

type CsvParse = typeof import('csv-parse/sync').parse;

/**
 * csv-parse's synchronous parser, loaded on the first file read (a controller's import): the bot
 * otherwise never needs it, and it costs a few MB of memory from start.
 */
export const parseCsv: CsvParse = ((...args: Parameters<CsvParse>) =>
  (createRequire(import.meta.url)('csv-parse/sync') as { parse: CsvParse }).parse(...args)) as CsvParse;

/** A CSV file's records with the line each starts on (the file's numbering), or why it cannot be read. */
export type CsvLines =
  | { readonly records: readonly { readonly record: string[]; readonly line: number }[] }
  | { readonly error: string };

/**
 * A file as a controller saves it from Excel: semicolons (a comma separates only when no
 * semicolon is used, so "12 400,5" with a decimal comma never needs quoting), a BOM, blank lines
 * and padding ignored, rows of any length. The error is Swedish and names the line.
 */
export function readCsvLines(text: string): CsvLines {
  const delimiter = text.includes(';') ? ';' : ',';
  try {
    const parsed = parseCsv(text, {
      delimiter,
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    return { records: parsed.map((p) => ({ record: p.record, line: p.info.lines })) };
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return {
      error: `${line ? `Rad ${line}: ` : ''}filen kan inte läsas som CSV: ${(error as Error).message}`,
    };
  }
}
