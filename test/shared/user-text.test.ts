/**
 * Text people type is data, never markup: removed invisible characters at input, escaped markdown
 * in every card. The end-to-end part goes through the real server, CloudAdapter, Azurite and the
 * fake Teams connector, and renders the leadership card's texts with the markdown engine Web Chat
 * uses (markdown-it with linkify), as a person's client would.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { webChatPackageDir } from '../../src/dev/page.js';
import { type RunningApp, startApp } from '../../src/index.js';
import { buildReport } from '../../src/reporting/build-report.js';
import { renderDocx } from '../../src/reporting/render-docx.js';
import { renderMarkdown } from '../../src/reporting/render-markdown.js';
import { renderXlsx } from '../../src/reporting/render-xlsx.js';
import { silentLogger } from '../../src/shared/logger.js';
import { cleanUserText, escapeMarkdown } from '../../src/shared/user-text.js';
import { answersFor } from '../support/answers.js';
import { BotSession, type Card, cardText } from '../support/bot-session.js';
import { type FakeTeams, inputIds, startFakeTeams } from '../support/fake-teams.js';
import { shippedTemplate } from '../support/template.js';

const TENANT = '0c7f7b7e-8c4a-4a7e-9c55-1f0d2a3b4c5d';
const PHISH = '[Logga in igen…](https://phish.example/login) **VIKTIGT**';
const RLO = '\u202e';
/** What a spreadsheet would run if it were written as a formula. */
const FORMULA = '=HYPERLINK("https://phish.example/login") **VIKTIGT**';
const INVISIBLE = `${RLO}\u200b\u200f\u2066\ufeff\u0007\u0085`;

interface MarkdownIt {
  render(text: string): string;
  renderInline(text: string): string;
}

/** Web Chat's own markdown engine, configured as Web Chat configures it. */
function webChatMarkdown(): MarkdownIt {
  const fromWebChat = createRequire(path.join(webChatPackageDir(), 'package.json'));
  const MarkdownIt = fromWebChat('markdown-it') as new (options: object) => MarkdownIt;
  return new MarkdownIt({ breaks: false, html: true, linkify: true, typographer: true, xhtmlOut: true });
}

/** Every text of a card that a client renders as markdown. */
function markdownTexts(card: unknown): string[] {
  const out: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
    if (o.type === 'FactSet' && Array.isArray(o.facts)) {
      for (const f of o.facts as { title: string; value: string }[]) out.push(f.title, f.value);
    }
    for (const value of Object.values(o)) visit(value);
  };
  visit(card);
  return out;
}

/** Every string in a value. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

describe('cleanUserText', () => {
  it('removes control, bidirectional and zero-width characters, keeps line breaks, tabs and Swedish', () => {
    expect(cleanUserText(`  Åtgärd${INVISIBLE}er:\r\n\tfler ${RLO}gdc.exe\u0000 i år  `)).toBe(
      'Åtgärder:\n\tfler gdc.exe i år',
    );
    for (const c of [
      '\u200b',
      '\u200c',
      '\u200d',
      '\u200e',
      '\u200f',
      '\u202a',
      '\u202b',
      '\u202c',
      '\u202d',
    ]) {
      expect(cleanUserText(`a${c}b`)).toBe('ab');
    }
    for (const c of [
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
      '\ufeff',
      '\u0080',
      '\u009f',
      '\u007f',
      '\u001b',
    ]) {
      expect(cleanUserText(`a${c}b`)).toBe('ab');
    }
  });
});

describe('escapeMarkdown', () => {
  const md = webChatMarkdown();
  const shown = (text: string) => md.renderInline(escapeMarkdown(text));

  it('shows links, emphasis, html and autolinks literally', () => {
    const html = shown(PHISH);
    expect(html).not.toContain('<a');
    expect(html).not.toContain('<strong');
    expect(html).toBe('[Logga in igen…](https://phish.example/login) **VIKTIGT**');
    const other = shown('<a href="https://x.se">klicka</a> _kursiv_ ~~bort~~ `kod`');
    expect(other).toContain('&lt;a href=');
    expect(other).toContain('_kursiv_ ~~bort~~ `kod`');
    expect(other).not.toMatch(/<(a|em|s|code)\b/);
    expect(shown('se www.phish.example nu')).not.toContain('<a');
  });

  it('keeps ordinary Swedish text as it is', () => {
    const text = 'Prognos −6 650 tkr (underskott), t.ex. 4,5 % – 3 090 personer.';
    expect(escapeMarkdown(text)).toBe(text);
  });

  it('does not start lists', () => {
    expect(md.render(escapeMarkdown('- punkt\n1. ett'))).not.toMatch(/<[uo]l>/);
  });
});

describe('a manager types markdown and invisible characters; leadership sees it inert', () => {
  let fake: FakeTeams;
  let app: RunningApp;
  const session = (aadObjectId: string, name: string) =>
    new BotSession({ botUrl: app.url, fake, aadObjectId, name, tenantId: TENANT, mode: 'execute' });

  beforeAll(async () => {
    fake = await startFakeTeams();
    app = await startApp(
      {
        PORT: '0',
        STORAGE_CONNECTION_STRING: inject('azuriteConnectionString'),
        TABLE_PREFIX: `t${randomUUID().replace(/-/g, '').slice(0, 12)}`,
        FOLLOWUP_NOW: '2024-09-03T10:00:00+02:00',
        ALLOWED_TENANT_IDS: TENANT,
        REMINDER_SCHEDULER: 'off',
      },
      silentLogger,
    );
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });

  it('stores the text without invisible characters and shows it literally in the prognosis card', async () => {
    const manager = session('demo-chef-amc', 'Anna Lind');
    await manager.install();
    await manager.say('rapportera');
    let card: Card = await manager.press('Börja');
    const hostile: Record<string, string> = {
      results: `${PHISH}${INVISIBLE}`,
      deviations: `${RLO}Inga avvikelser`,
    };
    for (let step = 0; step < 30 && !cardText(card).includes('Granska och skicka in'); step++) {
      // Every free text of the step, whatever the card: results, deviations, comments.
      const texts = inputIds(card)
        .map((input) => input.id)
        .filter((id) => id === 'results' || id === 'deviations' || id.endsWith('.comment'));
      const typed = Object.fromEntries(
        texts.map((id) => [
          id,
          id.startsWith('eco.') ? `${FORMULA}${INVISIBLE}` : (hostile[id] ?? `${PHISH}${RLO}`),
        ]),
      );
      card = await manager.press('Nästa', answersFor(card, typed));
    }
    await manager.press('Skicka in');

    const ledning = session('demo-ledning', 'Helena Strand');
    await ledning.install();
    const goalCard = await ledning.say('prognos egenförsörjning');
    const texts = markdownTexts(goalCard);
    const md = webChatMarkdown();
    const withPhish = texts.filter((t) => md.renderInline(t).includes('[Logga in igen…]'));
    expect(withPhish.length).toBeGreaterThan(0);
    for (const text of texts) {
      const html = md.renderInline(text);
      expect(html, text).not.toContain('<a');
      expect(html, text).not.toContain('<strong');
      expect(html, text).not.toMatch(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/);
    }
    expect(md.renderInline(withPhish[0] ?? '')).toContain(
      '[Logga in igen…](https://phish.example/login) **VIKTIGT** (AMC)',
    );

    // What was stored is the text without the invisible characters.
    const stored = await app.storage.answers.listPeriod('an', '2024-08');
    // The strings themselves: JSON.stringify would hide C0 controls behind \u escapes.
    const payloads = stringsIn(stored.map((a) => a.payload)).join('\n');
    expect(payloads).toContain(PHISH);
    for (const c of INVISIBLE)
      expect(payloads.includes(c), `U+${c.codePointAt(0)?.toString(16)}`).toBe(false);
  });

  it('is plain text in the Word, Excel and Markdown reports', async () => {
    const period = app.config.periods.find((p) => p.id === '2024-08');
    if (!period) throw new Error('no August 2024');
    const model = await buildReport(
      {
        config: app.config,
        answers: app.storage.answers,
        decisions: app.storage.decisions,
        now: () => new Date(),
      },
      period,
    );
    const docx = await JSZip.loadAsync(await renderDocx(model, await shippedTemplate()));
    const document = (await docx.file('word/document.xml')?.async('string')) ?? '';
    expect(document).toContain('[Logga in igen…](https://phish.example/login) **VIKTIGT**');
    expect(document).not.toContain('w:hyperlink');
    const xlsx = await JSZip.loadAsync(await renderXlsx(model));
    const sheets = await Promise.all(
      Object.keys(xlsx.files)
        .filter((name) => /^xl\/(worksheets\/sheet\d+|sharedStrings)\.xml$/.test(name))
        .map((name) => xlsx.file(name)?.async('string') ?? ''),
    );
    const excel = sheets.join('\n');
    // Excel carries the economy comments (as text cells: no formula, no hyperlink).
    expect(excel).toContain('=HYPERLINK(&quot;https://phish.example/login&quot;) **VIKTIGT**');
    expect(excel).not.toContain('<hyperlink');
    expect(excel).not.toMatch(/<f>/);
    const html = webChatMarkdown().render(renderMarkdown(model));
    expect(html).toContain('[Logga in igen…](https://phish.example/login) **VIKTIGT**');
    expect(html).not.toContain('phish.example/login"');
    for (const text of [document, excel, html]) {
      for (const c of INVISIBLE) expect(text.includes(c), `U+${c.codePointAt(0)?.toString(16)}`).toBe(false);
    }
  });
});
