import type { TableClient } from '@azure/data-tables';
import type { RefusalCounter } from '../audit/ports.js';
import { escapeKeyPart, odataString } from './keys.js';
import { guard, statusOf } from './tables.js';

/**
 * Refusal counts (src/audit/refusal-throttle.ts): PartitionKey = the hour, RowKey = the key (a
 * hash of the person's id, or the kind of refusal). Every increment is an insert or an ETag-guarded
 * update, so instances sharing the storage never count past the limit together.
 */
export class TableRefusalCounter implements RefusalCounter {
  constructor(private readonly client: TableClient) {}

  async increment(key: string, window: string, limit: number): Promise<number> {
    const pk = escapeKeyPart(window);
    const rk = escapeKeyPart(key);
    return guard('count refusal', async () => {
      for (let attempt = 0; attempt < 10; attempt++) {
        let existing: Record<string, unknown> | null = null;
        try {
          existing = await this.client.getEntity<Record<string, unknown>>(pk, rk);
        } catch (error) {
          if (statusOf(error) !== 404) throw error;
        }
        const count = Number(existing?.count ?? 0);
        if (count >= limit) return limit + 1;
        try {
          if (existing) {
            await this.client.updateEntity({ partitionKey: pk, rowKey: rk, count: count + 1 }, 'Replace', {
              etag: String(existing.etag),
            });
          } else {
            await this.client.createEntity({ partitionKey: pk, rowKey: rk, count: 1 });
          }
          return count + 1;
        } catch (error) {
          const status = statusOf(error);
          if (status !== 409 && status !== 412) throw error;
        }
      }
      // Heavy contention on one key: count it as over the limit rather than write unbounded.
      return limit + 1;
    });
  }

  /** Removes the counts of hours before `window` (they only matter within their hour). */
  async purgeBefore(window: string, limit: number, dryRun: boolean): Promise<number> {
    const filter = `PartitionKey lt ${odataString(escapeKeyPart(window))}`;
    return guard('purge refusal counts', async () => {
      let n = 0;
      for await (const e of this.client.listEntities<Record<string, unknown>>({
        queryOptions: { filter, select: ['PartitionKey', 'RowKey'] },
      })) {
        if (n >= limit) break;
        if (!dryRun) await deleteQuietly(this.client, String(e.partitionKey), String(e.rowKey));
        n++;
      }
      return n;
    });
  }

  /** Counts under one of these keys (erasure of a person). */
  async removeKey(key: string, dryRun: boolean): Promise<number> {
    const filter = `RowKey eq ${odataString(escapeKeyPart(key))}`;
    return guard('remove refusal counts', async () => {
      let n = 0;
      for await (const e of this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
        if (!dryRun) await deleteQuietly(this.client, String(e.partitionKey), String(e.rowKey));
        n++;
      }
      return n;
    });
  }
}

/** Deletes one entity; one already gone is fine (purges and erasure are idempotent). */
export async function deleteQuietly(client: TableClient, pk: string, rk: string): Promise<void> {
  try {
    await client.deleteEntity(pk, rk);
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
}
