/**
 * The audit log as a hash chain. Every row carries the hash of the row before it, so editing or
 * deleting a row (or cutting rows off either end) breaks the chain where it happened.
 *
 * Who acted is not hashed directly but through `actorDigest` (a salted hash of id and name). That
 * lets erasure anonymise a person's rows (id, name and salt removed, the row marked) without
 * breaking the chain, while an edit of the id or name of a row that is not anonymised is still
 * detected. Gallring removes the oldest rows and records where the chain now starts (the anchor):
 * the first remaining row must link to it.
 *
 * The chain proves that rows were not changed *after* they were written by someone who did not
 * also rewrite every later row and the head; anchoring the head's hash outside the storage account
 * (the verify command prints it) closes that gap. Pure functions only.
 */
import { createHash } from 'node:crypto';
import { describeVersionProblem, type VersionProblem } from './version-chain.js';

/** The hash before the first row. */
export const GENESIS = '0'.repeat(64);

/** What one row's hash covers. */
export interface ChainFields {
  readonly seq: number;
  readonly at: string;
  readonly action: string;
  readonly outcome: string;
  /** The details exactly as stored (JSON text). */
  readonly details: string;
  readonly actorDigest: string;
  readonly prevHash: string;
}

export interface ChainedRow extends ChainFields {
  readonly hash: string;
  readonly actorId: string;
  readonly actorName: string;
  /** Empty once anonymised. */
  readonly salt: string;
  readonly anonymised: boolean;
}

/** A position in the chain: the head (newest row) or the anchor (last row removed by gallring). */
export interface ChainMark {
  readonly seq: number;
  readonly hash: string;
}

export const EMPTY_MARK: ChainMark = { seq: 0, hash: GENESIS };

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export function actorDigest(salt: string, actorId: string, actorName: string): string {
  return sha256(JSON.stringify([salt, actorId, actorName]));
}

export function rowHash(f: ChainFields): string {
  return sha256(JSON.stringify([f.seq, f.at, f.action, f.outcome, f.details, f.actorDigest, f.prevHash]));
}

/** The next row after `previous`, with its hash. */
export function chainRow(
  previous: ChainMark,
  entry: {
    readonly at: string;
    readonly action: string;
    readonly outcome: string;
    readonly details: string;
    readonly actorId: string;
    readonly actorName: string;
    readonly salt: string;
  },
): ChainedRow {
  const fields: ChainFields = {
    seq: previous.seq + 1,
    at: entry.at,
    action: entry.action,
    outcome: entry.outcome,
    details: entry.details,
    actorDigest: actorDigest(entry.salt, entry.actorId, entry.actorName),
    prevHash: previous.hash,
  };
  return {
    ...fields,
    hash: rowHash(fields),
    actorId: entry.actorId,
    actorName: entry.actorName,
    salt: entry.salt,
    anonymised: false,
  };
}

export type ChainProblem =
  /** The row's content (or who acted) is not what was hashed when it was written. */
  | { readonly kind: 'changed'; readonly seq: number }
  /** Rows `from`–`to` are gone without gallring having recorded it. */
  | { readonly kind: 'missing'; readonly from: number; readonly to: number }
  /** The head or the anchor does not match the rows. */
  | { readonly kind: 'head' | 'anchor'; readonly seq: number }
  /** A saved version (answer, decision) or its current row (version-chain.ts). */
  | VersionProblem;

export interface ChainReport {
  readonly ok: boolean;
  /** Rows checked. */
  readonly rows: number;
  /** Of those, rows whose person was anonymised (erasure): their link holds, who acted is gone. */
  readonly anonymised: number;
  readonly first: number | null;
  readonly head: ChainMark;
  readonly anchor: ChainMark;
  readonly problems: readonly ChainProblem[];
}

/**
 * Checks rows given oldest first (streamed: `add` each, then `finish`). `head` and `anchor` are
 * read before the rows; rows after the head (appended meanwhile) must not be given.
 */
export function createChainVerifier(head: ChainMark | null, anchor: ChainMark) {
  const problems: ChainProblem[] = [];
  let expectedSeq = anchor.seq + 1;
  let expectedPrev = anchor.hash;
  let rows = 0;
  let anonymised = 0;
  let first: number | null = null;
  let last: ChainMark = anchor;
  return {
    add(row: ChainedRow): void {
      rows++;
      first ??= row.seq;
      if (row.anonymised) anonymised++;
      if (row.seq > expectedSeq) {
        problems.push({ kind: 'missing', from: expectedSeq, to: row.seq - 1 });
      } else if (row.prevHash !== expectedPrev) {
        // The row before this one was changed and given a new hash, or this row's link was edited.
        problems.push({ kind: 'changed', seq: row.seq === anchor.seq + 1 ? row.seq : row.seq - 1 });
      }
      const ownHash = rowHash(row) === row.hash;
      const whoHolds =
        row.anonymised || actorDigest(row.salt, row.actorId, row.actorName) === row.actorDigest;
      if (!ownHash || !whoHolds) problems.push({ kind: 'changed', seq: row.seq });
      expectedSeq = row.seq + 1;
      expectedPrev = row.hash;
      last = { seq: row.seq, hash: row.hash };
    },
    finish(): ChainReport {
      const end = head ?? anchor;
      if (end.seq >= expectedSeq) {
        problems.push({ kind: 'missing', from: expectedSeq, to: end.seq });
      } else if (end.seq !== last.seq || end.hash !== last.hash) {
        problems.push({ kind: head ? 'head' : 'anchor', seq: end.seq });
      }
      return {
        ok: problems.length === 0,
        rows,
        anonymised,
        first,
        head: end,
        anchor,
        problems: dedupe(problems),
      };
    },
  };
}

function dedupe(problems: readonly ChainProblem[]): ChainProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = JSON.stringify(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The problems in Swedish, one line each, for the verify command. */
export function describeProblem(problem: ChainProblem): string {
  switch (problem.kind) {
    case 'changed':
      return `Rad ${problem.seq} har ändrats efter att den skrevs.`;
    case 'missing':
      return problem.from === problem.to
        ? `Rad ${problem.from} saknas (borttagen utan gallring).`
        : `Raderna ${problem.from}–${problem.to} saknas (borttagna utan gallring).`;
    case 'head':
      return `Loggens senaste rad stämmer inte med det som är registrerat som senaste (rad ${problem.seq}).`;
    case 'anchor':
      return `Gallringsmarkeringen stämmer inte med de rader som finns kvar (rad ${problem.seq}).`;
    default:
      return describeVersionProblem(problem);
  }
}
