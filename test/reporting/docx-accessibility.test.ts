/**
 * The Word document's accessibility (WCAG 2.1 AA as the law asks of published documents), checked
 * mechanically on its XML: headings in order, table header rows marked and repeated, alt text with
 * the numbers on every chart, Swedish as the document language, a title, and the status word
 * printed wherever a colour marks a status.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { aggregate } from '../../src/reporting/aggregate.js';
import { renderDocx } from '../../src/reporting/render-docx.js';
import type { ReportModel } from '../../src/reporting/report-model.js';
import { type DocxParts, drawings, openDocx, paragraphs, tables, textOf } from '../support/docx-xml.js';
import { fixtureEvents, GENERATED_AT, periodAnswers } from '../support/report-fixtures.js';
import { shippedTemplate } from '../support/template.js';

let model: ReportModel;
let doc: DocxParts;

beforeAll(async () => {
  const config = await loadConfig(fileURLToPath(new URL('../../config', import.meta.url)));
  const period = config.periods.find((p) => p.id === '2024-08');
  if (!period) throw new Error('no period');
  model = aggregate({
    config,
    period,
    answers: periodAnswers(config, fixtureEvents()),
    decisions: [],
    generatedAt: GENERATED_AT,
  });
  doc = await openDocx(await renderDocx(model, await shippedTemplate()));
});

describe('Word document accessibility', () => {
  it('has real heading styles, starting at level 1 and never skipping a level', () => {
    const levels = paragraphs(doc.document)
      .map((p) => /^Heading(\d)$/.exec(p.style ?? '')?.[1])
      .filter((l): l is string => l !== undefined)
      .map(Number);
    expect(levels[0]).toBe(1);
    expect(levels.length).toBeGreaterThan(30);
    levels.forEach((level, i) => {
      if (i > 0) expect(level, `heading ${i}`).toBeLessThanOrEqual((levels[i - 1] ?? 0) + 1);
    });
    // The heading styles exist in the document, so a screen reader and the navigation pane see them.
    for (const id of ['Heading1', 'Heading2', 'Heading3', 'Heading4']) {
      expect(doc.styles).toContain(`w:styleId="${id}"`);
    }
  });

  it('marks every table’s first row as a header row that repeats on each page', () => {
    const all = tables(doc.document);
    expect(all.length).toBeGreaterThan(10);
    for (const rows of all) {
      expect(rows[0], textOf(rows[0] ?? '')).toContain('<w:tblHeader/>');
      expect(rows[0]).not.toBe(undefined);
    }
  });

  it('gives every chart alt text that states what it shows, with the numbers', () => {
    const pictures = drawings(doc.document);
    expect(pictures.length).toBeGreaterThan(0);
    for (const p of pictures) {
      expect(p.title).not.toBe('');
      expect(p.descr.length, p.title).toBeGreaterThan(30);
      expect(p.descr, p.title).toMatch(/\d/);
      expect(p.descr).not.toMatch(/^(diagram|bild|figur)$/i);
    }
    const overview = pictures.find((p) => p.descr.startsWith('Antal nämndmål per status'));
    for (const o of model.statusOverview) expect(overview?.descr).toContain(`${o.status.label} ${o.count}`);
  });

  it('is in Swedish and has a title', () => {
    expect(doc.styles).toMatch(/<w:docDefaults>[\s\S]*<w:lang w:val="sv-SE"/);
    const title = /<dc:title>([^<]*)<\/dc:title>/.exec(doc.core)?.[1] ?? '';
    expect(title).toContain('Delårsrapport 2 2024');
    expect(title).toContain('Arbetsmarknadsnämnden');
  });

  it('prints the status word in every cell whose colour marks a status', () => {
    const words = ['Uppnås', 'Uppnås ej', 'Uppfylls', 'Uppfylls delvis', 'Uppfylls ej', 'Kan ej bedömas'];
    const coloured = [...doc.document.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)]
      .map((m) => m[0])
      .filter((c) => /<w:shd [^>]*w:fill="(C8E6C9|FFCDD2)"/.test(c));
    expect(coloured.length).toBeGreaterThan(5);
    for (const c of coloured) {
      const lines = [...c.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => textOf(p[0]));
      expect(
        lines.some((l) => words.includes(l) || /^(Inskickad|Inget svar|Utkast|Ändrad)/.test(l)),
        lines.join(' | '),
      ).toBe(true);
    }
    // The legend names each colour.
    for (const s of model.statusScale) expect(textOf(doc.document)).toContain(`■ ${s.label}`);
  });
});
