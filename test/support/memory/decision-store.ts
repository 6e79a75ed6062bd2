import type { DecideResult, Decision, DecisionStore } from '../../../src/reporting/ports.js';
import type { Version } from '../../../src/storage/versioned-table.js';
import { MemoryVersioned } from './versioned.js';

interface DecisionPayload {
  readonly motivation: string;
}

/** Decisions in memory: partition = committee × period, subject = nämndmål, as in Table Storage. */
export class MemoryDecisionStore implements DecisionStore {
  private readonly versions = new MemoryVersioned();

  async get(committeeId: string, periodId: string, goalId: string): Promise<Decision | null> {
    const v = this.versions.get<DecisionPayload>([committeeId, periodId], [goalId]);
    return v ? toDecision(committeeId, periodId, v) : null;
  }

  async listPeriod(committeeId: string, periodId: string): Promise<Decision[]> {
    return this.versions
      .listCurrent<DecisionPayload>([committeeId, periodId])
      .map((v) => toDecision(committeeId, periodId, v));
  }

  async history(committeeId: string, periodId: string, goalId: string): Promise<Decision[]> {
    return this.versions
      .history<DecisionPayload>([committeeId, periodId], [goalId])
      .map((v) => toDecision(committeeId, periodId, v));
  }

  async decide(
    change: Omit<Decision, 'revision'> & {
      readonly expectedRevision: number;
      readonly activityId: string | null;
    },
  ): Promise<DecideResult> {
    const { committeeId, periodId } = change;
    const outcome = this.versions.write<DecisionPayload>({
      partition: [committeeId, periodId],
      subject: [change.goalId],
      expectedRevision: change.expectedRevision,
      actorId: change.decidedBy.aadObjectId,
      actorName: change.decidedBy.name,
      at: change.decidedAt,
      activityId: change.activityId,
      fields: { statusId: change.statusId, proposedStatusId: change.proposedStatusId ?? '' },
      payload: { motivation: change.motivation },
    });
    switch (outcome.kind) {
      case 'saved':
        return { kind: 'saved', decision: toDecision(committeeId, periodId, outcome.version) };
      case 'conflict':
        return {
          kind: 'conflict',
          current: outcome.current && toDecision(committeeId, periodId, outcome.current),
        };
      case 'duplicate':
        // The same activity decided already: what it stored, as a success (as Table Storage does).
        return outcome.version
          ? { kind: 'saved', decision: toDecision(committeeId, periodId, outcome.version) }
          : { kind: 'conflict', current: null };
    }
  }
}

function toDecision(committeeId: string, periodId: string, v: Version<DecisionPayload>): Decision {
  return {
    committeeId,
    periodId,
    goalId: v.subject[0] ?? '',
    revision: v.revision,
    statusId: v.fields.statusId ?? '',
    motivation: v.payload.motivation,
    proposedStatusId: v.fields.proposedStatusId ? v.fields.proposedStatusId : null,
    decidedBy: { aadObjectId: v.actorId, name: v.actorName },
    decidedAt: v.at,
  };
}
