/**
 * Embedded Azurite dying under the running app (development storage): the app starts it again on
 * the same data and port, and every answer it acknowledged is still there; when it cannot be
 * started again, the app says so in Swedish and stops.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../src/index.js';
import { silentLogger } from '../src/shared/logger.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function embeddedApp(onStorageLost?: (message: string) => void): Promise<{
  app: RunningApp;
  dataDir: string;
}> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'uppf-embedded-'));
  const app = await startApp({ PORT: '0', DATA_DIR: dataDir, REMINDER_SCHEDULER: 'off' }, silentLogger, {
    onStorageLost,
  });
  cleanups.push(async () => {
    await app.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  return { app, dataDir };
}

function azuritePid(app: RunningApp): number {
  const pid = app.storage.embeddedPid();
  if (!pid) throw new Error('embedded Azurite does not run');
  return pid;
}

/** Polls until storage answers again; the bound only keeps a broken restart from hanging the run. */
async function storageBack(app: RunningApp): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      await app.storage.ping();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error('storage did not come back');
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
    const { app } = await embeddedApp();
    const firstPid = azuritePid(app);
    const acknowledged: string[] = [];
    for (let n = 0; n < 40; n++) {
      const result = await save(app, 'amc', n);
      if (result.kind === 'saved') acknowledged.push(`goal:g${n}`);
    }
    expect(acknowledged).toHaveLength(40);
    // Killed right after the last acknowledgement: Azurite's own interval save has not run.
    process.kill(firstPid, 'SIGKILL');
    await storageBack(app);
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
