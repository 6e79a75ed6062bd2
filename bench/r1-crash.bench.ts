/**
 * R1 crash safety: the built bot (`node dist/index.js`, embedded Azurite persisting to DATA_DIR)
 * is killed with SIGKILL while 200 card submits (over units, nämndmål, the economy and the
 * uppdrag, each with a unique text) are in flight. It is restarted on the same DATA_DIR; the
 * submits that got no answer are sent again with the same activity id, as a client retries.
 * Then, read straight from the data directory: every submit that was answered "Sparat" is
 * stored, and no text is stored twice.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Period } from '../src/calendar/periods.js';
import { Verb } from '../src/cards/verbs.js';
import type { CommitteeConfig, Unit } from '../src/config/load-config.js';
import type { ItemKey } from '../src/followup/ports.js';
import { azuriteConnectionString, startEmbeddedAzurite } from '../src/storage/azurite.js';
import { openStorage } from '../src/storage/index.js';
import { type FakeTeams, invokeActivity, startFakeTeams, teamsUser } from '../test/support/fake-teams.js';
import {
  COMMITTEE_ID,
  FOLLOWUP_NOW,
  freePort,
  mapLimit,
  markdownTable,
  PERIOD_ID,
  printTable,
  round,
  tablePrefix,
  writeResult,
} from './support/common.js';
import {
  type SpawnedProcess,
  spawnBot,
  stopProcess,
  waitForFileGone,
  waitForHttp,
} from './support/processes.js';
import { itemSteps, stepValues, syntheticConfig } from './support/synthetic-config.js';

const QUICK = process.env.BENCH_QUICK === '1';
const SUBMITS = QUICK ? 60 : 200;
/** Kill when this many of the concurrent submits have been answered. */
const KILL_AFTER = Math.floor(SUBMITS / 4);
const TENANT = '0c7f7b7e-8c4a-4a7e-9c55-1f0d2a3b4c5d';

interface Submit {
  readonly unit: Unit;
  readonly step: ItemKey;
  readonly text: string;
  readonly body: string;
  outcome: 'ack' | 'refused' | 'cut' | 'pending';
  replay: 'ack' | 'refused' | 'error' | null;
}

let workDir: string | undefined;
let fake: FakeTeams | undefined;
let bot: SpawnedProcess | undefined;

afterAll(async () => {
  if (bot) await stopProcess(bot);
  await fake?.close();
  if (workDir) {
    await waitForFileGone(path.join(workDir, 'data', 'azurite.lock'), 15_000);
    await rm(workDir, { recursive: true, force: true });
  }
});

function submitBody(
  config: CommitteeConfig,
  period: Period,
  unit: Unit,
  step: ItemKey,
  rev: number,
  text: string,
): string {
  const manager = unit.managers[0];
  if (!manager) throw new Error(`${unit.id} has no manager`);
  const data = {
    unitId: unit.id,
    periodId: period.id,
    step,
    rev,
    ...stepValues(config, unit, step, period, rev, text),
  };
  return JSON.stringify(
    invokeActivity(teamsUser(manager.aadObjectId, manager.name), Verb.save, data, {
      serviceUrl: fake?.url ?? '',
      tenantId: TENANT,
      replyToId: 'r1-card',
      id: `r1-${randomUUID()}`,
    }),
  );
}

async function post(url: string, body: string): Promise<'ack' | 'refused'> {
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (res.status >= 500) throw new Error(`HTTP ${res.status}`);
  return res.status === 200 && text.includes('Sparat') ? 'ack' : 'refused';
}

async function startBot(
  env: Record<string, string>,
): Promise<{ process: SpawnedProcess; url: string; readyMs: number }> {
  const port = await freePort();
  const p = spawnBot({ ...env, PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  const readyMs = await waitForHttp(`${url}/readyz`, { since: p.spawnedAt, timeoutMs: 60_000 }).catch(
    (error: unknown) => {
      throw new Error(`${String(error)}\n${p.output()}`);
    },
  );
  return { process: p, url, readyMs };
}

/** How many of `submits` the restarted bot's storage already holds (through its embedded Azurite). */
async function storedTexts(
  p: SpawnedProcess,
  prefix: string,
  config: CommitteeConfig,
  period: Period,
  submits: readonly Submit[],
): Promise<number> {
  let port: string | undefined;
  for (let i = 0; i < 100 && !port; i++) {
    port = /inbyggd Azurite på 127\.0\.0\.1:(\d+)/.exec(p.output())?.[1];
    if (!port) await new Promise((r) => setTimeout(r, 50));
  }
  if (!port) throw new Error(`the bot did not print its Azurite port:\n${p.output()}`);
  const storage = await openStorage(
    { kind: 'connectionString', connectionString: azuriteConnectionString(Number(port)) },
    prefix,
  );
  try {
    const stored = await mapLimit(submits, 16, async (s) => {
      const history = await storage.answers.history({
        committeeId: config.goals.committee.id,
        periodId: period.id,
        unitId: s.unit.id,
        item: s.step,
      });
      return history.some((h) => JSON.stringify(h.payload).includes(s.text));
    });
    return stored.filter(Boolean).length;
  } finally {
    await storage.close();
  }
}

describe('R1 kill -9 during concurrent submits', () => {
  it('keeps every acknowledged submit, none twice', async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'uppf-r1-'));
    const configDir = path.join(workDir, 'config');
    const dataDir = path.join(workDir, 'data');
    const lockFile = path.join(dataDir, 'azurite.lock');
    const config = await syntheticConfig(configDir, 16);
    const period = config.periods.find((p) => p.id === PERIOD_ID) as Period;
    fake = await startFakeTeams();
    const prefix = tablePrefix('rone');
    const env = {
      DATA_DIR: dataDir,
      CONFIG_DIR: configDir,
      TABLE_PREFIX: prefix,
      FOLLOWUP_NOW,
      REMINDER_SCHEDULER: 'off',
    };

    // Spread over units and steps: step by step across the synthetic units.
    const units = config.units.filter((u) => u.id.startsWith('syn-'));
    const steps = itemSteps(units[0] as Unit).filter((s) => s !== 'submission');
    const pairs = steps.flatMap((step) => units.map((unit) => ({ unit, step }))).slice(0, SUBMITS);
    expect(pairs).toHaveLength(SUBMITS);

    let started = await startBot(env);
    bot = started.process;

    // Before the crash: revision 1 of every pair, all acknowledged.
    const before = pairs.map(({ unit, step }, i) => {
      const text = `R1 före ${i} ${randomUUID()}`;
      return { unit, step, text, body: submitBody(config, period, unit, step, 0, text) };
    });
    const beforeOutcomes = await mapLimit(before, 16, (s) => post(started.url, s.body));
    expect(beforeOutcomes.every((o) => o === 'ack')).toBe(true);

    // The crash: all submits at once (revision 1 → 2), SIGKILL after a quarter has been answered.
    const submits: Submit[] = pairs.map(({ unit, step }, i) => {
      const text = `R1 krasch ${i} ${randomUUID()}`;
      return {
        unit,
        step,
        text,
        body: submitBody(config, period, unit, step, 1, text),
        outcome: 'pending',
        replay: null,
      };
    });
    let answered = 0;
    const victim = bot;
    let killedAt = 0;
    await Promise.all(
      submits.map(async (s) => {
        try {
          s.outcome = await post(started.url, s.body);
        } catch {
          s.outcome = 'cut';
        }
        if (++answered === KILL_AFTER) {
          victim.child.kill('SIGKILL');
          killedAt = performance.now();
        }
      }),
    );
    const exit = await victim.exited;
    expect(exit.signal).toBe('SIGKILL');
    // The Azurite child notices its parent is gone, flushes to disk and removes its lock.
    const lockGone = await waitForFileGone(lockFile, 30_000);
    const lockGoneMs = round(performance.now() - killedAt, 0);
    expect(lockGone, 'Azurite released DATA_DIR after the kill').toBe(true);

    // Restart on the same DATA_DIR; the unanswered submits are sent again, same activity id.
    started = await startBot(env);
    bot = started.process;
    const restartReadyMs = round(started.readyMs, 0);
    const unanswered = submits.filter((s) => s.outcome !== 'ack');
    // Which of them were stored although their answer was cut off (read before the replay).
    const appliedButCut = await storedTexts(started.process, prefix, config, period, unanswered);
    await mapLimit(unanswered, 16, async (s) => {
      try {
        s.replay = await post(started.url, s.body);
      } catch {
        s.replay = 'error';
      }
    });
    await stopProcess(bot);
    bot = undefined;
    expect(await waitForFileGone(lockFile, 30_000)).toBe(true);

    // Read what is on disk, with nothing of the bot in between.
    const azurite = await startEmbeddedAzurite(dataDir);
    const found = new Map<string, number>();
    let versions = 0;
    try {
      const storage = await openStorage(
        { kind: 'connectionString', connectionString: azurite.connectionString },
        prefix,
      );
      await mapLimit(pairs, 16, async ({ unit, step }) => {
        const key = { committeeId: COMMITTEE_ID, periodId: period.id, unitId: unit.id, item: step };
        const history = await storage.answers.history(key);
        const current = await storage.answers.get(key);
        expect(current?.revision).toBe(history.length);
        versions += history.length;
        for (const h of history) {
          const json = JSON.stringify(h.payload);
          for (const match of json.matchAll(/R1 (?:före|krasch) \d+ [0-9a-f-]{36}/g)) {
            found.set(match[0], (found.get(match[0]) ?? 0) + 1);
          }
        }
      });
      await storage.close();
    } finally {
      await azurite.stop();
    }

    const count = (pred: (s: Submit) => boolean) => submits.filter(pred).length;
    const acknowledged = [
      ...before.map((b) => b.text),
      ...submits.filter((s) => s.outcome === 'ack' || s.replay === 'ack').map((s) => s.text),
    ];
    const lost = acknowledged.filter((t) => !found.has(t));
    const duplicates = [...found.values()].filter((n) => n > 1).length;
    const result = {
      submits: SUBMITS,
      ackedBeforeKill: count((s) => s.outcome === 'ack'),
      refusedBeforeKill: count((s) => s.outcome === 'refused'),
      cutByKill: count((s) => s.outcome === 'cut'),
      replayedAcked: count((s) => s.replay === 'ack'),
      replayedNotAcked: count((s) => s.replay !== null && s.replay !== 'ack'),
      acknowledged: acknowledged.length,
      storedVersions: versions,
      lost: lost.length,
      duplicates,
      lockGoneMs,
      restartReadyMs,
    };
    printTable(
      'R1 kill -9 during concurrent submits',
      markdownTable(
        [
          'submits',
          'answered "Sparat" before kill',
          'cut by the kill',
          'replayed after restart → "Sparat"',
          'acknowledged in all (incl. the revisions before)',
          'stored versions',
          'lost',
          'stored twice',
          'kill → lock released ms',
          'restart → ready ms',
        ],
        [
          [
            result.submits,
            result.ackedBeforeKill,
            result.cutByKill,
            result.replayedAcked,
            result.acknowledged,
            result.storedVersions,
            result.lost,
            result.duplicates,
            result.lockGoneMs,
            result.restartReadyMs,
          ],
        ],
      ),
      [
        `Av de avbrutna hade en del redan sparats när processen dog; omsändningen med samma aktivitets-id ` +
          `gav då "Sparat" utan en andra version (${appliedButCut} av ${result.cutByKill} avbrutna).`,
      ],
    );
    writeResult('R1', { ...result, appliedButCut });
    expect(result.cutByKill, 'the kill hit submits in flight').toBeGreaterThan(0);
    expect(lost, 'acknowledged but not stored').toEqual([]);
    expect(duplicates, 'a text stored twice').toBe(0);
    expect(result.replayedNotAcked, 'a replay after the restart was not acknowledged').toBe(0);
    expect(versions).toBe(acknowledged.length);
  });
});
