import type { TableClient } from '@azure/data-tables';
import type { SnoozeEntry, SnoozeStore } from '../reminders/snooze.js';
import { escapeKeyPart } from './keys.js';
import { guard, statusOf } from './tables.js';

/**
 * Snoozed reminders ("påminn mig i morgon"): PartitionKey = the person's Entra object id, RowKey
 * `snooze`. One row per person, last write wins; the reminder pass reads them all in one scan.
 */
export class TableSnoozeStore implements SnoozeStore {
  constructor(private readonly client: TableClient) {}

  async get(aadObjectId: string): Promise<SnoozeEntry | null> {
    return guard('read snooze', async () => {
      try {
        const e = await this.client.getEntity<Record<string, unknown>>(escapeKeyPart(aadObjectId), 'snooze');
        return toEntry(e);
      } catch (error) {
        if (statusOf(error) === 404) return null;
        throw error;
      }
    });
  }

  async put(entry: SnoozeEntry): Promise<void> {
    await guard('write snooze', () =>
      this.client.upsertEntity(
        {
          partitionKey: escapeKeyPart(entry.aadObjectId),
          rowKey: 'snooze',
          aadObjectId: entry.aadObjectId,
          until: entry.until,
          setAt: entry.setAt,
        },
        'Replace',
      ),
    );
  }

  async list(): Promise<SnoozeEntry[]> {
    return guard('list snoozes', async () => {
      const out: SnoozeEntry[] = [];
      for await (const e of this.client.listEntities<Record<string, unknown>>()) out.push(toEntry(e));
      return out;
    });
  }
}

function toEntry(e: Record<string, unknown>): SnoozeEntry {
  return { aadObjectId: String(e.aadObjectId), until: String(e.until), setAt: String(e.setAt ?? '') };
}
