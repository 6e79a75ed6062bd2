import type { DecideResult, Decision, DecisionStore } from '../reporting/ports.js';
import type { Version, Versions } from './versioned-table.js';

interface DecisionPayload {
  readonly motivation: string;
}

/** Decisions: partition = committee × period, subject = nämndmål (see versioned-table.ts). */
export class VersionedDecisionStore implements DecisionStore {
  constructor(private readonly table: Versions) {}

  async get(committeeId: string, periodId: string, goalId: string): Promise<Decision | null> {
    const v = await this.table.get<DecisionPayload>([committeeId, periodId], [goalId]);
    return v ? toDecision(committeeId, periodId, v) : null;
  }

  async listPeriod(committeeId: string, periodId: string): Promise<Decision[]> {
    const versions = await this.table.listCurrent<DecisionPayload>([committeeId, periodId]);
    return versions.map((v) => toDecision(committeeId, periodId, v));
  }

  async history(committeeId: string, periodId: string, goalId: string): Promise<Decision[]> {
    const versions = await this.table.history<DecisionPayload>([committeeId, periodId], [goalId]);
    return versions.map((v) => toDecision(committeeId, periodId, v));
  }

  /** Every version of every decision of a period (records export). */
  async allVersions(committeeId: string, periodId: string): Promise<Decision[]> {
    const versions = await this.table.allVersions<DecisionPayload>([committeeId, periodId]);
    return versions.map((v) => toDecision(committeeId, periodId, v));
  }

  async decide(
    change: Omit<Decision, 'revision'> & {
      readonly expectedRevision: number;
      readonly activityId: string | null;
    },
  ): Promise<DecideResult> {
    const outcome = await this.table.write<DecisionPayload>({
      partition: [change.committeeId, change.periodId],
      subject: [change.goalId],
      expectedRevision: change.expectedRevision,
      actorId: change.decidedBy.aadObjectId,
      actorName: change.decidedBy.name,
      at: change.decidedAt,
      activityId: change.activityId,
      fields: { statusId: change.statusId, proposedStatusId: change.proposedStatusId ?? '' },
      payload: { motivation: change.motivation },
    });
    const { committeeId, periodId } = change;
    switch (outcome.kind) {
      case 'saved':
        return { kind: 'saved', decision: toDecision(committeeId, periodId, outcome.version) };
      case 'conflict':
        return {
          kind: 'conflict',
          current: outcome.current && toDecision(committeeId, periodId, outcome.current),
        };
      case 'duplicate':
        // The same activity decided already: report what it stored, as a success.
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
