/**
 * A fake Teams connector for end-to-end tests, plus builders for what Teams sends to the bot.
 *
 * The bot replies to whatever `serviceUrl` an inbound activity carries, so tests point that at this
 * server and everything the bot sends (replies, proactive messages, card updates, new conversations)
 * lands here instead of Teams. It speaks the Bot Framework v3 REST API as botframework-connector's
 * ConnectorClient calls it, and records every request so tests can assert on the exact traffic.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const BOT_ID = '28:bot-id';
export const BOT_NAME = 'Uppföljningsboten';
export const TENANT_ID = 'tenant-test';

// ---------------------------------------------------------------------------------------------
// The fake connector
// ---------------------------------------------------------------------------------------------

export interface RecordedRequest {
  method: string;
  /** Decoded path, e.g. `/v3/conversations/a:personal-x/activities`. */
  path: string;
  conversationId?: string;
  activityId?: string;
  body: unknown;
  /** The status the fake answered with. */
  status: number;
}

/** An activity the bot sent, as stored by the fake (its `id` is the one the fake handed out). */
export interface SentActivity {
  id: string;
  conversationId: string;
  type?: string;
  text?: string;
  replyToId?: string;
  attachments?: { contentType: string; content?: unknown }[];
  [key: string]: unknown;
}

export interface RecordedUpdate {
  conversationId: string;
  activityId: string;
  activity: SentActivity;
}

export interface FakeMember {
  aadObjectId: string;
  name: string;
  /** Defaults to `29:` + aadObjectId, like {@link teamsUser}. */
  id?: string;
  userPrincipalName?: string;
  email?: string;
  givenName?: string;
  surname?: string;
}

export interface FailureOptions {
  /** Sent as the `Retry-After` header (seconds). */
  retryAfterSeconds?: number;
  /** How many of the next activity POSTs fail. Default 1. */
  times?: number;
}

export interface FakeTeams {
  /** The serviceUrl to put in inbound activities. Ends with `/`. */
  readonly url: string;
  /** Every request received, in order (including failed and unknown ones). */
  readonly requests: readonly RecordedRequest[];
  /** Activities the bot sent (new messages and replies), as originally sent. */
  activities(conversationId?: string): SentActivity[];
  /** updateActivity calls, in order. */
  updates(conversationId?: string): RecordedUpdate[];
  /** Ids of activities the bot deleted. */
  deletes(conversationId?: string): string[];
  /** The latest version of a sent activity (after updates), or undefined if unknown or deleted. */
  current(activityId: string): SentActivity | undefined;
  /** First sent activity (past or future) matching the predicate; rejects after `timeoutMs`. */
  waitFor(predicate: (a: SentActivity) => boolean, opts?: { timeoutMs?: number }): Promise<SentActivity>;
  /** Like waitFor, for updateActivity calls. */
  waitForUpdate(
    predicate: (u: RecordedUpdate) => boolean,
    opts?: { timeoutMs?: number },
  ): Promise<RecordedUpdate>;
  /**
   * Make the next activity POSTs (sends and replies) fail with this status. botbuilder's HTTP pipeline
   * retries 5xx (backoff, ~6 s in all) and 429 when Retry-After is set, up to 4 attempts in total: use
   * `times: 4` for a send that really fails, fewer to test that a retry gets through.
   */
  respondWith(status: number, opts?: FailureOptions): void;
  /** Register a user that `GET /v3/conversations/{id}/members[/{memberId}]` returns. */
  addMember(member: FakeMember): void;
  /** Forget recorded traffic and pending failures; keeps members and keeps ids unique. */
  clear(): void;
  close(): Promise<void>;
}

interface Waiter<T> {
  predicate: (item: T) => boolean;
  resolve: (item: T) => void;
  reject: (error: Error) => void;
}

const DEFAULT_WAIT_MS = 5000;

export async function startFakeTeams(): Promise<FakeTeams> {
  let requests: RecordedRequest[] = [];
  let sent: SentActivity[] = [];
  let updates: RecordedUpdate[] = [];
  let deletes: { conversationId: string; activityId: string }[] = [];
  const latest = new Map<string, SentActivity>();
  const members = new Map<string, FakeMember>();
  let failures: { status: number; retryAfterSeconds?: number; remaining: number }[] = [];
  const sentWaiters = new Set<Waiter<SentActivity>>();
  const updateWaiters = new Set<Waiter<RecordedUpdate>>();
  let counter = 0;
  const nextId = () => `fake-${++counter}`;

  function notify<T>(waiters: Set<Waiter<T>>, item: T): void {
    for (const w of waiters) {
      if (safeMatch(w.predicate, item)) {
        waiters.delete(w);
        w.resolve(item);
      }
    }
  }

  function storeSent(conversationId: string, body: unknown): SentActivity {
    const activity: SentActivity = { ...asObject(body), id: nextId(), conversationId };
    sent.push(activity);
    latest.set(activity.id, activity);
    notify(sentWaiters, activity);
    return activity;
  }

  function memberJson(m: FakeMember): Record<string, unknown> {
    return {
      id: m.id ?? `29:${m.aadObjectId}`,
      name: m.name,
      aadObjectId: m.aadObjectId,
      userPrincipalName: m.userPrincipalName,
      email: m.email,
      givenName: m.givenName,
      surname: m.surname,
      tenantId: TENANT_ID,
      userRole: 'user',
    };
  }

  /** Routes one request; returns [status, json body or undefined, extra headers]. */
  function route(
    method: string,
    segments: string[],
    body: unknown,
    rec: RecordedRequest,
  ): [number, unknown, Record<string, string>?] {
    const [v3, collection, conversationId, sub, subId, ...rest] = segments;
    if (v3 !== 'v3' || collection !== 'conversations') return [404, errorBody('NotFound', 'Unknown route')];
    rec.conversationId = conversationId;

    // POST /v3/conversations — createConversation
    if (conversationId === undefined) {
      if (method !== 'POST') return [404, errorBody('NotFound', 'Unknown route')];
      const id = `a:new-${++counter}`;
      const initial = asObject(body).activity;
      const activityId = initial ? storeSent(id, initial).id : undefined;
      return [201, { id, activityId }];
    }

    if (sub === 'activities' && rest.length === 0 && subId !== 'history') {
      if (method === 'POST') {
        // Send (no activity id) or reply (activity id = the one replied to).
        rec.activityId = subId;
        const failure = failures[0];
        if (failure) {
          if (--failure.remaining <= 0) failures.shift();
          const headers: Record<string, string> =
            failure.retryAfterSeconds === undefined
              ? {}
              : { 'retry-after': String(failure.retryAfterSeconds) };
          return [failure.status, errorBody('Injected', `Injected failure ${failure.status}`), headers];
        }
        return [201, { id: storeSent(conversationId, body).id }];
      }
      if (subId !== undefined && method === 'PUT') {
        rec.activityId = subId;
        if (!latest.has(subId)) return [404, errorBody('ActivityNotFound', `No activity ${subId}`)];
        const activity: SentActivity = { ...asObject(body), id: subId, conversationId };
        latest.set(subId, activity);
        const update = { conversationId, activityId: subId, activity };
        updates.push(update);
        notify(updateWaiters, update);
        return [200, { id: subId }];
      }
      if (subId !== undefined && method === 'DELETE') {
        rec.activityId = subId;
        if (!latest.delete(subId)) return [404, errorBody('ActivityNotFound', `No activity ${subId}`)];
        deletes.push({ conversationId, activityId: subId });
        return [200, undefined];
      }
    }

    if (sub === 'members' && method === 'GET' && rest.length === 0) {
      if (subId === undefined) return [200, [...members.values()].map(memberJson)];
      const member = [...members.values()].find(
        (m) => m.aadObjectId === subId || (m.id ?? `29:${m.aadObjectId}`) === subId,
      );
      return member
        ? [200, memberJson(member)]
        : [404, errorBody('MemberNotFoundInConversation', `No member ${subId}`)];
    }

    return [404, errorBody('NotFound', 'Unknown route')];
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    let body: unknown = raw;
    try {
      body = raw === '' ? undefined : JSON.parse(raw);
    } catch {
      // Keep the raw text: the test can still see what was sent.
    }
    const pathname = new URL(req.url ?? '/', 'http://fake').pathname;
    // Teams ids contain `:` `@` `;` and arrive URL-encoded; `//` appears if a serviceUrl ends with `/`.
    const segments = pathname
      .split('/')
      .filter((s) => s !== '')
      .map(decodeURIComponent);
    const method = req.method ?? 'GET';
    const rec: RecordedRequest = { method, path: `/${segments.join('/')}`, body, status: 0 };
    requests.push(rec);
    const [status, json, headers] = route(method, segments, body, rec);
    rec.status = status;
    res.writeHead(status, {
      ...headers,
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
    });
    res.end(json === undefined ? undefined : JSON.stringify(json));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify(errorBody('FakeTeamsError', String(error))));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  function wait<T>(
    existing: T[],
    waiters: Set<Waiter<T>>,
    predicate: (item: T) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<T> {
    const found = existing.find((item) => safeMatch(predicate, item));
    if (found) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`FakeTeams: no matching ${what} within ${timeoutMs} ms. ${describeTraffic()}`));
      }, timeoutMs);
      const waiter: Waiter<T> = {
        predicate,
        resolve: (item) => {
          clearTimeout(timer);
          resolve(item);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      waiters.add(waiter);
    });
  }

  function describeTraffic(): string {
    const lines = sent.map((a) => `  ${summarize(a)}`);
    const others = requests
      .filter((r) => !(r.method === 'POST' && r.status === 201 && r.path.endsWith('activities')))
      .map((r) => `  ${r.method} ${r.path} -> ${r.status}`);
    return [
      `Sent activities (${sent.length}):`,
      ...lines,
      `Other requests (${others.length}):`,
      ...others,
    ].join('\n');
  }

  const byConversation = <T extends { conversationId: string }>(items: T[], id?: string) =>
    id === undefined ? [...items] : items.filter((i) => i.conversationId === id);

  return {
    url: `http://127.0.0.1:${port}/`,
    get requests() {
      return requests;
    },
    activities: (conversationId) => byConversation(sent, conversationId),
    updates: (conversationId) => byConversation(updates, conversationId),
    deletes: (conversationId) => byConversation(deletes, conversationId).map((d) => d.activityId),
    current: (activityId) => latest.get(activityId),
    waitFor: (predicate, opts) =>
      wait(sent, sentWaiters, predicate, opts?.timeoutMs ?? DEFAULT_WAIT_MS, 'sent activity'),
    waitForUpdate: (predicate, opts) =>
      wait(updates, updateWaiters, predicate, opts?.timeoutMs ?? DEFAULT_WAIT_MS, 'update'),
    respondWith(status, opts = {}) {
      failures.push({ status, retryAfterSeconds: opts.retryAfterSeconds, remaining: opts.times ?? 1 });
    },
    addMember(member) {
      members.set(member.aadObjectId, member);
    },
    clear() {
      requests = [];
      sent = [];
      updates = [];
      deletes = [];
      failures = [];
      latest.clear();
    },
    async close() {
      const closed = new Error('FakeTeams closed');
      for (const w of [...sentWaiters, ...updateWaiters]) w.reject(closed);
      sentWaiters.clear();
      updateWaiters.clear();
      // The bot's HTTP client keeps connections alive; close them or close() never resolves.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

function asObject(value: unknown): Record<string, unknown> {
  return isObject(value) ? value : {};
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A predicate that throws (e.g. digging into a card that isn't there) simply doesn't match. */
function safeMatch<T>(predicate: (item: T) => boolean, item: T): boolean {
  try {
    return predicate(item);
  } catch {
    return false;
  }
}

/** One line per activity for failure messages. */
export function summarize(a: SentActivity): string {
  const text = typeof a.text === 'string' ? ` text=${JSON.stringify(a.text.slice(0, 120))}` : '';
  const cards = (a.attachments ?? []).map((att) => att.contentType).join(',');
  return `${a.id} [${a.conversationId}] ${a.type ?? '?'}${text}${cards ? ` attachments=${cards}` : ''}`;
}

/** The content of the first Adaptive Card attachment of a sent activity, if any. */
export function cardOf(activity: SentActivity | undefined): Record<string, unknown> | undefined {
  const att = activity?.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  return isObject(att?.content) ? att.content : undefined;
}

// ---------------------------------------------------------------------------------------------
// Inbound activities, shaped like what Teams posts to the bot
// ---------------------------------------------------------------------------------------------

export interface TeamsUser {
  id: string;
  name: string;
  aadObjectId: string;
}

export interface InboundOptions {
  /** The fake's url: where the bot will send its replies. */
  serviceUrl: string;
  tenantId?: string;
  /** Defaults to the user's personal chat `a:personal-<aadObjectId>`. */
  conversationId?: string;
  id?: string;
  timestamp?: string;
  locale?: string;
}

/** The id of the bot message whose card was clicked. */
export interface CardReplyOptions extends InboundOptions {
  replyToId: string;
}

export interface InboundActivity {
  type: string;
  id: string;
  timestamp: string;
  channelId: 'msteams';
  serviceUrl: string;
  from: TeamsUser;
  recipient: { id: string; name: string };
  conversation: { id: string; conversationType: string; tenantId: string };
  channelData: Record<string, unknown>;
  locale: string;
  [key: string]: unknown;
}

export function teamsUser(aadObjectId: string, name: string): TeamsUser {
  return { id: `29:${aadObjectId}`, name, aadObjectId };
}

function baseActivity(type: string, user: TeamsUser, opts: InboundOptions): InboundActivity {
  const tenantId = opts.tenantId ?? TENANT_ID;
  const locale = opts.locale ?? 'sv-SE';
  return {
    type,
    id: opts.id ?? `in-${randomUUID()}`,
    timestamp: opts.timestamp ?? new Date().toISOString(),
    localTimezone: 'Europe/Stockholm',
    channelId: 'msteams',
    serviceUrl: opts.serviceUrl,
    from: { ...user },
    recipient: { id: BOT_ID, name: BOT_NAME },
    conversation: {
      id: opts.conversationId ?? `a:personal-${user.aadObjectId}`,
      conversationType: 'personal',
      tenantId,
    },
    channelData: { tenant: { id: tenantId } },
    entities: [{ type: 'clientInfo', locale, country: 'SE', platform: 'Web', timezone: 'Europe/Stockholm' }],
    locale,
  };
}

export function messageActivity(user: TeamsUser, text: string, opts: InboundOptions): InboundActivity {
  return { ...baseActivity('message', user, opts), text, textFormat: 'plain' };
}

/** What an Action.Submit click produces: no text, `value` = action data merged with the card's inputs. */
export function submitActivity(
  user: TeamsUser,
  value: Record<string, unknown>,
  opts: CardReplyOptions,
): InboundActivity {
  const base = baseActivity('message', user, opts);
  return {
    ...base,
    replyToId: opts.replyToId,
    value,
    channelData: { ...base.channelData, source: { name: 'message' }, legacy: { replyToId: opts.replyToId } },
  };
}

/** What an Action.Execute click produces (Universal Actions); the HTTP response carries the invoke response. */
export function invokeActivity(
  user: TeamsUser,
  verb: string,
  data: Record<string, unknown>,
  opts: CardReplyOptions,
): InboundActivity {
  const base = baseActivity('invoke', user, opts);
  return {
    ...base,
    name: 'adaptiveCard/action',
    replyToId: opts.replyToId,
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    channelData: { ...base.channelData, source: { name: 'message' }, legacy: { replyToId: opts.replyToId } },
  };
}

/** The user installed the app in personal scope. */
export function installActivity(user: TeamsUser, opts: InboundOptions): InboundActivity {
  return { ...baseActivity('installationUpdate', user, opts), action: 'add' };
}

/** The user removed the app (Teams sends this on uninstall). */
export function uninstallActivity(user: TeamsUser, opts: InboundOptions): InboundActivity {
  return { ...baseActivity('installationUpdate', user, opts), action: 'remove' };
}

/** The bot was added to the user's personal chat. */
export function conversationUpdateAdded(user: TeamsUser, opts: InboundOptions): InboundActivity {
  return { ...baseActivity('conversationUpdate', user, opts), membersAdded: [{ id: BOT_ID }] };
}

/** POST an activity to the bot as the Teams service would (without auth: tests run with no app id). */
export async function postActivity(
  botUrl: string,
  activity: InboundActivity,
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${botUrl.replace(/\/$/, '')}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  const text = await res.text();
  let body: unknown = text === '' ? undefined : text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // Not JSON: return the text as is.
  }
  return { status: res.status, body };
}

// ---------------------------------------------------------------------------------------------
// Filling in Adaptive Cards as a user would
// ---------------------------------------------------------------------------------------------

export interface CardAction {
  type: string;
  title?: string;
  verb?: string;
  id?: string;
  data?: unknown;
  associatedInputs?: string;
  [key: string]: unknown;
}

export interface CardInput {
  id: string;
  type: string;
  label?: string;
  isRequired: boolean;
  /** The default the card ships with, as the client would send it. */
  value: string;
  choices?: { title: string; value: string }[];
  /** The raw element, e.g. for valueOn/valueOff or isMultiSelect. */
  element: Record<string, unknown>;
}

interface Found {
  actions: { action: CardAction; cards: object[] }[];
  inputs: { input: CardInput; card: object }[];
}

/**
 * Walks the whole card (containers, columns, ActionSets, card actions, ShowCard sub-cards), noting for
 * each action the chain of cards it sits in, and for each input its card: a client only sends the
 * inputs of the action's own card and its parents, not of sibling ShowCards.
 */
function walkCard(card: unknown): Found {
  const found: Found = { actions: [], inputs: [] };
  // `isCard`: the root and a ShowCard's `card` are cards even when they omit `type`.
  const visit = (node: unknown, cards: object[], isCard = false): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child, cards);
      return;
    }
    if (!isObject(node)) return;
    const type = typeof node.type === 'string' ? node.type : '';
    const scope = isCard || type === 'AdaptiveCard' ? [...cards, node] : cards;
    if (type.startsWith('Action.')) found.actions.push({ action: node as CardAction, cards: scope });
    if (type.startsWith('Input.') && typeof node.id === 'string') {
      found.inputs.push({ input: toInput(node, node.id, type), card: scope[scope.length - 1] ?? node });
    }
    for (const [key, value] of Object.entries(node)) {
      // `data` is the action's payload and `choices` are options, not card elements.
      if (key !== 'data' && key !== 'choices')
        visit(value, scope, key === 'card' && type === 'Action.ShowCard');
    }
  };
  visit(card, [], true);
  return found;
}

function toInput(el: Record<string, unknown>, id: string, type: string): CardInput {
  const choices = Array.isArray(el.choices)
    ? el.choices.filter(isObject).map((c) => ({ title: String(c.title ?? ''), value: String(c.value ?? '') }))
    : undefined;
  let value = el.value === undefined || el.value === null ? '' : String(el.value);
  if (type === 'Input.Toggle' && el.value === undefined) value = String(el.valueOff ?? 'false');
  return {
    id,
    type,
    label: typeof el.label === 'string' ? el.label : undefined,
    isRequired: el.isRequired === true,
    value,
    choices,
    element: el,
  };
}

const describeAction = (a: CardAction) =>
  `${a.type} title=${JSON.stringify(a.title)} verb=${JSON.stringify(a.verb)}`;

/** The action whose title or verb (or id) is `titleOrVerb`; throws listing the card's actions if none. */
export function findAction(card: unknown, titleOrVerb: string): CardAction {
  const actions = walkCard(card).actions.map((a) => a.action);
  const action = actions.find(
    (a) => a.title === titleOrVerb || a.verb === titleOrVerb || a.id === titleOrVerb,
  );
  if (!action) {
    throw new Error(
      `No action ${JSON.stringify(titleOrVerb)} in card. Actions: ${actions.map(describeAction).join('; ') || 'none'}`,
    );
  }
  return action;
}

/** Every input in the card (including those in ShowCards). */
export function inputIds(card: unknown): CardInput[] {
  return walkCard(card).inputs.map((i) => i.input);
}

/**
 * The data an Action.Execute/Action.Submit would send after the user typed `values` (keyed by input id):
 * the action's `data` plus every input's value in scope, as strings. Toggles accept "true"/"false" (mapped
 * to valueOn/valueOff) and choice sets accept titles or values (comma-separated for multi-select).
 * `action` defaults to the card's only Execute/Submit action. Throws, like a client would refuse, when a
 * required input is empty, and on values for inputs the action doesn't send (typos).
 */
export function fillCard(
  card: unknown,
  values: Record<string, string>,
  action?: string | CardAction,
): Record<string, unknown> {
  const found = walkCard(card);
  const target =
    typeof action === 'string'
      ? findAction(card, action)
      : (action ?? singleSubmitAction(found.actions.map((a) => a.action)));
  const entry = found.actions.find((a) => a.action === target);
  const chain = entry?.cards ?? [];
  const inputs =
    target.associatedInputs === 'none'
      ? []
      : found.inputs.filter((i) => chain.includes(i.card)).map((i) => i.input);

  for (const key of Object.keys(values)) {
    if (!inputs.some((i) => i.id === key)) {
      const known = inputs.map((i) => i.id).join(', ') || 'none';
      throw new Error(
        `fillCard: no input ${JSON.stringify(key)} sent by ${describeAction(target)}. Inputs: ${known}`,
      );
    }
  }

  if (target.data !== undefined && !isObject(target.data)) {
    throw new Error(`fillCard: only object action data is supported, got ${JSON.stringify(target.data)}`);
  }
  const data: Record<string, unknown> = { ...asObject(target.data) };
  for (const input of inputs) {
    const given = values[input.id];
    const value = given === undefined ? input.value : clientValue(input, given);
    if (input.isRequired && value === '') {
      throw new Error(
        `fillCard: required input ${JSON.stringify(input.id)} (${input.label ?? input.type}) is empty`,
      );
    }
    data[input.id] = value;
  }
  return data;
}

function singleSubmitAction(actions: CardAction[]): CardAction {
  const submits = actions.filter((a) => a.type === 'Action.Execute' || a.type === 'Action.Submit');
  const [only] = submits;
  if (submits.length !== 1 || !only) {
    throw new Error(
      `fillCard: say which action to use; card has ${submits.length}: ${submits.map(describeAction).join('; ')}`,
    );
  }
  return only;
}

/** Converts what the user "typed" into what the client sends. */
function clientValue(input: CardInput, given: string): string {
  const el = input.element;
  if (input.type === 'Input.Toggle') {
    const on = String(el.valueOn ?? 'true');
    const off = String(el.valueOff ?? 'false');
    if (given === 'true' || given === on) return on;
    if (given === 'false' || given === off) return off;
    throw new Error(
      `fillCard: toggle ${input.id} takes true/false or ${on}/${off}, got ${JSON.stringify(given)}`,
    );
  }
  if (input.type === 'Input.ChoiceSet' && input.choices && given !== '') {
    const choices = input.choices;
    const parts = el.isMultiSelect === true ? given.split(',').map((p) => p.trim()) : [given];
    return parts
      .map((part) => {
        const choice = choices.find((c) => c.value === part || c.title === part);
        if (!choice) {
          const options = choices.map((c) => `${c.value} (${c.title})`).join(', ');
          throw new Error(`fillCard: ${input.id} has no choice ${JSON.stringify(part)}. Choices: ${options}`);
        }
        return choice.value;
      })
      .join(',');
  }
  return given;
}
