/**
 * The /dev bridge's memory: one log per conversation with every version of every activity (a
 * watermark indexes it), the current version of each, and the page's pending long-polls.
 */
import { randomBytes } from 'node:crypto';
import { type Activity, BRIDGE_NOTICE_FROM } from './activities.js';
import type { DevIdentity } from './identities.js';

export interface Conversation {
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

export interface ConversationLog {
  /** The conversation with this id, started on first use. */
  get(id: string): Conversation;
  /** The person of a `dev-<aadObjectId>` conversation the page may use; null for any other id. */
  identityOf(id: string): DevIdentity | null;
  /** A new activity id, unique across restarts of the app. */
  nextId(): string;
  /** Strictly increasing timestamps within a conversation: Web Chat orders the transcript by them. */
  timestamp(c: Conversation): string;
  /** Adds a version of an activity and wakes the conversation's long-polls. */
  record(c: Conversation, activity: Activity): void;
  /** A message from the bridge itself (the bot could not be reached, or refused). */
  notice(c: Conversation, text: string): void;
  /** The current version of every activity in a conversation, oldest first. */
  transcript(id: string): Activity[];
  /**
   * Waits until something is recorded in `c`, `ms` pass, `cancel` is called (the request went
   * away) or the log is closed; at once when it already is closed.
   */
  waitForMore(c: Conversation, ms: number, cancel: (stop: () => void) => void): Promise<void>;
  /** Ends every pending wait, now and later, so the server can close at once. */
  close(): void;
}

export function createConversationLog(people: readonly DevIdentity[]): ConversationLog {
  const conversations = new Map<string, Conversation>();
  const identities = new Map(people.map((i) => [i.aadObjectId, i]));
  // Unique per process, so ids from an earlier run (still in an open page) never collide.
  const boot = randomBytes(3).toString('hex');
  let counter = 0;
  let closed = false;

  const identityOf = (id: string) => (id.startsWith('dev-') ? (identities.get(id.slice(4)) ?? null) : null);

  function get(id: string): Conversation {
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

  function timestamp(c: Conversation): string {
    c.lastTimestamp = Math.max(Date.now(), c.lastTimestamp + 1);
    return new Date(c.lastTimestamp).toISOString();
  }

  const nextId = () => `${boot}-${++counter}`;

  function record(c: Conversation, activity: Activity): void {
    c.events.push(activity);
    c.current.set(String(activity.id), activity);
    for (const wake of [...c.waiters]) wake();
  }

  return {
    get,
    identityOf,
    nextId,
    timestamp,
    record,
    notice(c, text) {
      record(c, {
        type: 'message',
        id: nextId(),
        timestamp: timestamp(c),
        from: BRIDGE_NOTICE_FROM,
        conversation: { id: c.id },
        text,
      });
    },
    transcript: (id) => [...(conversations.get(id)?.current.values() ?? [])],
    waitForMore(c, ms, cancel) {
      if (closed) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          c.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, ms);
        c.waiters.add(wake);
        cancel(wake);
      });
    },
    close() {
      closed = true;
      for (const c of conversations.values()) for (const wake of [...c.waiters]) wake();
    },
  };
}
