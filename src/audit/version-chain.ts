/**
 * The versions of a record (an answer, a decision) as their own tamper-evident audit: every
 * version carries the hash of the version before it of the same record and its own hash; the
 * current row, which the bot reads, carries the newest version's. A save is then its own audit
 * entry, written in the one transaction that stores it (src/storage/versioned-table.ts).
 *
 * Editing a version, deleting one (the newest included: the current row names it) or editing
 * the current row is found by `createVersionVerifier`. As for the audit log (chain.ts), who acted
 * is hashed through a salted digest so erasure can anonymise a version without breaking its link.
 * Versions written before the chain carry no hash: they are counted, not checked. Pure functions.
 */
import { createHash } from 'node:crypto';
import { actorDigest, GENESIS } from './chain.js';

/** What a version's hash covers: where it belongs, what it says, who, when, and the version before. */
export interface VersionFields {
  /** The partition key as stored. */
  readonly partition: string;
  /** The subject column as stored (JSON). */
  readonly subject: string;
  readonly revision: number;
  readonly at: string;
  /** '' when none. */
  readonly activityId: string;
  readonly fields: Readonly<Record<string, string>>;
  /** The payload's JSON text as stored. */
  readonly payload: string;
  readonly actorDigest: string;
  readonly prevHash: string;
}

export function versionHash(f: VersionFields): string {
  const fields = Object.entries(f.fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const text = JSON.stringify([
    'version/1',
    f.partition,
    f.subject,
    f.revision,
    f.at,
    f.activityId,
    fields,
    f.payload,
    f.actorDigest,
    f.prevHash,
  ]);
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The chain columns of a new version after `previousHash` (GENESIS for the first). */
export function chainVersion(
  previousHash: string,
  version: Omit<VersionFields, 'actorDigest' | 'prevHash'> & {
    readonly actorId: string;
    readonly actorName: string;
    readonly salt: string;
  },
): { readonly salt: string; readonly actorDigest: string; readonly prevHash: string; readonly hash: string } {
  const digest = actorDigest(version.salt, version.actorId, version.actorName);
  const hash = versionHash({ ...version, actorDigest: digest, prevHash: previousHash });
  return { salt: version.salt, actorDigest: digest, prevHash: previousHash, hash };
}

export type VersionedRecord = 'answers' | 'decisions';

/** One stored row of a versioned record, as the verifier needs it. */
export interface VersionRow extends VersionFields {
  readonly record: VersionedRecord;
  /** The partition and subject split into their parts (committee, period; unit, item or goal). */
  readonly where: readonly string[];
  readonly what: readonly string[];
  /** The current row (true) or a history row. */
  readonly current: boolean;
  /** '' for a version written before the chain. */
  readonly hash: string;
  readonly actorId: string;
  readonly actorName: string;
  readonly salt: string;
  readonly anonymised: boolean;
}

interface Place {
  readonly record: VersionedRecord;
  /** Committee and period. */
  readonly where: readonly string[];
  /** Unit and item (answers) or goal (decisions). */
  readonly what: readonly string[];
}

export type VersionProblem =
  /** The version's content (or who saved it) is not what was hashed when it was saved. */
  | (Place & { readonly kind: 'version-changed'; readonly revision: number })
  /** Versions `from`–`to` are gone. */
  | (Place & { readonly kind: 'version-missing'; readonly from: number; readonly to: number })
  /** The current row is missing, edited, or names another version than the newest one stored. */
  | (Place & { readonly kind: 'version-current'; readonly revision: number });

export interface VersionReport {
  /** Versions checked (history rows). */
  readonly versions: number;
  /** Of those, written before the chain (not checkable). */
  readonly unchained: number;
  readonly problems: readonly VersionProblem[];
}

const placeOf = (row: VersionRow): Place => ({ record: row.record, where: row.where, what: row.what });

function holds(row: VersionRow): boolean {
  const who = row.anonymised || actorDigest(row.salt, row.actorId, row.actorName) === row.actorDigest;
  return who && versionHash(row) === row.hash;
}

/**
 * Checks versioned rows given in table order: per partition the current rows (`c|…`), then the
 * history rows (`h|<subject>|<revision>`) grouped by subject, oldest first.
 */
export function createVersionVerifier() {
  const problems: VersionProblem[] = [];
  let versions = 0;
  let unchained = 0;
  let partition = '';
  let currents = new Map<string, VersionRow>();
  let seen = new Set<string>();
  let group: { key: string; last: VersionRow; chained: boolean; gap: boolean } | null = null;

  function finishGroup(): void {
    if (!group) return;
    const { key, last } = group;
    seen.add(key);
    const current = currents.get(key);
    if (!current) {
      problems.push({ ...placeOf(last), kind: 'version-current', revision: last.revision });
    } else if (current.revision > last.revision) {
      problems.push({
        ...placeOf(last),
        kind: 'version-missing',
        from: last.revision + 1,
        to: current.revision,
      });
    } else if (current.revision < last.revision || current.hash !== last.hash) {
      problems.push({ ...placeOf(last), kind: 'version-current', revision: current.revision });
    }
    group = null;
  }

  function finishPartition(): void {
    finishGroup();
    for (const [key, current] of currents) {
      if (!seen.has(key))
        problems.push({ ...placeOf(current), kind: 'version-missing', from: 1, to: current.revision });
    }
    currents = new Map();
    seen = new Set();
  }

  return {
    add(row: VersionRow): void {
      const rowPartition = `${row.record}\n${row.partition}`;
      if (rowPartition !== partition) {
        finishPartition();
        partition = rowPartition;
      }
      if (row.current) {
        if (row.hash !== '' && !holds(row))
          problems.push({ ...placeOf(row), kind: 'version-current', revision: row.revision });
        currents.set(row.subject, row);
        return;
      }
      versions++;
      if (group?.key !== row.subject) {
        finishGroup();
        group = { key: row.subject, last: { ...row, revision: 0, hash: '' }, chained: false, gap: false };
      }
      const previous = group.last;
      const expected = previous.revision + 1;
      const gap = row.revision > expected;
      if (gap)
        problems.push({ ...placeOf(row), kind: 'version-missing', from: expected, to: row.revision - 1 });
      if (row.hash === '') {
        unchained++;
        // A version after chained ones lost its hash: that is an edit, not an old row.
        if (group.chained)
          problems.push({ ...placeOf(row), kind: 'version-changed', revision: row.revision });
      } else {
        const expectedPrev = previous.hash === '' ? GENESIS : previous.hash;
        // After a gap the link names a version that is gone: the gap is the problem reported.
        if (!gap && row.prevHash !== expectedPrev)
          problems.push({
            ...placeOf(row),
            kind: 'version-changed',
            revision: previous.revision === 0 ? row.revision : previous.revision,
          });
        if (!holds(row)) problems.push({ ...placeOf(row), kind: 'version-changed', revision: row.revision });
        group.chained = true;
      }
      group.last = row;
    },
    finish(): VersionReport {
      finishPartition();
      const unique = new Map(problems.map((p) => [JSON.stringify(p), p]));
      return { versions, unchained, problems: [...unique.values()] };
    },
  };
}

function describePlace(p: Place): string {
  const period = p.where[1] ?? '';
  return p.record === 'decisions'
    ? `Beslutet om ${p.what[0] ?? ''} för ${period}`
    : `Svaret för ${p.what.join(', ')} för ${period}`;
}

/** The problem in Swedish, one line, for the verify command. */
export function describeVersionProblem(problem: VersionProblem): string {
  const place = describePlace(problem);
  switch (problem.kind) {
    case 'version-changed':
      return `${place}: version ${problem.revision} har ändrats efter att den sparades.`;
    case 'version-missing':
      return problem.from === problem.to
        ? `${place}: version ${problem.from} saknas (borttagen).`
        : `${place}: versionerna ${problem.from}–${problem.to} saknas (borttagna).`;
    case 'version-current':
      return `${place}: den gällande versionen (${problem.revision}) stämmer inte med den senast sparade.`;
  }
}
