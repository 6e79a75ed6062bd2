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
import { paragraphXml, type RunLook, runXml } from './docx-xml.js';
import { hex } from './format.js';

export const FONT = 'Calibri';
/** Text width of an A4 page with 2 cm margins, in twentieths of a point. */
export const PAGE_WIDTH = 9_638;
export const MET_FILL = 'C8E6C9';
export const NOT_MET_FILL = 'FFCDD2';
export const HEADER_FILL = 'E7E6E6';

/**
 * A paragraph written straight to its XML (most of a report's paragraphs: building docx objects
 * and formatting them costs ten times as much), and the docx paragraph it stands for, for the
 * patcher where it must see it (the first use of a list or a style). `test/reporting/docx-kit.test.ts`
 * holds the two to the same XML.
 */
export class XmlParagraph {
  constructor(
    readonly xml: string,
    readonly toDocx: () => Paragraph,
  ) {}
}

export type Block = Paragraph | Table | XmlParagraph;

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
export function para(value: string, options?: ParaOptions): XmlParagraph;
export function para(value: string | TextRun[], options: ParaOptions = {}): Paragraph | XmlParagraph {
  if (typeof value !== 'string') return docxPara(value, options);
  return new XmlParagraph(paragraphXml(runXml(value, look(options)), { after: options.after ?? 120 }), () =>
    docxPara(value, options),
  );
}

export function heading(value: string, level: 1 | 2 | 3 | 4): XmlParagraph {
  const levels = {
    1: HeadingLevel.HEADING_1,
    2: HeadingLevel.HEADING_2,
    3: HeadingLevel.HEADING_3,
    4: HeadingLevel.HEADING_4,
  } as const;
  return new XmlParagraph(
    // docx writes no run for a heading without text.
    paragraphXml(value === '' ? '' : runXml(value, {}), { style: levels[level], after: 120, before: 240 }),
    () => new Paragraph({ text: value, heading: levels[level], spacing: { before: 240, after: 120 } }),
  );
}

export function bullet(value: string): XmlParagraph {
  return new XmlParagraph(
    paragraphXml(runXml(value, {}), { style: 'ListParagraph', bulletNumId: BULLET_NUM_ID, after: 60 }),
    () => new Paragraph({ children: [text(value)], bullet: { level: 0 }, spacing: { after: 60 } }),
  );
}

export interface CellOptions {
  bold?: boolean;
  fill?: string;
  width: number;
  rowSpan?: number;
  align?: 'left' | 'right';
  size?: number;
  colour?: string;
}

export function cell(lines: string | readonly string[], o: CellOptions): TableCell {
  const all = typeof lines === 'string' ? [lines] : lines;
  return new TableCell({
    children: (all.length > 0 ? all : ['']).map(
      (line, i) =>
        new Paragraph({
          children: [
            text(line, {
              ...(o.bold ? { bold: true } : {}),
              size: i === 0 ? (o.size ?? 18) : 16,
              ...(o.colour ? { colour: o.colour } : {}),
            }),
          ],
          alignment: o.align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        }),
    ),
    width: { size: o.width, type: WidthType.DXA },
    verticalAlign: VerticalAlignTable.TOP,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    ...(o.rowSpan && o.rowSpan > 1 ? { rowSpan: o.rowSpan } : {}),
    ...(o.fill ? { shading: { type: ShadingType.CLEAR, fill: o.fill, color: 'auto' } } : {}),
  });
}

export function table(widths: readonly number[], header: readonly string[], rows: TableRow[]): Table {
  return new Table({
    width: { size: PAGE_WIDTH, type: WidthType.DXA },
    columnWidths: [...widths],
    rows: [
      new TableRow({
        tableHeader: true,
        children: header.map((h, i) => cell(h, { bold: true, fill: HEADER_FILL, width: widths[i] ?? 1_000 })),
      }),
      ...rows,
    ],
  });
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
