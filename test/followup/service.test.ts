/**
 * The follow-up service with its storage ports in memory (test/support/memory/): no Azurite, no
 * server, so each case runs in milliseconds. The in-memory stores pass the same contract suites as
 * Table Storage (test/storage/), and the end-to-end tests cover the same flows through the real
 * server and storage.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Verb } from '../../src/cards/verbs.js';
import { type CommitteeConfig, loadConfig } from '../../src/config/load-config.js';
import { shippedConfigDir } from '../../src/config/settings.js';
import type { AnswerKey } from '../../src/followup/ports.js';
import { type Caller, FollowupService, type Reply } from '../../src/followup/service.js';
import { fixedClock } from '../../src/shared/clock.js';
import { StorageUnavailableError } from '../../src/shared/storage-errors.js';
import { type MemoryStores, memoryStores } from '../support/memory/index.js';

/** Tuesday 3 September 2024: August (delår 2) is open, before its deadline. */
const clock = fixedClock(new Date('2024-09-03T10:00:00+02:00'));
const anna: Caller = { aadObjectId: 'demo-chef-amc', teamsName: 'Anna Lind' };
const erik: Caller = { aadObjectId: 'demo-ersattare-amc', teamsName: 'Erik Sjöberg' };
const GOAL = 'goal:hog-egenforsorjningsgrad';
const goalKey: AnswerKey = { committeeId: 'an', periodId: '2024-08', unitId: 'amc', item: GOAL };

let config: CommitteeConfig;
let stores: MemoryStores;
let service: FollowupService;

beforeAll(async () => {
  config = await loadConfig(shippedConfigDir);
});

beforeEach(() => {
  stores = memoryStores();
  service = new FollowupService({ config, answers: stores.answers, audit: stores.audit, clock });
});

/** What the goal card sends on "Spara": its inputs, the step and the revision it was rendered from. */
const saveGoal = (who: Caller, rev: number, results: string, activityId: string) =>
  service.act(
    who,
    {
      verb: Verb.save,
      unitId: 'amc',
      periodId: '2024-08',
      step: GOAL,
      rev,
      status: 'uppfylls-delvis',
      results,
    },
    activityId,
  );

const notices = (reply: Reply) => ('notices' in reply.model ? reply.model.notices.map((n) => n.text) : []);

describe('saving a step', () => {
  it('stores what the unit manager typed as a draft, says so, and audits it', async () => {
    const reply = await saveGoal(anna, 0, 'Fler hushåll till egen försörjning.', 'act-1');
    expect(reply.card).toBe('goal');
    expect(notices(reply)).toEqual([expect.stringMatching(/^Sparat som utkast /)]);
    expect(await stores.answers.get(goalKey)).toMatchObject({
      revision: 1,
      state: 'draft',
      payload: { kind: 'goal', statusId: 'uppfylls-delvis', results: 'Fler hushåll till egen försörjning.' },
      answeredBy: { aadObjectId: 'demo-chef-amc', name: 'Anna Lind' },
    });
    const [audited] = await stores.audit.list('an');
    expect(audited).toMatchObject({
      action: 'answer.saved',
      outcome: 'ok',
      details: { unitId: 'amc', periodId: '2024-08', item: GOAL, revision: 1 },
    });
  });

  it('refuses a save from a card opened before someone else saved, keeps both texts where they were', async () => {
    await saveGoal(anna, 0, 'Annas text.', 'act-1');
    // Erik opened the card before Anna saved (revision 0) and saves now.
    const reply = await saveGoal(erik, 0, 'Eriks text.', 'act-2');
    expect(reply.card).toBe('goal');
    expect(notices(reply)).toEqual([
      expect.stringMatching(
        /^Anna Lind sparade steget .* efter att du öppnade kortet, så dina ändringar är inte sparade\./,
      ),
    ]);
    // His text stays on his card, rendered from Anna's revision so that saving again is his choice.
    expect(JSON.stringify(reply.model)).toContain('Eriks text.');
    expect(JSON.stringify(reply.model)).toContain('"rev":1');
    expect((await stores.answers.get(goalKey))?.payload).toMatchObject({ results: 'Annas text.' });
    expect(await stores.answers.history(goalKey)).toHaveLength(1);
  });

  it('applies a retried card action once', async () => {
    await saveGoal(anna, 0, 'En gång.', 'act-1');
    await saveGoal(anna, 0, 'En gång.', 'act-1');
    expect(await stores.answers.history(goalKey)).toHaveLength(1);
    expect((await stores.audit.list('an')).filter((e) => e.action === 'answer.saved')).toHaveLength(1);
  });

  it('never says "Sparat" when storage fails: the error reaches the bot, which tells the person', async () => {
    // A fault at the port: the answer store is down for writes.
    const down = new FollowupService({
      config,
      answers: {
        get: (key) => stores.answers.get(key),
        listPeriod: (committeeId, periodId) => stores.answers.listPeriod(committeeId, periodId),
        history: (key) => stores.answers.history(key),
        save: () => Promise.reject(new StorageUnavailableError('Lagringen svarar inte (write version)')),
      },
      audit: stores.audit,
      clock,
    });
    await expect(
      down.act(
        anna,
        { verb: Verb.save, unitId: 'amc', periodId: '2024-08', step: GOAL, rev: 0, results: 'x' },
        'a',
      ),
    ).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(await stores.audit.list('an')).toEqual([]);
  });
});

describe('another unit in the card', () => {
  it('refuses a save or a submit naming a unit the person does not answer for, stores nothing, audits it', async () => {
    for (const verb of [Verb.save, Verb.submit]) {
      const reply = await service.act(
        anna,
        { verb, unitId: 'amf', periodId: '2024-08', step: 'economy', rev: 0, results: 'x' },
        `act-${verb}`,
      );
      expect(reply).toMatchObject({ card: 'message', model: { title: 'Du kan inte svara för den enheten' } });
    }
    expect(await stores.answers.listPeriod('an', '2024-08')).toEqual([]);
    const audited = await stores.audit.list('an');
    expect(audited.map((e) => [e.action, e.outcome, e.details.reason, e.details.unitId])).toEqual([
      ['answer.refused', 'refused', 'not-authorised', 'amf'],
      ['answer.refused', 'refused', 'not-authorised', 'amf'],
    ]);
  });
});
