/**
 * Golden expectations of the aggregated report model for the fixture month (see
 * test/support/report-fixtures.ts for who answered what).
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Period } from '../../src/calendar/periods.js';
import { type CommitteeConfig, loadConfig } from '../../src/config/load-config.js';
import { COMMITTEE_UNIT_ID } from '../../src/followup/answers.js';
import { type AggregateInput, aggregate, allGoals } from '../../src/reporting/aggregate.js';
import type { Decision } from '../../src/reporting/ports.js';
import { DEFAULT_PROPOSAL_RULE, propose } from '../../src/reporting/proposal.js';
import type {
  GoalReport,
  IndicatorReport,
  ReportModel,
  UnitGoalStatus,
} from '../../src/reporting/report-model.js';
import { attribute, splitItems } from '../../src/reporting/texts.js';
import { fixtureEvents, GENERATED_AT, people, periodAnswers } from '../support/report-fixtures.js';

const configDir = fileURLToPath(new URL('../../config', import.meta.url));
let config: CommitteeConfig;
let august: Period;
let model: ReportModel;

function input(overrides: Partial<AggregateInput> = {}): AggregateInput {
  return {
    config,
    period: august,
    answers: periodAnswers(config, fixtureEvents()),
    decisions: [],
    generatedAt: GENERATED_AT,
    ...overrides,
  };
}

function goal(m: ReportModel, id: string): GoalReport {
  const found = allGoals(m).find((g) => g.id === id);
  if (!found) throw new Error(`no goal ${id}`);
  return found;
}

function indicator(m: ReportModel, id: string): IndicatorReport {
  const found = allGoals(m)
    .flatMap((g) => g.indicators)
    .find((i) => i.id === id);
  if (!found) throw new Error(`no indicator ${id}`);
  return found;
}

function row(ind: IndicatorReport, key: 'total' | 'kvinnor' | 'man' = 'total', partId: string | null = null) {
  const found = ind.rows.find((r) => r.key === key && r.partId === partId);
  if (!found) throw new Error(`no row ${key}/${partId} in ${ind.id}`);
  return found;
}

beforeAll(async () => {
  config = await loadConfig(configDir);
  const p = config.periods.find((x) => x.id === '2024-08');
  if (!p) throw new Error('no 2024-08');
  august = p;
  model = aggregate(input());
});

describe('which answers count', () => {
  it('uses the units that sent in, and says so in the headline', () => {
    expect(model.basis).toMatchObject({ includeDrafts: false, unitsIncluded: 7, unitsTotal: 9 });
    expect(model.basis.headline).toBe(
      'Utkast genererat 10 september 2024 kl. 14:03 från 7 av 9 enheters svar',
    );
  });

  it('knows per unit who has sent in, changed after sending in, has a draft, or nothing', () => {
    const states = Object.fromEntries(model.completeness.map((c) => [c.unitId, [c.state, c.included]]));
    expect(states).toEqual({
      amc: ['submitted', true],
      amf: ['submitted', true],
      arbetsmarknadsservice: ['submitted', true],
      osa: ['none', false],
      integrationsenheten: ['submitted', true],
      'iaf-stab': ['submitted', true],
      linvux: ['changed_after_submission', true],
      cfv: ['submitted', true],
      'utb-stab': ['draft', false],
    });
    const linvux = model.completeness.find((c) => c.unitId === 'linvux');
    expect(linvux).toMatchObject({ stateLabel: 'Ändrad efter inskickning', submittedBy: people.linvux });
  });

  it('uses the version a unit sent in, not the draft it made afterwards', () => {
    const kk = goal(model, 'kunskap-och-kompetens');
    expect(kk.units.find((u) => u.unitId === 'linvux')?.status?.id).toBe('uppfylls');
    expect(kk.results.map((r) => r.text)).not.toContain('UTKAST SOM INTE SKA SYNAS');
    const answer = model.answers.find(
      (a) => a.unitId === 'linvux' && a.item === 'goal:kunskap-och-kompetens',
    );
    expect(answer).toMatchObject({ revision: 2, submittedRevision: 1, usedRevision: 1, state: 'draft' });
  });

  it('takes drafts in when asked to, and then uses current versions', () => {
    const withDrafts = aggregate(input({ includeDrafts: true }));
    expect(withDrafts.basis.unitsIncluded).toBe(8);
    expect(withDrafts.basis.headline).toContain(
      'från 8 av 9 enheters svar (inklusive svar som inte är inskickade)',
    );
    expect(
      goal(withDrafts, 'kunskap-och-kompetens').units.find((u) => u.unitId === 'linvux')?.status?.id,
    ).toBe('uppfylls-ej');
    expect(withDrafts.economy.rows.find((r) => r.id === 'utbildningsforvaltningen')?.prognosisTkr).toBe(
      4_900,
    );
  });
});

describe('nämndmål: units, proposal and reasons', () => {
  it('Hög egenförsörjningsgrad: who said what, the distribution and a partial proposal', () => {
    const g = goal(model, 'hog-egenforsorjningsgrad');
    expect(g.units.map((u) => [u.shortName, u.status?.label ?? null, u.answeredBy?.name ?? null])).toEqual([
      ['AMC', 'Uppfylls delvis', 'Anna Lind'],
      ['AMF', 'Uppfylls delvis', 'Karin Holm'],
      ['Integrationsenheten', 'Kan ej bedömas', 'Leila Nordin'],
      ['IAF stab', 'Uppfylls', 'Sofia Berg'],
    ]);
    expect(g.distribution.map((d) => [d.status?.id ?? null, d.count])).toEqual([
      ['uppfylls', 1],
      ['uppfylls-delvis', 2],
      ['uppfylls-ej', 0],
      ['kan-ej-bedomas', 1],
      [null, 0],
    ]);
    expect(g.proposal.status.id).toBe('uppfylls-delvis');
    expect(g.proposal.unitScore).toBeCloseTo(2 / 3, 10);
    expect(g.proposal.indicatorScore).toBeCloseTo(0.5, 10);
    // The units carry the judgement (mean 0,67 → partial); 3 of 6 indicators do not move it.
    expect(g.proposal.score).toBeCloseTo(2 / 3, 10);
    expect(g.proposal.coverage).toEqual({ unitsAnswered: 4, unitsTotal: 4, sufficient: true });
    expect(g.proposal.summary).toBe(
      '2 av 4 enheter bedömer uppfylls delvis och 1 uppfylls; 3 av 6 indikatorer med utfall når målvärdet',
    );
    expect(g.proposal.reasons).toContain('1 enhet anger kan ej bedömas (räknas inte som uppfylls ej)');
    expect(g.effective).toEqual({
      status: expect.objectContaining({ id: 'uppfylls-delvis', colour: '#F9A825' }),
      source: 'proposal',
      sentence: 'Nämndmålet bedöms delvis uppnått vid helår 2024.',
    });
    expect(g.basisText).toBe(
      'Bedömningen baseras på enheternas prognoser och nämndindikatorerna: 2 av 4 enheter bedömer uppfylls delvis och 1 uppfylls; 3 av 6 indikatorer med utfall når målvärdet.',
    );
  });

  it('proposes every nämndmål as expected', () => {
    expect(Object.fromEntries(allGoals(model).map((g) => [g.id, g.proposal.status.id]))).toEqual({
      'professionellt-bemotande': 'kan-ej-bedomas',
      'hog-egenforsorjningsgrad': 'uppfylls-delvis',
      'kunskap-och-kompetens': 'uppfylls-delvis',
      'trygghet-och-inflytande': 'kan-ej-bedomas',
      'likvardiga-forutsattningar': 'kan-ej-bedomas',
      'hog-avtalstrohet': 'uppfylls-ej',
      'kostnadseffektiva-arbetsmarknadsatgarder': 'uppfylls-delvis',
      // IAF stab says uppfylls, but the computed avvikelse mot budget is −1,0 %: one step down.
      'god-ekonomisk-styrning': 'uppfylls-delvis',
      'digitaliseringens-mojligheter': 'uppfylls-delvis',
      'goda-arbetsplatser': 'uppfylls-delvis',
      'hallbart-chef-och-ledarskap': 'uppfylls-delvis',
      'nya-vagar-for-kompetensforsorjning': 'uppfylls-delvis',
    });
    expect(model.statusOverview.map((o) => [o.status.label, o.count])).toEqual([
      ['Uppfylls', 0],
      ['Uppfylls delvis', 8],
      ['Uppfylls ej', 1],
      ['Kan ej bedömas', 3],
    ]);
  });

  it('never counts "Kan ej bedömas" as red: all units unable to assess and no outcomes → Kan ej bedömas', () => {
    const g = goal(model, 'professionellt-bemotande');
    expect(g.proposal.score).toBeNull();
    expect(g.proposal.status.meaning).toBe('not_assessable');
    expect(g.effective.sentence).toBe('Nämndmålet kan ej bedömas vid delår 2 för helår 2024.');
    expect(g.proposal.reasons).toContain('3 enheter anger kan ej bedömas (räknas inte som uppfylls ej)');
  });

  it('leaves "Kan ej bedömas" and missing answers out of the unit score, in the pure rule too', () => {
    const scale = config.goals.statusScale;
    const level = (id: string) => {
      const s = scale.find((x) => x.id === id);
      if (!s) throw new Error(id);
      return { id: s.id, label: s.label, colour: s.colour, meaning: s.meaning };
    };
    const unit = (id: string, status: string | null): UnitGoalStatus => ({
      unitId: id,
      shortName: id.toUpperCase(),
      unitName: id,
      included: true,
      status: status ? level(status) : null,
      answeredBy: null,
      answeredAt: null,
    });
    const one = propose(
      scale,
      DEFAULT_PROPOSAL_RULE,
      [unit('a', 'uppfylls'), unit('b', 'kan-ej-bedomas'), unit('c', null)],
      [],
    );
    expect(one.status.id).toBe('uppfylls');
    expect(one.unitScore).toBe(1);
    const none = propose(
      scale,
      DEFAULT_PROPOSAL_RULE,
      [unit('a', 'kan-ej-bedomas'), unit('b', 'kan-ej-bedomas')],
      [],
    );
    expect(none.status.id).toBe('kan-ej-bedomas');
    const red = propose(
      scale,
      DEFAULT_PROPOSAL_RULE,
      [unit('a', 'uppfylls-ej'), unit('b', 'kan-ej-bedomas')],
      [],
    );
    expect(red.status.id).toBe('uppfylls-ej');
    // The units' mean: two say delvis (½ each), AMS says ej (0); OSA has not answered.
    const g = goal(model, 'kostnadseffektiva-arbetsmarknadsatgarder');
    expect(g.proposal.score).toBeCloseTo(1 / 3, 10);
    // A stricter rule for what counts as enough answers turns the same goal into "Kan ej bedömas".
    const strict = propose(scale, { ...DEFAULT_PROPOSAL_RULE, minUnitShare: 1 }, g.units, g.indicators);
    expect(strict.status.id).toBe('kan-ej-bedomas');
    expect(strict.summary).toBe('Underlag saknas: 3 av 4 enheter har svarat');
  });

  it('shows the leadership decision beside the proposal, with who and when', () => {
    const decision: Decision = {
      committeeId: 'an',
      periodId: '2024-08',
      goalId: 'hog-egenforsorjningsgrad',
      revision: 2,
      statusId: 'uppfylls',
      motivation: 'Bedömningen baseras på att antalet hushåll minskar och ligger under målvärdet.',
      proposedStatusId: 'uppfylls-delvis',
      decidedBy: people.helena,
      decidedAt: '2024-09-11T08:30:00.000Z',
    };
    const decided = aggregate(input({ decisions: [decision] }));
    const g = goal(decided, 'hog-egenforsorjningsgrad');
    expect(g.decision).toMatchObject({
      status: { id: 'uppfylls', label: 'Uppfylls' },
      decidedBy: people.helena,
      decidedAtText: '11 september 2024 kl. 10:30',
      revision: 2,
      proposedStatusId: 'uppfylls-delvis',
    });
    expect(g.proposal.status.id).toBe('uppfylls-delvis');
    expect(g.effective.source).toBe('decision');
    expect(g.effective.sentence).toBe('Nämndmålet bedöms uppnås under året.');
    expect(g.basisText).toBe(decision.motivation);
    expect(decided.statusOverview.find((o) => o.status.id === 'uppfylls')?.count).toBe(1);
  });

  it('attributes results and deviations and merges identical lines', () => {
    const g = goal(model, 'hog-egenforsorjningsgrad');
    expect(g.results.map((r) => [r.text, r.units.map((u) => u.shortName)])).toEqual([
      ['Arena Arbetsmarknad är breddinfört.', ['AMC', 'AMF']],
      ['Till och med delår 2 har 18 jobbspår genomförts och 14 är pågående.', ['AMC']],
      ['Färre hushåll återaktualiseras.', ['AMF', 'IAF stab']],
      ['Ny enhet sedan årsskiftet.', ['Integrationsenheten']],
    ]);
    // With and without a full stop it is the same line; "Inga avvikelser" goes last.
    expect(g.deviations).toHaveLength(1);
    expect(g.deviations[0]?.units.map((u) => u.shortName)).toEqual([
      'AMC',
      'AMF',
      'Integrationsenheten',
      'IAF stab',
    ]);
    const kk = goal(model, 'kunskap-och-kompetens');
    expect(kk.deviations.map((d) => d.text)).toEqual([
      'Vägledningen har långa väntetider under augusti.',
      'Inga avvikelser inom aktiviteterna i verksamhetsplanen.',
    ]);
  });

  it('splits free text into items by bullets or lines', () => {
    expect(splitItems('● Ett\n● Två som\nfortsätter\n- Tre')).toEqual(['Ett', 'Två som fortsätter', 'Tre']);
    expect(splitItems('Rad ett\n\nRad två')).toEqual(['Rad ett', 'Rad två']);
    expect(splitItems('  ')).toEqual([]);
    const merged = attribute([
      { unit: { unitId: 'a', shortName: 'A' }, text: 'Samma sak.' },
      { unit: { unitId: 'b', shortName: 'B' }, text: 'samma  sak' },
    ]);
    expect(merged).toEqual([
      {
        text: 'Samma sak.',
        units: [
          { unitId: 'a', shortName: 'A' },
          { unitId: 'b', shortName: 'B' },
        ],
      },
    ]);
  });
});

describe('indicators', () => {
  it('computes a share from Σ numerator / Σ denominator, not the average of the percentages', () => {
    const ind = indicator(model, 'vux-gymnasiala-andel-godkanda');
    const total = row(ind);
    expect(total.numerator).toBe(1_050);
    expect(total.denominator).toBe(1_250);
    expect(total.value).toBeCloseTo(84.0, 10);
    // The two units' own percentages are 90 % and 60 %: their average, 75 %, would miss the target.
    const own = ind.units.map((u) => u.value.total ?? 0);
    expect(own).toEqual([90, 60]);
    expect(own.reduce((a, b) => a + b, 0) / own.length).toBe(75);
    expect(total.status.code).toBe('met');
    expect(total.valueText).toBe('84,0 %');
    expect(ind.status.code).toBe('met');
  });

  it('splits by kön with its own targets', () => {
    const ind = indicator(model, 'vux-gymnasiala-andel-godkanda');
    const k = row(ind, 'kvinnor');
    const m = row(ind, 'man');
    expect([k.numerator, k.denominator, k.value]).toEqual([660, 750, 88]);
    expect([m.numerator, m.denominator, m.value]).toEqual([390, 500, 78]);
    expect(k.status.code).toBe('met');
    expect(m.status.code).toBe('not_met');
    expect(k.target?.text).toBe('86');
    // 2023 has only a part of the year in the budget: shown, marked *, and named in a note.
    expect(m.history.map((h) => h.text)).toEqual(['77,3', '77,9*']);
  });

  it('takes a committee-wide figure once, from the controller, never as a sum of units', () => {
    const ind = indicator(model, 'antal-hushall-med-insats');
    const total = row(ind);
    expect(total.value).toBe(2_340);
    expect(total.contributingUnits).toEqual([COMMITTEE_UNIT_ID]);
    expect(ind.units.map((u) => u.shortName)).toEqual(['nämndens controller']);
    expect(total.previousValue).toBe(2_400);
    expect(total.trend).toEqual({ direction: 'down', change: -60, improved: true, text: '↓ 60 (bättre)' });
    expect(total.target?.text).toBe('2\u00a0400');
    expect(total.status).toMatchObject({ code: 'met', label: 'Uppnås' });
    expect(ind.series.filter((s) => s.value !== null)).toEqual([
      { periodId: '2024-06', month: 6, value: 2_420 },
      { periodId: '2024-07', month: 7, value: 2_400 },
      { periodId: '2024-08', month: 8, value: 2_340 },
    ]);
  });

  it('does not judge a value that lacks a reporting unit, and says which', () => {
    const ind = indicator(model, 'belaggningsgrad-interna-platser');
    expect(row(ind).value).toBe(50);
    expect(row(ind).valueText).toBe('50,0 %');
    expect(row(ind).status).toEqual({
      code: 'incomplete',
      label: 'Ej bedömd',
      reason:
        'Utfallet för augusti 2024 omfattar 1 av 2 enheter (saknas: OSA) – bedöms när alla har rapporterat.',
    });
    expect(ind.coverageNote).toBe(row(ind).status.reason);
    expect(ind.countsInProposal).toBe(false);
  });

  it('shows the latest value and from when when the period has none, but only counts this year', () => {
    const eh = indicator(model, 'e-handelstrohet');
    expect(row(eh).valueText).toBe('I.U.');
    expect(row(eh).latest).toMatchObject({
      value: 86.2,
      source: 'earlier_period',
      label: 'Juni 2024',
      periodId: '2024-06',
    });
    expect(eh.status.code).toBe('not_met');
    expect(eh.countsInProposal).toBe(true);

    const befolkning = indicator(model, 'andel-befolkningen-ekonomiskt-bistand');
    expect(befolkning.askedThisPeriod).toBe(false);
    expect(row(befolkning).latest).toMatchObject({
      value: 4.5,
      source: 'history',
      label: 'Utfall tom augusti 2023',
    });
    // Last year's value is shown for context, never judged against this year's target.
    expect(row(befolkning).status).toEqual({
      code: 'no_outcome',
      label: 'Inget utfall i år',
      reason: 'Senaste utfallet 4,50 % (utfall tom augusti 2023) bedöms inte mot målvärdet för 2024.',
    });
    expect(befolkning.status.code).toBe('no_outcome');
    expect(befolkning.countsInProposal).toBe(false);
    expect(befolkning.missingUnits).toEqual([]);
  });

  it('keeps parts (förvaltning) apart with their own targets and leaves unreported parts out', () => {
    const ind = indicator(model, 'sjukfranvaro');
    expect(row(ind, 'total', 'IAF')).toMatchObject({ value: 6.5, status: { code: 'met' } });
    expect(row(ind, 'man', 'IAF')).toMatchObject({ value: 10, status: { code: 'not_met' } });
    expect(row(ind, 'total', 'UTB').value).toBeNull();
    expect(row(ind, 'total', 'UTB').latest?.source).toBe('history');
    expect(ind.status.code).toBe('not_met');
    // The committee total needs both förvaltningar: shown, not judged.
    expect(row(ind)).toMatchObject({ value: 6.5, status: { code: 'incomplete' } });
    expect(ind.coverageNote).toBe(
      'Utfallet för augusti 2024 omfattar 1 av 2 enheter (saknas: UTB stab) – bedöms när alla har rapporterat.',
    );
  });

  it('does not invent a committee total for values that are not combined', () => {
    const hme = indicator(model, 'hallbart-medarbetarengagemang');
    expect(row(hme).value).toBeNull();
    expect(row(hme, 'total', 'IAF')).toMatchObject({ value: 74, status: { code: 'met' } });
    expect(row(hme, 'total', 'UTB').status.code).toBe('no_target');
    expect(hme.status.code).toBe('met');
  });

  it('reports text targets and I.U. without counting them as missed', () => {
    const kon = indicator(model, 'konsskillnader-brukarundersokning');
    expect(row(kon).noOutcome).toBe(true);
    expect(row(kon).target).toMatchObject({ kind: 'text', text: 'Inga signifikanta skillnader' });
    expect(kon.status.code).toBe('no_outcome');
  });
});

describe('economy', () => {
  it('per row: prognos vs budget, avvikelse = budget − prognos, change against July', () => {
    const rows = Object.fromEntries(
      model.economy.rows.map((r) => [
        r.id,
        [
          r.budgetTkr,
          r.prognosisTkr,
          r.deviationTkr,
          r.previousPrognosisTkr,
          r.previousDeviationTkr,
          r.changeTkr,
        ],
      ]),
    );
    expect(rows).toEqual({
      'namnd-och-styrelseverksamhet': [1_800, 1_750, 50, 1_800, 0, -50],
      'ekonomiskt-bistand': [323_000, 330_500, -7_500, 332_000, -9_000, -1_500],
      flyktingmottagande: [40_800, 42_300, -1_500, null, null, null],
      arbetsmarknadsatgarder: [113_400, 111_000, 2_400, 112_000, 1_400, -1_000],
      'integrations-och-arbetsmarknadsforvaltningen': [29_500, 29_500, 0, 29_500, 0, 0],
      'grundlaggande-vuxenutbildning': [21_800, 21_800, 0, null, null, null],
      'gymnasial-vuxenutbildning': [41_200, 40_000, 1_200, null, null, null],
      'sarskild-vuxenutbildning': [4_300, 4_300, 0, null, null, null],
      sfi: [63_200, 64_500, -1_300, null, null, null],
      utbildningsforvaltningen: [4_300, null, null, null, null, null],
    });
    const eb = model.economy.rows.find((r) => r.id === 'ekonomiskt-bistand');
    expect(eb?.needsComment).toBe(true);
    expect(eb?.comments).toEqual([
      {
        text: 'Fler hushåll med långvarigt bistånd och höjd riksnorm.',
        units: [{ unitId: 'iaf-stab', shortName: 'IAF stab' }],
      },
    ]);
  });

  it('nämnd total, rows without prognosis at budget, and the units that have not reported', () => {
    expect(model.economy.total).toMatchObject({
      budgetTkr: 643_300,
      prognosisTkr: 649_950,
      deviationTkr: -6_650,
      previousPrognosisTkr: 650_900,
      previousDeviationTkr: -7_600,
      // Like with like: the four rows with a prognosis in both July and August, not rows that
      // counted at budget in July and have a prognosis now.
      changeTkr: -2_550,
      changeNote:
        'Ändringen gäller de 4 av 9 rader med prognos som hade prognos båda gångerna; rader som då räknades med budget ingår inte',
      rowsWithoutPrognosis: ['Utbildningsförvaltningen'],
      budgetCountedTkr: 4_300,
      budgetCountedText: '1 rad utan prognos i år räknas med budget: 4\u00a0300 tkr av 643\u00a0300 tkr',
      statedBudgetTkr: 643_400,
    });
    expect(model.economy.missingUnits).toEqual([{ unitId: 'utb-stab', shortName: 'UTB stab' }]);
    expect(model.economy.previousPeriod?.id).toBe('2024-07');
  });

  it('Träffsäkerhet: waits for the year outcome, then compares the August and October prognoses', () => {
    expect(model.economy.accuracy).toEqual([]);
    expect(model.economy.accuracyNote).toBe(
      'Träffsäkerhet i ekonomiprognos kan beräknas när helårsutfallet för 2024 finns.',
    );

    const withOutcome: CommitteeConfig = {
      ...config,
      economy: {
        ...config.economy,
        totals: { ...config.economy.totals, outcome: { ...config.economy.totals.outcome, '2024': 646_000 } },
      },
    };
    const all = (month: string, prognoses: Record<string, number>) =>
      fixtureEvents()
        .filter((e) => e.periodId === '2024-08')
        .map((e) => ({ ...e, periodId: month }))
        .map((e) =>
          e.kind === 'save' && e.payload.kind === 'economy'
            ? {
                ...e,
                payload: {
                  kind: 'economy' as const,
                  rows: Object.fromEntries(
                    Object.keys(e.payload.rows).map((id) => [
                      id,
                      { prognosisTkr: prognoses[id] ?? 0, comment: '' },
                    ]),
                  ),
                },
              }
            : e,
        );
    const budgets = Object.fromEntries(config.economy.rows.map((r) => [r.id, r.budget['2024'] ?? 0]));
    // August: 6 430 tkr over budget in total; October: 2 000 tkr over. UTB stab sends in both months.
    const aug = { ...budgets, 'ekonomiskt-bistand': 329_430 };
    const oct = { ...budgets, 'ekonomiskt-bistand': 325_000 };
    const events = [
      ...all('2024-08', aug),
      ...all('2024-10', oct),
      {
        kind: 'save' as const,
        periodId: '2024-08',
        unitId: 'utb-stab',
        item: 'economy' as const,
        payload: {
          kind: 'economy' as const,
          rows: { utbildningsforvaltningen: { prognosisTkr: 4_300, comment: '' } },
        },
        by: people.utbStab,
        at: '2024-09-05T12:00:00.000Z',
      },
      {
        kind: 'submit' as const,
        periodId: '2024-08',
        unitId: 'utb-stab',
        by: people.utbStab,
        at: '2024-09-05T12:01:00.000Z',
      },
      {
        kind: 'save' as const,
        periodId: '2024-10',
        unitId: 'utb-stab',
        item: 'economy' as const,
        payload: {
          kind: 'economy' as const,
          rows: { utbildningsforvaltningen: { prognosisTkr: 4_300, comment: '' } },
        },
        by: people.utbStab,
        at: '2024-11-05T12:00:00.000Z',
      },
      {
        kind: 'submit' as const,
        periodId: '2024-10',
        unitId: 'utb-stab',
        by: people.utbStab,
        at: '2024-11-05T12:01:00.000Z',
      },
    ];
    const december = withOutcome.periods.find((p) => p.id === '2024-12') as Period;
    const m = aggregate({
      config: withOutcome,
      period: december,
      answers: periodAnswers(withOutcome, events),
      decisions: [],
      generatedAt: GENERATED_AT,
    });
    const [a, o] = m.economy.accuracy;
    expect(a).toMatchObject({
      month: 8,
      label: 'Augusti',
      periodId: '2024-08',
      prognosisTkr: 649_730,
      outcomeTkr: 646_000,
      budgetTkr: 643_400,
    });
    expect(a?.deviationPercent).toBeCloseTo((100 * 3_730) / 643_400, 10);
    expect(a?.text).toBe(
      'Augusti: prognos 649\u00a0730 tkr mot utfall 646\u00a0000 tkr, avvikelse 0,6 % av budget',
    );
    expect(o).toMatchObject({ month: 10, prognosisTkr: 645_300 });
    expect(o?.deviationPercent).toBeCloseTo((100 * -700) / 643_400, 10);
  });
});

describe('uppdrag', () => {
  it("combines the units' statuses and comments per uppdrag, and lists who has not answered", () => {
    const strategic = model.assignments.find((g) => g.kind === 'namndspecifikt');
    const plikt = strategic?.items.find((i) => i.id === 'aktivitetsplikt');
    expect(plikt).toMatchObject({
      status: { id: 'pagar', label: 'Pågår' },
      statusText: 'Pågår',
      commentText: 'AMC: Följer tidsplaneringen. AMF: Införs i höst.',
      missingUnits: [],
    });
    const common = model.assignments.find((g) => g.kind === 'kommungemensamt');
    const platser = common?.items.find((i) => i.id === '500-arbetsmarknadsplatser');
    expect(platser?.missingUnits).toEqual([{ unitId: 'osa', shortName: 'OSA' }]);
    // AMC and AMS say Pågår, OSA has not answered: no status for the whole item yet.
    expect(platser?.status).toBeNull();
    expect(platser?.statusText).toBe('2 av 3 enheter har svarat (AMC: Pågår, AMS: Pågår)');
    expect(model.assignments.map((g) => g.title)).toEqual([
      'Kommungemensamma strategiska utvecklingsuppdrag',
      'Nämndspecifika strategiska utvecklingsuppdrag',
      'Nämnduppdrag',
      'Internkontroll',
    ]);
  });
});

describe('the model as JSON', () => {
  it('is versioned and survives a JSON round trip unchanged', () => {
    expect(model.schemaVersion).toBe(3);
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
    expect(Object.keys(model)).toEqual([
      'schemaVersion',
      'generatedAt',
      'generatedAtText',
      'committee',
      'period',
      'layout',
      'basis',
      'statusScale',
      'proposalRule',
      'statusOverview',
      'areas',
      'assignments',
      'economy',
      'volumes',
      'personnel',
      'internalControl',
      'completeness',
      'answers',
    ]);
  });

  it('is a pure function of its input', () => {
    expect(aggregate(input())).toEqual(model);
  });
});

describe('history columns of a later year', () => {
  it('take a December the bot stored, once everyone it depends on reported; a part of a year is marked *', () => {
    const report = config.periods.find((x) => x.id === '2025-08') as Period;
    const december = config.periods.find((x) => x.id === '2024-12') as Period;
    const stored = {
      committeeId: 'an',
      periodId: '2024-12',
      unitId: COMMITTEE_UNIT_ID,
      item: 'committee' as const,
      revision: 1,
      state: 'complete' as const,
      payload: {
        kind: 'committee' as const,
        indicators: {
          'antal-utbetalningshushall': {
            noOutcome: false,
            value: { total: 2_222, kvinnor: null, man: null },
          },
        },
      },
      answeredBy: people.david,
      answeredAt: '2025-01-07T08:00:00.000Z',
      activityId: null,
    };
    const m = aggregate({
      config,
      period: report,
      answers: [{ period: december, current: [stored], submittedVersions: [] }],
      decisions: [],
      generatedAt: GENERATED_AT,
    });
    const households = indicator(m, 'antal-utbetalningshushall');
    expect(households.historyLabels).toEqual(['2023', '2024']);
    expect(row(households).history.map((h) => h.text)).toEqual(['2\u00a0160*', '2\u00a0222']);
    expect(households.historyNotes).toEqual(['* 2023: utfall tom augusti 2023']);
    // Without December's answers the year has no value: nothing is guessed.
    const without = aggregate({
      config,
      period: report,
      answers: [],
      decisions: [],
      generatedAt: GENERATED_AT,
    });
    expect(row(indicator(without, 'antal-utbetalningshushall')).history.map((h) => h.text)).toEqual([
      '2\u00a0160*',
      '',
    ]);
  });
});
