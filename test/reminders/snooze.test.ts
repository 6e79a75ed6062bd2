/**
 * "Påminn mig i morgon": the command and the day it points to (pure), then end to end through the
 * real app (the text and the button reach the bot through /api/messages, the snooze is stored in
 * Azurite) and the scheduler across Easter 2024: Thursday 28 March → Tuesday 2 April, skipping
 * Långfredagen, the weekend and Annandag påsk. March 2024 opens Tuesday 26 March, deadline 8 April.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAdapter } from '../../src/bot/http.js';
import { createProactiveSender } from '../../src/bot/proactive.js';
import { createWorkingDayCalendar } from '../../src/calendar/working-days.js';
import { type RunningApp, startApp } from '../../src/index.js';
import { createReminderDelivery } from '../../src/reminders/delivery.js';
import { createReminderScheduler } from '../../src/reminders/scheduler.js';
import { isSnoozeCommand, snoozeUntil } from '../../src/reminders/snooze.js';
import { silentLogger } from '../../src/shared/logger.js';
import { BotSession, cardText } from '../support/bot-session.js';
import {
  cardOf,
  type FakeTeams,
  findAction,
  type SentActivity,
  startFakeTeams,
} from '../support/fake-teams.js';

const wd = createWorkingDayCalendar();

describe('the snooze command and its day', () => {
  it.each([
    'påminn mig i morgon',
    'Påminn mig imorgon!',
    'paminn mig i morgon',
    'påminn mig igen i morgon',
    'snooza till i morgon',
  ])('"%s" is a snooze', (text) => {
    expect(isSnoozeCommand(text)).toBe(true);
  });

  it.each(['påminn mig', 'påminn mig på måndag', 'pausa påminnelser till 15 augusti', 'rapportera'])(
    '"%s" is not',
    (text) => {
      expect(isSnoozeCommand(text)).toBe(false);
    },
  );

  it.each([
    ['2024-09-04', '2024-09-05', 'a Wednesday: Thursday'],
    ['2024-09-06', '2024-09-09', 'a Friday: over the weekend to Monday'],
    ['2024-09-07', '2024-09-09', 'a Saturday: Monday'],
    ['2024-03-28', '2024-04-02', 'skärtorsdagen: past Långfredagen, the weekend and Annandag påsk'],
    ['2024-06-05', '2024-06-07', 'the day before Sveriges nationaldag: Friday'],
    ['2024-06-20', '2024-06-24', 'the day before midsommarafton: Monday'],
  ])('snoozed on %s comes back %s (%s)', (today, until) => {
    expect(snoozeUntil(today, wd)).toBe(until);
  });
});

const TENANT = '0c7f7b7e-8c4a-4a7e-9c55-1f0d2a3b4c5d';
const INSTALLED = {
  'demo-chef-amc': 'Anna Lind',
  'demo-chef-amf': 'Karin Holm',
  'demo-chef-stab': 'Sofia Berg',
  'demo-chef-cfv': 'Maria Wikström',
} as const;

let fake: FakeTeams;
let app: RunningApp;
const clock = { current: new Date('2024-03-26T08:00:00Z'), now: () => new Date(clock.current) };

beforeAll(async () => {
  fake = await startFakeTeams();
  app = await startApp(
    {
      PORT: '0',
      STORAGE_CONNECTION_STRING: inject('azuriteConnectionString'),
      TABLE_PREFIX: `s${randomUUID().replace(/-/g, '').slice(0, 12)}`,
      // The bot's clock: Skärtorsdagen, when the managers ask to be reminded "tomorrow".
      FOLLOWUP_NOW: '2024-03-28T09:00:00Z',
      ALLOWED_TENANT_IDS: TENANT,
      REMINDER_SCHEDULER: 'off',
    },
    silentLogger,
  );
  for (const [id, name] of Object.entries(INSTALLED)) await session(id, name).install();
});

afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

function session(aadObjectId: string, name: string): BotSession {
  return new BotSession({ botUrl: app.url, fake, aadObjectId, name, tenantId: TENANT, mode: 'execute' });
}

/** The scheduler on the test's own clock, as the composition root builds it. */
function runAt(iso: string) {
  clock.current = new Date(iso);
  const adapter = createAdapter(
    { appId: '', appPassword: '', appType: 'MultiTenant', tenantId: '', authEnabled: false },
    silentLogger,
  );
  return createReminderScheduler({
    config: app.config,
    clock,
    answers: app.storage.answers,
    reminderLog: app.storage.reminders,
    conversations: app.storage.conversations,
    pauses: app.storage.pauses,
    snoozes: app.storage.snoozes,
    delivery: createReminderDelivery({
      reminderLog: app.storage.reminders,
      sender: createProactiveSender(adapter, ''),
      clock,
      logger: silentLogger,
    }),
    logger: silentLogger,
    instanceId: `snooze-${randomUUID().slice(0, 8)}`,
  }).runOnce();
}

function titleOf(activity: SentActivity): string {
  const body = cardOf(activity)?.body as { text?: string }[] | undefined;
  return body?.[0]?.text ?? '';
}

/** The reminder cards a person has received (not the welcome card, not replies to them). */
const reminders = (id: string) =>
  fake.activities(`a:personal-${id}`).filter((a) => titleOf(a).includes('uppföljningen för mars'));

describe('"Påminn mig i morgon" over Easter 2024', () => {
  it('the opening reminder on Tuesday 26 March carries the button', async () => {
    const report = await runAt('2024-03-26T08:00:00Z');
    expect(report.sent).toBe(Object.keys(INSTALLED).length);
    const [card] = reminders('demo-chef-amf');
    expect(titleOf(card as SentActivity)).toBe('Nu är uppföljningen för mars öppen');
    expect(findAction(cardOf(card), 'Påminn mig i morgon').data).toMatchObject({ verb: 'reminders.snooze' });
  });

  it('on Skärtorsdagen Anna writes it and Karin presses the button: both are told Tuesday 2 April', async () => {
    const anna = await session('demo-chef-amc', 'Anna Lind').say('Påminn mig i morgon!');
    expect(cardText(anna)).toContain('Du får ingen påminnelse förrän tisdag 2 april 2024, nästa arbetsdag.');
    const [card] = reminders('demo-chef-amf');
    const action = findAction(cardOf(card), 'Påminn mig i morgon');
    const karin = await session('demo-chef-amf', 'Karin Holm').sendAction(
      'reminders.snooze',
      action.data as Record<string, unknown>,
    );
    expect(cardText(karin)).toContain('tisdag 2 april 2024');
    expect(await app.storage.snoozes.get('demo-chef-amc')).toMatchObject({ until: '2024-04-02' });
    expect(await app.storage.snoozes.get('demo-chef-amf')).toMatchObject({ until: '2024-04-02' });
  });

  it('nothing on Långfredagen, the weekend or Annandag påsk; on Tuesday one reminder each, to them alone', async () => {
    for (const day of ['2024-03-29', '2024-03-30', '2024-03-31', '2024-04-01']) {
      expect((await runAt(`${day}T08:00:00Z`)).sent).toBe(0);
    }
    expect(reminders('demo-chef-amc')).toHaveLength(1);

    const tuesday = await runAt('2024-04-02T07:00:00Z'); // 09:00, summer time
    expect(tuesday.entries.filter((e) => e.outcome === 'sent').map((e) => [e.aadObjectId, e.kind])).toEqual(
      expect.arrayContaining([
        ['demo-chef-amc', 'snooze-2024-04-02'],
        ['demo-chef-amf', 'snooze-2024-04-02'],
      ]),
    );
    expect(tuesday.sent).toBe(2);
    for (const id of ['demo-chef-amc', 'demo-chef-amf']) {
      const cards = reminders(id);
      expect(cards.map(titleOf)).toEqual([
        'Nu är uppföljningen för mars öppen',
        'Påminnelse: uppföljningen för mars',
      ]);
      expect(cardText(cardOf(cards[1]))).toContain(
        'Sista dag att skicka in är måndag 8 april – om 4 arbetsdagar.',
      );
    }
    for (const id of ['demo-chef-stab', 'demo-chef-cfv']) expect(reminders(id)).toHaveLength(1);
    // Spent: a later pass the same day sends nothing more.
    expect((await runAt('2024-04-02T12:00:00Z')).sent).toBe(0);
  });

  it('a snooze holds back a reminder that falls due the same day, and it comes the next working day', async () => {
    // Sofia asks on Thursday 4 April, the day before-2 is due, before the pass.
    await app.storage.snoozes.put({
      aadObjectId: 'demo-chef-stab',
      until: snoozeUntil('2024-04-04', wd),
      setAt: '2024-04-04T06:00:00.000Z',
    });
    const thursday = await runAt('2024-04-04T07:00:00Z');
    expect(thursday.notes).toContainEqual(
      expect.objectContaining({ aadObjectId: 'demo-chef-stab', reason: 'snoozed', periodId: '2024-03' }),
    );
    expect(thursday.entries.find((e) => e.aadObjectId === 'demo-chef-stab')).toBeUndefined();
    expect(reminders('demo-chef-stab')).toHaveLength(1);
    expect(reminders('demo-chef-cfv').map(titleOf).at(-1)).toBe('Påminnelse: uppföljningen för mars');

    const friday = await runAt('2024-04-05T07:00:00Z');
    expect(friday.entries.map((e) => [e.aadObjectId, e.kind, e.outcome])).toContainEqual([
      'demo-chef-stab',
      'before-2',
      'sent',
    ]);
    expect(reminders('demo-chef-stab')).toHaveLength(2);
    expect(reminders('demo-chef-cfv')).toHaveLength(2);
  });
});
