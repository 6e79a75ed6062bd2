/**
 * Swedish as an editor writes it, in everything the bot says: through the real server and the
 * fake Teams connector, a manager's month (with refused input, the receipt and the next unit),
 * pausing reminders, leadership's questions and report, the controller, a stranger, and the
 * reminders of a late period. Every text a person reads is scanned for straight and English
 * quotation marks, month names capitalised mid-sentence, and "1" with a plural.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/index.js';
import { silentLogger } from '../../src/shared/logger.js';
import { answersFor } from '../support/answers.js';
import { BotSession, type Card, cardText } from '../support/bot-session.js';
import { cardOf, type FakeTeams, inputIds, startFakeTeams } from '../support/fake-teams.js';
import { cardTexts, swedishProblems } from '../support/swedish.js';

const TENANT = '0c7f7b7e-8c4a-4a7e-9c55-1f0d2a3b4c5d';

let fake: FakeTeams;
let app: RunningApp;
/** Every card the people saw, as returned to their presses and as sent or updated in their chats. */
const seen: Card[] = [];

beforeAll(async () => {
  fake = await startFakeTeams();
  app = await startApp(
    {
      PORT: '0',
      STORAGE_CONNECTION_STRING: inject('azuriteConnectionString'),
      TABLE_PREFIX: `s${randomUUID().replace(/-/g, '').slice(0, 12)}`,
      // After August's deadline, before its lock: late wording and overdue reminders too.
      FOLLOWUP_NOW: '2024-09-10T10:00:00+02:00',
      ALLOWED_TENANT_IDS: TENANT,
      REMINDER_SCHEDULER: 'off',
    },
    silentLogger,
  );
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

function session(aadObjectId: string, name: string, mode: 'execute' | 'submit' = 'execute'): BotSession {
  const s = new BotSession({ botUrl: app.url, fake, aadObjectId, name, tenantId: TENANT, mode });
  // Every card a press or a message gives back is one the person reads.
  for (const method of ['install', 'say', 'press', 'sendAction'] as const) {
    const original = s[method].bind(s) as (...args: unknown[]) => Promise<Card>;
    (s as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
      const card = await original(...args);
      seen.push(card);
      return card;
    };
  }
  return s;
}

/** Walks a unit's step cards to the summary, typing what a diligent manager would. */
async function walk(who: BotSession, first: Card): Promise<Card> {
  let card = first;
  for (let i = 0; i < 40 && !cardText(card).includes('Granska och skicka in'); i++) {
    card = await who.press('Nästa', answersFor(card));
  }
  return card;
}

describe('everything the bot says is written the Swedish way', () => {
  it('a manager: welcome, help, refusals, a month, the receipt, pausing, thanks and a question it does not know', async () => {
    const anna = session('demo-chef-amc', 'Anna Lind');
    await anna.install();
    await anna.say('hjälp');
    await anna.say('rapportera');
    let card = await anna.press('Börja');
    // Refused input: an over-long text, then a share that cannot be read and a count with decimals.
    card = await anna.press('Nästa', answersFor(card, { results: 'x'.repeat(2_100) }));
    card = await anna.press('Nästa', answersFor(card));
    const cells = inputIds(card).filter((i) => /^ind\..*\.(total|kvinnor)$/.test(i.id));
    card = await anna.press('Nästa', answersFor(card, { [cells[0]?.id ?? '']: '12,5,3' }));
    card = await walk(anna, await anna.press('Nästa', answersFor(card)));
    await anna.press('Skicka in');
    await anna.say('status');
    await anna.say('pausa påminnelser till 15 september');
    await anna.say('pausa påminnelser till igår');
    await anna.say('återuppta påminnelser');
    await anna.say('tack!');
    await anna.say('vad är klockan i Tokyo?');
  });

  it('the manager of two units: the receipt of the first offers the second', async () => {
    const mats = session('demo-chef-multi', 'Mats Ekström', 'submit');
    await mats.install();
    await mats.say('rapportera');
    const summary = await walk(mats, await mats.press('Börja'));
    expect(cardText(summary)).toContain('Granska och skicka in');
    const receipt = await mats.press('Skicka in');
    expect(cardText(receipt)).toContain('Nu återstår OSA');
    const next = await mats.press('Fortsätt med OSA');
    expect(cardText(next)).toContain('OSA');
  });

  it('leadership: help, prognosis, a goal, the economy, who is missing, an earlier period, the report', async () => {
    const helena = session('demo-ledning', 'Helena Strand', 'submit');
    await helena.install();
    for (const question of [
      'hjälp',
      'prognos',
      'prognos egenförsörjning',
      'ekonomi',
      'vilka har inte svarat?',
      'prognos juni',
      'prognos 2019-06',
      'rapport excel',
      'något helt annat',
    ])
      await helena.say(question);
  });

  it('the controller and a person the bot does not know', async () => {
    const david = session('demo-controller', 'David Ek');
    await david.install();
    await david.say('rapportera');
    await david.say('bokslut 2024');
    const stranger = session('someone-unknown', '');
    await stranger.install();
    await stranger.say('hej');
    await stranger.say('rapportera');
  });

  it('reminders of a late period, to the units and to leadership', async () => {
    const before = fake.activities().length;
    await app.reminders.runOnce();
    expect(fake.activities().length).toBeGreaterThan(before);
  });

  it('has no straight or English quotation marks, capitalised months mid-sentence or "1" with a plural', () => {
    const updates = fake.updates().map((u) => cardOf(u.activity));
    const sent = fake.activities();
    const cards = [...seen, ...sent.map((a) => cardOf(a)), ...updates].filter(
      (c): c is Card => c !== undefined,
    );
    const texts = [...cards.flatMap(cardTexts), ...sent.map((a) => a.text ?? '').filter(Boolean)];
    expect(cards.length).toBeGreaterThan(60);
    expect(texts.length).toBeGreaterThan(1_000);
    const problems = [...new Set(texts)].flatMap(swedishProblems);
    expect(problems).toEqual([]);
  });
});

describe('the scan itself', () => {
  it.each([
    ['Förra perioden (Juli 2024): 66,7 %', 'månadsnamn'],
    ['Svaren för Augusti 2024 – delår 2 är låsta.', 'månadsnamn'],
    ['Skriv "rapportera" för att börja.', 'raka'],
    ['Skriv “rapportera” för att börja.', 'engelska'],
    ['Du har 1 uppgifter kvar.', 'plural'],
  ])('marks %s', (text, problem) => {
    expect(
      swedishProblems(text)
        .map((p) => p.problem)
        .join(),
    ).toContain(problem);
  });

  it.each([
    'Augusti 2024 – delår 2',
    'Juli 2024: 66,7 % · Målvärde 2024: minst 70 %',
    'Skriv ”rapportera” för att börja.',
    'Sista dag att svara: fredag 6 september',
    '1 av 5 klar',
    '11 enheter har svarat',
  ])('lets %s pass', (text) => {
    expect(swedishProblems(text)).toEqual([]);
  });
});
