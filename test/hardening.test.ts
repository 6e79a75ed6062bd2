import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningApp, startApp } from '../src/index.js';
import { createInFlight } from '../src/shared/in-flight.js';
import { createLogger, silentLogger } from '../src/shared/logger.js';

describe('logging', () => {
  it('writes JSON lines with correlation ids and never the text or tokens', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ destination }).child({ activityId: 'a-1', conversationId: 'c-1' });
    logger.info('turn', {
      activity: { text: 'Klienten Kalle har skulder', value: { results: 'hemligt' } },
      headers: { authorization: 'Bearer eyJhbGciOi' },
      token: 'secret',
      results: 'Personuppgift',
    });
    const line = lines.join('');
    const parsed = JSON.parse(line) as Record<string, unknown>;
    expect(parsed).toMatchObject({ level: 'info', msg: 'turn', activityId: 'a-1', conversationId: 'c-1' });
    expect(line).not.toContain('Kalle');
    expect(line).not.toContain('hemligt');
    expect(line).not.toContain('eyJhbGciOi');
    expect(line).not.toContain('secret');
    expect(line).not.toContain('Personuppgift');
  });
});

describe('in-flight turns', () => {
  it('lets shutdown wait for work in progress, bounded', async () => {
    const inFlight = createInFlight();
    let release: () => void = () => {};
    void inFlight.track(new Promise<void>((r) => (release = r)));
    expect(await inFlight.drain(20)).toBe(1);
    setTimeout(() => release(), 10);
    expect(await inFlight.drain(2_000)).toBe(0);
  });
});

describe('the HTTP surface', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(
      {
        PORT: '0',
        STORAGE_CONNECTION_STRING: inject('azuriteConnectionString'),
        TABLE_PREFIX: `h${randomUUID().replace(/-/g, '').slice(0, 12)}`,
      },
      silentLogger,
    );
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('refuses a request body over the limit', async () => {
    const res = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'x'.repeat(300 * 1024) }),
    });
    expect(res.status).toBe(413);
  });

  it('answers garbage with a client error, and keeps serving', async () => {
    const res = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type": ',
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});
