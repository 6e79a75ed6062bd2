/**
 * The default Word template, `templates/rapport.docx` as shipped (written by `npm run
 * template:default`, src/cli/template-default.ts): laid out as the delårsrapport of seed 001 (logo
 * and report name in the header, page numbers in the footer, a title area, a fixed introduction,
 * then one placeholder paragraph per section in report.yaml's delår order). The municipality edits
 * the file in Word; the command only regenerates the default.
 */
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  TabStopType,
  TextRun,
} from 'docx';
import { SECTION_PLACEHOLDERS } from './report-template.js';

const BLUE = '1F4E79';
const FONT = 'Calibri';
const FONT_FILE = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');

/** The placeholder logo: an emblem and "Kommunen", to be replaced by the municipality's own. */
function logo(): Buffer {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="520" height="120" viewBox="0 0 520 120">
  <rect x="8" y="8" width="104" height="104" rx="18" fill="#${BLUE}"/>
  <path d="M30 88 L60 32 L90 88 Z" fill="#FFFFFF"/>
  <circle cx="60" cy="70" r="10" fill="#F9A825"/>
  <text x="132" y="78" font-family="DejaVu Sans" font-size="54" font-weight="bold" fill="#${BLUE}">Kommunen</text>
</svg>`;
  return new Resvg(svg, {
    font: { fontFiles: [FONT_FILE], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
    fitTo: { mode: 'width', value: 520 },
  })
    .render()
    .asPng();
}

const placeholder = (name: string) => `{{${name}}}`;

export async function buildDefaultTemplate(): Promise<Buffer> {
  const small = 16;
  const header = new Header({
    children: [
      new Paragraph({
        tabStops: [{ type: TabStopType.RIGHT, position: 9_638 }],
        border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: BLUE, space: 4 } },
        children: [
          new ImageRun({
            type: 'png',
            data: logo(),
            transformation: { width: 130, height: 30 },
            altText: { name: 'Logotyp', title: 'Kommunens logotyp', description: 'Kommunens logotyp' },
          }),
          new TextRun({ text: `\t${placeholder('namnd')} – ${placeholder('period')}`, size: small }),
        ],
      }),
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        children: [new TextRun({ text: `${placeholder('underlag')}`, size: small, italics: true })],
      }),
    ],
  });
  const footer = new Footer({
    children: [
      new Paragraph({
        tabStops: [{ type: TabStopType.RIGHT, position: 9_638 }],
        border: { top: { style: BorderStyle.SINGLE, size: 4, color: BLUE, space: 4 } },
        children: [
          new TextRun({ text: `${placeholder('namnd')} · ${placeholder('titel')}`, size: small }),
          new TextRun({
            children: ['\tSida ', PageNumber.CURRENT, ' av ', PageNumber.TOTAL_PAGES],
            size: small,
          }),
        ],
      }),
    ],
  });
  const cover = [
    new Paragraph({
      heading: HeadingLevel.HEADING_1,
      spacing: { before: 2_400, after: 240 },
      children: [new TextRun({ text: placeholder('titel'), size: 56 })],
    }),
    new Paragraph({
      spacing: { after: 120 },
      children: [new TextRun({ text: placeholder('namnd'), size: 32, color: BLUE, bold: true })],
    }),
    new Paragraph({
      spacing: { after: 480 },
      children: [new TextRun({ text: `${placeholder('period')}, ${placeholder('datum')}`, size: 24 })],
    }),
    new Paragraph({
      spacing: { after: 240 },
      children: [new TextRun({ text: placeholder('underlag'), italics: true })],
    }),
    new Paragraph({
      spacing: { after: 120 },
      children: [
        new TextRun(
          'Uppföljningen omfattar nämndens samlade verksamhet utifrån reglemente, internbudget och förvaltningens verksamhetsplan. Syftet är att säkerställa att verksamhetens resurser används till det som avsetts, att få god ekonomisk kontroll och att verksamheten bedrivs inom tilldelade ramar och i linje med målen för god ekonomisk hushållning.',
        ),
      ],
    }),
    new Paragraph({ children: [new PageBreak()] }),
  ];
  // One paragraph per section in the delår order of report.yaml; Word users move them.
  const sections = Object.values(SECTION_PLACEHOLDERS).map(
    (name) => new Paragraph({ children: [new TextRun(placeholder(name))] }),
  );
  const heading = (size: number, colour: string) => ({
    run: { font: FONT, size, bold: true, color: colour },
    paragraph: { spacing: { before: 240, after: 120 }, keepNext: true },
  });
  const doc = new Document({
    creator: 'Uppföljningsboten',
    title: 'Rapportmall för nämndens uppföljning',
    description:
      'Mall för Uppföljningsbotens rapporter. Platshållarna {{…}} fylls i när rapporten skapas; se README.',
    styles: {
      default: {
        document: { run: { font: FONT, size: 20, language: { value: 'sv-SE' } } },
        heading1: heading(40, BLUE),
        heading2: heading(28, BLUE),
        heading3: heading(24, '2E74B5'),
        heading4: heading(21, '404040'),
      },
    },
    sections: [
      {
        properties: { page: { margin: { top: 1_134, bottom: 1_134, left: 1_134, right: 1_134 } } },
        headers: { default: header },
        footers: { default: footer },
        children: [...cover, ...sections],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
