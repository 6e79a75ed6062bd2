/**
 * The whole reporting year, end to end: answers entered through the real server, CloudAdapter and
 * the fake Teams connector in July (a month), August (delår 2) and December (helår), then the
 * delår 2 and helår reports built from what is stored. One storage, three app runs with the clock
 * in each period's answering window.
 */
import { randomUUID } from 'node:crypto';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { shippedConfigDir } from '../../src/config/settings.js';
import type { AnswerPayload, CommitteeIndicatorsAnswer } from '../../src/followup/answers.js';
import type { FiguresAnswer } from '../../src/followup/figures.js';
import { type RunningApp, startApp } from '../../src/index.js';
import { buildReport } from '../../src/reporting/build-report.js';
import { renderDocx } from '../../src/reporting/render-docx.js';
import { renderMarkdown } from '../../src/reporting/render-markdown.js';
import type { ReportModel } from '../../src/reporting/report-model.js';
import { silentLogger } from '../../src/shared/logger.js';
import { answersFor } from '../support/answers.js';
import { BotSession, cardText } from '../support/bot-session.js';
import { type FakeTeams, inputIds, startFakeTeams } from '../support/fake-teams.js';
import { shippedTemplate } from '../support/template.js';

const TENANT = '0c7f7b7e-8c4a-4a7e-9c55-1f0d2a3b4c5d';
const PREFIX = `y${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

let fake: FakeTeams;

beforeAll(async () => {
  fake = await startFakeTeams();
});
afterAll(async () => {
  await fake?.close();
});

/** Runs the app with the clock at `now`, on the shared storage, for the duration of `fn`. */
async function withApp<T>(now: string, fn: (app: RunningApp) => Promise<T>): Promise<T> {
  const app = await startApp(
    {
      PORT: '0',
      STORAGE_CONNECTION_STRING: inject('azuriteConnectionString'),
      TABLE_PREFIX: PREFIX,
      FOLLOWUP_NOW: now,
      ALLOWED_TENANT_IDS: TENANT,
      REMINDER_SCHEDULER: 'off',
    },
    silentLogger,
  );
  try {
    return await fn(app);
  } finally {
    await app.stop();
  }
}

function session(app: RunningApp, aadObjectId: string, name: string): BotSession {
  return new BotSession({ botUrl: app.url, fake, aadObjectId, name, tenantId: TENANT, mode: 'execute' });
}

/** UTB stab answers every step of the open period and sends in; returns the start card's text. */
async function utbStabAnswers(app: RunningApp): Promise<string> {
  const peter = session(app, 'demo-chef-utb-stab', 'Peter Lund');
  await peter.install();
  const start = cardText(await peter.say('rapportera'));
  let card = await peter.press('Börja');
  for (let step = 0; step < 40 && !cardText(card).includes('Granska och skicka in'); step++) {
    // Indices, shares and ages have narrower bounds than the household counts answersFor types.
    const overrides = Object.fromEntries(
      inputIds(card)
        // Not a share ("45/50") nor a total worked out from kvinnor and män ("summa").
        .filter(
          (i) =>
            /^ind\..*\.(total|kvinnor|man)$/.test(i.id) &&
            !/\/|summa/.test(String(i.element.placeholder ?? '')),
        )
        .map((i) => [i.id, i.label?.includes('år') ? '65' : '25']),
    );
    card = await peter.press('Nästa', answersFor(card, overrides));
  }
  expect(cardText(card), cardText(card)).toContain('Granska och skicka in');
  expect(cardText(card)).not.toContain('saknas');
  expect(cardText(await peter.press('Skicka in'))).toContain('Inskickat');
  return start;
}

/** The controller's card of the open period: its text, and after saving every input, the stored answer. */
async function controllerAnswers(app: RunningApp, periodId: string) {
  const david = session(app, 'demo-controller', 'David Ek');
  await david.install();
  const card = await david.say('rapportera');
  const text = plain(cardText(card));
  const labels = inputIds(card).map((i) => plain(i.label ?? ''));
  const saved = plain(cardText(await david.press('Spara', answersFor(card))));
  const stored = await app.storage.answers.get<CommitteeIndicatorsAnswer>({
    committeeId: 'an',
    periodId,
    unitId: '_namnd',
    item: 'committee',
  });
  return { text, labels, saved, stored };
}

async function report(app: RunningApp, periodId: string): Promise<ReportModel> {
  const config = await loadConfig(shippedConfigDir);
  const period = config.periods.find((p) => p.id === periodId);
  if (!period) throw new Error(periodId);
  return buildReport(
    { config, answers: app.storage.answers, decisions: app.storage.decisions, now: () => new Date() },
    period,
  );
}

async function docxText(model: ReportModel) {
  const zip = await JSZip.loadAsync(await renderDocx(model, await shippedTemplate()));
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => ({
    style: /<w:pStyle w:val="([^"]+)"/.exec(m[0])?.[1] ?? null,
    text: plain([...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')),
  }));
  return {
    headings: (style: string) => paragraphs.filter((p) => p.style === style).map((p) => p.text),
    texts: paragraphs.map((p) => p.text),
  };
}

describe('July is a month: no volume or personnel figures are asked', () => {
  it('UTB stab’s month has no Volymer step, and the controller’s card no figures', async () => {
    await withApp('2024-08-02T10:00:00+02:00', async (app) => {
      const start = await utbStabAnswers(app);
      expect(start).toContain('Juli 2024');
      expect(start).not.toContain('Volymer');
      const { text, stored } = await controllerAnswers(app, '2024-07');
      expect(text).toContain('Nämndens värden – juli 2024');
      expect(text).not.toContain('Volymer och personal');
      expect(stored?.payload.figures).toBeUndefined();
      const july = await app.storage.answers.listPeriod<AnswerPayload>('an', '2024-07');
      expect(july.some((a) => a.item === 'figures')).toBe(false);
    });
  });
});

describe('August is delår 2', () => {
  let model: ReportModel;

  it('asks UTB stab for its volumes in a Volymer step and the controller for Lifecare and HR figures', async () => {
    await withApp('2024-09-03T10:00:00+02:00', async (app) => {
      const start = await utbStabAnswers(app);
      expect(start).toContain('Augusti 2024 – delår 2');
      expect(start).toContain('Volymer');
      const figures = await app.storage.answers.get<FiguresAnswer>({
        committeeId: 'an',
        periodId: '2024-08',
        unitId: 'utb-stab',
        item: 'figures',
      });
      expect(figures?.payload.figures['elever-sfi']).toEqual({
        value: 1_040,
        noOutcome: false,
        prognosis: 1_100,
        parts: {},
      });

      const { text, labels, saved, stored } = await controllerAnswers(app, '2024-08');
      expect(text).toContain('Volymer och personal per 31 augusti 2024');
      expect(labels).toContain('Internkontroll: sammanfattning av uppföljningen');
      expect(labels).toContain('Totalt per 31 augusti 2024 (%)');
      expect(labels).toContain('Prognos helår 2024');
      expect(saved).toContain('Sparat');
      // A count's total is the sum of its parts; a share is given as such.
      expect(stored?.payload.figures?.tillsvidareanstallda).toMatchObject({
        value: 300,
        parts: { IAF: 150, UTB: 150 },
      });
      expect(stored?.payload.figures?.['total-sjukfranvaro']).toMatchObject({
        value: 6.8,
        parts: { IAF: 6.4, UTB: 6.4 },
      });
      expect(stored?.payload.texts?.internalControl).toBe('Internkontrollplanen har följts upp enligt plan.');
      model = await report(app, '2024-08');
    });
  });

  it('the delår 2 report has every section, in order, with the seed’s columns', async () => {
    expect(model.layout).toMatchObject({ title: 'Delårsrapport 2', tense: 'forecast' });
    const doc = await docxText(model);
    expect(doc.headings('Heading1')).toEqual(['Delårsrapport 2 2024']);
    const h2 = doc.headings('Heading2');
    const order = [
      'Ekonomi',
      'Volymutveckling',
      'Personal',
      'Målredovisning med prognos',
      'Strategiska utvecklingsuppdrag',
      'Nämnduppdrag',
      'Internkontroll',
      'Nämndindikatorer',
    ].map((h) => h2.indexOf(h));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    expect(model.volumes.columns).toEqual(['Budget 2024', 'Prognos helår', 'Augusti 2024', 'Augusti 2023']);
    const sfi = model.volumes.rows.find((r) => r.id === 'elever-sfi');
    expect(sfi?.cells).toEqual(['1 100', '1 100', '1 040', '–'].map((c) => c.replace(' ', '\u00a0')));
    expect(sfi?.reporter).toBe('UTB stab');
    expect(model.personnel.columns).toEqual(['Målvärde helår', 'Augusti 2024', 'Augusti 2023']);
    const sick = model.personnel.rows.filter((r) => r.id === 'total-sjukfranvaro');
    expect(sick.map((r) => [r.part, r.cells[0], r.cells[1]])).toEqual([
      [null, '–', '6,8'],
      ['IAF', '6,5', '6,4'],
      ['UTB (vux)', '5,1', '6,4'],
    ]);
    const t = doc.texts;
    expect(t).toContain('Basuppdrag (volymmått)');
    expect(t).toContain('Källa: nämndens controller (HR-systemet), lämnat i Uppföljningsboten.');
    expect(t).toContain('Internkontrollplanen har följts upp enligt plan.');
    expect(t).toContain('Uppföljning av internkontrollplanen');
    // The personnel footnote is printed under its table, numbered.
    const personal = h2.indexOf('Personal');
    expect(personal).toBeGreaterThan(-1);
    expect(t.some((x) => x.startsWith('1 Sjukfrånvaron för IAF innefattar även medarbetare'))).toBe(true);
    // Under the indicator tables: goals.yaml's footnotes and what a value marked * stands for.
    expect(t.some((x) => /^\d+ Hållbart medarbetarengagemang \(HME\): Resultat finns bara/.test(x))).toBe(
      true,
    );
    expect(t.some((x) => /: 2023: utfall tom augusti 2023 \(markerat \*\)$/.test(x))).toBe(true);
    // Two full years of history in the indicator tables.
    expect(t).toContain('2022');
    expect(t).toContain('2023');
    // The delår's status sentences are forecasts.
    expect(model.statusScale.find((s) => s.id === 'uppfylls-delvis')?.sentence).toBe(
      'Nämndmålet bedöms delvis uppnått vid helår 2024.',
    );
    const md = plain(renderMarkdown(model));
    expect(md).toContain('## Volymutveckling');
    expect(md).toContain(
      '| Basuppdrag (volymmått) | Budget 2024 | Prognos helår | Augusti 2024 | Augusti 2023 |',
    );
  });
});

describe('December is helår', () => {
  let model: ReportModel;

  it('asks the outcomes only, without a prognosis', async () => {
    await withApp('2025-01-03T10:00:00+01:00', async (app) => {
      const start = await utbStabAnswers(app);
      expect(start).toContain('December 2024 – helår');
      expect(start).toContain('Volymer');
      const figures = await app.storage.answers.get<FiguresAnswer>({
        committeeId: 'an',
        periodId: '2024-12',
        unitId: 'utb-stab',
        item: 'figures',
      });
      expect(figures?.payload.figures['elever-sfi']?.prognosis).toBeNull();
      await controllerAnswers(app, '2024-12');
      // Leadership's decision for one of UTB stab's goals, so its sentence is a decided one.
      await app.storage.decisions.decide({
        committeeId: 'an',
        periodId: '2024-12',
        goalId: 'goda-arbetsplatser',
        statusId: 'uppfylls-delvis',
        motivation: 'Sjukfrånvaron har minskat men ligger över målvärdet.',
        proposedStatusId: null,
        decidedBy: { aadObjectId: 'demo-ledning', name: 'Helena Strand' },
        decidedAt: '2025-01-20T09:00:00.000Z',
        expectedRevision: 0,
        activityId: null,
      });
      model = await report(app, '2024-12');
    });
  });

  it('the helår report is a verksamhetsberättelse: past tense, bokslut columns, the same sections', async () => {
    expect(model.layout).toMatchObject({ title: 'Verksamhetsberättelse', tense: 'outcome' });
    const goal = model.areas
      .flatMap((a) => a.municipalGoals.flatMap((m) => m.goals))
      .find((g) => g.id === 'goda-arbetsplatser');
    expect(goal?.effective.sentence).toBe(
      'Uppföljningen per den sista december 2024 visar att nämndmålet bedöms delvis uppfyllt.',
    );
    expect(model.volumes.columns).toEqual(['Bokslut 2024', 'Bokslut 2023', 'Budget 2024']);
    expect(model.volumes.rows.find((r) => r.id === 'elever-sfi')?.cells[0]).toBe('1\u00a0040');
    expect(model.personnel.columns).toEqual(['Bokslut 2024', 'Bokslut 2023', 'Målvärde helår']);
    const doc = await docxText(model);
    expect(doc.headings('Heading1')).toEqual(['Verksamhetsberättelse 2024']);
    const h2 = doc.headings('Heading2');
    for (const h of [
      'Ekonomi',
      'Volymutveckling',
      'Personal',
      'Målredovisning',
      'Internkontroll',
      'Nämndindikatorer',
    ]) {
      expect(h2).toContain(h);
    }
    expect(h2).not.toContain('Målredovisning med prognos');
    expect(doc.texts).toContain(
      'Uppföljningen per den sista december 2024 visar att nämndmålet bedöms delvis uppfyllt. Bedömningen baseras på ledningens sammanvägda bedömning: Sjukfrånvaron har minskat men ligger över målvärdet. Nedan anges ett urval resultat som bidragit till utveckling inom nämndmålet och det kommunövergripande målet Linköpings kommun är en attraktiv arbetsgivare med en hållbar kompetensförsörjning:',
    );
  });
});
