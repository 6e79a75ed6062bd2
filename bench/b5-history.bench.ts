/**
 * B5 cost that does not grow with history: the same organisation with three stored histories, in
 * three table sets of one Azurite, each behind its own app (in-process, as B1):
 * - `one period`: only the open period (August 2024) is stored;
 * - `report window`: the periods a report of August 2024 reads (`periodsToRead`: the year's
 *   periods up to it, the same period a year ago, the Decembers of report.yaml `historyYears`);
 * - `36 periods`: three years of monthly answers, September 2021 – August 2024.
 * Measured alternately in one run: a card turn (B1's "Spara utkast" on a nämndmål of the open
 * period) and a period report (read + aggregate, docx, xlsx) of August 2024. Ratios against
 * `one period`; storage requests counted per turn and per report.
 */
import { randomUUID } from 'node:crypto';
import diagnostics from 'node:diagnostics_channel';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { Period } from '../src/calendar/periods.js';
import { Verb } from '../src/cards/verbs.js';
import { type CommitteeConfig, loadConfig, type Unit } from '../src/config/load-config.js';
import { shippedConfigDir, shippedTemplateFile } from '../src/config/settings.js';
import type { ItemKey } from '../src/followup/ports.js';
import { type RunningApp, startApp } from '../src/index.js';
import { buildReport, periodsToRead } from '../src/reporting/build-report.js';
import { renderDocx } from '../src/reporting/render-docx.js';
import { renderXlsx } from '../src/reporting/render-xlsx.js';
import { type ReportTemplate, readReportTemplate } from '../src/reporting/report-template.js';
import { silentLogger } from '../src/shared/logger.js';
import { type FakeTeams, invokeActivity, startFakeTeams, teamsUser } from '../test/support/fake-teams.js';
import {
  COMMITTEE_ID,
  FOLLOWUP_NOW,
  mapLimit,
  markdownTable,
  PERIOD_ID,
  printTable,
  round,
  tablePrefix,
  writeResult,
} from './support/common.js';
import { runLoad, type Turn } from './support/load.js';

let loadedTemplate: ReportTemplate | null = null;
/** The shipped Word template, read once. */
async function template(): Promise<ReportTemplate> {
  loadedTemplate ??= await readReportTemplate(shippedTemplateFile);
  return loadedTemplate;
}

import {
  itemSteps,
  loadShipped,
  payloadFor,
  stepValues,
  syntheticManagerId,
  syntheticOrganisation,
  syntheticUnitId,
  writeConfigDir,
} from './support/synthetic-config.js';

const QUICK = process.env.BENCH_QUICK === '1';
/** Synthetic units next to the shipped ones; the first `TURN_UNITS` take the card turns. */
const EXTRA_UNITS = QUICK ? 4 : 12;
const TURN_UNITS = QUICK ? 2 : 4;
const TURNS = QUICK ? 30 : 200;
const REPORTS = QUICK ? 1 : 3;
const ROUNDS = QUICK ? 1 : 2;
const TENANT = '0c7f7b7e-8c4a-4a7e-9c55-1f0d2a3b4c5d';

type History = 'one period' | 'report window' | '36 periods';
const HISTORIES: readonly History[] = ['one period', 'report window', '36 periods'];

interface Dataset {
  readonly history: History;
  readonly app: RunningApp;
  readonly url: string;
  readonly periods: readonly Period[];
  stored: number;
  readonly revs: Map<string, number>;
}

let workDir: string;
let config: CommitteeConfig;
let period: Period;
let fake: FakeTeams;
let azuriteHost = '';
let storageRequests = 0;
const countStorage = (message: unknown) => {
  const request = (message as { request?: { getHeader(name: string): unknown } }).request;
  if (request?.getHeader('host') === azuriteHost) storageRequests++;
};
const datasets: Dataset[] = [];

/** The shipped calendar with 2021–2023 added in front, so 36 monthly periods end in August 2024. */
async function writeLongCalendar(dir: string): Promise<void> {
  const calendar = parse(await readFile(path.join(shippedConfigDir, 'calendar.yaml'), 'utf8')) as {
    years: { year: number }[];
  };
  const first = calendar.years[0] as { year: number };
  const earlier = [2021, 2022, 2023]
    .filter((y) => !calendar.years.some((c) => c.year === y))
    .map((year) => ({ ...structuredClone(first), year }));
  calendar.years = [...earlier, ...calendar.years];
  await writeFile(path.join(dir, 'calendar.yaml'), stringify(calendar));
}

const isTurnUnit = (unit: Unit) =>
  Array.from({ length: TURN_UNITS }, (_, k) => syntheticUnitId(k + 1)).includes(unit.id);

/** Every item of every unit in `p`, revision 1, and the submission; the turn units not in the open period. */
async function writePeriod(app: RunningApp, p: Period): Promise<number> {
  let saves = 0;
  const units = config.units.filter((u) => !(p.id === period.id && isTurnUnit(u)));
  await mapLimit(units, 8, async (unit, u) => {
    const by = {
      aadObjectId: unit.managers[0]?.aadObjectId ?? 'okand',
      name: unit.managers[0]?.name ?? 'Chef',
    };
    const steps: ItemKey[] = [];
    for (const [i, step] of itemSteps(unit)
      .filter((s) => s !== 'submission')
      .entries()) {
      let payload: ReturnType<typeof payloadFor>;
      try {
        payload = payloadFor(
          config,
          unit,
          step,
          p,
          stepValues(config, unit, step, p, u + i, `B5 ${p.id} ${step}`),
        );
      } catch {
        continue; // an item this period has no card for (the same in every dataset)
      }
      const result = await app.storage.answers.save({
        committeeId: COMMITTEE_ID,
        periodId: p.id,
        unitId: unit.id,
        item: step,
        expectedRevision: 0,
        state: 'complete',
        payload,
        answeredBy: by,
        answeredAt: p.deadlineAt,
        activityId: null,
      });
      if (result.kind !== 'saved') throw new Error(`${p.id} ${unit.id} ${step}: ${result.kind}`);
      steps.push(step);
      saves++;
    }
    const submitted = await app.storage.answers.save({
      committeeId: COMMITTEE_ID,
      periodId: p.id,
      unitId: unit.id,
      item: 'submission',
      expectedRevision: 0,
      state: 'complete',
      payload: { kind: 'submission', itemRevisions: Object.fromEntries(steps.map((s) => [s, 1])) },
      answeredBy: by,
      answeredAt: p.deadlineAt,
      activityId: null,
    });
    if (submitted.kind !== 'saved') throw new Error(`${p.id} ${unit.id} submission: ${submitted.kind}`);
    saves++;
  });
  return saves;
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'uppf-b5-'));
  const configDir = path.join(workDir, 'config');
  const base = await loadShipped();
  await writeConfigDir(configDir, syntheticOrganisation(base, EXTRA_UNITS));
  await writeLongCalendar(configDir);
  config = await loadConfig(configDir);
  period = config.periods.find((p) => p.id === PERIOD_ID) as Period;
  const index = config.periods.indexOf(period);
  const threeYears = config.periods.slice(index - 35, index + 1);
  expect(threeYears).toHaveLength(36);
  expect(threeYears[0]?.id).toBe('2021-09');
  const window = periodsToRead(config, period);
  fake = await startFakeTeams();
  const connectionString = inject('azuriteConnectionString');
  azuriteHost = `127.0.0.1:${/TableEndpoint=http:\/\/127\.0\.0\.1:(\d+)/.exec(connectionString)?.[1]}`;
  for (const [i, history] of HISTORIES.entries()) {
    const app = await startApp(
      {
        PORT: '0',
        STORAGE_CONNECTION_STRING: connectionString,
        TABLE_PREFIX: tablePrefix(`bfive${i}`),
        FOLLOWUP_NOW,
        REMINDER_SCHEDULER: 'off',
        CONFIG_DIR: configDir,
      },
      silentLogger,
    );
    const periods = history === 'one period' ? [period] : history === 'report window' ? window : threeYears;
    const dataset: Dataset = {
      history,
      app,
      url: app.url.replace('localhost', '127.0.0.1'),
      periods,
      stored: 0,
      revs: new Map(),
    };
    for (const p of periods) dataset.stored += await writePeriod(app, p);
    datasets.push(dataset);
  }
  diagnostics.subscribe('http.client.request.start', countStorage);
}, 600_000);

afterAll(async () => {
  diagnostics.unsubscribe('http.client.request.start', countStorage);
  for (const d of datasets) await d.app.stop();
  await fake?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** Card turns on the turn units' nämndmål of the open period; one worker, so revisions are known. */
function turns(d: Dataset, tag: string): (worker: number, index: number) => Turn {
  const pairs = Array.from(
    { length: TURN_UNITS },
    (_, k) => config.unitsById.get(syntheticUnitId(k + 1)) as Unit,
  ).flatMap((unit, k) =>
    config.goalList.map((g) => ({
      unit,
      step: `goal:${g.id}` as ItemKey,
      user: teamsUser(syntheticManagerId(k + 1), unit.managers[0]?.name ?? 'Chef'),
    })),
  );
  return (_worker, index) => {
    const pair = pairs[index % pairs.length] as (typeof pairs)[number];
    const key = `${pair.unit.id}|${pair.step}`;
    const rev = d.revs.get(key) ?? 0;
    const activity = invokeActivity(
      pair.user,
      Verb.save,
      {
        unitId: pair.unit.id,
        periodId: period.id,
        step: pair.step,
        rev,
        ...stepValues(config, pair.unit, pair.step, period, rev, `B5 ${tag} ${randomUUID()}`),
      },
      { serviceUrl: fake.url, tenantId: TENANT, replyToId: 'b5-card', id: `b5-${randomUUID()}` },
    );
    return {
      body: JSON.stringify(activity),
      check: (status, body) => {
        const b = body as { statusCode?: number; value?: unknown } | undefined;
        const ok = status === 200 && b?.statusCode === 200 && JSON.stringify(b.value).includes('Sparat');
        if (ok) d.revs.set(key, rev + 1);
        return ok;
      },
    };
  };
}

interface Measured {
  turnMs: number[];
  turnCpuMs: number[];
  turnRequests: number[];
  wrong: number;
  reportMs: number[];
  readMs: number[];
  reportRequests: number[];
}

async function measureTurns(d: Dataset, m: Measured, tag: string): Promise<void> {
  const before = storageRequests;
  const result = await runLoad({ url: d.url, concurrency: 1, total: TURNS, next: turns(d, tag) });
  m.turnMs.push(result.p50);
  m.turnCpuMs.push(result.cpuMsPerTurn);
  m.turnRequests.push((storageRequests - before) / Math.max(1, result.turns));
  m.wrong += result.serverErrors + result.networkErrors + result.wrongAnswers;
}

async function measureReport(d: Dataset, m: Measured): Promise<void> {
  const deps = {
    config,
    answers: d.app.storage.answers,
    decisions: d.app.storage.decisions,
    now: () => new Date(FOLLOWUP_NOW),
  };
  const before = storageRequests;
  const start = performance.now();
  const model = await buildReport(deps, period);
  const read = performance.now() - start;
  const requests = storageRequests - before;
  await renderDocx(model, await template());
  await renderXlsx(model);
  m.reportMs.push(performance.now() - start);
  m.readMs.push(read);
  m.reportRequests.push(requests);
}

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

describe('B5 cost that does not grow with history', () => {
  it('measures a card turn and a period report with one period, the report window and 36 periods stored', async () => {
    const measured = new Map<History, Measured>(
      HISTORIES.map((h) => [
        h,
        {
          turnMs: [],
          turnCpuMs: [],
          turnRequests: [],
          wrong: 0,
          reportMs: [],
          readMs: [],
          reportRequests: [],
        },
      ]),
    );
    // Warm-up (not measured): JIT, connection pools, the renderers' modules.
    for (const d of datasets) {
      await runLoad({ url: d.url, concurrency: 1, total: 8, next: turns(d, 'warm') });
      await measureReport(d, measured.get(d.history) as Measured);
    }
    for (const m of measured.values()) {
      m.reportMs.length = 0;
      m.readMs.length = 0;
      m.reportRequests.length = 0;
    }
    for (let r = 0; r < ROUNDS; r++) {
      for (const d of datasets) await measureTurns(d, measured.get(d.history) as Measured, `r${r}`);
      for (let k = 0; k < REPORTS; k++) {
        for (const d of datasets) await measureReport(d, measured.get(d.history) as Measured);
      }
    }
    const one = measured.get('one period') as Measured;
    const rows = datasets.map((d) => {
      const m = measured.get(d.history) as Measured;
      return {
        history: d.history,
        periods: d.periods.length,
        stored: d.stored,
        turnP50Ms: round(median(m.turnMs), 2),
        turnCpuMs: round(median(m.turnCpuMs), 2),
        turnRequests: round(median(m.turnRequests), 1),
        turnRatio: round(median(m.turnMs) / median(one.turnMs), 2),
        reportMs: round(median(m.reportMs), 0),
        readMs: round(median(m.readMs), 0),
        reportRequests: median(m.reportRequests),
        reportRatio: round(median(m.reportMs) / median(one.reportMs), 2),
        wrong: m.wrong,
      };
    });
    const window = rows.find((r) => r.history === 'report window');
    const full = rows.find((r) => r.history === '36 periods');
    const vsWindow = full && window ? round(full.reportMs / window.reportMs, 2) : null;
    printTable(
      'B5 cost with history',
      markdownTable(
        [
          'stored',
          'periods',
          'versions stored',
          'turn p50 ms (c=1)',
          'turn CPU ms',
          'storage requests/turn',
          'turn / one period',
          'report ms (read+aggregate, docx, xlsx)',
          'of which read+aggregate ms',
          'storage requests/report',
          'report / one period',
        ],
        rows.map((r) => [
          r.history,
          r.periods,
          r.stored,
          r.turnP50Ms,
          r.turnCpuMs,
          r.turnRequests,
          r.turnRatio,
          r.reportMs,
          r.readMs,
          r.reportRequests,
          r.reportRatio,
        ]),
      ),
      [
        `Medianer av ${ROUNDS} × ${TURNS} turer och ${ROUNDS * REPORTS} rapporter per historik, växelvis; ${config.units.length} enheter.`,
        `Rapporten 36 perioder / rapportens fönster: ${vsWindow} (mål ≤ 1,2: historik utanför fönstret kostar inget).`,
        `Mål ≤ 1,2 × en period: tur ${full && full.turnRatio <= 1.2 ? 'met' : 'missed'}, rapport ${full && full.reportRatio <= 1.2 ? 'met' : 'missed'}.`,
      ],
    );
    // Correctness: every turn answered "Sparat"; storage reads bounded: the same requests per
    // report whether 11 or 36 periods are stored.
    for (const r of rows) expect(r.wrong, `${r.history}: unanswered turns`).toBe(0);
    expect(full?.reportRequests).toBe(window?.reportRequests);
    for (const d of datasets) {
      for (const [key, rev] of d.revs) {
        const [unitId, item] = key.split('|') as [string, ItemKey];
        const current = await d.app.storage.answers.get({
          committeeId: COMMITTEE_ID,
          periodId: period.id,
          unitId,
          item,
        });
        expect(current?.revision ?? 0, `${d.history} ${key}`).toBe(rev);
      }
    }
    writeResult('B5', {
      units: config.units.length,
      turnsPerRound: TURNS,
      rounds: ROUNDS,
      reportsPerRound: REPORTS,
      rows,
      reportFullOverWindow: vsWindow,
    });
  });
});
