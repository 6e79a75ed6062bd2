/**
 * The workbook as a controller reads it: numbers typed as numbers, rounded to the indicator's
 * decimals with a matching number format, status words in Swedish (codes only in -id/-kod
 * columns), a sheet per report section, filters and frozen header rows.
 */
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { aggregate } from '../../src/reporting/aggregate.js';
import { renderXlsx } from '../../src/reporting/render-xlsx.js';
import type { ReportModel } from '../../src/reporting/report-model.js';
import { fixtureEvents, GENERATED_AT, periodAnswers } from '../support/report-fixtures.js';

let model: ReportModel;
let wb: ExcelJS.Workbook;

beforeAll(async () => {
  const config = await loadConfig(fileURLToPath(new URL('../../config', import.meta.url)));
  const period = config.periods.find((p) => p.id === '2024-08');
  if (!period) throw new Error('no period');
  model = aggregate({
    config,
    period,
    answers: periodAnswers(config, fixtureEvents()),
    decisions: [],
    generatedAt: GENERATED_AT,
  });
  wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await renderXlsx(model)) as unknown as ArrayBuffer);
});

const headerOf = (sheet: ExcelJS.Worksheet) => (sheet.getRow(1).values as unknown[]).slice(1) as string[];

/** The data rows, as cells by column name. */
function rows(sheet: ExcelJS.Worksheet): Map<string, ExcelJS.Cell>[] {
  const h = headerOf(sheet);
  const out: Map<string, ExcelJS.Cell>[] = [];
  sheet.eachRow((r, n) => {
    if (n > 1) out.push(new Map(h.map((name, i) => [name, r.getCell(i + 1)])));
  });
  return out;
}

describe('Indikatorer', () => {
  it('rounds every value to the indicator’s decimals, typed as a number with a matching format', () => {
    const sheet = wb.getWorksheet('Indikatorer') as ExcelJS.Worksheet;
    const all = rows(sheet);
    const grund = all.find(
      (r) =>
        r.get('Indikator-id')?.value === 'vux-grundlaggande-andel-godkanda' &&
        r.get('Uppdelning')?.value === 'Totalt',
    );
    // 240/310 = 77,419354…: the Word table prints 77,4, and so does the cell.
    expect(grund?.get('Utfall')?.value).toBe(77.4);
    expect(grund?.get('Utfall')?.type).toBe(ExcelJS.ValueType.Number);
    expect(grund?.get('Utfall')?.numFmt).toBe('#,##0.0');
    expect(grund?.get('Senaste utfall')?.value).toBe(77.4);
    const households = all.find((r) => r.get('Indikator-id')?.value === 'antal-hushall-med-insats');
    expect(households?.get('Utfall')?.value).toBe(2_340);
    expect(households?.get('Utfall')?.numFmt).toBe('#,##0');
    const share = all.find((r) => r.get('Indikator-id')?.value === 'andel-befolkningen-ekonomiskt-bistand');
    expect(share?.get('Senaste utfall')?.numFmt).toBe('#,##0.00');

    const decimals = new Map(
      model.areas.flatMap((a) =>
        a.municipalGoals.flatMap((mg) =>
          mg.goals.flatMap((g) => g.indicators.map((i) => [i.id, i.decimals])),
        ),
      ),
    );
    let checked = 0;
    for (const r of all) {
      const d = decimals.get(String(r.get('Indikator-id')?.value)) ?? -1;
      for (const name of ['Utfall', 'Senaste utfall', 'Föregående period', 'Målvärde tal']) {
        const c = r.get(name);
        if (c?.value === null || c?.value === undefined) continue;
        expect(typeof c.value, `${name} ${c.address}`).toBe('number');
        const v = c.value as number;
        expect(Math.round(v * 10 ** d) / 10 ** d, `${name} ${c.address}`).toBe(v);
        expect(c.numFmt, `${name} ${c.address}`).toBe(d > 0 ? `#,##0.${'0'.repeat(d)}` : '#,##0');
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('says how units are combined in Swedish, with the code in Aggregering-id', () => {
    const all = rows(wb.getWorksheet('Indikatorer') as ExcelJS.Worksheet);
    const grund = all.find((r) => r.get('Indikator-id')?.value === 'vux-grundlaggande-andel-godkanda');
    expect(grund?.get('Aggregering')?.value).toBe('Andel (täljare/nämnare)');
    expect(grund?.get('Aggregering-id')?.value).toBe('share');
    expect(grund?.get('Mål uppnås')?.value).toBe('Uppnås ej');
  });
});

describe('every sheet', () => {
  const CODES =
    /^(share|sum|single|none|met|not_met|no_outcome|incomplete|needs_person|no_target|submitted|changed_after_submission|draft|complete|decision|proposal|period|carried|budget|row|varav)$/;
  const CODE_COLUMN = /(-id|kod|\(id\)|^Post)$/;

  it('prints no English code in a column a reader reads', () => {
    let cells = 0;
    for (const sheet of wb.worksheets) {
      const h = headerOf(sheet);
      sheet.eachRow((r, n) => {
        if (n === 1) return;
        h.forEach((name, i) => {
          if (CODE_COLUMN.test(name)) return;
          const v = r.getCell(i + 1).value;
          if (typeof v === 'string') {
            cells += 1;
            expect(v, `${sheet.name} › ${name}`).not.toMatch(CODES);
          }
        });
      });
    }
    expect(cells).toBeGreaterThan(500);
  });

  it('has a frozen, filtered header row, and a sheet per report section', () => {
    for (const sheet of wb.worksheets) {
      expect(sheet.views[0], sheet.name).toMatchObject({ state: 'frozen', ySplit: 1 });
    }
    for (const name of [
      'Målstatus',
      'Indikatorer',
      'Strategiska uppdrag',
      'Nämnduppdrag',
      'Internkontroll',
    ]) {
      const sheet = wb.getWorksheet(name) as ExcelJS.Worksheet;
      expect(sheet.autoFilter, name).toBeTruthy();
    }
    const names = wb.worksheets.map((s) => s.name);
    for (const section of [
      'Ekonomi',
      'Volymer och personal',
      'Målstatus',
      'Strategiska uppdrag',
      'Nämnduppdrag',
      'Internkontroll',
      'Indikatorer',
      'Fullständighet',
    ]) {
      expect(names).toContain(section);
    }
  });

  it('Internkontroll lists the control points numbered, with the status word and its id', () => {
    const ic = rows(wb.getWorksheet('Internkontroll') as ExcelJS.Worksheet);
    expect(ic.length).toBe(model.internalControl.items.length);
    expect(ic.map((r) => r.get('Nr')?.value)).toEqual(model.internalControl.items.map((i) => i.number));
    const answered = model.internalControl.items.find((i) => i.status !== null);
    const row = ic.find((r) => r.get('Uppdrag-id')?.value === answered?.id);
    expect(row?.get('Status')?.value).toBe(answered?.statusText);
    expect(row?.get('Status-id')?.value).toBe(answered?.status?.id);
  });

  it('Volymer och personal: values rounded to the measure’s decimals with its format', () => {
    const all = rows(wb.getWorksheet('Volymer och personal') as ExcelJS.Worksheet);
    const decimals = new Map(
      [...model.volumes.rows, ...model.personnel.rows].map((r) => [r.id, r.decimals] as const),
    );
    const numbers = all.filter((r) => typeof r.get('Värde')?.value === 'number');
    expect(numbers.length).toBeGreaterThan(0);
    expect(new Set(numbers.map((r) => r.get('Värde')?.numFmt))).toContain('#,##0');
    for (const r of numbers) {
      const d = decimals.get(String(r.get('Mått-id')?.value)) ?? -1;
      expect(r.get('Värde')?.numFmt).toBe(d > 0 ? `#,##0.${'0'.repeat(d)}` : '#,##0');
    }
  });
});
