import type { TokenCredential } from '@azure/identity';
import type { AuditChainStore, RefusalCounter, VersionChainStore } from '../audit/ports.js';
import { type SaveHistory, withSaves } from '../audit/saves.js';
import type { IdentityStore } from '../config/people.js';
import type { StorageSetting } from '../config/settings.js';
import type { DownloadLinkStore } from '../downloads/ports.js';
import type { AnswerStore, AuditLog, WelcomeClaims } from '../followup/ports.js';
import type { FileOfferStore } from '../leadership/ports.js';
import type { PeriodRecordStore, PersonalDataStore, RetentionStore } from '../privacy/ports.js';
import type { ConversationStore, ReminderLog } from '../reminders/ports.js';
import type { PauseStore } from '../reminders/ports-pause.js';
import type { SnoozeStore } from '../reminders/snooze.js';
import type { DecisionStore } from '../reporting/ports.js';
import { VersionedAnswerStore } from './answer-store.js';
import { TableAuditLog } from './audit-log.js';
import { type EmbeddedAzurite, type EmbeddedAzuriteOptions, startEmbeddedAzurite } from './azurite.js';
import { TableConversationStore } from './conversation-store.js';
import { VersionedDecisionStore } from './decision-store.js';
import { TableFileOfferStore } from './file-offer-store.js';
import { TableIdentityStore } from './identity-store.js';
import { TableLinkStore } from './link-store.js';
import { TablePauseStore } from './pause-store.js';
import { TablePrivacyStore } from './privacy-store.js';
import { TableRefusalCounter } from './refusal-counter.js';
import { TableReminderLog } from './reminder-log.js';
import { TableSnoozeStore } from './snooze-store.js';
import { createTableClient, ensureTable, guard, type TableEndpoint, tableNames } from './tables.js';
import { VersionedTable } from './versioned-table.js';
import { TableWelcomeClaims } from './welcome-claims.js';

export type StorageTarget =
  | { readonly kind: 'embedded'; readonly dataDir: string }
  | { readonly kind: 'connectionString'; readonly connectionString: string }
  | {
      readonly kind: 'accountUrl';
      readonly url: string;
      readonly credential: () => Promise<TokenCredential>;
    };

/** The storage target from the settings, the same for the bot and every CLI. */
export function storageTargetFrom(setting: StorageSetting): StorageTarget {
  switch (setting.kind) {
    case 'embedded':
    case 'connectionString':
      return setting;
    case 'accountUrl':
      return {
        kind: 'accountUrl',
        url: setting.url,
        // Loaded only when used: the identity library is large and unused in development.
        credential: async () => {
          const { DefaultAzureCredential, ManagedIdentityCredential } = await import('@azure/identity');
          return setting.managedIdentityClientId
            ? new ManagedIdentityCredential({ clientId: setting.managedIdentityClientId })
            : new DefaultAzureCredential();
        },
      };
  }
}

/** Every store the features use, plus the storage's own lifecycle. */
export interface Storage {
  readonly answers: AnswerStore & SaveHistory;
  readonly decisions: DecisionStore;
  readonly conversations: ConversationStore;
  readonly reminders: ReminderLog;
  /**
   * Every entry, refusals included without limit (the app wraps it in the refusal throttle); the
   * list includes the answers' saves, read from their history (src/audit/saves.ts).
   */
  readonly audit: AuditLog;
  /** The audit log's hash chain and the saved versions' chains, for verification. */
  readonly auditChain: AuditChainStore & VersionChainStore;
  readonly refusals: RefusalCounter;
  readonly links: DownloadLinkStore;
  /** Registerutdrag, erasure, gallring and period exports over every table. */
  readonly privacy: PersonalDataStore & RetentionStore & PeriodRecordStore;
  readonly pauses: PauseStore;
  readonly snoozes: SnoozeStore;
  readonly welcomes: WelcomeClaims;
  /** Object ids learnt for people given by UPN or e-mail alone. */
  readonly identities: IdentityStore;
  /** Report files as offered, until delivered or expired. */
  readonly files: FileOfferStore;
  /** Where the data is, for the start-up line; never contains a key. */
  readonly description: string;
  /** Resolves when storage answers; throws `StorageUnavailableError` otherwise. */
  ping(): Promise<void>;
  /** The process id of embedded Azurite while it runs; undefined for Azure. */
  embeddedPid(): number | undefined;
  /** Stops embedded Azurite if we started it. */
  close(): Promise<void>;
}

/** Opens storage and creates the tables if they do not exist. */
export async function openStorage(
  target: StorageTarget,
  tablePrefix = 'uppf',
  /** Watching embedded Azurite (restarts, giving up); unused for Azure. */
  embeddedOptions: EmbeddedAzuriteOptions = {},
): Promise<Storage> {
  let embedded: EmbeddedAzurite | null = null;
  let endpoint: TableEndpoint;
  let description: string;
  switch (target.kind) {
    case 'embedded':
      embedded = await startEmbeddedAzurite(target.dataDir, embeddedOptions);
      endpoint = { kind: 'connectionString', connectionString: embedded.connectionString };
      description = `inbyggd Azurite på 127.0.0.1:${embedded.port}, data i ${target.dataDir}`;
      break;
    case 'connectionString':
      endpoint = { kind: 'connectionString', connectionString: target.connectionString };
      description = `Azure Table Storage (${/AccountName=([^;]+)/.exec(target.connectionString)?.[1] ?? 'anslutningssträng'})`;
      break;
    case 'accountUrl':
      endpoint = { kind: 'accountUrl', url: target.url, credential: await target.credential() };
      description = `Azure Table Storage ${target.url} (hanterad identitet)`;
      break;
  }
  try {
    const names = tableNames(tablePrefix);
    const clients = {
      answers: createTableClient(endpoint, names.answers),
      decisions: createTableClient(endpoint, names.decisions),
      conversations: createTableClient(endpoint, names.conversations),
      reminders: createTableClient(endpoint, names.reminders),
      audit: createTableClient(endpoint, names.audit),
      pauses: createTableClient(endpoint, names.pauses),
      snoozes: createTableClient(endpoint, names.snoozes),
      welcomes: createTableClient(endpoint, names.welcomes),
      identities: createTableClient(endpoint, names.identities),
      files: createTableClient(endpoint, names.files),
      links: createTableClient(endpoint, names.links),
      refusals: createTableClient(endpoint, names.refusals),
    };
    await Promise.all(Object.values(clients).map(ensureTable));
    // Answers and decisions are acknowledged only once on disk; Azure Table Storage is durable
    // when it answers, embedded Azurite after it saved its file.
    const running = embedded;
    const durable = running ? () => running.flush() : async () => {};
    // The new tables on disk too, so a restarted Azurite has them even before the first answer.
    await durable();
    const answerTable = new VersionedTable(clients.answers, durable);
    const decisionTable = new VersionedTable(clients.decisions, durable);
    const answers = new VersionedAnswerStore(answerTable);
    const decisions = new VersionedDecisionStore(decisionTable);
    const audit = new TableAuditLog(clients.audit);
    const links = new TableLinkStore(clients.links);
    const refusals = new TableRefusalCounter(clients.refusals);
    const files = new TableFileOfferStore(clients.files);
    return {
      answers,
      decisions,
      conversations: new TableConversationStore(clients.conversations),
      reminders: new TableReminderLog(clients.reminders),
      audit: withSaves(audit, answers),
      auditChain: {
        marks: (committeeId) => audit.marks(committeeId),
        rows: (committeeId, afterSeq, toSeq) => audit.rows(committeeId, afterSeq, toSeq),
        versionRows: async function* (committeeId) {
          yield* answerTable.versionRows('answers', [committeeId]);
          yield* decisionTable.versionRows('decisions', [committeeId]);
        },
      },
      refusals,
      links,
      privacy: new TablePrivacyStore({ tables: clients, audit, links, refusals, answers, decisions, files }),
      pauses: new TablePauseStore(clients.pauses),
      snoozes: new TableSnoozeStore(clients.snoozes),
      welcomes: new TableWelcomeClaims(clients.welcomes),
      identities: new TableIdentityStore(clients.identities),
      files,
      description,
      ping: () =>
        guard('ping', async () => {
          const page = clients.answers
            .listEntities({ queryOptions: { filter: "PartitionKey eq '~ping'" } })
            .byPage({ maxPageSize: 1 });
          await page.next();
        }),
      embeddedPid: () => embedded?.pid(),
      close: async () => {
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
