/**
 * The audit log as a hash chain, against Azurite: two writers (two instances) extend one chain
 * without gaps; an edited, deleted or rewritten row is found by the verify command; anonymising a
 * person and gallring keep the chain whole.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chainRow, createChainVerifier, EMPTY_MARK, GENESIS } from '../../src/audit/chain.js';
import { verifyAuditChain } from '../../src/audit/verify.js';
import { runPrivacyCli } from '../../src/cli/privacy.js';
import type { AuditEntry } from '../../src/followup/ports.js';
import { auditRowKey } from '../../src/storage/audit-log.js';
import { openStorage, type Storage, type StorageTarget } from '../../src/storage/index.js';
import { createTableClient } from '../../src/storage/tables.js';

const connectionString = inject('azuriteConnectionString');
const target: StorageTarget = { kind: 'connectionString', connectionString };
const prefix = `a${randomUUID().replace(/-/g, '').slice(0, 12)}`;
let one: Storage;
let two: Storage;
/** What someone with access to the storage account could do, bypassing the app. */
const table = createTableClient({ kind: 'connectionString', connectionString }, `${prefix}audit`);

beforeAll(async () => {
  one = await openStorage(target, prefix);
  two = await openStorage(target, prefix);
});

afterAll(async () => {
  await one?.close();
  await two?.close();
});

function entry(
  committeeId: string,
  i: number,
  actor = { aadObjectId: 'demo-chef-amc', name: 'Anna Lind' },
): AuditEntry {
  return {
    committeeId,
    at: new Date(Date.UTC(2024, 8, 3, 8, 0, i)).toISOString(),
    actor,
    action: 'answer.saved',
    outcome: 'ok',
    details: { unitId: 'amc', periodId: '2024-08', revision: i },
  };
}

/** Runs `npm run granskningslogg` (the shipped configuration's committee, `an`) on a storage prefix. */
async function verifyCommand(tablePrefix: string): Promise<{ code: number; out: string }> {
  let out = '';
  const sink = {
    write: (t: string) => {
      out += t;
    },
  };
  const code = await runPrivacyCli('granskningslogg', [], {
    env: {},
    stdout: sink,
    stderr: sink,
    storage: { target, tablePrefix },
  });
  return { code, out };
}

describe('the chain, pure', () => {
  it('detects an edit, a gap and a wrong head in rows given to it', () => {
    let previous = EMPTY_MARK;
    const rows = [1, 2, 3].map((i) => {
      const row = chainRow(previous, {
        at: `2024-09-0${i}T08:00:00.000Z`,
        action: 'answer.saved',
        outcome: 'ok',
        details: JSON.stringify({ i }),
        actorId: 'a',
        actorName: 'A',
        salt: 's',
      });
      previous = { seq: row.seq, hash: row.hash };
      return row;
    });
    const check = (given: typeof rows, head = previous) => {
      const v = createChainVerifier(head, EMPTY_MARK);
      for (const r of given) v.add(r);
      return v.finish();
    };
    expect(check(rows).ok).toBe(true);
    expect(rows[0]?.prevHash).toBe(GENESIS);
    const [a, b, c] = rows as [(typeof rows)[0], (typeof rows)[0], (typeof rows)[0]];
    expect(check([a, { ...b, details: '{"i":20}' }, c]).problems).toEqual([{ kind: 'changed', seq: 2 }]);
    expect(check([a, { ...b, actorName: 'Någon annan' }, c]).problems).toEqual([{ kind: 'changed', seq: 2 }]);
    expect(check([a, c]).problems).toEqual([{ kind: 'missing', from: 2, to: 2 }]);
    expect(check([a, b]).problems).toEqual([{ kind: 'missing', from: 3, to: 3 }]);
  });
});

describe('the audit log in storage', () => {
  it('takes concurrent entries from two instances into one unbroken chain', async () => {
    const committeeId = `c${randomUUID().slice(0, 8)}`;
    await Promise.all(
      Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? one : two).audit.append(entry(committeeId, i))),
    );
    const report = await verifyAuditChain(one.auditChain, committeeId);
    expect(report).toMatchObject({ ok: true, rows: 60, first: 1, problems: [] });
    expect(report.head.seq).toBe(60);
    const listed = await two.audit.list(committeeId, { limit: 1000 });
    expect(listed).toHaveLength(60);
    expect(new Set(listed.map((e) => e.details.revision)).size).toBe(60);
  });

  it('stays one chain when two instances take turns, each remembering a head the other has moved', async () => {
    const committeeId = `c${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < 20; i++) await (i % 2 === 0 ? one : two).audit.append(entry(committeeId, i));
    const report = await verifyAuditChain(two.auditChain, committeeId);
    expect(report).toMatchObject({ ok: true, rows: 20, first: 1, problems: [] });
    const listed = await one.audit.list(committeeId, { limit: 100 });
    expect(listed.map((e) => e.details.revision)).toEqual(Array.from({ length: 20 }, (_, i) => 19 - i));
  });

  it('finds a row edited in storage, and the command says which and fails', async () => {
    const own = `a${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const storage = await openStorage(target, own);
    try {
      for (let i = 0; i < 5; i++) await storage.audit.append(entry('an', i));
      const whole = await verifyCommand(own);
      expect(whole.code).toBe(0);
      expect(whole.out).toContain('Granskningsloggen är hel: 5 rader (1–5).');
      // Someone changes the revision a row records, directly in the table.
      await createTableClient({ kind: 'connectionString', connectionString }, `${own}audit`).updateEntity(
        {
          partitionKey: 'an',
          rowKey: auditRowKey(3),
          details: JSON.stringify({ unitId: 'amc', periodId: '2024-08', revision: 99 }),
        },
        'Merge',
      );
      const { code, out } = await verifyCommand(own);
      expect(code).toBe(8);
      expect(out).toContain('Granskningsloggen är bruten');
      expect(out).toContain('Rad 3 har ändrats efter att den skrevs.');
    } finally {
      await storage.close();
    }
  });

  it('finds a changed name, a deleted row and a row rewritten with a fresh hash', async () => {
    const committeeId = `c${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < 6; i++) await one.audit.append(entry(committeeId, i));
    await table.updateEntity(
      { partitionKey: committeeId, rowKey: auditRowKey(2), actorName: 'Erik' },
      'Merge',
    );
    await table.deleteEntity(committeeId, auditRowKey(4));
    // A careful forger recomputes the edited row's own hash: the next row's link still breaks.
    const row5 = await table.getEntity<Record<string, unknown>>(committeeId, auditRowKey(5));
    const forged = chainRow(
      { seq: 4, hash: String(row5.prevHash) },
      {
        at: String(row5.at),
        action: 'answer.saved',
        outcome: 'ok',
        details: '{"forged":true}',
        actorId: 'x',
        actorName: 'X',
        salt: 's',
      },
    );
    await table.updateEntity({ partitionKey: committeeId, rowKey: auditRowKey(5), ...forged }, 'Replace');
    const report = await verifyAuditChain(one.auditChain, committeeId);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual(
      expect.arrayContaining([
        { kind: 'changed', seq: 2 },
        { kind: 'missing', from: 4, to: 4 },
        { kind: 'changed', seq: 5 },
      ]),
    );
  });

  it('stays whole when a person is anonymised and when gallring removes the oldest rows', async () => {
    const committeeId = `c${randomUUID().slice(0, 8)}`;
    const leaver = { aadObjectId: `leaver-${randomUUID().slice(0, 6)}`, name: 'Lena Slutat' };
    for (let i = 0; i < 8; i++)
      await one.audit.append(entry(committeeId, i, i % 3 === 0 ? leaver : undefined));
    expect(
      (await one.privacy.erase({ aadObjectId: leaver.aadObjectId, addresses: [] }, 'anonym-test', false))
        .anonymised.audit,
    ).toBe(3);
    let report = await verifyAuditChain(one.auditChain, committeeId);
    expect(report).toMatchObject({ ok: true, rows: 8, anonymised: 3 });
    const listed = await one.audit.list(committeeId);
    expect(listed.filter((e) => e.actor?.name === 'Lena Slutat')).toHaveLength(0);
    expect(listed.filter((e) => e.actor?.aadObjectId === 'anonym-test')).toHaveLength(3);

    // Rows 1–4 were written before 08:00:04.
    const cutoff = new Date(Date.UTC(2024, 8, 3, 8, 0, 4)).toISOString();
    expect(await one.privacy.purge({ kind: 'audit', committeeId, before: cutoff }, 100, true)).toBe(4);
    expect(await verifyAuditChain(one.auditChain, committeeId)).toMatchObject({ rows: 8 });
    expect(await one.privacy.purge({ kind: 'audit', committeeId, before: cutoff }, 3, false)).toBe(3);
    expect(await one.privacy.purge({ kind: 'audit', committeeId, before: cutoff }, 100, false)).toBe(1);
    expect(await one.privacy.purge({ kind: 'audit', committeeId, before: cutoff }, 100, false)).toBe(0);
    report = await verifyAuditChain(two.auditChain, committeeId);
    expect(report).toMatchObject({ ok: true, rows: 4, first: 5, anchor: { seq: 4 } });
    // Appending goes on from the head.
    await two.audit.append(entry(committeeId, 30));
    expect(await verifyAuditChain(one.auditChain, committeeId)).toMatchObject({ ok: true, rows: 5 });
    // Deleting the oldest remaining row outside gallring is still found.
    await table.deleteEntity(committeeId, auditRowKey(5));
    expect((await verifyAuditChain(one.auditChain, committeeId)).problems).toEqual([
      { kind: 'missing', from: 5, to: 5 },
    ]);
  });
});
