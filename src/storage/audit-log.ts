/**
 * Audit log as a hash chain (src/audit/chain.ts), one chain per committee:
 *   PartitionKey  the committee
 *   RowKey        `r|<seq:12>`   one row per entry, in the order written (1, 2, 3 …)
 *                 `~head`        the newest row's number and hash
 *                 `~anchor`      the last row gallring removed (number and hash), absent before
 *
 * Appending is one entity-group transaction: the new rows are inserted and the head is updated
 * with If-Match on the ETag it was read with, so two writers (two instances) never both extend
 * the chain from the same row; the loser reads the head again and retries. Within one process,
 * entries that arrive while a write is under way are written together in the next transaction.
 *
 * Rows from before the chain (RowKey = inverted time) are still listed, after the chained ones,
 * and ignored by verification.
 */
import { randomBytes } from 'node:crypto';
import type { TableClient, TableEntityResult, TransactionAction } from '@azure/data-tables';
import { type ChainedRow, type ChainMark, chainRow, EMPTY_MARK } from '../audit/chain.js';
import type { AuditChainStore } from '../audit/ports.js';
import type { AuditEntry, AuditLog } from '../followup/ports.js';
import { StorageUnavailableError } from '../shared/storage-errors.js';
import { escapeKeyPart, odataString, unescapeKeyPart } from './keys.js';
import { guard, statusOf } from './tables.js';

const HEAD = '~head';
const ANCHOR = '~anchor';
/** A transaction holds at most 100 operations: the head and 99 rows. */
const BATCH = 99;
const ATTEMPTS = 25;
/** Who an anonymised row was done by. */
export const ANONYMISED_NAME = 'Borttagen person';

type Row = TableEntityResult<Record<string, unknown>>;

export const auditRowKey = (seq: number) => `r|${String(seq).padStart(12, '0')}`;

interface Pending {
  readonly entry: AuditEntry;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

function toChained(e: Record<string, unknown>): ChainedRow {
  return {
    seq: Number(e.seq),
    at: String(e.at ?? ''),
    action: String(e.action ?? ''),
    outcome: String(e.outcome ?? ''),
    details: String(e.details ?? '{}'),
    actorDigest: String(e.actorDigest ?? ''),
    prevHash: String(e.prevHash ?? ''),
    hash: String(e.hash ?? ''),
    actorId: String(e.actorId ?? ''),
    actorName: String(e.actorName ?? ''),
    salt: String(e.salt ?? ''),
    anonymised: e.anonymised === true,
  };
}

function toEntry(committeeId: string, e: Record<string, unknown>): AuditEntry {
  return {
    committeeId,
    at: String(e.at),
    actor: e.actorId ? { aadObjectId: String(e.actorId), name: String(e.actorName) } : null,
    action: String(e.action),
    outcome: e.outcome as AuditEntry['outcome'],
    details: JSON.parse(String(e.details)) as AuditEntry['details'],
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The chain's newest row as this process last wrote it, with the head row's ETag. */
interface KnownHead {
  readonly seq: number;
  readonly hash: string;
  readonly etag: string;
}

export class TableAuditLog implements AuditLog, AuditChainStore {
  private readonly queues = new Map<string, Pending[]>();
  private readonly writing = new Set<string>();
  /**
   * The head after our last append, per partition, so the next append needs no read: the update
   * carries its ETag, so if another writer moved the head meanwhile the transaction fails (412)
   * and the head is read again. The chain stays exactly as safe; one request per append fewer.
   */
  private readonly heads = new Map<string, KnownHead>();

  constructor(private readonly client: TableClient) {}

  append(entry: AuditEntry): Promise<void> {
    const partition = escapeKeyPart(entry.committeeId);
    return new Promise<void>((resolve, reject) => {
      const queue = this.queues.get(partition) ?? [];
      queue.push({ entry, resolve, reject });
      this.queues.set(partition, queue);
      if (!this.writing.has(partition)) {
        this.writing.add(partition);
        void this.drain(partition);
      }
    });
  }

  private async drain(partition: string): Promise<void> {
    const queue = this.queues.get(partition) ?? [];
    while (queue.length > 0) {
      const batch = queue.splice(0, BATCH);
      try {
        await this.writeBatch(
          partition,
          batch.map((p) => p.entry),
        );
        for (const p of batch) p.resolve();
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    this.writing.delete(partition);
  }

  private async writeBatch(partition: string, entries: readonly AuditEntry[]): Promise<void> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const known = this.heads.get(partition);
      this.heads.delete(partition);
      const read = known ? null : await this.getRow(partition, HEAD);
      const head: KnownHead | null =
        known ?? (read ? { seq: Number(read.seq), hash: String(read.hash), etag: String(read.etag) } : null);
      let previous: ChainMark = head ? { seq: head.seq, hash: head.hash } : await this.anchor(partition);
      const actions: TransactionAction[] = [];
      for (const entry of entries) {
        const row = chainRow(previous, {
          at: entry.at,
          action: entry.action,
          outcome: entry.outcome,
          details: JSON.stringify(entry.details),
          actorId: entry.actor?.aadObjectId ?? '',
          actorName: entry.actor?.name ?? '',
          salt: randomBytes(16).toString('hex'),
        });
        actions.push(['create', { partitionKey: partition, rowKey: auditRowKey(row.seq), ...row }]);
        previous = { seq: row.seq, hash: row.hash };
      }
      const headEntity = { partitionKey: partition, rowKey: HEAD, seq: previous.seq, hash: previous.hash };
      actions.push(head ? ['update', headEntity, 'Replace', { etag: head.etag }] : ['create', headEntity]);
      try {
        const response = await guard('append audit', () => this.client.submitTransaction(actions));
        // Sub-responses come in the order of the actions; an update's names no row, so by place.
        const etag =
          response.subResponses.length === actions.length ? response.subResponses.at(-1)?.etag : undefined;
        if (etag) this.heads.set(partition, { seq: previous.seq, hash: previous.hash, etag });
        return;
      } catch (error) {
        const status = statusOf(error);
        // Another writer extended the chain first: read the new head and try again (at once if
        // only our remembered head was stale).
        if (status !== 409 && status !== 412) throw error;
        if (!known) await sleep(5 + Math.random() * 20 * Math.min(attempt + 1, 10));
      }
    }
    throw new StorageUnavailableError(
      'Granskningsloggen kunde inte skrivas: för många samtidiga skrivningar',
    );
  }

  async list(committeeId: string, options: { limit?: number } = {}): Promise<AuditEntry[]> {
    const limit = options.limit ?? 100;
    const partition = escapeKeyPart(committeeId);
    const { head, anchor } = await this.marks(committeeId);
    const out: AuditEntry[] = [];
    if (head && head.seq > anchor.seq) {
      const from = Math.max(anchor.seq + 1, head.seq - limit + 1);
      const chained: AuditEntry[] = [];
      for await (const row of this.rowsRaw(partition, from, head.seq))
        chained.push(toEntry(committeeId, row));
      out.push(...chained.reverse());
    }
    if (out.length < limit) {
      // Rows from before the chain: their keys (inverted time) sort newest first, before `r|`.
      const filter = `PartitionKey eq ${odataString(partition)} and RowKey lt 'r'`;
      await guard('list audit', async () => {
        for await (const e of this.client.listEntities<Record<string, unknown>>({
          queryOptions: { filter },
        })) {
          if (out.length >= limit) break;
          out.push(toEntry(committeeId, e));
        }
      });
    }
    return out.slice(0, limit);
  }

  async marks(committeeId: string): Promise<{ head: ChainMark | null; anchor: ChainMark }> {
    const partition = escapeKeyPart(committeeId);
    const anchor = await this.anchor(partition);
    const head = await this.getRow(partition, HEAD);
    return { head: head ? { seq: Number(head.seq), hash: String(head.hash) } : null, anchor };
  }

  async *rows(committeeId: string, afterSeq: number, toSeq: number): AsyncIterable<ChainedRow> {
    for await (const row of this.rowsRaw(escapeKeyPart(committeeId), afterSeq + 1, toSeq))
      yield toChained(row);
  }

  /** Every committee that has an audit log (one partition each). */
  async committees(): Promise<string[]> {
    return guard('list audit committees', async () => {
      const out: string[] = [];
      const filter = `RowKey eq '${HEAD}'`;
      for await (const e of this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter } }))
        out.push(unescapeKeyPart(String(e.partitionKey)));
      return out;
    });
  }

  /**
   * Gallring: removes the oldest rows written before `before`, at most `limit`, and moves the
   * anchor to the last one removed, in the same transaction. Stops at a gap (it never hides one)
   * and never removes the newest row. Returns how many rows were (with `dryRun`, would be) removed.
   */
  async purgeBefore(committeeId: string, before: string, limit: number, dryRun: boolean): Promise<number> {
    const partition = escapeKeyPart(committeeId);
    const anchorRow = await this.getRow(partition, ANCHOR);
    const { head, anchor } = await this.marks(committeeId);
    if (!head) return 0;
    const doomed: ChainedRow[] = [];
    let expected = anchor.seq + 1;
    for await (const row of this.rows(committeeId, anchor.seq, head.seq - 1)) {
      if (doomed.length >= limit || row.seq !== expected || row.at >= before) break;
      doomed.push(row);
      expected++;
    }
    if (dryRun || doomed.length === 0) return dryRun ? doomed.length : 0;
    let etag = anchorRow ? String(anchorRow.etag) : null;
    let removed = 0;
    for (let i = 0; i < doomed.length; i += BATCH) {
      const part = doomed.slice(i, i + BATCH);
      const last = part.at(-1) as ChainedRow;
      const mark = {
        partitionKey: partition,
        rowKey: ANCHOR,
        seq: last.seq,
        hash: last.hash,
        purgedAt: before,
      };
      const actions: TransactionAction[] = part.map((r) => [
        'delete',
        { partitionKey: partition, rowKey: auditRowKey(r.seq) },
      ]);
      actions.push(etag ? ['update', mark, 'Replace', { etag }] : ['create', mark]);
      try {
        await guard('purge audit', () => this.client.submitTransaction(actions));
      } catch (error) {
        const status = statusOf(error);
        // Another purge got there first: what is left is for the next run.
        if (status === 404 || status === 409 || status === 412) break;
        throw error;
      }
      removed += part.length;
      etag = String((await this.getRow(partition, ANCHOR))?.etag ?? '');
    }
    return removed;
  }

  /** Rows (any committee) done by the person, as stored. */
  async rowsBy(actorId: string): Promise<Row[]> {
    return guard('audit rows of a person', async () => {
      const out: Row[] = [];
      const filter = `actorId eq ${odataString(actorId)}`;
      for await (const e of this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter } }))
        out.push(e as Row);
      return out;
    });
  }

  /**
   * Erasure: the person's rows keep their place and hash in the chain; id, name and salt are
   * replaced and the row is marked anonymised (verification then skips the check of who).
   */
  async anonymise(actorId: string, pseudonymId: string, dryRun: boolean): Promise<number> {
    const rows = await this.rowsBy(actorId);
    if (dryRun) return rows.length;
    for (const row of rows) {
      const chained = String(row.rowKey).startsWith('r|');
      await guard('anonymise audit', () =>
        this.client.updateEntity(
          {
            partitionKey: String(row.partitionKey),
            rowKey: String(row.rowKey),
            actorId: pseudonymId,
            actorName: ANONYMISED_NAME,
            ...(chained ? { salt: '', anonymised: true } : {}),
          },
          'Merge',
        ),
      );
    }
    return rows.length;
  }

  private async anchor(partition: string): Promise<ChainMark> {
    const row = await this.getRow(partition, ANCHOR);
    return row ? { seq: Number(row.seq), hash: String(row.hash) } : EMPTY_MARK;
  }

  private async *rowsRaw(partition: string, fromSeq: number, toSeq: number): AsyncIterable<Row> {
    if (toSeq < fromSeq) return;
    const filter = `PartitionKey eq ${odataString(partition)} and RowKey ge ${odataString(auditRowKey(fromSeq))} and RowKey le ${odataString(auditRowKey(toSeq))}`;
    const pages = this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter } }).byPage();
    while (true) {
      const page = await guard('read audit', () => pages.next());
      if (page.done) return;
      for (const row of page.value) yield row as Row;
    }
  }

  private async getRow(partition: string, rowKey: string): Promise<Row | null> {
    return guard('read audit', async () => {
      try {
        return (await this.client.getEntity<Record<string, unknown>>(partition, rowKey)) as Row;
      } catch (error) {
        if (statusOf(error) === 404) return null;
        throw error;
      }
    });
  }
}
