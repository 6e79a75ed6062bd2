/**
 * A local Bot Framework bridge for the /dev chat page: plays the Bot Framework channel between
 * Web Chat in a browser and the bot's own `POST /api/messages`.
 *
 * - Towards the bot it is what Teams is (to-bot.ts), and it implements the connector REST API the
 *   bot calls back (connector.ts). Proactive messages (reminders) land in the same conversation log.
 * - Towards the page it offers a small DirectLine-like HTTP API (page-api.ts) that the page's
 *   `directLine` object (browser/direct-line.js) talks to.
 *
 * Everything lives in memory (conversations.ts); the bot's own storage keeps what matters. No
 * botbuilder here: this is the other side of the protocol.
 */
import type { Server } from 'restify';
import type { Logger } from '../shared/logger.js';
import type { Activity } from './activities.js';
import { mountConnector } from './connector.js';
import { createConversationLog } from './conversations.js';
import type { DevIdentity } from './identities.js';
import { mountPageApi } from './page-api.js';
import { createBotLink } from './to-bot.js';

/** Bounded long-poll: the page asks again right away, so this only limits how long a request hangs. */
const DEFAULT_POLL_MS = 20_000;

export interface BridgeDeps {
  /** The bot's base URL on this machine, e.g. `http://127.0.0.1:3978`. */
  readonly botUrl: () => string;
  readonly tenantId: string;
  readonly identities: readonly DevIdentity[];
  readonly logger: Logger;
  /** Long-poll bound; tests shorten it. */
  readonly pollMs?: number;
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
  const log = createConversationLog(deps.identities);
  const base = () => deps.botUrl().replace(/\/$/, '').replace('//localhost:', '//127.0.0.1:');
  const serviceUrl = () => `${base()}/dev/connector`;
  const link = createBotLink({ log, base, serviceUrl, tenantId: deps.tenantId, logger: deps.logger });
  return {
    serviceUrl,
    mount(server) {
      mountConnector(server, { log, serviceUrl, tenantId: deps.tenantId });
      mountPageApi(server, { log, link, pollMs: deps.pollMs ?? DEFAULT_POLL_MS });
    },
    transcript: log.transcript,
    send: link.send,
    close: log.close,
  };
}
