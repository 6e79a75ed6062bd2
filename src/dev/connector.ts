/**
 * The /dev bridge's connector routes: what botbuilder's ConnectorClient calls on the
 * `serviceUrl` (send, reply, update, delete, create conversation, members). Whatever the bot
 * sends lands in the conversation's log, where the page's long-poll picks it up; proactive
 * messages (reminders) too.
 */
import type { Request, Response, Server } from 'restify';
import { type Activity, asArray, asObject, BRIDGE_BOT } from './activities.js';
import type { Conversation, ConversationLog } from './conversations.js';
import { conversationIdFor, type DevIdentity } from './identities.js';

export interface ConnectorDeps {
  readonly log: ConversationLog;
  readonly serviceUrl: () => string;
  readonly tenantId: string;
}

const CONNECTOR = '/dev/connector/v3/conversations';

export const param = (req: Request, name: string): string =>
  String((req.params as Record<string, unknown>)[name]);

const connectorError = (res: Response, status: number, code: string, message: string) =>
  res.json(status, { error: { code, message } });

/** An activity from the bot, as the page sees it. */
function fromBot(
  log: ConversationLog,
  c: Conversation,
  body: Activity,
  id: string,
  previous?: Activity,
): Activity {
  const replyToId = typeof body.replyToId === 'string' ? body.replyToId : undefined;
  const { replyToId: _r, serviceUrl: _s, ...rest } = body;
  return {
    ...rest,
    type: typeof body.type === 'string' ? body.type : 'message',
    id,
    // An update keeps its place in the transcript.
    timestamp: previous?.timestamp ?? log.timestamp(c),
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

function memberJson(identity: DevIdentity, tenantId: string): Activity {
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
    tenantId,
    userRole: 'user',
  };
}

export function mountConnector(server: Server, deps: ConnectorDeps): void {
  const { log } = deps;
  const conversationOf = (req: Request) => log.get(param(req, 'conversationId'));

  async function sendToConversation(req: Request, res: Response): Promise<void> {
    const c = conversationOf(req);
    const id = log.nextId();
    log.record(c, fromBot(log, c, asObject(req.body), id));
    res.json(201, { id });
  }

  async function updateActivity(req: Request, res: Response): Promise<void> {
    const c = conversationOf(req);
    const activityId = param(req, 'activityId');
    const previous = c.current.get(activityId);
    if (!previous || asObject(previous.from).role !== 'bot') {
      connectorError(res, 404, 'ActivityNotFound', `No activity ${activityId}`);
      return;
    }
    log.record(c, fromBot(log, c, asObject(req.body), activityId, previous));
    res.json(200, { id: activityId });
  }

  async function deleteActivity(req: Request, res: Response): Promise<void> {
    const c = conversationOf(req);
    const activityId = param(req, 'activityId');
    const previous = c.current.get(activityId);
    if (!previous) {
      connectorError(res, 404, 'ActivityNotFound', `No activity ${activityId}`);
      return;
    }
    // Web Chat cannot remove a message through DirectLine; it shows that it was removed.
    const { attachments: _a, ...rest } = previous;
    log.record(c, { ...rest, text: '_Meddelandet har tagits bort._', textFormat: 'markdown' });
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
    const c = log.get(conversationIdFor(aad));
    const initial = body.activity === undefined ? undefined : asObject(body.activity);
    const activityId = initial ? log.nextId() : undefined;
    if (initial && activityId) log.record(c, fromBot(log, c, initial, activityId));
    res.json(201, { id: c.id, ...(activityId ? { activityId } : {}), serviceUrl: deps.serviceUrl() });
  }

  async function members(req: Request, res: Response): Promise<void> {
    const identity = conversationOf(req).identity;
    const list = identity ? [memberJson(identity, deps.tenantId)] : [];
    res.json(200, req.path().endsWith('/pagedmembers') ? { members: list } : list);
  }

  async function member(req: Request, res: Response): Promise<void> {
    const identity = conversationOf(req).identity;
    const memberId = param(req, 'memberId');
    if (!identity || (memberId !== identity.aadObjectId && memberId !== `29:${identity.aadObjectId}`)) {
      connectorError(res, 404, 'MemberNotFoundInConversation', `No member ${memberId}`);
      return;
    }
    res.json(200, memberJson(identity, deps.tenantId));
  }

  server.post(CONNECTOR, createConversation);
  server.post(`${CONNECTOR}/:conversationId/activities`, sendToConversation);
  server.post(`${CONNECTOR}/:conversationId/activities/:activityId`, sendToConversation);
  server.put(`${CONNECTOR}/:conversationId/activities/:activityId`, updateActivity);
  server.del(`${CONNECTOR}/:conversationId/activities/:activityId`, deleteActivity);
  server.get(`${CONNECTOR}/:conversationId/members`, members);
  server.get(`${CONNECTOR}/:conversationId/pagedmembers`, members);
  server.get(`${CONNECTOR}/:conversationId/members/:memberId`, member);
}
