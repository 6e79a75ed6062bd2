/**
 * Records management over every table: the rows about one person, their erasure, gallring by rule
 * and a period's versions (src/privacy/ports.ts). Queries on columns other than the keys scan the
 * table; that is fine for commands and a daily purge, and the bot's turns never use them.
 */
import type { TableClient, TableEntityResult, TransactionAction } from '@azure/data-tables';
import { personRefusalKey } from '../audit/refusal-throttle.js';
import type {
  DataTable,
  ErasureReport,
  PeriodRecordStore,
  PersonalDataStore,
  PersonRef,
  PurgeRule,
  RetentionStore,
  StoredRow,
} from '../privacy/ports.js';
import type { VersionedAnswerStore } from './answer-store.js';
import { ANONYMISED_NAME, type TableAuditLog } from './audit-log.js';
import type { VersionedDecisionStore } from './decision-store.js';
import type { TableFileOfferStore } from './file-offer-store.js';
import { escapeKeyPart, joinKey, odataString, splitKey } from './keys.js';
import type { TableLinkStore } from './link-store.js';
import { deleteQuietly, type TableRefusalCounter } from './refusal-counter.js';
import { guard, readPayload, statusOf } from './tables.js';

type Row = TableEntityResult<Record<string, unknown>>;

/** The plain tables this store reads and changes directly. */
export interface PrivacyTables {
  readonly answers: TableClient;
  readonly decisions: TableClient;
  readonly audit: TableClient;
  readonly reminders: TableClient;
  readonly conversations: TableClient;
  readonly pauses: TableClient;
  readonly snoozes: TableClient;
  readonly welcomes: TableClient;
  readonly identities: TableClient;
  readonly links: TableClient;
  readonly refusals: TableClient;
  readonly files: TableClient;
}

export interface PrivacyStoreParts {
  readonly tables: PrivacyTables;
  readonly audit: TableAuditLog;
  readonly links: TableLinkStore;
  readonly refusals: TableRefusalCounter;
  readonly answers: VersionedAnswerStore;
  readonly decisions: VersionedDecisionStore;
  readonly files: TableFileOfferStore;
}

async function* scan(client: TableClient, filter?: string): AsyncIterable<Row> {
  const pages = client
    .listEntities<Record<string, unknown>>(filter ? { queryOptions: { filter } } : {})
    .byPage({ maxPageSize: 500 });
  while (true) {
    const page = await guard(`scan ${client.tableName}`, () => pages.next());
    if (page.done) return;
    for (const row of page.value) yield row as Row;
  }
}

async function collect(client: TableClient, filter?: string): Promise<Row[]> {
  const out: Row[] = [];
  for await (const row of scan(client, filter)) out.push(row);
  return out;
}

/** A row as plain data: no ETag, the payload joined, JSON columns parsed. */
function toStored(table: DataTable, row: Row): StoredRow {
  const columns: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (['etag', 'partitionKey', 'rowKey', 'payloadParts'].includes(key) || /^payload\d+$/.test(key))
      continue;
    if (key.startsWith('odata.')) continue;
    columns[key] = value;
  }
  if (row.payloadParts !== undefined) columns.payload = readPayload(row);
  for (const key of ['details', 'reference', 'subject']) {
    if (typeof columns[key] === 'string') {
      try {
        columns[key] = JSON.parse(columns[key] as string);
      } catch {
        // Kept as the text it is.
      }
    }
  }
  return { table, partitionKey: String(row.partitionKey), rowKey: String(row.rowKey), columns };
}

/** Deletes rows of one partition in transactions of 100; falls back to one by one on a race. */
async function deleteInPartition(client: TableClient, pk: string, rowKeys: readonly string[]): Promise<void> {
  for (let i = 0; i < rowKeys.length; i += 100) {
    const chunk = rowKeys.slice(i, i + 100);
    const actions: TransactionAction[] = chunk.map((rk) => ['delete', { partitionKey: pk, rowKey: rk }]);
    try {
      await guard('delete rows', () => client.submitTransaction(actions));
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
      for (const rk of chunk) await guard('delete row', () => deleteQuietly(client, pk, rk));
    }
  }
}

export class TablePrivacyStore implements PersonalDataStore, RetentionStore, PeriodRecordStore {
  constructor(private readonly parts: PrivacyStoreParts) {}

  private get t(): PrivacyTables {
    return this.parts.tables;
  }

  async rowsAbout(person: PersonRef): Promise<StoredRow[]> {
    const id = odataString(person.aadObjectId);
    const pk = odataString(escapeKeyPart(person.aadObjectId));
    const found = new Map<string, StoredRow>();
    const add = (table: DataTable, rows: readonly Row[]) => {
      for (const row of rows) found.set(`${table}|${row.partitionKey}|${row.rowKey}`, toStored(table, row));
    };
    add('answers', await collect(this.t.answers, `actorId eq ${id}`));
    add('decisions', await collect(this.t.decisions, `actorId eq ${id}`));
    add('audit', await collect(this.t.audit, `actorId eq ${id}`));
    add('reminders', await this.reminderRows(person.aadObjectId));
    add('conversations', await collect(this.t.conversations, `PartitionKey eq ${pk}`));
    add('pauses', await collect(this.t.pauses, `PartitionKey eq ${pk} or setBy eq ${id}`));
    add('snoozes', await collect(this.t.snoozes, `PartitionKey eq ${pk}`));
    add('welcomes', await collect(this.t.welcomes, `aadObjectId eq ${id}`));
    add('identities', await collect(this.t.identities, `aadObjectId eq ${id}`));
    for (const address of person.addresses)
      add(
        'identities',
        await collect(this.t.identities, `PartitionKey eq ${odataString(escapeKeyPart(address))}`),
      );
    add('links', await collect(this.t.links, `aadObjectId eq ${id}`));
    // The meta row names the recipient; the chunks are the report file itself.
    add('files', await collect(this.t.files, `RowKey eq 'meta' and aadObjectId eq ${id}`));
    add(
      'refusals',
      await collect(this.t.refusals, `RowKey eq ${odataString(personRefusalKey(person.aadObjectId))}`),
    );
    return [...found.values()];
  }

  async erase(person: PersonRef, pseudonymId: string, dryRun: boolean): Promise<ErasureReport> {
    const id = odataString(person.aadObjectId);
    const pk = escapeKeyPart(person.aadObjectId);
    const deleted: Partial<Record<DataTable, number>> = {};
    const anonymised: Partial<Record<DataTable, number>> = {};
    const remove = async (table: DataTable, client: TableClient, rows: readonly Row[]) => {
      if (!dryRun) {
        for (const row of rows)
          await guard('erase row', () => deleteQuietly(client, String(row.partitionKey), String(row.rowKey)));
      }
      deleted[table] = (deleted[table] ?? 0) + rows.length;
    };
    const replace = async (
      table: DataTable,
      client: TableClient,
      rows: readonly Row[],
      columns: Record<string, string | boolean>,
    ) => {
      if (!dryRun) {
        for (const row of rows) {
          await guard('anonymise row', () =>
            client.updateEntity(
              { partitionKey: String(row.partitionKey), rowKey: String(row.rowKey), ...columns },
              'Merge',
            ),
          );
        }
      }
      anonymised[table] = (anonymised[table] ?? 0) + rows.length;
    };
    // A version's chain hashes who saved it through a salted digest: without the salt the
    // digest no longer names anyone, and the version stays linked (src/audit/version-chain.ts).
    const actor = { actorId: pseudonymId, actorName: ANONYMISED_NAME, salt: '', anonymised: true };
    await replace('answers', this.t.answers, await collect(this.t.answers, `actorId eq ${id}`), actor);
    await replace('decisions', this.t.decisions, await collect(this.t.decisions, `actorId eq ${id}`), actor);
    anonymised.audit = await this.parts.audit.anonymise(person.aadObjectId, pseudonymId, dryRun);
    await remove('reminders', this.t.reminders, await this.reminderRows(person.aadObjectId));
    await remove(
      'conversations',
      this.t.conversations,
      await collect(this.t.conversations, `PartitionKey eq ${odataString(pk)}`),
    );
    await remove('pauses', this.t.pauses, await collect(this.t.pauses, `PartitionKey eq ${odataString(pk)}`));
    // Someone else's pause that this person set stays; who set it does not.
    await replace('pauses', this.t.pauses, await collect(this.t.pauses, `setBy eq ${id}`), {
      setBy: pseudonymId,
    });
    await remove(
      'snoozes',
      this.t.snoozes,
      await collect(this.t.snoozes, `PartitionKey eq ${odataString(pk)}`),
    );
    await remove('welcomes', this.t.welcomes, await collect(this.t.welcomes, `aadObjectId eq ${id}`));
    const identities = await collect(this.t.identities, `aadObjectId eq ${id}`);
    for (const address of person.addresses)
      identities.push(
        ...(await collect(this.t.identities, `PartitionKey eq ${odataString(escapeKeyPart(address))}`)),
      );
    await remove('identities', this.t.identities, identities);
    deleted.links = await this.parts.links.removePerson(person.aadObjectId, dryRun);
    deleted.files = await this.parts.files.removePerson(person.aadObjectId, dryRun);
    deleted.refusals = await this.parts.refusals.removeKey(personRefusalKey(person.aadObjectId), dryRun);
    return { deleted, anonymised };
  }

  async purge(rule: PurgeRule, limit: number, dryRun: boolean): Promise<number> {
    switch (rule.kind) {
      case 'period': {
        const client = this.t[rule.table];
        const pk = joinKey(rule.committeeId, rule.periodId);
        const keys: string[] = [];
        for await (const row of scan(client, `PartitionKey eq ${odataString(pk)}`)) {
          if (keys.length >= limit) break;
          keys.push(String(row.rowKey));
        }
        if (!dryRun) await deleteInPartition(client, pk, keys);
        return keys.length;
      }
      case 'audit':
        return this.parts.audit.purgeBefore(rule.committeeId, rule.before, limit, dryRun);
      case 'conversations':
        return this.removeWhere(
          this.t.conversations,
          `updatedAt lt ${odataString(rule.before)}`,
          limit,
          dryRun,
          (r) => !rule.keep.has(String(r.aadObjectId)),
        );
      case 'welcomes':
        return this.removeWhere(
          this.t.welcomes,
          `at lt ${odataString(rule.before)}`,
          limit,
          dryRun,
          (r) => !rule.keep.has(String(r.aadObjectId)),
        );
      case 'identities':
        return this.removeWhere(
          this.t.identities,
          `resolvedAt lt ${odataString(rule.before)}`,
          limit,
          dryRun,
          (r) => !rule.keepAddresses.has(String(r.address)),
        );
      case 'pauses':
      case 'snoozes':
        return this.removeWhere(
          this.t[rule.kind],
          `until lt ${odataString(rule.endedBeforeDay)}`,
          limit,
          dryRun,
        );
      case 'links':
        return this.parts.links.purgeExpired(rule.expiredBefore, limit, dryRun);
      case 'refusals':
        return this.parts.refusals.purgeBefore(rule.beforeWindow, limit, dryRun);
      case 'files':
        return this.parts.files.purgeExpired(rule.expiredBefore, limit, dryRun);
    }
  }

  answerVersions(committeeId: string, periodId: string) {
    return this.parts.answers.allVersions(committeeId, periodId);
  }

  decisionVersions(committeeId: string, periodId: string) {
    return this.parts.decisions.allVersions(committeeId, periodId);
  }

  /** Reminder log rows name the person only in their RowKey (`<kind>|<id>`): a scan. */
  private async reminderRows(aadObjectId: string): Promise<Row[]> {
    const out: Row[] = [];
    for await (const row of scan(this.t.reminders)) {
      if (splitKey(String(row.rowKey))[1] === aadObjectId) out.push(row);
    }
    return out;
  }

  private async removeWhere(
    client: TableClient,
    filter: string,
    limit: number,
    dryRun: boolean,
    select: (row: Row) => boolean = () => true,
  ): Promise<number> {
    let n = 0;
    for await (const row of scan(client, filter)) {
      if (n >= limit) break;
      if (!select(row)) continue;
      if (!dryRun)
        await guard('purge row', () => deleteQuietly(client, String(row.partitionKey), String(row.rowKey)));
      n++;
    }
    return n;
  }
}
