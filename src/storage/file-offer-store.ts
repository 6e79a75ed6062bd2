import { createHash } from 'node:crypto';
import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { FileOfferStore, OfferedFile, OfferState } from '../leadership/ports.js';
import { escapeKeyPart, odataString } from './keys.js';
import { guard, statusOf } from './tables.js';

/** A binary property holds at most 64 KiB. */
const CHUNK_BYTES = 60_000;
/** A batch is at most 100 entities and 4 MiB of request; base64 makes bytes 4/3 larger. */
const CHUNKS_PER_BATCH = 40;
/** Report files are far smaller; a bound keeps one offer from filling the table. */
const MAX_BYTES = 20 * 1024 * 1024;

const chunkKey = (i: number) => `chunk-${String(i).padStart(5, '0')}`;

/**
 * Offered report files: PartitionKey = the offer id; RowKey `meta` (name, type, size, SHA-256,
 * person, expiry, state) and `chunk-00000…` with the bytes. The chunks are written before the
 * meta row, so an offer is readable only when complete; a delivered offer keeps its meta row
 * (to say "already used") until it expires and its chunks are deleted at once.
 */
export class TableFileOfferStore implements FileOfferStore {
  constructor(private readonly client: TableClient) {}

  async put(file: OfferedFile): Promise<void> {
    if (file.bytes.length > MAX_BYTES) throw new Error(`file too large to offer: ${file.bytes.length} bytes`);
    const pk = escapeKeyPart(file.id);
    const chunks: TransactionAction[] = [];
    for (let i = 0; i * CHUNK_BYTES < file.bytes.length; i++) {
      const data = new Uint8Array(file.bytes.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES));
      chunks.push(['create', { partitionKey: pk, rowKey: chunkKey(i), data }]);
    }
    await guard('write offered file', async () => {
      for (let i = 0; i < chunks.length; i += CHUNKS_PER_BATCH)
        await this.client.submitTransaction(chunks.slice(i, i + CHUNKS_PER_BATCH));
      await this.client.createEntity({
        partitionKey: pk,
        rowKey: 'meta',
        state: 'offered',
        fileName: file.fileName,
        contentType: file.contentType,
        size: file.bytes.length,
        chunks: chunks.length,
        sha256: sha256(file.bytes),
        aadObjectId: file.aadObjectId,
        expiresAt: new Date(file.expiresAt).toISOString(),
      });
    });
  }

  async get(id: string, now: number): Promise<OfferState> {
    return guard('read offered file', async () => {
      const pk = escapeKeyPart(id);
      const meta = await this.meta(pk);
      if (!meta || Date.parse(String(meta.expiresAt)) < now) return { kind: 'gone' };
      const fileName = String(meta.fileName);
      if (meta.state === 'delivered') return { kind: 'delivered', fileName };
      const parts: Uint8Array[] = [];
      for await (const e of this.client.listEntities<{ data?: Uint8Array }>({
        queryOptions: {
          filter: `PartitionKey eq ${odataString(pk)} and RowKey ge 'chunk-' and RowKey lt 'chunk.'`,
        },
      })) {
        parts.push(e.data ?? new Uint8Array());
      }
      const bytes = Buffer.concat(parts);
      // Chunks deleted by a delivery running at the same moment: the file is no longer on offer.
      if (parts.length !== Number(meta.chunks) || sha256(bytes) !== meta.sha256)
        return { kind: 'delivered', fileName };
      return {
        kind: 'offered',
        file: {
          id,
          fileName,
          contentType: String(meta.contentType),
          bytes,
          aadObjectId: String(meta.aadObjectId),
          expiresAt: Date.parse(String(meta.expiresAt)),
        },
      };
    });
  }

  async markDelivered(id: string): Promise<boolean> {
    return guard('mark offered file delivered', async () => {
      const pk = escapeKeyPart(id);
      const meta = await this.meta(pk);
      if (meta?.state !== 'offered') return false;
      try {
        await this.client.updateEntity({ partitionKey: pk, rowKey: 'meta', state: 'delivered' }, 'Merge', {
          etag: String(meta.etag),
        });
      } catch (error) {
        if (statusOf(error) === 412 || statusOf(error) === 404) return false;
        throw error;
      }
      await this.deleteRows(pk, (rowKey) => rowKey !== 'meta');
      return true;
    });
  }

  /** Removes offers that expired before `now`, at most `limit`; returns how many (would be, with `dryRun`). */
  async purgeExpired(now: number, limit: number, dryRun = false): Promise<number> {
    const filter = `RowKey eq 'meta' and expiresAt lt ${odataString(new Date(now).toISOString())}`;
    return this.removeOffers('purge offered files', filter, limit, dryRun);
  }

  /** Removes every offer made to one person (erasure); returns how many offers. */
  async removePerson(aadObjectId: string, dryRun: boolean): Promise<number> {
    const filter = `RowKey eq 'meta' and aadObjectId eq ${odataString(aadObjectId)}`;
    return this.removeOffers('erase offered files', filter, Number.POSITIVE_INFINITY, dryRun);
  }

  private async removeOffers(what: string, filter: string, limit: number, dryRun: boolean): Promise<number> {
    return guard(what, async () => {
      const offers: string[] = [];
      for await (const e of this.client.listEntities({
        queryOptions: { filter, select: ['PartitionKey'] },
      })) {
        if (offers.length >= limit) break;
        offers.push(String(e.partitionKey));
      }
      if (dryRun) return offers.length;
      // The meta row last: while it exists the offer can still be purged again.
      for (const pk of offers) {
        await this.deleteRows(pk, (rowKey) => rowKey !== 'meta');
        await this.deleteRows(pk, () => true);
      }
      return offers.length;
    });
  }

  private async meta(pk: string): Promise<Record<string, unknown> | null> {
    try {
      return await this.client.getEntity<Record<string, unknown>>(pk, 'meta');
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw error;
    }
  }

  private async deleteRows(pk: string, which: (rowKey: string) => boolean): Promise<void> {
    const rows: string[] = [];
    for await (const e of this.client.listEntities({
      queryOptions: { filter: `PartitionKey eq ${odataString(pk)}`, select: ['RowKey'] },
    })) {
      const rowKey = String(e.rowKey);
      if (which(rowKey)) rows.push(rowKey);
    }
    for (const rowKey of rows) {
      try {
        await this.client.deleteEntity(pk, rowKey);
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
      }
    }
  }
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('base64');
}
