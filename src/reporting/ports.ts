import type { Actor } from '../followup/ports.js';

/** Leadership's committee-level status for one nämndmål in one period. */
export interface Decision {
  readonly committeeId: string;
  readonly periodId: string;
  readonly goalId: string;
  readonly revision: number;
  readonly statusId: string;
  readonly motivation: string;
  /** The status the software proposed when the decision was made, kept beside it. */
  readonly proposedStatusId: string | null;
  readonly decidedBy: Actor;
  readonly decidedAt: string;
}

export type DecideResult =
  | { readonly kind: 'saved'; readonly decision: Decision }
  | { readonly kind: 'conflict'; readonly current: Decision | null };

export interface DecisionStore {
  get(committeeId: string, periodId: string, goalId: string): Promise<Decision | null>;
  listPeriod(committeeId: string, periodId: string): Promise<Decision[]>;
  history(committeeId: string, periodId: string, goalId: string): Promise<Decision[]>;
  decide(
    change: Omit<Decision, 'revision'> & {
      readonly expectedRevision: number;
      readonly activityId: string | null;
    },
  ): Promise<DecideResult>;
}
