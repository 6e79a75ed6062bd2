/**
 * Embedded Azurite dying under the running app (development storage): the app starts it again on
 * the same data and port, and every answer it acknowledged is still there; when it cannot be
 * started again, the app says so in Swedish and stops.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/index.js';
import type { Logger } from '../../src/shared/logger.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A silent logger that resolves `restarted` when the app logs that Azurite was started again. */
function restartWatcher(): { logger: Logger; restarted: Promise<void> } {
  let resolve: () => void = () => {};
  const restarted = new Promise<void>((r) => (resolve = r));
  const logger: Logger = {
    info: () => {},
    warn: (message) => {
      if (message === 'embedded Azurite exited and was restarted') resolve();
    },
    error: () => {},
    child: () => logger,
  };
  return { logger, restarted };
}

async function embeddedApp(onStorageLost?: (message: string) => void): Promise<{
  app: RunningApp;
  dataDir: string;
  restarted: Promise<void>;
}> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'uppf-embedded-'));
  const { logger, restarted } = restartWatcher();
  const app = await startApp({ PORT: '0', DATA_DIR: dataDir, REMINDER_SCHEDULER: 'off' }, logger, {
    onStorageLost,
  });
  cleanups.push(async () => {
    await app.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  return { app, dataDir, restarted };
}

function azuritePid(app: RunningApp): number {
  const pid = app.storage.embeddedPid();
  if (!pid) throw new Error('embedded Azurite does not run');
  return pid;
}

const save = (app: RunningApp, unitId: string, n: number) =>
  app.storage.answers.save({
    committeeId: 'an',
    periodId: '2024-08',
    unitId,
    item: `goal:g${n}`,
    expectedRevision: 0,
    state: 'draft',
    payload: { results: `Svar ${n}` },
    answeredBy: { aadObjectId: 'demo-chef-amc', name: 'Anna Lind' },
    answeredAt: '2024-09-03T08:00:00.000Z',
    activityId: `act-${unitId}-${n}`,
  });

describe('embedded Azurite killed under the running app', () => {
  it('is started again on the same data and port, and nothing acknowledged is lost', async () => {
    const { app, restarted } = await embeddedApp();
    const firstPid = azuritePid(app);
    const acknowledged: string[] = [];
    for (let n = 0; n < 40; n++) {
      const result = await save(app, 'amc', n);
      if (result.kind === 'saved') acknowledged.push(`goal:g${n}`);
    }
    expect(acknowledged).toHaveLength(40);
    // Killed right after the last acknowledgement: Azurite's own interval save has not run.
    process.kill(firstPid, 'SIGKILL');
    // The app says when Azurite runs again; then storage answers.
    await restarted;
    await app.storage.ping();
    expect(azuritePid(app)).not.toBe(firstPid);

    const stored = await app.storage.answers.listPeriod('an', '2024-08');
    expect(stored.map((a) => a.item).sort()).toEqual([...acknowledged].sort());
    // And it takes new answers after the restart.
    expect((await save(app, 'amf', 1)).kind).toBe('saved');
  });

  it('stops the app with a Swedish message when Azurite cannot be started again', async () => {
    let lost: (message: string) => void = () => {};
    const message = new Promise<string>((resolve) => (lost = resolve));
    const { app, dataDir } = await embeddedApp((m) => lost(m));
    // Another live process "owns" the data directory, so every restart is refused.
    const lock = path.join(dataDir, 'azurite.lock');
    await writeFile(lock, String(process.pid));
    cleanups.push(() => rm(lock, { force: true }));
    process.kill(azuritePid(app), 'SIGKILL');
    const text = await message;
    expect(text).toMatch(/^Den inbyggda lagringen \(Azurite\) avslutades oväntat/);
    expect(text).toContain('kunde inte startas om (3 försök)');
    expect(text).toContain(dataDir);
    await expect(save(app, 'amc', 99)).rejects.toThrow();
  });
});
