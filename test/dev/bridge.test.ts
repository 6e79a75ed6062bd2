/**
 * The /dev bridge over plain HTTP, no browser: the DirectLine-like API the page uses, the
 * connector routes the bot calls back (replies, card updates, proactive messages), and the page
 * and Web Chat bundle it serves. The real app, real CloudAdapter and Azurite.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { ConversationReference } from 'botbuilder';
import restify from 'restify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAdapter } from '../../src/bot/http.js';
import { createBridge } from '../../src/dev/bridge.js';
import { devIdentities } from '../../src/dev/identities.js';
import { silentLogger } from '../../src/shared/logger.js';
import { cardText } from '../support/bot-session.js';
import { type DevApp, startDevApp } from '../support/dev-app.js';
import { cardOf, findAction, type SentActivity } from '../support/fake-teams.js';

const TENANT = '0c7f7b7e-8c4a-4a7e-9c55-1f0d2a3b4c5d';
const CONVERSATION = 'dev-demo-chef-amc';

type Activity = SentActivity & { from?: { id?: string; role?: string }; timestamp?: string };

let dev: DevApp;

beforeAll(async () => {
  dev = await startDevApp(
    {
      PORT: '0',
      STORAGE_CONNECTION_STRING: inject('azuriteConnectionString'),
      TABLE_PREFIX: `b${randomUUID().replace(/-/g, '').slice(0, 12)}`,
      FOLLOWUP_NOW: '2024-09-03T10:00:00+02:00',
      ALLOWED_TENANT_IDS: TENANT,
      // Reminders run when the test says, not on the app's timer.
      REMINDER_SCHEDULER: 'off',
    },
    silentLogger,
  );
});

afterAll(async () => {
  await dev?.stop();
});

const api = (path: string) => `${dev.url}/dev/api/conversations/${CONVERSATION}${path}`;

/** A page-side reader of the conversation, like the DirectLine object on the page. */
class Reader {
  watermark: string | null = null;
  /** Every version received, in order. */
  readonly received: Activity[] = [];

  async poll(): Promise<Activity[]> {
    const res = await fetch(
      api(`/activities${this.watermark === null ? '' : `?watermark=${this.watermark}`}`),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { activities: Activity[]; watermark: string };
    this.watermark = body.watermark;
    this.received.push(...body.activities);
    return body.activities;
  }

  /** Polls until an activity matches; bounded in polls (each one answers when something arrives). */
  async until(predicate: (a: Activity) => boolean, maxPolls = 50): Promise<Activity> {
    for (let i = 0; i <= maxPolls; i++) {
      const found = this.received.find(predicate);
      if (found) return found;
      if (i < maxPolls) await this.poll();
    }
    throw new Error(`nothing matched; received: ${JSON.stringify(this.received).slice(0, 2_000)}`);
  }
}

async function post(activity: Record<string, unknown>): Promise<string> {
  const res = await fetch(api('/activities'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { id: string }).id;
}

describe('the DirectLine-like API', () => {
  const reader = new Reader();
  let startCardId = '';

  // That it answers without waiting is shown on a bridge of its own below, whose wait is longer
  // than a test may take.
  it('answers the first poll with nothing yet', async () => {
    expect(await reader.poll()).toEqual([]);
    expect(reader.watermark).toBe('0');
  });

  it('sends the install event as Teams would, so the bot stores how to reach the person', async () => {
    const res = await fetch(api('/install'), { method: 'POST' });
    expect(res.status).toBe(200);
    const welcome = await reader.until((a) => cardText(cardOf(a)).includes('Hej Anna!'));
    expect(welcome.from).toMatchObject({ role: 'bot', name: 'Uppföljningsboten' });
    // Submit, not Execute: Web Chat does not run Action.Execute.
    expect(JSON.stringify(cardOf(welcome))).toContain('Action.Submit');
    expect(JSON.stringify(cardOf(welcome))).not.toContain('Action.Execute');
    const stored = await dev.app.storage.conversations.get('demo-chef-amc');
    expect(stored?.reference).toMatchObject({
      serviceUrl: `${dev.url}/dev/connector`,
      channelId: 'webchat',
      conversation: { id: CONVERSATION, conversationType: 'personal', tenantId: TENANT },
      user: { id: '29:demo-chef-amc', aadObjectId: 'demo-chef-amc' },
    });
  });

  it('echoes a message with its id and clientActivityID, and delivers the reply to it', async () => {
    const id = await post({
      type: 'message',
      text: 'rapportera',
      from: { id: '29:demo-chef-amc', name: 'Anna Lind', role: 'user' },
      channelData: { clientActivityID: 'client-1' },
    });
    const echo = await reader.until((a) => a.id === id);
    expect(echo).toMatchObject({
      type: 'message',
      text: 'rapportera',
      from: { id: '29:demo-chef-amc', role: 'user' },
      channelData: { clientActivityID: 'client-1' },
    });
    const start = await reader.until((a) => cardText(cardOf(a)).includes('Augusti 2024 – delår 2'));
    expect(start.replyToId).toBe(id);
    expect(Date.parse(start.timestamp ?? '')).toBeGreaterThan(Date.parse(echo.timestamp ?? ''));
    startCardId = start.id;
  });

  it('replaces the pressed card in place when a button is pressed (Action.Submit postBack)', async () => {
    const start = reader.received.find((a) => a.id === startCardId);
    const begin = findAction(cardOf(start), 'Börja');
    expect(begin.type).toBe('Action.Submit');
    const before = reader.received.length;
    // What Web Chat sends for an Action.Submit: the data as `value`, no text, no replyToId.
    await post({
      type: 'message',
      value: begin.data,
      channelData: { postBack: true, clientActivityID: 'c-2' },
    });
    const updated = await reader.until((a) => reader.received.indexOf(a) >= before && a.id === startCardId);
    expect(cardText(cardOf(updated))).toContain('Professionellt bemötande och hög tillgänglighet');
    expect(cardText(cardOf(updated))).toContain('Steg 1 av 6');
    // Same place in the transcript, and no new card.
    expect(updated.timestamp).toBe(start?.timestamp);
    const newCards = reader.received.slice(before).filter((a) => cardOf(a) && a.id !== startCardId);
    expect(newCards).toEqual([]);
    expect(dev.dev.bridge.transcript(CONVERSATION).filter((a) => cardOf(a as never)).length).toBe(2);
  });

  it('a new reader (page reload) gets the current version of each activity once', async () => {
    const fresh = new Reader();
    const all = await fresh.poll();
    const ids = all.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(cardText(cardOf(all.find((a) => a.id === startCardId)))).toContain('Steg 1 av 6');
  });

  it('delivers a proactive message into the conversation, not held for an unknown reply', async () => {
    const adapter = createAdapter(dev.app.settings.bot, silentLogger);
    const stored = await dev.app.storage.conversations.get('demo-chef-amc');
    await adapter.continueConversationAsync(
      '',
      stored?.reference as Partial<ConversationReference>,
      async (ctx) => {
        await ctx.sendActivity('Ett meddelande som boten skickar på eget initiativ.');
      },
    );
    const proactive = await reader.until((a) => a.text?.startsWith('Ett meddelande som boten') === true);
    expect(proactive.from).toMatchObject({ role: 'bot' });
    // botbuilder replies to a made-up id in proactive turns; Web Chat would wait 5 s for it.
    expect(proactive.replyToId).toBeUndefined();
  });

  it('runs the reminders now, and the reminder arrives in the conversation', async () => {
    const before = reader.received.length;
    const res = await fetch(`${dev.url}/dev/api/reminders/run`, { method: 'POST' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { sent: number }; summary: string };
    expect(body.result.sent).toBe(1);
    expect(body.summary).toMatch(/^1 skickade/);
    const reminder = await reader.until(
      (a) => reader.received.indexOf(a) >= before && cardOf(a) !== undefined,
    );
    expect(reminder.from).toMatchObject({ role: 'bot' });
    expect(reminder.replyToId).toBeUndefined();
    // Web Chat gets Action.Submit here too.
    expect(JSON.stringify(cardOf(reminder))).not.toContain('Action.Execute');
  });
});

describe('the long-poll on a bridge of its own', () => {
  /**
   * A bridge on a server of its own, whose bot cannot be reached. Each request below either ends
   * by what the test does or not at all within the test's time limit, so no clock is read: a
   * long-poll that waited when it should answer would fail the test by its timeout.
   */
  async function ownBridge(pollMs: number) {
    const server = restify.createServer();
    server.use(restify.plugins.queryParser({ mapParams: false }));
    const bridge = createBridge({
      botUrl: () => 'http://127.0.0.1:9',
      tenantId: TENANT,
      identities: devIdentities(dev.app.config),
      logger: silentLogger,
      pollMs,
    });
    bridge.mount(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as AddressInfo;
    const poll = async (watermark?: string) => {
      const query = watermark === undefined ? '' : `?watermark=${watermark}`;
      const res = await fetch(
        `http://127.0.0.1:${port}/dev/api/conversations/${CONVERSATION}/activities${query}`,
      );
      expect(res.status).toBe(200);
      return (await res.json()) as { activities: Activity[]; watermark: string };
    };
    return { bridge, poll, close: () => server.close() };
  }

  /** Longer than any test may run: a poll that waits this long fails the test. */
  const FOREVER_MS = 10 * 60_000;

  it('is bounded when nothing happens', async () => {
    const own = await ownBridge(400);
    try {
      expect(await own.poll('0')).toEqual({ activities: [], watermark: '0' });
    } finally {
      own.close();
    }
  });

  it('answers a poll without a watermark at once, a waiting one when something happens, and every one after close()', async () => {
    const own = await ownBridge(FOREVER_MS);
    try {
      expect(await own.poll()).toEqual({ activities: [], watermark: '0' });

      const waiting = own.poll('0');
      const sent = await own.bridge.send(CONVERSATION, { type: 'message', text: 'hej' });
      const woken = await waiting;
      expect(woken.activities.map((a) => a.id)).toContain(sent.id);
      expect(woken.activities.find((a) => a.id === sent.id)?.text).toBe('hej');
      // The bot cannot be reached: the bridge says so in the conversation.
      await sent.delivered;
      const all = await own.poll();
      expect(all.activities.map((a) => a.text)).toContain('Bryggan nådde inte boten. Se serverns logg.');

      const pending = own.poll(all.watermark);
      own.bridge.close();
      expect(await pending).toEqual({ activities: [], watermark: all.watermark });
      // Once closed, nothing waits any more.
      expect(await own.poll(all.watermark)).toEqual({ activities: [], watermark: all.watermark });
    } finally {
      own.close();
    }
  });
});

describe('the connector routes the bot calls', () => {
  const connector = (path: string) => `${dev.url}/dev/connector/v3/conversations${path}`;

  it('creates a personal conversation for a member and returns its members', async () => {
    const res = await fetch(connector(''), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ members: [{ id: '29:demo-ledning' }], tenantId: TENANT, isGroup: false }),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ id: 'dev-demo-ledning' });
    const member = await fetch(connector('/dev-demo-ledning/members/29:demo-ledning'));
    expect(member.status).toBe(200);
    expect(await member.json()).toMatchObject({
      aadObjectId: 'demo-ledning',
      name: 'Helena Strand',
      userPrincipalName: 'helena.strand@example.se',
    });
    expect((await fetch(connector('/dev-demo-ledning/members/29:someone-else'))).status).toBe(404);
  });

  it('refuses to update an activity it does not have, and marks a deleted one', async () => {
    const update = await fetch(connector(`/${CONVERSATION}/activities/nope`), {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'x' }),
    });
    expect(update.status).toBe(404);
    const sent = await fetch(connector(`/${CONVERSATION}/activities`), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'tillfälligt' }),
    });
    const { id } = (await sent.json()) as { id: string };
    expect((await fetch(connector(`/${CONVERSATION}/activities/${id}`), { method: 'DELETE' })).status).toBe(
      200,
    );
    const gone = dev.dev.bridge.transcript(CONVERSATION).find((a) => a.id === id);
    expect(gone?.text).toContain('tagits bort');
  });

  it('refuses page calls for a conversation that is not a demo identity', async () => {
    const res = await fetch(`${dev.url}/dev/api/conversations/dev-nobody/activities`);
    expect(res.status).toBe(404);
  });
});

describe('the page and the Web Chat bundle', () => {
  it('serves the page in Swedish with the identities and the reminders button', async () => {
    const res = await fetch(`${dev.url}/dev?som=demo-chef-multi`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain('Skicka installationshändelse');
    expect(html).toContain('Kör påminnelser nu');
    expect(html).toContain('Mats Ekström – Enhetschef – Arbetsmarknadsservice (AMS), OSA');
    expect(html).toContain('Erik Sjöberg – Ersättare – Arbetsmarknadscentrum (AMC)');
    expect(html).toContain('Helena Strand – Förvaltningschef IAF');
    expect(html).toContain('"conversationId":"dev-demo-chef-multi"');
    expect(html).toContain('<script src="/dev/webchat.js"></script>');
    expect(html).not.toMatch(/https?:\/\/(cdn|unpkg|jsdelivr)/);
  });

  it('serves the Web Chat bundle from node_modules with validators', async () => {
    const res = await fetch(`${dev.url}/dev/webchat.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
    const etag = res.headers.get('etag') ?? '';
    expect(etag).toContain('webchat-4.18.1');
    const body = await res.arrayBuffer();
    expect(body.byteLength).toBeGreaterThan(1_000_000);
    const again = await fetch(`${dev.url}/dev/webchat.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it("serves the page's own script as files, and nothing else from that folder", async () => {
    const html = await (await fetch(`${dev.url}/dev`)).text();
    expect(html).toContain('<script type="module" src="/dev/browser/dev-page.js"></script>');
    const page = await fetch(`${dev.url}/dev/browser/dev-page.js`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('javascript');
    expect(await page.text()).toMatch(/import \{ createBridgeDirectLine \} from '\.\/direct-line\.js'/);
    const directLine = await fetch(`${dev.url}/dev/browser/direct-line.js`);
    expect(await directLine.text()).toMatch(/export function createBridgeDirectLine/);
    const etag = directLine.headers.get('etag') ?? '';
    const again = await fetch(`${dev.url}/dev/browser/direct-line.js`, {
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
    expect((await fetch(`${dev.url}/dev/browser/..%2Fpage.ts`)).status).toBe(404);
  });
});
