import type { TableClient } from '@azure/data-tables';
import type { PauseEntry, PauseStore } from '../reminders/ports-pause.js';
import { escapeKeyPart } from './keys.js';
import { guard, statusOf } from './tables.js';

/**
 * Paused reminders: PartitionKey = the person's Entra object id, RowKey `pause`. One row per
 * person, last write wins (a person's own command or an admin's absence note; both mean "send to
 * the deputy until then"). The reminder run reads them all with one table scan.
 */
export class TablePauseStore implements PauseStore {
  constructor(private readonly client: TableClient) {}

  async get(aadObjectId: string): Promise<PauseEntry | null> {
    return guard('read pause', async () => {
      try {
        const e = await this.client.getEntity<Record<string, unknown>>(escapeKeyPart(aadObjectId), 'pause');
        return toEntry(e);
      } catch (error) {
        if (statusOf(error) === 404) return null;
        throw error;
      }
    });
  }

  async put(entry: PauseEntry): Promise<void> {
    await guard('write pause', () =>
      this.client.upsertEntity(
        {
          partitionKey: escapeKeyPart(entry.aadObjectId),
          rowKey: 'pause',
          aadObjectId: entry.aadObjectId,
          until: entry.until,
          reason: entry.reason,
          setBy: entry.setBy,
          setAt: entry.setAt,
        },
        'Replace',
      ),
    );
  }

  async remove(aadObjectId: string): Promise<void> {
    await guard('delete pause', async () => {
      try {
        await this.client.deleteEntity(escapeKeyPart(aadObjectId), 'pause');
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
      }
    });
  }

  async list(): Promise<PauseEntry[]> {
    return guard('list pauses', async () => {
      const out: PauseEntry[] = [];
      for await (const e of this.client.listEntities<Record<string, unknown>>()) out.push(toEntry(e));
      return out;
    });
  }
}

function toEntry(e: Record<string, unknown>): PauseEntry {
  return {
    aadObjectId: String(e.aadObjectId),
    until: String(e.until),
    reason: e.reason === 'absent' ? 'absent' : 'paused',
    setBy: String(e.setBy ?? ''),
    setAt: String(e.setAt ?? ''),
  };
}
