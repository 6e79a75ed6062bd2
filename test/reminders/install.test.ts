/**
 * Reaching people who never opened the bot: the app installed through Microsoft Graph (a fake
 * Graph on 127.0.0.1), claimed in the ReminderLog (real Azurite) so it is never done twice, with
 * Graph's answers: 201 installed, 403 without the permission, 409 already installed, 429 with
 * Retry-After. Then a reminder pass that installs for everyone without a conversation, and the
 * escalation telling leadership what IT must do.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findPeriod } from '../../src/calendar/periods.js';
import { createWorkingDayCalendar } from '../../src/calendar/working-days.js';
import { runRemindersCli } from '../../src/cli/reminders.js';
import { type CommitteeConfig, loadConfig } from '../../src/config/load-config.js';
import { shippedConfigDir } from '../../src/config/settings.js';
import { createGraphAppInstaller } from '../../src/graph/app-installer.js';
import { startApp } from '../../src/index.js';
import { createReminderDelivery } from '../../src/reminders/delivery.js';
import { type AppInstall, createAppInstall, INSTALL_PERIOD } from '../../src/reminders/install.js';
import { escalationCard } from '../../src/reminders/messages.js';
import { createReminderScheduler } from '../../src/reminders/scheduler.js';
import type { DeliveryOptions, ProactiveSender } from '../../src/reminders/sender.js';
import { silentLogger } from '../../src/shared/logger.js';
import { openStorage, type Storage } from '../../src/storage/index.js';
import { type FakeGraph, startFakeGraph } from '../support/fake-graph.js';

const CATALOG_ID = '5f3e1a2b-0c4d-4e5f-8a9b-1c2d3e4f5a6b';
let graph: FakeGraph;
let storage: Storage;
let config: CommitteeConfig;
const clock = { current: new Date('2024-09-04T08:00:00Z'), now: () => new Date(clock.current) };

beforeAll(async () => {
  graph = await startFakeGraph();
  config = await loadConfig(shippedConfigDir);
  storage = await openStorage(
    { kind: 'connectionString', connectionString: inject('azuriteConnectionString') },
    `i${randomUUID().replace(/-/g, '').slice(0, 12)}`,
  );
});

afterAll(async () => {
  await storage?.close();
  await graph?.close();
});

/** A sender for tests where nobody has a conversation yet: any message is a bug. */
const noMessages: ProactiveSender = {
  async send() {
    throw new Error('nobody has a conversation yet');
  },
};

/** One process's delivery, as src/index.ts builds it with TEAMS_APP_CATALOG_ID: with the installer. */
function deliveryWithGraph(installThrottle: DeliveryOptions = {}) {
  return createReminderDelivery({
    installThrottle,
    reminderLog: storage.reminders,
    sender: noMessages,
    installer: createGraphAppInstaller({
      baseUrl: graph.url,
      catalogAppId: CATALOG_ID,
      token: async () => 'graph-token',
    }),
    clock,
    logger: silentLogger,
  });
}

function installer(instanceId: string): AppInstall {
  return createAppInstall({
    committeeId: config.goals.committee.id,
    timeZone: config.calendar.timeZone,
    reminderLog: storage.reminders,
    delivery: deliveryWithGraph(),
    clock,
    logger: silentLogger,
    instanceId,
  });
}

const posts = (userId: string) => graph.requests.filter((r) => r.userId === userId);

describe('installing the app through Microsoft Graph', () => {
  it('201: installed with the catalog id and the app token; two instances at once install once', async () => {
    const [a, b] = await Promise.all([installer('a')(['u-anna']), installer('b')(['u-anna'])]);
    expect([...a, ...b].map((e) => e.outcome).sort()).toEqual(['claimed-elsewhere', 'installed']);
    expect(posts('u-anna')).toHaveLength(1);
    expect(posts('u-anna')[0]).toMatchObject({
      authorization: 'Bearer graph-token',
      body: { 'teamsApp@odata.bind': `${graph.url}/appCatalogs/teamsApps/${CATALOG_ID}` },
    });
    // Done is done: a later pass does not ask Graph again.
    expect(await installer('c')(['u-anna'])).toEqual([{ aadObjectId: 'u-anna', outcome: 'skipped' }]);
    expect(posts('u-anna')).toHaveLength(1);
  });

  it('409: already installed counts as done', async () => {
    graph.script('u-karin', { status: 409 });
    expect(await installer('a')(['u-karin'])).toEqual([
      { aadObjectId: 'u-karin', outcome: 'already-installed' },
    ]);
    const log = await storage.reminders.list(config.goals.committee.id, INSTALL_PERIOD);
    expect(log.find((e) => e.aadObjectId === 'u-karin')).toMatchObject({ state: 'sent' });
  });

  it('403 without the permission: recorded, not asked again the same day, asked again the next', async () => {
    graph.script('u-mats', { status: 403 }, { status: 403 });
    expect(await installer('a')(['u-mats'])).toEqual([{ aadObjectId: 'u-mats', outcome: 'forbidden' }]);
    expect(await installer('b')(['u-mats'])).toEqual([{ aadObjectId: 'u-mats', outcome: 'skipped' }]);
    expect(posts('u-mats')).toHaveLength(1);
    clock.current = new Date('2024-09-05T08:00:00Z');
    expect(await installer('a')(['u-mats'])).toEqual([{ aadObjectId: 'u-mats', outcome: 'forbidden' }]);
    expect(posts('u-mats')).toHaveLength(2);
    const log = await storage.reminders.list(config.goals.committee.id, INSTALL_PERIOD);
    expect(log.find((e) => e.aadObjectId === 'u-mats')).toMatchObject({
      state: 'unreachable',
      detail: 'graph-403',
    });
  });

  it('429 with Retry-After: waits and installs, one request per attempt', async () => {
    graph.script('u-sofia', { status: 429, retryAfterSeconds: 1 });
    expect(await installer('a')(['u-sofia'])).toEqual([{ aadObjectId: 'u-sofia', outcome: 'installed' }]);
    expect(posts('u-sofia').map((r) => r.status)).toEqual([429, 201]);
    const [first, second] = posts('u-sofia');
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it("429 with Retry-After holds back every install (Graph's limit is per app and tenant)", async () => {
    graph.script('u-johan', { status: 429, retryAfterSeconds: 1 });
    const install = createAppInstall({
      committeeId: config.goals.committee.id,
      timeZone: config.calendar.timeZone,
      reminderLog: storage.reminders,
      // Two a second: Johan's 429 is back long before Maria's turn.
      delivery: deliveryWithGraph({ messagesPerSecond: 2 }),
      clock,
      logger: silentLogger,
      instanceId: 'a',
    });
    const entries = await install(['u-johan', 'u-maria']);
    expect(entries.map((e) => e.outcome)).toEqual(['installed', 'installed']);
    const throttled = posts('u-johan')[0];
    expect(throttled?.status).toBe(429);
    for (const r of [...posts('u-maria'), ...posts('u-johan').slice(1)]) {
      expect(r.at - (throttled?.at ?? 0)).toBeGreaterThanOrEqual(1000);
    }
  });
});

describe('in a reminder pass', () => {
  it('installs for everyone configured who has no conversation, once, before reminding', async () => {
    clock.current = new Date('2024-09-04T08:00:00Z'); // before-2 for August is due
    const scheduler = createReminderScheduler({
      config,
      clock,
      answers: storage.answers,
      reminderLog: storage.reminders,
      conversations: storage.conversations,
      pauses: storage.pauses,
      snoozes: storage.snoozes,
      delivery: deliveryWithGraph(),
      logger: silentLogger,
      instanceId: 'pass',
    });
    const people = new Set([
      ...config.units.flatMap((u) => [...u.managers, ...u.deputies].map((p) => p.aadObjectId)),
      ...config.organisation.leadership.map((l) => l.aadObjectId),
    ]);
    const before = graph.requests.length;
    const first = await scheduler.runOnce();
    expect(first.installs.map((e) => e.aadObjectId).sort()).toEqual([...people].sort());
    expect(first.installs.every((e) => e.outcome === 'installed')).toBe(true);
    expect(graph.requests.length - before).toBe(people.size);
    // Until Teams' install event stores their conversation they are unreachable; no second install.
    const second = await scheduler.runOnce();
    expect(second.installs.every((e) => e.outcome === 'skipped')).toBe(true);
    expect(graph.requests.length - before).toBe(people.size);
  });
});

describe('through the app', () => {
  it('TEAMS_APP_CATALOG_ID and GRAPH_BASE_URL: a triggered pass installs for everyone without a conversation', async () => {
    const key = `nyckel-${randomUUID()}`;
    const app = await startApp(
      {
        PORT: '0',
        STORAGE_CONNECTION_STRING: inject('azuriteConnectionString'),
        TABLE_PREFIX: `j${randomUUID().replace(/-/g, '').slice(0, 12)}`,
        FOLLOWUP_NOW: '2024-09-04T08:00:00Z',
        REMINDER_SCHEDULER: 'off',
        REMINDER_TRIGGER_KEY: key,
        TEAMS_APP_CATALOG_ID: CATALOG_ID,
        GRAPH_BASE_URL: graph.url,
      },
      silentLogger,
    );
    try {
      const before = graph.requests.length;
      const response = await fetch(`${app.url}/api/reminders/run`, {
        method: 'POST',
        headers: { 'x-reminder-key': key },
      });
      expect(response.status).toBe(202);
      const report = await app.reminders.runOnce(); // joins the triggered pass
      const people = new Set([
        ...config.units.flatMap((u) => [...u.managers, ...u.deputies].map((p) => p.aadObjectId)),
        ...config.organisation.leadership.map((l) => l.aadObjectId),
      ]);
      const asked = graph.requests.slice(before);
      expect(new Set(asked.map((r) => r.userId))).toEqual(people);
      expect(asked).toHaveLength(people.size);
      expect(report.installs.every((e) => e.outcome !== 'failed')).toBe(true);
    } finally {
      await app.stop();
    }
  });
});

describe('npm run reminders (the CLI)', () => {
  function cli(env: Record<string, string>) {
    let out = '';
    let err = '';
    return {
      run: (args: string[] = []) =>
        runRemindersCli(args, {
          env,
          stdout: {
            write: (t) => {
              out += t;
            },
          },
          stderr: {
            write: (t) => {
              err += t;
            },
          },
        }),
      out: () => out,
      err: () => err,
    };
  }

  it('installs like the app: once per person, even when run twice at once, and says so', async () => {
    const own = await startFakeGraph();
    try {
      const env = {
        STORAGE_CONNECTION_STRING: inject('azuriteConnectionString'),
        TABLE_PREFIX: `c${randomUUID().replace(/-/g, '').slice(0, 12)}`,
        FOLLOWUP_NOW: '2024-09-04T08:00:00Z', // before-2 for August is due
        TEAMS_APP_CATALOG_ID: CATALOG_ID,
        GRAPH_BASE_URL: own.url,
      };
      own.script('demo-chef-integration', { status: 429, retryAfterSeconds: 1 });
      const [a, b] = [cli(env), cli(env)];
      expect(await Promise.all([a.run(), b.run()])).toEqual([0, 0]);
      const people = new Set([
        ...config.units.flatMap((u) => [...u.managers, ...u.deputies].map((p) => p.aadObjectId)),
        ...config.organisation.leadership.map((l) => l.aadObjectId),
      ]);
      const installed = own.requests.filter((r) => r.status === 201).map((r) => r.userId);
      expect(installed.sort()).toEqual([...people].sort());
      expect(own.requests.filter((r) => r.status === 429).map((r) => r.userId)).toEqual([
        'demo-chef-integration',
      ]);
      const printed = a.out() + b.out();
      expect(printed).toContain('Appen via Microsoft Graph för');
      expect(printed).toContain('  Leila Nordin: installerad');
      // Until Teams' install event stores the conversations, the reminders cannot reach them.
      expect(printed).toContain('har inte installerat boten (ingen konversation sparad)');

      const again = cli(env);
      expect(await again.run()).toBe(0);
      expect(own.requests.filter((r) => r.status === 201)).toHaveLength(people.size);
      expect(again.out()).toContain('  Leila Nordin: klar tidigare eller nekad i dag');
    } finally {
      await own.close();
    }
  });

  it('an unknown argument: a Swedish message and the usage, nothing run', async () => {
    const run = cli({ STORAGE_CONNECTION_STRING: inject('azuriteConnectionString') });
    expect(await run.run(['--torr'])).toBe(2);
    expect(run.err()).toBe('Okänt argument: --torr.\n\nAnvändning: npm run reminders -- [--dry-run]\n');
    expect(run.out()).toBe('');
  });

  it('a dry run installs nothing', async () => {
    const own = await startFakeGraph();
    try {
      const run = cli({
        STORAGE_CONNECTION_STRING: inject('azuriteConnectionString'),
        TABLE_PREFIX: `c${randomUUID().replace(/-/g, '').slice(0, 12)}`,
        FOLLOWUP_NOW: '2024-09-04T08:00:00Z',
        TEAMS_APP_CATALOG_ID: CATALOG_ID,
        GRAPH_BASE_URL: own.url,
      });
      expect(await run.run(['--dry-run'])).toBe(0);
      expect(own.requests).toHaveLength(0);
      expect(run.out()).toContain('(provkörning, inget skickas)');
    } finally {
      await own.close();
    }
  });
});

describe('without the permission', () => {
  it('the escalation names who is not reached and what IT must do', () => {
    const period = findPeriod(config.periods, '2024-08');
    if (!period) throw new Error('no August');
    const card = escalationCard(
      config,
      period,
      {
        leader: { aadObjectId: 'demo-ledning', name: 'Helena Strand' },
        missing: [],
        unreachable: [
          {
            person: { aadObjectId: 'demo-chef-integration', name: 'Leila Nordin' },
            unitIds: [],
            reason: 'no-reference',
          },
        ],
        nobodyReminded: [],
      },
      '2024-09-10',
      createWorkingDayCalendar(),
    );
    const facts = card.facts.map((f) => `${f.title}: ${f.value}`);
    expect(facts).toContain('Nås inte i Teams: Leila Nordin () har inte installerat boten i Teams');
    expect(facts.find((f) => f.startsWith('Vad IT kan göra:'))).toContain(
      'TeamsAppInstallation.ReadWriteSelfForUser.All',
    );
  });
});
