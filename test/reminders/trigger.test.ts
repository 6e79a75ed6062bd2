/**
 * `POST /api/reminders/run` through the real app: restify, the settings, the scheduler, Azurite
 * claims and botbuilder's CloudAdapter sending to the fake Teams connector. The clock stands on
 * the deadline day of August 2024 (Friday 6 September, 10:00).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/index.js';
import { silentLogger } from '../../src/shared/logger.js';
import { BotSession, cardText } from '../support/bot-session.js';
import { cardOf, type FakeTeams, type SentActivity, startFakeTeams } from '../support/fake-teams.js';

const TENANT = '0c7f7b7e-8c4a-4a7e-9c55-1f0d2a3b4c5d';
const KEY = 'k'.repeat(20) + randomUUID();
const MANAGERS = {
  'demo-chef-amc': 'Anna Lind',
  'demo-chef-amf': 'Karin Holm',
  'demo-chef-multi': 'Mats Ekström',
  'demo-chef-stab': 'Sofia Berg',
  'demo-chef-linvux': 'Johan Dahl',
  'demo-chef-cfv': 'Maria Wikström',
  'demo-chef-utb-stab': 'Peter Lund',
} as const;

let fake: FakeTeams;
let app: RunningApp;

function env(extra: Record<string, string>): Record<string, string> {
  return {
    PORT: '0',
    STORAGE_CONNECTION_STRING: inject('azuriteConnectionString'),
    TABLE_PREFIX: `t${randomUUID().replace(/-/g, '').slice(0, 12)}`,
    FOLLOWUP_NOW: '2024-09-06T08:00:00Z',
    ALLOWED_TENANT_IDS: TENANT,
    REMINDER_SCHEDULER: 'off',
    ...extra,
  };
}

beforeAll(async () => {
  fake = await startFakeTeams();
  app = await startApp(env({ REMINDER_TRIGGER_KEY: KEY }), silentLogger);
  for (const [id, name] of Object.entries(MANAGERS)) {
    await new BotSession({
      botUrl: app.url,
      fake,
      aadObjectId: id,
      name,
      tenantId: TENANT,
      mode: 'execute',
    }).install();
  }
});

afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

function trigger(url: string, key?: string): Promise<Response> {
  return fetch(`${url}/api/reminders/run`, {
    method: 'POST',
    headers: key === undefined ? {} : { 'x-reminder-key': key },
  });
}

function titleOf(activity: SentActivity): string {
  const body = cardOf(activity)?.body as { text?: string }[] | undefined;
  return body?.[0]?.text ?? '';
}

const deadlineCards = (id: string) =>
  fake
    .activities(`a:personal-${id}`)
    .filter((a) => titleOf(a) === 'Sista dag i dag: uppföljningen för augusti');

describe('POST /api/reminders/run', () => {
  it('refuses without the key (401) and with a wrong one (403), and sends nothing', async () => {
    const before = fake.requests.length;
    const missing = await trigger(app.url);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ message: expect.stringContaining('x-reminder-key') });
    const wrong = await trigger(app.url, `${KEY.slice(0, -1)}x`);
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ message: 'Fel nyckel i x-reminder-key.' });
    expect((await trigger(app.url, 'kort')).status).toBe(403);
    expect(fake.requests.length).toBe(before);
  });

  it('two calls at once with the right key: both 202 at once, one run, every manager reminded once', async () => {
    // The connector throttles every first message (one per manager, all sent before any retry,
    // which waits for Retry-After): each is retried and arrives once.
    const before = fake.requests.length;
    fake.respondWith(429, { retryAfterSeconds: 1, times: Object.keys(MANAGERS).length });
    const [a, b] = await Promise.all([trigger(app.url, KEY), trigger(app.url, KEY)]);
    expect([a.status, b.status]).toEqual([202, 202]);
    const statuses = [(await a.json()) as { status: string }, (await b.json()) as { status: string }]
      .map((r) => r.status)
      .sort();
    expect(statuses).toEqual(['running', 'started']);
    // The 202s came before the run finished: join it (or, if it is over, a pass that sends nothing).
    await app.reminders.runOnce();
    const posts = fake.requests.slice(before).filter((r) => r.method === 'POST');
    expect(posts.filter((r) => r.status === 429)).toHaveLength(Object.keys(MANAGERS).length);
    for (const id of Object.keys(MANAGERS)) {
      const statuses = posts.filter((r) => r.conversationId === `a:personal-${id}`).map((r) => r.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(1);
      expect(deadlineCards(id)).toHaveLength(1);
      expect(cardText(cardOf(deadlineCards(id)[0]))).toContain('I dag, fredag 6 september, är sista dag');
    }
  }, 20_000);
});

describe('without REMINDER_TRIGGER_KEY', () => {
  it('the route answers 404 and says why, whatever key is sent', async () => {
    const plain = await startApp(env({}), silentLogger);
    try {
      const response = await trigger(plain.url, KEY);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({
        status: 'disabled',
        message: expect.stringContaining('REMINDER_TRIGGER_KEY är inte satt'),
      });
    } finally {
      await plain.stop();
    }
  });
});
