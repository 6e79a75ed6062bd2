/**
 * A save is audited by its own history row: the versions of an answer (and of a decision) form a
 * hash chain per item, written in the save's one transaction. Against Azurite: an edited version,
 * a deleted newest version and an edited current row are found by the verify command; erasure
 * keeps the chains whole; a save based on the row just read is one storage request, and still
 * never overwrites a version it did not see.
 */
import { randomUUID } from 'node:crypto';
import diagnostics from 'node:diagnostics_channel';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { verifyAuditChain } from '../../src/audit/verify.js';
import { runPrivacyCli } from '../../src/cli/privacy.js';
import type { Actor, AnswerKey } from '../../src/followup/ports.js';
import { openStorage, type Storage, type StorageTarget } from '../../src/storage/index.js';
import { createTableClient } from '../../src/storage/tables.js';

const connectionString = inject('azuriteConnectionString');
const target: StorageTarget = { kind: 'connectionString', connectionString };
const prefix = `v${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const anna: Actor = { aadObjectId: 'demo-chef-amc', name: 'Anna Lind' };
let one: Storage;
let two: Storage;
/** What someone with access to the storage account could do, bypassing the app. */
const answersTable = createTableClient(target, `${prefix}answers`);

beforeAll(async () => {
  one = await openStorage(target, prefix);
  two = await openStorage(target, prefix);
});

afterAll(async () => {
  await one?.close();
  await two?.close();
});

const keyIn = (committeeId: string, unitId = 'amc'): AnswerKey => ({
  committeeId,
  periodId: '2024-08',
  unitId,
  item: 'assignments',
});

async function save(storage: Storage, key: AnswerKey, text: string, by: Actor = anna, expected?: number) {
  const revision = expected ?? (await storage.answers.get(key))?.revision ?? 0;
  return storage.answers.save({
    ...key,
    expectedRevision: revision,
    state: 'draft',
    payload: { items: { aktivitetsplikt: { status: 'pagar', comment: text } } },
    answeredBy: by,
    answeredAt: new Date().toISOString(),
    activityId: randomUUID(),
  });
}

async function saveThree(committeeId: string): Promise<AnswerKey> {
  const key = keyIn(committeeId);
  for (const text of ['Första', 'Andra', 'Tredje']) expect((await save(one, key, text)).kind).toBe('saved');
  return key;
}

/** The table's keys for a version: `an|2024-08` and `h|amc|assignments|000002`. */
const historyKey = (key: AnswerKey, revision: number) => ({
  partitionKey: `${key.committeeId}|${key.periodId}`,
  rowKey: `h|${key.unitId}|${key.item}|${String(revision).padStart(6, '0')}`,
});

/** Runs `npm run granskningslogg` for the shipped configuration's committee, `an`. */
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

describe('the saved versions as their own audit', () => {
  it('verify whole after saves, and the audit lists each save with who, when and what', async () => {
    const committeeId = `c${randomUUID().slice(0, 8)}`;
    await saveThree(committeeId);
    const report = await verifyAuditChain(one.auditChain, committeeId);
    expect(report).toMatchObject({ ok: true, versions: 3, problems: [] });
    const listed = await two.audit.list(committeeId);
    expect(listed.map((e) => [e.action, e.actor?.name, e.details.revision])).toEqual([
      ['answer.saved', 'Anna Lind', 3],
      ['answer.saved', 'Anna Lind', 2],
      ['answer.saved', 'Anna Lind', 1],
    ]);
    expect(listed[0]?.details).toMatchObject({ unitId: 'amc', periodId: '2024-08', item: 'assignments' });
  });

  it('finds a version edited in storage, and the command says which and fails', async () => {
    const own = `v${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const storage = await openStorage(target, own);
    try {
      const key = keyIn('an');
      for (const text of ['Första', 'Andra', 'Tredje'])
        expect((await save(storage, key, text)).kind).toBe('saved');
      const whole = await verifyCommand(own);
      expect(whole.code).toBe(0);
      expect(whole.out).toContain('Granskningsloggen är hel');
      // Someone rewrites what version 2 said, directly in the table.
      await createTableClient(target, `${own}answers`).updateEntity(
        {
          ...historyKey(key, 2),
          payload0: JSON.stringify({ items: { aktivitetsplikt: { status: 'klar', comment: 'Ändrad' } } }),
        },
        'Merge',
      );
      const { code, out } = await verifyCommand(own);
      expect(code).toBe(8);
      expect(out).toContain('Granskningsloggen är bruten');
      expect(out).toContain(
        'Svaret för amc, assignments för 2024-08: version 2 har ändrats efter att den sparades.',
      );
    } finally {
      await storage.close();
    }
  });

  it('finds a changed name, a deleted version in the middle and an edited current row', async () => {
    const committeeId = `c${randomUUID().slice(0, 8)}`;
    const key = await saveThree(committeeId);
    const other = keyIn(committeeId, 'linvux');
    for (const text of ['Ett', 'Två', 'Tre']) expect((await save(one, other, text)).kind).toBe('saved');
    await answersTable.updateEntity({ ...historyKey(key, 1), actorName: 'Erik' }, 'Merge');
    await answersTable.deleteEntity(historyKey(other, 2).partitionKey, historyKey(other, 2).rowKey);
    await answersTable.updateEntity(
      { partitionKey: `${committeeId}|2024-08`, rowKey: 'c|amc|assignments', at: '2024-01-01T00:00:00.000Z' },
      'Merge',
    );
    const report = await verifyAuditChain(one.auditChain, committeeId);
    expect(report.ok).toBe(false);
    const where = { record: 'answers', where: [committeeId, '2024-08'] };
    expect(report.problems).toEqual(
      expect.arrayContaining([
        { ...where, what: ['amc', 'assignments'], kind: 'version-changed', revision: 1 },
        { ...where, what: ['linvux', 'assignments'], kind: 'version-missing', from: 2, to: 2 },
        { ...where, what: ['amc', 'assignments'], kind: 'version-current', revision: 3 },
      ]),
    );
  });

  it('finds the newest version deleted (the current row still names it)', async () => {
    const committeeId = `c${randomUUID().slice(0, 8)}`;
    const key = await saveThree(committeeId);
    await answersTable.deleteEntity(historyKey(key, 3).partitionKey, historyKey(key, 3).rowKey);
    const report = await verifyAuditChain(one.auditChain, committeeId);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      {
        record: 'answers',
        where: [committeeId, '2024-08'],
        what: ['amc', 'assignments'],
        kind: 'version-missing',
        from: 3,
        to: 3,
      },
    ]);
  });

  it('checks decisions the same way', async () => {
    const committeeId = `c${randomUUID().slice(0, 8)}`;
    for (const expectedRevision of [0, 1]) {
      const result = await one.decisions.decide({
        committeeId,
        periodId: '2024-08',
        goalId: 'hog-egenforsorjningsgrad',
        statusId: 'uppfylls-delvis',
        motivation: `Motivering ${expectedRevision}`,
        proposedStatusId: 'uppfylls',
        decidedBy: { aadObjectId: 'demo-ledning', name: 'Helena Strand' },
        decidedAt: '2024-09-10T12:03:00.000Z',
        expectedRevision,
        activityId: null,
      });
      expect(result.kind).toBe('saved');
    }
    expect(await verifyAuditChain(one.auditChain, committeeId)).toMatchObject({ ok: true, versions: 2 });
    const table = createTableClient(target, `${prefix}decisions`);
    await table.updateEntity(
      {
        partitionKey: `${committeeId}|2024-08`,
        rowKey: 'h|hog-egenforsorjningsgrad|000001',
        f_statusId: 'uppfylls',
      },
      'Merge',
    );
    expect((await verifyAuditChain(one.auditChain, committeeId)).problems).toEqual([
      {
        record: 'decisions',
        where: [committeeId, '2024-08'],
        what: ['hog-egenforsorjningsgrad'],
        kind: 'version-changed',
        revision: 1,
      },
    ]);
  });

  it('stays whole when the person who saved is anonymised, and saving goes on', async () => {
    const committeeId = `c${randomUUID().slice(0, 8)}`;
    const leaver = { aadObjectId: `leaver-${randomUUID().slice(0, 6)}`, name: 'Lena Slutat' };
    const key = keyIn(committeeId);
    expect((await save(one, key, 'Lenas', leaver)).kind).toBe('saved');
    expect((await save(one, key, 'Lenas andra', leaver)).kind).toBe('saved');
    // `one` remembers the current row as it wrote it; the erasure changes the row under it.
    const erased = await two.privacy.erase(
      { aadObjectId: leaver.aadObjectId, addresses: [] },
      'anonym-v',
      false,
    );
    expect(erased.anonymised.answers).toBe(3);
    expect(await verifyAuditChain(one.auditChain, committeeId)).toMatchObject({ ok: true, versions: 2 });
    expect((await save(one, key, 'Annas', anna, 2)).kind).toBe('saved');
    const history = await one.answers.history(key);
    expect(history.map((h) => [h.revision, h.answeredBy.name])).toEqual([
      [1, 'Borttagen person'],
      [2, 'Borttagen person'],
      [3, 'Anna Lind'],
    ]);
    expect(await verifyAuditChain(two.auditChain, committeeId)).toMatchObject({ ok: true, versions: 3 });
  });
});

describe('a save', () => {
  it('after reading the row is one storage request, the transaction', async () => {
    const key = keyIn(`c${randomUUID().slice(0, 8)}`);
    expect((await save(one, key, 'Första')).kind).toBe('saved');
    const current = await one.answers.get(key);
    let requests = 0;
    const count = () => {
      requests++;
    };
    diagnostics.subscribe('http.client.request.start', count);
    try {
      expect((await save(one, key, 'Andra', anna, current?.revision)).kind).toBe('saved');
    } finally {
      diagnostics.unsubscribe('http.client.request.start', count);
    }
    expect(requests).toBe(1);
  });

  it('never overwrites a version it did not see, though it remembered the row', async () => {
    const key = keyIn(`c${randomUUID().slice(0, 8)}`);
    expect((await save(one, key, 'Första')).kind).toBe('saved');
    await one.answers.get(key);
    // The other instance saves revision 2 meanwhile.
    expect((await save(two, key, 'Andra från två')).kind).toBe('saved');
    const stale = await save(one, key, 'Andra från ett', anna, 1);
    expect(stale.kind).toBe('conflict');
    expect(stale.kind === 'conflict' && stale.current?.revision).toBe(2);
    const history = await two.answers.history<{ items: { aktivitetsplikt: { comment: string } } }>(key);
    expect(history.map((h) => h.payload.items.aktivitetsplikt.comment)).toEqual(['Första', 'Andra från två']);
    expect(await verifyAuditChain(one.auditChain, key.committeeId)).toMatchObject({ ok: true, versions: 2 });
  });
});
