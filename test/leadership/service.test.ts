/**
 * The leadership service against real storage (Azurite): the reporting fixture's June–August
 * answers, asked about on Tuesday 10 September 2024 by the demo leadership, a leader scoped to
 * UTB, a controller without decision rights, a manager and a stranger.
 */
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Period } from '../../src/calendar/periods.js';
import type { LeaderGoalCard, LeaderPrognosisCard } from '../../src/cards/models.js';
import { Verb } from '../../src/cards/verbs.js';
import type { CommitteeConfig } from '../../src/config/load-config.js';
import type { Reply } from '../../src/followup/service.js';
import { isReportFile, type ReportFile } from '../../src/leadership/api.js';
import { reportFileName } from '../../src/leadership/report-files.js';
import { LeadershipService } from '../../src/leadership/service.js';
import { allGoals } from '../../src/reporting/aggregate.js';
import { buildReport } from '../../src/reporting/build-report.js';
import type { Storage } from '../../src/storage/index.js';
import {
  callers,
  leadershipConfig,
  movableClock,
  nb,
  only,
  renderChecked,
  seededStorage,
} from '../support/leadership.js';
import { shippedTemplate } from '../support/template.js';

let config: CommitteeConfig;
let storage: Storage;
let service: LeadershipService;
const clock = movableClock();

beforeAll(async () => {
  config = await leadershipConfig();
  storage = await seededStorage(inject('azuriteConnectionString'));
  service = new LeadershipService({
    reportTemplate: await shippedTemplate(),
    config,
    answers: storage.answers,
    decisions: storage.decisions,
    audit: storage.audit,
    clock,
  });
});

afterAll(async () => {
  await storage?.close();
});

const ask = async (who: keyof typeof callers, text: string) => {
  const result = await service.ask(callers[who], text);
  for (const reply of result.replies) renderChecked(reply);
  return result;
};
const act = async (
  who: keyof typeof callers,
  data: Record<string, unknown>,
  activityId: string | null = null,
) => {
  const replies = await service.act(callers[who], data, activityId);
  for (const reply of replies) renderChecked(reply);
  return replies;
};
const fact = (card: LeaderPrognosisCard, title: string) => card.economy.find((f) => f.title === title)?.value;
const goalRow = (card: LeaderPrognosisCard, name: string) =>
  card.areas.flatMap((a) => a.goals).find((g) => g.name === name);
/** Whether the audit log has an entry like this (entries of one instant come in any order). */
const audited = async (action: string, details: Record<string, unknown> = {}, actorId?: string) =>
  (await storage.audit.list('an', { limit: 1000 })).some(
    (e) =>
      e.action === action &&
      (actorId === undefined || e.actor?.aadObjectId === actorId) &&
      Object.entries(details).every(([k, v]) => e.details[k] === v),
  );

describe('the prognosis card', () => {
  it.each(['prognos', 'Hur går det?', 'läget', 'PROGNOS för målen'])('"%s" as demo-ledning', async (text) => {
    const card = only((await ask('helena', text)).replies, 'leader-prognosis');
    expect(card.title).toBe('Prognos augusti 2024 – delår 2');
    expect(card.subtitle).toBe('Arbetsmarknadsnämnden');
    expect(card.completenessText).toBe('7 av 9 enheter har svarat');
    expect(card.areas.map((a) => a.name)).toEqual(['Medborgare', 'Ekonomi', 'Verksamhet', 'Medarbetare']);
    expect(card.areas.flatMap((a) => a.goals)).toHaveLength(12);
    expect(goalRow(card, 'Hög egenförsörjningsgrad')).toMatchObject({
      label: 'Uppfylls delvis',
      colour: 'Warning',
      sourceText: 'förslag',
      action: {
        data: { verb: Verb.leadershipGoal, periodId: '2024-08', goalId: 'hog-egenforsorjningsgrad' },
      },
    });
    expect(goalRow(card, 'Hög avtalstrohet')).toMatchObject({ label: 'Uppfylls ej', colour: 'Attention' });
    expect(fact(card, 'Prognos helår')).toBe(nb('649 950 tkr'));
    expect(fact(card, 'Budget 2024')).toBe(nb('643 300 tkr'));
    expect(fact(card, 'Avvikelse')).toBe(nb('-6 650 tkr (underskott)'));
    expect(fact(card, 'Ändring sedan juli')).toBe(nb('-2 550 tkr (avvikelse i juli -7 600 tkr)'));
    expect(fact(card, 'Utan prognos')).toBe('Utbildningsförvaltningen (räknas med budget)');
    expect(card.actions.map((a) => a.title)).toEqual(['Ekonomi', 'Vilka saknas', 'Hämta rapport']);
  });

  it('is the same for the controller, and from the card button', async () => {
    const asked = only((await ask('david', 'prognos')).replies, 'leader-prognosis');
    const pressed = only(
      await act('david', { verb: Verb.leadershipPrognosis, periodId: '2024-08' }),
      'leader-prognosis',
    );
    expect(pressed).toEqual(asked);
  });
});

describe('one goal', () => {
  it('"prognos egenförsörjning": units, indicators, results and the proposal', async () => {
    const card = only((await ask('helena', 'prognos egenförsörjning')).replies, 'leader-goal');
    expect(card.title).toBe('Hög egenförsörjningsgrad');
    expect(card.subtitle).toBe('Augusti 2024 – delår 2 · målområde Medborgare');
    expect(card.status).toEqual({ label: 'Uppfylls delvis', colour: 'Warning' });
    expect(card.statusSource).toBe('Förslag – ledningen har inte bedömt målet ännu');
    expect(card.proposal.label).toBe('Förslag: Uppfylls delvis');
    expect(card.proposalReasons.map((r) => r.text)).toContain('3 av 6 indikatorer med utfall når målvärdet');
    expect(card.units.map((u) => [u.name, u.label])).toEqual([
      ['AMC', 'Uppfylls delvis'],
      ['AMF', 'Uppfylls delvis'],
      ['Integrationsenheten', 'Kan ej bedömas'],
      ['IAF stab', 'Uppfylls'],
    ]);
    expect(card.units[0]?.detail).toBe('Anna Lind, 2 september 2024 kl. 09:00');
    const indicator = (start: string) => card.indicators.find((i) => i.name.startsWith(start));
    expect(indicator('Antal hushåll med insats ekonomiskt bistånd, utfall')).toMatchObject({
      label: 'Uppnås',
      colour: 'Good',
      valueText: nb('Utfall 2 340 (augusti 2024) · målvärde ≤ 2 400'),
    });
    expect(indicator('Antal avslutade hushåll')).toMatchObject({
      label: 'Uppnås ej',
      valueText: 'Utfall 860 (augusti 2024) · målvärde ≥ 900',
    });
    // Last year's value beside this year's target: shown, never judged, and never called I.U.
    expect(indicator('Andel av befolkningen')).toMatchObject({
      label: 'Inget utfall i år',
      colour: 'Default',
      valueText: 'Utfall 4,50 % (utfall tom augusti 2023) · målvärde ≤ 4,3 %',
    });
    // The controller gave I.U. for this count: no value this year, and the card says so without a verdict.
    expect(indicator('Antal barn i hushåll med långvarigt')).toMatchObject({ colour: 'Default' });
    expect(indicator('Antal barn i hushåll med långvarigt')?.label).not.toMatch(/^Uppnås/);
    expect(card.results.map((r) => r.text)).toContain('Arena Arbetsmarknad är breddinfört. (AMC, AMF)');
    expect(card.deviations).toHaveLength(1);
    expect(card.scopeNote).toBe('');
    expect(card.actions.map((a) => [a.title, a.data.verb])).toEqual([
      ['Bedöm', Verb.leadershipDecide],
      ['Tillbaka till prognosen', Verb.leadershipPrognosis],
    ]);
  });

  it('offers a choice when the words fit several goals', async () => {
    const card = only((await ask('helena', 'prognos hög')).replies, 'leader-choice');
    expect(card.title).toBe('Vilket nämndmål menar du?');
    const options = card.groups.flatMap((g) => g.options.map((o) => o.action));
    expect(options.length).toBeGreaterThan(1);
    expect(options.map((o) => o.title)).toEqual(
      expect.arrayContaining(['Hög egenförsörjningsgrad', 'Hög avtalstrohet']),
    );
    for (const o of options) expect(o.data).toMatchObject({ verb: Verb.leadershipGoal, periodId: '2024-08' });
    // Pressing one opens its detail.
    const hog = options.find((o) => o.title === 'Hög avtalstrohet');
    const detail = only(await act('helena', { ...hog?.data }), 'leader-goal');
    expect(detail.title).toBe('Hög avtalstrohet');
  });

  it('lists every goal when nothing matches', async () => {
    const card = only((await ask('helena', 'prognos fotboll')).replies, 'leader-choice');
    expect(card.notices[0]).toEqual({
      tone: 'warning',
      // What the person wrote, as written.
      text: 'Jag hittade inget nämndmål som passar ”prognos fotboll”.',
    });
    expect(card.groups.map((g) => g.title)).toEqual(['Medborgare', 'Ekonomi', 'Verksamhet', 'Medarbetare']);
    expect(card.groups.flatMap((g) => g.options)).toHaveLength(12);
  });
});

describe('every card fits', () => {
  it('every goal, as detail and as decide card, renders as a valid card under 28 KB', async () => {
    for (const goal of config.goalList) {
      const data = { periodId: '2024-08', goalId: goal.id };
      only(await act('helena', { verb: Verb.leadershipGoal, ...data }), 'leader-goal');
      only(await act('helena', { verb: Verb.leadershipDecide, ...data }), 'leader-decide');
    }
  });
});

describe('economy and missing answers', () => {
  it('"ekonomi": per verksamhet row, the total and who has not reported', async () => {
    const card = only((await ask('helena', 'Hur ser ekonomin ut?')).replies, 'leader-economy');
    expect(card.title).toBe('Ekonomi augusti 2024 – delår 2');
    expect(card.rows).toHaveLength(config.economy.rows.length);
    expect(card.rows.find((r) => r.name === 'Ekonomiskt bistånd')).toEqual({
      name: 'Ekonomiskt bistånd',
      deviationText: nb('Avvikelse -7 500'),
      colour: 'Attention',
      detail: nb('Prognos 330 500 · Budget 323 000 · Ändring sedan juli -1 500'),
      comment: 'IAF stab: Fler hushåll med långvarigt bistånd och höjd riksnorm.',
    });
    expect(card.rows.find((r) => r.name === 'Arbetsmarknadsåtgärder')).toMatchObject({
      deviationText: nb('Avvikelse 2 400'),
      colour: 'Good',
    });
    expect(card.total).toMatchObject({
      name: 'Summa AN',
      deviationText: nb('Avvikelse -6 650'),
      detail: nb('Prognos 649 950 · Budget 643 300 · Ändring sedan juli -2 550'),
    });
    expect(card.missingText).toContain('Har inte lämnat prognos: UTB stab (Peter Lund).');
  });

  it('"vilka har inte svarat?": units, managers, draft state', async () => {
    const card = only((await ask('helena', 'Vilka har inte svarat?')).replies, 'leader-missing');
    expect(card.completenessText).toBe('7 av 9 enheter har svarat');
    expect(card.subtitle).toBe('Sista svarsdag var fredag 6 september. Perioden låses fredag 13 september.');
    expect(card.missing).toEqual([
      { name: 'OSA · IAF', people: 'Chef: Mats Ekström', state: 'Inte påbörjad', colour: 'Attention' },
      {
        name: 'UTB stab (vux) · UTB',
        people: 'Chef: Peter Lund',
        state: expect.stringMatching(/^Utkast, \d+ uppgifter saknas$/),
        colour: 'Warning',
      },
    ]);
    expect(card.changed.map((u) => u.name)).toEqual(['Linvux · UTB']);
    // No nudge port here: the button is not offered, and pressing it anyway says so.
    expect(card.actions.map((a) => a.title)).toEqual(['Tillbaka till prognosen']);
    const pressed = only(
      await act('helena', { verb: Verb.leadershipNudge, periodId: '2024-08' }),
      'leader-missing',
    );
    expect(pressed.notices[0]?.text).toMatch(/^Påminnelser kan inte skickas från boten just nu/);
  });
});

describe('who may ask', () => {
  it('a manager without a leadership role is refused politely and gets their own status', async () => {
    const result = await ask('anna', 'prognos');
    expect(result.alsoShowOwnStatus).toBe(true);
    expect(result.document).toBeNull();
    const refusal = only(result.replies, 'message');
    expect(refusal.title).toBe('Prognosen är till för ledningen');
    expect(refusal.text).toContain('läget för din egen enhet');
    expect(
      await audited(
        'leadership.refused',
        { reason: 'manager-without-leadership-role', what: 'ask:prognosis' },
        'demo-chef-amc',
      ),
    ).toBe(true);
  });

  it('someone unregistered is told whom to contact', async () => {
    const result = await ask('stranger', 'ekonomi');
    expect(result.alsoShowOwnStatus).toBe(false);
    const refusal = only(result.replies, 'message');
    expect(refusal.text).toContain('uppfoljning@example.se');
  });

  it('never trusts a card: a manager pressing a leadership button is refused and audited', async () => {
    const refusal = only(
      await act('anna', {
        verb: Verb.leadershipDecideSave,
        periodId: '2024-08',
        goalId: 'hog-avtalstrohet',
        rev: 0,
      }),
      'message',
    );
    expect(refusal.title).toBe('Prognosen är till för ledningen');
    expect(
      await audited(
        'leadership.refused',
        { what: Verb.leadershipDecideSave, goalId: 'hog-avtalstrohet' },
        'demo-chef-amc',
      ),
    ).toBe(true);
    expect(await storage.decisions.get('an', '2024-08', 'hog-avtalstrohet')).toBeNull();
  });
});

describe('a leader scoped to UTB', () => {
  it('sees only UTB units in "saknas"', async () => {
    const card = only((await ask('ulrika', 'saknas')).replies, 'leader-missing');
    expect(card.completenessText).toBe('2 av 3 enheter har svarat');
    const names = [...card.missing, ...card.changed].map((u) => u.name);
    expect(names).toEqual(['UTB stab (vux)', 'Linvux']);
    expect(names.join(' ')).not.toMatch(/OSA|AMC|IAF/);
  });

  it('sees the goals, economy rows and units of UTB only', async () => {
    const card = only((await ask('ulrika', 'prognos')).replies, 'leader-prognosis');
    expect(card.subtitle).toBe('Arbetsmarknadsnämnden · ditt ansvarsområde: Utbildningsförvaltningen');
    expect(card.completenessText).toBe('2 av 3 enheter har svarat');
    const goals = card.areas.flatMap((a) => a.goals.map((g) => g.name));
    expect(goals).toContain('Kunskap & kompetens');
    expect(goals).not.toContain('Hög egenförsörjningsgrad');
    expect(goals).not.toContain('Hög avtalstrohet');
    expect(card.economyTitle).toBe('Ekonomi, helårsprognos för Utbildningsförvaltningen');
    // 21 800 + 40 000 + 4 300 + 64 500 + the budget of the row without a prognosis.
    expect(fact(card, 'Utan prognos')).toBe('Utbildningsförvaltningen (räknas med budget)');
    expect(card.actions.map((a) => a.title)).toEqual(['Ekonomi', 'Vilka saknas']);

    const goal = only((await ask('ulrika', 'prognos goda arbetsplatser')).replies, 'leader-goal');
    expect(goal.units.map((u) => u.name)).toEqual(['UTB stab']);
    expect(goal.scopeNote).toContain('Utbildningsförvaltningen');
    expect(goal.actions.map((a) => a.title)).toEqual(['Tillbaka till prognosen']);

    const economy = only((await ask('ulrika', 'ekonomi')).replies, 'leader-economy');
    expect(economy.rows.map((r) => r.name)).not.toContain('Ekonomiskt bistånd');
    expect(economy.total.name).toBe('Summa Utbildningsförvaltningen');
  });

  it('cannot open an IAF goal, decide or fetch the report', async () => {
    const notFound = only((await ask('ulrika', 'prognos avtalstrohet')).replies, 'leader-choice');
    expect(notFound.groups.flatMap((g) => g.options.map((o) => o.action.title))).not.toContain(
      'Hög avtalstrohet',
    );

    const forged = only(
      await act('ulrika', { verb: Verb.leadershipGoal, periodId: '2024-08', goalId: 'hog-avtalstrohet' }),
      'message',
    );
    expect(forged.title).toBe('Nämndmålet ligger utanför ditt ansvarsområde');
    expect(
      await audited('leadership.refused', { reason: 'goal-out-of-scope', goalId: 'hog-avtalstrohet' }),
    ).toBe(true);

    expect(only((await ask('ulrika', 'bedöm kunskap')).replies, 'message').title).toBe(
      'Du kan inte bedöma nämndmålen',
    );
    const file = await service.document(callers.ulrika, '', 'docx');
    expect(isReportFile(file)).toBe(false);
    expect(only(file as Reply, 'message').title).toBe('Rapporten omfattar hela nämnden');
  });
});

describe('the decision', () => {
  const goalId = 'hog-egenforsorjningsgrad';
  const save = (
    who: keyof typeof callers,
    values: Record<string, unknown>,
    activityId: string | null = null,
  ) => act(who, { verb: Verb.leadershipDecideSave, periodId: '2024-08', goalId, ...values }, activityId);

  it('is not for a controller without the leadership role', async () => {
    const refusal = only((await ask('cecilia', 'bedöm egenförsörjning')).replies, 'message');
    expect(refusal.title).toBe('Du kan inte bedöma nämndmålen');
    const forged = only(
      await save('cecilia', { rev: 0, decisionStatus: 'uppfylls', motivation: 'Bra.' }),
      'message',
    );
    expect(forged.title).toBe('Du kan inte bedöma nämndmålen');
    expect(await audited('decision.refused', { reason: 'no-decision-rights', goalId }, 'test-ekonom')).toBe(
      true,
    );
    expect(await storage.decisions.get('an', '2024-08', goalId)).toBeNull();
  });

  it('"bedöm egenförsörjning" shows the proposal and the units beside the inputs', async () => {
    const card = only((await ask('helena', 'bedöm egenförsörjning')).replies, 'leader-decide');
    expect(card.title).toBe('Bedöm: Hög egenförsörjningsgrad');
    expect(card.proposal.label).toBe('Förslag: Uppfylls delvis');
    expect(card.units).toHaveLength(4);
    expect(card.currentText).toBe('Inget beslut ännu – förslaget gäller tills ledningen beslutar.');
    expect(card.status.value).toBe('uppfylls-delvis');
    expect(card.status.choices.map((c) => c.title)).toEqual([
      'Uppfylls',
      'Uppfylls delvis',
      'Uppfylls ej',
      'Kan ej bedömas',
    ]);
    expect(card.motivation).toMatchObject({ id: 'motivation', value: '' });
    expect(card.actions[0]?.data).toEqual({
      verb: Verb.leadershipDecideSave,
      periodId: '2024-08',
      goalId,
      rev: 0,
    });
    // The detail card's "Bedöm" button opens the same card.
    const fromButton = only(
      await act('helena', { verb: Verb.leadershipDecide, periodId: '2024-08', goalId }),
      'leader-decide',
    );
    expect(fromButton).toEqual(card);
  });

  it.each([
    ['without a motivation', { decisionStatus: 'uppfylls-ej', motivation: '   ' }, 'Skriv en motivering'],
    [
      'with a too long motivation',
      { decisionStatus: 'uppfylls-ej', motivation: 'x'.repeat(2001) },
      'Motiveringen är 2\u00a0001 tecken lång, men högst 2\u00a0000 får plats. Korta den med minst 1 tecken.',
    ],
    [
      'with a status not on the scale',
      { decisionStatus: 'jattebra', motivation: 'Bra.' },
      'Välj nämndens bedömning',
    ],
  ])('refuses a save %s and stores nothing', async (_what, values, why) => {
    const card = only(await save('helena', { rev: 0, ...values }), 'leader-decide');
    expect(card.notices[0]).toEqual({
      tone: 'attention',
      text: 'Inget sparades. Rätta följande och spara igen:',
    });
    expect(card.notices.map((n) => n.text).join(' ')).toContain(why);
    expect(card.motivation.value).toBe(values.motivation);
    expect(await storage.decisions.get('an', '2024-08', goalId)).toBeNull();
  });

  it('stores it with who and when, shows it at once in the prognosis and the report', async () => {
    const motivation = 'Det långvariga biståndsbehovet ligger kvar över målvärdet.';
    const card = only(
      await save('helena', { rev: 0, decisionStatus: 'uppfylls-ej', motivation }, 'act-1'),
      'leader-goal',
    );
    expect(card.notices[0]).toEqual({
      tone: 'good',
      text: 'Bedömningen är sparad: Uppfylls ej. Den syns nu i prognosen och i rapporten.',
    });
    expect(card.status).toEqual({ label: 'Uppfylls ej', colour: 'Attention' });
    expect(card.statusSource).toBe('Beslutad av Helena Strand 10 september 2024 kl. 14:03');
    expect(card.decisionText).toBe(`Motivering: ${motivation}`);

    expect(await storage.decisions.get('an', '2024-08', goalId)).toMatchObject({
      revision: 1,
      statusId: 'uppfylls-ej',
      motivation,
      proposedStatusId: 'uppfylls-delvis',
      decidedBy: { aadObjectId: 'demo-ledning', name: 'Helena Strand' },
      decidedAt: clock.now().toISOString(),
    });
    expect(
      await audited(
        'decision.set',
        { goalId, statusId: 'uppfylls-ej', revision: 1, via: 'teams' },
        'demo-ledning',
      ),
    ).toBe(true);

    const prognosis = only((await ask('david', 'prognos')).replies, 'leader-prognosis');
    expect(goalRow(prognosis, 'Hög egenförsörjningsgrad')).toMatchObject({
      label: 'Uppfylls ej',
      colour: 'Attention',
      sourceText: 'beslutad av Helena Strand',
    });
    expect(prognosis.statusNote).toContain('1 av 12 nämndmål är beslutade');

    const august = config.periods.find((p) => p.id === '2024-08') as Period;
    const report = await buildReport(
      { config, answers: storage.answers, decisions: storage.decisions, now: () => clock.now() },
      august,
    );
    const goal = allGoals(report).find((g) => g.id === goalId);
    expect(goal?.effective).toMatchObject({ source: 'decision', status: { label: 'Uppfylls ej' } });
    expect(goal?.decision).toMatchObject({ motivation, decidedBy: { name: 'Helena Strand' }, revision: 1 });
    expect(goal?.proposal.status.label).toBe('Uppfylls delvis');

    // The same activity again (a Teams retry) stores nothing new.
    only(await save('helena', { rev: 0, decisionStatus: 'uppfylls-ej', motivation }, 'act-1'), 'leader-goal');
    expect(await storage.decisions.history('an', '2024-08', goalId)).toHaveLength(1);
  });

  it('a stale card is told who decided meanwhile, keeps what was typed and stores nothing', async () => {
    const typed = 'Enheterna bedömer att målet delvis nås.';
    const card = only(
      await save('david', { rev: 0, decisionStatus: 'uppfylls-delvis', motivation: typed }),
      'leader-decide',
    );
    expect(card.notices[0]?.tone).toBe('attention');
    expect(card.notices[0]?.text).toMatch(
      /^Helena Strand bedömde målet som uppfylls ej 10 september 2024 kl\. 14:03 medan du hade kortet öppet, så din bedömning sparades inte\./,
    );
    expect(card.currentText).toBe(
      'Nuvarande beslut: Uppfylls ej (Helena Strand, 10 september 2024 kl. 14:03)',
    );
    expect(card.motivation.value).toBe(typed);
    expect(card.status.value).toBe('uppfylls-delvis');
    expect(card.actions[0]?.data.rev).toBe(1);
    expect(await storage.decisions.get('an', '2024-08', goalId)).toMatchObject({
      revision: 1,
      statusId: 'uppfylls-ej',
    });
    expect(
      await audited(
        'decision.conflict',
        { goalId, expectedRevision: 0, currentRevision: 1 },
        'demo-controller',
      ),
    ).toBe(true);

    // Saving again from the refreshed card replaces the decision.
    clock.current = new Date('2024-09-10T13:00:00Z');
    const saved = only(
      await save('david', { rev: 1, decisionStatus: 'uppfylls-delvis', motivation: typed }),
      'leader-goal',
    );
    expect(saved.statusSource).toBe('Beslutad av David Ek 10 september 2024 kl. 15:00');
    expect(await storage.decisions.history('an', '2024-08', goalId)).toHaveLength(2);
    clock.current = new Date('2024-09-10T12:03:00Z');
  });
});

describe('earlier periods', () => {
  it.each(['prognos juni', 'prognos 2024-06', 'Prognos för juni 2024'])('"%s"', async (text) => {
    const card = only((await ask('helena', text)).replies, 'leader-prognosis');
    expect(card.title).toBe('Prognos juni 2024');
    expect(card.completenessText).toBe('4 av 9 enheter har svarat');
    expect(card.actions.every((a) => a.data.periodId === '2024-06')).toBe(true);
  });

  it('a goal in an earlier period', async () => {
    const card: LeaderGoalCard = only(
      (await ask('helena', 'prognos egenförsörjning juni')).replies,
      'leader-goal',
    );
    expect(card.subtitle).toBe('Juni 2024 · målområde Medborgare');
    expect(card.units.map((u) => u.name)).toEqual(['AMC', 'AMF', 'Integrationsenheten', 'IAF stab']);
  });

  it('a period without answers, and one that does not exist, get a clear message', async () => {
    const empty = only((await ask('helena', 'prognos delår 1')).replies, 'message');
    expect(empty.title).toBe('Inga svar för mars 2024 – delår 1');
    expect(empty.actions.map((a) => a.data)).toEqual([{ verb: Verb.leadershipMissing, periodId: '2024-03' }]);
    const unknown = only((await ask('helena', 'prognos 2019-06')).replies, 'message');
    expect(unknown.title).toBe('Perioden finns inte');
    expect(unknown.text).toContain('”prognos juni”');
    expect(unknown.facts[0]?.value).toMatch(/^Augusti 2024 – delår 2, juli 2024/);
    const future = only(
      await act('helena', { verb: Verb.leadershipPrognosis, periodId: '2024-11' }),
      'message',
    );
    expect(future.title).toBe('Perioden finns inte');
  });
});

describe('the report files', () => {
  it('"rapport" tells the bot which files to fetch, and document renders them', async () => {
    const asked = await ask('helena', 'rapport');
    expect(asked).toEqual({
      replies: [],
      alsoShowOwnStatus: false,
      document: { rest: '', formats: ['docx', 'xlsx'] },
    });
    expect((await ask('helena', 'rapport excel juni')).document).toEqual({
      rest: 'excel juni',
      formats: ['xlsx'],
    });

    const docx = (await service.document(callers.helena, asked.document?.rest ?? '', 'docx')) as ReportFile;
    expect(isReportFile(docx)).toBe(true);
    expect(docx.fileName).toBe('Delarsrapport-AN-2024-08.docx');
    expect(docx.contentType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(docx.period.id).toBe('2024-08');
    const word = await (await JSZip.loadAsync(docx.bytes)).file('word/document.xml')?.async('string');
    expect(word).toContain('Hög egenförsörjningsgrad');
    expect(word).toContain('Enheterna bedömer att målet delvis nås.'); // David's decision

    const xlsx = (await service.document(callers.helena, 'juni', 'xlsx')) as ReportFile;
    expect(xlsx.fileName).toBe('Manadsuppfoljning-AN-2024-06.xlsx');
    expect(xlsx.bytes.subarray(0, 2).toString()).toBe('PK');
    // The button sends the period id.
    expect(((await service.document(callers.david, '2024-08', 'xlsx')) as ReportFile).fileName).toBe(
      'Delarsrapport-AN-2024-08.xlsx',
    );
    expect(await audited('report.document', { periodId: '2024-06', format: 'xlsx' }, 'demo-ledning')).toBe(
      true,
    );
  });

  it('refuses a manager and explains an unknown or empty period', async () => {
    expect(only((await service.document(callers.anna, '', 'docx')) as Reply, 'message').title).toBe(
      'Prognosen är till för ledningen',
    );
    expect(only((await service.document(callers.helena, 'delar 1', 'docx')) as Reply, 'message').title).toBe(
      'Inga svar för mars 2024 – delår 1',
    );
    expect(only((await service.document(callers.helena, '2019-06', 'docx')) as Reply, 'message').title).toBe(
      'Perioden finns inte',
    );
  });

  it('names files in ASCII after the period kind', () => {
    const period = (id: string) => config.periods.find((p) => p.id === id) as Period;
    expect(reportFileName(config, period('2024-03'), 'docx')).toBe('Delarsrapport-AN-2024-03.docx');
    expect(reportFileName(config, period('2024-12'), 'xlsx')).toBe('Helarsrapport-AN-2024-12.xlsx');
  });
});
