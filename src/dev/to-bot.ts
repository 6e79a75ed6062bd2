/**
 * The /dev bridge towards the bot: it is what Teams is. Activities from the page are posted to
 * the bot's own `POST /api/messages` as from a personal Teams chat (channelId `webchat`, so cards
 * come with Action.Submit), one at a time per conversation, with a `serviceUrl` pointing at the
 * bridge's connector routes.
 */
import type { Logger } from '../shared/logger.js';
import { type Activity, asObject, BRIDGE_BOT, pressedCard } from './activities.js';
import type { Conversation, ConversationLog } from './conversations.js';

export interface BotLinkDeps {
  readonly log: ConversationLog;
  /** The bot's base URL on this machine, without a trailing slash. */
  readonly base: () => string;
  /** Where the bot sends its replies (the bridge's connector routes). */
  readonly serviceUrl: () => string;
  readonly tenantId: string;
  readonly logger: Logger;
}

export interface BotLink {
  /** Posts an activity from the person, as the page does: the echo's id, and when the bot has had it. */
  send(conversationId: string, activity: Activity): Promise<{ id: string; delivered: Promise<void> }>;
  /** Tells the bot the app was installed for the person, as Teams does; resolves when the bot has it. */
  install(c: Conversation): Promise<string>;
}

export function createBotLink(deps: BotLinkDeps): BotLink {
  const { log } = deps;

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
      serviceUrl: deps.serviceUrl(),
      from: { id: `29:${aad}`, name: who?.name ?? aad, aadObjectId: aad },
      recipient: { id: BRIDGE_BOT.id, name: BRIDGE_BOT.name },
      conversation: { id: c.id, conversationType: 'personal', tenantId: deps.tenantId },
      channelData: { ...asObject(activity.channelData), tenant: { id: deps.tenantId } },
      locale: typeof activity.locale === 'string' ? activity.locale : 'sv-SE',
    };
  }

  async function postToBot(c: Conversation, activity: Activity): Promise<void> {
    try {
      const res = await fetch(`${deps.base()}/api/messages`, {
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
        log.notice(c, `Boten svarade med HTTP ${res.status}. Se serverns logg.`);
      }
    } catch (error) {
      deps.logger.error('dev bridge: could not reach the bot', { error: String(error) });
      log.notice(c, 'Bryggan nådde inte boten. Se serverns logg.');
    }
  }

  /** Queues an activity for the bot behind the conversation's earlier ones. */
  function forward(c: Conversation, activity: Activity): Promise<void> {
    const delivered = c.forwarding.then(() => postToBot(c, activity));
    c.forwarding = delivered;
    return delivered;
  }

  async function send(conversationId: string, activity: Activity) {
    const c = log.get(conversationId);
    const id = log.nextId();
    const time = log.timestamp(c);
    const who = c.identity;
    const type = typeof activity.type === 'string' ? activity.type : 'message';
    // The echo: Web Chat recognises its own message by channelData.clientActivityID.
    log.record(c, {
      ...activity,
      type,
      id,
      timestamp: time,
      from: { id: `29:${who?.aadObjectId ?? ''}`, name: who?.name ?? '', role: 'user' },
      conversation: { id: c.id },
    });
    if (type !== 'message' && type !== 'event') return { id, delivered: Promise.resolve() };
    const replyToId =
      typeof activity.replyToId === 'string'
        ? activity.replyToId
        : activity.value !== undefined
          ? pressedCard([...c.current.values()], asObject(activity.value))
          : undefined;
    const { from: _f, channelData, ...rest } = activity;
    const { clientActivityID: _c, ...ownChannelData } = asObject(channelData);
    const toSend = toBot(c, { ...rest, type, channelData: ownChannelData }, id, time);
    if (replyToId) toSend.replyToId = replyToId;
    else delete toSend.replyToId;
    return { id, delivered: forward(c, toSend) };
  }

  return {
    send,
    async install(c) {
      const id = log.nextId();
      await forward(c, toBot(c, { type: 'installationUpdate', action: 'add' }, id, log.timestamp(c)));
      return id;
    },
  };
}
