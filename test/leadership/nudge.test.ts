/**
 * "Påminn dem nu" end to end below the bot: the leadership service with the nudge port, real
 * Azurite (answers, pauses, the reminder log's claims), botbuilder's CloudAdapter (auth off)
 * sending proactively to the fake Teams connector. The clock walks from Tuesday 10 September 2024
 * (August is past its deadline) to the lock.
 */
import { TurnContext } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAdapter } from '../../src/bot/http.js';
import { createProactiveSender } from '../../src/bot/proactive.js';
import { Verb } from '../../src/cards/verbs.js';
import type { CommitteeConfig } from '../../src/config/load-config.js';
import type { AnswerPayload, SubmissionAnswer } from '../../src/followup/answers.js';
import { createNudge, type NudgePort, nudgeKind } from '../../src/leadership/nudge.js';
import { LeadershipService } from '../../src/leadership/service.js';
import { createReminderDelivery } from '../../src/reminders/delivery.js';
import { silentLogger } from '../../src/shared/logger.js';
import type { Storage } from '../../src/storage/index.js';
import { cardOf, type FakeTeams, messageActivity, startFakeTeams, teamsUser } from '../support/fake-teams.js';
import {
  callers,
  leadershipConfig,
  movableClock,
  only,
  renderChecked,
  seededStorage,
} from '../support/leadership.js';
import { shippedTemplate } from '../support/template.js';

let fake: FakeTeams;
let storage: Storage;
let config: CommitteeConfig;
let service: LeadershipService;
let nudge: NudgePort;
const clock = movableClock('2024-09-10T08:00:00Z');

/** Who has the bot installed: Peter (UTB stab) has not. */
const INSTALLED = {
  'demo-chef-amc': 'Anna Lind',
  'demo-chef-multi': 'Mats Ekström',
  'demo-chef-linvux': 'Johan Dahl',
} as const;

beforeAll(async () => {
  fake = await startFakeTeams();
  config = await leadershipConfig();
  storage = await seededStorage(inject('azuriteConnectionString'));
  for (const [aadObjectId, name] of Object.entries(INSTALLED)) {
    const activity = messageActivity(teamsUser(aadObjectId, name), 'hej', { serviceUrl: fake.url });
    const reference = TurnContext.getConversationReference(activity as never);
    await storage.conversations.put({
      aadObjectId,
      reference: JSON.parse(JSON.stringify(reference)) as Record<string, unknown>,
      updatedAt: '2024-09-01T08:00:00.000Z',
    });
  }
  const adapter = createAdapter(
    { appId: '', appPassword: '', appType: 'MultiTenant', tenantId: '', authEnabled: false },
    silentLogger,
  );
  nudge = createNudge({
    config,
    clock,
    answers: storage.answers,
    reminderLog: storage.reminders,
    conversations: storage.conversations,
    pauses: storage.pauses,
    snoozes: storage.snoozes,
    delivery: createReminderDelivery({
      reminderLog: storage.reminders,
      sender: createProactiveSender(adapter, ''),
      clock,
      logger: silentLogger,
      throttle: { baseBackoffMs: 20, maxBackoffMs: 100 },
    }),
    logger: silentLogger,
    instanceId: 'test-instance',
  });
  service = new LeadershipService({
    reportTemplate: await shippedTemplate(),
    config,
    answers: storage.answers,
    decisions: storage.decisions,
    audit: storage.audit,
    clock,
    nudge,
  });
});

afterAll(async () => {
  await storage?.close();
  await fake?.close();
});

const at = (iso: string) => {
  clock.current = new Date(iso);
};

/** The cards a person has received, as [title, text]. */
function received(aadObjectId: string): { title: string; text: string; facts: string[] }[] {
  return fake.activities(`a:personal-${aadObjectId}`).map((a) => {
    const body = (cardOf(a)?.body ?? []) as {
      type: string;
      text?: string;
      facts?: { title: string; value: string }[];
    }[];
    return {
      title: body[0]?.text ?? '',
      text: body[1]?.text ?? '',
      facts: body.flatMap((b) => b.facts ?? []).map((f) => `${f.title}: ${f.value}`),
    };
  });
}

async function press(who: keyof typeof callers) {
  const replies = await service.act(callers[who], { verb: Verb.leadershipNudge, periodId: '2024-08' }, null);
  for (const reply of replies) renderChecked(reply);
  return only(replies, 'leader-missing');
}

const texts = (card: { notices: readonly { text: string }[] }) => card.notices.map((n) => n.text);

describe('Påminn dem nu', () => {
  it('is offered on the missing card', async () => {
    const card = only(
      (await service.ask(callers.helena, 'vilka har inte svarat?')).replies,
      'leader-missing',
    );
    expect(card.actions[0]).toEqual({
      title: 'Påminn dem nu',
      data: { verb: Verb.leadershipNudge, periodId: '2024-08' },
      style: 'positive',
    });
  });

  it('a leader scoped to UTB reminds only the UTB units', async () => {
    const card = await press('ulrika');
    expect(texts(card)).toEqual([
      'Påminnelse skickad till 1 person.',
      '1 person nås inte i Teams (har inte installerat boten eller har blockerat den).',
    ]);
    const [johan] = received('demo-chef-linvux');
    expect(received('demo-chef-linvux')).toHaveLength(1);
    expect(johan?.title).toBe('Uppföljningen för augusti är försenad');
    expect(johan?.text).toContain('Ulrika Berg bad mig påminna dig.');
    expect(johan?.facts.some((f) => f.startsWith('Linvux: Ändrad efter inskickningen'))).toBe(true);
    expect(received('demo-chef-multi')).toEqual([]); // OSA is IAF
    const log = await storage.reminders.list('an', '2024-08');
    expect(log.find((e) => e.aadObjectId === 'demo-chef-linvux')).toMatchObject({
      kind: nudgeKind('2024-09-10'),
      state: 'sent',
    });
    expect(log.find((e) => e.aadObjectId === 'demo-chef-utb-stab')).toMatchObject({
      state: 'unreachable',
      detail: 'no-reference',
    });
  });

  it('the whole committee: the rest are reminded, nobody twice the same day, a unit that sent in never', async () => {
    const first = await press('helena');
    expect(texts(first)).toEqual([
      'Påminnelse skickad till 1 person.',
      '1 person har redan fått en påminnelse i dag och påmindes inte igen.',
      '1 person nås inte i Teams (har inte installerat boten eller har blockerat den).',
    ]);
    const mats = received('demo-chef-multi');
    expect(mats).toHaveLength(1);
    expect(mats[0]?.facts).toContain('OSA: Inte påbörjad');
    expect(mats[0]?.facts.join(' ')).not.toContain('AMS'); // AMS has sent in
    expect(mats[0]?.text).toContain('Helena Strand bad mig påminna dig.');

    const again = await press('helena');
    expect(texts(again)).toEqual([
      '2 personer har redan fått en påminnelse i dag och påmindes inte igen.',
      '1 person nås inte i Teams (har inte installerat boten eller har blockerat den).',
    ]);
    expect(received('demo-chef-multi')).toHaveLength(1);
    expect(received('demo-chef-linvux')).toHaveLength(1);
    expect(received('demo-chef-amc')).toEqual([]);
  });

  it('two leaders pressing at once the next day send each reminder once', async () => {
    at('2024-09-11T07:00:00Z');
    const cards = await Promise.all([press('helena'), press('david'), press('helena')]);
    const sent = cards
      .flatMap(texts)
      .map((t) => /^Påminnelse skickad till (\d+) person/.exec(t)?.[1])
      .filter((n) => n !== undefined)
      .reduce((s, n) => s + Number(n), 0);
    expect(sent).toBe(2);
    expect(received('demo-chef-multi')).toHaveLength(2);
    expect(received('demo-chef-linvux')).toHaveLength(2);
    const log = await storage.reminders.list('an', '2024-08');
    expect(log.filter((e) => e.kind === nudgeKind('2024-09-11') && e.state === 'sent')).toHaveLength(2);
  });

  it('leaves out a unit that has sent in since, whatever the caller asks for', async () => {
    at('2024-09-12T07:00:00Z');
    // Linvux sends in again: its submission now records the current item revisions.
    const answers = await storage.answers.listPeriod<AnswerPayload>('an', '2024-08');
    const linvux = answers.filter((a) => a.unitId === 'linvux');
    const submission = linvux.find((a) => a.item === 'submission');
    const itemRevisions = Object.fromEntries(
      linvux.filter((a) => a.item !== 'submission').map((a) => [a.item, a.revision]),
    );
    const saved = await storage.answers.save<SubmissionAnswer>({
      committeeId: 'an',
      periodId: '2024-08',
      unitId: 'linvux',
      item: 'submission',
      expectedRevision: submission?.revision ?? 0,
      state: 'complete',
      payload: { kind: 'submission', itemRevisions },
      answeredBy: { aadObjectId: 'demo-chef-linvux', name: 'Johan Dahl' },
      answeredAt: clock.now().toISOString(),
      activityId: null,
    });
    expect(saved.kind).toBe('saved');

    // Even named explicitly, AMC (sent in) and Linvux (sent in now) get nothing.
    const result = await nudge({
      periodId: '2024-08',
      unitIds: ['amc', 'linvux', 'osa'],
      requestedBy: { aadObjectId: 'demo-ledning', name: 'Helena Strand' },
    });
    expect(result).toEqual({ sent: 1, unreachable: 0, skipped: 0, snoozed: 0, failed: 0 });
    expect(received('demo-chef-multi')).toHaveLength(3);
    expect(received('demo-chef-linvux')).toHaveLength(2);
    expect(received('demo-chef-amc')).toEqual([]);

    const card = only((await service.ask(callers.helena, 'saknas')).replies, 'leader-missing');
    expect(card.completenessText).toBe('7 av 9 enheter har svarat');
    expect(card.changed).toEqual([]);
  });

  it('skips someone a scheduled reminder reached today', async () => {
    at('2024-09-13T07:00:00Z');
    const key = { committeeId: 'an', periodId: '2024-08', kind: 'overdue', aadObjectId: 'demo-chef-multi' };
    expect(
      await storage.reminders.claim(key, 'scheduler', clock.now().toISOString(), '2024-09-13T07:10:00.000Z'),
    ).toBe(true);
    await storage.reminders.mark(key, 'scheduler', 'sent', clock.now().toISOString());
    const card = await press('helena');
    expect(texts(card)[0]).toBe('1 person har redan fått en påminnelse i dag och påmindes inte igen.');
    expect(received('demo-chef-multi')).toHaveLength(3);
  });

  it('is not offered, and sends nothing, once the period is locked', async () => {
    at('2024-09-16T07:00:00Z');
    const before = fake.requests.length;
    const card = await press('helena');
    expect(texts(card)).toEqual(['Perioden är låst, så inga påminnelser skickas.']);
    expect(card.actions.map((a) => a.title)).toEqual(['Tillbaka till prognosen']);
    expect(card.subtitle).toBe('Perioden låstes fredag 13 september; svaren kan inte längre ändras i boten.');
    expect(fake.requests.length).toBe(before);
  });
});
