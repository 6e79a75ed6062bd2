/**
 * B4 footprint: the built bot as `npm start` runs it (`node dist/index.js`, embedded Azurite in a
 * temporary DATA_DIR): time from spawn to `/readyz` 200, and resident memory when idle, of the
 * bot and of its Azurite child. Baseline in the same run: a bare `node:http` server, spawn to
 * first 200 and its RSS. Median of three of each, alternated. Then `npm start` itself twice, dist
 * already built: spawn → `/readyz` 200 including the build's up-to-date check (goal ≤ 10 s).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startEmbeddedAzurite } from '../src/storage/azurite.js';
import { ROOT } from '../test/support/build-dist.js';
import {
  FOLLOWUP_NOW,
  freePort,
  markdownTable,
  mb,
  printTable,
  round,
  sleep,
  writeResult,
} from './support/common.js';
import {
  childPids,
  DIST_ENTRY,
  spawnBot,
  spawnNode,
  stopProcess,
  vmRss,
  waitForFileGone,
  waitForHttp,
} from './support/processes.js';

const QUICK = process.env.BENCH_QUICK === '1';
const ROUNDS = QUICK ? 1 : 3;
const IDLE_MS = 3_000;
/** Another build's `dist/index.js` (e.g. a checkout of an earlier commit) measured alternately in the same run. */
const COMPARE = process.env.BENCH_B4_COMPARE;

interface Sample {
  readonly readyMs: number;
  readonly rss: number;
  readonly childRss: number;
}

/** The highest RSS over one second, after `IDLE_MS` of nothing. */
async function idleRss(pid: number): Promise<{ rss: number; childRss: number }> {
  await sleep(IDLE_MS);
  let rss = 0;
  let childRss = 0;
  for (let i = 0; i < 5; i++) {
    rss = Math.max(rss, vmRss(pid));
    childRss = Math.max(
      childRss,
      childPids(pid).reduce((sum, child) => sum + vmRss(child), 0),
    );
    await sleep(200);
  }
  return { rss, childRss };
}

async function baseline(): Promise<Sample> {
  const port = await freePort();
  const p = spawnNode(
    ['-e', `require('http').createServer((q,s)=>s.end('ok')).listen(${port},'127.0.0.1')`],
    {},
  );
  try {
    const readyMs = await waitForHttp(`http://127.0.0.1:${port}/`, { since: p.spawnedAt, intervalMs: 5 });
    return { readyMs, ...(await idleRss(p.pid)) };
  } finally {
    await stopProcess(p);
  }
}

async function bot(entry = DIST_ENTRY): Promise<Sample> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'uppf-b4-'));
  const port = await freePort();
  const p = spawnBot(
    {
      PORT: String(port),
      DATA_DIR: dataDir,
      FOLLOWUP_NOW,
      REMINDER_SCHEDULER: 'off',
    },
    entry,
  );
  try {
    const readyMs = await waitForHttp(`http://127.0.0.1:${port}/readyz`, {
      since: p.spawnedAt,
      timeoutMs: 60_000,
      intervalMs: 5,
    }).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${p.output()}`);
    });
    const sample = { readyMs, ...(await idleRss(p.pid)) };
    expect(sample.childRss, 'Azurite child found').toBeGreaterThan(0);
    return sample;
  } finally {
    await stopProcess(p);
    await waitForFileGone(path.join(dataDir, 'azurite.lock'), 15_000);
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * `npm start` as a person runs it (build, then `node dist/index.js`) with dist already built:
 * spawn → `/readyz` 200. The process group is stopped afterwards.
 */
async function npmStart(): Promise<number> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'uppf-b4-npm-'));
  const port = await freePort();
  const spawnedAt = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    detached: true,
    stdio: 'ignore',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'development',
      PORT: String(port),
      DATA_DIR: dataDir,
      FOLLOWUP_NOW,
      REMINDER_SCHEDULER: 'off',
    },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    return await waitForHttp(`http://127.0.0.1:${port}/readyz`, {
      since: spawnedAt,
      timeoutMs: 120_000,
      intervalMs: 20,
    });
  } finally {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    await exited;
    await waitForFileGone(path.join(dataDir, 'azurite.lock'), 15_000);
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** What the bot's RSS is made of: each runtime dependency imported alone into a bare node. */
const IMPORTS = [
  'botbuilder',
  '@azure/data-tables',
  'restify',
  'pino',
  'adaptivecards-templating',
  'date-holidays',
  'luxon',
  'zod',
  'yaml',
];

/** RSS after importing `specifier` into a fresh node, and ms from process start to the import done. */
async function importCost(specifier: string): Promise<{ rss: number; ms: number }> {
  const p = spawnNode(
    [
      '--input-type=module',
      '-e',
      `await import(${JSON.stringify(specifier)}); const ms = performance.now(); await new Promise((r) => setTimeout(r, 300)); console.log('RSS ' + process.memoryUsage().rss + ' ' + ms);`,
    ],
    {},
  );
  await p.exited;
  const line = p
    .output()
    .split('\n')
    .find((l) => l.startsWith('RSS '));
  if (!line) throw new Error(`import ${specifier}: ${p.output()}`);
  const [rss, ms] = line.slice(4).split(' ').map(Number);
  return { rss: rss ?? 0, ms: ms ?? 0 };
}

async function importRss(specifier: string): Promise<number> {
  return (await importCost(specifier)).rss;
}

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

describe('B4 footprint', () => {
  it('measures start-up time and idle memory of the built bot against a bare http server', async () => {
    const base: Sample[] = [];
    const ours: Sample[] = [];
    const other: Sample[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      base.push(await baseline());
      ours.push(await bot());
      if (COMPARE) other.push(await bot(COMPARE));
    }
    // `npm start` with dist already built (the first of these is already a second start).
    const npmStarts = [await npmStart(), await npmStart()].map((ms) => round(ms, 0));
    const compared = COMPARE
      ? {
          entry: COMPARE,
          readyMs: round(median(other.map((s) => s.readyMs)), 0),
          readyAllMs: other.map((s) => round(s.readyMs, 0)),
          rssMb: mb(median(other.map((s) => s.rss))),
        }
      : null;
    const b = {
      readyMs: median(base.map((s) => s.readyMs)),
      rss: median(base.map((s) => s.rss)),
    };
    const o = {
      readyMs: median(ours.map((s) => s.readyMs)),
      rss: median(ours.map((s) => s.rss)),
      azuriteRss: median(ours.map((s) => s.childRss)),
    };
    const total = o.rss + o.azuriteRss;
    const result = {
      rounds: ROUNDS,
      baseline: { readyMs: round(b.readyMs, 0), rssMb: mb(b.rss) },
      bot: {
        readyMs: round(o.readyMs, 0),
        readyAllMs: ours.map((s) => round(s.readyMs, 0)),
        rssMb: mb(o.rss),
        azuriteRssMb: mb(o.azuriteRss),
        totalRssMb: mb(total),
      },
      ratios: {
        ready: round(o.readyMs / b.readyMs, 1),
        rss: round(o.rss / b.rss, 1),
        totalRss: round(total / b.rss, 1),
      },
      goals: {
        idleRssBotMb150: mb(o.rss) <= 150,
        idleRssTotalMb150: mb(total) <= 150,
        ready3s: o.readyMs <= 3_000,
        npmStartAgain10s: (npmStarts[1] ?? Number.POSITIVE_INFINITY) <= 10_000,
      },
      npmStartMs: npmStarts,
      compared: compared && {
        ...compared,
        readyOursOverCompared: round(o.readyMs / compared.readyMs, 2),
        rssOursOverCompared: round(mb(o.rss) / compared.rssMb, 2),
      },
    };
    printTable(
      'B4 footprint',
      markdownTable(
        ['process', 'spawn → ready ms', 'idle RSS MB', 'ready / baseline', 'RSS / baseline'],
        [
          ['node:http baseline', result.baseline.readyMs, result.baseline.rssMb, 1, 1],
          [
            'bot (node dist/index.js)',
            result.bot.readyMs,
            result.bot.rssMb,
            result.ratios.ready,
            result.ratios.rss,
          ],
          ...(result.compared
            ? [
                [
                  `compared: ${path.relative(process.cwd(), result.compared.entry)}`,
                  result.compared.readyMs,
                  result.compared.rssMb,
                  round(result.compared.readyMs / b.readyMs, 1),
                  round(mb(b.rss) > 0 ? result.compared.rssMb / mb(b.rss) : 0, 1),
                ],
              ]
            : []),
          ['  its Azurite child', '–', result.bot.azuriteRssMb, '–', round(o.azuriteRss / b.rss, 1)],
          [
            '  bot + Azurite',
            result.bot.readyMs,
            result.bot.totalRssMb,
            result.ratios.ready,
            result.ratios.totalRss,
          ],
        ],
      ),
      [
        `Median av ${ROUNDS}; spawn → /readyz 200 (bot) resp. första 200 (baslinje); RSS = VmRSS efter ${IDLE_MS / 1000} s tomgång.`,
        `Mål: idle RSS ≤ 150 MB: boten ${result.goals.idleRssBotMb150 ? 'met' : 'missed'}, boten + Azurite ${result.goals.idleRssTotalMb150 ? 'met' : 'missed'}; redo ≤ 3 s: ${result.goals.ready3s ? 'met' : 'missed'}.`,
        `npm start med byggd dist (bygget bara en kontroll): ${npmStarts.join(' ms, ')} ms till /readyz 200; mål ≤ 10 s vid andra start: ${result.goals.npmStartAgain10s ? 'met' : 'missed'}.`,
        ...(result.compared
          ? [
              `Denna build / jämförd build (samma körning, växelvis): redo ${result.compared.readyOursOverCompared}, idle RSS ${result.compared.rssOursOverCompared}.`,
            ]
          : []),
      ],
    );
    // What bounds the idle RSS: the modules loaded, not the data (the bot holds no data at idle).
    const bare = await importRss('node:os');
    const all = await importRss(pathToFileURL(DIST_ENTRY).href.replace(/index\.js$/, 'bot/followup-bot.js'));
    const compositionCost = await importCost(pathToFileURL(DIST_ENTRY).href);
    const composition = compositionCost.rss;
    const bareMs = (await importCost('node:os')).ms;
    const azDir = await mkdtemp(path.join(tmpdir(), 'uppf-b4-az-'));
    const azStart = performance.now();
    const azurite = await startEmbeddedAzurite(azDir);
    const azuriteMs = performance.now() - azStart;
    await azurite.stop();
    await rm(azDir, { recursive: true, force: true });
    const parts: { what: string; mb: number }[] = [];
    for (const specifier of IMPORTS)
      parts.push({ what: specifier, mb: mb((await importRss(specifier)) - bare) });
    parts.sort((x, y) => y.mb - x.mb);
    printTable(
      'B4 what the idle RSS is made of (RSS above a bare node after importing alone)',
      markdownTable(
        ['import', 'MB above bare node'],
        [
          ['bare node (absolute)', mb(bare)],
          ['dist/index.js, all imports, not started', mb(composition - bare)],
          ['dist/bot/followup-bot.js', mb(all - bare)],
          ...parts.map((p) => [p.what, p.mb]),
        ],
      ),
      [
        `Tid till redo: modulerna i dist/index.js laddas på ${round(compositionCost.ms - bareMs, 0)} ms (utöver en tom node), ` +
          `inbyggd Azurite startar på ${round(azuriteMs, 0)} ms; resten är tabellerna och servern.`,
      ],
    );
    writeResult('B4', {
      ...result,
      importMs: round(compositionCost.ms - bareMs, 0),
      azuriteStartMs: round(azuriteMs, 0),
      importsMb: { all: mb(composition - bare), ...Object.fromEntries(parts.map((p) => [p.what, p.mb])) },
    });
  });
});
