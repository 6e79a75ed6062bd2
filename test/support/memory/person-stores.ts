/**
 * One row per person (or per key), last write wins: conversation references, pauses, snoozes,
 * learnt identities; and the two claims made by inserting a row: welcomes and refusal counts.
 */
import type { RefusalCounter } from '../../../src/audit/ports.js';
import type { IdentityStore, ResolvedIdentity } from '../../../src/config/people.js';
import type { WelcomeClaims } from '../../../src/followup/ports.js';
import type { ConversationStore, StoredConversation } from '../../../src/reminders/ports.js';
import type { PauseEntry, PauseStore } from '../../../src/reminders/ports-pause.js';
import type { SnoozeEntry, SnoozeStore } from '../../../src/reminders/snooze.js';
import { stored } from './versioned.js';

/** Rows by key, read back as copies. */
class Rows<T> {
  private readonly rows = new Map<string, T>();

  get(key: string): T | null {
    const row = this.rows.get(key);
    return row === undefined ? null : stored(row);
  }

  put(key: string, row: T): void {
    this.rows.set(key, stored(row));
  }

  remove(key: string): void {
    this.rows.delete(key);
  }

  list(): T[] {
    return [...this.rows.values()].map(stored);
  }
}

export class MemoryConversationStore implements ConversationStore {
  private readonly rows = new Rows<StoredConversation>();

  async get(aadObjectId: string): Promise<StoredConversation | null> {
    return this.rows.get(aadObjectId);
  }

  async put(conversation: StoredConversation): Promise<void> {
    this.rows.put(conversation.aadObjectId, conversation);
  }

  async list(): Promise<StoredConversation[]> {
    return this.rows.list();
  }

  async remove(aadObjectId: string): Promise<void> {
    this.rows.remove(aadObjectId);
  }
}

export class MemoryPauseStore implements PauseStore {
  private readonly rows = new Rows<PauseEntry>();

  async get(aadObjectId: string): Promise<PauseEntry | null> {
    return this.rows.get(aadObjectId);
  }

  async put(entry: PauseEntry): Promise<void> {
    this.rows.put(entry.aadObjectId, entry);
  }

  async remove(aadObjectId: string): Promise<void> {
    this.rows.remove(aadObjectId);
  }

  async list(): Promise<PauseEntry[]> {
    return this.rows.list();
  }
}

export class MemorySnoozeStore implements SnoozeStore {
  private readonly rows = new Rows<SnoozeEntry>();

  async get(aadObjectId: string): Promise<SnoozeEntry | null> {
    return this.rows.get(aadObjectId);
  }

  async put(entry: SnoozeEntry): Promise<void> {
    this.rows.put(entry.aadObjectId, entry);
  }

  async list(): Promise<SnoozeEntry[]> {
    return this.rows.list();
  }
}

export class MemoryIdentityStore implements IdentityStore {
  private readonly rows = new Rows<ResolvedIdentity>();

  async list(): Promise<ResolvedIdentity[]> {
    return this.rows.list().filter((i) => i.address && i.aadObjectId);
  }

  async put(identity: ResolvedIdentity): Promise<void> {
    this.rows.put(identity.address, identity);
  }
}

export class MemoryWelcomeClaims implements WelcomeClaims {
  private readonly claims = new Set<string>();

  async claim(conversationId: string): Promise<boolean> {
    if (this.claims.has(conversationId)) return false;
    this.claims.add(conversationId);
    return true;
  }

  async release(conversationId: string): Promise<void> {
    this.claims.delete(conversationId);
  }
}

export class MemoryRefusalCounter implements RefusalCounter {
  private readonly counts = new Map<string, number>();

  async increment(key: string, window: string, limit: number): Promise<number> {
    const id = JSON.stringify([window, key]);
    const count = this.counts.get(id) ?? 0;
    if (count >= limit) return limit + 1;
    this.counts.set(id, count + 1);
    return count + 1;
  }
}
