/**
 * The report as an Excel workbook for controllers and the municipality's system of record: a sheet
 * per report section, columns per `XLSX_SHEETS` (xlsx-sheets.ts). Numbers are real numbers rounded
 * to the measure's decimals with a number format (a Swedish Excel shows "3 090,5"); status words are
 * Swedish, with codes and ids beside them for an import to match on.
 */
import type ExcelJS from 'exceljs';
import { swedishShortDateTime } from '../shared/swedish-format.js';
import { allGoals } from './aggregate.js';
import { hex, tint } from './format.js';
import { addEconomyTableSheets } from './render-xlsx-economy.js';
import type { AssignmentReport, IndicatorStatusCode, ReportModel } from './report-model.js';
import { AGGREGATION_LABEL, type Column, numberFormat, rounded, XLSX_SHEETS } from './xlsx-sheets.js';
import { finishSheet, workbookWriter } from './xlsx-writer.js';

export { XLSX_SHEETS } from './xlsx-sheets.js';

type CellValue = string | number | null;

const STATUS_FILL: Partial<Record<IndicatorStatusCode, string>> = {
  met: '#C8E6C9',
  not_met: '#FFCDD2',
  needs_person: '#FFF9C4',
};

function fill(colour: string): ExcelJS.Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${hex(colour)}` } };
}

function addSheet(
  workbook: ExcelJS.Workbook,
  spec: { name: string; columns: readonly Column[] },
  rows: readonly CellValue[][],
  colour?: (rowIndex: number) => Record<number, string>,
  formats?: (rowIndex: number) => Record<number, string>,
  /** Last touches before the sheet is written out. */
  finish?: (sheet: ExcelJS.Worksheet) => void,
): void {
  const sheet = workbook.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = spec.columns.map((c) => ({ header: c.header, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).fill = fill('#E7E6E6');
  rows.forEach((values, i) => {
    const row = sheet.addRow(values);
    row.alignment = { vertical: 'top', wrapText: true };
    for (const [col, c] of Object.entries(colour?.(i) ?? {})) row.getCell(Number(col)).fill = fill(c);
    for (const [col, f] of Object.entries(formats?.(i) ?? {})) row.getCell(Number(col)).numFmt = f;
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: spec.columns.length } };
  finish?.(sheet);
  finishSheet(sheet);
}

const yesNo = (b: boolean): string => (b ? 'Ja' : 'Nej');

function assignmentRow(period: string, group: string, n: number, item: AssignmentReport): CellValue[] {
  return [
    period,
    group,
    n,
    item.id,
    item.text,
    item.statusText,
    item.status?.id ?? null,
    item.commentText || null,
    item.units
      .filter((u) => u.statusId !== null)
      .map((u) => u.shortName)
      .join(', ') || null,
    item.missingUnits.map((u) => u.shortName).join(', ') || null,
  ];
}

export async function renderXlsx(model: ReportModel, timeZone = 'Europe/Stockholm'): Promise<Buffer> {
  const { workbook: wb, bytes } = workbookWriter({
    creator: 'Uppföljningsboten',
    created: new Date(model.generatedAt),
  });
  const p = model.period.id;
  const local = (iso: string | null) => (iso ? swedishShortDateTime(iso, timeZone) : null);

  // Målstatus
  const goalRows: CellValue[][] = [];
  const goalColours: Record<number, string>[] = [];
  for (const area of model.areas) {
    for (const mg of area.municipalGoals) {
      for (const g of mg.goals) {
        goalRows.push([
          p,
          area.name,
          mg.name,
          g.id,
          g.name,
          g.effective.status.label,
          g.effective.status.id,
          g.effective.source === 'decision' ? 'Beslut' : 'Förslag',
          g.proposal.status.label,
          g.proposal.status.id,
          g.proposal.score === null ? null : Math.round(g.proposal.score * 1000) / 1000,
          g.proposal.reasons.join('; '),
          g.decision?.status.label ?? null,
          g.decision?.status.id ?? null,
          g.decision?.motivation ?? null,
          g.decision?.decidedBy.name ?? null,
          local(g.decision?.decidedAt ?? null),
          g.units
            .map(
              (u) => `${u.shortName}: ${u.status?.label ?? (u.included ? 'ingen prognos' : 'ej inskickat')}`,
            )
            .join('; '),
          g.units.length,
          g.units.filter((u) => u.status === null).length,
        ]);
        const colours: Record<number, string> = {
          6: tint(g.effective.status.colour, 0.55),
          9: tint(g.proposal.status.colour, 0.55),
        };
        if (g.decision) colours[13] = tint(g.decision.status.colour, 0.55);
        goalColours.push(Object.fromEntries(Object.entries(colours).map(([k, v]) => [k, `#${v}`])));
      }
    }
  }
  addSheet(
    wb,
    XLSX_SHEETS.goals,
    goalRows,
    (i) => goalColours[i] ?? {},
    () => ({ 11: '0.000' }),
  );

  // Indikatorer: one row per indicator × breakdown.
  const indRows: CellValue[][] = [];
  const indColours: Record<number, string>[] = [];
  const indFormats: Record<number, string>[] = [];
  for (const g of allGoals(model)) {
    for (const ind of g.indicators) {
      const d = ind.decimals;
      const fmt = numberFormat(d);
      for (const row of ind.rows) {
        indRows.push([
          p,
          g.id,
          ind.id,
          ind.name,
          row.key === 'total' ? 'Totalt' : row.key === 'kvinnor' ? 'Kvinnor' : 'Män',
          row.partId,
          ind.unit,
          AGGREGATION_LABEL[ind.aggregation],
          rounded(row.value, d),
          yesNo(row.noOutcome),
          row.numerator,
          row.denominator,
          rounded(row.latest?.value, d),
          row.latest?.label ?? null,
          rounded(row.previousValue, d),
          row.trend?.text ?? null,
          row.target?.text ?? null,
          rounded(row.target?.value, d),
          row.target?.comparator ?? null,
          row.status.label,
          row.status.code,
          row.status.reason,
          row.contributingUnits.join(', '),
          ind.aggregation,
        ]);
        const c = STATUS_FILL[row.status.code];
        indColours.push(c ? { 20: c } : {});
        indFormats.push({ 9: fmt, 11: '#,##0', 12: '#,##0', 13: fmt, 15: fmt, 18: fmt });
      }
    }
  }
  addSheet(
    wb,
    XLSX_SHEETS.indicators,
    indRows,
    (i) => indColours[i] ?? {},
    (i) => indFormats[i] ?? {},
  );

  // Ekonomi, with the nämnd total last.
  const e = model.economy;
  const ecoRows: CellValue[][] = e.rows.map((r) => [
    p,
    r.id,
    r.name,
    r.forvaltning,
    r.budgetTkr,
    r.prognosisTkr,
    r.deviationTkr,
    r.previousPrognosisTkr,
    r.previousDeviationTkr,
    r.changeTkr,
    yesNo(r.needsComment),
    r.comments.map((c) => `${c.text} (${c.units.map((u) => u.shortName).join(', ')})`).join('; '),
    r.reportingUnits.map((u) => u.shortName).join(', '),
    r.missingUnits.map((u) => u.shortName).join(', '),
    r.prognosisSource.label,
    e.previousInterim?.id ?? null,
    r.previousInterimPrognosisTkr,
    r.previousInterimDeviationTkr,
    r.outcomeTkr,
  ]);
  ecoRows.push([
    p,
    'summa',
    'Summa nettokostnader',
    null,
    e.total.budgetTkr,
    e.total.prognosisTkr,
    e.total.deviationTkr,
    e.total.previousPrognosisTkr,
    e.total.previousDeviationTkr,
    e.total.changeTkr,
    null,
    [e.total.budgetCountedText, e.total.carriedText, e.total.changeNote].filter((t) => t !== '').join('. ') ||
      null,
    null,
    e.missingUnits.map((u) => u.shortName).join(', '),
    null,
    e.previousInterim?.id ?? null,
    e.total.previousInterimPrognosisTkr,
    e.total.previousInterimDeviationTkr,
    e.rows.every((r) => r.outcomeTkr !== null) ? e.rows.reduce((s, r) => s + (r.outcomeTkr ?? 0), 0) : null,
  ]);
  addSheet(
    wb,
    XLSX_SHEETS.economy,
    ecoRows,
    (i): Record<number, string> => {
      const r = ecoRows[i];
      const dev = r?.[6];
      return typeof dev === 'number' && dev < 0 ? { 7: '#FFCDD2' } : {};
    },
    undefined,
    (eco) => {
      eco.getRow(ecoRows.length + 1).font = { bold: true };
      for (const col of [5, 6, 7, 8, 9, 10, 17, 18, 19]) eco.getColumn(col).numFmt = '#,##0;-#,##0';
    },
  );
  addEconomyTableSheets(wb, model);

  // Svar: one row per unit × item.
  addSheet(
    wb,
    XLSX_SHEETS.answers,
    model.answers.map((a) => [
      p,
      a.unitId,
      a.shortName,
      a.item,
      a.itemTitle,
      a.state === 'complete' ? 'Komplett' : 'Utkast',
      a.revision,
      a.submittedRevision,
      a.usedRevision,
      a.answeredBy.name,
      a.answeredBy.aadObjectId,
      local(a.answeredAt),
      a.answeredAt,
      a.summary,
    ]),
  );

  // Fullständighet
  const stateColour = {
    submitted: '#C8E6C9',
    changed_after_submission: '#FFE0B2',
    draft: '#FFF9C4',
    none: '#FFCDD2',
  };
  addSheet(
    wb,
    XLSX_SHEETS.completeness,
    model.completeness.map((c) => [
      p,
      c.unitId,
      c.name,
      c.administrationId,
      c.stateLabel,
      c.state,
      yesNo(c.included),
      c.submittedBy?.name ?? null,
      local(c.submittedAt),
      local(c.lastChangedAt),
      c.itemsAnswered,
      c.itemsTotal,
    ]),
    (i): Record<number, string> => {
      const c = model.completeness[i];
      return c ? { 5: stateColour[c.state] } : {};
    },
  );

  // Volymer och personal: one row per measure × column, so every period kind fits one layout.
  const figureRows: CellValue[][] = [];
  const figureFormats: Record<number, string>[] = [];
  for (const [section, table] of [
    ['Volymutveckling', model.volumes],
    ['Personal', model.personnel],
  ] as const) {
    for (const r of table.rows) {
      table.columns.forEach((column, i) => {
        figureRows.push([
          p,
          section,
          r.id,
          r.name,
          r.part,
          column,
          rounded(r.values[i], r.decimals),
          r.cells[i] ?? '',
          r.reporter,
        ]);
        figureFormats.push({ 7: numberFormat(r.decimals) });
      });
    }
  }
  addSheet(wb, XLSX_SHEETS.figures, figureRows, undefined, (i) => figureFormats[i] ?? {});

  // Strategiska uppdrag, Nämnduppdrag, Internkontroll: a sheet per report section.
  const assignmentRows = (kinds: readonly string[]): CellValue[][] =>
    model.assignments
      .filter((g) => kinds.includes(g.kind))
      .flatMap((g) => g.items.map((item, i) => assignmentRow(p, g.title, i + 1, item)));
  addSheet(wb, XLSX_SHEETS.strategic, assignmentRows(['kommungemensamt', 'namndspecifikt']));
  addSheet(wb, XLSX_SHEETS.committeeTasks, assignmentRows(['namnduppdrag']));
  addSheet(wb, XLSX_SHEETS.internalControl, assignmentRows(['internkontroll']));

  // Noter: what the Word document prints under its tables.
  const noteRows: CellValue[][] = [];
  for (const g of allGoals(model)) {
    for (const ind of g.indicators) {
      for (const f of ind.footnotes) noteRows.push([p, 'Nämndindikatorer', ind.id, ind.name, f]);
      if (ind.arrivalNote) noteRows.push([p, 'Nämndindikatorer', ind.id, ind.name, ind.arrivalNote]);
      for (const h of ind.historyNotes) noteRows.push([p, 'Nämndindikatorer', ind.id, ind.name, h]);
    }
  }
  for (const [section, table] of [
    ['Volymutveckling', model.volumes],
    ['Personal', model.personnel],
  ] as const) {
    for (const f of table.footnotes) noteRows.push([p, section, null, null, f]);
    noteRows.push([p, section, null, null, table.sourceNote]);
  }
  addSheet(wb, XLSX_SHEETS.notes, noteRows);

  return bytes();
}
