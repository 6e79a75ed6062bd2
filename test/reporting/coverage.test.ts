/**
 * Numbers leadership can trust, on AN's configuration: a figure is judged only when everyone it
 * depends on has reported for the period it is shown for, a goal is proposed only on enough
 * answers, kön rows only where kön values exist, and the economy indicators are computed.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Period } from '../../src/calendar/periods.js';
import {
  type CommitteeConfig,
  type IndicatorInContext,
  loadConfig,
  type Unit,
} from '../../src/config/load-config.js';
import type { GoalAnswer, IndicatorOutcome } from '../../src/followup/answers.js';
import { unitTargetText } from '../../src/followup/views.js';
import { scopeOf } from '../../src/leadership/scope.js';
import { decideCard, prognosisCard } from '../../src/leadership/views.js';
import { aggregate, allGoals } from '../../src/reporting/aggregate.js';
import { buildIndicator } from '../../src/reporting/indicators.js';
import type { ReportModel } from '../../src/reporting/report-model.js';
import {
  type FixtureEvent,
  fixtureEvents,
  GENERATED_AT,
  people,
  periodAnswers,
} from '../support/report-fixtures.js';

const config: CommitteeConfig = await loadConfig(fileURLToPath(new URL('../../config', import.meta.url)));
const period = (id: string) => config.periods.find((p) => p.id === id) as Period;

/** The configuration with one indicator changed and given to other units. */
function variant(
  indicatorId: string,
  change: Partial<IndicatorInContext>,
  reporters?: readonly string[],
): CommitteeConfig {
  const indicator = config.indicatorsById.get(indicatorId) as IndicatorInContext;
  const units: Unit[] = config.units.map((u) => {
    if (!reporters) return u;
    const has = u.reports.indicators.includes(indicatorId);
    const wanted = reporters.includes(u.id);
    if (has === wanted) return u;
    const indicators = wanted
      ? [...u.reports.indicators, indicatorId]
      : u.reports.indicators.filter((i) => i !== indicatorId);
    return { ...u, reports: { ...u.reports, indicators } };
  });
  return {
    ...config,
    units,
    unitsById: new Map(units.map((u) => [u.id, u])),
    indicatorsById: new Map([...config.indicatorsById, [indicatorId, { ...indicator, ...change }]]),
  };
}

const v = (total: number): IndicatorOutcome => ({
  noOutcome: false,
  value: { total, kvinnor: null, man: null },
});

function goalSave(
  periodId: string,
  unitId: keyof typeof people,
  realUnit: string,
  goalId: string,
  statusId: string,
  indicators: Record<string, IndicatorOutcome>,
  at: string,
): FixtureEvent[] {
  const payload: GoalAnswer = {
    kind: 'goal',
    goalId,
    statusId,
    results: 'Resultat.',
    deviations: 'Inga.',
    indicators,
  };
  return [
    { kind: 'save', periodId, unitId: realUnit, item: `goal:${goalId}`, payload, by: people[unitId], at },
    { kind: 'submit', periodId, unitId: realUnit, by: people[unitId], at },
  ];
}

function report(cfg: CommitteeConfig, periodId: string, events: readonly FixtureEvent[]): ReportModel {
  return aggregate({
    config: cfg,
    period: period(periodId),
    answers: periodAnswers(cfg, events),
    decisions: [],
    generatedAt: GENERATED_AT,
  });
}

const indicatorOf = (model: ReportModel, id: string) => {
  const found = allGoals(model)
    .flatMap((g) => g.indicators)
    .find((i) => i.id === id);
  if (!found) throw new Error(id);
  return found;
};

describe('coverage before verdicts', () => {
  it("does not judge July's partial sum when August falls back to it", () => {
    // Suppose the three units each reported their own caseload, so the parts add up to the whole.
    const parts = variant(
      'antal-hushall-med-insats',
      { reportedBy: 'units', reporter: 'units', aggregation: { kind: 'sum' } },
      ['amc', 'amf', 'integrationsenheten'],
    );
    // In July only AMC reported its 900 households; in August nobody has reported yet.
    const events = goalSave(
      '2024-07',
      'amc',
      'amc',
      'hog-egenforsorjningsgrad',
      'uppfylls-delvis',
      { 'antal-hushall-med-insats': v(900) },
      '2024-08-05T07:00:00.000Z',
    );
    const ind = indicatorOf(report(parts, '2024-08', events), 'antal-hushall-med-insats');
    const total = ind.rows[0];
    expect(total?.latest).toMatchObject({ value: 900, source: 'earlier_period', label: 'Juli 2024' });
    expect(total?.status).toEqual({
      code: 'incomplete',
      label: 'Ej bedömd',
      reason:
        'Utfallet för juli 2024 omfattar 1 av 3 enheter (saknas: AMF och Integrationsenheten) – bedöms när alla har rapporterat.',
    });
    expect(JSON.stringify(ind)).not.toContain('når målvärdet');
    expect(ind.countsInProposal).toBe(false);
  });

  it('judges the same sum once every unit has reported its part', () => {
    const parts = variant(
      'antal-hushall-med-insats',
      { reportedBy: 'units', reporter: 'units', aggregation: { kind: 'sum' } },
      ['amc', 'amf', 'integrationsenheten'],
    );
    const events = [
      ...goalSave(
        '2024-08',
        'amc',
        'amc',
        'hog-egenforsorjningsgrad',
        'uppfylls-delvis',
        { 'antal-hushall-med-insats': v(1_250) },
        '2024-09-02T07:00:00.000Z',
      ),
      ...goalSave(
        '2024-08',
        'amf',
        'amf',
        'hog-egenforsorjningsgrad',
        'uppfylls-delvis',
        { 'antal-hushall-med-insats': v(1_000) },
        '2024-09-02T08:00:00.000Z',
      ),
      ...goalSave(
        '2024-08',
        'integration',
        'integrationsenheten',
        'hog-egenforsorjningsgrad',
        'kan-ej-bedomas',
        { 'antal-hushall-med-insats': v(90) },
        '2024-09-02T09:00:00.000Z',
      ),
    ];
    const ind = indicatorOf(report(parts, '2024-08', events), 'antal-hushall-med-insats');
    expect(ind.rows[0]?.value).toBe(2_340);
    expect(ind.rows[0]?.status).toMatchObject({ code: 'met', label: 'Uppnås' });
    expect(ind.coverageNote).toBeNull();
  });

  it('proposes nothing for any goal when one unit of nine has answered', () => {
    // Only AMC has sent in for August; the controller has not reported either.
    const amcOnly = fixtureEvents().filter((e) => e.periodId !== '2024-08' || e.unitId === 'amc');
    const model = report(config, '2024-08', amcOnly);
    expect(model.basis.unitsIncluded).toBe(1);
    const goals = allGoals(model);
    expect(goals.map((g) => g.proposal.status.id)).toEqual(goals.map(() => 'kan-ej-bedomas'));
    const bemotande = goals.find((g) => g.id === 'professionellt-bemotande');
    expect(bemotande?.proposal.summary).toBe('Underlag saknas: 1 av 3 enheter har svarat');
    expect(bemotande?.proposal.coverage.sufficient).toBe(false);
    const digital = goals.find((g) => g.id === 'digitaliseringens-mojligheter');
    expect(digital?.proposal.summary).toBe('Underlag saknas: 0 av 2 enheter har svarat');
    // The report's sentence does not claim a judgement that was never made.
    expect(digital?.effective.sentence).toBe('Nämndmålet kan ej bedömas vid delår 2 för helår 2024.');
  });
});

describe('no contradictions', () => {
  it('shows kön rows only where kön values were entered or the history has them', () => {
    const noKonHistory = variant('sfi-klarat-tva-kurser', {
      history: (config.indicatorsById.get('sfi-klarat-tva-kurser')?.history ?? []).map((h) => ({
        label: h.label,
        total: h.total ?? null,
      })),
    });
    const totalOnly = goalSave(
      '2024-08',
      'cfv',
      'cfv',
      'kunskap-och-kompetens',
      'uppfylls-delvis',
      { 'sfi-klarat-tva-kurser': v(36.2) },
      '2024-09-02T07:00:00.000Z',
    );
    const ind = indicatorOf(report(noKonHistory, '2024-08', totalOnly), 'sfi-klarat-tva-kurser');
    expect(ind.rows.map((r) => r.label)).toEqual(['Totalt']);
    expect(ind.rows[0]?.valueText).toBe('36,2 %');

    const withKon = goalSave(
      '2024-08',
      'cfv',
      'cfv',
      'kunskap-och-kompetens',
      'uppfylls-delvis',
      {
        'sfi-klarat-tva-kurser': {
          noOutcome: false,
          value: { total: 36.2, kvinnor: 40.1, man: 31.5 },
        },
      },
      '2024-09-02T07:00:00.000Z',
    );
    const split = indicatorOf(report(noKonHistory, '2024-08', withKon), 'sfi-klarat-tva-kurser');
    expect(split.rows.map((r) => [r.label, r.valueText])).toEqual([
      ['Totalt', '36,2 %'],
      ['Kvinnor', '40,1 %'],
      ['Män', '31,5 %'],
    ]);
  });

  it('never shows a value beside I.U., nor "inget målvärde" beside a verdict', () => {
    const model = report(config, '2024-08', fixtureEvents());
    for (const ind of allGoals(model).flatMap((g) => g.indicators)) {
      for (const row of ind.rows) {
        if (row.status.label === 'I.U.') expect(row.latest, `${ind.id} ${row.label}`).toBeNull();
        if (row.status.code === 'met' || row.status.code === 'not_met') {
          expect(row.target, `${ind.id} ${row.label}`).not.toBeNull();
          expect(row.latest?.source, `${ind.id} ${row.label}`).not.toBe('history');
        }
      }
      // The indicator's own verdict stands on its total row when that has a target.
      const total = ind.rows.find((r) => r.key === 'total' && r.partId === null);
      if (ind.status.label === 'I.U.' && total?.target) expect(total.latest, ind.id).toBeNull();
    }
  });
});

describe('computed economy indicators', () => {
  const now = { period: period('2024-12'), selection: new Map(), committee: null };
  const accuracy = (id: string, value: number | null) =>
    buildIndicator(config, config.indicatorsById.get(id) as IndicatorInContext, now, [], null, {
      value,
      judgeMagnitude: true,
      missingReason: 'Beräknas när bokslutet för 2024 finns.',
    });

  it('judges träffsäkerhet by its size and prints it signed', () => {
    const october = accuracy('traffsakerhet-prognos-oktober', -0.7);
    expect(october.rows[0]?.valueText).toBe('\u22120,7 %');
    expect(october.status.code).toBe('not_met');
    expect(october.status.reason).toContain('0,7 procentenheter');
    expect(accuracy('traffsakerhet-prognos-oktober', -0.4).status.code).toBe('met');
    expect(accuracy('traffsakerhet-prognos-augusti', -0.7).status.code).toBe('met');
  });

  it('waits for the bokslut instead of judging last year', () => {
    const waiting = accuracy('traffsakerhet-prognos-augusti', null);
    expect(waiting.rows[0]?.status.code).toBe('no_outcome');
    expect(waiting.countsInProposal).toBe(false);
  });

  it('computes avvikelse mot budget from the economy section, not from a typed value', () => {
    const model = report(config, '2024-08', fixtureEvents());
    const ind = indicatorOf(model, 'avvikelse-mot-budget');
    const { deviationTkr, budgetTkr } = model.economy.total;
    expect(deviationTkr).not.toBeNull();
    expect(ind.rows[0]?.value).toBeCloseTo(((deviationTkr ?? 0) / budgetTkr) * 100, 10);
    expect(Math.sign(ind.rows[0]?.value ?? 0)).toBe(Math.sign(deviationTkr ?? 0));
    expect(ind.units).toEqual([]);
  });
});

describe("a unit's card", () => {
  it("shows the unit's own target for its part, never the committee's as if it were its own", () => {
    const stab = config.unitsById.get('iaf-stab') as Unit;
    const amf = config.unitsById.get('amf') as Unit;
    const sjuk = config.indicatorsById.get('sjukfranvaro') as IndicatorInContext;
    const brukar = config.indicatorsById.get('andel-positiva-svar-brukarenkat') as IndicatorInContext;
    expect(unitTargetText(config, sjuk, stab, '2024')).toBe('Målvärde 2024 för IAF: 6,5 % (lägre är bättre)');
    expect(unitTargetText(config, brukar, amf, '2024')).toBe(
      'Målvärde 2024 för hela nämnden (AMF:s del räknas in): 90,0 % (högre är bättre)',
    );
  });
});

describe("leadership's decision form", () => {
  it('preselects nothing when the proposal stands on too few answers, and the proposal otherwise', () => {
    const leader = config.organisation.leadership.find((l) => l.aadObjectId === 'demo-ledning');
    if (!leader) throw new Error('demo-ledning');
    const scope = scopeOf(config, leader);
    const amcOnly = fixtureEvents().filter((e) => e.periodId !== '2024-08' || e.unitId === 'amc');
    const thin = report(config, '2024-08', amcOnly);
    const thinGoal = allGoals(thin).find((g) => g.id === 'hog-egenforsorjningsgrad');
    if (!thinGoal) throw new Error('goal');
    const form = decideCard({ config, model: thin, scope, goal: thinGoal, rev: 0 });
    expect(form.status.value).toBe('');
    const overview = prognosisCard({ config, model: thin, scope, mayDownload: false });
    const line = overview.areas.flatMap((a) => a.goals).find((g) => g.name === 'Hög egenförsörjningsgrad');
    expect(line).toMatchObject({
      label: 'Kan ej bedömas',
      sourceText: 'underlag saknas: 1 av 4 enheter har svarat',
    });
    expect(form.proposal.label).toBe('Förslag: Kan ej bedömas');
    expect(form.proposalReasons.map((r) => r.text)).toContain(
      'underlag saknas: 1 av 4 enheter har svarat (3 saknas; minst 50 % behövs) → kan ej bedömas',
    );

    const full = report(config, '2024-08', fixtureEvents());
    const fullGoal = allGoals(full).find((g) => g.id === 'hog-egenforsorjningsgrad');
    if (!fullGoal) throw new Error('goal');
    expect(decideCard({ config, model: full, scope, goal: fullGoal, rev: 0 }).status.value).toBe(
      'uppfylls-delvis',
    );
  });
});
