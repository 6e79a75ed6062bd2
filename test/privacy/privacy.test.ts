/**
 * Records and data protection against Azurite, through the commands as README documents them:
 * gallring (bounded, idempotent, also the app's own pass), registerutdrag, erasure of one person,
 * and the period export for utlämnande and e-arkiv.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { personRefusalKey } from '../../src/audit/refusal-throttle.js';
import { verifyAuditChain } from '../../src/audit/verify.js';
import { runPrivacyCli } from '../../src/cli/privacy.js';
import { shippedConfigDir } from '../../src/config/settings.js';
import type { Actor } from '../../src/followup/ports.js';
import { startApp } from '../../src/index.js';
import { PERIOD_FILES } from '../../src/privacy/period-export.js';
import { PERSON_COLUMNS } from '../../src/privacy/person.js';
import { silentLogger } from '../../src/shared/logger.js';
import { openStorage, type Storage } from '../../src/storage/index.js';
import { cliDeps } from '../support/cli.js';

const connectionString = () => inject('azuriteConnectionString');
const NOW = new Date('2025-02-10T09:00:00Z');
const anna: Actor = { aadObjectId: 'demo-chef-amc', name: 'Anna Lind' };

/** Runs one of the commands on a table prefix, with the retention settings given. */
async function run(
  prefix: string,
  command: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  const { deps, stdout, stderr } = cliDeps(
    { STORAGE_CONNECTION_STRING: connectionString(), TABLE_PREFIX: prefix, ...env },
    () => NOW,
  );
  const code = await runPrivacyCli(command, args, deps);
  return { code, out: stdout.text(), err: stderr.text() };
}

const newPrefix = () => `p${randomUUID().replace(/-/g, '').slice(0, 12)}`;

async function saveAnswer(storage: Storage, periodId: string, by: Actor, text: string, unitId = 'amc') {
  const key = { committeeId: 'an', periodId, unitId, item: 'assignments' as const };
  const current = await storage.answers.get(key);
  const result = await storage.answers.save({
    ...key,
    expectedRevision: current?.revision ?? 0,
    state: 'draft',
    payload: { items: { aktivitetsplikt: { status: 'pagar', comment: text } } },
    answeredBy: by,
    answeredAt: `${periodId}-20T08:00:00.000Z`,
    activityId: randomUUID(),
  });
  expect(result.kind).toBe('saved');
}

async function decide(storage: Storage, periodId: string, by: Actor, motivation: string) {
  const current = await storage.decisions.get('an', periodId, 'hog-egenforsorjningsgrad');
  const result = await storage.decisions.decide({
    committeeId: 'an',
    periodId,
    goalId: 'hog-egenforsorjningsgrad',
    statusId: 'uppfylls-delvis',
    motivation,
    proposedStatusId: 'uppfylls',
    decidedBy: by,
    decidedAt: `${periodId}-25T08:00:00.000Z`,
    expectedRevision: current?.revision ?? 0,
    activityId: null,
  });
  expect(result.kind).toBe('saved');
}

async function audit(storage: Storage, at: string, by: Actor | null, periodId: string) {
  await storage.audit.append({
    committeeId: 'an',
    at,
    actor: by,
    action: 'answer.saved',
    outcome: 'ok',
    details: { unitId: 'amc', periodId, revision: 1 },
  });
}

async function remind(storage: Storage, periodId: string, aadObjectId: string) {
  const key = { committeeId: 'an', periodId, kind: 'before-2', aadObjectId };
  expect(
    await storage.reminders.claim(
      key,
      'test',
      `${periodId}-05T08:00:00.000Z`,
      `${periodId}-05T09:00:00.000Z`,
    ),
  ).toBe(true);
  await storage.reminders.mark(key, 'test', 'sent', `${periodId}-05T08:00:01.000Z`);
}

async function link(storage: Storage, aadObjectId: string, expiresAt: string) {
  await storage.links.issue({
    id: randomBytes(32).toString('base64url'),
    purpose: 'report',
    periodId: '2024-08',
    format: 'docx',
    aadObjectId,
    issuedAt: expiresAt,
    expiresAt,
  });
}

/** A report file offered in Teams to the person, as the bot stores it between the card and the answer. */
async function offer(storage: Storage, aadObjectId: string, expiresAt: number): Promise<string> {
  const id = randomUUID();
  await storage.files.put({
    id,
    fileName: 'Delårsrapport 2 2024.docx',
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    bytes: randomBytes(70_000),
    aadObjectId,
    expiresAt,
  });
  return id;
}

describe('gallring', () => {
  const prefix = newPrefix();
  let storage: Storage;
  const retention = {
    RETENTION_ANSWERS_DAYS: '200',
    RETENTION_AUDIT_DAYS: '200',
    RETENTION_REMINDERS_DAYS: '200',
    RETENTION_CONTACTS_DAYS: '90',
    RETENTION_PAUSES_DAYS: '30',
    RETENTION_LINKS_DAYS: '7',
  };
  const gone = 'person-som-slutat';
  let expiredOffer = '';
  let liveOffer = '';

  beforeAll(async () => {
    storage = await openStorage({ kind: 'connectionString', connectionString: connectionString() }, prefix);
    // March 2024 locked in April 2024, more than 200 days before NOW; August 2024 did not.
    for (const periodId of ['2024-03', '2024-08']) {
      await saveAnswer(storage, periodId, anna, `Första ${periodId}`);
      await saveAnswer(storage, periodId, anna, `Andra ${periodId}`);
      await decide(storage, periodId, anna, `Motivering ${periodId}`);
      await remind(storage, periodId, anna.aadObjectId);
    }
    for (const at of ['2024-03-20T08:00:00.000Z', '2024-04-01T08:00:00.000Z', '2025-01-20T08:00:00.000Z'])
      await audit(storage, at, anna, at.slice(0, 7));
    const reference = { serviceUrl: 'http://127.0.0.1:1/', conversation: { id: 'x' } };
    await storage.conversations.put({
      aadObjectId: anna.aadObjectId,
      reference,
      updatedAt: '2024-01-01T00:00:00.000Z',
    });
    await storage.conversations.put({ aadObjectId: gone, reference, updatedAt: '2024-01-01T00:00:00.000Z' });
    await storage.conversations.put({
      aadObjectId: 'nyss-slutat',
      reference,
      updatedAt: '2025-02-01T00:00:00.000Z',
    });
    await storage.welcomes.claim('conversation-gone', gone, '2024-01-01T00:00:00.000Z');
    await storage.welcomes.claim('conversation-anna', anna.aadObjectId, '2024-01-01T00:00:00.000Z');
    await storage.identities.put({
      address: 'slutat@example.se',
      aadObjectId: gone,
      resolvedAt: '2024-01-01T00:00:00.000Z',
    });
    await storage.identities.put({
      address: 'anna.lind@example.se',
      aadObjectId: anna.aadObjectId,
      resolvedAt: '2024-01-01T00:00:00.000Z',
    });
    const pause = { reason: 'paused' as const, setBy: anna.aadObjectId, setAt: '2024-04-01T00:00:00.000Z' };
    await storage.pauses.put({ aadObjectId: anna.aadObjectId, until: '2024-05-01', ...pause });
    await storage.pauses.put({ aadObjectId: 'demo-chef-amf', until: '2025-03-01', ...pause });
    await storage.snoozes.put({
      aadObjectId: 'demo-chef-amf',
      until: '2024-05-02',
      setAt: '2024-05-01T00:00:00.000Z',
    });
    await link(storage, 'demo-controller', '2024-01-01T00:00:00.000Z');
    await link(storage, 'demo-controller', new Date(Date.now() + 60_000).toISOString());
    expiredOffer = await offer(storage, 'demo-controller', Date.now() - 60_000);
    liveOffer = await offer(storage, 'demo-controller', Date.now() + 3_600_000);
    await storage.refusals.increment(personRefusalKey(gone), '2024-01-01T10', 5);
  }, 60_000);

  afterAll(async () => {
    await storage?.close();
  });

  it('with --dry-run says what it would remove and removes nothing', async () => {
    const { code, out } = await run(prefix, 'gallring', ['--dry-run'], retention);
    expect(code).toBe(0);
    expect(out).toContain('Skulle ta bort');
    expect(out).toContain('Svar med historik, mars 2024');
    expect(out).toContain('Granskningslogg före');
    expect(await storage.answers.listPeriod('an', '2024-03')).toHaveLength(1);
    expect(await storage.conversations.get(gone)).not.toBeNull();
  });

  it('removes what has passed its time, at most --max rows a run, and nothing twice', async () => {
    const bounded = await run(prefix, 'gallring', ['--max', '3'], retention);
    expect(bounded.code).toBe(0);
    expect(bounded.out).toContain('Tog bort 3 rader');
    expect(bounded.out).toContain('Gränsen på 3 rader nåddes');

    const rest = await run(prefix, 'gallring', [], retention);
    expect(rest.code).toBe(0);
    expect(rest.out).not.toContain('Gränsen');

    const again = await run(prefix, 'gallring', [], retention);
    expect(again.out).toContain('Inget har passerat sin lagringstid.');
  });

  it('kept what is within its time, and what belongs to people still in the organisation', async () => {
    const key = { committeeId: 'an', periodId: '2024-03', unitId: 'amc', item: 'assignments' as const };
    expect(await storage.answers.listPeriod('an', '2024-03')).toEqual([]);
    expect(await storage.answers.history(key)).toEqual([]);
    expect(await storage.decisions.listPeriod('an', '2024-03')).toEqual([]);
    expect(await storage.reminders.list('an', '2024-03')).toEqual([]);
    expect(await storage.answers.history({ ...key, periodId: '2024-08' })).toHaveLength(2);
    expect(await storage.decisions.listPeriod('an', '2024-08')).toHaveLength(1);
    expect(await storage.reminders.list('an', '2024-08')).toHaveLength(1);

    expect(await storage.conversations.get(gone)).toBeNull();
    expect(await storage.conversations.get('nyss-slutat')).not.toBeNull();
    expect(await storage.conversations.get(anna.aadObjectId)).not.toBeNull();
    expect((await storage.identities.list()).map((i) => i.address)).toEqual(['anna.lind@example.se']);
    expect(await storage.pauses.get(anna.aadObjectId)).toBeNull();
    expect(await storage.pauses.get('demo-chef-amf')).not.toBeNull();
    expect(await storage.snoozes.get('demo-chef-amf')).toBeNull();
    expect(await storage.privacy.rowsAbout({ aadObjectId: gone, addresses: [] })).toEqual([]);
    const links = await storage.privacy.rowsAbout({ aadObjectId: 'demo-controller', addresses: [] });
    expect(links.filter((r) => r.table === 'links')).toHaveLength(1);
    // The offered report file whose hour is over is gone with its bytes; the live offer stays.
    expect(links.filter((r) => r.table === 'files').map((r) => r.partitionKey)).toEqual([liveOffer]);
    expect((await storage.files.get(expiredOffer, 0)).kind).toBe('gone');
    expect((await storage.files.get(liveOffer, Date.now())).kind).toBe('offered');
  });

  it('left the audit chain whole, starting after the removed rows, with the gallring itself recorded', async () => {
    const report = await verifyAuditChain(storage.auditChain, 'an');
    expect(report.ok).toBe(true);
    expect(report.anchor.seq).toBe(2);
    const entries = await storage.audit.list('an');
    expect(entries.map((e) => e.at)).not.toContain('2024-03-20T08:00:00.000Z');
    expect(entries).toContainEqual(
      expect.objectContaining({
        action: 'gallring',
        outcome: 'ok',
        details: expect.objectContaining({ audit: 2 }),
      }),
    );
    expect((await run(prefix, 'granskningslogg', [])).code).toBe(0);
  });

  it('runs in the app too, with the same rules', async () => {
    await link(storage, 'demo-controller', '2024-02-01T00:00:00.000Z');
    const app = await startApp(
      {
        PORT: '0',
        STORAGE_CONNECTION_STRING: connectionString(),
        TABLE_PREFIX: prefix,
        REMINDER_SCHEDULER: 'off',
        RETENTION_SCHEDULER: 'off',
        FOLLOWUP_NOW: NOW.toISOString(),
        ...retention,
      },
      silentLogger,
    );
    try {
      const report = await app.retention.runOnce();
      expect(report.removed).toEqual([{ label: 'Utgångna nedladdningslänkar', rows: 1 }]);
      expect((await app.retention.runOnce()).total).toBe(0);
    } finally {
      await app.stop();
    }
  });
});

describe('gallring for people given by address alone', () => {
  it('keeps the contacts of someone whose object id the bot learnt', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'uppf-org-'));
    await cp(shippedConfigDir, dir, { recursive: true });
    const file = path.join(dir, 'organisation.yaml');
    // Anna by UPN only: the bot learnt her object id when she first wrote.
    await writeFile(file, (await readFile(file, 'utf8')).replace('aadObjectId: demo-chef-amc, ', ''));
    const prefix = newPrefix();
    const storage = await openStorage(
      { kind: 'connectionString', connectionString: connectionString() },
      prefix,
    );
    try {
      const learnt = 'a1b2c3d4-0000-4000-8000-00000000a11a';
      await storage.identities.put({
        address: 'anna.lind@example.se',
        aadObjectId: learnt,
        resolvedAt: '2024-01-01T00:00:00.000Z',
      });
      const reference = { serviceUrl: 'http://127.0.0.1:1/', conversation: { id: 'anna' } };
      await storage.conversations.put({
        aadObjectId: learnt,
        reference,
        updatedAt: '2024-01-01T00:00:00.000Z',
      });
      const { code } = await run(prefix, 'gallring', [], { CONFIG_DIR: dir, RETENTION_CONTACTS_DAYS: '30' });
      expect(code).toBe(0);
      expect(await storage.conversations.get(learnt)).not.toBeNull();
      expect((await storage.identities.list()).map((i) => i.aadObjectId)).toEqual([learnt]);
    } finally {
      await storage.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('one person', () => {
  const prefix = newPrefix();
  let storage: Storage;
  let dir: string;
  const leaver: Actor = { aadObjectId: 'person-som-slutat', name: 'Lena Slutat' };
  let leaverOffer = '';

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'uppf-privacy-'));
    storage = await openStorage({ kind: 'connectionString', connectionString: connectionString() }, prefix);
    await saveAnswer(storage, '2024-08', leaver, 'Lenas text om uppdraget');
    await saveAnswer(storage, '2024-08', anna, 'Annas ändring');
    await decide(storage, '2024-08', leaver, 'Lenas motivering');
    await audit(storage, '2024-08-20T08:00:00.000Z', leaver, '2024-08');
    await audit(storage, '2024-08-21T08:00:00.000Z', anna, '2024-08');
    await remind(storage, '2024-08', leaver.aadObjectId);
    const reference = { serviceUrl: 'http://127.0.0.1:1/', conversation: { id: 'lena' } };
    await storage.conversations.put({
      aadObjectId: leaver.aadObjectId,
      reference,
      updatedAt: '2024-08-01T00:00:00.000Z',
    });
    await storage.pauses.put({
      aadObjectId: leaver.aadObjectId,
      until: '2024-09-01',
      reason: 'paused',
      setBy: leaver.aadObjectId,
      setAt: '2024-08-01T00:00:00.000Z',
    });
    await storage.pauses.put({
      aadObjectId: 'demo-chef-amf',
      until: '2024-09-01',
      reason: 'absent',
      setBy: leaver.aadObjectId,
      setAt: '2024-08-01T00:00:00.000Z',
    });
    await storage.snoozes.put({
      aadObjectId: leaver.aadObjectId,
      until: '2024-08-02',
      setAt: '2024-08-01T00:00:00.000Z',
    });
    await storage.welcomes.claim('conversation-lena', leaver.aadObjectId, '2024-08-01T00:00:00.000Z');
    await storage.identities.put({
      address: 'lena.slutat@example.se',
      aadObjectId: leaver.aadObjectId,
      resolvedAt: '2024-08-01T00:00:00.000Z',
    });
    await link(storage, leaver.aadObjectId, '2024-08-20T08:30:00.000Z');
    leaverOffer = await offer(storage, leaver.aadObjectId, Date.now() + 3_600_000);
    await storage.refusals.increment(personRefusalKey(leaver.aadObjectId), '2024-08-20T10', 5);
  }, 60_000);

  afterAll(async () => {
    await storage?.close();
  });

  it('registerutdrag: everything stored about the person, with the documented columns, found by address too', async () => {
    const file = path.join(dir, 'lena.csv');
    const { code, out } = await run(prefix, 'registerutdrag', [
      '--person',
      'Lena.Slutat@example.se',
      '--out',
      file,
    ]);
    expect(code).toBe(0);
    expect(out).toContain('Registerutdrag för person-som-slutat');
    const csv = await readFile(file, 'utf8');
    const [header, ...lines] = csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(header).toBe(PERSON_COLUMNS.map((c) => c.name).join(';'));
    const json = JSON.parse(await readFile(path.join(dir, 'lena.json'), 'utf8')) as {
      rader: { tabell: string; uppgifter: Record<string, unknown> }[];
    };
    expect(json.rader).toHaveLength(lines.length);
    expect(new Set(json.rader.map((r) => r.tabell))).toEqual(
      new Set([
        'answers',
        'decisions',
        'audit',
        'reminders',
        'conversations',
        'pauses',
        'snoozes',
        'welcomes',
        'identities',
        'links',
        'refusals',
        'files',
      ]),
    );
    expect(csv).toContain('Delårsrapport 2 2024.docx');
    expect(csv).toContain('Lenas text om uppdraget');
    expect(csv).toContain('Lenas motivering');
    expect(csv).not.toContain('Annas ändring');
  });

  it('erasure refuses someone still in the organisation, and changes nothing', async () => {
    const before = await storage.privacy.rowsAbout({ aadObjectId: anna.aadObjectId, addresses: [] });
    const { code, err } = await run(prefix, 'anonymisera', ['--person', anna.aadObjectId]);
    expect(code).toBe(6);
    expect(err).toContain('Personen finns kvar i organisation.yaml');
    expect(await storage.privacy.rowsAbout({ aadObjectId: anna.aadObjectId, addresses: [] })).toEqual(before);
  });

  it('erasure removes the person everywhere, keeps the records under a pseudonym and the chain whole', async () => {
    const person = { aadObjectId: leaver.aadObjectId, addresses: ['lena.slutat@example.se'] };
    const dry = await run(prefix, 'anonymisera', [
      '--person',
      leaver.aadObjectId,
      '--dry-run',
      '--by',
      'Registrator',
    ]);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('Skulle ändra');
    expect((await storage.privacy.rowsAbout(person)).length).toBeGreaterThan(10);

    const done = await run(prefix, 'anonymisera', [
      '--person',
      'lena.slutat@example.se',
      '--by',
      'Registrator',
    ]);
    expect(done.code).toBe(0);
    expect(done.out).toContain('Borttaget:');
    expect(done.out).toContain('Anonymiserat:');
    expect(await storage.privacy.rowsAbout(person)).toEqual([]);
    expect((await storage.files.get(leaverOffer, Date.now())).kind).toBe('gone');

    // The committee's records stay, with their content; who wrote them is gone.
    const key = { committeeId: 'an', periodId: '2024-08', unitId: 'amc', item: 'assignments' as const };
    const history = await storage.answers.history<{ items: { aktivitetsplikt: { comment: string } } }>(key);
    expect(history.map((h) => h.payload.items.aktivitetsplikt.comment)).toEqual([
      'Lenas text om uppdraget',
      'Annas ändring',
    ]);
    expect(history[0]?.answeredBy.name).toBe('Borttagen person');
    expect(history[0]?.answeredBy.aadObjectId).toMatch(/^anonym-[0-9a-f]{12}$/);
    expect(history[1]?.answeredBy).toEqual(anna);
    expect((await storage.decisions.get('an', '2024-08', 'hog-egenforsorjningsgrad'))?.decidedBy.name).toBe(
      'Borttagen person',
    );
    expect((await storage.pauses.get('demo-chef-amf'))?.setBy).toBe(history[0]?.answeredBy.aadObjectId);

    const report = await verifyAuditChain(storage.auditChain, 'an');
    expect(report).toMatchObject({ ok: true, anonymised: 1 });
    const erased = (await storage.audit.list('an')).find((e) => e.action === 'person.erased');
    expect(erased?.actor).toEqual({ aadObjectId: 'cli:Registrator', name: 'Registrator' });
    expect(JSON.stringify(erased)).not.toContain(leaver.aadObjectId);

    const again = await run(prefix, 'anonymisera', ['--person', leaver.aadObjectId]);
    expect(again.out).toContain('Inget sparat om person-som-slutat.');
  });
});

describe('periodutdrag', () => {
  it('writes every version of the period with documented columns and checksums', async () => {
    const prefix = newPrefix();
    const storage = await openStorage(
      { kind: 'connectionString', connectionString: connectionString() },
      prefix,
    );
    const dir = await mkdtemp(path.join(tmpdir(), 'uppf-period-'));
    try {
      await saveAnswer(storage, '2024-08', anna, 'Första; med "citat"\noch radbrytning');
      await saveAnswer(storage, '2024-08', anna, 'Andra');
      await saveAnswer(
        storage,
        '2024-08',
        { aadObjectId: 'demo-chef-amf', name: 'Karin Holm' },
        'AMF',
        'amf',
      );
      await saveAnswer(storage, '2024-07', anna, 'Juli ska inte med');
      await decide(storage, '2024-08', anna, '=HYPERLINK("http://example.invalid")');
      await remind(storage, '2024-08', anna.aadObjectId);
      await audit(storage, '2024-08-20T08:00:00.000Z', anna, '2024-08');
      await audit(storage, '2024-07-20T08:00:00.000Z', anna, '2024-07');

      const { code, out } = await run(prefix, 'periodutdrag', ['--period', '2024-08', '--out', dir]);
      expect(code).toBe(0);
      expect(out).toContain(
        'Augusti 2024 – delår 2: 3 svarsversioner, 1 beslutsversioner, 1 påminnelser, 1 rader ur granskningsloggen.',
      );
      expect((await readdir(dir)).sort()).toEqual(
        [
          'beslut.csv',
          'granskningslogg.csv',
          'innehall.json',
          'paminnelser.csv',
          'svar.csv',
          'utdrag.json',
        ].sort(),
      );
      const read = (name: string) => readFile(path.join(dir, name), 'utf8');
      for (const [name, columns] of Object.entries(PERIOD_FILES)) {
        const text = await read(name);
        expect(text.startsWith('\uFEFF')).toBe(true);
        expect(text.slice(1).split('\r\n')[0]).toBe(columns.map((c) => c.name).join(';'));
      }
      const svar = await read('svar.csv');
      expect(svar).not.toContain('Juli ska inte med');
      expect(svar).toContain(';2;ja;draft;demo-chef-amc;Anna Lind;');
      expect(svar).toContain(';1;nej;draft;demo-chef-amc;Anna Lind;');
      // A text Excel would run as a formula stays text.
      expect(await read('beslut.csv')).toContain(`;"'=HYPERLINK(""http://example.invalid"")";`);
      const utdrag = JSON.parse(await read('utdrag.json')) as { beslut: { motivation: string }[] };
      expect(utdrag.beslut[0]?.motivation).toBe('=HYPERLINK("http://example.invalid")');
      const contents = JSON.parse(await read('innehall.json')) as {
        filer: { namn: string; sha256: string; rader?: number }[];
      };
      for (const f of contents.filer.filter((x) => x.namn !== 'innehall.json')) {
        expect(
          createHash('sha256')
            .update(await read(f.namn), 'utf8')
            .digest('hex'),
        ).toBe(f.sha256);
      }
      expect(contents.filer.find((f) => f.namn === 'svar.csv')?.rader).toBe(3);
    } finally {
      await storage.close();
    }
  });
});
