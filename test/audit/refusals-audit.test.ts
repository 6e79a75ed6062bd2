/**
 * Refusals are audited in bounded volume, and people outside the organisation leave nothing but
 * refusals: through the real server, CloudAdapter and the fake Teams connector on Azurite, with
 * two instances sharing the count.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { refusalWindow } from '../../src/audit/refusal-throttle.js';
import type { AuditEntry } from '../../src/followup/ports.js';
import { type RunningApp, startApp } from '../../src/index.js';
import { silentLogger } from '../../src/shared/logger.js';
import { answersFor } from '../support/answers.js';
import { BotSession, cardText } from '../support/bot-session.js';
import {
  type FakeTeams,
  messageActivity,
  postActivity,
  startFakeTeams,
  teamsUser,
} from '../support/fake-teams.js';

const TENANT = '0c7f7b7e-8c4a-4a7e-9c55-1f0d2a3b4c5d';
const FOREIGN_TENANT = '99999999-9999-4999-8999-999999999999';
const LIMIT = 3;
const env = {
  PORT: '0',
  STORAGE_CONNECTION_STRING: inject('azuriteConnectionString'),
  TABLE_PREFIX: `q${randomUUID().replace(/-/g, '').slice(0, 12)}`,
  FOLLOWUP_NOW: '2024-09-03T10:00:00+02:00',
  ALLOWED_TENANT_IDS: TENANT,
  REMINDER_SCHEDULER: 'off',
  RETENTION_SCHEDULER: 'off',
  AUDIT_REFUSALS_PER_HOUR: String(LIMIT),
};

let fake: FakeTeams;
let first: RunningApp;
let second: RunningApp;

beforeAll(async () => {
  fake = await startFakeTeams();
  first = await startApp(env, silentLogger);
  second = await startApp(env, silentLogger);
});

afterAll(async () => {
  await first?.stop();
  await second?.stop();
  await fake?.close();
});

function session(app: RunningApp, aadObjectId: string, name: string): BotSession {
  return new BotSession({ botUrl: app.url, fake, aadObjectId, name, tenantId: TENANT, mode: 'execute' });
}

async function auditRows(): Promise<AuditEntry[]> {
  return first.storage.audit.list('an', { limit: 10_000 });
}

/**
 * The limit holds per clock hour: a burst that happened to cross an hour may have written up to
 * the limit in each hour it touched.
 */
function hoursTouched(startMs: number): number {
  return new Set([refusalWindow(startMs), refusalWindow(Date.now())]).size;
}

describe('someone outside the organisation', () => {
  const id = `okand-${randomUUID().slice(0, 8)}`;

  it('gets answers, and leaves nothing stored but at most the limit of refusals an hour', async () => {
    const start = Date.now();
    const stranger = session(first, id, 'Okänd Person');
    const welcome = await stranger.install();
    expect(cardText(welcome)).toContain('inte registrerad');
    await stranger.say('hej');
    for (let i = 0; i < 6; i++) await stranger.say('prognos');
    expect(cardText(await stranger.say('påminn mig i morgon'))).toContain(
      'Du finns inte med i uppföljningen',
    );
    expect(cardText(await stranger.say('pausa påminnelser till 15 september'))).toContain(
      'Du finns inte med i uppföljningen',
    );
    const card = await stranger.sendAction('followup.save', {
      unitId: 'amc',
      periodId: '2024-08',
      step: 'economy',
      rev: 0,
    });
    expect(cardText(card)).toContain('Du finns inte med i uppföljningen');
    // On the other instance too: the count is shared through storage.
    const elsewhere = session(second, id, 'Okänd Person');
    for (let i = 0; i < 4; i++) await elsewhere.say('prognos');

    const rows = await first.storage.privacy.rowsAbout({ aadObjectId: id, addresses: [] });
    const byTable = new Set(rows.map((r) => r.table));
    // The refusal count is keyed by a hash of the id, so it is found only as that: a counter.
    expect([...byTable].sort()).toEqual(['audit', 'refusals']);
    const refusals = rows.filter((r) => r.table === 'audit');
    expect(refusals.every((r) => r.columns.outcome === 'refused')).toBe(true);
    expect(refusals.length).toBeGreaterThanOrEqual(LIMIT);
    expect(refusals.length).toBeLessThanOrEqual(LIMIT * hoursTouched(start));
    expect(refusals.some((r) => (r.columns.details as { limitReached?: boolean }).limitReached)).toBe(true);
    expect(await first.storage.conversations.get(id)).toBeNull();
  });
});

describe('a manager refused again and again', () => {
  it('is audited up to the limit, and what they do save is always audited', async () => {
    const start = Date.now();
    const anna = session(first, 'demo-chef-amc', 'Anna Lind');
    await anna.install();
    for (let i = 0; i < 8; i++) await anna.say('prognos');
    await anna.say('rapportera');
    const step = await anna.press('Börja');
    await anna.press('Spara', answersFor(step));
    const mine = (await auditRows()).filter((e) => e.actor?.aadObjectId === 'demo-chef-amc');
    const refused = mine.filter((e) => e.outcome === 'refused');
    expect(refused.length).toBeGreaterThanOrEqual(LIMIT);
    expect(refused.length).toBeLessThanOrEqual(LIMIT * hoursTouched(start));
    expect(mine.filter((e) => e.action === 'answer.saved')).toHaveLength(1);
    expect(await first.storage.conversations.get('demo-chef-amc')).not.toBeNull();
  });
});

describe('requests from a tenant that is not allowed', () => {
  it('get 403 and at most the limit of audit rows an hour, naming no person', async () => {
    const start = Date.now();
    for (let i = 0; i < 8; i++) {
      const user = teamsUser(`utomstaende-${i}`, 'Utomstående');
      const app = i % 2 === 0 ? first : second;
      const res = await postActivity(
        app.url,
        messageActivity(user, 'prognos', { serviceUrl: fake.url, tenantId: FOREIGN_TENANT }),
      );
      expect(res.status).toBe(403);
    }
    const rows = (await auditRows()).filter((e) => e.action === 'request.refused');
    expect(rows.length).toBeGreaterThanOrEqual(LIMIT);
    expect(rows.length).toBeLessThanOrEqual(LIMIT * hoursTouched(start));
    for (const row of rows) {
      expect(row.actor).toBeNull();
      expect(row.details).toMatchObject({
        reason: 'tenant-not-allowed',
        status: 403,
        tenant: FOREIGN_TENANT,
      });
    }
  });
});

describe('requests without a Bot Framework token', () => {
  it('get 401 and an audit row, naming no person', async () => {
    const app = await startApp(
      {
        ...env,
        TABLE_PREFIX: `q${randomUUID().replace(/-/g, '').slice(0, 12)}`,
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppId: '00000000-0000-4000-8000-000000000001',
        MicrosoftAppTenantId: TENANT,
        BOT_FEDERATED_CLIENT_ID: '22222222-2222-4222-8222-222222222222',
      },
      silentLogger,
    );
    try {
      const user = teamsUser('demo-chef-amc', 'Anna Lind');
      const res = await postActivity(
        app.url,
        messageActivity(user, 'prognos', { serviceUrl: fake.url, tenantId: TENANT }),
      );
      expect(res.status).toBe(401);
      const rows = (await app.storage.audit.list('an', { limit: 10_000 })).filter(
        (e) => e.action === 'request.refused' && e.details.reason === 'not-authenticated',
      );
      expect(rows.length).toBeGreaterThanOrEqual(1);
      expect(rows[0]?.actor).toBeNull();
    } finally {
      await app.stop();
    }
  });
});
