import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/index.js';
import { createServer, HEALTH_CACHE_MS } from '../../src/server.js';
import { createInFlight } from '../../src/shared/in-flight.js';
import { createLogger, silentLogger } from '../../src/shared/logger.js';
import {
  type FakeTeams,
  messageActivity,
  postActivity,
  startFakeTeams,
  teamsUser,
} from '../support/fake-teams.js';

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

describe('log line size', () => {
  it('is bounded whatever a request put into the fields', () => {
    const { logger, lines } = capturingLogger();
    const huge = 'å'.repeat(1_000_000);
    logger.child({ activityId: huge }).warn('refused', {
      tenant: huge,
      nested: { deeper: { list: Array.from({ length: 1_000 }, () => huge) } },
      error: huge,
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.length).toBeLessThan(16_000);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ msg: 'refused' });
  });
});

describe('in-flight turns', () => {
  it('lets shutdown wait for work in progress, bounded', async () => {
    const inFlight = createInFlight();
    let release: () => void = () => {};
    void inFlight.track(new Promise<void>((r) => (release = r)));
    expect(await inFlight.drain(20)).toBe(1);
    // Drains as soon as the work ends, long before its bound.
    const draining = inFlight.drain(10 * 60_000);
    release();
    expect(await draining).toBe(0);
  });
});

/** A logger that keeps every JSON line it writes. */
function capturingLogger(): { logger: ReturnType<typeof createLogger>; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger({ destination }), lines };
}

/** POSTs raw bytes with node:http, so that headers (chunked, content-encoding) are exactly ours. */
function postRaw(
  url: string,
  headers: Record<string, string>,
  chunks: readonly Buffer[],
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    // The server may answer and close before the whole upload is written; the answer is what counts.
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('the HTTP surface', () => {
  let app: RunningApp;
  let uploadDir: string;
  const previousTmp = process.env.TMPDIR;
  beforeAll(async () => {
    // restify's multipart parser wrote uploads to os.tmpdir(); this process's temp dir is ours to watch.
    uploadDir = await mkdtemp(path.join(tmpdir(), 'uppf-uploads-'));
    process.env.TMPDIR = uploadDir;
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
    process.env.TMPDIR = previousTmp;
    await rm(uploadDir, { recursive: true, force: true });
  });

  it('refuses a multipart upload without writing it anywhere', async () => {
    const form = new FormData();
    form.append('file', new Blob([Buffer.alloc(2 * 1024 * 1024, 0x61)]), 'big.bin');
    const res = await fetch(`${app.url}/api/messages`, { method: 'POST', body: form });
    expect(res.status).toBe(415);
    const small = new FormData();
    small.append('file', new Blob(['{"type":"message"}']), 'small.json');
    expect((await fetch(`${app.url}/api/messages`, { method: 'POST', body: small })).status).toBe(415);
    expect(
      (await fetch(`${app.url}/dev/api/conversations/x/activities`, { method: 'POST', body: small })).status,
    ).toBe(415);
    expect(await readdir(uploadDir)).toEqual([]);
  });

  it('refuses form and text bodies', async () => {
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'application/octet-stream']) {
      const res = await fetch(`${app.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': type },
        body: 'type=message&text=hej',
      });
      expect(res.status, type).toBe(415);
    }
  });

  it('refuses compressed bodies, and a gzip bomb does not reach memory', async () => {
    // 64 MB of valid JSON that packs into about 64 KB.
    const json = Buffer.concat([
      Buffer.from('{"type":"message","text":"'),
      Buffer.alloc(64 * 1024 * 1024, 0x61),
      Buffer.from('"}'),
    ]);
    const bomb = gzipSync(json, { level: 9 });
    const others = {
      deflate: deflateSync(json.subarray(0, 1024)),
      br: brotliCompressSync(json.subarray(0, 1024)),
    };
    expect(bomb.length).toBeLessThan(256 * 1024);
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 5; i++) {
      const res = await postRaw(
        `${app.url}/api/messages`,
        {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          'content-length': String(bomb.length),
        },
        [bomb],
      );
      expect(res.status).toBe(415);
    }
    const grew = process.memoryUsage().rss - before;
    // Five bombs decoded would be 320 MB of text alone.
    expect(grew).toBeLessThan(64 * 1024 * 1024);
    for (const [encoding, body] of Object.entries(others)) {
      const res = await postRaw(
        `${app.url}/api/messages`,
        { 'content-type': 'application/json', 'content-encoding': encoding },
        [body],
      );
      expect(res.status, encoding).toBe(415);
    }
  });

  it('applies the limit to chunked bodies as they arrive', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const res = await postRaw(
      `${app.url}/api/messages`,
      { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      [Buffer.from('{"type":"message","text":"'), ...Array.from({ length: 6 }, () => chunk)],
    );
    expect(res.status).toBe(413);
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

describe('bad activities', () => {
  let app: RunningApp;
  let fake: FakeTeams;
  beforeAll(async () => {
    fake = await startFakeTeams();
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
    await fake?.close();
  });

  it('get a client error, never a server error, and the bot keeps serving', async () => {
    const user = teamsUser('okand-person', 'Okänd Person');
    const good = messageActivity(user, 'hjälp', { serviceUrl: fake.url });
    const { type: _type, ...withoutType } = good;
    const bodies: unknown[] = [
      {},
      [],
      null,
      42,
      'message',
      withoutType,
      { ...good, type: 5 },
      { ...good, type: '' },
      { ...good, conversation: undefined },
      { ...good, conversation: 'x' },
      { ...good, from: undefined },
      { ...good, recipient: null },
      { ...good, serviceUrl: undefined },
      { ...good, serviceUrl: 'not a url' },
      { ...good, timestamp: 'igår' },
      { ...good, type: 'invoke' },
      { ...good, type: 'invoke', name: 'finns/inte', value: {} },
      { ...good, type: 'invoke', name: 'adaptiveCard/action', value: 'x' },
    ];
    const statuses: number[] = [];
    for (const body of bodies) {
      const res = await fetch(`${app.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s < 400 || s >= 500)).toEqual([]);
    expect((await postActivity(app.url, good)).status).toBe(200);
    await fake.waitFor((a) => a.conversationId === good.conversation.id);
  });
});

describe('log lines of refusals', () => {
  it('stay short when a foreign tenant sends huge ids', async () => {
    const { logger, lines } = capturingLogger();
    const app = await startApp(
      {
        PORT: '0',
        STORAGE_CONNECTION_STRING: inject('azuriteConnectionString'),
        TABLE_PREFIX: `h${randomUUID().replace(/-/g, '').slice(0, 12)}`,
        ALLOWED_TENANT_IDS: '11111111-2222-3333-4444-555555555555',
        REMINDER_SCHEDULER: 'off',
      },
      logger,
    );
    try {
      const huge = 'x'.repeat(80_000);
      const activity = messageActivity(teamsUser('a', 'A'), 'prognos', {
        serviceUrl: 'http://127.0.0.1:9/',
        id: huge,
        tenantId: huge,
      });
      expect((await postActivity(app.url, activity)).status).toBe(403);
      const refusal = lines.filter((l) => l.includes('tenant'));
      expect(refusal).toHaveLength(1);
      expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(2_000);
    } finally {
      await app.stop();
    }
  });

  it('have no stack trace when a request is not authenticated', async () => {
    const { logger, lines } = capturingLogger();
    const app = await startApp(
      {
        PORT: '0',
        STORAGE_CONNECTION_STRING: inject('azuriteConnectionString'),
        TABLE_PREFIX: `h${randomUUID().replace(/-/g, '').slice(0, 12)}`,
        MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
        MicrosoftAppPassword: 'inte-hemligt',
        REMINDER_SCHEDULER: 'off',
      },
      logger,
    );
    const errors: unknown[] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const activity = messageActivity(teamsUser('a', 'A'), 'prognos', { serviceUrl: 'http://127.0.0.1:9/' });
      expect((await postActivity(app.url, activity)).status).toBe(401);
      expect(lines.join('\n')).not.toMatch(/\n\s+at /);
      expect(lines.filter((l) => l.includes('"level":"error"'))).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      console.error = consoleError;
      await app.stop();
    }
  });
});

describe('/healthz', () => {
  it('asks storage at most once per few seconds, however often it is called', async () => {
    const app = await startApp(
      {
        PORT: '0',
        STORAGE_CONNECTION_STRING: inject('azuriteConnectionString'),
        TABLE_PREFIX: `h${randomUUID().replace(/-/g, '').slice(0, 12)}`,
        REMINDER_SCHEDULER: 'off',
      },
      silentLogger,
    );
    let pings = 0;
    let now = 1_000_000;
    const server = createServer({
      logger: silentLogger,
      pingStorage: () => {
        pings += 1;
        return app.storage.ping();
      },
      version: 'test',
      messages: async (_req, res) => void res.send(404),
      downloads: {
        page: async (_req, res) => void res.send(404),
        download: async (_req, res) => void res.send(404),
      },
      reminderTrigger: () => ({ status: 404, body: { status: 'disabled', message: 'Av.' } }),
      now: () => now,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`;
    try {
      const burst = await Promise.all(Array.from({ length: 50 }, () => fetch(url).then((r) => r.json())));
      for (let i = 0; i < 50; i++) expect(await (await fetch(url)).json()).toMatchObject({ storage: 'ok' });
      expect(burst.every((b) => (b as { storage: string }).storage === 'ok')).toBe(true);
      expect(pings).toBe(1);
      now += HEALTH_CACHE_MS;
      expect(await (await fetch(url)).json()).toMatchObject({ status: 'ok', storage: 'ok' });
      expect(pings).toBe(2);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.stop();
    }
  });
});
