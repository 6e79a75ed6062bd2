/**
 * B1 turns: card-submit turns (an Action.Execute "Spara utkast" on a nämndmål, valid data, unique
 * activity ids) through the real server, CloudAdapter and Azurite, at concurrency 1, 8 and 32;
 * the same load on a minimal botbuilder echo bot on the same stack, and on the storage floor (the
 * echo bot plus one read and one transaction per turn), interleaved, for the ratios.
 * Pairs (unit × nämndmål) are spread over 64 synthetic units so that turns never conflict: each
 * pair belongs to one worker, which knows its revision.
 *
 * `BENCH_B1_COMPARE=/path/to/other/dist/index.js`: another build of the bot (e.g. an earlier
 * commit) runs in the same process on its own tables and is measured alternately with ours.
 */
import { randomUUID } from 'node:crypto';
import diagnostics from 'node:diagnostics_channel';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Period } from '../src/calendar/periods.js';
import { Verb } from '../src/cards/verbs.js';
import type { CommitteeConfig, Unit } from '../src/config/load-config.js';
import type { ItemKey } from '../src/followup/ports.js';
import { type RunningApp, startApp } from '../src/index.js';
import { silentLogger } from '../src/shared/logger.js';
import {
  type FakeTeams,
  invokeActivity,
  startFakeTeams,
  type TeamsUser,
  teamsUser,
} from '../test/support/fake-teams.js';
import {
  COMMITTEE_ID,
  calibrationMs,
  FOLLOWUP_NOW,
  markdownTable,
  PERIOD_ID,
  printTable,
  round,
  tablePrefix,
  writeResult,
} from './support/common.js';
import { type EchoServer, startEchoBot } from './support/echo-bot.js';
import { type LoadResult, runLoad, type Turn } from './support/load.js';
import { cpuMs, pidListeningOn } from './support/processes.js';
import { profile } from './support/profile.js';
import {
  stepValues,
  syntheticConfig,
  syntheticManagerId,
  syntheticUnitId,
} from './support/synthetic-config.js';

const QUICK = process.env.BENCH_QUICK === '1';
const TURNS = QUICK ? 60 : 300;
const CONCURRENCY = [1, 8, 32] as const;
const PAIRS = 64;
const TENANT = '0c7f7b7e-8c4a-4a7e-9c55-1f0d2a3b4c5d';
const COMPARE = process.env.BENCH_B1_COMPARE;

interface Pair {
  readonly unit: Unit;
  readonly step: ItemKey;
  readonly user: TeamsUser;
  rev: number;
  readonly texts: string[];
}

let workDir: string;
let config: CommitteeConfig;
let period: Period;
let fake: FakeTeams;
let app: RunningApp;
let appUrl: string;
/** The other build (BENCH_B1_COMPARE), if any. */
let before: RunningApp | null = null;
let beforeUrl = '';
let echo: EchoServer;
let floor: EchoServer;
let azuritePid: number | null;
let azuriteHost = '';
/** HTTP requests to Azurite (the Azure SDK uses node:http), counted through diagnostics_channel. */
let storageRequests = 0;
const countStorage = (message: unknown) => {
  const request = (message as { request?: { getHeader(name: string): unknown } }).request;
  if (request?.getHeader('host') === azuriteHost) storageRequests++;
};
const pairs: Pair[] = [];
const beforePairs: Pair[] = [];

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'uppf-b1-'));
  const configDir = path.join(workDir, 'config');
  config = await syntheticConfig(configDir, PAIRS);
  period = config.periods.find((p) => p.id === PERIOD_ID) as Period;
  fake = await startFakeTeams();
  const connectionString = inject('azuriteConnectionString');
  app = await startApp(
    {
      PORT: '0',
      STORAGE_CONNECTION_STRING: connectionString,
      TABLE_PREFIX: tablePrefix('bone'),
      FOLLOWUP_NOW,
      REMINDER_SCHEDULER: 'off',
      CONFIG_DIR: configDir,
    },
    silentLogger,
  );
  appUrl = app.url.replace('localhost', '127.0.0.1');
  if (COMPARE) {
    const other = (await import(
      pathToFileURL(path.resolve(COMPARE)).href
    )) as typeof import('../src/index.js');
    before = await other.startApp(
      {
        PORT: '0',
        STORAGE_CONNECTION_STRING: connectionString,
        TABLE_PREFIX: tablePrefix('bbefore'),
        FOLLOWUP_NOW,
        REMINDER_SCHEDULER: 'off',
        CONFIG_DIR: configDir,
      },
      silentLogger,
    );
    beforeUrl = before.url.replace('localhost', '127.0.0.1');
  }
  echo = await startEchoBot();
  floor = await startEchoBot({ connectionString, table: `${tablePrefix('bfloor')}floor` });
  const port = Number(/TableEndpoint=http:\/\/127\.0\.0\.1:(\d+)/.exec(connectionString)?.[1]);
  azuritePid = port ? pidListeningOn(port) : null;
  azuriteHost = `127.0.0.1:${port}`;
  diagnostics.subscribe('http.client.request.start', countStorage);
  for (let k = 0; k < PAIRS; k++) {
    const unit = config.unitsById.get(syntheticUnitId(k + 1)) as Unit;
    const goal = config.goalList[k % config.goalList.length];
    if (!goal) throw new Error('no goals');
    for (const list of [pairs, beforePairs])
      list.push({
        unit,
        step: `goal:${goal.id}`,
        user: teamsUser(syntheticManagerId(k + 1), unit.managers[0]?.name ?? 'Chef'),
        rev: 0,
        texts: [],
      });
  }
}, 120_000);

afterAll(async () => {
  diagnostics.unsubscribe('http.client.request.start', countStorage);
  await app?.stop();
  await before?.stop();
  await echo?.close();
  await floor?.close();
  await fake?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** Worker `w` of `c` owns pairs w, w+c, w+2c, …: a pair is never in flight twice. */
function pairTurns(concurrency: number, tag: string, list: Pair[] = pairs): (worker: number) => Turn {
  const cursor = new Array<number>(concurrency).fill(0);
  return (worker) => {
    const own = list.filter((_, p) => p % concurrency === worker);
    const turn = (cursor[worker] ?? 0) + 1;
    cursor[worker] = turn;
    const pair = own[turn % own.length] as Pair;
    const text = `B1 ${tag} ${randomUUID()}`;
    const data = {
      unitId: pair.unit.id,
      periodId: period.id,
      step: pair.step,
      rev: pair.rev,
      ...stepValues(config, pair.unit, pair.step, period, pair.rev, text),
    };
    const activity = invokeActivity(pair.user, Verb.save, data, {
      serviceUrl: fake.url,
      tenantId: TENANT,
      replyToId: 'b1-card',
      id: `b1-${randomUUID()}`,
    });
    return {
      body: JSON.stringify(activity),
      check: (status, body) => {
        const b = body as { statusCode?: number; value?: unknown } | undefined;
        const ok = status === 200 && b?.statusCode === 200 && JSON.stringify(b.value).includes('Sparat');
        if (ok) {
          pair.rev += 1;
          pair.texts.push(text);
        }
        return ok;
      },
    };
  };
}

function echoTurns(): (worker: number) => Turn {
  const pair = pairs[0] as Pair;
  return () => {
    const data = {
      unitId: pair.unit.id,
      periodId: period.id,
      step: pair.step,
      rev: 0,
      ...stepValues(config, pair.unit, pair.step, period, 0, `B1 eko ${randomUUID()}`),
    };
    const activity = invokeActivity(pair.user, Verb.save, data, {
      serviceUrl: fake.url,
      tenantId: TENANT,
      replyToId: 'b1-card',
      id: `b1-${randomUUID()}`,
    });
    return {
      body: JSON.stringify(activity),
      check: (status, body) => status === 200 && (body as { statusCode?: number })?.statusCode === 200,
    };
  };
}

interface Row extends LoadResult {
  readonly bot: Bot;
  readonly concurrency: number;
  readonly azuriteCpuMsPerTurn: number | null;
  readonly storageRequestsPerTurn: number;
}

type Bot = 'ours' | 'echo' | 'floor' | 'before';
const botNames: Record<Bot, string> = {
  ours: 'Uppföljningsboten',
  echo: 'eko-bot',
  floor: 'lagringsgolv',
  before: 'Uppföljningsboten, jämförd bygge',
};

const urlOf = (bot: Bot) =>
  bot === 'ours' ? appUrl : bot === 'before' ? beforeUrl : bot === 'echo' ? echo.url : floor.url;

async function measure(bot: Bot, concurrency: number, total: number): Promise<Row> {
  const azBefore = azuritePid ? cpuMs(azuritePid) : 0;
  const requestsBefore = storageRequests;
  const result = await runLoad({
    url: urlOf(bot),
    concurrency,
    total,
    next:
      bot === 'ours'
        ? pairTurns(concurrency, `c${concurrency}`)
        : bot === 'before'
          ? pairTurns(concurrency, `c${concurrency}`, beforePairs)
          : echoTurns(),
  });
  const azCpu = azuritePid ? (cpuMs(azuritePid) - azBefore) / Math.max(1, result.turns) : null;
  return {
    bot,
    concurrency,
    ...result,
    azuriteCpuMsPerTurn: azCpu === null ? null : round(azCpu, 2),
    storageRequestsPerTurn: round((storageRequests - requestsBefore) / Math.max(1, result.turns), 1),
  };
}

describe('B1 turns', () => {
  it('measures card-submit turns against an echo bot on the same stack', async () => {
    const calibration = calibrationMs();
    // Warm-up (not measured): JIT, connection pools, and every person's conversation reference.
    await runLoad({ url: echo.url, concurrency: 8, total: 64, next: echoTurns() });
    await runLoad({ url: floor.url, concurrency: 8, total: 64, next: echoTurns() });
    await runLoad({ url: appUrl, concurrency: 8, total: PAIRS, next: pairTurns(8, 'warm') });
    if (before)
      await runLoad({
        url: beforeUrl,
        concurrency: 8,
        total: PAIRS,
        next: pairTurns(8, 'warm', beforePairs),
      });

    const rows: Row[] = [];
    for (const c of CONCURRENCY) {
      rows.push(await measure('echo', c, TURNS));
      rows.push(await measure('floor', c, TURNS));
      rows.push(await measure('ours', c, TURNS));
      if (before) rows.push(await measure('before', c, TURNS));
    }

    const table = markdownTable(
      [
        'bot',
        'c',
        'turns',
        'turns/s',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'CPU ms/turn (node)',
        'CPU ms/turn (Azurite)',
        'storage requests/turn',
      ],
      rows.map((r) => [
        botNames[r.bot],
        r.concurrency,
        r.turns,
        r.perSecond,
        r.p50,
        r.p95,
        r.p99,
        r.cpuMsPerTurn,
        r.azuriteCpuMsPerTurn,
        r.storageRequestsPerTurn,
      ]),
    );
    const ratios = CONCURRENCY.map((c) => {
      const ours = rows.find((r) => r.bot === 'ours' && r.concurrency === c) as Row;
      const e = rows.find((r) => r.bot === 'echo' && r.concurrency === c) as Row;
      return {
        concurrency: c,
        throughputRatio: round(ours.perSecond / e.perSecond, 2),
        p50Ratio: round(ours.p50 / e.p50, 1),
        p95Ratio: round(ours.p95 / e.p95, 1),
        oursP95: ours.p95,
      };
    });
    const c32 = ratios.find((r) => r.concurrency === 32);
    const goalMet = c32 ? c32.throughputRatio >= 0.5 && c32.oursP95 <= 100 : false;
    printTable('B1 turns', table, [`Kalibrering (fast CPU-arbete): ${calibration} ms.`]);
    printTable(
      'B1 ours / echo',
      markdownTable(
        [
          'c',
          'turns/s ours/echo',
          'p50 ours/echo',
          'p95 ours/echo',
          'p95 ours ms',
          'old goal, reference only (c=32: ≥ 0.5 and p95 ≤ 100 ms)',
        ],
        ratios.map((r) => [
          r.concurrency,
          r.throughputRatio,
          r.p50Ratio,
          r.p95Ratio,
          r.oursP95,
          r.concurrency === 32 ? (goalMet ? 'met' : 'missed') : '',
        ]),
      ),
    );

    const floorRatios = CONCURRENCY.map((c) => {
      const ours = rows.find((r) => r.bot === 'ours' && r.concurrency === c) as Row;
      const f = rows.find((r) => r.bot === 'floor' && r.concurrency === c) as Row;
      const azurite =
        ours.azuriteCpuMsPerTurn !== null && f.azuriteCpuMsPerTurn
          ? round(ours.azuriteCpuMsPerTurn / f.azuriteCpuMsPerTurn, 2)
          : null;
      return {
        concurrency: c,
        throughputRatio: round(ours.perSecond / f.perSecond, 2),
        p50Ratio: round(ours.p50 / f.p50, 2),
        p95Ratio: round(ours.p95 / f.p95, 2),
        azuriteCpuRatio: azurite,
        storageRequests: ours.storageRequestsPerTurn,
        goals:
          c === 1
            ? { p50: ours.p50 / f.p50 <= 1.5 }
            : { throughput: ours.perSecond / f.perSecond >= 0.8, p95: ours.p95 / f.p95 <= 1.4 },
      };
    });
    const verdict = (ok: boolean | undefined) => (ok === undefined ? '' : ok ? 'met' : 'missed');
    printTable(
      'B1 ours / storage floor',
      markdownTable(
        [
          'c',
          'turns/s ours/floor (goal ≥ 0.8 at c=8, 32)',
          'p50 ours/floor (goal ≤ 1.5 at c=1)',
          'p95 ours/floor (goal ≤ 1.4 at c=8, 32)',
          'Azurite CPU ours/floor (goal ≤ 1.3)',
          'storage requests/turn ours (goal ≤ 2)',
        ],
        floorRatios.map((r) => {
          const g = r.goals as { throughput?: boolean; p50?: boolean; p95?: boolean };
          return [
            r.concurrency,
            `${r.throughputRatio} ${verdict(g.throughput)}`,
            `${r.p50Ratio} ${verdict(g.p50)}`,
            `${r.p95Ratio} ${verdict(g.p95)}`,
            `${r.azuriteCpuRatio ?? '–'} ${verdict(r.azuriteCpuRatio === null ? undefined : r.azuriteCpuRatio <= 1.3)}`,
            `${r.storageRequests} ${verdict(r.storageRequests <= 2)}`,
          ];
        }),
      ),
      ['Lagringsgolvet: eko-boten plus en getEntity och en transaktion per tur, samma tabellklient.'],
    );

    const compared = before
      ? CONCURRENCY.map((c) => {
          const ours = rows.find((r) => r.bot === 'ours' && r.concurrency === c) as Row;
          const old = rows.find((r) => r.bot === 'before' && r.concurrency === c) as Row;
          const f = rows.find((r) => r.bot === 'floor' && r.concurrency === c) as Row;
          const azurite = (r: Row) =>
            r.azuriteCpuMsPerTurn !== null && f.azuriteCpuMsPerTurn
              ? round(r.azuriteCpuMsPerTurn / f.azuriteCpuMsPerTurn, 2)
              : null;
          return {
            concurrency: c,
            before: {
              throughputRatio: round(old.perSecond / f.perSecond, 2),
              p50Ratio: round(old.p50 / f.p50, 2),
              p95Ratio: round(old.p95 / f.p95, 2),
              azuriteCpuRatio: azurite(old),
              storageRequests: old.storageRequestsPerTurn,
            },
            after: {
              throughputRatio: round(ours.perSecond / f.perSecond, 2),
              p50Ratio: round(ours.p50 / f.p50, 2),
              p95Ratio: round(ours.p95 / f.p95, 2),
              azuriteCpuRatio: azurite(ours),
              storageRequests: ours.storageRequestsPerTurn,
            },
            afterOverBefore: round(ours.perSecond / old.perSecond, 2),
          };
        })
      : null;
    if (compared) {
      printTable(
        'B1 before / floor and after / floor (alternated in this run)',
        markdownTable(
          [
            'c',
            'turns/s before',
            'turns/s after',
            'p50 before',
            'p50 after',
            'p95 before',
            'p95 after',
            'Azurite CPU before',
            'Azurite CPU after',
            'requests/turn before',
            'requests/turn after',
            'turns/s after/before',
          ],
          compared.map((r) => [
            r.concurrency,
            r.before.throughputRatio,
            r.after.throughputRatio,
            r.before.p50Ratio,
            r.after.p50Ratio,
            r.before.p95Ratio,
            r.after.p95Ratio,
            r.before.azuriteCpuRatio ?? '–',
            r.after.azuriteCpuRatio ?? '–',
            r.before.storageRequests,
            r.after.storageRequests,
            r.afterOverBefore,
          ]),
        ),
        [`Före: ${COMPARE}`],
      );
    }

    // What bounds it: a CPU profile of a separate c=32 run (not part of the figures above).
    const profiled = await profile(() => measure('ours', 32, Math.min(TURNS, 200)));
    rows.push({ ...profiled.result, bot: 'ours', concurrency: 32 });
    const perTurn = (ms: number) => round(ms / Math.max(1, profiled.result.turns), 2);
    printTable(
      'B1 profile: CPU of the bot process at c=32 (bot and load generator share it)',
      markdownTable(
        ['where', 'ms/turn', 'share %'],
        profiled.lines.map((l) => [l.what, perTurn(l.ms), l.share]),
      ),
      [
        `Upptaget ${perTurn(profiled.busyMs)} ms CPU per tur i processen; Azurite ${profiled.result.azuriteCpuMsPerTurn ?? '–'} ms per tur i sin egen process.`,
      ],
    );

    // Correctness: every turn answered "Sparat", nothing lost, nothing twice.
    for (const r of rows) {
      expect(r.serverErrors, `${r.bot} c=${r.concurrency} 5xx`).toBe(0);
      expect(r.networkErrors, `${r.bot} c=${r.concurrency} network errors`).toBe(0);
      expect(r.wrongAnswers, `${r.bot} c=${r.concurrency} unexpected answers`).toBe(0);
    }
    let stored = 0;
    for (const [running, list] of [
      [app, pairs] as const,
      ...(before ? [[before, beforePairs] as const] : []),
    ]) {
      let here = 0;
      for (const pair of list) {
        const key = { committeeId: COMMITTEE_ID, periodId: period.id, unitId: pair.unit.id, item: pair.step };
        const current = await running.storage.answers.get(key);
        const history = await running.storage.answers.history<{ results?: string }>(key);
        expect(current?.revision ?? 0).toBe(pair.rev);
        expect(history.map((h) => h.payload.results)).toEqual(pair.texts);
        here += history.length;
      }
      expect(here).toBe(list.reduce((n, p) => n + p.texts.length, 0));
      if (running === app) stored = here;
    }

    writeResult('B1', {
      turnsPerLevel: TURNS,
      calibrationMs: calibration,
      rows: rows.slice(0, CONCURRENCY.length * (before ? 4 : 3)).map((r) => ({
        bot: r.bot,
        c: r.concurrency,
        turns: r.turns,
        perSecond: r.perSecond,
        p50: r.p50,
        p95: r.p95,
        p99: r.p99,
        cpuMsPerTurn: r.cpuMsPerTurn,
        azuriteCpuMsPerTurn: r.azuriteCpuMsPerTurn,
        storageRequestsPerTurn: r.storageRequestsPerTurn,
      })),
      ratios,
      floorRatios,
      ...(compared ? { compared: { entry: COMPARE, ratios: compared } } : {}),
      goalMet,
      profileC32: profiled.lines
        .slice(0, 8)
        .map((l) => ({ what: l.what, msPerTurn: perTurn(l.ms), share: l.share })),
      storedVersions: stored,
    });
  });
});
