/**
 * The storage contracts (test/storage/contracts/) against Table Storage, on the run's Azurite:
 * the implementation the app ships. test/storage/memory-contracts.test.ts runs the same suites
 * against the in-memory stores the service unit tests use.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import { auditRowKey } from '../../src/storage/audit-log.js';
import { openStorage, type Storage } from '../../src/storage/index.js';
import { escapeKeyPart } from '../../src/storage/keys.js';
import { createTableClient } from '../../src/storage/tables.js';
import { describeAnswersStoreContract } from './contracts/answer-store.js';
import { describeAuditLogContract } from './contracts/audit-log.js';
import { describeDecisionStoreContract } from './contracts/decision-store.js';
import { describeDownloadLinkContract } from './contracts/download-links.js';
import { describeFileOfferContract } from './contracts/file-offers.js';
import { describePersonStoresContract } from './contracts/person-stores.js';
import { describeReminderLogContract } from './contracts/reminder-log.js';

const connectionString = inject('azuriteConnectionString');
// Tables of their own, so this file never sees another file's rows.
const prefix = `k${randomUUID().replace(/-/g, '').slice(0, 12)}`;
let storage: Storage;

beforeAll(async () => {
  storage = await openStorage({ kind: 'connectionString', connectionString }, prefix);
});

afterAll(async () => {
  await storage?.close();
});

/** The audit table as someone with access to the storage account sees it, bypassing the app. */
const auditTable = createTableClient({ kind: 'connectionString', connectionString }, `${prefix}audit`);

const NAME = 'Table Storage (Azurite)';
describeAnswersStoreContract(NAME, async () => storage.answers);
describeDecisionStoreContract(NAME, async () => storage.decisions);
describeAuditLogContract(NAME, async () => ({
  // The log as the app wires it: appending and listing, and the chain read for verification.
  log: {
    append: (entry) => storage.audit.append(entry),
    list: (committeeId, options) => storage.audit.list(committeeId, options),
    marks: (committeeId) => storage.auditChain.marks(committeeId),
    rows: (committeeId, afterSeq, toSeq) => storage.auditChain.rows(committeeId, afterSeq, toSeq),
  },
  editRow: async (committeeId, seq, change) => {
    await auditTable.updateEntity(
      { partitionKey: escapeKeyPart(committeeId), rowKey: auditRowKey(seq), ...change },
      'Merge',
    );
  },
  deleteRow: async (committeeId, seq) => {
    await auditTable.deleteEntity(escapeKeyPart(committeeId), auditRowKey(seq));
  },
}));
describeReminderLogContract(NAME, async () => storage.reminders);
describeDownloadLinkContract(NAME, async () => storage.links);
describeFileOfferContract(NAME, async () => storage.files);
describePersonStoresContract(NAME, async () => storage);
