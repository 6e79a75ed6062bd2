/**
 * The municipality's Word template (REPORT_TEMPLATE): the shipped one filled, a copy changed as a
 * communications officer would in Word (header text, logo, a section moved) shows the change in
 * the report and its PDF, and a template with an unknown or broken placeholder, or no .docx at
 * all, is refused with a Swedish message naming it before anything is written.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReportCli } from '../../src/cli/report.js';
import { type CommitteeConfig, loadConfig } from '../../src/config/load-config.js';
import {
  readSettings,
  SettingsError,
  shippedConfigDir,
  shippedTemplateFile,
} from '../../src/config/settings.js';
import { startApp } from '../../src/index.js';
import { aggregate } from '../../src/reporting/aggregate.js';
import { buildDefaultTemplate } from '../../src/reporting/default-template.js';
import { renderDocx } from '../../src/reporting/render-docx.js';
import type { ReportModel } from '../../src/reporting/report-model.js';
import {
  loadReportTemplate,
  type ReportTemplate,
  readReportTemplate,
  SECTION_PLACEHOLDERS,
  TemplateError,
} from '../../src/reporting/report-template.js';
import { silentLogger } from '../../src/shared/logger.js';
import { openDocx, paragraphs, textOf } from '../support/docx-xml.js';
import { fixtureEvents, GENERATED_AT, periodAnswers } from '../support/report-fixtures.js';
import { shippedTemplate } from '../support/template.js';

const run = promisify(execFile);
let dir: string;
let config: CommitteeConfig;
let model: ReportModel;
let shipped: ReportTemplate;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'uppf-mall-'));
  config = await loadConfig(shippedConfigDir);
  const period = config.periods.find((p) => p.id === '2024-08');
  if (!period) throw new Error('no period');
  model = aggregate({
    config,
    period,
    answers: periodAnswers(config, fixtureEvents()),
    decisions: [],
    generatedAt: GENERATED_AT,
  });
  shipped = await shippedTemplate();
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A copy of the shipped template with its parts edited as text, as Word would save them. */
async function editedTemplate(
  edit: (parts: { document: string; header: string }) => { document?: string; header?: string },
  media?: Uint8Array,
): Promise<Buffer> {
  const zip = await JSZip.loadAsync(await readFile(shippedTemplateFile));
  const document = (await zip.file('word/document.xml')?.async('string')) ?? '';
  const header = (await zip.file('word/header1.xml')?.async('string')) ?? '';
  const changed = edit({ document, header });
  if (changed.document !== undefined) zip.file('word/document.xml', changed.document);
  if (changed.header !== undefined) zip.file('word/header1.xml', changed.header);
  if (media) zip.file(await logoPath(zip), media);
  return zip.generateAsync({ type: 'nodebuffer' });
}

/** The picture the header shows (the logo), by the header's relationships. */
async function logoPath(zip: JSZip): Promise<string> {
  const rels = (await zip.file('word/_rels/header1.xml.rels')?.async('string')) ?? '';
  const target = /Target="(media\/[^"]+\.png)"/.exec(rels)?.[1];
  if (!target) throw new Error('no logo in the header');
  return `word/${target}`;
}

function newLogo(): Uint8Array {
  const png = new PNG({ width: 64, height: 16 });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([200, 30, 30, 255], i);
  return new Uint8Array(PNG.sync.write(png));
}

const paragraphWith = (xml: string, name: string): string => {
  const found = paragraphs(xml).find((p) => p.text === `{{${name}}}`);
  if (!found) throw new Error(`no paragraph {{${name}}}`);
  return found.xml;
};

async function refusal(bytes: Uint8Array | Buffer): Promise<TemplateError> {
  const error = await loadReportTemplate(new Uint8Array(bytes), 'mall.docx').catch((e: unknown) => e);
  if (!(error instanceof TemplateError)) throw new Error(`not refused: ${String(error)}`);
  return error;
}

describe('the shipped template', () => {
  it('is what npm run template:default writes: every section once, in the delår order of report.yaml', async () => {
    const rebuilt = await loadReportTemplate(new Uint8Array(await buildDefaultTemplate()), 'ny');
    expect(rebuilt.sectionOrder).toEqual(shipped.sectionOrder);
    expect(rebuilt.textPlaceholders).toEqual(shipped.textPlaceholders);
    expect(shipped.sectionOrder).toEqual(config.report.layouts.interim2.sections);
    expect([...shipped.textPlaceholders].sort()).toEqual(['datum', 'namnd', 'period', 'titel', 'underlag']);
  });

  it('is filled: title area, header, footer and sections, no placeholder left, the logo and title kept', async () => {
    const output = await renderDocx(model, shipped);
    const doc = await openDocx(output);
    const footer = (await doc.zip.file('word/footer1.xml')?.async('string')) ?? '';
    for (const xml of [doc.document, ...doc.headers, footer]) expect(textOf(xml)).not.toMatch(/\{\{|\}\}/);
    const texts = paragraphs(doc.document).map((p) => p.text);
    expect(texts.slice(0, 4)).toEqual([
      'Delårsrapport 2 2024',
      'Arbetsmarknadsnämnden',
      `${model.period.label}, per 31 augusti 2024`,
      model.basis.headline,
    ]);
    expect(texts.join('\n')).toContain('Uppföljningen omfattar nämndens samlade verksamhet');
    expect(textOf(doc.headers.join(''))).toContain(`Arbetsmarknadsnämnden – ${model.period.label}`);
    expect(textOf(footer)).toContain('Arbetsmarknadsnämnden · Delårsrapport 2 2024');
    expect(footer).toMatch(/PAGE[\s\S]*NUMPAGES/);
    const logo = await logoPath(doc.zip);
    const templateZip = await JSZip.loadAsync(shipped.bytes);
    expect(await doc.zip.file(logo)?.async('nodebuffer')).toEqual(
      await templateZip.file(await logoPath(templateZip))?.async('nodebuffer'),
    );
    expect(/<dc:title>([^<]*)<\/dc:title>/.exec(doc.core)?.[1]).toBe(
      `Delårsrapport 2 2024 – Arbetsmarknadsnämnden – ${model.period.label}`,
    );
  });

  it('leaves a section report.yaml excludes out, placeholder paragraph and all', async () => {
    const month = { ...model, layout: { ...model.layout, sections: model.layout.sections.slice(3) } };
    const doc = await openDocx(await renderDocx(month, shipped));
    const h2 = paragraphs(doc.document).filter((p) => p.style === 'Heading2');
    expect(h2.map((p) => p.text)).not.toContain('Ekonomi');
    expect(h2.map((p) => p.text)).not.toContain('Volymutveckling');
    expect(h2[0]?.text).toBe('Målredovisning med prognos');
    expect(textOf(doc.document)).not.toContain('{{');
  });

  it('prints a unit’s text that looks like a placeholder as written', async () => {
    const copy = structuredClone(model) as unknown as {
      areas: { municipalGoals: { goals: { results: { text: string }[] }[] }[] }[];
    };
    const result = copy.areas[0]?.municipalGoals[0]?.goals[0]?.results[0];
    if (!result) throw new Error('no result in the fixture');
    result.text = 'Se {{titel}} och {{avsnitt_ekonomi}} i förra rapporten.';
    const doc = await openDocx(await renderDocx(copy as unknown as ReportModel, shipped));
    expect(paragraphs(doc.document).map((p) => p.text)).toContain(
      'Se {{titel}} och {{avsnitt_ekonomi}} i förra rapporten.',
    );
  });
});

describe('a template the municipality changed in Word', () => {
  let output: Buffer;
  let pdfText: string;
  const logo = newLogo();

  beforeAll(async () => {
    const bytes = await editedTemplate(({ document, header }) => {
      const appendix = paragraphWith(document, 'bilaga');
      const economy = paragraphWith(document, 'avsnitt_ekonomi');
      return {
        // Word splits text into runs as it likes: the new header text spans two runs.
        header: header.replace(
          '\t{{namnd}} – {{period}}</w:t></w:r>',
          '\tLinköpings kommun {{na</w:t></w:r><w:r><w:t xml:space="preserve">mnd}}, Kommunikationsavdelningen</w:t></w:r>',
        ),
        // The appendix moved to the front: the template's order, not report.yaml's.
        document: document.replace(appendix, '').replace(economy, `${appendix}${economy}`),
      };
    }, logo);
    const file = path.join(dir, 'kommunens-mall.docx');
    await writeFile(file, bytes);
    output = await renderDocx(model, await readReportTemplate(file));
    await writeFile(path.join(dir, 'rapport.docx'), output);
    await run(
      'soffice',
      [
        `-env:UserInstallation=${pathToFileURL(path.join(dir, 'profil')).href}`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        dir,
        path.join(dir, 'rapport.docx'),
      ],
      { timeout: 120_000 },
    );
    await run('pdftotext', ['-raw', path.join(dir, 'rapport.pdf'), path.join(dir, 'rapport.txt')]);
    pdfText = await readFile(path.join(dir, 'rapport.txt'), 'utf8');
  }, 180_000);

  it('shows the new header text and the new logo, in the file and on the PDF pages', async () => {
    const doc = await openDocx(output);
    const header = textOf(doc.headers.join(''));
    expect(header).toContain('Linköpings kommun Arbetsmarknadsnämnden, Kommunikationsavdelningen');
    expect(header).not.toContain(`Arbetsmarknadsnämnden – ${model.period.label}`);
    expect(new Uint8Array((await doc.zip.file(await logoPath(doc.zip))?.async('uint8array')) ?? [])).toEqual(
      logo,
    );
    const pages = pdfText.split('\f').filter((p) => p.trim() !== '');
    expect(pages.length).toBeGreaterThan(5);
    for (const page of pages) expect(page).toContain('Linköpings kommun Arbetsmarknadsnämnden');
  });

  it('puts the sections in the template’s order', async () => {
    const h2 = paragraphs((await openDocx(output)).document)
      .filter((p) => p.style === 'Heading2')
      .map((p) => p.text);
    expect(h2.slice(0, 2)).toEqual(['Bilaga: Underlag för bedömningarna', 'Ekonomi']);
    expect(pdfText.indexOf('Bilaga: Underlag för bedömningarna')).toBeLessThan(
      pdfText.indexOf('Volymutveckling'),
    );
  });
});

describe('a template saved by Swedish Word', () => {
  it('keeps its own heading styles (ids Rubrik1–4, names heading 1–4) for the report’s headings', async () => {
    const zip = await JSZip.loadAsync(await readFile(shippedTemplateFile));
    const styles = (await zip.file('word/styles.xml')?.async('string')) ?? '';
    const document = (await zip.file('word/document.xml')?.async('string')) ?? '';
    const swedish = (xml: string) => xml.replace(/"Heading([1-4])"/g, '"Rubrik$1"');
    zip.file('word/styles.xml', swedish(styles).replace(/"Heading ([1-4])"/g, '"heading $1"'));
    zip.file('word/document.xml', swedish(document));
    const template = await loadReportTemplate(await zip.generateAsync({ type: 'uint8array' }), 'svensk.docx');
    const doc = await openDocx(await renderDocx(model, template));
    const styleIds = paragraphs(doc.document).map((p) => p.style);
    expect(styleIds).not.toContain('Heading2');
    expect(styleIds.filter((s) => s === 'Rubrik2').length).toBeGreaterThan(10);
    expect(doc.styles).not.toContain('w:styleId="Heading2"');
  });
});

describe('a template that cannot be used', () => {
  it('refuses an unknown placeholder, naming it and the one it resembles', async () => {
    const error = await refusal(
      await editedTemplate(({ document }) => ({
        document: document.replace('{{avsnitt_ekonomi}}', '{{avsnitt_ekonmi}}'),
      })),
    );
    expect(error.message).toContain(
      'Rapportmallen mall.docx (inställningen REPORT_TEMPLATE) kan inte användas',
    );
    expect(error.problems).toContain(
      'okänd platshållare {{avsnitt_ekonmi}} i dokumentets text (menar du {{avsnitt_ekonomi}}?)',
    );
    expect(error.problems).toContain(
      'platshållaren {{avsnitt_ekonomi}} saknas; varje avsnitt ska stå en gång i mallen',
    );
  });

  it('refuses a broken placeholder: unterminated, or split over two paragraphs', async () => {
    const unterminated = await refusal(
      await editedTemplate(({ header }) => ({ header: header.replace('{{underlag}}', '{{underlag') })),
    );
    expect(unterminated.problems).toEqual([
      'trasig platshållare ”{{underlag” i sidhuvudet: den avslutas inte med }} i samma stycke (menar du {{underlag}}?)',
    ]);
    const split = await refusal(
      await editedTemplate(({ document }) => ({
        document: document.replace('{{avsnitt_mal}}', '{{avsnitt_</w:t></w:r></w:p><w:p><w:r><w:t>mal}}'),
      })),
    );
    expect(split.problems).toContain(
      'trasig platshållare ”{{avsnitt_” i dokumentets text: den avslutas inte med }} i samma stycke (menar du {{avsnitt_mal}}?)',
    );
    expect(split.problems).toContain(
      'trasig platshållare ”mal}}” i dokumentets text: }} utan {{ före i samma stycke',
    );
  });

  it('refuses a section placeholder that shares its paragraph or stands in the header', async () => {
    const error = await refusal(
      await editedTemplate(({ document, header }) => ({
        document: document.replace('{{avsnitt_personal}}', 'Personal: {{avsnitt_personal}}'),
        header: header.replace('{{underlag}}', '{{bilaga}}'),
      })),
    );
    expect(error.problems).toContain(
      '{{avsnitt_personal}} ska stå ensam i ett eget stycke, utan annan text (stycket ersätts av avsnittet)',
    );
    expect(error.problems).toContain(
      '{{bilaga}} står i sidhuvudet; ett avsnitt kan bara stå i dokumentets text',
    );
  });

  it('refuses a missing file, a file that is no .docx and a macro document', async () => {
    const missing = await readReportTemplate(path.join(dir, 'finns-inte.docx')).catch((e: unknown) => e);
    expect((missing as TemplateError).problems).toEqual(['filen finns inte']);
    expect((await refusal(Buffer.from('inte en zip-fil'))).problems).toEqual([
      'filen är inte ett Word-dokument (.docx); spara mallen i Word som ”Word-dokument (*.docx)”',
    ]);
    const zip = await JSZip.loadAsync(await readFile(shippedTemplateFile));
    const types = (await zip.file('[Content_Types].xml')?.async('string')) ?? '';
    zip.file(
      '[Content_Types].xml',
      types.replace('wordprocessingml.document.main+xml', 'wordprocessingml.document.macroEnabled.main+xml'),
    );
    const macro = await refusal(await zip.generateAsync({ type: 'nodebuffer' }));
    expect(macro.problems[0]).toContain('filen innehåller makron');
  });

  it('stops npm run report before anything is written, naming the placeholder', async () => {
    const file = path.join(dir, 'trasig.docx');
    await writeFile(
      file,
      await editedTemplate(({ document }) => ({ document: document.replace('{{titel}}', '{{rubrik}}') })),
    );
    const out = path.join(dir, 'rapport-ut.docx');
    let stderr = '';
    const code = await runReportCli(['--period', '2024-08', '--out', out], {
      env: { REPORT_TEMPLATE: file },
      stdout: { write: () => {} },
      stderr: {
        write: (t: string) => {
          stderr += t;
        },
      },
      cwd: dir,
    });
    expect(code).toBe(1);
    expect(stderr).toContain('okänd platshållare {{rubrik}} i dokumentets text');
    expect(existsSync(out)).toBe(false);
  });
});

describe('the REPORT_TEMPLATE setting', () => {
  it('defaults to the shipped template and resolves a relative path from the working folder', () => {
    expect(readSettings({}, '/srv/app').reportTemplate).toBe(shippedTemplateFile);
    expect(readSettings({ REPORT_TEMPLATE: 'mallar/kommunen.docx' }, '/srv/app').reportTemplate).toBe(
      '/srv/app/mallar/kommunen.docx',
    );
  });

  it('refuses a file that is not a .docx among the other settings’ problems', () => {
    const error = (() => {
      try {
        readSettings({ REPORT_TEMPLATE: 'mallar/kommunen.dotx', PORT: 'x' }, '/srv/app');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as SettingsError).problems).toContain(
      'REPORT_TEMPLATE ska vara en Word-fil (.docx) sparad som ”Word-dokument”, inte "mallar/kommunen.dotx"',
    );
    expect((error as SettingsError).problems).toHaveLength(2);
  });

  it('stops the bot at start when the template has a broken placeholder', async () => {
    const file = path.join(dir, 'trasig-start.docx');
    await writeFile(
      file,
      await editedTemplate(({ document }) => ({ document: document.replace('{{bilaga}}', '{{bilaga}') })),
    );
    const error = await startApp(
      { REPORT_TEMPLATE: file, DATA_DIR: path.join(dir, 'data') },
      silentLogger,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).message).toContain('trasig platshållare ”{{bilaga}”');
    // Nothing was started or written: not even the embedded storage's folder.
    expect(existsSync(path.join(dir, 'data'))).toBe(false);
  });

  it('names every section placeholder in the README and the reporting README', async () => {
    const readmes = [
      await readFile(new URL('../../README.md', import.meta.url), 'utf8'),
      await readFile(new URL('../../src/reporting/README.md', import.meta.url), 'utf8'),
    ];
    for (const text of readmes) {
      expect(text).toContain('REPORT_TEMPLATE');
      for (const name of [
        ...Object.values(SECTION_PLACEHOLDERS),
        'titel',
        'namnd',
        'period',
        'datum',
        'underlag',
      ])
        expect(text, name).toContain(`{{${name}}}`);
    }
  });
});
