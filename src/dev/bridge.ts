/**
 * A local Bot Framework bridge for the /dev chat page: plays the Bot Framework channel between
 * Web Chat in a browser and the bot's own `POST /api/messages`.
 *
 * - Towards the bot it is what Teams is: it posts activities (channelId `webchat`, so cards come
 *   with Action.Submit) whose `serviceUrl` points at its own connector routes, and it implements
 *   the connector REST API the bot calls back (send, reply, update, delete, create conversation,
 *   members). Proactive messages (reminders) land in the same conversation log.
 * - Towards the page it offers a small DirectLine-like HTTP API (post, long-poll with a watermark)
 *   and the browser-side object Web Chat takes as `directLine` ({@link DIRECT_LINE_CLIENT_JS}).
 *
 * Everything lives in memory; the bot's own storage keeps what matters. No botbuilder here: this
 * is the other side of the protocol.
 */
import { randomBytes } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import type { CommitteeConfig } from '../config/load-config.js';
import { unitLabel } from '../followup/access.js';
import type { Logger } from '../shared/logger.js';

type Activity = Record<string, unknown>;

/** A person the page can act as, as Teams would present them to the bot. */
export interface DevIdentity {
  readonly aadObjectId: string;
  readonly name: string;
  readonly upn: string;
  /** Swedish, e.g. "Enhetschef – Arbetsmarknadscentrum (AMC)". */
  readonly description: string;
}

export const BRIDGE_BOT = { id: '28:uppfoljningsboten-dev', name: 'Uppföljningsboten' } as const;
const BRIDGE_NOTICE_FROM = { id: 'dev-brygga', name: 'Testbryggan', role: 'bot' } as const;
/** Bounded long-poll: the page asks again right away, so this only limits how long a request hangs. */
const DEFAULT_POLL_MS = 20_000;

/** The demo identities from the configuration: unit managers and deputies, then leadership. */
export function devIdentities(config: CommitteeConfig): DevIdentity[] {
  const people = new Map<string, { name: string; upn: string; manager: string[]; deputy: string[] }>();
  const person = (p: { aadObjectId: string; name: string; upn: string }) => {
    let entry = people.get(p.aadObjectId);
    if (!entry) {
      entry = { name: p.name, upn: p.upn, manager: [], deputy: [] };
      people.set(p.aadObjectId, entry);
    }
    return entry;
  };
  for (const unit of config.units) {
    for (const m of unit.managers) person(m).manager.push(unitLabel(unit));
    for (const d of unit.deputies) person(d).deputy.push(unitLabel(unit));
  }
  const identities: DevIdentity[] = [...people].map(([aadObjectId, p]) => ({
    aadObjectId,
    name: p.name,
    upn: p.upn,
    description: [
      p.manager.length > 0 ? `Enhetschef – ${p.manager.join(', ')}` : '',
      p.deputy.length > 0 ? `Ersättare – ${p.deputy.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; '),
  }));
  for (const l of config.organisation.leadership) {
    if (people.has(l.aadObjectId)) continue;
    identities.push({ aadObjectId: l.aadObjectId, name: l.name, upn: l.upn, description: l.title });
  }
  // Someone the configuration does not know, to see what an unregistered person gets.
  identities.push({
    aadObjectId: 'dev-okand-person',
    name: 'Okänd Person',
    upn: 'okand.person@example.se',
    description: 'Inte registrerad i organisationen',
  });
  return identities;
}

export function conversationIdFor(aadObjectId: string): string {
  return `dev-${aadObjectId}`;
}

export interface BridgeDeps {
  /** The bot's base URL on this machine, e.g. `http://127.0.0.1:3978`. */
  readonly botUrl: () => string;
  readonly tenantId: string;
  readonly identities: readonly DevIdentity[];
  readonly logger: Logger;
  /** Long-poll bound; tests shorten it. */
  readonly pollMs?: number;
}

interface Conversation {
  readonly id: string;
  readonly identity: DevIdentity | null;
  /** Every version of every activity, in the order they happened; a watermark indexes this. */
  readonly events: Activity[];
  /** The current version of each activity by id. */
  readonly current: Map<string, Activity>;
  readonly waiters: Set<() => void>;
  /** Activities from the page reach the bot one at a time, in order, as in a real channel. */
  forwarding: Promise<void>;
  lastTimestamp: number;
}

export interface Bridge {
  /** Mounts the connector routes and the page API on the server. */
  mount(server: Server): void;
  /** Where the bot sends its replies. */
  serviceUrl(): string;
  /** The current version of every activity in a conversation, oldest first (tests, debugging). */
  transcript(conversationId: string): Activity[];
  /** Posts an activity from the person, as the page does: the echo's id, and when the bot has had it. */
  send(conversationId: string, activity: Activity): Promise<{ id: string; delivered: Promise<void> }>;
  /** Ends pending long-polls so the server can close at once. */
  close(): void;
}

export function createBridge(deps: BridgeDeps): Bridge {
  const pollMs = deps.pollMs ?? DEFAULT_POLL_MS;
  const conversations = new Map<string, Conversation>();
  const identities = new Map(deps.identities.map((i) => [i.aadObjectId, i]));
  // Unique per process, so ids from an earlier run (still in an open page) never collide.
  const boot = randomBytes(3).toString('hex');
  let counter = 0;
  let closed = false;
  const nextId = () => `${boot}-${++counter}`;
  const base = () => deps.botUrl().replace(/\/$/, '').replace('//localhost:', '//127.0.0.1:');
  const serviceUrl = () => `${base()}/dev/connector`;

  function identityOf(conversationId: string): DevIdentity | null {
    return conversationId.startsWith('dev-') ? (identities.get(conversationId.slice(4)) ?? null) : null;
  }

  function conversation(id: string): Conversation {
    let c = conversations.get(id);
    if (!c) {
      c = {
        id,
        identity: identityOf(id),
        events: [],
        current: new Map(),
        waiters: new Set(),
        forwarding: Promise.resolve(),
        lastTimestamp: 0,
      };
      conversations.set(id, c);
    }
    return c;
  }

  /** Strictly increasing timestamps: Web Chat orders the transcript by them. */
  function timestamp(c: Conversation): string {
    c.lastTimestamp = Math.max(Date.now(), c.lastTimestamp + 1);
    return new Date(c.lastTimestamp).toISOString();
  }

  function record(c: Conversation, activity: Activity): void {
    c.events.push(activity);
    c.current.set(String(activity.id), activity);
    for (const wake of [...c.waiters]) wake();
  }

  /** An activity from the bot, as the page sees it. */
  function fromBot(c: Conversation, body: Activity, id: string, previous?: Activity): Activity {
    const replyToId = typeof body.replyToId === 'string' ? body.replyToId : undefined;
    const { replyToId: _r, serviceUrl: _s, ...rest } = body;
    return {
      ...rest,
      type: typeof body.type === 'string' ? body.type : 'message',
      id,
      // An update keeps its place in the transcript.
      timestamp: previous?.timestamp ?? timestamp(c),
      from: { ...asObject(body.from), ...BRIDGE_BOT, role: 'bot' },
      conversation: { id: c.id },
      // Web Chat holds a reply until what it replies to is shown (5 s); proactive messages reply
      // to an id nobody has seen, so only known ids are kept.
      ...(previous?.replyToId !== undefined
        ? { replyToId: previous.replyToId }
        : replyToId && c.current.has(replyToId)
          ? { replyToId }
          : {}),
    };
  }

  function notice(c: Conversation, text: string): void {
    record(c, {
      type: 'message',
      id: nextId(),
      timestamp: timestamp(c),
      from: BRIDGE_NOTICE_FROM,
      conversation: { id: c.id },
      text,
    });
  }

  /** The activity as the bot receives it from "Teams" (personal chat, with tenant). */
  function toBot(c: Conversation, activity: Activity, id: string, time: string): Activity {
    const who = c.identity;
    const aad = who?.aadObjectId ?? c.id.replace(/^dev-/, '');
    return {
      ...activity,
      id,
      timestamp: time,
      localTimezone: 'Europe/Stockholm',
      channelId: 'webchat',
      serviceUrl: serviceUrl(),
      from: { id: `29:${aad}`, name: who?.name ?? aad, aadObjectId: aad },
      recipient: { id: BRIDGE_BOT.id, name: BRIDGE_BOT.name },
      conversation: { id: c.id, conversationType: 'personal', tenantId: deps.tenantId },
      channelData: { ...asObject(activity.channelData), tenant: { id: deps.tenantId } },
      locale: typeof activity.locale === 'string' ? activity.locale : 'sv-SE',
    };
  }

  async function postToBot(c: Conversation, activity: Activity): Promise<void> {
    try {
      const res = await fetch(`${base()}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
        signal: AbortSignal.timeout(60_000),
      });
      await res.arrayBuffer();
      if (!res.ok) {
        deps.logger.warn('dev bridge: the bot refused an activity', {
          status: res.status,
          type: activity.type,
        });
        notice(c, `Boten svarade med HTTP ${res.status}. Se serverns logg.`);
      }
    } catch (error) {
      deps.logger.error('dev bridge: could not reach the bot', { error: String(error) });
      notice(c, 'Bryggan nådde inte boten. Se serverns logg.');
    }
  }

  /** Queues an activity for the bot behind the conversation's earlier ones. */
  function forward(c: Conversation, activity: Activity): Promise<void> {
    const delivered = c.forwarding.then(() => postToBot(c, activity));
    c.forwarding = delivered;
    return delivered;
  }

  /**
   * The card whose button was pressed. Web Chat sends an Action.Submit as a message whose `value`
   * is the action's data plus the card's inputs, without saying which card: the newest card with
   * an action whose data is all in `value` is taken, so the bot can replace it (as Teams does).
   */
  function pressedCard(c: Conversation, value: Activity): string | undefined {
    const activities = [...c.current.values()].reverse();
    for (const activity of activities) {
      if (asObject(activity.from).role !== 'bot' || activity.from === BRIDGE_NOTICE_FROM) continue;
      for (const attachment of asArray(activity.attachments)) {
        const content = asObject(attachment).content;
        if (submitData(content).some((data) => matches(data, value))) return String(activity.id);
      }
    }
    return undefined;
  }

  async function send(
    conversationId: string,
    activity: Activity,
  ): Promise<{ id: string; delivered: Promise<void> }> {
    const c = conversation(conversationId);
    const id = nextId();
    const time = timestamp(c);
    const who = c.identity;
    const type = typeof activity.type === 'string' ? activity.type : 'message';
    // The echo: Web Chat recognises its own message by channelData.clientActivityID.
    record(c, {
      ...activity,
      type,
      id,
      timestamp: time,
      from: { id: `29:${who?.aadObjectId ?? ''}`, name: who?.name ?? '', role: 'user' },
      conversation: { id: c.id },
    });
    if (type !== 'message' && type !== 'event') return { id, delivered: Promise.resolve() };
    const value = asObject(activity.value);
    const replyToId =
      typeof activity.replyToId === 'string'
        ? activity.replyToId
        : activity.value !== undefined
          ? pressedCard(c, value)
          : undefined;
    const { from: _f, channelData, ...rest } = activity;
    const { clientActivityID: _c, ...ownChannelData } = asObject(channelData);
    const toSend = toBot(c, { ...rest, type, channelData: ownChannelData }, id, time);
    if (replyToId) toSend.replyToId = replyToId;
    else delete toSend.replyToId;
    return { id, delivered: forward(c, toSend) };
  }

  // ---------------------------------------------------------------------------------------------
  // The connector side: what botbuilder's ConnectorClient calls on the serviceUrl
  // ---------------------------------------------------------------------------------------------

  const param = (req: Request, name: string): string => String((req.params as Record<string, unknown>)[name]);

  const connectorError = (res: Response, status: number, code: string, message: string) =>
    res.json(status, { error: { code, message } });

  async function sendToConversation(req: Request, res: Response): Promise<void> {
    const c = conversation(param(req, 'conversationId'));
    const id = nextId();
    record(c, fromBot(c, asObject(req.body), id));
    res.json(201, { id });
  }

  async function updateActivity(req: Request, res: Response): Promise<void> {
    const c = conversation(param(req, 'conversationId'));
    const activityId = param(req, 'activityId');
    const previous = c.current.get(activityId);
    if (!previous || asObject(previous.from).role !== 'bot') {
      connectorError(res, 404, 'ActivityNotFound', `No activity ${activityId}`);
      return;
    }
    record(c, fromBot(c, asObject(req.body), activityId, previous));
    res.json(200, { id: activityId });
  }

  async function deleteActivity(req: Request, res: Response): Promise<void> {
    const c = conversation(param(req, 'conversationId'));
    const activityId = param(req, 'activityId');
    const previous = c.current.get(activityId);
    if (!previous) {
      connectorError(res, 404, 'ActivityNotFound', `No activity ${activityId}`);
      return;
    }
    // Web Chat cannot remove a message through DirectLine; it shows that it was removed.
    const { attachments: _a, ...rest } = previous;
    record(c, { ...rest, text: '_Meddelandet har tagits bort._', textFormat: 'markdown' });
    res.send(200);
  }

  async function createConversation(req: Request, res: Response): Promise<void> {
    const body = asObject(req.body);
    const member = asObject(asArray(body.members)[0]);
    const memberId = typeof member.id === 'string' ? member.id : '';
    const aad = typeof member.aadObjectId === 'string' ? member.aadObjectId : memberId.replace(/^29:/, '');
    if (!aad) {
      connectorError(res, 400, 'BadArgument', 'members[0].id is required');
      return;
    }
    const c = conversation(conversationIdFor(aad));
    const initial = body.activity === undefined ? undefined : asObject(body.activity);
    const activityId = initial ? nextId() : undefined;
    if (initial && activityId) record(c, fromBot(c, initial, activityId));
    res.json(201, { id: c.id, ...(activityId ? { activityId } : {}), serviceUrl: serviceUrl() });
  }

  function memberJson(identity: DevIdentity): Activity {
    const [givenName, ...rest] = identity.name.split(' ');
    return {
      id: `29:${identity.aadObjectId}`,
      objectId: identity.aadObjectId,
      aadObjectId: identity.aadObjectId,
      name: identity.name,
      givenName,
      surname: rest.join(' '),
      email: identity.upn,
      userPrincipalName: identity.upn,
      tenantId: deps.tenantId,
      userRole: 'user',
    };
  }

  async function members(req: Request, res: Response): Promise<void> {
    const identity = conversation(param(req, 'conversationId')).identity;
    const list = identity ? [memberJson(identity)] : [];
    res.json(200, req.path().endsWith('/pagedmembers') ? { members: list } : list);
  }

  async function member(req: Request, res: Response): Promise<void> {
    const identity = conversation(param(req, 'conversationId')).identity;
    const memberId = param(req, 'memberId');
    if (!identity || (memberId !== identity.aadObjectId && memberId !== `29:${identity.aadObjectId}`)) {
      connectorError(res, 404, 'MemberNotFoundInConversation', `No member ${memberId}`);
      return;
    }
    res.json(200, memberJson(identity));
  }

  // ---------------------------------------------------------------------------------------------
  // The page side: a DirectLine-like API
  // ---------------------------------------------------------------------------------------------

  function knownConversation(req: Request, res: Response): Conversation | null {
    const id = param(req, 'conversationId');
    if (!identityOf(id)) {
      res.json(404, { error: 'Okänd konversation' });
      return null;
    }
    return conversation(id);
  }

  async function postFromPage(req: Request, res: Response): Promise<void> {
    const c = knownConversation(req, res);
    if (!c) return;
    const body = asObject(req.body);
    const { id } = await send(c.id, body);
    res.json(200, { id });
  }

  /** Long-poll: answers at once when there is something after the watermark, else within pollMs. */
  async function poll(req: Request, res: Response): Promise<void> {
    const c = knownConversation(req, res);
    if (!c) return;
    const query = new URL(req.url ?? '', 'http://dev').searchParams;
    const given = query.get('watermark');
    let watermark = given === null ? 0 : Number(given);
    // A watermark from before a restart (the log is in memory) starts over.
    if (!Number.isInteger(watermark) || watermark < 0 || watermark > c.events.length) watermark = 0;
    if (given !== null && watermark === c.events.length && !closed) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          c.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, pollMs);
        c.waiters.add(wake);
        res.once('close', wake);
      });
    }
    if (res.writableEnded || res.destroyed) return;
    // Within one answer only the newest version of an activity matters.
    const latest = new Map<string, Activity>();
    for (const a of c.events.slice(watermark)) {
      latest.delete(String(a.id));
      latest.set(String(a.id), a);
    }
    res.header('cache-control', 'no-store');
    res.json(200, { activities: [...latest.values()], watermark: String(c.events.length) });
  }

  async function install(req: Request, res: Response): Promise<void> {
    const c = knownConversation(req, res);
    if (!c) return;
    const id = nextId();
    await forward(c, toBot(c, { type: 'installationUpdate', action: 'add' }, id, timestamp(c)));
    res.json(200, { id });
  }

  return {
    serviceUrl,
    mount(server) {
      const v3 = '/dev/connector/v3/conversations';
      server.post(v3, createConversation);
      server.post(`${v3}/:conversationId/activities`, sendToConversation);
      server.post(`${v3}/:conversationId/activities/:activityId`, sendToConversation);
      server.put(`${v3}/:conversationId/activities/:activityId`, updateActivity);
      server.del(`${v3}/:conversationId/activities/:activityId`, deleteActivity);
      server.get(`${v3}/:conversationId/members`, members);
      server.get(`${v3}/:conversationId/pagedmembers`, members);
      server.get(`${v3}/:conversationId/members/:memberId`, member);

      const api = '/dev/api/conversations/:conversationId';
      server.post(`${api}/activities`, postFromPage);
      server.get(`${api}/activities`, poll);
      server.post(`${api}/install`, install);
    },
    transcript: (conversationId) => [...(conversations.get(conversationId)?.current.values() ?? [])],
    send,
    close() {
      closed = true;
      for (const c of conversations.values()) for (const wake of [...c.waiters]) wake();
    },
  };
}

/** The `data` of every Action.Submit/Execute in a card (including ShowCards), when an object. */
function submitData(card: unknown): Activity[] {
  const found: Activity[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (!isObject(node)) return;
    if ((node.type === 'Action.Submit' || node.type === 'Action.Execute') && isObject(node.data))
      found.push(node.data);
    for (const [key, value] of Object.entries(node)) if (key !== 'data') visit(value);
  };
  visit(card);
  return found;
}

function matches(data: Activity, value: Activity): boolean {
  const keys = Object.keys(data);
  return keys.length > 0 && keys.every((k) => JSON.stringify(data[k]) === JSON.stringify(value[k]));
}

function isObject(value: unknown): value is Activity {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asObject(value: unknown): Activity {
  return isObject(value) ? value : {};
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * The browser side: `createBridgeDirectLine({ conversationId })` returns what Web Chat takes as
 * `directLine` — `activity$` and `connectionStatus$` (observables with `subscribe`), `postActivity`
 * (an observable of the new id) and `end`. Status numbers as DirectLineJS: 0 uninitialised,
 * 1 connecting, 2 online, 5 ended. New subscribers get the current version of every activity, so
 * nothing is lost between Web Chat's subscriptions; Web Chat replaces an activity it already has
 * when one with the same id arrives, which is how card updates show.
 */
export const DIRECT_LINE_CLIENT_JS = `
function createBridgeDirectLine(options) {
  var base = '/dev/api/conversations/' + encodeURIComponent(options.conversationId);
  var activityObservers = new Set();
  var statusObservers = new Set();
  var seen = new Map();
  var status = 0;
  var watermark = null;
  var ended = false;
  var started = false;
  var abort = new AbortController();

  function observer(next, error, complete) {
    return typeof next === 'function' ? { next: next, error: error, complete: complete } : next || {};
  }
  function setStatus(next) {
    if (status === next) return;
    status = next;
    statusObservers.forEach(function (o) { o.next && o.next(status); });
  }
  function deliver(activity) {
    seen.delete(activity.id);
    seen.set(activity.id, activity);
    activityObservers.forEach(function (o) { o.next && o.next(activity); });
  }
  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }

  async function pollForever() {
    var failures = 0;
    while (!ended) {
      try {
        var url = base + '/activities' + (watermark === null ? '' : '?watermark=' + watermark);
        var res = await fetch(url, { signal: abort.signal, cache: 'no-store' });
        if (!res.ok) throw new Error('HTTP ' + res.status);
        var body = await res.json();
        failures = 0;
        setStatus(2);
        watermark = body.watermark;
        body.activities.forEach(deliver);
      } catch (e) {
        if (ended) return;
        failures++;
        setStatus(1);
        await sleep(Math.min(500 * failures, 5000));
      }
    }
  }

  return {
    activity$: {
      subscribe: function (next, error, complete) {
        var o = observer(next, error, complete);
        activityObservers.add(o);
        seen.forEach(function (a) { o.next && o.next(a); });
        if (!started) {
          started = true;
          setStatus(1);
          pollForever();
        }
        return { closed: false, unsubscribe: function () { activityObservers.delete(o); this.closed = true; } };
      }
    },
    connectionStatus$: {
      subscribe: function (next, error, complete) {
        var o = observer(next, error, complete);
        statusObservers.add(o);
        o.next && o.next(status);
        return { closed: false, unsubscribe: function () { statusObservers.delete(o); this.closed = true; } };
      }
    },
    postActivity: function (activity) {
      return {
        subscribe: function (next, error, complete) {
          var o = observer(next, error, complete);
          fetch(base + '/activities', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(activity)
          })
            .then(function (res) {
              if (!res.ok) throw new Error('HTTP ' + res.status);
              return res.json();
            })
            .then(function (body) { o.next && o.next(body.id); o.complete && o.complete(); })
            .catch(function (e) { o.error && o.error(e); });
          return { closed: false, unsubscribe: function () { this.closed = true; } };
        }
      };
    },
    end: function () {
      ended = true;
      abort.abort();
      setStatus(5);
    }
  };
}
`;
