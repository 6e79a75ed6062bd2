/**
 * The storage contracts (test/storage/contracts/) against the in-memory stores of
 * test/support/memory/, each test with fresh stores: the same suites as the Table Storage run
 * (test/storage/table-contracts.test.ts), so the two cannot drift apart.
 */
import type { ChainedRow } from '../../src/audit/chain.js';
import { MemoryAuditLog, type MemoryChain } from '../support/memory/audit-log.js';
import { memoryStores } from '../support/memory/index.js';
import { describeAnswersStoreContract } from './contracts/answer-store.js';
import { describeAuditLogContract } from './contracts/audit-log.js';
import { describeDecisionStoreContract } from './contracts/decision-store.js';
import { describeDownloadLinkContract } from './contracts/download-links.js';
import { describeFileOfferContract } from './contracts/file-offers.js';
import { describePersonStoresContract } from './contracts/person-stores.js';
import { describeReminderLogContract } from './contracts/reminder-log.js';

const NAME = 'in memory';
describeAnswersStoreContract(NAME, async () => memoryStores().answers);
describeDecisionStoreContract(NAME, async () => memoryStores().decisions);
describeAuditLogContract(NAME, async () => {
  const chains = new Map<string, MemoryChain>();
  const rowOf = (committeeId: string, seq: number): ChainedRow => {
    const row = chains.get(committeeId)?.rows.get(seq);
    if (!row) throw new Error(`no audit row ${seq}`);
    return row;
  };
  return {
    log: new MemoryAuditLog(chains),
    editRow: async (committeeId, seq, change) => {
      chains.get(committeeId)?.rows.set(seq, { ...rowOf(committeeId, seq), ...change });
    },
    deleteRow: async (committeeId, seq) => {
      rowOf(committeeId, seq);
      chains.get(committeeId)?.rows.delete(seq);
    },
  };
});
describeReminderLogContract(NAME, async () => memoryStores().reminders);
describeDownloadLinkContract(NAME, async () => memoryStores().links);
describeFileOfferContract(NAME, async () => memoryStores().files);
describePersonStoresContract(NAME, async () => memoryStores());
