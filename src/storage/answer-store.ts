import type {
  AnswerKey,
  AnswerState,
  AnswerStore,
  ItemKey,
  SaveAnswer,
  SaveResult,
  StoredAnswer,
} from '../followup/ports.js';
import type { Version, Versions } from './versioned-table.js';

/** Answers: partition = committee × period, subject = unit × item (see versioned-table.ts). */
export class VersionedAnswerStore implements AnswerStore {
  constructor(private readonly table: Versions) {}

  async get<P>(key: AnswerKey): Promise<StoredAnswer<P> | null> {
    const version = await this.table.get<P>([key.committeeId, key.periodId], [key.unitId, key.item]);
    return version ? toAnswer(key.committeeId, key.periodId, version) : null;
  }

  async listPeriod<P>(committeeId: string, periodId: string): Promise<StoredAnswer<P>[]> {
    const versions = await this.table.listCurrent<P>([committeeId, periodId]);
    return versions.map((v) => toAnswer(committeeId, periodId, v));
  }

  async history<P>(key: AnswerKey): Promise<StoredAnswer<P>[]> {
    const versions = await this.table.history<P>([key.committeeId, key.periodId], [key.unitId, key.item]);
    return versions.map((v) => toAnswer(key.committeeId, key.periodId, v));
  }

  /** Every version of every answer of a period (records export). */
  async allVersions<P>(committeeId: string, periodId: string): Promise<StoredAnswer<P>[]> {
    const versions = await this.table.allVersions<P>([committeeId, periodId]);
    return versions.map((v) => toAnswer(committeeId, periodId, v));
  }

  /** Who saved which answer when (no payloads), newest first: the audit's list of saves (a scan). */
  async recentSaves(committeeId: string, limit: number): Promise<StoredAnswer<null>[]> {
    const versions = await this.table.recentVersions([committeeId], limit);
    return versions.map((v) => toAnswer(committeeId, v.partition[1] ?? '', { ...v, payload: null }));
  }

  async save<P>(change: SaveAnswer<P>): Promise<SaveResult<P>> {
    const outcome = await this.table.write<P>({
      partition: [change.committeeId, change.periodId],
      subject: [change.unitId, change.item],
      expectedRevision: change.expectedRevision,
      actorId: change.answeredBy.aadObjectId,
      actorName: change.answeredBy.name,
      at: change.answeredAt,
      activityId: change.activityId,
      fields: { state: change.state },
      payload: change.payload,
    });
    const { committeeId, periodId } = change;
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
