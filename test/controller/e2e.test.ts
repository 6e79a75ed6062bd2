/**
 * The controller in Teams, end to end: the real server, CloudAdapter, Azurite and the fake Teams
 * connector. David Ek (role controller) answers the committee-wide indicators of the open period
 * on his own card and enters the year's bokslut; others are refused; stale cards and locked
 * periods store nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bokslutKey } from '../../src/controller/service.js';
import type { BokslutAnswer, CommitteeIndicatorsAnswer } from '../../src/followup/answers.js';
import { type RunningApp, startApp } from '../../src/index.js';
import { silentLogger } from '../../src/shared/logger.js';
import { BotSession, cardText } from '../support/bot-session.js';
import { type FakeTeams, startFakeTeams } from '../support/fake-teams.js';

const TENANT = '0c7f7b7e-8c4a-4a7e-9c55-1f0d2a3b4c5d';

let fake: FakeTeams;
let app: RunningApp;

const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ').replace(/\u2212/g, '-');
const committeeKey = (periodId: string) => ({
  committeeId: app.config.goals.committee.id,
  periodId,
  unitId: '_namnd',
  item: 'committee' as const,
});

beforeAll(async () => {
  fake = await startFakeTeams();
  app = await startApp(
    {
      PORT: '0',
      STORAGE_CONNECTION_STRING: inject('azuriteConnectionString'),
      TABLE_PREFIX: `c${randomUUID().replace(/-/g, '').slice(0, 12)}`,
      FOLLOWUP_NOW: '2024-09-03T10:00:00+02:00',
      ALLOWED_TENANT_IDS: TENANT,
      REMINDER_SCHEDULER: 'off',
    },
    silentLogger,
  );
  // July's figure, as the controller entered it last month: the card shows it as the previous value.
  const july: CommitteeIndicatorsAnswer = {
    kind: 'committee',
    indicators: {
      'antal-utbetalningshushall': {
        noOutcome: false,
        value: { total: 2_380, kvinnor: null, man: null },
      },
    },
  };
  await app.storage.answers.save({
    ...committeeKey('2024-07'),
    expectedRevision: 0,
    state: 'complete',
    payload: july,
    answeredBy: { aadObjectId: 'demo-controller', name: 'David Ek' },
    answeredAt: '2024-08-06T08:00:00.000Z',
    activityId: null,
  });
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

function session(aadObjectId: string, name: string, mode: 'execute' | 'submit' = 'execute'): BotSession {
  return new BotSession({ botUrl: app.url, fake, aadObjectId, name, tenantId: TENANT, mode });
}

describe('the controller’s card for the committee-wide indicators', () => {
  let david: BotSession;
  beforeAll(async () => {
    david = session('demo-controller', 'David Ek');
    await david.install();
  });

  it('"rapportera" gives the open period’s indicators by nämndmål, with last period’s value and the target', async () => {
    const text = plain(cardText(await david.say('rapportera')));
    expect(text).toContain('Nämndens värden – augusti 2024 – delår 2');
    expect(text).toContain('Hög egenförsörjningsgrad');
    for (const name of [
      'Antal avslutade hushåll till annan försörjning, ackumulerat utfall',
      'Antal hushåll med insats ekonomiskt bistånd, utfall per sista månad',
      'Antal utbetalningshushåll, utfall per sista månad',
      'Antal barn i hushåll med ekonomiskt bistånd, utfall per sista månad (källa Lifecare)',
    ]) {
      expect(text).toContain(name);
    }
    expect(text).toContain('Juli 2024: 2 380');
    expect(text).toContain('Målvärde 2024: 2 100 (lägre är bättre)');
    expect(JSON.stringify(david.card)).toContain('"label":"I.U."');
    // "nämndens värden" means the same.
    expect(plain(cardText(await david.say('nämndens värden')))).toContain('Nämndens värden – augusti 2024');
  });

  it('refuses what a unit’s card would refuse, in Swedish, keeps the input and stores nothing', async () => {
    await david.say('rapportera');
    const card = await david.press('Spara', {
      'ind.antal-utbetalningshushall.total': '2 350,5',
      'ind.antal-barn-i-hushall.total': '2 300',
      'ind.antal-barn-i-hushall.iu': 'true',
    });
    const text = plain(cardText(card));
    expect(text).toContain('Inget sparades. Rätta följande och spara igen:');
    expect(text).toContain(
      '2 350,5 är ett antal och kan inte ha decimaler. Skriv ett heltal, till exempel 3 090.',
    );
    expect(text).toContain(
      'Du har både skrivit ett utfall och kryssat i I.U. Töm utfallet eller ta bort krysset.',
    );
    expect(plain(JSON.stringify(card))).toContain('2 350,5');
    expect(await app.storage.answers.get(committeeKey('2024-08'))).toBeNull();
  });

  it('stores the values under the committee, complete, and shows them again', async () => {
    await david.say('rapportera');
    const card = await david.press('Spara', {
      'ind.antal-utbetalningshushall.total': '2 350',
      'ind.antal-hushall-med-insats.total': '2 610',
      'ind.antal-barn-i-hushall.iu': 'true',
    });
    const text = plain(cardText(card));
    expect(text).toMatch(/Sparat .*Värdena syns i prognosen och i rapporten för augusti 2024 – delår 2\./);
    expect(text).toContain('Utfall saknas ännu för');
    const stored = await app.storage.answers.get<CommitteeIndicatorsAnswer>(committeeKey('2024-08'));
    expect(stored).toMatchObject({ state: 'complete', revision: 1, answeredBy: { name: 'David Ek' } });
    expect(stored?.payload.indicators['antal-utbetalningshushall']).toEqual({
      noOutcome: false,
      value: { total: 2_350, kvinnor: null, man: null },
    });
    expect(stored?.payload.indicators['antal-barn-i-hushall']?.noOutcome).toBe(true);
    expect(plain(JSON.stringify(await david.say('rapportera')))).toContain('2 610');
  });

  it('a stale card is told who saved meanwhile and keeps what was typed; saving again overwrites', async () => {
    const first = session('demo-controller', 'David Ek');
    const second = session('demo-controller', 'David Ek');
    await first.say('rapportera');
    await second.say('rapportera');
    await second.press('Spara', { 'ind.antal-utbetalningshushall.total': '2 340' });
    const stale = await first.press('Spara', { 'ind.antal-utbetalningshushall.total': '2 330' });
    const text = plain(cardText(stale));
    expect(text).toMatch(
      /David Ek sparade nämndens värden .* efter att du öppnade kortet, så dina värden är inte sparade/,
    );
    expect(plain(JSON.stringify(stale))).toContain('2 330');
    let stored = await app.storage.answers.get<CommitteeIndicatorsAnswer>(committeeKey('2024-08'));
    expect(stored?.payload.indicators['antal-utbetalningshushall']?.value.total).toBe(2_340);
    await first.press('Spara');
    stored = await app.storage.answers.get<CommitteeIndicatorsAnswer>(committeeKey('2024-08'));
    expect(stored?.payload.indicators['antal-utbetalningshushall']?.value.total).toBe(2_330);
    expect(stored?.revision).toBe(3);
  });

  it('a locked period is refused in Swedish and nothing is stored', async () => {
    await david.say('rapportera');
    const card = await david.sendAction('controller.committee.save', {
      periodId: '2024-07',
      rev: 1,
      'ind.antal-utbetalningshushall.total': '2 000',
    });
    expect(plain(cardText(card))).toContain('Juli 2024 är låst');
    const july = await app.storage.answers.get<CommitteeIndicatorsAnswer>(committeeKey('2024-07'));
    expect(july?.revision).toBe(1);
  });

  it('works the same without Action.Execute (Web Chat)', async () => {
    const web = session('demo-controller', 'David Ek', 'submit');
    await web.install();
    await web.say('nämndens värden');
    const card = await web.press('Spara', { 'ind.antal-avslutade-hushall.total': '640' });
    expect(plain(cardText(card))).toContain('Sparat');
  });
});

describe('others may not answer for the committee', () => {
  it('leadership without the controller role is refused, audited, and a crafted save stores nothing', async () => {
    const helena = session('demo-ledning', 'Helena Strand');
    await helena.install();
    expect(plain(cardText(await helena.say('nämndens värden')))).toContain(
      'Nämndens värden rapporteras av controllern',
    );
    // "rapportera" still means leadership's view of the period for her, not the controller's card.
    const own = plain(cardText(await helena.say('rapportera')));
    expect(own).toContain('augusti 2024 – delår 2');
    expect(own).not.toContain('Nämndens värden');
    const before = await app.storage.answers.get(committeeKey('2024-08'));
    const refused = await helena.sendAction('controller.committee.save', {
      periodId: '2024-08',
      rev: before?.revision ?? 0,
      'ind.antal-utbetalningshushall.total': '1',
    });
    expect(plain(cardText(refused))).toContain('Nämndens värden rapporteras av controllern');
    expect((await app.storage.answers.get(committeeKey('2024-08')))?.revision).toBe(before?.revision);
    const audit = await app.storage.audit.list(app.config.goals.committee.id, { limit: 10 });
    expect(
      audit.some((a) => a.action === 'committee.refused' && a.actor?.aadObjectId === 'demo-ledning'),
    ).toBe(true);
  });

  it('a unit manager asking gets the refusal too', async () => {
    const anna = session('demo-chef-amc', 'Anna Lind');
    await anna.install();
    expect(plain(cardText(await anna.say('bokslut 2024')))).toContain('Bokslutet läggs in av controllern');
  });
});

describe('the controller enters the bokslut in the bot', () => {
  it('"bokslut 2024" gives a card per driftsammandrag row; errors come back in Swedish; a save is versioned', async () => {
    const david = session('demo-controller', 'David Ek');
    await david.install();
    const card = await david.say('bokslut 2024');
    const text = plain(cardText(card));
    expect(text).toContain('Bokslut 2024');
    expect(text).toContain('Budget 2024: 323 000 tkr');
    const values: Record<string, string> = {};
    for (const row of app.config.economy.rows) {
      const budget = row.budget['2024'] ?? 0;
      values[`bok.${row.id}`] = (budget + (row.id === 'ekonomiskt-bistand' ? 4_500 : 0)).toLocaleString(
        'sv-SE',
      );
    }
    const refused = await david.press('Spara bokslut', {
      ...values,
      'bok.sfi': '63 200,5',
      'bok.flyktingmottagande': '',
    });
    const refusedText = plain(cardText(refused));
    expect(refusedText).toContain('Inget sparades. Rätta följande och spara igen:');
    expect(refusedText).toContain(
      'Svenska för invandrare (SFI): ange hela tkr utan decimaler, inte 63 200,5.',
    );
    expect(refusedText).toContain('Flyktingmottagande: utfall saknas.');
    expect(await app.storage.answers.get(bokslutKey(app.config, 2024))).toBeNull();

    const saved = await david.press('Spara bokslut', values);
    expect(plain(cardText(saved))).toContain('Bokslutet för 2024 är sparat: 647 800 tkr.');
    expect(plain(cardText(saved))).toContain(
      'Sparat bokslut: 647 800 tkr (budget 643 300 tkr), version 1, av David Ek',
    );
    const stored = await app.storage.answers.get<BokslutAnswer>(bokslutKey(app.config, 2024));
    expect(stored).toMatchObject({ periodId: '2024-12', unitId: '_namnd', revision: 1 });
    expect(stored?.payload.rows['ekonomiskt-bistand']).toEqual({ outcomeTkr: 327_500 });
    // Reopened, it is prefilled with what is stored.
    expect(plain(JSON.stringify(await david.say('bokslut 2024')))).toContain('327 500');
  });

  it('a year without December in the calendar is explained', async () => {
    const david = session('demo-controller', 'David Ek');
    expect(plain(cardText(await david.say('bokslut 1999')))).toContain('Bokslut 1999 kan inte läggas in');
  });
});
