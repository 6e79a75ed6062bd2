/**
 * The Word document as a reader gets it: converted to PDF by LibreOffice (soffice, installed by
 * .ci/run with the Carlito font that has Calibri's metrics) and read back with pdftotext. The
 * pages carry the status words, the appendix comes last, and no long word in a table is broken.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { shippedConfigDir } from '../../src/config/settings.js';
import { aggregate } from '../../src/reporting/aggregate.js';
import { renderDocx } from '../../src/reporting/render-docx.js';
import { openDocx, tables, textOf } from '../support/docx-xml.js';
import { fixtureEvents, GENERATED_AT, periodAnswers } from '../support/report-fixtures.js';
import { shippedTemplate } from '../support/template.js';

const run = promisify(execFile);
let dir: string;
let text: string;
let pages: number;
let tableWords: Set<string>;

beforeAll(async () => {
  const config = await loadConfig(shippedConfigDir);
  const period = config.periods.find((p) => p.id === '2024-08');
  if (!period) throw new Error('no period');
  const model = aggregate({
    config,
    period,
    answers: periodAnswers(config, fixtureEvents()),
    decisions: [],
    generatedAt: GENERATED_AT,
  });
  const docx = await renderDocx(model, await shippedTemplate());
  dir = await mkdtemp(path.join(tmpdir(), 'uppf-pdf-'));
  await writeFile(path.join(dir, 'rapport.docx'), docx);
  // A profile of its own, so a LibreOffice already running elsewhere on the machine is not disturbed.
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
  const pdf = path.join(dir, 'rapport.pdf');
  pages = Number(/Pages:\s+(\d+)/.exec((await run('pdfinfo', [pdf])).stdout)?.[1]);
  await run('pdftotext', ['-raw', pdf, path.join(dir, 'rapport.txt')]);
  text = (await readFile(path.join(dir, 'rapport.txt'), 'utf8')).replace(/\u00a0/g, ' ');
  const xml = (await openDocx(docx)).document;
  tableWords = new Set(
    tables(xml)
      .flat()
      .flatMap((row) => [...row.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => textOf(p[0])))
      .flatMap((line) => line.split(/[^\p{L}]+/u))
      .filter((w) => w.length >= 12),
  );
}, 180_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the delår 2 draft as PDF', () => {
  it('has its pages, title, status words and the appendix last', () => {
    expect(pages).toBeGreaterThan(5);
    expect(pages).toBeLessThan(30);
    expect(text).toContain('Delårsrapport 2 2024');
    expect(text).toContain('Uppfylls delvis');
    const appendix = text.indexOf('Bilaga: Underlag för bedömningarna');
    expect(appendix).toBeGreaterThan(text.indexOf('Nämndindikatorer'));
    expect(text.slice(0, appendix)).not.toContain('Underlag för förslaget');
  });

  it('never breaks a long word in a table across lines', () => {
    expect(tableWords.size).toBeGreaterThan(20);
    const broken = [...tableWords].filter((w) => !text.includes(w));
    expect(broken).toEqual([]);
  });
});
