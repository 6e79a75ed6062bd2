/** What reminders rely on from the reminder log: each reminder claimed by one sender and sent once. */
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ReminderKey, ReminderLog } from '../../../src/reminders/ports.js';

export function describeReminderLogContract(name: string, makeLog: () => Promise<ReminderLog>): void {
  describe(`reminder log contract: ${name}`, () => {
    let log: ReminderLog;
    let k: ReminderKey;
    beforeEach(async () => {
      log = await makeLog();
      k = {
        committeeId: 'an',
        periodId: `2024-${randomUUID().slice(0, 8)}`,
        kind: 'deadline',
        aadObjectId: 'demo-chef-amc',
      };
    });

    it('gives a reminder to exactly one of several concurrent senders, and never again once sent', async () => {
      const now = '2024-09-06T07:00:00.000Z';
      const until = '2024-09-06T07:05:00.000Z';
      const owners = ['instans-a', 'instans-b', 'instans-c', 'instans-d'];
      const claims = await Promise.all(owners.map((o) => log.claim(k, o, now, until)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      const owner = owners[claims.indexOf(true)] as string;
      await log.mark(k, owner, 'sent', '2024-09-06T07:00:02.000Z');
      expect(await log.claim(k, 'instans-e', '2024-09-07T07:00:00.000Z', '2024-09-07T07:05:00.000Z')).toBe(
        false,
      );
      expect(await log.claim(k, owner, '2024-09-07T07:00:00.000Z', '2024-09-07T07:05:00.000Z')).toBe(false);
      expect(await log.list(k.committeeId, k.periodId)).toEqual([
        {
          ...k,
          state: 'sent',
          claimedBy: owner,
          claimedUntil: until,
          updatedAt: '2024-09-06T07:00:02.000Z',
          detail: null,
        },
      ]);
    });

    it('lets a new sender take over an expired claim, and retry an unreachable person', async () => {
      expect(await log.claim(k, 'kraschad', '2024-09-09T07:00:00Z', '2024-09-09T07:05:00Z')).toBe(true);
      expect(await log.claim(k, 'ny', '2024-09-09T07:01:00Z', '2024-09-09T07:06:00Z')).toBe(false);
      expect(await log.claim(k, 'ny', '2024-09-09T07:10:00Z', '2024-09-09T07:15:00Z')).toBe(true);
      await log.mark(k, 'ny', 'unreachable', '2024-09-09T07:10:01Z', '403 boten är blockerad');
      expect((await log.list(k.committeeId, k.periodId))[0]).toMatchObject({
        state: 'unreachable',
        detail: '403 boten är blockerad',
      });
      expect(await log.claim(k, 'senare', '2024-09-10T07:00:00Z', '2024-09-10T07:05:00Z')).toBe(true);
    });

    it('lets the holder of a claim claim again, and only the holder mark the person unreachable', async () => {
      expect(await log.claim(k, 'a', '2024-09-09T07:00:00Z', '2024-09-09T07:05:00Z')).toBe(true);
      expect(await log.claim(k, 'a', '2024-09-09T07:01:00Z', '2024-09-09T07:06:00Z')).toBe(true);
      await log.mark(k, 'b', 'unreachable', '2024-09-09T07:02:00Z', 'inte min');
      expect((await log.list(k.committeeId, k.periodId))[0]).toMatchObject({
        state: 'claimed',
        claimedBy: 'a',
      });
      // A delivery is a fact whoever holds the claim, and is never turned into "unreachable".
      await log.mark(k, 'b', 'sent', '2024-09-09T07:03:00Z');
      await log.mark(k, 'b', 'unreachable', '2024-09-09T07:04:00Z', 'för sent');
      expect((await log.list(k.committeeId, k.periodId))[0]).toMatchObject({ state: 'sent', claimedBy: 'b' });
    });

    it('refuses to mark a reminder that was never claimed', async () => {
      await expect(log.mark(k, 'a', 'sent', '2024-09-09T07:00:00Z')).rejects.toThrow();
      expect(await log.list(k.committeeId, k.periodId)).toEqual([]);
    });

    it('lists the reminders of one committee and period only', async () => {
      const at = ['2024-09-09T07:00:00Z', '2024-09-09T07:05:00Z'] as const;
      await log.claim({ ...k, kind: 'opening' }, 'a', ...at);
      await log.claim({ ...k, aadObjectId: 'demo-chef-amf' }, 'a', ...at);
      await log.claim({ ...k, periodId: `${k.periodId}x` }, 'a', ...at);
      await log.claim({ ...k, committeeId: 'annan-namnd' }, 'a', ...at);
      const listed = await log.list(k.committeeId, k.periodId);
      expect(listed.map((e) => [e.kind, e.aadObjectId])).toEqual([
        ['deadline', 'demo-chef-amf'],
        ['opening', 'demo-chef-amc'],
      ]);
    });
  });
}
