/** Word building blocks shared by the report's sections: runs, paragraphs, headings, tables. */
import {
  AlignmentType,
  HeadingLevel,
  ImageRun,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import type { Chart } from './charts.js';
import { escapeAttribute, paragraphXml, type RunLook, runXml } from './docx-xml.js';
import { hex } from './format.js';

export const FONT = 'Calibri';
/** Text width of an A4 page with 2 cm margins, in twentieths of a point. */
export const PAGE_WIDTH = 9_638;
export const MET_FILL = 'C8E6C9';
export const NOT_MET_FILL = 'FFCDD2';
export const HEADER_FILL = 'E7E6E6';

/**
 * A paragraph or table written straight to its XML (nearly all of a report: building docx objects
 * and formatting them costs several times as much), and the docx block it stands for, for the
 * patcher where it must see it (the first use of a list or a style). `test/reporting/docx-kit.test.ts`
 * holds the two to the same XML.
 */
export class XmlBlock {
  constructor(
    readonly xml: string,
    readonly toDocx: () => Paragraph | Table,
  ) {}
}

export type Block = Paragraph | Table | XmlBlock;

/** docx's numbering id for its default bullet list, before the patcher gives it one in the document. */
const BULLET_NUM_ID = '1';

type TextOptions = { bold?: boolean; italics?: boolean; colour?: string; size?: number };

const look = (options: TextOptions): RunLook => ({
  ...(options.bold ? { bold: true } : {}),
  ...(options.italics ? { italics: true } : {}),
  ...(options.colour ? { colour: hex(options.colour) } : {}),
  ...(options.size ? { size: options.size } : {}),
});

export function text(value: string, options: TextOptions = {}) {
  return new TextRun({
    text: value,
    ...(options.bold ? { bold: true } : {}),
    ...(options.italics ? { italics: true } : {}),
    ...(options.colour ? { color: hex(options.colour) } : {}),
    ...(options.size ? { size: options.size } : {}),
  });
}

type ParaOptions = { bold?: boolean; italics?: boolean; size?: number; after?: number };

function docxPara(value: string | TextRun[], options: ParaOptions): Paragraph {
  return new Paragraph({
    children: typeof value === 'string' ? [text(value, options)] : value,
    spacing: { after: options.after ?? 120 },
  });
}

export function para(value: TextRun[], options?: ParaOptions): Paragraph;
export function para(value: string, options?: ParaOptions): XmlBlock;
export function para(value: string | TextRun[], options: ParaOptions = {}): Paragraph | XmlBlock {
  if (typeof value !== 'string') return docxPara(value, options);
  return new XmlBlock(paragraphXml(runXml(value, look(options)), { after: options.after ?? 120 }), () =>
    docxPara(value, options),
  );
}

export function heading(value: string, level: 1 | 2 | 3 | 4): XmlBlock {
  const levels = {
    1: HeadingLevel.HEADING_1,
    2: HeadingLevel.HEADING_2,
    3: HeadingLevel.HEADING_3,
    4: HeadingLevel.HEADING_4,
  } as const;
  return new XmlBlock(
    // docx writes no run for a heading without text.
    paragraphXml(value === '' ? '' : runXml(value, {}), { style: levels[level], after: 120, before: 240 }),
    () => new Paragraph({ text: value, heading: levels[level], spacing: { before: 240, after: 120 } }),
  );
}

export function bullet(value: string): XmlBlock {
  return new XmlBlock(
    paragraphXml(runXml(value, {}), { style: 'ListParagraph', bulletNumId: BULLET_NUM_ID, after: 60 }),
    () => new Paragraph({ children: [text(value)], bullet: { level: 0 }, spacing: { after: 60 } }),
  );
}

export interface CellOptions {
  bold?: boolean;
  italics?: boolean;
  fill?: string;
  width: number;
  rowSpan?: number;
  align?: 'left' | 'right';
  size?: number;
  colour?: string;
}

const CELL_MARGINS = { top: 40, bottom: 40, left: 80, right: 80 } as const;
const CELL_MARGINS_XML =
  '<w:tcMar><w:top w:type="dxa" w:w="40"/><w:left w:type="dxa" w:w="80"/><w:bottom w:type="dxa" w:w="40"/><w:right w:type="dxa" w:w="80"/></w:tcMar><w:vAlign w:val="top"/>';
const alignXml = (align: CellOptions['align']) =>
  `<w:pPr><w:jc w:val="${align === 'right' ? 'right' : 'left'}"/></w:pPr>`;

/** A table cell: its lines (the first 9 pt, the others 8 pt unless `size`) and its look. */
export class Cell {
  readonly lines: readonly string[];
  constructor(
    lines: string | readonly string[],
    readonly options: CellOptions,
  ) {
    const all = typeof lines === 'string' ? [lines] : lines;
    this.lines = all.length > 0 ? all : [''];
  }

  private textOptions(i: number): TextOptions {
    const o = this.options;
    return {
      ...(o.bold ? { bold: true } : {}),
      ...(o.italics ? { italics: true } : {}),
      size: i === 0 ? (o.size ?? 18) : 16,
      ...(o.colour ? { colour: o.colour } : {}),
    };
  }

  toDocx(): TableCell {
    const o = this.options;
    return new TableCell({
      children: this.lines.map(
        (line, i) =>
          new Paragraph({
            children: [text(line, this.textOptions(i))],
            alignment: o.align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
          }),
      ),
      width: { size: o.width, type: WidthType.DXA },
      verticalAlign: VerticalAlignTable.TOP,
      margins: CELL_MARGINS,
      ...(o.rowSpan && o.rowSpan > 1 ? { rowSpan: o.rowSpan } : {}),
      ...(o.fill ? { shading: { type: ShadingType.CLEAR, fill: o.fill, color: 'auto' } } : {}),
    });
  }

  /** Its XML as docx writes it; `merge` "continue" for the cell docx adds below one spanning rows. */
  xml(merge?: 'continue'): string {
    const o = this.options;
    const vMerge =
      merge === 'continue'
        ? '<w:vMerge w:val="continue"/>'
        : o.rowSpan && o.rowSpan > 1
          ? '<w:vMerge w:val="restart"/>'
          : '';
    const shading = o.fill ? `<w:shd w:fill="${escapeAttribute(o.fill)}" w:color="auto" w:val="clear"/>` : '';
    const paragraphs =
      merge === 'continue'
        ? `<w:p>${alignXml(o.align)}</w:p>`
        : this.lines
            .map((line, i) => `<w:p>${alignXml(o.align)}${runXml(line, look(this.textOptions(i)))}</w:p>`)
            .join('');
    return `<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="${o.width}"/>${vMerge}${shading}${CELL_MARGINS_XML}</w:tcPr>${paragraphs}</w:tc>`;
  }
}

export function cell(lines: string | readonly string[], o: CellOptions): Cell {
  return new Cell(lines, o);
}

export interface RowOptions {
  readonly cantSplit?: boolean;
  readonly tableHeader?: boolean;
}

/** A table row of cells. */
export class Row {
  constructor(
    readonly cells: readonly Cell[],
    readonly options: RowOptions = {},
  ) {}

  toDocx(): TableRow {
    return new TableRow({ ...this.options, children: this.cells.map((c) => c.toDocx()) });
  }
}

export function row(cells: readonly Cell[], options: RowOptions = {}): Row {
  return new Row(cells, options);
}

const TABLE_PROPERTIES_XML = `<w:tblPr><w:tblW w:type="dxa" w:w="${PAGE_WIDTH}"/><w:tblBorders>${[
  'top',
  'left',
  'bottom',
  'right',
  'insideH',
  'insideV',
]
  .map((side) => `<w:${side} w:val="single" w:color="auto" w:sz="4"/>`)
  .join('')}</w:tblBorders></w:tblPr>`;

/**
 * The rows' XML as docx's `Table` writes them: below a cell spanning rows, each row it spans gets a
 * continuation cell in its column (docx inserts them when the table is made).
 */
function rowsXml(rows: readonly Row[]): string {
  type Placed = { readonly cell: Cell; readonly span: number; readonly continues: boolean };
  const grid: Placed[][] = rows.map((r) =>
    r.cells.map((c) => ({ cell: c, span: c.options.rowSpan ?? 0, continues: false })),
  );
  grid.forEach((cells, r) => {
    const next = grid[r + 1];
    if (!next) return;
    [...cells].forEach((placed, column) => {
      if (placed.span > 1)
        next.splice(Math.min(column, next.length), 0, {
          cell: placed.cell,
          span: placed.span - 1,
          continues: true,
        });
    });
  });
  return rows
    .map((r, i) => {
      const cells = grid[i] ?? [];
      if (cells.length === 0) return '';
      const properties = [
        r.options.cantSplit ? '<w:cantSplit/>' : '',
        r.options.tableHeader ? '<w:tblHeader/>' : '',
      ].join('');
      return `<w:tr>${properties ? `<w:trPr>${properties}</w:trPr>` : ''}${cells
        .map((p) => p.cell.xml(p.continues ? 'continue' : undefined))
        .join('')}</w:tr>`;
    })
    .join('');
}

/** A table the page's width with a header row repeated on each page (bold, grey); a header given as text is left-aligned. */
export function table(
  widths: readonly number[],
  header: readonly (string | Cell)[],
  rows: readonly Row[],
): XmlBlock {
  const all = [
    row(
      header.map((h, i) =>
        typeof h === 'string' ? cell(h, { bold: true, fill: HEADER_FILL, width: widths[i] ?? 1_000 }) : h,
      ),
      { tableHeader: true },
    ),
    ...rows,
  ];
  const grid = `<w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>`;
  return new XmlBlock(
    `<w:tbl>${TABLE_PROPERTIES_XML}${grid}${rowsXml(all)}</w:tbl>`,
    () =>
      new Table({
        width: { size: PAGE_WIDTH, type: WidthType.DXA },
        columnWidths: [...widths],
        rows: all.map((r) => r.toDocx()),
      }),
  );
}

/** Calibri's advance widths in thousandths of an em, by kind of character (close enough for fitting). */
function charWidth(c: string): number {
  if (" fijlrt.,;:!|'()[]".includes(c)) return 300;
  if ('mwMW%'.includes(c)) return 840;
  if (/\p{Lu}/u.test(c)) return 610;
  return 510;
}

/** How wide a word prints in a table cell (9 pt, bold), in twentieths of a point. */
export function wordWidth(word: string, halfPoints = 18): number {
  const em = [...word].reduce((sum, c) => sum + charWidth(c), 0) * 1.06;
  return Math.ceil((em / 1000) * halfPoints * 10);
}

/** Cell margins (80 + 80) and a little air, so a word that fits is never broken by rounding. */
const CELL_EXTRA = 220;

/**
 * Column widths from fractions of the page width, widened so that the longest word of each column
 * (its texts, split at spaces; a no-break space keeps "2 340" one word) fits on one line: a Swedish
 * compound is never broken mid-word. The other columns give up their surplus in proportion.
 */
export function fitWidths(fractions: readonly number[], texts: readonly (readonly string[])[]): number[] {
  const wanted = widthsOf(fractions);
  const least = wanted.map((_, i) =>
    Math.max(
      0,
      ...(texts[i] ?? []).flatMap((t) => t.split(/[ \n\t]+/)).map((w) => wordWidth(w) + CELL_EXTRA),
    ),
  );
  const widths = wanted.map((w, i) => Math.max(w, least[i] ?? 0));
  const over = widths.reduce((s, w) => s + w, 0) - PAGE_WIDTH;
  if (over <= 0) return widths;
  const slack = widths.map((w, i) => w - (least[i] ?? 0));
  const totalSlack = slack.reduce((s, x) => s + x, 0);
  if (totalSlack <= over) return least;
  return widths.map((w, i) => Math.floor(w - ((slack[i] ?? 0) * over) / totalSlack));
}

/** Column widths from fractions of the page width. */
export function widthsOf(fractions: readonly number[]): number[] {
  const sum = fractions.reduce((s, f) => s + f, 0);
  return fractions.map((f) => Math.floor((PAGE_WIDTH * f) / sum));
}

/** What a chart shows, for screen readers (Word's alt text): a short title and the numbers. */
export interface AltText {
  readonly title: string;
  readonly description: string;
}

/** A chart as SVG with its PNG fallback, `width` points wide. */
export function image(chart: Chart, width: number, alt: AltText): Paragraph {
  const height = Math.round((width * chart.height) / chart.width);
  return new Paragraph({
    children: [
      new ImageRun({
        type: 'svg',
        data: chart.svg,
        fallback: { type: 'png', data: chart.png },
        transformation: { width, height },
        altText: { name: alt.title, title: alt.title, description: alt.description },
      }),
    ],
    spacing: { before: 120, after: 60 },
  });
}
