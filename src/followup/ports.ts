/**
 * What the follow-up feature needs from storage. Storage implements these; the feature never
 * sees tables or keys.
 */

/** Who answered: the Teams user, as their Entra object id and display name. */
export interface Actor {
  readonly aadObjectId: string;
  readonly name: string;
}

/**
 * One answered item of a unit in a period: a nämndmål, the economy, or the uppdrag; and the
 * unit's submission, which records the item revisions it sent in (one atomic write).
 */
export type ItemKey =
  | `goal:${string}`
  | 'economy'
  | 'figures'
  | 'assignments'
  | 'submission'
  | 'committee'
  | 'bokslut'
  | 'ledger';

export interface AnswerKey {
  readonly committeeId: string;
  readonly periodId: string;
  readonly unitId: string;
  readonly item: ItemKey;
}

/** `complete` when every required field of the item is filled in; `draft` otherwise. */
export type AnswerState = 'draft' | 'complete';

/** A stored version of an answer. `revision` starts at 1 and grows by one per accepted change. */
export interface StoredAnswer<P = unknown> extends AnswerKey {
  readonly revision: number;
  readonly state: AnswerState;
  readonly payload: P;
  readonly answeredBy: Actor;
  readonly answeredAt: string;
  /** The Bot Framework activity that caused the change, so a replayed activity is recognised. */
  readonly activityId: string | null;
}

export interface SaveAnswer<P = unknown> extends AnswerKey {
  /** The revision the change is based on; 0 when the answer did not exist. */
  readonly expectedRevision: number;
  readonly state: AnswerState;
  readonly payload: P;
  readonly answeredBy: Actor;
  readonly answeredAt: string;
  readonly activityId: string | null;
}

export type SaveResult<P = unknown> =
  | { readonly kind: 'saved'; readonly answer: StoredAnswer<P> }
  /** The answer changed since it was read (or was created meanwhile); nothing was written. */
  | { readonly kind: 'conflict'; readonly current: StoredAnswer<P> | null }
  /** This activity was already applied; nothing was written again. */
  | { readonly kind: 'duplicate'; readonly answer: StoredAnswer<P> | null };

export interface AnswerStore {
  get<P = unknown>(key: AnswerKey): Promise<StoredAnswer<P> | null>;
  /** Every current answer of a committee in a period (one partition scan). */
  listPeriod<P = unknown>(committeeId: string, periodId: string): Promise<StoredAnswer<P>[]>;
  /** Every accepted version of one answer, oldest first. */
  history<P = unknown>(key: AnswerKey): Promise<StoredAnswer<P>[]>;
  /** Writes the answer and appends it to the history atomically, or writes nothing. */
  save<P>(change: SaveAnswer<P>): Promise<SaveResult<P>>;
}

export interface AuditEntry {
  readonly committeeId: string;
  readonly at: string;
  readonly actor: Actor | null;
  /** What happened, e.g. `answer.saved`, `answer.refused`, `decision.set`. */
  readonly action: string;
  readonly outcome: 'ok' | 'refused' | 'error';
  readonly details: Readonly<Record<string, string | number | boolean | null>>;
}

export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  list(committeeId: string, options?: { limit?: number }): Promise<AuditEntry[]>;
}

/**
 * One welcome per installation, however Teams orders and times its install events: the welcome
 * is claimed in storage before it is sent, and released when the app is removed.
 */
export interface WelcomeClaims {
  /** True for the first claim of this conversation; false when it was already claimed. */
  claim(conversationId: string, aadObjectId: string, at: string): Promise<boolean>;
  /** Forgets the claim (the app was removed), so a new installation is welcomed again. */
  release(conversationId: string): Promise<void>;
}
