/**
 * The small stores keyed by person or conversation: references, pauses, snoozes and learnt
 * identities (one row each, last write wins), and the two claims made by inserting a row
 * (welcomes, refusal counts). Run against every implementation.
 */
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RefusalCounter } from '../../../src/audit/ports.js';
import type { IdentityStore } from '../../../src/config/people.js';
import type { WelcomeClaims } from '../../../src/followup/ports.js';
import type { ConversationStore } from '../../../src/reminders/ports.js';
import type { PauseStore } from '../../../src/reminders/ports-pause.js';
import type { SnoozeStore } from '../../../src/reminders/snooze.js';

export interface PersonStores {
  readonly conversations: ConversationStore;
  readonly pauses: PauseStore;
  readonly snoozes: SnoozeStore;
  readonly identities: IdentityStore;
  readonly welcomes: WelcomeClaims;
  readonly refusals: RefusalCounter;
}

export function describePersonStoresContract(name: string, makeStores: () => Promise<PersonStores>): void {
  describe(`per-person stores contract: ${name}`, () => {
    let stores: PersonStores;
    /** A person of their own per test (the Azurite tables are shared by the tests of a file). */
    let person: string;
    beforeEach(async () => {
      stores = await makeStores();
      person = `user-${randomUUID()}`;
    });

    it('keeps one conversation reference per person: replaced, listed once, removed', async () => {
      const { conversations } = stores;
      const reference = { serviceUrl: 'https://smba.trafficmanager.net/emea/', conversation: { id: 'a:1' } };
      await conversations.put({ aadObjectId: person, reference, updatedAt: '2024-09-01T08:00:00Z' });
      await conversations.put({
        aadObjectId: person,
        reference: { ...reference, serviceUrl: 'https://smba.trafficmanager.net/se/' },
        updatedAt: '2024-09-02T08:00:00Z',
      });
      expect(await conversations.get(person)).toEqual({
        aadObjectId: person,
        reference: { ...reference, serviceUrl: 'https://smba.trafficmanager.net/se/' },
        updatedAt: '2024-09-02T08:00:00Z',
      });
      expect((await conversations.list()).filter((c) => c.aadObjectId === person)).toHaveLength(1);
      await conversations.remove(person);
      await conversations.remove(person);
      expect(await conversations.get(person)).toBeNull();
    });

    it('keeps one pause per person, the last set, until removed', async () => {
      const { pauses } = stores;
      const pause = {
        aadObjectId: person,
        until: '2024-09-15',
        reason: 'paused',
        setBy: person,
        setAt: '2024-09-03T08:00:00Z',
      } as const;
      await pauses.put(pause);
      await pauses.put({ ...pause, until: '2024-09-20', reason: 'absent', setBy: 'demo-ledning' });
      expect(await pauses.get(person)).toEqual({
        ...pause,
        until: '2024-09-20',
        reason: 'absent',
        setBy: 'demo-ledning',
      });
      expect((await pauses.list()).filter((p) => p.aadObjectId === person)).toHaveLength(1);
      await pauses.remove(person);
      await pauses.remove(person);
      expect(await pauses.get(person)).toBeNull();
    });

    it('keeps one snooze per person, the last set', async () => {
      const { snoozes } = stores;
      await snoozes.put({ aadObjectId: person, until: '2024-09-04', setAt: '2024-09-03T08:00:00Z' });
      await snoozes.put({ aadObjectId: person, until: '2024-09-05', setAt: '2024-09-04T08:00:00Z' });
      expect(await snoozes.get(person)).toEqual({
        aadObjectId: person,
        until: '2024-09-05',
        setAt: '2024-09-04T08:00:00Z',
      });
      expect((await snoozes.list()).filter((s) => s.aadObjectId === person)).toHaveLength(1);
      expect(await snoozes.get(`${person}-annan`)).toBeNull();
    });

    it('keeps the last object id learnt for an address', async () => {
      const { identities } = stores;
      const address = `${person}@example.se`;
      await identities.put({ address, aadObjectId: 'id-1', resolvedAt: '2024-09-01T08:00:00Z' });
      await identities.put({ address, aadObjectId: 'id-2', resolvedAt: '2024-09-02T08:00:00Z' });
      expect((await identities.list()).filter((i) => i.address === address)).toEqual([
        { address, aadObjectId: 'id-2', resolvedAt: '2024-09-02T08:00:00Z' },
      ]);
    });

    it('welcomes a conversation once, however many install events race, and again after removal', async () => {
      const { welcomes } = stores;
      const conversation = `a:${person}`;
      const claims = await Promise.all(
        Array.from({ length: 4 }, () => welcomes.claim(conversation, person, '2024-09-03T08:00:00Z')),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await welcomes.claim(conversation, person, '2024-09-03T08:01:00Z')).toBe(false);
      await welcomes.release(conversation);
      await welcomes.release(conversation);
      expect(await welcomes.claim(conversation, person, '2024-09-04T08:00:00Z')).toBe(true);
    });

    it('counts refusals per key and hour up to the limit, then says the limit is passed', async () => {
      const { refusals } = stores;
      const counts: number[] = [];
      for (let i = 0; i < 4; i++) counts.push(await refusals.increment(person, '2024-09-03T10', 3));
      expect(counts).toEqual([1, 2, 3, 4]);
      expect(await refusals.increment(person, '2024-09-03T10', 3)).toBe(4);
      expect(await refusals.increment(person, '2024-09-03T11', 3)).toBe(1);
      expect(await refusals.increment(`${person}-annan`, '2024-09-03T10', 3)).toBe(1);
    });

    it('never counts one refusal twice when instances count at the same moment', async () => {
      const counts = await Promise.all(
        Array.from({ length: 5 }, () => stores.refusals.increment(person, '2024-09-03T10', 3)),
      );
      const counted = counts.filter((c) => c <= 3);
      // Under contention a store may decline to count (limit + 1), never count the same number twice.
      expect(new Set(counted).size).toBe(counted.length);
      expect(counts.every((c) => c >= 1 && c <= 4)).toBe(true);
    });
  });
}
