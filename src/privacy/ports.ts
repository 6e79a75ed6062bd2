/**
 * What records management and data protection need from storage: every row about one person
 * (registerutdrag), their erasure, gallring by rule, and every version of a period's records
 * (utlämnande, e-arkiv). Storage implements these; the rules about what to select live here.
 */
import type { StoredAnswer } from '../followup/ports.js';
import type { Decision } from '../reporting/ports.js';

/** The tables, by what they hold (prefixed in storage; see deployment/dataskydd.md). */
export type DataTable =
  | 'answers'
  | 'decisions'
  | 'audit'
  | 'reminders'
  | 'conversations'
  | 'pauses'
  | 'snoozes'
  | 'welcomes'
  | 'identities'
  | 'links'
  | 'refusals'
  | 'files';

/** A person as storage may name them: the Entra object id, and addresses the organisation used. */
export interface PersonRef {
  readonly aadObjectId: string;
  /** Normalised UPN or e-mail addresses (learnt ids are stored by address). */
  readonly addresses: readonly string[];
}

/** One stored row with every column as stored (a split payload joined and parsed as `payload`). */
export interface StoredRow {
  readonly table: DataTable;
  readonly partitionKey: string;
  readonly rowKey: string;
  readonly columns: Readonly<Record<string, unknown>>;
}

export type TableCounts = Readonly<Partial<Record<DataTable, number>>>;

export interface ErasureReport {
  /** Rows removed: the person's own settings, contacts, reminder log, links, offered files and refusal counts. */
  readonly deleted: TableCounts;
  /** Rows kept as records with the person replaced by a pseudonym: answers, decisions, audit, pauses they set. */
  readonly anonymised: TableCounts;
}

export interface PersonalDataStore {
  /** Every row that names the person, in any table. */
  rowsAbout(person: PersonRef): Promise<StoredRow[]>;
  /** Deletes or anonymises every such row (see ErasureReport); idempotent. */
  erase(person: PersonRef, pseudonymId: string, dryRun: boolean): Promise<ErasureReport>;
}

/** One gallring selection. Dates are ISO instants unless named a day (`YYYY-MM-DD`). */
export type PurgeRule =
  | {
      readonly kind: 'period';
      readonly table: 'answers' | 'decisions' | 'reminders';
      readonly committeeId: string;
      readonly periodId: string;
    }
  | { readonly kind: 'audit'; readonly committeeId: string; readonly before: string }
  | {
      readonly kind: 'conversations' | 'welcomes';
      readonly before: string;
      /** Object ids of the people in the organisation: theirs are kept. */
      readonly keep: ReadonlySet<string>;
    }
  | { readonly kind: 'identities'; readonly before: string; readonly keepAddresses: ReadonlySet<string> }
  | { readonly kind: 'pauses' | 'snoozes'; readonly endedBeforeDay: string }
  | { readonly kind: 'links'; readonly expiredBefore: string }
  | { readonly kind: 'refusals'; readonly beforeWindow: string }
  /** Report files offered in Teams whose offer has expired (at most an hour old). */
  | { readonly kind: 'files'; readonly expiredBefore: number };

export interface RetentionStore {
  /** Removes what the rule selects, at most `limit` rows; returns how many (with `dryRun`, would be). */
  purge(rule: PurgeRule, limit: number, dryRun: boolean): Promise<number>;
}

export interface PeriodRecordStore {
  /** Every accepted version of every answer of the period, oldest first per item. */
  answerVersions(committeeId: string, periodId: string): Promise<StoredAnswer[]>;
  /** Every version of every decision of the period. */
  decisionVersions(committeeId: string, periodId: string): Promise<Decision[]>;
}
