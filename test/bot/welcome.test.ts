/**
 * One greeting, for the right person: Teams sends installationUpdate and conversationUpdate a few
 * milliseconds apart, in either order; the person gets exactly one welcome, shaped by their role,
 * and nothing is posted in a group chat. Through the real server and the fake Teams connector.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/index.js';
import { silentLogger } from '../../src/shared/logger.js';
import { cardText } from '../support/bot-session.js';
import {
  cardOf,
  conversationUpdateAdded,
  type FakeTeams,
  installActivity,
  messageActivity,
  postActivity,
  startFakeTeams,
  teamsUser,
  uninstallActivity,
} from '../support/fake-teams.js';

const TENANT = '0c7f7b7e-8c4a-4a7e-9c55-1f0d2a3b4c5d';

let fake: FakeTeams;
let app: RunningApp;

beforeAll(async () => {
  fake = await startFakeTeams();
  app = await startApp(
    {
      PORT: '0',
      STORAGE_CONNECTION_STRING: inject('azuriteConnectionString'),
      TABLE_PREFIX: `w${randomUUID().replace(/-/g, '').slice(0, 12)}`,
      FOLLOWUP_NOW: '2024-09-03T10:00:00+02:00',
      ALLOWED_TENANT_IDS: TENANT,
      REMINDER_SCHEDULER: 'off',
    },
    silentLogger,
  );
});

afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

/** IAF stab sends in one item for a period, as the bot would store it. */
async function sendIn(periodId: string, item: `goal:${string}`, payload: Record<string, unknown>) {
  const key = { committeeId: 'an', periodId, unitId: 'iaf-stab' };
  const actor = { aadObjectId: 'demo-chef-stab', name: 'Sofia Berg' };
  const saved = await app.storage.answers.save({
    ...key,
    item,
    expectedRevision: 0,
    state: 'complete',
    payload,
    answeredBy: actor,
    answeredAt: '2024-08-05T08:00:00.000Z',
    activityId: null,
  });
  if (saved.kind !== 'saved') throw new Error(saved.kind);
  await app.storage.answers.save({
    ...key,
    item: 'submission',
    expectedRevision: 0,
    state: 'complete',
    payload: { kind: 'submission', itemRevisions: { [item]: saved.answer.revision } },
    answeredBy: actor,
    answeredAt: '2024-08-05T08:01:00.000Z',
    activityId: null,
  });
}

/** One turn of the event loop: the first request is on its way before the second starts. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const welcomes = (conversationId: string) =>
  fake.activities(conversationId).filter((a) => cardText(cardOf(a) ?? {}).includes('Uppföljningsboten för'));

/**
 * Both install events at once, or the second a turn of the event loop after the first, as Teams
 * and its emulator send them. Each resolves when the bot has finished its turn (the bot answers
 * the HTTP request after it), so whatever the bot sends has reached the fake Teams by then.
 */
async function installBoth(
  aadObjectId: string,
  name: string,
  first: 'install' | 'update',
  apart: 'together' | 'one-turn',
) {
  const user = teamsUser(aadObjectId, name);
  const opts = { serviceUrl: fake.url, tenantId: TENANT };
  const install = () => postActivity(app.url, installActivity(user, opts));
  const update = () => postActivity(app.url, conversationUpdateAdded(user, opts));
  const [a, b] = first === 'install' ? [install, update] : [update, install];
  const one = a();
  if (apart === 'one-turn') await nextTurn();
  const two = b();
  const results = await Promise.all([one, two]);
  for (const r of results) expect(r.status).toBeLessThan(300);
}

describe('the welcome', () => {
  it('comes exactly once per installation, whatever the order and timing of the install events', async () => {
    const runs = 12;
    for (let i = 0; i < runs; i++) {
      // Alternating which event comes first, together or one after the other.
      await installBoth(
        'demo-chef-amc',
        'Anna Lind',
        i % 2 === 0 ? 'install' : 'update',
        i % 3 === 0 ? 'together' : 'one-turn',
      );
      expect(welcomes('a:personal-demo-chef-amc')).toHaveLength(i + 1);
      // Uninstall, so the next run is a new installation that is welcomed again.
      await postActivity(
        app.url,
        uninstallActivity(teamsUser('demo-chef-amc', 'Anna Lind'), {
          serviceUrl: fake.url,
          tenantId: TENANT,
        }),
      );
    }
    expect(welcomes('a:personal-demo-chef-amc')).toHaveLength(runs);
  });

  it('is not repeated by a second install event of the same installation', async () => {
    const user = teamsUser('demo-chef-amf', 'Karin Holm');
    const opts = { serviceUrl: fake.url, tenantId: TENANT };
    await postActivity(app.url, installActivity(user, opts));
    await postActivity(app.url, conversationUpdateAdded(user, opts));
    await postActivity(app.url, installActivity(user, opts));
    expect(welcomes('a:personal-demo-chef-amf')).toHaveLength(1);
    const text = cardText(cardOf(welcomes('a:personal-demo-chef-amf')[0]) ?? {});
    expect(text).toContain('Hej Karin!');
    expect(text).toContain('nämndmålen för AMF');
    expect(text).toContain('Du svarar för enheten ovan.');
  });

  it('says nothing in a group chat', async () => {
    const user = teamsUser('demo-chef-cfv', 'Maria Wikström');
    const opts = { serviceUrl: fake.url, tenantId: TENANT, conversationId: '19:group-chat@thread.v2' };
    const activity = conversationUpdateAdded(user, opts);
    await postActivity(app.url, {
      ...activity,
      conversation: { ...activity.conversation, conversationType: 'groupChat' },
    } as typeof activity);
    // The turn has ended when postActivity resolves: anything the bot said would be here.
    expect(fake.activities('19:group-chat@thread.v2')).toEqual([]);
  });

  it("greets leadership with leadership's questions, and a stranger without a name correctly", async () => {
    const opts = { serviceUrl: fake.url, tenantId: TENANT };
    await postActivity(app.url, installActivity(teamsUser('demo-ledning', 'Helena Strand'), opts));
    const leader = cardText(cardOf(welcomes('a:personal-demo-ledning')[0]) ?? {});
    expect(leader).toContain('Hej Helena!');
    expect(leader).toContain('Du är registrerad som förvaltningschef IAF.');
    expect(leader).toContain('”prognos”');
    expect(leader).not.toContain('din enhet');

    // Install activities can come without a name.
    await postActivity(app.url, installActivity(teamsUser('someone-unknown', ''), opts));
    const stranger = cardText(cardOf(welcomes('a:personal-someone-unknown')[0]) ?? {});
    expect(stranger).toContain('Hej!');
    expect(stranger).not.toContain('Hej !');
    expect(stranger).toContain('inte registrerad');
    expect(stranger).not.toContain('följa upp nämndmålen');
  });

  it('answers thanks, and leadership’s unknown questions with leadership’s help', async () => {
    const opts = { serviceUrl: fake.url, tenantId: TENANT };
    const helena = teamsUser('demo-ledning', 'Helena Strand');
    await postActivity(app.url, messageActivity(helena, 'tack!', opts));
    await postActivity(app.url, messageActivity(helena, 'vad blir det för väder', opts));
    const sent = fake.activities('a:personal-demo-ledning');
    expect(sent.some((a) => a.text === 'Varsågod!')).toBe(true);
    const help = cardText(cardOf(sent.at(-1)) ?? {});
    expect(help).toContain('Det här kan du fråga');
    expect(help).toContain('Jag förstod inte ”vad blir det för väder”.');
    expect(help).not.toContain('Starta uppföljningen');
  });

  it('shows the latest period with answers when nobody has sent in for the open one yet', async () => {
    const opts = { serviceUrl: fake.url, tenantId: TENANT };
    await sendIn('2024-07', 'goal:hog-avtalstrohet', {
      kind: 'goal',
      goalId: 'hog-avtalstrohet',
      statusId: 'uppfylls-ej',
      results: 'E-handeln ökar.',
      deviations: 'Inga avvikelser.',
      indicators: {},
    });
    const before = fake.activities('a:personal-demo-ledning').length;
    await postActivity(app.url, messageActivity(teamsUser('demo-ledning', 'Helena Strand'), 'prognos', opts));
    const card = cardText(cardOf(fake.activities('a:personal-demo-ledning')[before]));
    expect(card).toContain('Prognos juli 2024');
    expect(card).toContain(
      'Ingen enhet har skickat in för augusti 2024 – delår 2 ännu. Här är juli 2024, den senaste perioden med svar.',
    );
    // Named, the open period still says that nobody has answered.
    await postActivity(
      app.url,
      messageActivity(teamsUser('demo-ledning', 'Helena Strand'), 'prognos augusti', opts),
    );
    expect(cardText(cardOf(fake.activities('a:personal-demo-ledning').at(-1)))).toContain(
      'Inga svar för augusti 2024',
    );
  });

  it('understands leadership’s natural questions through the bot, and says back what was written', async () => {
    const opts = { serviceUrl: fake.url, tenantId: TENANT };
    const helena = teamsUser('demo-ledning', 'Helena Strand');
    // One unit has sent in for August, so there is a report to answer from.
    await sendIn('2024-08', 'goal:goda-arbetsplatser', {
      kind: 'goal',
      goalId: 'goda-arbetsplatser',
      statusId: 'uppfylls-delvis',
      results: 'Sjukfrånvaron minskar.',
      deviations: 'Inga avvikelser.',
      indicators: {},
    });
    const askText = async (text: string) => {
      const before = fake.activities('a:personal-demo-ledning').length;
      await postActivity(app.url, messageActivity(helena, text, opts));
      const after = fake.activities('a:personal-demo-ledning').slice(before);
      return after.map((a) => cardText(cardOf(a) ?? {})).join('\n');
    };
    expect(await askText('hur ser det ut med sjukfrånvaron?')).toContain('Goda arbetsplatser');
    expect(await askText('vilka enheter har inte lämnat in?')).toContain('Svar som saknas – augusti 2024');
    expect(await askText('har alla svarat?')).toContain('Svar som saknas');
    // "rapporterat" is not the managers' "rapportera".
    expect(await askText('vem har inte rapporterat')).toContain('Svar som saknas');
    const none = await askText('prognos för fotbollslaget');
    expect(none).toContain('Jag hittade inget nämndmål som passar ”prognos för fotbollslaget”.');
  });
});
