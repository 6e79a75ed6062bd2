/**
 * Leadership's answers only in a personal chat: through the real server, CloudAdapter, Azurite
 * and the fake Teams connector, a leader asks in a group chat and in a channel.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Verb } from '../../src/cards/verbs.js';
import { type RunningApp, startApp } from '../../src/index.js';
import { silentLogger } from '../../src/shared/logger.js';
import { cardText } from '../support/bot-session.js';
import {
  cardOf,
  type FakeTeams,
  type InboundActivity,
  invokeActivity,
  messageActivity,
  postActivity,
  startFakeTeams,
  teamsUser,
} from '../support/fake-teams.js';

const TENANT = '0c7f7b7e-8c4a-4a7e-9c55-1f0d2a3b4c5d';
const ledning = teamsUser('demo-ledning', 'Helena Strand');

let fake: FakeTeams;
let app: RunningApp;

beforeAll(async () => {
  fake = await startFakeTeams();
  app = await startApp(
    {
      PORT: '0',
      STORAGE_CONNECTION_STRING: inject('azuriteConnectionString'),
      TABLE_PREFIX: `p${randomUUID().replace(/-/g, '').slice(0, 12)}`,
      FOLLOWUP_NOW: '2024-09-03T10:00:00+02:00',
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

function inConversation(activity: InboundActivity, conversationType: string, id: string): InboundActivity {
  return { ...activity, conversation: { ...activity.conversation, id, conversationType } };
}

/** Everything the bot posted in a conversation, as text a person would read. */
function shown(conversationId: string): string {
  return fake
    .activities(conversationId)
    .map((a) => `${a.text ?? ''}\n${cardText(cardOf(a) ?? {})}`)
    .join('\n');
}

describe('leadership asks where others can read along', () => {
  for (const [conversationType, id] of [
    ['groupChat', '19:grupp-ledningen@thread.v2'],
    ['channel', '19:kanal-allmant@thread.tacv2;messageid=1'],
  ] as const) {
    it(`"prognos" in a ${conversationType} gets a pointer to the personal chat and nothing of the prognosis`, async () => {
      const ask = inConversation(
        messageActivity(ledning, 'prognos', { serviceUrl: fake.url, tenantId: TENANT }),
        conversationType,
        id,
      );
      expect((await postActivity(app.url, ask)).status).toBe(200);
      await fake.waitFor((a) => a.conversationId === id);
      for (const question of ['ekonomi', 'saknas', 'rapport', 'status']) {
        const more = inConversation(
          messageActivity(ledning, question, { serviceUrl: fake.url, tenantId: TENANT }),
          conversationType,
          id,
        );
        expect((await postActivity(app.url, more)).status).toBe(200);
      }
      const text = shown(id);
      expect(fake.activities(id)).toHaveLength(5);
      expect(text).toContain('bara på i en personlig chatt');
      expect(text).not.toMatch(/Augusti 2024|tkr|förslag|enheter har svarat|\.docx|\.xlsx|files\//i);
    });
  }

  it('a leadership card action from a group chat gets the same answer in its invoke response', async () => {
    const press = inConversation(
      invokeActivity(
        ledning,
        Verb.leadershipEconomy,
        { periodId: '2024-08' },
        { serviceUrl: fake.url, tenantId: TENANT, replyToId: 'kort-1' },
      ),
      'groupChat',
      '19:grupp-tva@thread.v2',
    );
    const { status, body } = await postActivity(app.url, press);
    expect(status).toBe(200);
    const card = (body as { value?: unknown }).value;
    expect(cardText(card)).toContain('bara på i en personlig chatt');
    expect(cardText(card)).not.toMatch(/tkr/);
  });

  it('in the personal chat the same question gets the prognosis', async () => {
    const ask = messageActivity(ledning, 'prognos', { serviceUrl: fake.url, tenantId: TENANT });
    expect((await postActivity(app.url, ask)).status).toBe(200);
    const reply = await fake.waitFor(
      (a) => a.conversationId === ask.conversation.id && cardOf(a) !== undefined,
    );
    expect(cardText(cardOf(reply))).toContain('augusti 2024 – delår 2');
  });
});
