/**
 * The workbook is written with exceljs' streaming writer: each sheet goes to the zip (native zlib)
 * as soon as it is finished and its rows are let go, instead of the whole workbook being held,
 * modelled again and zipped in JavaScript at the end. Every feature the report uses (styles,
 * number formats, frozen header rows, column widths, filters) is the streaming writer's too; a
 * sheet's rows stay open until `finishSheet`, so styling a column or a row after adding rows works
 * as in the in-memory workbook.
 */
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';

/** A workbook that collects its .xlsx bytes; `bytes()` finishes it. */
export function workbookWriter(options: { creator: string; created: Date }): {
  workbook: ExcelJS.Workbook;
  bytes: () => Promise<Buffer>;
} {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: true,
  });
  workbook.creator = options.creator;
  workbook.created = options.created;
  return {
    workbook,
    bytes: async () => {
      await workbook.commit();
      return Buffer.concat(chunks);
    },
  };
}

/**
 * Writes a finished sheet out. Cells that look the same get one style object first: exceljs
 * recognises a style object it has seen and otherwise renders every cell's style to find its twin.
 */
export function finishSheet(sheet: ExcelJS.Worksheet): void {
  const seen = new Map<string, Partial<ExcelJS.Style>>();
  const shared = (style: Partial<ExcelJS.Style>) => {
    const key = JSON.stringify(style);
    const known = seen.get(key);
    if (known) return known;
    seen.set(key, style);
    return style;
  };
  sheet.eachRow((row) => {
    const styled = row as unknown as { style: Partial<ExcelJS.Style> };
    styled.style = shared(styled.style);
    // The row's cells as created, empty ones with a fill or format included (exceljs 4's Row).
    for (const cell of (row as unknown as { _cells: (ExcelJS.Cell | undefined)[] })._cells) {
      if (cell) cell.style = shared(cell.style);
    }
  });
  sheet.commit();
}
