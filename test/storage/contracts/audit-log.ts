/**
 * What the features rely on from the audit log: entries kept in the order recorded, listed newest
 * first and bounded, one chain per committee that verification finds intact, and an edited or
 * deleted row found. Run against every implementation.
 */
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AuditChainStore } from '../../../src/audit/ports.js';
import { verifyAuditChain } from '../../../src/audit/verify.js';
import type { AuditEntry, AuditLog } from '../../../src/followup/ports.js';

export interface AuditHarness {
  readonly log: AuditLog & AuditChainStore;
  /** What someone with access to the storage could do behind the app's back. */
  editRow(committeeId: string, seq: number, change: { readonly details: string }): Promise<void>;
  deleteRow(committeeId: string, seq: number): Promise<void>;
}

const chef = { aadObjectId: 'demo-chef-amc', name: 'Anna Lind' };

function entry(committeeId: string, i: number, extra: Partial<AuditEntry> = {}): AuditEntry {
  return {
    committeeId,
    at: new Date(Date.UTC(2024, 8, 3, 8, 0, i)).toISOString(),
    actor: chef,
    action: 'answer.saved',
    outcome: 'ok',
    details: { unitId: 'amc', periodId: '2024-08', revision: i },
    ...extra,
  };
}

export function describeAuditLogContract(name: string, makeHarness: () => Promise<AuditHarness>): void {
  describe(`audit log contract: ${name}`, () => {
    let harness: AuditHarness;
    let log: AuditLog & AuditChainStore;
    /** A committee of its own per test: one chain each. */
    let committeeId: string;
    beforeEach(async () => {
      harness = await makeHarness();
      log = harness.log;
      committeeId = `an-${randomUUID().slice(0, 8)}`;
    });

    it('lists entries newest first in the order recorded, whatever time each states, exactly as given', async () => {
      for (const [i, at] of [
        '2024-09-03T08:00:00Z',
        '2024-09-03T09:00:00Z',
        '2024-09-03T08:30:00Z',
      ].entries())
        await log.append(entry(committeeId, i, { at }));
      await log.append(
        entry(committeeId, 3, {
          actor: null,
          outcome: 'refused',
          details: { reason: 'not-authorised', ok: false },
        }),
      );
      const listed = await log.list(committeeId);
      expect(listed.map((e) => e.at)).toEqual([
        '2024-09-03T08:00:03.000Z',
        '2024-09-03T08:30:00Z',
        '2024-09-03T09:00:00Z',
        '2024-09-03T08:00:00Z',
      ]);
      expect(listed[0]).toEqual(
        entry(committeeId, 3, {
          actor: null,
          outcome: 'refused',
          details: { reason: 'not-authorised', ok: false },
        }),
      );
      expect(listed[1]?.actor).toEqual(chef);
    });

    it('bounds a listing by the limit (the newest entries) and by committee', async () => {
      for (let i = 1; i <= 5; i++) await log.append(entry(committeeId, i));
      await log.append(entry(`${committeeId}-annan`, 9));
      const listed = await log.list(committeeId, { limit: 2 });
      expect(listed.map((e) => e.details.revision)).toEqual([5, 4]);
      expect(await log.list(committeeId)).toHaveLength(5);
      expect(await log.list(`${committeeId}-okand`)).toEqual([]);
    });

    it('chains concurrent appends without gaps, and verification finds the chain intact', async () => {
      await Promise.all(Array.from({ length: 12 }, (_, i) => log.append(entry(committeeId, i + 1))));
      const report = await verifyAuditChain(log, committeeId);
      expect(report).toMatchObject({ ok: true, rows: 12, first: 1, problems: [] });
      expect(report.head.seq).toBe(12);
      const seqs: number[] = [];
      for await (const row of log.rows(committeeId, 0, 12)) seqs.push(row.seq);
      expect(seqs).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    });

    it('finds a row edited after it was written', async () => {
      for (let i = 1; i <= 4; i++) await log.append(entry(committeeId, i));
      await harness.editRow(committeeId, 2, { details: JSON.stringify({ unitId: 'amf', revision: 2 }) });
      const report = await verifyAuditChain(log, committeeId);
      expect(report.ok).toBe(false);
      expect(report.problems).toContainEqual({ kind: 'changed', seq: 2 });
    });

    it('finds a row deleted without gallring', async () => {
      for (let i = 1; i <= 4; i++) await log.append(entry(committeeId, i));
      await harness.deleteRow(committeeId, 3);
      const report = await verifyAuditChain(log, committeeId);
      expect(report.ok).toBe(false);
      expect(report.problems).toContainEqual({ kind: 'missing', from: 3, to: 3 });
    });

    it('has an empty, intact chain for a committee with no entries', async () => {
      expect(await log.marks(committeeId)).toEqual({ head: null, anchor: { seq: 0, hash: '0'.repeat(64) } });
      expect((await verifyAuditChain(log, committeeId)).ok).toBe(true);
    });
  });
}
