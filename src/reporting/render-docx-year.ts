/**
 * The Word sections a delår and a helår add to the month's report: Volymutveckling, Personal and
 * Internkontroll (seeds 001 and 004), and the notes printed under each indicator table.
 */
import { type Block, cell, fitWidths, heading, para, row, table } from './docx-kit.js';
import { tint } from './format.js';
import type { FigureTableReport, IndicatorReport, ReportModel } from './report-model.js';

/** Volymutveckling or Personal: the table, its comments, source and footnotes. */
export function figureTableSection(sectionTitle: string, report: FigureTableReport): Block[] {
  const widths = fitWidths(
    [46, ...report.columns.map(() => 54 / report.columns.length)],
    [
      [report.title, ...report.rows.map((r) => r.part ?? r.name)],
      ...report.columns.map((c, i) => [c, ...report.rows.map((r) => r.cells[i] ?? '')]),
    ],
  );
  const rows = report.rows.map((r) =>
    row(
      [
        cell(r.part ? `   ${r.part}` : r.name, { width: widths[0] ?? 0, ...(r.part ? { size: 16 } : {}) }),
        ...r.cells.map((c, i) => cell(c, { width: widths[i + 1] ?? 0, align: 'right' })),
      ],
      { cantSplit: true },
    ),
  );
  const blocks: Block[] = [heading(sectionTitle, 2), table(widths, [report.title, ...report.columns], rows)];
  blocks.push(para(report.sourceNote, { italics: true, size: 16 }));
  if (report.missing.length > 0) {
    blocks.push(
      para(`Värden saknas ännu från ${report.missing.join(', ')}; de visas som –.`, {
        italics: true,
        size: 16,
      }),
    );
  }
  if (report.comments.length > 0) {
    blocks.push(heading('Kommentar', 3));
    for (const c of report.comments) blocks.push(para(c));
  }
  report.footnotes.forEach((f, i) => {
    blocks.push(para(`${i + 1} ${f}`, { size: 16 }));
  });
  return blocks;
}

/** Internkontroll: the controller's summary, then the control points numbered with status and comment. */
export function internalControlSection(model: ReportModel): Block[] {
  const ic = model.internalControl;
  const blocks: Block[] = [heading('Internkontroll', 2)];
  // The controller's summary belongs to delår and helår; a month lists the control points only.
  if (model.period.kind !== 'month')
    blocks.push(
      para(
        ic.text !== ''
          ? ic.text
          : 'Nämndens controller har ännu inte skrivit någon sammanfattning av uppföljningen av internkontrollplanen.',
        ic.text !== '' ? {} : { italics: true },
      ),
    );
  if (ic.items.length > 0) {
    blocks.push(heading('Uppföljning av internkontrollplanen', 3));
    const widths = fitWidths(
      [6, 44, 15, 35],
      [
        ['Nr', `${ic.items.length}.`],
        ['Kontrollmoment', ...ic.items.map((i) => i.text)],
        ['Status', ...ic.items.map((i) => i.statusText)],
        ['Kommentar', ...ic.items.map((i) => i.commentText)],
      ],
    );
    const rows = ic.items.map((item) =>
      row(
        [
          cell(`${item.number}.`, { width: widths[0] ?? 0 }),
          cell(item.text, { width: widths[1] ?? 0 }),
          cell(item.statusText, {
            width: widths[2] ?? 0,
            ...(item.status?.colour ? { fill: tint(item.status.colour, 0.6) } : {}),
          }),
          cell(item.commentText, { width: widths[3] ?? 0 }),
        ],
        { cantSplit: true },
      ),
    );
    blocks.push(table(widths, ['Nr', 'Kontrollmoment', 'Status', 'Kommentar'], rows));
  }
  blocks.push(para(ic.sourceNote, { italics: true, size: 16 }));
  return blocks;
}

/**
 * The notes under an indicator table: each indicator's footnotes, when a missing outcome comes
 * ("Utfall redovisas i bokslutet"), and what a history value marked * stands for. Numbered in
 * the order they first appear, each printed once.
 */
export function indicatorNotes(indicators: readonly IndicatorReport[]): Block[] {
  const notes: string[] = [];
  const add = (n: string) => {
    if (!notes.includes(n)) notes.push(n);
  };
  for (const ind of indicators) {
    for (const f of ind.footnotes) add(`${ind.name}: ${f}`);
    if (ind.arrivalNote) add(`${ind.name}: ${ind.arrivalNote}`);
    for (const h of ind.historyNotes) add(`${ind.name}: ${h.replace(/^\* /, '')} (markerat *)`);
  }
  return notes.map((n, i) => para(`${i + 1} ${n}`, { size: 16, after: 40 }));
}
