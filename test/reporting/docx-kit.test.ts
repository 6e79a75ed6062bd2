import { describe, expect, it } from 'vitest';
import { bullet, cell, heading, para, row, table, XmlBlock } from '../../src/reporting/docx-kit.js';
import { blockXml } from '../../src/reporting/docx-xml.js';

// The report's paragraphs are written straight to XML; Word must get what docx itself writes for
// the same paragraph, or the document would change with the way it was made.
const context = { file: {}, stack: [] };
const docxXml = (p: XmlBlock) => blockXml(p.toDocx(), context);

const texts = [
  'Inga resultat har rapporterats.',
  '',
  'Citat ”så här” & <taggar> \'enkla\' "dubbla" – 3 090 kr',
  'Styrtecken\u0001 och\ttabb\nrad',
  '  blanksteg runt  ',
];

describe('paragraphs written as XML', () => {
  it('are what docx writes for the same bullets and headings', () => {
    for (const t of texts) {
      expect(bullet(t).xml).toBe(docxXml(bullet(t)));
      for (const level of [1, 2, 3, 4] as const)
        expect(heading(t, level).xml).toBe(docxXml(heading(t, level)));
    }
  });

  it('are what docx writes for the same paragraphs, in every look the report uses', () => {
    const looks = [
      {},
      { italics: true, size: 16 },
      { italics: true, size: 18 },
      { bold: true, after: 60 },
      { size: 16, after: 40 },
      { after: 120 },
      { after: 0 },
      { bold: true, italics: true, size: 24 },
    ];
    for (const t of texts) {
      for (const look of looks) {
        const p = para(t, look);
        expect(p).toBeInstanceOf(XmlBlock);
        expect(p.xml).toBe(docxXml(p));
      }
    }
  });
});

describe('tables written as XML', () => {
  it('are what docx writes for the same table, cells spanning rows included', () => {
    const widths = [2000, 1500, 3000, 1200, 1938];
    const rows = [
      row(
        [
          cell(['Nämndmål 1.', 'Beskrivning & mer'], { width: 2000, rowSpan: 3 }),
          cell(['Uppnås', '(förslag)'], { width: 1500, rowSpan: 3, fill: 'C8E6C9', bold: true }),
          cell('Indikator', { width: 3000 }),
          cell('12,5', { width: 1200, align: 'right' }),
          cell(['8', 'Ej uppnått'], { width: 1938, align: 'right', fill: 'FFCDD2' }),
        ],
        { cantSplit: true },
      ),
      row(
        [
          cell('   Kvinnor', { width: 3000, size: 16 }),
          cell('', { width: 1200, align: 'right' }),
          cell([], { width: 1938, align: 'right' }),
        ],
        { cantSplit: true },
      ),
      row(
        [cell('   Män', { width: 3000, size: 16 }), cell('1', { width: 1200 }), cell('2', { width: 1938 })],
        {
          cantSplit: true,
        },
      ),
      row([
        cell('Enhet', { width: 2000, italics: true, colour: '#C62828', size: 18 }),
        cell('Rad utan radval', { width: 1500, rowSpan: 2, align: 'right' }),
        cell('x', { width: 3000 }),
        cell('y', { width: 1200 }),
        cell('z', { width: 1938 }),
      ]),
      row([
        cell('a', { width: 2000 }),
        cell('b', { width: 3000 }),
        cell('c', { width: 1200 }),
        cell('d', { width: 1938 }),
      ]),
    ];
    for (const header of [
      ['Nämndmål', 'Mål uppnås', 'Nämndindikator', '2023', 'Målvärde 2024'],
      ['Ekonomi', 'Prognos', 'Budget', 'Avvikelse', 'Helår'].map((h, i) =>
        cell(h, {
          width: widths[i] ?? 0,
          bold: true,
          fill: 'E7E6E6',
          align: i > 0 ? 'right' : 'left',
          size: 18,
        }),
      ),
    ]) {
      const t = table(widths, header, rows);
      expect(t.xml).toBe(blockXml(t.toDocx(), context));
    }
  });
});
