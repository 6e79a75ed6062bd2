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
 */

import type { TableClient, TableEntityResult, TransactionAction } from '@azure/data-tables';
import { StorageUnavailableError } from '../shared/storage-errors.js';
import { joinKey, odataString, prefixEnd } from './keys.js';
import { guard, payloadProperties, readPayload, statusOf } from './tables.js';

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

const REVISION_DIGITS = 6;

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

export class VersionedTable {
  /**
   * `durable`: resolves once what was written is on disk (embedded Azurite saves on an interval);
   * a write is reported as saved only after it.
   */
  constructor(
    private readonly client: TableClient,
    private readonly durable: () => Promise<void> = async () => {},
  ) {}

  async get<P>(partition: readonly string[], subject: readonly string[]): Promise<Version<P> | null> {
    const row = await this.getRow(joinKey(...partition), `c|${joinKey(...subject)}`);
    return row ? toVersion<P>(row) : null;
  }

  /** Current versions of every subject in a partition, optionally only those whose subject starts with `prefix`. */
  async listCurrent<P>(partition: readonly string[], prefix: readonly string[] = []): Promise<Version<P>[]> {
    const start = prefix.length > 0 ? `c|${joinKey(...prefix)}|` : 'c|';
    return this.range<P>(joinKey(...partition), start, prefixEnd(start));
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

    const currentRow = await this.getRow(partitionKey, currentKey);
    const currentRevision = currentRow ? Number(currentRow.revision) : 0;
    if (currentRevision !== change.expectedRevision) {
      // A replay of an applied activity also lands here (the revision has moved on): only then is
      // the marker worth a read.
      if (markerKey) {
        const replay = await this.replayed<P>(partitionKey, markerKey);
        if (replay) return replay;
      }
      return { kind: 'conflict', current: currentRow ? toVersion<P>(currentRow) : null };
    }

    const revision = currentRevision + 1;
    const columns: Record<string, unknown> = {
      subject: JSON.stringify(change.subject),
      revision,
      actorId: change.actorId,
      actorName: change.actorName,
      at: change.at,
      activityId: change.activityId ?? '',
      ...Object.fromEntries(Object.entries(change.fields).map(([k, v]) => [`f_${k}`, v])),
      ...payloadProperties(change.payload),
    };
    const current = { partitionKey, rowKey: currentKey, ...columns };
    const actions: TransactionAction[] = [
      currentRow ? ['update', current, 'Replace', { etag: String(currentRow.etag) }] : ['create', current],
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
      await guard('write version', () => this.client.submitTransaction(actions));
    } catch (error) {
      const status = statusOf(error);
      // 409: someone created the row, the history entry or the marker first; 412: the ETag moved.
      if (status !== 409 && status !== 412) throw error;
      if (markerKey) {
        const replay = await this.replayed<P>(partitionKey, markerKey);
        if (replay) return replay;
      }
      const now = await this.getRow(partitionKey, currentKey);
      return { kind: 'conflict', current: now ? toVersion<P>(now) : null };
    }
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
        revision,
        actorId: change.actorId,
        actorName: change.actorName,
        at: change.at,
        activityId: change.activityId,
        fields: change.fields,
        payload: change.payload,
      },
    };
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

  private async range<P>(partitionKey: string, from: string, to: string): Promise<Version<P>[]> {
    const filter = `PartitionKey eq ${odataString(partitionKey)} and RowKey ge ${odataString(from)} and RowKey lt ${odataString(to)}`;
    return guard('list', async () => {
      const out: Version<P>[] = [];
      for await (const row of this.client.listEntities<Record<string, unknown>>({
        queryOptions: { filter },
      })) {
        out.push(toVersion<P>(row as Row));
      }
      return out;
    });
  }
}
