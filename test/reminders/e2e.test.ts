/**
 * Reminders end to end: the real app (install through /api/messages stores the conversation
 * references), real Azurite (claims in Table Storage), botbuilder's CloudAdapter sending
 * proactively to the fake Teams connector. The clock walks through August 2024.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAdapter } from '../../src/bot/http.js';
import { createProactiveSender } from '../../src/bot/proactive.js';
import { type RunningApp, startApp } from '../../src/index.js';
import { createReminderDelivery } from '../../src/reminders/delivery.js';
import type { PauseStore } from '../../src/reminders/ports-pause.js';
import { createReminderScheduler, type RunReport } from '../../src/reminders/scheduler.js';
import type { DeliveryOptions, ProactiveSender } from '../../src/reminders/sender.js';
import { silentLogger } from '../../src/shared/logger.js';
import { TablePauseStore } from '../../src/storage/pause-store.js';
import { createTableClient, ensureTable } from '../../src/storage/tables.js';
import { BotSession, cardText } from '../support/bot-session.js';
import {
  cardOf,
  type FakeTeams,
  findAction,
  type SentActivity,
  startFakeTeams,
} from '../support/fake-teams.js';

const TENANT = '0c7f7b7e-8c4a-4a7e-9c55-1f0d2a3b4c5d';
const CLAIM_TTL_MS = 60_000;

/** Everyone in the demo organisation who installs the bot; Leila (Integrationsenheten) comes later. */
const INSTALLED = {
  'demo-chef-amc': 'Anna Lind',
  'demo-chef-amf': 'Karin Holm',
  'demo-chef-multi': 'Mats Ekström',
  'demo-chef-stab': 'Sofia Berg',
  'demo-chef-linvux': 'Johan Dahl',
  'demo-chef-cfv': 'Maria Wikström',
  'demo-chef-utb-stab': 'Peter Lund',
  'demo-ersattare-amc': 'Erik Sjöberg',
  'demo-ledning': 'Helena Strand',
  'demo-controller': 'David Ek',
} as const;
const MANAGERS = [
  'demo-chef-amc',
  'demo-chef-amf',
  'demo-chef-multi',
  'demo-chef-stab',
  'demo-chef-linvux',
  'demo-chef-cfv',
  'demo-chef-utb-stab',
];
const LEADERS = ['demo-ledning', 'demo-controller'];

let fake: FakeTeams;
let app: RunningApp;
let pauses: PauseStore;
let sender: ProactiveSender;
const clock = { current: new Date('2024-09-04T08:00:00Z'), now: () => new Date(clock.current) };

beforeAll(async () => {
  fake = await startFakeTeams();
  const prefix = `r${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const connectionString = inject('azuriteConnectionString');
  app = await startApp(
    {
      PORT: '0',
      STORAGE_CONNECTION_STRING: connectionString,
      TABLE_PREFIX: prefix,
      FOLLOWUP_NOW: '2024-09-04T08:00:00Z',
      ALLOWED_TENANT_IDS: TENANT,
      REMINDER_SCHEDULER: 'off',
    },
    silentLogger,
  );
  const pauseTable = createTableClient({ kind: 'connectionString', connectionString }, `${prefix}pauses`);
  await ensureTable(pauseTable);
  pauses = new TablePauseStore(pauseTable);
  const adapter = createAdapter(
    { appId: '', appPassword: '', appType: 'MultiTenant', tenantId: '', authEnabled: false },
    silentLogger,
  );
  sender = createProactiveSender(adapter, '');
  for (const [id, name] of Object.entries(INSTALLED)) await session(id, name).install();
});

afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

function session(aadObjectId: string, name: string): BotSession {
  return new BotSession({ botUrl: app.url, fake, aadObjectId, name, tenantId: TENANT, mode: 'execute' });
}

interface SchedulerOptions {
  readonly sender?: ProactiveSender;
  readonly concurrency?: number;
  readonly throttle?: DeliveryOptions;
  readonly intervalMs?: number;
}

/** A scheduler as the composition root builds one, with its own delivery (as one process has). */
function scheduler(instanceId: string, options: SchedulerOptions = {}) {
  return createReminderScheduler({
    config: app.config,
    clock,
    answers: app.storage.answers,
    reminderLog: app.storage.reminders,
    conversations: app.storage.conversations,
    pauses,
    snoozes: app.storage.snoozes,
    delivery: createReminderDelivery({
      reminderLog: app.storage.reminders,
      sender: options.sender ?? sender,
      clock,
      logger: silentLogger,
      claimTtlMs: CLAIM_TTL_MS,
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      throttle: { baseBackoffMs: 20, maxBackoffMs: 100, ...options.throttle },
    }),
    logger: silentLogger,
    instanceId,
    ...(options.intervalMs === undefined ? {} : { intervalMs: options.intervalMs }),
  });
}

const conversation = (aadObjectId: string) => `a:personal-${aadObjectId}`;

function titleOf(activity: SentActivity): string {
  const body = cardOf(activity)?.body as { text?: string }[] | undefined;
  return body?.[0]?.text ?? '';
}

/** The reminder cards (not the welcome card) a person has received, by title. */
function reminders(aadObjectId: string): string[] {
  return fake
    .activities(conversation(aadObjectId))
    .map(titleOf)
    .filter((t) => t !== '' && !t.startsWith('Hej'));
}

function reminderCards(aadObjectId: string): SentActivity[] {
  return fake.activities(conversation(aadObjectId)).filter((a) => !titleOf(a).startsWith('Hej'));
}

function postsTo(aadObjectId: string): number {
  return fake.requests.filter((r) => r.method === 'POST' && r.conversationId === conversation(aadObjectId))
    .length;
}

const at = (iso: string) => {
  clock.current = new Date(iso);
};

function outcomes(report: RunReport): Record<string, string> {
  return Object.fromEntries(report.entries.map((e) => [`${e.kind} ${e.aadObjectId}`, e.outcome]));
}

describe('reminders for August 2024 (deadline Friday 6 September)', () => {
  it('sends nothing on a weekend or holiday, and a dry run says why', async () => {
    const before = fake.requests.length;
    at('2024-09-07T08:00:00Z'); // Saturday
    const saturday = await scheduler('a').runOnce();
    expect(saturday).toMatchObject({
      sendingAllowed: false,
      closedReason: 'helg – ingen arbetsdag',
      sent: 0,
    });
    at('2024-03-29T09:00:00Z'); // Långfredagen, March is open
    const dry = await scheduler('a').runOnce({ dryRun: true });
    expect(dry.closedReason).toBe('Långfredagen är ingen arbetsdag');
    expect(dry.entries.find((e) => e.aadObjectId === 'demo-chef-amc')).toMatchObject({
      kind: 'opening',
      outcome: 'not-now',
      detail: 'skickas nästa gång det är tillåtet (Långfredagen är ingen arbetsdag)',
    });
    expect(fake.requests.length).toBe(before);
  });

  it('a dry run on Wednesday 4 September lists who would get before-2, and sends nothing', async () => {
    at('2024-09-04T08:00:00Z'); // 10:00 CEST
    const before = fake.requests.length;
    const dry = await scheduler('a').runOnce({ dryRun: true });
    expect(fake.requests.length).toBe(before);
    const byPerson = outcomes(dry);
    for (const id of MANAGERS) expect(byPerson[`before-2 ${id}`]).toBe('would-send');
    expect(byPerson['before-2 demo-chef-integration']).toBe('unreachable');
    expect(dry.superseded).toEqual([{ periodId: '2024-08', kind: 'opening' }]);
  });

  it('two instances at once: every manager gets before-2 exactly once', async () => {
    const [a, b] = await Promise.all([scheduler('instans-a').runOnce(), scheduler('instans-b').runOnce()]);
    expect(a.sent + b.sent).toBe(MANAGERS.length);
    expect(a.failed + b.failed).toBe(0);
    for (const id of MANAGERS) expect(reminders(id)).toEqual(['Påminnelse: uppföljningen för augusti']);
    for (const id of [...LEADERS, 'demo-ersattare-amc']) expect(reminders(id)).toEqual([]);
    // Leila never installed the bot: unreachable, recorded once.
    expect(a.unreachable + b.unreachable).toBeGreaterThanOrEqual(1);
    const log = await app.storage.reminders.list('an', '2024-08');
    expect(log.find((e) => e.aadObjectId === 'demo-chef-integration')).toMatchObject({
      kind: 'before-2',
      state: 'unreachable',
      detail: 'no-reference',
    });

    // Running again, twice at once, sends nothing new.
    const again = await Promise.all([scheduler('instans-a').runOnce(), scheduler('instans-c').runOnce()]);
    expect(again.map((r) => r.sent)).toEqual([0, 0]);
    for (const id of MANAGERS) expect(reminders(id)).toHaveLength(1);
  });

  it("the reminder says what is missing and its button opens the unit's follow-up", async () => {
    const [card] = reminderCards('demo-chef-amc');
    const text = cardText(cardOf(card));
    expect(text).toContain('Sista dag att skicka in är fredag 6 september – om 2 arbetsdagar.');
    expect(text).toContain('Arbetsmarknadscentrum (AMC): Inte påbörjad');
    const action = findAction(cardOf(card), 'Öppna uppföljningen');
    expect(action.data).toEqual({ verb: 'followup.start', unitId: 'amc', periodId: '2024-08' });
    const start = await session('demo-chef-amc', 'Anna Lind').sendAction(
      'followup.start',
      action.data as Record<string, unknown>,
    );
    expect(cardText(start)).toContain('Augusti 2024 – delår 2');
    expect(cardText(start)).toContain('Arbetsmarknadscentrum (AMC)');
  });

  it('a manager who installs later gets the reminder they have not had on the next run', async () => {
    await session('demo-chef-integration', 'Leila Nordin').install();
    const report = await scheduler('instans-b').runOnce();
    expect(report.sent).toBe(1);
    expect(reminders('demo-chef-integration')).toEqual(['Påminnelse: uppföljningen för augusti']);
    for (const id of MANAGERS) expect(reminders(id)).toHaveLength(1);
  });

  it('429 with Retry-After and 503 on the deadline day: retried by us alone, delivered once each', async () => {
    at('2024-09-06T08:00:00Z');
    const before = fake.requests.length;
    fake.respondWith(429, { retryAfterSeconds: 1, times: 2 });
    fake.respondWith(503, { times: 1 });
    const report = await scheduler('instans-a', { concurrency: 1 }).runOnce();
    expect(report).toMatchObject({ sent: MANAGERS.length + 1, failed: 0 });
    // botbuilder does not retry inside our attempts: each of our attempts is one request. The three
    // failures cost three attempts more than one per reminder (a job waiting out a Retry-After gives
    // its place to the next one, which may meet the next failure), and the connector saw exactly
    // one request per attempt.
    const attempts = report.entries.map((e) => Number(/efter (\d+) försök/.exec(e.detail)?.[1] ?? 1));
    expect(attempts.reduce((sum, n) => sum + n, 0)).toBe(MANAGERS.length + 1 + 3);
    const requests = fake.requests.slice(before).filter((r) => r.method === 'POST');
    expect(requests.map((r) => r.status).filter((s) => s === 429 || s === 503)).toEqual([429, 429, 503]);
    expect(requests).toHaveLength(MANAGERS.length + 1 + 3);
    // One job at work at a time, yet the first one's wait for Retry-After did not hold the others
    // back: the next request went to someone else.
    expect(requests[0]?.status).toBe(429);
    expect(requests[1]?.conversationId).not.toBe(requests[0]?.conversationId);
    for (const id of [...MANAGERS, 'demo-chef-integration']) {
      expect(reminders(id)).toEqual([
        'Påminnelse: uppföljningen för augusti',
        'Sista dag i dag: uppföljningen för augusti',
      ]);
    }
  }, 20_000);

  it('403: unreachable, not retried the same day, and listed in the escalation to leadership', async () => {
    // Johan has blocked the bot: every send into his chat gets 403.
    const blocking: ProactiveSender = {
      async send(reference, card, options) {
        if ((reference.conversation as { id?: string }).id === conversation('demo-chef-linvux')) {
          fake.respondWith(403);
        }
        await sender.send(reference, card, options);
      },
    };
    at('2024-09-09T08:00:00Z'); // Monday: overdue
    const monday = await scheduler('instans-a', { sender: blocking, concurrency: 1 }).runOnce();
    expect(monday.entries.find((e) => e.aadObjectId === 'demo-chef-linvux')).toMatchObject({
      kind: 'overdue',
      outcome: 'unreachable',
      code: 'http-403',
    });
    expect(monday.sent).toBe(MANAGERS.length); // the other six and Leila
    expect(reminders('demo-chef-amc').at(-1)).toBe('Uppföljningen för augusti är försenad');
    const posts = postsTo('demo-chef-linvux');
    at('2024-09-09T12:00:00Z');
    const later = await scheduler('instans-b', { sender: blocking }).runOnce();
    expect(later.sent).toBe(0);
    expect(later.unreachable).toBe(1);
    expect(postsTo('demo-chef-linvux')).toBe(posts);

    at('2024-09-10T08:00:00Z'); // Tuesday: escalation
    const tuesday = await scheduler('instans-a', { sender: blocking }).runOnce();
    expect(tuesday.sent).toBe(LEADERS.length);
    for (const id of LEADERS) {
      const cards = reminderCards(id);
      expect(cards.map(titleOf)).toEqual([
        `Uppföljningen för augusti: ${app.config.units.length} enheter saknas`,
      ]);
      const text = cardText(cardOf(cards[0]));
      expect(text).toContain('Arbetsmarknadscentrum (AMC): Inte påbörjad – Anna Lind');
      expect(text).toContain('Nås inte i Teams: Johan Dahl (Linvux) har tagit bort eller blockerat boten');
    }
    // A new day: Johan is tried once more (he may have unblocked), still 403; nobody else gets anything.
    expect(postsTo('demo-chef-linvux')).toBe(posts + 1);
    for (const id of MANAGERS) expect(reminders(id)).toHaveLength(id === 'demo-chef-linvux' ? 2 : 3);
  });
});

describe('September 2024 opening (Wednesday 25 September)', () => {
  it('a paused manager: the deputy gets the opening instead', async () => {
    await pauses.put({
      aadObjectId: 'demo-chef-amc',
      until: '2024-09-30',
      reason: 'paused',
      setBy: 'demo-chef-amc',
      setAt: '2024-09-20T08:00:00Z',
    });
    at('2024-09-25T08:00:00Z');
    const dry = await scheduler('a').runOnce({ dryRun: true });
    expect(dry.notes).toContainEqual(
      expect.objectContaining({ aadObjectId: 'demo-chef-amc', reason: 'paused', periodId: '2024-09' }),
    );
    expect(outcomes(dry)['opening demo-ersattare-amc']).toBe('would-send');
    expect(outcomes(dry)['opening demo-chef-amc']).toBeUndefined();
  });

  it('a fan-out that dies halfway is resumed by the next run after the claims expire: exactly one each', async () => {
    let delivered = 0;
    const dying: ProactiveSender = {
      async send(reference, card, options) {
        if (delivered >= 3) throw new Error('processen dog');
        delivered++;
        await sender.send(reference, card, options);
      },
    };
    const recipients = [
      ...MANAGERS.filter((id) => id !== 'demo-chef-amc'),
      'demo-chef-integration',
      'demo-ersattare-amc',
    ];
    const first = await scheduler('kraschar', { sender: dying, throttle: { maxAttempts: 1 } }).runOnce();
    expect(first.sent).toBe(3);
    expect(first.failed).toBe(recipients.length - 3);

    // Another instance at once: the claims still hold, so it sends nothing.
    const meanwhile = await scheduler('instans-b').runOnce();
    expect(meanwhile.sent).toBe(0);
    expect(meanwhile.skipped).toBe(recipients.length);

    at(new Date(Date.parse('2024-09-25T08:00:00Z') + CLAIM_TTL_MS + 1_000).toISOString());
    const resumed = await scheduler('instans-b').runOnce();
    expect(resumed.sent).toBe(recipients.length - 3);
    for (const id of recipients) {
      expect(reminders(id).filter((t) => t === 'Nu är uppföljningen för september öppen')).toHaveLength(1);
    }
    expect(reminders('demo-chef-amc')).not.toContain('Nu är uppföljningen för september öppen');
    const erik = reminderCards('demo-ersattare-amc').at(-1);
    expect(cardText(cardOf(erik))).toContain('Anna Lind (AMC) är pausad till och med måndag 30 september');
  });
});

describe('the timer and the "run now" call (October 2024 opening, winter time)', () => {
  it('start() runs a pass at once, stop() waits for it; runOnce during a pass joins it', async () => {
    await pauses.remove('demo-chef-amc');
    at('2024-10-28T07:00:00Z'); // Monday 08:00 CET, the day after summer time ended
    const s = scheduler('timer', { intervalMs: 60 * 60_000 });
    s.start();
    const [joined, again] = [s.runOnce(), s.runOnce()];
    expect(joined).toBe(again);
    await s.stop();
    const report = await joined;
    expect(report).toMatchObject({ localTime: '08:00', sent: MANAGERS.length + 1, failed: 0 });
    for (const id of [...MANAGERS, 'demo-chef-integration']) {
      expect(reminders(id).filter((t) => t === 'Nu är uppföljningen för oktober öppen')).toHaveLength(1);
    }
    // A manual run after the pass: everything is already sent.
    expect((await s.runOnce()).sent).toBe(0);
  });
});
