import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AnswerKey, SaveAnswer } from '../../src/followup/ports.js';
import { StorageUnavailableError } from '../../src/shared/storage-errors.js';
import { azuriteConnectionString } from '../../src/storage/azurite.js';
import { openStorage, type Storage } from '../../src/storage/index.js';
import { escapeKeyPart, joinKey, splitKey, unescapeKeyPart } from '../../src/storage/keys.js';

const chef = { aadObjectId: 'demo-chef-amc', name: 'Anna Lind' };
const deputy = { aadObjectId: 'demo-ersattare-amc', name: 'Erik Berg' };

let storage: Storage;

beforeAll(async () => {
  // A table prefix of its own, so this file never sees another file's rows.
  const prefix = `t${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  storage = await openStorage(
    { kind: 'connectionString', connectionString: inject('azuriteConnectionString') },
    prefix,
  );
});

afterAll(async () => {
  await storage.close();
});

function key(overrides: Partial<AnswerKey> = {}): AnswerKey {
  return {
    committeeId: 'an',
    periodId: `2024-${randomUUID().slice(0, 8)}`,
    unitId: 'amc',
    item: 'goal:hog-egenforsorjningsgrad',
    ...overrides,
  };
}

function change<P>(k: AnswerKey, payload: P, extra: Partial<SaveAnswer<P>> = {}): SaveAnswer<P> {
  return {
    ...k,
    expectedRevision: 0,
    state: 'draft',
    payload,
    answeredBy: chef,
    answeredAt: '2024-09-03T08:00:00.000Z',
    activityId: randomUUID(),
    ...extra,
  };
}

describe('table keys', () => {
  it('escapes every character Azure forbids and reads it back', () => {
    const nasty = 'a/b\\c#d?e%f|g\u0001h\u007fi åäö';
    const escaped = escapeKeyPart(nasty);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the forbidden characters are the point
    expect(escaped).not.toMatch(/[/\\#?|\u0000-\u001f\u007f-\u009f]/);
    expect(unescapeKeyPart(escaped)).toBe(nasty);
    expect(splitKey(joinKey('x|y', 'z/w'))).toEqual(['x|y', 'z/w']);
  });
});

describe('answers', () => {
  it('stores an answer and its first history entry, and reads both back exactly', async () => {
    const k = key({ unitId: 'enhet/med#konstiga?tecken\\' });
    const payload = {
      status: 'uppfylls-delvis',
      results: 'Fler hushåll till egen försörjning – 3 090 st',
      indicators: { x: 4.86 },
    };
    const result = await storage.answers.save(change(k, payload));
    expect(result.kind).toBe('saved');
    const stored = await storage.answers.get(k);
    expect(stored).toMatchObject({ ...k, revision: 1, state: 'draft', payload, answeredBy: chef });
    const history = await storage.answers.history(k);
    expect(history.map((h) => h.revision)).toEqual([1]);
  });

  it('refuses a write based on a stale read and leaves the stored value unchanged', async () => {
    const k = key();
    await storage.answers.save(change(k, { text: 'första' }));
    const second = await storage.answers.save(
      change(k, { text: 'andra' }, { expectedRevision: 1, answeredBy: deputy }),
    );
    expect(second.kind).toBe('saved');

    // A card that was rendered from revision 1 is submitted after revision 2 was stored.
    const stale = await storage.answers.save(change(k, { text: 'gammalt kort' }, { expectedRevision: 1 }));
    expect(stale.kind).toBe('conflict');
    if (stale.kind === 'conflict') expect(stale.current?.payload).toEqual({ text: 'andra' });

    const stored = await storage.answers.get<{ text: string }>(k);
    expect(stored?.payload.text).toBe('andra');
    expect(stored?.answeredBy).toEqual(deputy);
    expect((await storage.answers.history(k)).map((h) => h.payload)).toEqual([
      { text: 'första' },
      { text: 'andra' },
    ]);
  });

  it('refuses to create an answer that someone else created meanwhile', async () => {
    const k = key();
    await storage.answers.save(change(k, { text: 'först' }));
    const late = await storage.answers.save(change(k, { text: 'trodde jag var först' }));
    expect(late.kind).toBe('conflict');
    expect((await storage.answers.get<{ text: string }>(k))?.payload.text).toBe('först');
  });

  it('lets exactly one of two concurrent writers from the same revision win', async () => {
    const k = key();
    await storage.answers.save(change(k, { n: 0 }));
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, n) =>
        storage.answers.save(change(k, { n: n + 1 }, { expectedRevision: 1 })),
      ),
    );
    expect(results.filter((r) => r.kind === 'saved')).toHaveLength(1);
    expect(results.filter((r) => r.kind === 'conflict')).toHaveLength(5);
    const history = await storage.answers.history(k);
    expect(history.map((h) => h.revision)).toEqual([1, 2]);
    const winner = results.find((r) => r.kind === 'saved');
    expect((await storage.answers.get(k))?.payload).toEqual(
      winner?.kind === 'saved' ? winner.answer.payload : null,
    );
  });

  it('applies a replayed activity once: one history entry, the replay is recognised', async () => {
    const k = key();
    const first = change(k, { text: 'en gång' }, { activityId: 'f:activity-1' });
    expect((await storage.answers.save(first)).kind).toBe('saved');
    for (let i = 0; i < 4; i++) {
      const replay = await storage.answers.save(first);
      expect(replay.kind).toBe('duplicate');
      if (replay.kind === 'duplicate') expect(replay.answer?.revision).toBe(1);
    }
    expect(await storage.answers.history(k)).toHaveLength(1);
  });

  it('lists the current answers of one committee-period, and nothing else', async () => {
    const periodId = `2024-${randomUUID().slice(0, 8)}`;
    const a = key({ periodId, unitId: 'amc' });
    const b = key({ periodId, unitId: 'amf', item: 'economy' });
    await storage.answers.save(change(a, { v: 1 }));
    await storage.answers.save(change(a, { v: 2 }, { expectedRevision: 1 }));
    await storage.answers.save(change(b, { v: 3 }, { state: 'complete' }));
    await storage.answers.save(change(key({ unitId: 'amc' }), { v: 'annan period' }));
    const listed = await storage.answers.listPeriod(a.committeeId, periodId);
    expect(listed.map((x) => [x.unitId, x.item, x.revision, x.state, x.payload])).toEqual([
      ['amc', 'goal:hog-egenforsorjningsgrad', 2, 'draft', { v: 2 }],
      ['amf', 'economy', 1, 'complete', { v: 3 }],
    ]);
  });

  it('keeps a payload larger than one table property', async () => {
    const k = key();
    const long = 'Resultat som bidragit till utvecklingen: åäö '.repeat(3_000);
    await storage.answers.save(change(k, { long }));
    expect((await storage.answers.get<{ long: string }>(k))?.payload.long).toBe(long);
  });
});

describe('decisions', () => {
  it('keeps every decision with who and when, and the latest as current', async () => {
    const periodId = `2024-${randomUUID().slice(0, 8)}`;
    const base = {
      committeeId: 'an',
      periodId,
      goalId: 'hog-egenforsorjningsgrad',
      proposedStatusId: 'uppfylls-delvis',
      decidedBy: { aadObjectId: 'demo-ledning', name: 'Maria Ek' },
      activityId: null,
    };
    const first = await storage.decisions.decide({
      ...base,
      expectedRevision: 0,
      statusId: 'uppfylls-delvis',
      motivation: 'Två av tre indikatorer når målvärdet.',
      decidedAt: '2024-09-10T09:00:00.000Z',
    });
    expect(first.kind).toBe('saved');
    const stale = await storage.decisions.decide({
      ...base,
      expectedRevision: 0,
      statusId: 'uppfylls',
      motivation: 'x',
      decidedAt: '2024-09-10T09:01:00.000Z',
    });
    expect(stale.kind).toBe('conflict');
    await storage.decisions.decide({
      ...base,
      expectedRevision: 1,
      statusId: 'uppfylls',
      motivation: 'Utfallet för augusti visar att målet nås.',
      decidedAt: '2024-09-11T09:00:00.000Z',
    });
    expect(await storage.decisions.get('an', periodId, 'hog-egenforsorjningsgrad')).toMatchObject({
      revision: 2,
      statusId: 'uppfylls',
      proposedStatusId: 'uppfylls-delvis',
      decidedBy: { aadObjectId: 'demo-ledning' },
    });
    const history = await storage.decisions.history('an', periodId, 'hog-egenforsorjningsgrad');
    expect(history.map((d) => d.statusId)).toEqual(['uppfylls-delvis', 'uppfylls']);
    expect(await storage.decisions.listPeriod('an', periodId)).toHaveLength(1);
  });
});

describe('conversations', () => {
  it('stores, replaces, lists and removes a conversation reference', async () => {
    const id = `user-${randomUUID()}`;
    const reference = { serviceUrl: 'https://smba.trafficmanager.net/emea/', conversation: { id: 'a:1' } };
    await storage.conversations.put({ aadObjectId: id, reference, updatedAt: '2024-09-01T08:00:00Z' });
    await storage.conversations.put({
      aadObjectId: id,
      reference: { ...reference, serviceUrl: 'https://smba.trafficmanager.net/se/' },
      updatedAt: '2024-09-02T08:00:00Z',
    });
    expect((await storage.conversations.get(id))?.reference.serviceUrl).toBe(
      'https://smba.trafficmanager.net/se/',
    );
    expect((await storage.conversations.list()).filter((c) => c.aadObjectId === id)).toHaveLength(1);
    await storage.conversations.remove(id);
    expect(await storage.conversations.get(id)).toBeNull();
  });
});

describe('reminder log', () => {
  it('gives a reminder to one sender at a time and never again once sent', async () => {
    const k = {
      committeeId: 'an',
      periodId: `2024-${randomUUID().slice(0, 8)}`,
      kind: 'deadline',
      aadObjectId: 'demo-chef-amc',
    };
    const now = '2024-09-06T07:00:00.000Z';
    const until = '2024-09-06T07:05:00.000Z';
    const claims = await Promise.all([
      storage.reminders.claim(k, 'instans-a', now, until),
      storage.reminders.claim(k, 'instans-b', now, until),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    const owner = claims[0] ? 'instans-a' : 'instans-b';
    await storage.reminders.mark(k, owner, 'sent', now);
    expect(
      await storage.reminders.claim(k, 'instans-c', '2024-09-07T07:00:00.000Z', '2024-09-07T07:05:00.000Z'),
    ).toBe(false);
    expect((await storage.reminders.list(k.committeeId, k.periodId))[0]).toMatchObject({
      state: 'sent',
      kind: 'deadline',
    });
  });

  it('lets a new sender take over an expired claim, and retry an unreachable person', async () => {
    const k = {
      committeeId: 'an',
      periodId: `2024-${randomUUID().slice(0, 8)}`,
      kind: 'overdue',
      aadObjectId: 'demo-chef-amf',
    };
    expect(await storage.reminders.claim(k, 'kraschad', '2024-09-09T07:00:00Z', '2024-09-09T07:05:00Z')).toBe(
      true,
    );
    expect(await storage.reminders.claim(k, 'ny', '2024-09-09T07:01:00Z', '2024-09-09T07:06:00Z')).toBe(
      false,
    );
    expect(await storage.reminders.claim(k, 'ny', '2024-09-09T07:10:00Z', '2024-09-09T07:15:00Z')).toBe(true);
    await storage.reminders.mark(k, 'ny', 'unreachable', '2024-09-09T07:10:01Z', '403 boten är blockerad');
    expect(await storage.reminders.claim(k, 'senare', '2024-09-10T07:00:00Z', '2024-09-10T07:05:00Z')).toBe(
      true,
    );
  });
});

describe('audit log', () => {
  it('appends entries and lists them newest first, in the order they were recorded', async () => {
    const committeeId = `an-${randomUUID().slice(0, 8)}`;
    for (const [i, at] of [
      '2024-09-03T08:00:00Z',
      '2024-09-03T09:00:00Z',
      '2024-09-03T08:30:00Z',
    ].entries()) {
      await storage.audit.append({
        committeeId,
        at,
        actor: chef,
        action: 'answer.saved',
        outcome: 'ok',
        details: { i },
      });
    }
    const listed = await storage.audit.list(committeeId);
    // The chain's order is the order of recording, whatever time each entry states.
    expect(listed.map((e) => e.at)).toEqual([
      '2024-09-03T08:30:00Z',
      '2024-09-03T09:00:00Z',
      '2024-09-03T08:00:00Z',
    ]);
    expect(listed[0]?.actor).toEqual(chef);
  });
});

describe('offered report files', () => {
  const offer = (id: string, bytes: Buffer, expiresAt = Date.now() + 60_000) => ({
    id,
    fileName: 'Delarsrapport-AN-2024-08.docx',
    contentType: 'application/octet-stream',
    bytes,
    aadObjectId: 'demo-controller',
    expiresAt,
  });

  it('gives back exactly the bytes offered, across several chunks', async () => {
    const bytes = Buffer.from(Array.from({ length: 250_000 }, (_, i) => (i * 31) % 251));
    await storage.files.put(offer('several-chunks', bytes));
    const state = await storage.files.get('several-chunks', Date.now());
    expect(state.kind).toBe('offered');
    if (state.kind === 'offered') {
      expect(state.file.bytes.equals(bytes)).toBe(true);
      expect(state.file.fileName).toBe('Delarsrapport-AN-2024-08.docx');
    }
  });

  it('delivers once: of two deliveries at the same moment exactly one wins, and the bytes are dropped', async () => {
    await storage.files.put(offer('once', Buffer.from('PK one file')));
    const results = await Promise.all([
      storage.files.markDelivered('once'),
      storage.files.markDelivered('once'),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await storage.files.get('once', Date.now())).toEqual({
      kind: 'delivered',
      fileName: 'Delarsrapport-AN-2024-08.docx',
    });
  });

  it('forgets an offer once it has expired, and purges it', async () => {
    const now = Date.now();
    await storage.files.put(offer('expired', Buffer.from('PK old'), now - 1_000));
    await storage.files.put(offer('current', Buffer.from('PK new'), now + 60_000));
    expect((await storage.files.get('expired', now)).kind).toBe('gone');
    expect(await storage.files.purgeExpired(now, 10)).toBeGreaterThanOrEqual(1);
    expect((await storage.files.get('expired', 0)).kind).toBe('gone');
    expect((await storage.files.get('current', now)).kind).toBe('offered');
  });
});

describe('storage outage', () => {
  it('becomes a typed error the bot can explain', async () => {
    // Nothing listens on port 9 of the loopback interface.
    const unreachable = openStorage(
      { kind: 'connectionString', connectionString: azuriteConnectionString(9) },
      'outage',
    );
    await expect(unreachable).rejects.toBeInstanceOf(StorageUnavailableError);
  });
});
