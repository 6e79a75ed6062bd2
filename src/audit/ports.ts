/**
 * What the audit features need from storage beyond appending and listing (followup/ports.ts):
 * reading the chain to verify it, and counting refusals so they are audited in bounded volume.
 */
import type { ChainedRow, ChainMark } from './chain.js';
import type { VersionRow } from './version-chain.js';

export interface AuditChainStore {
  /** The head (newest row) and the anchor (where gallring left the chain); read before the rows. */
  marks(committeeId: string): Promise<{ readonly head: ChainMark | null; readonly anchor: ChainMark }>;
  /** The chained rows after `anchor` up to and including `toSeq`, oldest first. */
  rows(committeeId: string, afterSeq: number, toSeq: number): AsyncIterable<ChainedRow>;
}

/** The saved versions (answers, decisions) of a committee with their chain columns, for verification. */
export interface VersionChainStore {
  /** Every current and history row of the committee's versioned records, in table order (version-chain.ts). */
  versionRows(committeeId: string): AsyncIterable<VersionRow>;
}

/** Counts per key and time window, shared by every instance (storage), so the bound holds for all. */
export interface RefusalCounter {
  /**
   * Counts one more refusal for `key` in `window` unless `limit` is already reached. Returns the
   * count including this one, or `limit + 1` when nothing was counted because the limit was reached.
   */
  increment(key: string, window: string, limit: number): Promise<number>;
}
