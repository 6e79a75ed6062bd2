/**
 * What reminders (and the bot, on install) need from storage: how to reach a person, and a log
 * that makes every reminder go out at most once.
 */

/** A Bot Framework conversation reference, stored as the plain JSON the adapter gave us. */
export interface StoredConversation {
  readonly aadObjectId: string;
  readonly reference: Readonly<Record<string, unknown>>;
  readonly updatedAt: string;
}

export interface ConversationStore {
  get(aadObjectId: string): Promise<StoredConversation | null>;
  /** Creates or replaces the reference (the serviceUrl can change between activities). */
  put(conversation: StoredConversation): Promise<void>;
  list(): Promise<StoredConversation[]>;
  remove(aadObjectId: string): Promise<void>;
}

export interface ReminderKey {
  readonly committeeId: string;
  readonly periodId: string;
  /** E.g. `opening`, `before-2`, `deadline`, `overdue`, `escalation`. */
  readonly kind: string;
  readonly aadObjectId: string;
}

export type ReminderState = 'claimed' | 'sent' | 'unreachable';

export interface ReminderEntry extends ReminderKey {
  readonly state: ReminderState;
  readonly claimedBy: string;
  readonly claimedUntil: string;
  readonly updatedAt: string;
  readonly detail: string | null;
}

export interface ReminderLog {
  /**
   * Claims a reminder for one sender until `until`. Returns false when it is already sent or
   * someone else holds an unexpired claim. An expired claim (a crashed sender) and an
   * `unreachable` entry (the person may have installed the bot since) can be claimed again.
   */
  claim(key: ReminderKey, owner: string, now: string, until: string): Promise<boolean>;
  /** Marks a claimed reminder; only the claim's owner can. */
  mark(
    key: ReminderKey,
    owner: string,
    state: 'sent' | 'unreachable',
    now: string,
    detail?: string,
  ): Promise<void>;
  list(committeeId: string, periodId: string): Promise<ReminderEntry[]>;
}
