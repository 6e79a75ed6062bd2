/**
 * What the services rely on from an answer store, written once and run against every
 * implementation (Table Storage on Azurite, and the in-memory one).
 */
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SaveHistory } from '../../../src/audit/saves.js';
import type { AnswerKey, AnswerStore, SaveAnswer } from '../../../src/followup/ports.js';

const chef = { aadObjectId: 'demo-chef-amc', name: 'Anna Lind' };
const deputy = { aadObjectId: 'demo-ersattare-amc', name: 'Erik Berg' };

/** A period of its own per test, so a store shared between tests (one Azurite table) stays apart. */
const freshPeriod = () => `2024-${randomUUID().slice(0, 8)}`;

function key(overrides: Partial<AnswerKey> = {}): AnswerKey {
  return {
    committeeId: 'an',
    periodId: freshPeriod(),
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

export function describeAnswersStoreContract(
  name: string,
  makeStore: () => Promise<AnswerStore & SaveHistory>,
): void {
  describe(`answer store contract: ${name}`, () => {
    let store: AnswerStore & SaveHistory;
    beforeEach(async () => {
      store = await makeStore();
    });

    it('lists the newest saves of a committee over every period, newest first, without payloads (the audit of a save)', async () => {
      const committeeId = `c-${randomUUID().slice(0, 8)}`;
      const march = key({ committeeId, periodId: '2024-03' });
      const august = key({ committeeId, periodId: '2024-08', unitId: 'amf' });
      await store.save(change(march, { text: 'mars' }, { answeredAt: '2024-04-02T08:00:00.000Z' }));
      await store.save(change(august, { text: 'augusti' }, { answeredAt: '2024-09-03T08:00:00.000Z' }));
      await store.save(
        change(
          march,
          { text: 'mars igen' },
          {
            expectedRevision: 1,
            answeredBy: deputy,
            answeredAt: '2024-09-04T08:00:00.000Z',
          },
        ),
      );
      const saves = await store.recentSaves(committeeId, 2);
      expect(
        saves.map((s) => [s.periodId, s.unitId, s.revision, s.answeredBy.name, s.answeredAt, s.payload]),
      ).toEqual([
        ['2024-03', 'amc', 2, 'Erik Berg', '2024-09-04T08:00:00.000Z', null],
        ['2024-08', 'amf', 1, 'Anna Lind', '2024-09-03T08:00:00.000Z', null],
      ]);
      expect(await store.recentSaves(`c-${randomUUID().slice(0, 8)}`, 10)).toEqual([]);
    });

    it('knows nothing of an answer never saved', async () => {
      const k = key();
      expect(await store.get(k)).toBeNull();
      expect(await store.history(k)).toEqual([]);
      expect(await store.listPeriod(k.committeeId, k.periodId)).toEqual([]);
    });

    it('saves an answer as revision 1 and reads back exactly what was saved, who and when', async () => {
      const k = key();
      const payload = {
        status: 'uppfylls-delvis',
        results: 'Fler i arbete – 3 090 st',
        indicators: { x: 4.86 },
      };
      const result = await store.save(change(k, payload, { state: 'complete', activityId: 'act-1' }));
      expect(result.kind).toBe('saved');
      if (result.kind === 'saved') expect(result.answer).toMatchObject({ ...k, revision: 1, payload });
      expect(await store.get(k)).toEqual({
        ...k,
        revision: 1,
        state: 'complete',
        payload,
        answeredBy: chef,
        answeredAt: '2024-09-03T08:00:00.000Z',
        activityId: 'act-1',
      });
    });

    it('keeps every accepted version, oldest first, and the latest as current', async () => {
      const k = key();
      await store.save(change(k, { text: 'första' }));
      await store.save(change(k, { text: 'andra' }, { expectedRevision: 1, answeredBy: deputy }));
      await store.save(change(k, { text: 'tredje' }, { expectedRevision: 2, state: 'complete' }));
      const history = await store.history<{ text: string }>(k);
      expect(history.map((h) => [h.revision, h.payload.text, h.answeredBy.name, h.state])).toEqual([
        [1, 'första', 'Anna Lind', 'draft'],
        [2, 'andra', 'Erik Berg', 'draft'],
        [3, 'tredje', 'Anna Lind', 'complete'],
      ]);
      expect((await store.get(k))?.revision).toBe(3);
    });

    it('refuses a save based on a stale revision with the current answer, and writes nothing', async () => {
      const k = key();
      await store.save(change(k, { text: 'första' }));
      await store.save(change(k, { text: 'andra' }, { expectedRevision: 1, answeredBy: deputy }));
      // A card rendered from revision 1 is submitted after revision 2 was stored.
      const stale = await store.save(change(k, { text: 'gammalt kort' }, { expectedRevision: 1 }));
      expect(stale.kind).toBe('conflict');
      if (stale.kind === 'conflict') {
        expect(stale.current?.revision).toBe(2);
        expect(stale.current?.payload).toEqual({ text: 'andra' });
        expect(stale.current?.answeredBy).toEqual(deputy);
      }
      const ahead = await store.save(change(k, { text: 'från framtiden' }, { expectedRevision: 7 }));
      expect(ahead.kind).toBe('conflict');
      expect((await store.get(k))?.payload).toEqual({ text: 'andra' });
      expect((await store.history(k)).map((h) => h.payload)).toEqual([{ text: 'första' }, { text: 'andra' }]);
    });

    it('refuses to create an answer someone else created meanwhile: nothing is overwritten silently', async () => {
      const k = key();
      await store.save(change(k, { text: 'först' }));
      const late = await store.save(change(k, { text: 'trodde jag var först' }));
      expect(late.kind).toBe('conflict');
      if (late.kind === 'conflict') expect(late.current?.payload).toEqual({ text: 'först' });
      expect(await store.history(k)).toHaveLength(1);
    });

    it('lets exactly one of several concurrent saves from the same revision win', async () => {
      const k = key();
      await store.save(change(k, { n: 0 }));
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, n) => store.save(change(k, { n: n + 1 }, { expectedRevision: 1 }))),
      );
      expect(results.filter((r) => r.kind === 'saved')).toHaveLength(1);
      expect(results.filter((r) => r.kind === 'conflict')).toHaveLength(5);
      expect((await store.history(k)).map((h) => h.revision)).toEqual([1, 2]);
      const winner = results.find((r) => r.kind === 'saved');
      expect((await store.get(k))?.payload).toEqual(winner?.kind === 'saved' ? winner.answer.payload : null);
    });

    it('applies a replayed activity once and says so, also after later changes', async () => {
      const k = key();
      const first = change(k, { text: 'en gång' }, { activityId: 'f:activity-1' });
      expect((await store.save(first)).kind).toBe('saved');
      const replay = await store.save(first);
      expect(replay.kind).toBe('duplicate');
      if (replay.kind === 'duplicate') expect(replay.answer?.payload).toEqual({ text: 'en gång' });
      await store.save(change(k, { text: 'sedan' }, { expectedRevision: 1 }));
      const late = await store.save(first);
      expect(late.kind).toBe('duplicate');
      if (late.kind === 'duplicate') expect(late.answer?.revision).toBe(1);
      expect((await store.history(k)).map((h) => h.revision)).toEqual([1, 2]);
    });

    it('lists the current answers of one committee and period, in unit and item order, and nothing else', async () => {
      const periodId = freshPeriod();
      const amc = key({ periodId, unitId: 'amc' });
      const amf = key({ periodId, unitId: 'amf', item: 'economy' });
      await store.save(change(amf, { v: 3 }, { state: 'complete' }));
      await store.save(change(amc, { v: 1 }));
      await store.save(change(amc, { v: 2 }, { expectedRevision: 1 }));
      await store.save(change(key({ periodId, unitId: 'amc', item: 'assignments' }), { v: 4 }));
      await store.save(change(key({ unitId: 'amc' }), { v: 'annan period' }));
      await store.save(change(key({ periodId, committeeId: 'annan-namnd' }), { v: 'annan nämnd' }));
      const listed = await store.listPeriod('an', periodId);
      expect(listed.map((x) => [x.unitId, x.item, x.revision, x.state, x.payload])).toEqual([
        ['amc', 'assignments', 1, 'draft', { v: 4 }],
        ['amc', 'goal:hog-egenforsorjningsgrad', 2, 'draft', { v: 2 }],
        ['amf', 'economy', 1, 'complete', { v: 3 }],
      ]);
    });

    it('stores a copy: changing the saved object afterwards changes nothing stored', async () => {
      const k = key();
      const payload = { texts: ['ett'] };
      await store.save(change(k, payload));
      payload.texts.push('två');
      const read = await store.get<{ texts: string[] }>(k);
      expect(read?.payload).toEqual({ texts: ['ett'] });
      read?.payload.texts.push('tre');
      expect((await store.get(k))?.payload).toEqual({ texts: ['ett'] });
    });

    it('keeps unit ids with characters Table Storage keys forbid, and long payloads', async () => {
      const k = key({ unitId: 'enhet/med#konstiga?tecken\\|%' });
      const long = 'Resultat som bidragit till utvecklingen: åäö '.repeat(3_000);
      await store.save(change(k, { long }));
      expect((await store.get<{ long: string }>(k))?.payload.long).toBe(long);
      expect((await store.listPeriod(k.committeeId, k.periodId)).map((a) => a.unitId)).toEqual([k.unitId]);
    });
  });
}
