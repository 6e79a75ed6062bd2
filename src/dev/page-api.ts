/**
 * The /dev bridge towards the page: a small DirectLine-like API under
 * `/dev/api/conversations/:conversationId` (post an activity, long-poll with a watermark, send the
 * install event), for the person conversations the page may use only.
 */
import type { Request, Response, Server } from 'restify';
import { type Activity, asObject } from './activities.js';
import { param } from './connector.js';
import type { Conversation, ConversationLog } from './conversations.js';
import type { BotLink } from './to-bot.js';

export interface PageApiDeps {
  readonly log: ConversationLog;
  readonly link: BotLink;
  /** How long a long-poll waits for something new. */
  readonly pollMs: number;
}

const API = '/dev/api/conversations/:conversationId';

/** Within one answer only the newest version of an activity matters. */
function newestVersions(events: readonly Activity[]): Activity[] {
  const latest = new Map<string, Activity>();
  for (const a of events) {
    latest.delete(String(a.id));
    latest.set(String(a.id), a);
  }
  return [...latest.values()];
}

export function mountPageApi(server: Server, deps: PageApiDeps): void {
  const { log } = deps;

  function knownConversation(req: Request, res: Response): Conversation | null {
    const id = param(req, 'conversationId');
    if (!log.identityOf(id)) {
      res.json(404, { error: 'Okänd konversation' });
      return null;
    }
    return log.get(id);
  }

  async function postFromPage(req: Request, res: Response): Promise<void> {
    const c = knownConversation(req, res);
    if (!c) return;
    const { id } = await deps.link.send(c.id, asObject(req.body));
    res.json(200, { id });
  }

  /** Long-poll: answers at once when there is something after the watermark, else within pollMs. */
  async function poll(req: Request, res: Response): Promise<void> {
    const c = knownConversation(req, res);
    if (!c) return;
    const given = new URL(req.url ?? '', 'http://dev').searchParams.get('watermark');
    let watermark = given === null ? 0 : Number(given);
    // A watermark from before a restart (the log is in memory) starts over.
    if (!Number.isInteger(watermark) || watermark < 0 || watermark > c.events.length) watermark = 0;
    if (given !== null && watermark === c.events.length) {
      await log.waitForMore(c, deps.pollMs, (stop) => res.once('close', stop));
    }
    if (res.writableEnded || res.destroyed) return;
    res.header('cache-control', 'no-store');
    res.json(200, {
      activities: newestVersions(c.events.slice(watermark)),
      watermark: String(c.events.length),
    });
  }

  async function install(req: Request, res: Response): Promise<void> {
    const c = knownConversation(req, res);
    if (!c) return;
    res.json(200, { id: await deps.link.install(c) });
  }

  server.post(`${API}/activities`, postFromPage);
  server.get(`${API}/activities`, poll);
  server.post(`${API}/install`, install);
}
