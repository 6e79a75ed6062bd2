/**
 * The economy tables as sheets of their own, one per table (`XLSX_ECONOMY_SHEETS`): Period,
 * Rad-id, Rad, Radtyp, then the table's columns as the report heads them. Amounts are numbers in
 * tkr with a thousands format (a Swedish Excel shows "309 938"); no figure is an empty cell, never
 * 0. Below the rows: the source and the notes, or the reason a table has no figures.
 */
import type ExcelJS from 'exceljs';
import type { MoneyTable, MoneyTableId } from './economy-tables-model.js';
import type { ReportModel } from './report-model.js';
import { finishSheet } from './xlsx-writer.js';

export const XLSX_ECONOMY_SHEETS: Readonly<Record<MoneyTableId, string>> = {
  summary: 'Ekonomi översikt',
  operations: 'Driftsammandrag',
  result: 'Resultat',
  investments: 'Investeringar',
};

/** Leading columns of every economy table sheet, before the table's own. */
export const XLSX_ECONOMY_LEADING = ['Period', 'Rad-id', 'Rad', 'Radtyp'] as const;

const STYLE_LABEL = { row: 'rad', sum: 'summa', varav: 'varav' } as const;
export const TKR_FORMAT = '#,##0;-#,##0';

function addTable(wb: ExcelJS.Workbook, periodId: string, t: MoneyTable): void {
  const sheet = wb.addWorksheet(XLSX_ECONOMY_SHEETS[t.id], { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: XLSX_ECONOMY_LEADING[0], width: 10 },
    { header: XLSX_ECONOMY_LEADING[1], width: 28 },
    { header: `${t.labelHeading} – ${t.title}`, width: 46 },
    { header: XLSX_ECONOMY_LEADING[3], width: 8 },
    ...t.columns.map((c) => ({ header: c, width: Math.max(12, Math.min(24, c.length + 2)) })),
  ];
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'top' };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
  for (const r of t.rows) {
    const line = sheet.addRow([
      periodId,
      r.id,
      r.label,
      STYLE_LABEL[r.style],
      ...r.cells.map((c) => c.value),
    ]);
    if (r.style === 'sum') line.font = { bold: true };
    if (r.style === 'varav') line.font = { italic: true };
  }
  for (let col = 5; col < 5 + t.columns.length; col++) sheet.getColumn(col).numFmt = TKR_FORMAT;
  const texts = t.missing !== null ? [t.missing] : [t.source, ...t.notes];
  if (t.rows.length > 0) sheet.addRow([]);
  for (const text of texts) sheet.addRow([periodId, null, text]).getCell(3).alignment = { wrapText: true };
  finishSheet(sheet);
}

/** Adds the economy tables' sheets to the workbook, in the report's order. */
export function addEconomyTableSheets(wb: ExcelJS.Workbook, model: ReportModel): void {
  const t = model.economy.tables;
  for (const table of [t.summary, t.result, t.operations, t.investments]) {
    if (table) addTable(wb, model.period.id, table);
  }
}
