/**
 * The report as an Excel workbook for the municipality's system of record. Sheet and column names
 * are a stable interface (documented in README.md): add columns at the end, never rename. Numbers
 * are real numbers (Excel formats them the Swedish way in a Swedish Excel); ids sit beside names so
 * an import can match on them.
 */
import ExcelJS from 'exceljs';
import { allGoals } from './aggregate.js';
import { hex, swedishShortDateTime, tint } from './format.js';
import { addEconomyTableSheets } from './render-xlsx-economy.js';
import type { IndicatorStatusCode, ReportModel } from './report-model.js';

type CellValue = string | number | null;

interface Column {
  readonly header: string;
  readonly width: number;
}

/** Every sheet with its columns, in order. */
export const XLSX_SHEETS = {
  goals: {
    name: 'Målstatus',
    columns: [
      { header: 'Period', width: 10 },
      { header: 'Målområde', width: 14 },
      { header: 'Kommunövergripande mål', width: 30 },
      { header: 'Nämndmål-id', width: 26 },
      { header: 'Nämndmål', width: 34 },
      { header: 'Status', width: 16 },
      { header: 'Status-id', width: 16 },
      { header: 'Statuskälla', width: 12 },
      { header: 'Förslag', width: 16 },
      { header: 'Förslag-id', width: 16 },
      { header: 'Förslag poäng', width: 12 },
      { header: 'Förslag motivering', width: 60 },
      { header: 'Beslut', width: 16 },
      { header: 'Beslut-id', width: 16 },
      { header: 'Beslut motivering', width: 50 },
      { header: 'Beslutad av', width: 18 },
      { header: 'Beslutad', width: 17 },
      { header: 'Enheternas prognoser', width: 50 },
      { header: 'Antal enheter', width: 12 },
      { header: 'Antal utan prognos', width: 12 },
    ],
  },
  indicators: {
    name: 'Indikatorer',
    columns: [
      { header: 'Period', width: 10 },
      { header: 'Nämndmål-id', width: 26 },
      { header: 'Indikator-id', width: 30 },
      { header: 'Indikator', width: 50 },
      { header: 'Uppdelning', width: 12 },
      { header: 'Del', width: 10 },
      { header: 'Måttenhet', width: 10 },
      { header: 'Aggregering', width: 11 },
      { header: 'Utfall', width: 10 },
      { header: 'I.U.', width: 6 },
      { header: 'Täljare', width: 10 },
      { header: 'Nämnare', width: 10 },
      { header: 'Senaste utfall', width: 12 },
      { header: 'Senaste utfall avser', width: 22 },
      { header: 'Föregående period', width: 12 },
      { header: 'Trend', width: 16 },
      { header: 'Målvärde', width: 14 },
      { header: 'Målvärde tal', width: 10 },
      { header: 'Jämförelse', width: 9 },
      { header: 'Mål uppnås', width: 16 },
      { header: 'Statuskod', width: 12 },
      { header: 'Motivering', width: 60 },
      { header: 'Rapporterande enheter', width: 30 },
    ],
  },
  economy: {
    name: 'Ekonomi',
    columns: [
      { header: 'Period', width: 10 },
      { header: 'Rad-id', width: 34 },
      { header: 'Verksamhet', width: 40 },
      { header: 'Förvaltning', width: 11 },
      { header: 'Budget tkr', width: 12 },
      { header: 'Prognos helår tkr', width: 14 },
      { header: 'Avvikelse tkr', width: 12 },
      { header: 'Föregående prognos tkr', width: 14 },
      { header: 'Avvikelse i föregående prognos tkr', width: 16 },
      { header: 'Förändring mot föregående prognos tkr', width: 16 },
      { header: 'Kräver kommentar', width: 10 },
      { header: 'Kommentarer', width: 60 },
      { header: 'Rapporterande enheter', width: 24 },
      { header: 'Saknar prognos från', width: 24 },
      { header: 'Prognoskälla', width: 26 },
      { header: 'Föregående delår', width: 10 },
      { header: 'Prognos föregående delår tkr', width: 14 },
      { header: 'Avvikelse föregående delår tkr', width: 16 },
      { header: 'Bokslut tkr', width: 14 },
    ],
  },
  answers: {
    name: 'Svar',
    columns: [
      { header: 'Period', width: 10 },
      { header: 'Enhet-id', width: 20 },
      { header: 'Enhet', width: 18 },
      { header: 'Post', width: 34 },
      { header: 'Rubrik', width: 34 },
      { header: 'Tillstånd', width: 10 },
      { header: 'Revision', width: 8 },
      { header: 'Inskickad revision', width: 10 },
      { header: 'Använd revision', width: 10 },
      { header: 'Besvarad av', width: 18 },
      { header: 'Besvarad av (id)', width: 24 },
      { header: 'Besvarad', width: 17 },
      { header: 'Besvarad (UTC)', width: 24 },
      { header: 'Sammanfattning', width: 60 },
    ],
  },
  completeness: {
    name: 'Fullständighet',
    columns: [
      { header: 'Period', width: 10 },
      { header: 'Enhet-id', width: 20 },
      { header: 'Enhet', width: 30 },
      { header: 'Förvaltning', width: 11 },
      { header: 'Status', width: 22 },
      { header: 'Statuskod', width: 24 },
      { header: 'Ingår i rapporten', width: 10 },
      { header: 'Inskickad av', width: 18 },
      { header: 'Inskickad', width: 17 },
      { header: 'Senast ändrad', width: 17 },
      { header: 'Besvarade poster', width: 10 },
      { header: 'Antal poster', width: 10 },
    ],
  },
  figures: {
    name: 'Volymer och personal',
    columns: [
      { header: 'Period', width: 10 },
      { header: 'Avsnitt', width: 14 },
      { header: 'Mått-id', width: 30 },
      { header: 'Mått', width: 50 },
      { header: 'Del', width: 12 },
      { header: 'Kolumn', width: 16 },
      { header: 'Värde', width: 12 },
      { header: 'Visas som', width: 12 },
      { header: 'Lämnas av', width: 14 },
    ],
  },
  notes: {
    name: 'Noter',
    columns: [
      { header: 'Period', width: 10 },
      { header: 'Tabell', width: 24 },
      { header: 'Id', width: 30 },
      { header: 'Namn', width: 50 },
      { header: 'Not', width: 80 },
    ],
  },
} as const satisfies Record<string, { name: string; columns: readonly Column[] }>;

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
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = spec.columns.map((c) => ({ header: c.header, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).fill = fill('#E7E6E6');
  rows.forEach((values, i) => {
    const row = sheet.addRow(values);
    row.alignment = { vertical: 'top', wrapText: true };
    for (const [col, c] of Object.entries(colour?.(i) ?? {})) row.getCell(Number(col)).fill = fill(c);
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: spec.columns.length } };
  return sheet;
}

const yesNo = (b: boolean): string => (b ? 'Ja' : 'Nej');

export async function renderXlsx(model: ReportModel, timeZone = 'Europe/Stockholm'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Uppföljningsboten';
  wb.created = new Date(model.generatedAt);
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
  addSheet(wb, XLSX_SHEETS.goals, goalRows, (i) => goalColours[i] ?? {});

  // Indikatorer: one row per indicator × breakdown.
  const indRows: CellValue[][] = [];
  const indColours: Record<number, string>[] = [];
  for (const g of allGoals(model)) {
    for (const ind of g.indicators) {
      for (const row of ind.rows) {
        indRows.push([
          p,
          g.id,
          ind.id,
          ind.name,
          row.key === 'total' ? 'Totalt' : row.key === 'kvinnor' ? 'Kvinnor' : 'Män',
          row.partId,
          ind.unit,
          ind.aggregation,
          row.value,
          yesNo(row.noOutcome),
          row.numerator,
          row.denominator,
          row.latest?.value ?? null,
          row.latest?.label ?? null,
          row.previousValue,
          row.trend?.text ?? null,
          row.target?.text ?? null,
          row.target?.value ?? null,
          row.target?.comparator ?? null,
          row.status.label,
          row.status.code,
          row.status.reason,
          row.contributingUnits.join(', '),
        ]);
        const c = STATUS_FILL[row.status.code];
        indColours.push(c ? { 20: c } : {});
      }
    }
  }
  addSheet(wb, XLSX_SHEETS.indicators, indRows, (i) => indColours[i] ?? {});

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
  const eco = addSheet(wb, XLSX_SHEETS.economy, ecoRows, (i): Record<number, string> => {
    const r = ecoRows[i];
    const dev = r?.[6];
    return typeof dev === 'number' && dev < 0 ? { 7: '#FFCDD2' } : {};
  });
  eco.getRow(ecoRows.length + 1).font = { bold: true };
  for (const col of [5, 6, 7, 8, 9, 10, 17, 18, 19]) eco.getColumn(col).numFmt = '#,##0;-#,##0';
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
          r.values[i] ?? null,
          r.cells[i] ?? '',
          r.reporter,
        ]);
      });
    }
  }
  addSheet(wb, XLSX_SHEETS.figures, figureRows);

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

  const buffer = await wb.xlsx.writeBuffer();
  return Buffer.from(buffer);
}
