import { describe, expect, it } from 'vitest';
import { bullet, heading, para, XmlParagraph } from '../../src/reporting/docx-kit.js';
import { blockXml } from '../../src/reporting/docx-xml.js';

// The report's paragraphs are written straight to XML; Word must get what docx itself writes for
// the same paragraph, or the document would change with the way it was made.
const context = { file: {}, stack: [] };
const docxXml = (p: XmlParagraph) => blockXml(p.toDocx(), context);

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
        expect(p).toBeInstanceOf(XmlParagraph);
        expect(p.xml).toBe(docxXml(p));
      }
    }
  });
});
