/**
 * The in-memory counterpart of `src/storage/versioned-table.ts`: per partition, the current
 * version of each subject, every accepted version, and the activities already applied. The
 * contract tests (test/storage/contracts/) hold it to the Table Storage behaviour.
 */
import { joinKey, splitKey } from '../../../src/storage/keys.js';
import type { Version, Versions, WriteOutcome, WriteVersion } from '../../../src/storage/versioned-table.js';

/** What Table Storage gives back is a JSON copy: a caller's later change of its object changes nothing. */
export function stored<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

interface Partition {
  /** Subject key → every accepted version, oldest first; the last is the current one. */
  readonly subjects: Map<string, Version<unknown>[]>;
  /** Activity id → the version it produced. */
  readonly applied: Map<string, Version<unknown>>;
}

export class MemoryVersioned implements Versions {
  private readonly partitions = new Map<string, Partition>();

  async get<P>(partition: readonly string[], subject: readonly string[]): Promise<Version<P> | null> {
    const versions = this.partitions.get(joinKey(...partition))?.subjects.get(joinKey(...subject));
    return versions ? stored(versions.at(-1) as Version<P>) : null;
  }

  /** Current versions of every subject in a partition, in key order (as Table Storage lists them). */
  async listCurrent<P>(partition: readonly string[]): Promise<Version<P>[]> {
    return this.sorted(partition).map(([, versions]) => stored(versions.at(-1) as Version<P>));
  }

  async history<P>(partition: readonly string[], subject: readonly string[]): Promise<Version<P>[]> {
    const versions = this.partitions.get(joinKey(...partition))?.subjects.get(joinKey(...subject));
    return stored((versions ?? []) as Version<P>[]);
  }

  /** Every accepted version of every subject, by subject key, then revision. */
  async allVersions<P>(partition: readonly string[]): Promise<Version<P>[]> {
    return this.sorted(partition).flatMap(([, versions]) => stored(versions as Version<P>[]));
  }

  /** The newest `limit` versions of every partition under the prefix, without payloads, newest first. */
  async recentVersions(
    partitionPrefix: readonly string[],
    limit: number,
  ): Promise<(Version<null> & { readonly partition: readonly string[] })[]> {
    const from = `${joinKey(...partitionPrefix)}|`;
    const out: (Version<null> & { partition: readonly string[] })[] = [];
    for (const [id, partition] of this.partitions) {
      if (!id.startsWith(from)) continue;
      for (const versions of partition.subjects.values())
        for (const v of versions) out.push({ ...stored(v), payload: null, partition: splitKey(id) });
    }
    return out.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, limit);
  }

  /** Checks and writes with no await in between: nothing else runs meanwhile, so no lost update. */
  async write<P>(change: WriteVersion<P>): Promise<WriteOutcome<P>> {
    const partition = this.partition(change.partition);
    if (change.activityId) {
      const replayed = partition.applied.get(change.activityId);
      if (replayed) return { kind: 'duplicate', version: stored(replayed as Version<P>) };
    }
    const subjectKey = joinKey(...change.subject);
    const versions = partition.subjects.get(subjectKey) ?? [];
    const current = versions.at(-1) ?? null;
    if ((current?.revision ?? 0) !== change.expectedRevision)
      return { kind: 'conflict', current: current && stored(current as Version<P>) };
    const version: Version<P> = stored({
      subject: change.subject,
      revision: (current?.revision ?? 0) + 1,
      actorId: change.actorId,
      actorName: change.actorName,
      at: change.at,
      activityId: change.activityId,
      fields: change.fields,
      payload: change.payload,
    });
    partition.subjects.set(subjectKey, [...versions, version]);
    if (change.activityId) partition.applied.set(change.activityId, version);
    return { kind: 'saved', version: stored(version) };
  }

  private partition(key: readonly string[]): Partition {
    const id = joinKey(...key);
    let partition = this.partitions.get(id);
    if (!partition) {
      partition = { subjects: new Map(), applied: new Map() };
      this.partitions.set(id, partition);
    }
    return partition;
  }

  private sorted(partition: readonly string[]): [string, Version<unknown>[]][] {
    const subjects = this.partitions.get(joinKey(...partition))?.subjects ?? new Map();
    return [...subjects].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
}
