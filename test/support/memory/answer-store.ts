import type {
  AnswerKey,
  AnswerState,
  AnswerStore,
  ItemKey,
  SaveAnswer,
  SaveResult,
  StoredAnswer,
} from '../../../src/followup/ports.js';
import type { Version } from '../../../src/storage/versioned-table.js';
import { MemoryVersioned } from './versioned.js';

/** Answers in memory: partition = committee × period, subject = unit × item, as in Table Storage. */
export class MemoryAnswerStore implements AnswerStore {
  private readonly versions = new MemoryVersioned();

  async get<P>(key: AnswerKey): Promise<StoredAnswer<P> | null> {
    const version = this.versions.get<P>([key.committeeId, key.periodId], [key.unitId, key.item]);
    return version ? toAnswer(key.committeeId, key.periodId, version) : null;
  }

  async listPeriod<P>(committeeId: string, periodId: string): Promise<StoredAnswer<P>[]> {
    return this.versions
      .listCurrent<P>([committeeId, periodId])
      .map((v) => toAnswer(committeeId, periodId, v));
  }

  async history<P>(key: AnswerKey): Promise<StoredAnswer<P>[]> {
    return this.versions
      .history<P>([key.committeeId, key.periodId], [key.unitId, key.item])
      .map((v) => toAnswer(key.committeeId, key.periodId, v));
  }

  async recentSaves(committeeId: string, limit: number): Promise<StoredAnswer<null>[]> {
    return this.versions
      .recentVersions([committeeId], limit)
      .map((v) => toAnswer(committeeId, v.partition[1] ?? '', v));
  }

  async save<P>(change: SaveAnswer<P>): Promise<SaveResult<P>> {
    const { committeeId, periodId } = change;
    const outcome = this.versions.write<P>({
      partition: [committeeId, periodId],
      subject: [change.unitId, change.item],
      expectedRevision: change.expectedRevision,
      actorId: change.answeredBy.aadObjectId,
      actorName: change.answeredBy.name,
      at: change.answeredAt,
      activityId: change.activityId,
      fields: { state: change.state },
      payload: change.payload,
    });
    switch (outcome.kind) {
      case 'saved':
        return { kind: 'saved', answer: toAnswer(committeeId, periodId, outcome.version) };
      case 'conflict':
        return {
          kind: 'conflict',
          current: outcome.current && toAnswer(committeeId, periodId, outcome.current),
        };
      case 'duplicate':
        return {
          kind: 'duplicate',
          answer: outcome.version && toAnswer(committeeId, periodId, outcome.version),
        };
    }
  }
}

function toAnswer<P>(committeeId: string, periodId: string, v: Version<P>): StoredAnswer<P> {
  const [unitId = '', item = ''] = v.subject;
  return {
    committeeId,
    periodId,
    unitId,
    item: item as ItemKey,
    revision: v.revision,
    state: (v.fields.state ?? 'draft') as AnswerState,
    payload: v.payload,
    answeredBy: { aadObjectId: v.actorId, name: v.actorName },
    answeredAt: v.at,
    activityId: v.activityId,
  };
}
