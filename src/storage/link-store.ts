import type { TableClient, TableEntityResult } from '@azure/data-tables';
import type { ClaimResult, DownloadLink, DownloadLinkStore, LinkPurpose } from '../downloads/ports.js';
import { odataString } from './keys.js';
import { deleteQuietly } from './refusal-counter.js';
import { guard, statusOf } from './tables.js';

type Row = TableEntityResult<Record<string, unknown>>;

/**
 * Download links: PartitionKey = the link id, RowKey `link`. A claim is an update with If-Match on
 * the ETag of the unused row: of two claims (one instance or two), the second gets 412 and is told
 * the link is used.
 */
export class TableLinkStore implements DownloadLinkStore {
  constructor(private readonly client: TableClient) {}

  async issue(link: Omit<DownloadLink, 'usedAt'>): Promise<void> {
    await guard('issue link', () =>
      this.client.createEntity({
        partitionKey: link.id,
        rowKey: 'link',
        ...link,
        offerId: link.offerId ?? '',
        usedAt: '',
      }),
    );
  }

  async get(id: string): Promise<DownloadLink | null> {
    const row = await this.row(id);
    return row ? toLink(row) : null;
  }

  async claim(id: string, at: string): Promise<ClaimResult> {
    const row = await this.row(id);
    if (!row) return { kind: 'unknown' };
    const link = toLink(row);
    if (link.usedAt) return { kind: 'used', link };
    try {
      await guard('claim link', () =>
        this.client.updateEntity({ partitionKey: id, rowKey: 'link', usedAt: at }, 'Merge', {
          etag: String(row.etag),
        }),
      );
      return { kind: 'claimed', link: { ...link, usedAt: at } };
    } catch (error) {
      if (statusOf(error) === 412 || statusOf(error) === 404) return { kind: 'used', link };
      throw error;
    }
  }

  async release(id: string, at: string): Promise<void> {
    const row = await this.row(id);
    if (!row || String(row.usedAt) !== at) return;
    try {
      await guard('release link', () =>
        this.client.updateEntity({ partitionKey: id, rowKey: 'link', usedAt: '' }, 'Merge', {
          etag: String(row.etag),
        }),
      );
    } catch (error) {
      if (statusOf(error) !== 412) throw error;
    }
  }

  /** Gallring: links that expired before `before`, at most `limit`. */
  async purgeExpired(before: string, limit: number, dryRun: boolean): Promise<number> {
    return this.removeWhere(`expiresAt lt ${odataString(before)}`, limit, dryRun);
  }

  /** Erasure: every link made for the person. */
  async removePerson(aadObjectId: string, dryRun: boolean): Promise<number> {
    return this.removeWhere(`aadObjectId eq ${odataString(aadObjectId)}`, Number.POSITIVE_INFINITY, dryRun);
  }

  async rowsOf(aadObjectId: string): Promise<Row[]> {
    return guard('links of a person', async () => {
      const out: Row[] = [];
      const filter = `aadObjectId eq ${odataString(aadObjectId)}`;
      for await (const e of this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter } }))
        out.push(e as Row);
      return out;
    });
  }

  private async removeWhere(filter: string, limit: number, dryRun: boolean): Promise<number> {
    return guard('remove links', async () => {
      let n = 0;
      for await (const e of this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
        if (n >= limit) break;
        if (!dryRun) await deleteQuietly(this.client, String(e.partitionKey), String(e.rowKey));
        n++;
      }
      return n;
    });
  }

  private async row(id: string): Promise<Row | null> {
    return guard('read link', async () => {
      try {
        return (await this.client.getEntity<Record<string, unknown>>(id, 'link')) as Row;
      } catch (error) {
        if (statusOf(error) === 404) return null;
        throw error;
      }
    });
  }
}

function toLink(e: Record<string, unknown>): DownloadLink {
  return {
    id: String(e.id),
    // As stored: the route refuses a link made for another purpose.
    purpose: String(e.purpose) as LinkPurpose,
    periodId: String(e.periodId),
    format: e.format === 'xlsx' ? 'xlsx' : 'docx',
    aadObjectId: String(e.aadObjectId),
    offerId: typeof e.offerId === 'string' && e.offerId !== '' ? e.offerId : null,
    issuedAt: String(e.issuedAt),
    expiresAt: String(e.expiresAt),
    usedAt: e.usedAt ? String(e.usedAt) : null,
  };
}
