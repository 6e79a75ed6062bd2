/**
 * One delivery for the process: the scheduler and "Påminn dem nu" send through the same
 * `ReminderDelivery` (claim, render, send, mark), so its concurrency bound and throttle span both.
 * The real app (installs through /api/messages), Azurite claims, botbuilder's CloudAdapter and
 * the fake Teams connector, which answers a storm of 429s with Retry-After.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAdapter } from '../../src/bot/http.js';
import { createProactiveSender } from '../../src/bot/proactive.js';
import { Verb } from '../../src/cards/verbs.js';
import { type RunningApp, startApp } from '../../src/index.js';
import { createNudge } from '../../src/leadership/nudge.js';
import { LeadershipService } from '../../src/leadership/service.js';
import { createReminderDelivery, type ReminderDelivery } from '../../src/reminders/delivery.js';
import { createReminderScheduler } from '../../src/reminders/scheduler.js';
import type { ProactiveSender } from '../../src/reminders/sender.js';
import { silentLogger } from '../../src/shared/logger.js';
import { BotSession, cardText } from '../support/bot-session.js';
import { cardOf, type FakeTeams, type SentActivity, startFakeTeams } from '../support/fake-teams.js';
import { shippedTemplate } from '../support/template.js';

const TENANT = '0c7f7b7e-8c4a-4a7e-9c55-1f0d2a3b4c5d';
const CONCURRENCY = 3;
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
let delivery: ReminderDelivery;
let inFlight = 0;
let maxInFlight = 0;
const clock = { current: new Date('2024-09-06T08:00:00Z'), now: () => new Date(clock.current) };

beforeAll(async () => {
  fake = await startFakeTeams();
  app = await startApp(
    {
      PORT: '0',
      STORAGE_CONNECTION_STRING: inject('azuriteConnectionString'),
      TABLE_PREFIX: `d${randomUUID().replace(/-/g, '').slice(0, 12)}`,
      FOLLOWUP_NOW: '2024-09-06T08:00:00Z',
      ALLOWED_TENANT_IDS: TENANT,
      REMINDER_SCHEDULER: 'off',
    },
    silentLogger,
  );
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
  const adapter = createAdapter(
    { appId: '', appPassword: '', appType: 'MultiTenant', tenantId: '', authEnabled: false },
    silentLogger,
  );
  const real = createProactiveSender(adapter, '');
  // Counts sends in progress, over both callers.
  const counting: ProactiveSender = {
    async send(reference, card, options) {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        await real.send(reference, card, options);
      } finally {
        inFlight--;
      }
    },
  };
  delivery = createReminderDelivery({
    reminderLog: app.storage.reminders,
    sender: counting,
    clock,
    logger: silentLogger,
    concurrency: CONCURRENCY,
    throttle: { messagesPerSecond: 200, perConversationIntervalMs: 10 },
  });
});

afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

const deps = () => ({
  config: app.config,
  clock,
  answers: app.storage.answers,
  reminderLog: app.storage.reminders,
  conversations: app.storage.conversations,
  pauses: app.storage.pauses,
  snoozes: app.storage.snoozes,
  delivery,
  logger: silentLogger,
  instanceId: `one-${randomUUID().slice(0, 8)}`,
});

function titleOf(activity: SentActivity): string {
  const body = cardOf(activity)?.body as { text?: string }[] | undefined;
  return body?.[0]?.text ?? '';
}

function textOf(activity: SentActivity): string {
  const body = cardOf(activity)?.body as { text?: string }[] | undefined;
  return body?.[1]?.text ?? '';
}

const cards = (id: string) =>
  fake.activities(`a:personal-${id}`).filter((a) => !titleOf(a).startsWith('Hej'));

describe('the scheduler and "Påminn dem nu" through one delivery', () => {
  it('a 429 storm on the scheduler: every manager gets the deadline reminder once', async () => {
    fake.respondWith(429, { retryAfterSeconds: 1, times: 5 });
    const before = fake.requests.length;
    const report = await createReminderScheduler(deps()).runOnce();
    expect(report.failed).toBe(0);
    const statuses = fake.requests.slice(before).map((r) => r.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    for (const id of Object.keys(MANAGERS)) {
      expect(cards(id).map(titleOf)).toEqual(['Sista dag i dag: uppföljningen för augusti']);
    }
    expect(maxInFlight).toBeLessThanOrEqual(CONCURRENCY);
  }, 20_000);

  it('a manager who asked to be reminded tomorrow is not nudged over the weekend, only from Monday', async () => {
    // Friday 6 September (the app's clock): Anna asks; the next working day is Monday 9 September.
    const reply = await new BotSession({
      botUrl: app.url,
      fake,
      aadObjectId: 'demo-chef-amc',
      name: MANAGERS['demo-chef-amc'],
      tenantId: TENANT,
      mode: 'execute',
    }).say('påminn mig i morgon');
    expect(cardText(reply)).toContain('Du får ingen påminnelse förrän måndag 9 september 2024');
    const leader = new LeadershipService({
      reportTemplate: await shippedTemplate(),
      config: app.config,
      answers: app.storage.answers,
      decisions: app.storage.decisions,
      audit: app.storage.audit,
      clock,
      nudge: createNudge(deps()),
    });
    // Saturday: a leader presses "Påminn dem nu" for the whole committee.
    clock.current = new Date('2024-09-07T08:00:00Z');
    const replies = await leader.act(
      { aadObjectId: 'demo-ledning', teamsName: 'Helena Strand' },
      { verb: Verb.leadershipNudge, periodId: '2024-08' },
      null,
    );
    const card = replies.find((r) => r.card === 'leader-missing')?.model as
      | { notices: { text: string }[] }
      | undefined;
    expect(card?.notices.map((n) => n.text)).toEqual([
      'Påminnelse skickad till 6 personer.',
      '1 person har bett att bli påmind nästa arbetsdag och påmindes inte nu.',
      // Leila Nordin (Integration) never opened the bot.
      '1 person nås inte i Teams (har inte installerat boten eller har blockerat den).',
    ]);
    // Sunday: her unit alone.
    clock.current = new Date('2024-09-08T08:00:00Z');
    const sunday = await createNudge(deps())({
      periodId: '2024-08',
      unitIds: ['amc'],
      requestedBy: { aadObjectId: 'demo-ledning', name: 'Helena Strand' },
    });
    expect(sunday).toEqual({ sent: 0, unreachable: 0, skipped: 0, snoozed: 1, failed: 0 });
    expect(cards('demo-chef-amc').map(titleOf)).toEqual([
      'Sista dag i dag: uppföljningen för augusti',
      'Jag påminner dig igen', // the answer to her "påminn mig i morgon"
    ]);
  }, 20_000);

  it('a 429 storm on a nudge the next working day: each manager once, never more at once than the bound', async () => {
    clock.current = new Date('2024-09-09T08:00:00Z'); // Monday
    maxInFlight = 0;
    fake.respondWith(429, { retryAfterSeconds: 1, times: 5 });
    const nudgedBefore = new Map(
      Object.keys(MANAGERS).map((id) => [
        id,
        cards(id).filter((c) => textOf(c).endsWith('Helena Strand bad mig påminna dig.')).length,
      ]),
    );
    const nudge = createNudge(deps());
    const input = {
      periodId: '2024-08',
      unitIds: app.config.units.map((u) => u.id),
      requestedBy: { aadObjectId: 'demo-ledning', name: 'Helena Strand' },
    };
    // Two presses at once: the claims make it one message per person.
    const [a, b] = await Promise.all([nudge(input), nudge(input)]);
    expect(a.failed + b.failed).toBe(0);
    expect(a.sent + b.sent).toBe(Object.keys(MANAGERS).length);
    // Anna's snooze is over on Monday: she is nudged like everyone else.
    for (const id of Object.keys(MANAGERS)) {
      const nudged = cards(id).filter((c) => textOf(c).endsWith('Helena Strand bad mig påminna dig.'));
      expect(nudged.length - (nudgedBefore.get(id) ?? 0), id).toBe(1);
    }
    expect(maxInFlight).toBeLessThanOrEqual(CONCURRENCY);
  }, 20_000);
});
