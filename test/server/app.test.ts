import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/index.js';
import { silentLogger } from '../../src/shared/logger.js';

describe('the app as `npm start` runs it, with no configuration', () => {
  let app: RunningApp;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'uppf-app-'));
    app = await startApp({ PORT: '0', DATA_DIR: dataDir }, silentLogger);
  });

  afterAll(async () => {
    await app?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts embedded Azurite and answers /healthz and /readyz', async () => {
    expect(app.storage.description).toMatch(/inbyggd Azurite/);
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', storage: 'ok' });
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
  });

  it('listens on loopback only, since /dev lets anyone act as anyone', () => {
    expect(app.server.address()).toMatchObject({ address: '127.0.0.1' });
  });

  it('loads the shipped configuration', () => {
    expect(app.config.goals.committee.shortName).toBe('AN');
    expect(app.config.periods.find((p) => p.id === '2024-08')?.deadlineDate).toBe('2024-09-06');
  });

  it('keeps what it stored across a restart on the same data directory', async () => {
    const key = { committeeId: 'an', periodId: '2024-08', unitId: 'amc', item: 'economy' as const };
    const saved = await app.storage.answers.save({
      ...key,
      expectedRevision: 0,
      state: 'complete',
      payload: { prognosis: 3090 },
      answeredBy: { aadObjectId: 'demo-chef-amc', name: 'Chef' },
      answeredAt: '2024-09-03T08:00:00.000Z',
      activityId: 'restart-1',
    });
    expect(saved.kind).toBe('saved');
    await app.stop();
    app = await startApp({ PORT: '0', DATA_DIR: dataDir }, silentLogger);
    expect((await app.storage.answers.get(key))?.payload).toEqual({ prognosis: 3090 });
  });

  it('refuses a second process on the same data directory', async () => {
    await expect(startApp({ PORT: '0', DATA_DIR: dataDir }, silentLogger)).rejects.toThrow(/används redan/);
  });
});
