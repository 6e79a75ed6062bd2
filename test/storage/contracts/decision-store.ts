/** What leadership relies on from a decision store; run against every implementation. */
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Decision, DecisionStore } from '../../../src/reporting/ports.js';

type Decide = Parameters<DecisionStore['decide']>[0];

const GOAL = 'hog-egenforsorjningsgrad';

function decision(periodId: string, extra: Partial<Decide> = {}): Decide {
  return {
    committeeId: 'an',
    periodId,
    goalId: GOAL,
    statusId: 'uppfylls-delvis',
    motivation: 'Två av tre indikatorer når målvärdet.',
    proposedStatusId: 'uppfylls-delvis',
    decidedBy: { aadObjectId: 'demo-ledning', name: 'Maria Ek' },
    decidedAt: '2024-09-10T09:00:00.000Z',
    expectedRevision: 0,
    activityId: randomUUID(),
    ...extra,
  };
}

export function describeDecisionStoreContract(name: string, makeStore: () => Promise<DecisionStore>): void {
  describe(`decision store contract: ${name}`, () => {
    let store: DecisionStore;
    let periodId: string;
    beforeEach(async () => {
      store = await makeStore();
      periodId = `2024-${randomUUID().slice(0, 8)}`;
    });

    it('keeps every decision with who, when and the proposal, and the latest as current', async () => {
      const first = await store.decide(decision(periodId));
      expect(first.kind).toBe('saved');
      await store.decide(
        decision(periodId, {
          expectedRevision: 1,
          statusId: 'uppfylls',
          motivation: 'Utfallet för augusti visar att målet nås.',
          proposedStatusId: null,
          decidedAt: '2024-09-11T09:00:00.000Z',
        }),
      );
      const expected: Decision = {
        committeeId: 'an',
        periodId,
        goalId: GOAL,
        revision: 2,
        statusId: 'uppfylls',
        motivation: 'Utfallet för augusti visar att målet nås.',
        proposedStatusId: null,
        decidedBy: { aadObjectId: 'demo-ledning', name: 'Maria Ek' },
        decidedAt: '2024-09-11T09:00:00.000Z',
      };
      expect(await store.get('an', periodId, GOAL)).toEqual(expected);
      const history = await store.history('an', periodId, GOAL);
      expect(history.map((d) => [d.revision, d.statusId, d.proposedStatusId])).toEqual([
        [1, 'uppfylls-delvis', 'uppfylls-delvis'],
        [2, 'uppfylls', null],
      ]);
    });

    it('refuses a decision based on a stale revision with the current one, and writes nothing', async () => {
      await store.decide(decision(periodId));
      const stale = await store.decide(decision(periodId, { statusId: 'uppfylls', motivation: 'x' }));
      expect(stale.kind).toBe('conflict');
      if (stale.kind === 'conflict') expect(stale.current?.statusId).toBe('uppfylls-delvis');
      expect(await store.history('an', periodId, GOAL)).toHaveLength(1);
    });

    it('lets exactly one of two concurrent decisions from the same revision win', async () => {
      const results = await Promise.all([
        store.decide(decision(periodId, { statusId: 'uppfylls' })),
        store.decide(decision(periodId, { statusId: 'uppfylls-inte' })),
      ]);
      expect(results.map((r) => r.kind).sort()).toEqual(['conflict', 'saved']);
      expect(await store.history('an', periodId, GOAL)).toHaveLength(1);
    });

    it('answers a replayed activity with the decision it stored, without storing it again', async () => {
      const once = decision(periodId, { activityId: 'decide-1' });
      await store.decide(once);
      const replay = await store.decide(once);
      expect(replay.kind).toBe('saved');
      if (replay.kind === 'saved') expect(replay.decision.revision).toBe(1);
      expect(await store.history('an', periodId, GOAL)).toHaveLength(1);
    });

    it('lists the current decisions of one committee and period only', async () => {
      await store.decide(decision(periodId));
      await store.decide(decision(periodId, { goalId: 'kostnadseffektiva-arbetsmarknadsatgarder' }));
      await store.decide(decision(periodId, { committeeId: 'annan-namnd' }));
      await store.decide(decision(`2023-${randomUUID().slice(0, 8)}`));
      const listed = await store.listPeriod('an', periodId);
      expect(listed.map((d) => d.goalId)).toEqual([
        'hog-egenforsorjningsgrad',
        'kostnadseffektiva-arbetsmarknadsatgarder',
      ]);
    });
  });
}
