import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  BOT_ID,
  BOT_NAME,
  cardOf,
  type FakeTeams,
  fillCard,
  findAction,
  inputIds,
  invokeActivity,
  messageActivity,
  startFakeTeams,
  TENANT_ID,
  teamsUser,
} from '../support/fake-teams.js';

const user = teamsUser('aad-anna', 'Anna Andersson');

describe('fake Teams connector, driven by botbuilder CloudAdapter', () => {
  let fake: FakeTeams;
  // No MicrosoftAppId: auth is off, so the adapter calls the fake without fetching tokens.
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));

  beforeAll(async () => {
    fake = await startFakeTeams();
  });
  afterEach(() => fake.clear());
  afterAll(async () => {
    await fake.close();
  });

  const conversationId = `a:personal-${user.aadObjectId}`;

  /** Runs `logic` in a proactive turn in Anna's personal chat, from a reference like the bot stores. */
  async function proactive(logic: (ctx: TurnContext) => Promise<void>): Promise<void> {
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl: fake.url,
      bot: { id: BOT_ID, name: BOT_NAME },
      user,
      conversation: {
        id: conversationId,
        conversationType: 'personal',
        tenantId: TENANT_ID,
        isGroup: false,
        name: '',
      },
    };
    await adapter.continueConversationAsync('', reference, logic);
  }

  it('records sent messages and updates, with URL-decoded Teams conversation ids', async () => {
    await proactive(async (ctx) => {
      await ctx.sendActivity('Hej');
      const r = await ctx.sendActivity('x');
      expect(r?.id).toMatch(/^fake-\d+$/);
      await ctx.updateActivity({ type: 'message', id: r?.id, text: 'y' });
    });

    const sent = fake.activities(conversationId);
    expect(sent.map((a) => a.text)).toEqual(['Hej', 'x']);
    expect(sent[0]).toMatchObject({ type: 'message', recipient: { id: user.id }, from: { id: BOT_ID } });

    const [update] = fake.updates(conversationId);
    expect(update?.activityId).toBe(sent[1]?.id);
    expect(fake.current(sent[1]?.id ?? '')?.text).toBe('y');
    // botbuilder sends proactive messages as replies to the continuation activity's random id.
    const continuationId = fake.requests[0]?.activityId;
    expect(fake.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      `POST /v3/conversations/${conversationId}/activities/${continuationId} 201`,
      `POST /v3/conversations/${conversationId}/activities/${continuationId} 201`,
      `PUT /v3/conversations/${conversationId}/activities/${sent[1]?.id} 200`,
    ]);
  });

  it('makes sendActivity throw with the injected status', async () => {
    fake.respondWith(403, { times: 1 });
    const error = await proactive(async (ctx) => {
      await ctx.sendActivity('blocked');
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 403 });
    expect(fake.activities()).toEqual([]);

    // Only the next POST failed.
    await proactive(async (ctx) => {
      await ctx.sendActivity('ok');
    });
    expect(fake.activities().map((a) => a.text)).toEqual(['ok']);
  });

  it('waitFor resolves past and future activities, and times out listing what arrived', async () => {
    await proactive(async (ctx) => {
      await ctx.sendActivity('first');
    });
    await expect(fake.waitFor((a) => a.text === 'first')).resolves.toMatchObject({ text: 'first' });

    const later = fake.waitFor((a) => a.text === 'second');
    await proactive(async (ctx) => {
      await ctx.sendActivity('second');
    });
    await expect(later).resolves.toMatchObject({ text: 'second' });

    await expect(fake.waitFor((a) => a.text === 'never', { timeoutMs: 50 })).rejects.toThrow(
      /no matching sent activity within 50 ms[\s\S]*text="first"/,
    );
  });

  it('answers member lookups from its registry and 404s unknown routes', async () => {
    fake.addMember({ aadObjectId: 'aad-anna', name: 'Anna Andersson', email: 'anna@example.se' });
    const base = `${fake.url}v3/conversations/${encodeURIComponent('a:personal-aad-anna')}`;
    const member = await fetch(`${base}/members/${encodeURIComponent('29:aad-anna')}`);
    expect(await member.json()).toMatchObject({ aadObjectId: 'aad-anna', email: 'anna@example.se' });
    expect((await fetch(`${base}/members/nobody`)).status).toBe(404);
    expect((await fetch(`${fake.url}v3/teams/x`)).status).toBe(404);
    expect(fake.requests.map((r) => r.path).at(-1)).toBe('/v3/teams/x');

    const created = await fetch(`${fake.url}v3/conversations`, { method: 'POST', body: '{}' });
    expect(await created.json()).toMatchObject({ id: expect.stringMatching(/^a:new-\d+$/) });
  });

  it('builds Teams-shaped inbound activities; invokes carry the card activity id', () => {
    expect(messageActivity(user, 'hej', { serviceUrl: fake.url })).toMatchObject({
      type: 'message',
      text: 'hej',
      channelId: 'msteams',
      serviceUrl: fake.url,
      from: { id: '29:aad-anna', aadObjectId: 'aad-anna' },
      recipient: { id: BOT_ID },
      conversation: { id: 'a:personal-aad-anna', conversationType: 'personal', tenantId: TENANT_ID },
      channelData: { tenant: { id: TENANT_ID } },
      locale: 'sv-SE',
    });
    const invoke = invokeActivity(
      user,
      'save',
      { unitId: 'amc' },
      { serviceUrl: fake.url, replyToId: 'fake-1' },
    );
    expect(invoke).toMatchObject({
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId: 'fake-1',
      value: { action: { type: 'Action.Execute', verb: 'save', data: { unitId: 'amc' } }, trigger: 'manual' },
    });
  });
});

describe('filling in an Adaptive Card', () => {
  const card = {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [
      { type: 'Input.Text', id: 'comment', label: 'Kommentar', value: 'Som planerat' },
      {
        type: 'Container',
        items: [{ type: 'Input.Number', id: 'prognosis', label: 'Prognos', isRequired: true }],
      },
      { type: 'Input.Toggle', id: 'done', title: 'Klar' },
      {
        type: 'Input.ChoiceSet',
        id: 'status',
        label: 'Status',
        value: 'green',
        choices: [
          { title: 'Grön', value: 'green' },
          { title: 'Röd', value: 'red' },
        ],
      },
    ],
    actions: [
      { type: 'Action.Execute', title: 'Spara', verb: 'save', data: { verb: 'save', unitId: 'amc' } },
    ],
  };

  it('lists inputs and finds actions by title or verb', () => {
    expect(
      inputIds(card).map(({ id, type, label, isRequired }) => ({ id, type, label, isRequired })),
    ).toEqual([
      { id: 'comment', type: 'Input.Text', label: 'Kommentar', isRequired: false },
      { id: 'prognosis', type: 'Input.Number', label: 'Prognos', isRequired: true },
      { id: 'done', type: 'Input.Toggle', label: undefined, isRequired: false },
      { id: 'status', type: 'Input.ChoiceSet', label: 'Status', isRequired: false },
    ]);
    expect(findAction(card, 'Spara')).toBe(findAction(card, 'save'));
    expect(() => findAction(card, 'Skicka')).toThrow(/Action.Execute title="Spara"/);
  });

  it('merges action data with all inputs as strings', () => {
    expect(fillCard(card, { prognosis: '3090', done: 'true', status: 'Röd' })).toEqual({
      verb: 'save',
      unitId: 'amc',
      comment: 'Som planerat',
      prognosis: '3090',
      done: 'true',
      status: 'red',
    });
    expect(fillCard(card, { prognosis: '1' }, 'save')).toMatchObject({ done: 'false', status: 'green' });
  });

  it('refuses what a client would refuse', () => {
    expect(() => fillCard(card, {})).toThrow(/required input "prognosis"/);
    expect(() => fillCard(card, { prognosis: '1', typo: 'x' })).toThrow(/no input "typo"/);
  });

  it('extracts the card of a sent activity', () => {
    const sent = {
      id: 'fake-1',
      conversationId: 'c',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
    };
    expect(cardOf(sent)).toBe(card);
  });
});
