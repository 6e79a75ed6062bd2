import type { ReminderEntry, ReminderKey, ReminderLog, ReminderState } from '../../../src/reminders/ports.js';
import { joinKey } from '../../../src/storage/keys.js';

/** The reminder log in memory; the claim rule is the one of `TableReminderLog`. */
export class MemoryReminderLog implements ReminderLog {
  /** Partition (committee × period) → kind × person → entry. */
  private readonly partitions = new Map<string, Map<string, ReminderEntry>>();

  async claim(key: ReminderKey, owner: string, now: string, until: string): Promise<boolean> {
    const partition = this.partition(key);
    const rowKey = joinKey(key.kind, key.aadObjectId);
    const existing = partition.get(rowKey);
    if (existing?.state === 'sent') return false;
    if (existing?.state === 'claimed' && existing.claimedUntil > now && existing.claimedBy !== owner)
      return false;
    partition.set(rowKey, entry(key, 'claimed', owner, until, now, null));
    return true;
  }

  async mark(
    key: ReminderKey,
    owner: string,
    state: 'sent' | 'unreachable',
    now: string,
    detail = '',
  ): Promise<void> {
    const partition = this.partition(key);
    const rowKey = joinKey(key.kind, key.aadObjectId);
    const existing = partition.get(rowKey);
    if (!existing) throw new Error(`reminder ${key.kind}/${key.aadObjectId} was never claimed`);
    // Delivered is a fact whoever holds the claim; "unreachable" only from the owner, never over a delivery.
    if (state === 'unreachable' && (existing.claimedBy !== owner || existing.state === 'sent')) return;
    partition.set(rowKey, entry(key, state, owner, existing.claimedUntil, now, detail || null));
  }

  async list(committeeId: string, periodId: string): Promise<ReminderEntry[]> {
    const partition = this.partitions.get(joinKey(committeeId, periodId)) ?? new Map();
    return [...partition].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => ({ ...e }));
  }

  private partition(key: ReminderKey): Map<string, ReminderEntry> {
    const id = joinKey(key.committeeId, key.periodId);
    let partition = this.partitions.get(id);
    if (!partition) {
      partition = new Map();
      this.partitions.set(id, partition);
    }
    return partition;
  }
}

function entry(
  key: ReminderKey,
  state: ReminderState,
  claimedBy: string,
  claimedUntil: string,
  updatedAt: string,
  detail: string | null,
): ReminderEntry {
  const { committeeId, periodId, kind, aadObjectId } = key;
  return { committeeId, periodId, kind, aadObjectId, state, claimedBy, claimedUntil, updatedAt, detail };
}
