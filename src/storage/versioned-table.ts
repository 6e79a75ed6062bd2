/**
 * A versioned record kept as "current + append-only history" inside one partition.
 *
 * Table design (answers and decisions use it alike):
 *   PartitionKey  `<committee>|<period>`           one committee-period: the report reads one partition
 *   RowKey        `c|<subject…>`                   the current version of a subject (unit × item, or goal)
 *                 `h|<subject…>|<revision:6>`      every accepted version, never updated or deleted
 *                 `a|<activityId>`                 marker: this Bot Framework activity was applied
 *
 * Because all three live in one partition, a change is one entity-group transaction: the current
 * row is updated with If-Match on the ETag we read (or created, if new), the history row and the
 * activity marker are inserted. Either all of it lands or none of it: there is never a current
 * version without its history entry, a silent overwrite, or a replayed activity applied twice.
 *
 * The history is the audit of a save (src/audit/version-chain.ts): each version carries the hash
 * of the version before it and its own, and the current row the newest one's, written in that
 * same transaction. So a save is two storage requests: reading the current row (the caller reads
 * it anyway, to show or merge the draft) and the transaction. The current row as this process
 * last read or wrote it is remembered with its ETag, so the write needs no read of its own; the
 * If-Match on that ETag is the storage-side check that nothing changed since, and if it fails the
 * row is read again.
 */

import { randomBytes } from 'node:crypto';
import type { TableClient, TableEntityResult, TransactionAction } from '@azure/data-tables';
import { GENESIS } from '../audit/chain.js';
import { chainVersion, type VersionedRecord, type VersionRow } from '../audit/version-chain.js';
import { StorageUnavailableError } from '../shared/storage-errors.js';
import { joinKey, odataString, prefixEnd, splitKey } from './keys.js';
import { guard, payloadPropertiesOf, readPayload, readPayloadText, statusOf } from './tables.js';

export interface VersionMeta {
  readonly revision: number;
  readonly actorId: string;
  readonly actorName: string;
  readonly at: string;
  readonly activityId: string | null;
  /** Small plain fields stored as columns (state, statusId …), readable without the payload. */
  readonly fields: Readonly<Record<string, string>>;
}

export interface Version<P> extends VersionMeta {
  readonly subject: readonly string[];
  readonly payload: P;
}

export interface WriteVersion<P> {
  readonly partition: readonly string[];
  readonly subject: readonly string[];
  readonly expectedRevision: number;
  readonly actorId: string;
  readonly actorName: string;
  readonly at: string;
  readonly activityId: string | null;
  readonly fields: Readonly<Record<string, string>>;
  readonly payload: P;
}

export type WriteOutcome<P> =
  | { readonly kind: 'saved'; readonly version: Version<P> }
  | { readonly kind: 'conflict'; readonly current: Version<P> | null }
  | { readonly kind: 'duplicate'; readonly version: Version<P> | null };

/**
 * What the answer and decision stores need of versioned records: implemented here on Table
 * Storage, and in memory for fast tests (test/support/memory/versioned.ts), so the mapping of
 * answers and decisions onto versions exists once.
 */
export interface Versions {
  get<P>(partition: readonly string[], subject: readonly string[]): Promise<Version<P> | null>;
  listCurrent<P>(partition: readonly string[]): Promise<Version<P>[]>;
  history<P>(partition: readonly string[], subject: readonly string[]): Promise<Version<P>[]>;
  allVersions<P>(partition: readonly string[]): Promise<Version<P>[]>;
  write<P>(change: WriteVersion<P>): Promise<WriteOutcome<P>>;
  /** The newest `limit` versions of every partition under the prefix, without payloads, newest first. */
  recentVersions(
    partitionPrefix: readonly string[],
    limit: number,
  ): Promise<
    (VersionMeta & { readonly partition: readonly string[]; readonly subject: readonly string[] })[]
  >;
}

const REVISION_DIGITS = 6;
/** Current rows remembered (revision, ETag, hash), oldest forgotten first. */
const KNOWN_MAX = 10_000;

/** A current row as last seen: its revision, ETag and chain hash; revision 0 and no ETag if absent. */
interface Known {
  readonly revision: number;
  readonly etag: string | null;
  readonly hash: string;
}

const ABSENT: Known = { revision: 0, etag: null, hash: GENESIS };

function knownOf(row: Row | null): Known {
  if (!row) return ABSENT;
  const hash = typeof row.hash === 'string' && row.hash !== '' ? row.hash : GENESIS;
  return { revision: Number(row.revision), etag: String(row.etag), hash };
}

type Row = TableEntityResult<Record<string, unknown>>;

function toVersion<P>(row: Row): Version<P> {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key.startsWith('f_') && typeof value === 'string') fields[key.slice(2)] = value;
  }
  return {
    subject: JSON.parse(String(row.subject)) as string[],
    revision: Number(row.revision),
    actorId: String(row.actorId),
    actorName: String(row.actorName),
    at: String(row.at),
    activityId: typeof row.activityId === 'string' && row.activityId !== '' ? row.activityId : null,
    fields,
    payload: readPayload(row) as P,
  };
}

export class VersionedTable implements Versions {
  private readonly known = new Map<string, Known>();

  /**
   * `durable`: resolves once what was written is on disk (embedded Azurite saves on an interval);
   * a write is reported as saved only after it.
   */
  constructor(
    private readonly client: TableClient,
    private readonly durable: () => Promise<void> = async () => {},
  ) {}

  async get<P>(partition: readonly string[], subject: readonly string[]): Promise<Version<P> | null> {
    const partitionKey = joinKey(...partition);
    const currentKey = `c|${joinKey(...subject)}`;
    const row = await this.getRow(partitionKey, currentKey);
    this.remember(partitionKey, currentKey, knownOf(row));
    return row ? toVersion<P>(row) : null;
  }

  /** Current versions of every subject in a partition, optionally only those whose subject starts with `prefix`. */
  async listCurrent<P>(partition: readonly string[], prefix: readonly string[] = []): Promise<Version<P>[]> {
    const start = prefix.length > 0 ? `c|${joinKey(...prefix)}|` : 'c|';
    return this.range<P>(joinKey(...partition), start, prefixEnd(start), true);
  }

  async history<P>(partition: readonly string[], subject: readonly string[]): Promise<Version<P>[]> {
    const start = `h|${joinKey(...subject)}|`;
    return this.range<P>(joinKey(...partition), start, prefixEnd(start));
  }

  /** Every accepted version of every subject in a partition (the history rows). */
  async allVersions<P>(partition: readonly string[]): Promise<Version<P>[]> {
    return this.range<P>(joinKey(...partition), 'h|', 'h}');
  }

  async write<P>(change: WriteVersion<P>): Promise<WriteOutcome<P>> {
    const partitionKey = joinKey(...change.partition);
    const subjectKey = joinKey(...change.subject);
    const currentKey = `c|${subjectKey}`;
    const markerKey = change.activityId ? `a|${joinKey(change.activityId)}` : null;

    // The row as last seen here, if the change is based on that revision: its ETag goes with the
    // update, so storage refuses it (412) if the row has changed since.
    let head = this.recall(partitionKey, currentKey, change.expectedRevision);
    for (;;) {
      const remembered = head !== null;
      if (!head) {
        const currentRow = await this.getRow(partitionKey, currentKey);
        const known = knownOf(currentRow);
        if (known.revision !== change.expectedRevision) {
          // A replay of an applied activity also lands here (the revision has moved on): only
          // then is the marker worth a read.
          if (markerKey) {
            const replay = await this.replayed<P>(partitionKey, markerKey);
            if (replay) return replay;
          }
          return { kind: 'conflict', current: currentRow ? toVersion<P>(currentRow) : null };
        }
        head = known;
      }
      const written = await this.submit(change, partitionKey, subjectKey, markerKey, head);
      if (written) return this.saved(change, partitionKey, currentKey, written);
      // Refused. If only what we remembered was out of date (another instance, an anonymisation),
      // read the row and decide again; otherwise someone else wrote first, or this is a replay.
      if (remembered) {
        head = null;
        continue;
      }
      if (markerKey) {
        const replay = await this.replayed<P>(partitionKey, markerKey);
        if (replay) return replay;
      }
      const now = await this.getRow(partitionKey, currentKey);
      this.remember(partitionKey, currentKey, knownOf(now));
      return { kind: 'conflict', current: now ? toVersion<P>(now) : null };
    }
  }

  /**
   * The transaction: current row (If-Match on `head`'s ETag, or created), history row, marker.
   * Returns the new version's revision, hash and the current row's new ETag (if storage said),
   * or null when storage refused it (409/412).
   */
  private async submit<P>(
    change: WriteVersion<P>,
    partitionKey: string,
    subjectKey: string,
    markerKey: string | null,
    head: Known,
  ): Promise<{ revision: number; hash: string; etag: string | null } | null> {
    const revision = head.revision + 1;
    const subject = JSON.stringify(change.subject);
    const payload = JSON.stringify(change.payload);
    const activityId = change.activityId ?? '';
    const chain = chainVersion(head.hash, {
      partition: partitionKey,
      subject,
      revision,
      at: change.at,
      activityId,
      fields: change.fields,
      payload,
      actorId: change.actorId,
      actorName: change.actorName,
      salt: randomBytes(16).toString('hex'),
    });
    const columns: Record<string, unknown> = {
      subject,
      revision,
      actorId: change.actorId,
      actorName: change.actorName,
      at: change.at,
      activityId,
      ...Object.fromEntries(Object.entries(change.fields).map(([k, v]) => [`f_${k}`, v])),
      ...payloadPropertiesOf(payload),
      ...chain,
    };
    const currentKey = `c|${subjectKey}`;
    const current = { partitionKey, rowKey: currentKey, ...columns };
    const actions: TransactionAction[] = [
      head.etag ? ['update', current, 'Replace', { etag: head.etag }] : ['create', current],
      [
        'create',
        {
          partitionKey,
          rowKey: `h|${subjectKey}|${String(revision).padStart(REVISION_DIGITS, '0')}`,
          ...columns,
        },
      ],
    ];
    if (markerKey)
      actions.push(['create', { partitionKey, rowKey: markerKey, target: currentKey, revision }]);
    try {
      const response = await guard('write version', () => this.client.submitTransaction(actions));
      // Sub-responses come in the order of the actions: the first is the current row's.
      const etag =
        response.subResponses.length === actions.length ? (response.subResponses[0]?.etag ?? null) : null;
      return { revision, hash: chain.hash, etag };
    } catch (error) {
      const status = statusOf(error);
      // 409: someone created the row, the history entry or the marker first; 412: the ETag moved.
      if (status !== 409 && status !== 412) throw error;
      return null;
    }
  }

  private async saved<P>(
    change: WriteVersion<P>,
    partitionKey: string,
    currentKey: string,
    written: { revision: number; hash: string; etag: string | null },
  ): Promise<WriteOutcome<P>> {
    if (written.etag) this.remember(partitionKey, currentKey, { ...written, etag: written.etag });
    try {
      await this.durable();
    } catch (error) {
      // Not known to be on disk: the person is told nothing new was saved, and a retry of the
      // same activity writes it again if it was lost.
      throw new StorageUnavailableError('Lagringen kunde inte spara till disk', { cause: error });
    }
    return {
      kind: 'saved',
      version: {
        subject: change.subject,
        revision: written.revision,
        actorId: change.actorId,
        actorName: change.actorName,
        at: change.at,
        activityId: change.activityId,
        fields: change.fields,
        payload: change.payload,
      },
    };
  }

  /** What was last seen of a current row, taken out (used once), if it is at `revision`. */
  private recall(partitionKey: string, currentKey: string, revision: number): Known | null {
    const key = `${partitionKey}\n${currentKey}`;
    const known = this.known.get(key);
    this.known.delete(key);
    return known && known.revision === revision ? known : null;
  }

  private remember(partitionKey: string, currentKey: string, known: Known): void {
    const key = `${partitionKey}\n${currentKey}`;
    this.known.delete(key);
    this.known.set(key, known);
    if (this.known.size > KNOWN_MAX) {
      const oldest = this.known.keys().next();
      if (!oldest.done) this.known.delete(oldest.value);
    }
  }

  /**
   * Every current and history row of the partitions that start with `partitionPrefix` (e.g. one
   * committee), in table order, with the chain columns: for verification (a scan).
   */
  async *versionRows(record: VersionedRecord, partitionPrefix: readonly string[]): AsyncIterable<VersionRow> {
    const from = `${joinKey(...partitionPrefix)}|`;
    const filter = `PartitionKey ge ${odataString(from)} and PartitionKey lt ${odataString(prefixEnd(from))} and RowKey ge 'c|' and RowKey lt 'h}'`;
    const pages = this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter } }).byPage();
    while (true) {
      const page = await guard('read versions', () => pages.next());
      if (page.done) return;
      for (const entity of page.value) {
        const row = entity as Row;
        const rowKey = String(row.rowKey);
        if (!rowKey.startsWith('c|') && !rowKey.startsWith('h|')) continue;
        const fields: Record<string, string> = {};
        for (const [key, value] of Object.entries(row)) {
          if (key.startsWith('f_') && typeof value === 'string') fields[key.slice(2)] = value;
        }
        const subject = String(row.subject ?? '');
        let what: string[] = [];
        try {
          what = (JSON.parse(subject) as unknown[]).map(String);
        } catch {
          // An edited subject: the hash check reports the row.
        }
        const text = (key: string) => (typeof row[key] === 'string' ? (row[key] as string) : '');
        yield {
          record,
          where: splitKey(String(row.partitionKey)),
          what,
          current: rowKey.startsWith('c|'),
          partition: String(row.partitionKey),
          subject,
          revision: Number(row.revision),
          at: text('at'),
          activityId: text('activityId'),
          fields,
          payload: readPayloadText(row),
          actorId: text('actorId'),
          actorName: text('actorName'),
          salt: text('salt'),
          actorDigest: text('actorDigest'),
          prevHash: text('prevHash'),
          hash: text('hash'),
          anonymised: row.anonymised === true,
        };
      }
    }
  }

  /**
   * Who saved what and when (no payloads) for every version in the partitions that start with
   * `partitionPrefix`, newest first, at most `limit`: the audit's list of saves (a scan).
   */
  async recentVersions(
    partitionPrefix: readonly string[],
    limit: number,
  ): Promise<
    (VersionMeta & { readonly partition: readonly string[]; readonly subject: readonly string[] })[]
  > {
    const from = `${joinKey(...partitionPrefix)}|`;
    const filter = `PartitionKey ge ${odataString(from)} and PartitionKey lt ${odataString(prefixEnd(from))} and RowKey ge 'h|' and RowKey lt 'h}'`;
    const out: (VersionMeta & { partition: readonly string[]; subject: readonly string[] })[] = [];
    await guard('list versions', async () => {
      for await (const row of this.client.listEntities<Record<string, unknown>>({
        queryOptions: { filter },
      })) {
        const { payload: _payload, ...meta } = toVersion<null>({
          ...row,
          payloadParts: 1,
          payload0: 'null',
        } as Row);
        out.push({ ...meta, partition: splitKey(String(row.partitionKey)) });
      }
    });
    return out.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, limit);
  }

  private async replayed<P>(partitionKey: string, markerKey: string): Promise<WriteOutcome<P> | null> {
    const marker = await this.getRow(partitionKey, markerKey);
    if (!marker) return null;
    const target = String(marker.target);
    const revision = Number(marker.revision);
    const historyKey = `h|${target.slice(2)}|${String(revision).padStart(REVISION_DIGITS, '0')}`;
    const row = await this.getRow(partitionKey, historyKey);
    return { kind: 'duplicate', version: row ? toVersion<P>(row) : null };
  }

  private async getRow(partitionKey: string, rowKey: string): Promise<Row | null> {
    return guard('read', async () => {
      try {
        return (await this.client.getEntity<Record<string, unknown>>(partitionKey, rowKey)) as Row;
      } catch (error) {
        if (statusOf(error) === 404) return null;
        throw error;
      }
    });
  }

  private async range<P>(
    partitionKey: string,
    from: string,
    to: string,
    current = false,
  ): Promise<Version<P>[]> {
    const filter = `PartitionKey eq ${odataString(partitionKey)} and RowKey ge ${odataString(from)} and RowKey lt ${odataString(to)}`;
    return guard('list', async () => {
      const out: Version<P>[] = [];
      for await (const row of this.client.listEntities<Record<string, unknown>>({
        queryOptions: { filter },
      })) {
        if (current) this.remember(partitionKey, String(row.rowKey), knownOf(row as Row));
        out.push(toVersion<P>(row as Row));
      }
      return out;
    });
  }
}
