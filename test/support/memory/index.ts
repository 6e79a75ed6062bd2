/**
 * Every storage port in memory, for fast unit tests of the services. Test code only: nothing here
 * is durable, so the app (built from src/ alone) can never be composed with it. The contract
 * tests in test/storage/ run each of these and its Table Storage implementation through the
 * same suite, so the two cannot drift apart.
 */
import { withSaves } from '../../../src/audit/saves.js';
import { VersionedAnswerStore } from '../../../src/storage/answer-store.js';
import { VersionedDecisionStore } from '../../../src/storage/decision-store.js';
import { MemoryAuditLog } from './audit-log.js';
import { MemoryFileOfferStore } from './file-offer-store.js';
import { MemoryLinkStore } from './link-store.js';
import {
  MemoryConversationStore,
  MemoryIdentityStore,
  MemoryPauseStore,
  MemoryRefusalCounter,
  MemorySnoozeStore,
  MemoryWelcomeClaims,
} from './person-stores.js';
import { MemoryReminderLog } from './reminder-log.js';
import { MemoryVersioned } from './versioned.js';

export {
  MemoryAuditLog,
  MemoryConversationStore,
  MemoryFileOfferStore,
  MemoryIdentityStore,
  MemoryLinkStore,
  MemoryPauseStore,
  MemoryRefusalCounter,
  MemoryReminderLog,
  MemorySnoozeStore,
  MemoryWelcomeClaims,
};

/** A fresh set of stores, shaped like the ports of `Storage` (src/storage/index.ts) that features use. */
export function memoryStores() {
  const log = new MemoryAuditLog();
  const answers = new VersionedAnswerStore(new MemoryVersioned());
  return {
    answers,
    decisions: new VersionedDecisionStore(new MemoryVersioned()),
    conversations: new MemoryConversationStore(),
    reminders: new MemoryReminderLog(),
    // As storage wires it: a save is audited by its history row, listed beside the log's entries.
    audit: withSaves(log, answers),
    auditChain: log,
    refusals: new MemoryRefusalCounter(),
    links: new MemoryLinkStore(),
    pauses: new MemoryPauseStore(),
    snoozes: new MemorySnoozeStore(),
    welcomes: new MemoryWelcomeClaims(),
    identities: new MemoryIdentityStore(),
    files: new MemoryFileOfferStore(),
  };
}

export type MemoryStores = ReturnType<typeof memoryStores>;
