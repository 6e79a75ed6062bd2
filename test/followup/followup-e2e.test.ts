/**
 * A whole month of follow-up, end to end: the real restify server, CloudAdapter, Azurite and the
 * fake Teams connector, with raw Bot Framework activities as Teams sends them.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AnswerPayload } from '../../src/followup/answers.js';
import { type RunningApp, startApp } from '../../src/index.js';
import { silentLogger } from '../../src/shared/logger.js';
import { answersFor } from '../support/answers.js';
import { BotSession, type Card, cardText } from '../support/bot-session.js';
import {
  type FakeTeams,
  findAction,
  inputIds,
  messageActivity,
  startFakeTeams,
  teamsUser,
} from '../support/fake-teams.js';

const TENANT = '0c7f7b7e-8c4a-4a7e-9c55-1f0d2a3b4c5d';
const FOREIGN_TENANT = '99999999-9999-4999-8999-999999999999';
const NOW = '2024-09-03T10:00:00+02:00';

let fake: FakeTeams;
let app: RunningApp;

beforeAll(async () => {
  fake = await startFakeTeams();
  app = await startApp(
    {
      PORT: '0',
      STORAGE_CONNECTION_STRING: inject('azuriteConnectionString'),
      TABLE_PREFIX: `e${randomUUID().replace(/-/g, '').slice(0, 12)}`,
      FOLLOWUP_NOW: NOW,
      ALLOWED_TENANT_IDS: TENANT,
      // Reminders have tests of their own; here they would add cards to the conversations.
      REMINDER_SCHEDULER: 'off',
    },
    silentLogger,
  );
});

afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

function session(aadObjectId: string, name: string, mode: 'execute' | 'submit' = 'execute'): BotSession {
  return new BotSession({ botUrl: app.url, fake, aadObjectId, name, tenantId: TENANT, mode });
}

async function amcAnswers() {
  const all = await app.storage.answers.listPeriod<AnswerPayload>('an', '2024-08');
  return all.filter((a) => a.unitId === 'amc');
}

describe('a unit manager answers August 2024 in Teams (Action.Execute)', () => {
  const chef = () => session('demo-chef-amc', 'Anna Lind');
  let anna: BotSession;

  it('greets on install with the units the person reports for, and stores the conversation', async () => {
    anna = chef();
    const card = await anna.install();
    const text = cardText(card);
    expect(text).toContain('Hej Anna!');
    expect(text).toContain('Arbetsmarknadscentrum (AMC) – enhetschef');
    const stored = await app.storage.conversations.get('demo-chef-amc');
    expect(stored?.reference.serviceUrl).toBe(fake.url);
  });

  it('opens the period with its deadline and every item not started', async () => {
    const card = await anna.say('Rapportera');
    const text = cardText(card);
    expect(text).toContain('Augusti 2024 – delår 2');
    expect(text).toContain('fredag 6 september');
    expect(text).toContain('Hög egenförsörjningsgrad');
    expect(text).toContain('Ekonomi – prognos för helåret');
    expect(text.match(/Ej påbörjad/g)?.length).toBe(5);
  });

  it('refuses an over-long text with its length and an invalid number, each at its field, storing nothing', async () => {
    await anna.press('Börja');
    expect(cardText(anna.card)).toContain('Professionellt bemötande och hög tillgänglighet');
    // The goal's status and texts come first.
    const long = await anna.press('Nästa', answersFor(anna.card ?? {}, { results: 'x'.repeat(2_001) }));
    let text = cardText(long);
    expect(text).toContain('Inget sparades. Ett fält behöver rättas – se texten i rött vid fältet:');
    expect(text).toContain('• Resultat');
    expect(text).toMatch(
      /Texten är 2\s001 tecken lång, men högst 2\s000 får plats\. Korta den med minst 1 tecken\./,
    );
    expect(await amcAnswers()).toHaveLength(0);
    // The person's input is still on the card, whole, so nothing they typed is lost.
    expect(inputIds(long).find((i) => i.id === 'results')?.value).toHaveLength(2_001);

    // Corrected, the card moves on to the goal's indicators, one row each.
    let card = await anna.press('Nästa', answersFor(long));
    expect(cardText(card)).toContain('Sparat');
    const numberInput = inputIds(card).find((i) => /^ind\..*\.(total|kvinnor)$/.test(i.id));
    expect(numberInput).toBeDefined();
    card = await anna.press('Nästa', answersFor(card, { [numberInput?.id ?? '']: 'fyrtiofem' }));
    text = cardText(card);
    expect(text).toContain('Inget sparades. Ett fält behöver rättas');
    expect(text).toMatch(/”fyrtiofem” (går inte att läsa|är inget tal)\. Skriv /);
    expect(inputIds(card).find((i) => i.id === numberInput?.id)?.value).toBe('fyrtiofem');
    const stored = (await amcAnswers()).find((a) => a.item === 'goal:professionellt-bemotande');
    expect(JSON.stringify(stored?.payload)).not.toMatch(/"numerator":\{"total":\d/);
  });

  it('walks every card with Nästa and reaches the summary', async () => {
    let card = await anna.press('Nästa', answersFor(anna.card ?? {}));
    expect(cardText(card)).toContain('Sparat');
    for (let step = 0; step < 30 && !cardText(card).includes('Granska och skicka in'); step++) {
      card = await anna.press('Nästa', answersFor(card));
    }
    const text = cardText(card);
    expect(text).toContain('Granska och skicka in');
    expect(text).not.toContain('saknas');
  });

  it('sends in, and the card becomes a read-only receipt', async () => {
    const receipt = await anna.press('Skicka in');
    expect(cardText(receipt)).toContain('Inskickat');
    expect(cardText(receipt)).toContain('Tack! Svaren för Arbetsmarknadscentrum (AMC) är inskickade');
    expect(JSON.stringify(receipt.actions ?? [])).not.toContain('followup.');
  });

  it('stored exactly what was given, with who and a history entry per change', async () => {
    const answers = await amcAnswers();
    const items = answers.map((a) => a.item).sort();
    expect(items).toEqual(
      [
        'assignments',
        'economy',
        'goal:hog-egenforsorjningsgrad',
        'goal:kostnadseffektiva-arbetsmarknadsatgarder',
        'goal:professionellt-bemotande',
        'submission',
      ].sort(),
    );
    const goal = answers.find((a) => a.item === 'goal:hog-egenforsorjningsgrad');
    expect(goal?.answeredBy).toEqual({ aadObjectId: 'demo-chef-amc', name: 'Anna Lind' });
    expect(goal?.state).toBe('complete');
    expect(goal?.payload).toMatchObject({
      kind: 'goal',
      statusId: 'uppfylls-delvis',
      results: 'Fler hushåll har gått till egen försörjning – 3 090 personer fick stöd.',
      deviations: 'Inga avvikelser inom aktiviteterna i verksamhetsplanen.',
      // The household counts are the controller's committee-wide figures: AMC's card does not ask for them.
      indicators: {},
    });
    const share = answers.find((a) => a.item === 'goal:professionellt-bemotande')?.payload;
    expect(share).toMatchObject({
      indicators: {
        'andel-positiva-svar-brukarenkat': {
          numerator: { total: 45 },
          denominator: { total: 50 },
          value: { total: 90 },
        },
      },
    });
    expect(answers.find((a) => a.item === 'economy')?.payload).toEqual({
      kind: 'economy',
      rows: {
        arbetsmarknadsatgarder: {
          prognosisTkr: 114000,
          comment: 'Fler anställningar med stöd än budgeterat.',
        },
      },
    });
    const history = await app.storage.answers.history({
      committeeId: 'an',
      periodId: '2024-08',
      unitId: 'amc',
      item: 'goal:professionellt-bemotande',
    });
    // One version per card of the step that was saved, each by Anna, none lost.
    const current = answers.find((a) => a.item === 'goal:professionellt-bemotande');
    expect(history.map((h) => h.revision)).toEqual(
      Array.from({ length: current?.revision ?? 0 }, (_, i) => i + 1),
    );
    expect(history.every((h) => h.answeredBy.aadObjectId === 'demo-chef-amc')).toBe(true);
  });

  it('shows "rapportera" again with everything done and sent in', async () => {
    const card = await anna.say('status');
    const text = cardText(card);
    expect(text).toMatch(/Inskickad .* av Anna Lind/);
    expect(text.match(/Klar/g)?.length).toBe(5);
  });
});

describe('the same month through the Action.Submit fallback (clients without Action.Execute)', () => {
  it('lets the Linvux manager answer with kön split, correct an error and send in', async () => {
    const lena = session('demo-chef-linvux', 'Chef Linvux', 'submit');
    await lena.install();
    let card = await lena.say('uppföljning');
    expect(JSON.stringify(card)).not.toContain('Action.Execute');
    card = await lena.press('Börja');
    for (let i = 0; i < 5 && !inputIds(card).some((x) => /\.kvinnor$/.test(x.id)); i++)
      card = await lena.press('Nästa', answersFor(card));
    const kon = inputIds(card).filter((i) => /\.(kvinnor)$/.test(i.id));
    expect(kon.length).toBeGreaterThan(0);
    const share = String(kon[0]?.element.placeholder).includes('/');
    card = await lena.press('Spara', answersFor(card, { [kon[0]?.id ?? '']: share ? '-5/50' : '-5' }));
    expect(cardText(card)).toContain('Inget sparades');
    expect(cardText(card)).toMatch(share ? /”-5\/50” går inte att läsa/ : /-5 är utanför det rimliga/);
    card = await lena.press('Spara', answersFor(card));
    expect(cardText(card)).toContain('Sparat');
    for (let step = 0; step < 30 && !cardText(card).includes('Granska och skicka in'); step++) {
      card = await lena.press('Nästa', answersFor(card));
    }
    card = await lena.press('Skicka in');
    expect(cardText(card)).toContain('Inskickat');
    const stored = await app.storage.answers.listPeriod<AnswerPayload>('an', '2024-08');
    const linvux = stored.filter((a) => a.unitId === 'linvux');
    expect(linvux.some((a) => a.item === 'submission')).toBe(true);
    const withKon = linvux.find(
      (a) => a.payload.kind === 'goal' && JSON.stringify(a.payload).includes('"kvinnor":45'),
    );
    expect(withKon).toBeDefined();
    // The card that was pressed was replaced in place (no stale buttons left behind).
    expect(fake.updates(lena.conversationId).length).toBeGreaterThan(3);
  });
});

describe('who may answer', () => {
  it('lets the deputy answer for AMC, and the record shows the deputy', async () => {
    const erik = session('demo-ersattare-amc', 'Erik Sjöberg');
    await erik.install();
    await erik.say('rapportera');
    const card = await erik.press('Visa inskickade svar');
    expect(cardText(card)).toContain('Granska och skicka in');
    await erik.say('rapportera');
    await erik.sendAction('followup.open', { unitId: 'amc', periodId: '2024-08', step: 'economy' });
    await erik.press(
      'Spara',
      answersFor(erik.card ?? {}, { 'eco.arbetsmarknadsatgarder.prognosis': '113 000' }),
    );
    const economy = await app.storage.answers.get({
      committeeId: 'an',
      periodId: '2024-08',
      unitId: 'amc',
      item: 'economy',
    });
    expect(economy?.answeredBy).toEqual({ aadObjectId: 'demo-ersattare-amc', name: 'Erik Sjöberg' });
    expect(economy?.revision).toBe(2);
    // Changed after the submission: the start card says so.
    expect(cardText(await erik.say('status'))).toContain('Ändrad efter inskickningen');
  });

  it('gives a manager of two units a choice, and switches unit', async () => {
    const multi = session('demo-chef-multi', 'Multi Chef');
    await multi.install();
    const card = await multi.say('starta');
    const choice = inputIds(card).find((i) => i.id === 'unitChoice');
    expect(choice?.choices?.map((c) => c.value).sort()).toEqual(['arbetsmarknadsservice', 'osa']);
    const other = choice?.choices?.find((c) => c.value !== choice.value)?.value ?? '';
    const switched = await multi.press('Byt enhet', { unitChoice: other });
    expect(cardText(switched)).toContain(other === 'osa' ? 'OSA' : 'Arbetsmarknadsservice');
  });

  it('tells an unregistered person whom to contact', async () => {
    const stranger = session('someone-else', 'Okänd Person');
    const welcome = await stranger.install();
    expect(cardText(welcome)).toContain('inte registrerad');
    expect(cardText(welcome)).toContain('uppfoljning@example.se');
    expect(cardText(await stranger.say('rapportera'))).toContain('inte registrerad');
  });

  it('refuses and audits an attempt to answer for another unit, storing nothing', async () => {
    const amf = session('demo-chef-amf', 'Chef AMF');
    await amf.install();
    await amf.say('rapportera');
    const card = await amf.sendAction('followup.save', {
      unitId: 'linvux',
      periodId: '2024-08',
      step: 'goal:kunskap-och-kompetens',
      rev: 0,
      status: 'uppfylls-ej',
      results: 'Försök att skriva åt en annan enhet',
    });
    expect(cardText(card)).toContain('Du kan inte svara för den enheten');
    const linvux = await app.storage.answers.history({
      committeeId: 'an',
      periodId: '2024-08',
      unitId: 'linvux',
      item: 'goal:kunskap-och-kompetens',
    });
    expect(linvux.map((h) => h.answeredBy.aadObjectId)).not.toContain('demo-chef-amf');
    const audit = await app.storage.audit.list('an');
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: 'answer.refused',
        outcome: 'refused',
        actor: expect.objectContaining({ aadObjectId: 'demo-chef-amf' }),
        details: expect.objectContaining({ unitId: 'linvux' }),
      }),
    );
  });

  it('refuses messages and invokes from a tenant that is not allowed', async () => {
    const user = teamsUser('demo-chef-amc', 'Anna Lind');
    const before = fake.activities().length;
    const message = messageActivity(user, 'rapportera', { serviceUrl: fake.url, tenantId: FOREIGN_TENANT });
    expect((await postActivity403(message)).status).toBe(403);
    const invoke = {
      ...message,
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'followup.start', data: {} } },
    };
    expect((await postActivity403(invoke)).status).toBe(403);
    expect(fake.activities().length).toBe(before);
  });
});

async function postActivity403(activity: Record<string, unknown>) {
  const res = await fetch(`${app.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  return { status: res.status };
}

describe('storage safety', () => {
  it('applies a replayed activity (a Teams retry) once', async () => {
    const osa = session('demo-chef-multi', 'Multi Chef');
    await osa.say('rapportera');
    await osa.sendAction('followup.start', { unitChoice: 'osa' });
    await osa.press('Börja');
    const values = answersFor(osa.card ?? {});
    const id = `retry-${randomUUID()}`;
    const first = await osa.press('Spara', values, id);
    expect(cardText(first)).toContain('Sparat');
    const step = String((findAction(first, 'Spara').data as { step?: string } | undefined)?.step ?? '');
    expect(step).toMatch(/^goal:/);
    for (let i = 0; i < 4; i++)
      await osa.sendAction(
        'followup.save',
        {
          ...values,
          unitId: 'osa',
          periodId: '2024-08',
          step,
          rev: 0,
        },
        id,
      );
    const history = await app.storage.answers.history({
      committeeId: 'an',
      periodId: '2024-08',
      unitId: 'osa',
      item: step as `goal:${string}`,
    });
    expect(history).toHaveLength(1);
  });

  it('tells the second of two people saving from the same card, and keeps both texts', async () => {
    const anna = session('demo-chef-amc', 'Anna Lind');
    const erik = session('demo-ersattare-amc', 'Erik Sjöberg');
    await anna.say('rapportera');
    await erik.say('rapportera');
    await anna.sendAction('followup.open', { unitId: 'amc', periodId: '2024-08', step: 'assignments' });
    await erik.sendAction('followup.open', { unitId: 'amc', periodId: '2024-08', step: 'assignments' });
    const annaValues = answersFor(anna.card ?? {});
    const firstComment = Object.keys(annaValues).find((k) => k.endsWith('.comment')) ?? '';
    await anna.press('Spara', { ...annaValues, [firstComment]: 'Annas version' });
    const erikCard = await erik.press('Spara', {
      ...answersFor(erik.card ?? {}),
      [firstComment]: 'Eriks version',
    });
    expect(cardText(erikCard)).toContain('Anna Lind sparade steget');
    expect(inputIds(erikCard).find((i) => i.id === firstComment)?.value).toBe('Eriks version');
    const stored = await app.storage.answers.get<{ items: Record<string, { comment: string }> }>({
      committeeId: 'an',
      periodId: '2024-08',
      unitId: 'amc',
      item: 'assignments',
    });
    expect(JSON.stringify(stored?.payload)).toContain('Annas version');
    // Saving again is an explicit choice, and now it goes through.
    const again = await erik.press('Spara', {
      ...answersFor(erikCard),
      [firstComment]: 'Eriks version',
    });
    expect(cardText(again)).toContain('Sparat');
  });

  it('says a locked period is locked, and whom to contact', async () => {
    const anna = session('demo-chef-amc', 'Anna Lind');
    await anna.say('rapportera');
    const card = await anna.sendAction('followup.save', {
      unitId: 'amc',
      periodId: '2024-07',
      step: 'economy',
      rev: 0,
    });
    expect(cardText(card)).toContain('Juli 2024 är låst');
    expect(cardText(card)).toContain('uppfoljning@example.se');
  });
});

describe('the previous period', () => {
  it('prefills texts, status and the economy prognosis from July, and shows July beside the inputs', async () => {
    const actor = { aadObjectId: 'demo-chef-integration', name: 'Leila Nordin' };
    const base = {
      committeeId: 'an',
      periodId: '2024-07',
      unitId: 'integrationsenheten',
      expectedRevision: 0,
      answeredBy: actor,
      answeredAt: '2024-08-05T08:00:00.000Z',
      activityId: null,
      state: 'complete' as const,
    };
    await app.storage.answers.save({
      ...base,
      item: 'goal:hog-egenforsorjningsgrad',
      payload: {
        kind: 'goal',
        goalId: 'hog-egenforsorjningsgrad',
        statusId: 'uppfylls',
        results: 'Julis resultat: 40 hushåll till egen försörjning.',
        deviations: 'Inga avvikelser.',
        indicators: {},
      },
    });
    await app.storage.answers.save({
      ...base,
      unitId: 'amf',
      item: 'goal:professionellt-bemotande',
      payload: {
        kind: 'goal',
        goalId: 'professionellt-bemotande',
        statusId: 'kan-ej-bedomas',
        results: 'Brukarundersökningen görs i september.',
        deviations: 'Inga avvikelser.',
        indicators: {
          'vantetid-ansokan-till-beslut': {
            noOutcome: false,
            value: { total: 14, kvinnor: null, man: null },
          },
        },
      },
    });
    await app.storage.answers.save({
      ...base,
      item: 'economy',
      payload: { kind: 'economy', rows: { flyktingmottagande: { prognosisTkr: 40500, comment: '' } } },
    });

    const leila = session('demo-chef-integration', 'Leila Nordin');
    await leila.install();
    await leila.say('rapportera');
    const goal = await leila.press('Börja');
    const text = cardText(goal);
    expect(text).toContain('Förifyllt från juli 2024');
    expect(text).toContain('Juli 2024: Uppfylls. Resultat: Julis resultat');
    const inputs = inputIds(goal);
    expect(inputs.find((i) => i.id === 'results')?.value).toBe(
      'Julis resultat: 40 hushåll till egen försörjning.',
    );
    expect(inputs.find((i) => i.id === 'status')?.value).toBe('uppfylls');

    // An indicator's previous outcome is shown beside the input; outcomes are new each month: not prefilled.
    const karin = session('demo-chef-amf', 'Karin Holm');
    await karin.install();
    await karin.say('rapportera');
    // The goal's indicators follow its status and texts; they are all shown, on one card or more.
    let amfGoal = await karin.press('Börja');
    let amfText = cardText(amfGoal);
    for (
      let i = 0;
      i < 5 && !inputIds(amfGoal).some((x) => x.id === 'ind.vantetid-ansokan-till-beslut.total');
      i++
    ) {
      amfGoal = await karin.press('Nästa', answersFor(amfGoal));
      amfText += `\n${cardText(amfGoal)}`;
    }
    expect(amfText).toMatch(/Juli 2024: 14,0 dagar · Målvärde/);
    // A share that AMC and AMF add up to: AMF sees its own history and is told the target is the whole's.
    expect(amfText).toContain('Senast: 85,7 (AMF, 2022)');
    expect(amfText).toContain(
      'Målvärde 2024 för hela nämnden (AMF:s del räknas in): 90,0 % (högre är bättre)',
    );
    // The one-unit figure keeps the committee's target as its own.
    expect(amfText).toContain('Målvärde 2024: 10,0 (lägre är bättre)');
    expect(
      inputIds(amfGoal).find((i) => i.id === 'ind.vantetid-ansokan-till-beslut.total')?.value ?? '',
    ).toBe('');

    const economy = await leila.sendAction('followup.open', {
      unitId: 'integrationsenheten',
      periodId: '2024-08',
      step: 'economy',
    });
    expect(inputIds(economy).find((i) => i.id === 'eco.flyktingmottagande.prognosis')?.value).toBe(
      '40\u00a0500',
    );
    expect(cardText(economy)).toMatch(/Budget 2024: [\d\s]+ tkr · juli 2024: 40\s500 tkr/);
  });
});

describe('pausing reminders from the chat', () => {
  it('pauses until a date, names the deputy who is reminded meanwhile, and resumes', async () => {
    const anna = session('demo-chef-amc', 'Anna Lind');
    const paused = await anna.say('Pausa påminnelser till 15 september');
    expect(cardText(paused)).toContain('Påminnelserna är pausade');
    expect(cardText(paused)).toContain('15 september 2024');
    expect(cardText(paused)).toContain('Erik Sjöberg');
    expect((await app.storage.pauses.get('demo-chef-amc'))?.until).toBe('2024-09-15');
    expect(cardText(await anna.say('pausa påminnelser till igår'))).toContain('pausades inte');
    expect(cardText(await anna.say('återuppta påminnelser'))).toContain('Påminnelserna är på igen');
    expect(await app.storage.pauses.get('demo-chef-amc')).toBeNull();
  });
});

describe('the economy card asks for a required comment before moving on', () => {
  it('stays on the card, with the draft saved, until the deviating row has a comment', async () => {
    const maria = session('demo-chef-cfv', 'Maria Wikström');
    await maria.install();
    await maria.say('rapportera');
    let card = await maria.sendAction('followup.open', {
      unitId: 'cfv',
      periodId: '2024-08',
      step: 'economy',
    });
    // Budget 41 200 tkr; a prognosis of 45 000 deviates by 3 800, above the 500 tkr threshold.
    const prognoses: Record<string, string> = {
      'eco.grundlaggande-vuxenutbildning.prognosis': '21 800',
      'eco.gymnasial-vuxenutbildning.prognosis': '45 000',
      'eco.sarskild-vuxenutbildning.prognosis': '4 300',
      'eco.sfi.prognosis': '63 200',
    };
    // The rows come one or two to a card: move on until the gymnasial row is on the card.
    const typed = (c: Card) =>
      Object.fromEntries(
        inputIds(c).flatMap((i) => (prognoses[i.id] ? [[i.id, prognoses[i.id] ?? '']] : [])),
      );
    for (
      let i = 0;
      i < 4 && !inputIds(card).some((x) => x.id === 'eco.gymnasial-vuxenutbildning.prognosis');
      i++
    )
      card = await maria.press('Nästa', typed(card));
    const stayed = await maria.press('Nästa', typed(card));
    const text = cardText(stayed);
    expect(text).toContain('Sparat som utkast');
    expect(text).toContain('Skriv en kommentar innan du går vidare:');
    expect(text).toContain('• Kommentar till Gymnasial vuxenutbildning');
    // The message sits at the comment field.
    expect(text).toMatch(
      /Prognosen avviker 3\s800 tkr från budget, mer än 500 tkr: skriv varför och vad som görs\./,
    );
    expect(inputIds(stayed).some((i) => i.id === 'eco.gymnasial-vuxenutbildning.comment')).toBe(true);

    const moved = await maria.press('Nästa', {
      ...typed(stayed),
      'eco.gymnasial-vuxenutbildning.comment': 'Fler utbildningsplatser upphandlade än budgeterat.',
    });
    expect(cardText(moved)).not.toContain('Skriv en kommentar innan du går vidare');
    expect(inputIds(moved).some((i) => i.id === 'eco.gymnasial-vuxenutbildning.prognosis')).toBe(false);
  });
});
