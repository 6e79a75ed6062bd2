/**
 * The economy tables in the Word, Excel and Markdown outputs, read back: a delår 2 report with
 * the example ledger file, a helår report with the bokslut, and a report without a ledger, which
 * prints the note and no zeros.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CommitteeConfig, loadConfig } from '../../src/config/load-config.js';
import { parseLedgerCsv } from '../../src/controller/ledger.js';
import type { BokslutAnswer } from '../../src/followup/answers.js';
import { aggregate } from '../../src/reporting/aggregate.js';
import { renderDocx } from '../../src/reporting/render-docx.js';
import { renderMarkdown } from '../../src/reporting/render-markdown.js';
import { renderXlsx } from '../../src/reporting/render-xlsx.js';
import { XLSX_ECONOMY_SHEETS } from '../../src/reporting/render-xlsx-economy.js';
import type { ReportModel } from '../../src/reporting/report-model.js';
import { ledgerAnswer, periodAnswers, periodOf, prognosisAnswers } from '../support/economy-fixtures.js';
import { shippedTemplate } from '../support/template.js';

const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ').replace(/\u2212/g, '-');
const exampleFile = readFileSync(
  fileURLToPath(new URL('../../config/exempel/ekonomi-2024-08.csv', import.meta.url)),
  'utf8',
);

let config: CommitteeConfig;

function model(periodId: string, options: { ledger?: boolean; bokslut?: BokslutAnswer } = {}): ReportModel {
  // Every row forecast 1 000 tkr over budget on ekonomiskt bistånd.
  const prognoses = Object.fromEntries(
    config.economy.rows.map((r) => [
      r.id,
      (r.budget['2024'] ?? 0) + (r.id === 'ekonomiskt-bistand' ? 1_000 : 0),
    ]),
  );
  const current = prognosisAnswers(config, periodId, prognoses);
  if (options.ledger) {
    const parsed = parseLedgerCsv(config, periodOf(config, periodId), exampleFile);
    expect(parsed.errors).toEqual([]);
    current.push(ledgerAnswer(config, parsed.value));
  }
  return aggregate({
    config,
    period: periodOf(config, periodId),
    answers: [periodAnswers(config, periodId, current)],
    decisions: [],
    generatedAt: '2024-09-10T12:03:00.000Z',
    includeDrafts: true,
    ...(options.bokslut ? { bokslut: options.bokslut } : {}),
  });
}

async function docxXml(m: ReportModel): Promise<string> {
  const zip = await JSZip.loadAsync(await renderDocx(m, await shippedTemplate()));
  return (await zip.file('word/document.xml')?.async('string')) ?? '';
}

/** Each table of the document: its rows' cell texts, and whether its first row is a header row. */
function docxTables(xml: string): { header: boolean; rows: string[][] }[] {
  return [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((t) => {
    const rows = [...t[0].matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)];
    return {
      header: /<w:tblHeader\/>/.test(rows[0]?.[0] ?? ''),
      rows: rows.map((r) =>
        [...r[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) =>
          plain([...c[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((x) => x[1]).join('')),
        ),
      ),
    };
  });
}

const textOf = (xml: string) =>
  plain(
    xml
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&'),
  );

async function workbook(m: ReportModel): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await renderXlsx(m)) as unknown as ArrayBuffer);
  return wb;
}

beforeAll(async () => {
  config = await loadConfig(fileURLToPath(new URL('../../config', import.meta.url)));
});

describe('delår 2 with the ledger imported', () => {
  let m: ReportModel;
  beforeAll(() => {
    m = model('2024-08', { ledger: true });
  });

  it('Word: the four tables with their column headings in marked header rows, and their source', async () => {
    const xml = await docxXml(m);
    const tables = docxTables(xml).filter((t) =>
      ['Ekonomi, belopp tkr', 'Driftsammandrag, netto tkr', 'Investeringar, belopp tkr'].includes(
        t.rows[0]?.[0] ?? '',
      ),
    );
    expect(tables.map((t) => [t.header, t.rows[0]])).toEqual([
      [
        true,
        [
          'Ekonomi, belopp tkr',
          'Prognos helår',
          'Budget 2024',
          'Avvikelse',
          'Avvikelse i prognos helår, mars',
        ],
      ],
      [
        true,
        [
          'Driftsammandrag, netto tkr',
          'Redovisat jan–aug 2024',
          'Budget jan–aug 2024 (periodiserad)',
          'Avvikelse',
          'Redovisat samma period föregående år',
        ],
      ],
      [
        true,
        ['Driftsammandrag, netto tkr', 'Prognos helår 2024', 'Budget 2024', 'Avvikelse', 'Bokslut 2023'],
      ],
      [
        true,
        [
          'Investeringar, belopp tkr',
          'Redovisat jan–aug 2024 utgifter',
          'Redovisat jan–aug 2024 inkomster',
          'Prognos 2024 utgifter',
          'Prognos 2024 inkomster',
          'Prognos 2024 netto',
          'Investeringsram 2024',
          'Avvikelse',
        ],
      ],
    ]);
    const [summary, result, operations] = tables;
    expect(summary?.rows[1]).toEqual(['Verksamhetens nettokostnader', '641 800', '643 300', '1 500', '–']);
    expect(result?.rows.find((r) => r[0] === 'varav intäkter')).toEqual([
      'varav intäkter',
      '-66 620',
      '-54 266',
      // More income than budgeted is a positive deviation: budget − redovisat.
      '12 354',
      '-67 890',
    ]);
    expect(operations?.rows.find((r) => r[0] === 'Ekonomiskt bistånd')).toEqual([
      'Ekonomiskt bistånd',
      '324 000',
      '323 000',
      '-1 000',
      '–',
    ]);
    const text = textOf(xml);
    expect(text).toContain('Resultat per 31 augusti 2024');
    expect(text).toContain(
      'Källa: ekonomisystemet (augusti 2024), inläst av David Ek 28 augusti 2024 kl. 12:00, version 1.',
    );
  });

  it('Excel: a sheet per table, amounts as numbers in a thousands format', async () => {
    const wb = await workbook(m);
    const result = wb.getWorksheet(XLSX_ECONOMY_SHEETS.result) as ExcelJS.Worksheet;
    expect((result.getRow(1).values as unknown[]).slice(1)).toEqual([
      'Period',
      'Rad-id',
      'Driftsammandrag, netto tkr – Resultat per 31 augusti 2024',
      'Radtyp',
      'Redovisat jan–aug 2024',
      'Budget jan–aug 2024 (periodiserad)',
      'Avvikelse',
      'Redovisat samma period föregående år',
    ]);
    const bistand = (result.getRow(3).values as unknown[]).slice(1);
    expect(bistand).toEqual([
      '2024-08',
      'ekonomiskt-bistand',
      'Ekonomiskt bistånd',
      'rad',
      219_480,
      215_333,
      -4_147,
      212_950,
    ]);
    expect(result.getRow(3).getCell(5).numFmt).toBe('#,##0;-#,##0');
    const operations = wb.getWorksheet(XLSX_ECONOMY_SHEETS.operations) as ExcelJS.Worksheet;
    const units = operations.getRows(2, operations.rowCount)?.find((r) => r.getCell(2).value === 'enheter');
    expect(((units?.values ?? []) as unknown[]).slice(1)).toEqual([
      '2024-08',
      'enheter',
      'Nämndens enheter',
      'rad',
      -2_500,
      0,
      2_500,
    ]);
    const investments = wb.getWorksheet(XLSX_ECONOMY_SHEETS.investments) as ExcelJS.Worksheet;
    expect(investments.getRow(1).getCell(10).value).toBe('Investeringsram 2024');
  });

  it('Markdown: the same tables with their headings', () => {
    const md = plain(renderMarkdown(m));
    expect(md).toContain('## Ekonomiska tabeller');
    expect(md).toContain('### Resultat per 31 augusti 2024');
    expect(md).toContain(
      '| Driftsammandrag, netto tkr | Redovisat jan–aug 2024 | Budget jan–aug 2024 (periodiserad) | Avvikelse | Redovisat samma period föregående år |',
    );
    expect(md).toContain('| _varav kostnader_ | _731 900_ | _724 700_ | _-7 200_ | _–_ |');
    expect(md).toContain(
      '| **Summa nettokostnader, tkr, inkl. kommunala enheter** | **641 800** | **643 300** | **1 500** | **–** |',
    );
    expect(md).toContain(
      '| **Summa investeringar** | **698** | **0** | **2 050** | **0** | **2 050** | **2 500** | **450** |',
    );
  });
});

describe('helår with the bokslut', () => {
  it('Word and Markdown head the columns Bokslut 2024 and leave out Resultat per 31 december', async () => {
    const bokslut: BokslutAnswer = {
      kind: 'bokslut',
      year: 2024,
      rows: Object.fromEntries(config.economy.rows.map((r) => [r.id, { outcomeTkr: r.budget['2024'] ?? 0 }])),
    };
    const m = model('2024-12', { ledger: true, bokslut });
    const tables = docxTables(await docxXml(m));
    const heads = tables.map((t) => t.rows[0]?.slice(0, 2));
    expect(heads).toContainEqual(['Ekonomi, belopp tkr', 'Bokslut 2024']);
    expect(heads).toContainEqual(['Driftsammandrag, netto tkr', 'Bokslut 2024']);
    expect(heads).toContainEqual(['Investeringar, belopp tkr', 'Bokslut 2024 utgifter']);
    const md = plain(renderMarkdown(m));
    expect(md).toContain('| Ekonomi, belopp tkr | Bokslut 2024 | Budget 2024 | Avvikelse |');
    expect(md).toContain('### Driftsammandrag, bokslut 2024');
    expect(md).not.toContain('Resultat per 31 december');
    // Bokslut 2023 from the December file's "redovisat föregående år" (jan–dec 2023).
    expect(md).toContain(
      '| **Summa nettokostnader, tkr** | **643 300** | **643 300** | **0** | **410 130** |',
    );
  });
});

describe('without the ledger', () => {
  const NOTE =
    'Ekonomisystemets uppgifter för augusti 2024 är inte inlästa, så de visas inte här. Controllern läser in dem med npm run ledger -- --period 2024-08 --file <fil>.';
  let m: ReportModel;
  beforeAll(() => {
    m = model('2024-08');
  });

  it('Word prints the note where the result and investments would be, and no varav rows', async () => {
    const xml = await docxXml(m);
    const text = textOf(xml);
    expect(text.split(NOTE).length - 1).toBe(2);
    expect(text).not.toContain('Redovisat jan–aug 2024');
    expect(text).not.toContain('varav kostnader');
    const operations = docxTables(xml).find((t) => t.rows[0]?.[1] === 'Prognos helår 2024');
    expect(operations?.rows.at(-1)).toEqual([
      'Summa nettokostnader, tkr',
      '644 300',
      '643 300',
      '-1 000',
      '–',
    ]);
  });

  it('Markdown and Excel say the same, with empty cells rather than zeros', async () => {
    const md = plain(renderMarkdown(m));
    expect(md).toContain(`### Resultat per 31 augusti 2024\n\n_${NOTE}_`);
    expect(md).toContain('| **Investeringar, netto** | **–** | **2 500** | **–** | **–** |');
    const wb = await workbook(m);
    const result = wb.getWorksheet(XLSX_ECONOMY_SHEETS.result) as ExcelJS.Worksheet;
    expect(result.rowCount).toBe(2);
    expect(result.getRow(2).getCell(3).value).toBe(NOTE);
    const summary = wb.getWorksheet(XLSX_ECONOMY_SHEETS.summary) as ExcelJS.Worksheet;
    const investments = summary
      .getRows(2, summary.rowCount)
      ?.find((r) => r.getCell(2).value === 'investeringar');
    expect(investments?.getCell(5).value).toBeNull();
    expect(investments?.getCell(6).value).toBe(2_500);
  });
});
