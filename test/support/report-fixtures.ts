/**
 * A realistic follow-up month for the reporting tests: August 2024 (delår 2) for AN with the
 * shipped configuration, plus June and July for trends, previous prognoses and latest values.
 *
 * The household counts are one committee-wide figure each (Lifecare), reported by the controller
 * under COMMITTEE_UNIT_ID: 2 420 in June, 2 400 in July, 2 340 in August.
 *
 * Who did what in August (9 units):
 * - AMC, AMF, AMS, Integrationsenheten, IAF stab, CFV: sent in.
 * - Linvux: sent in, then changed two items (the changes are drafts: the report must use what was sent in).
 * - UTB stab: a draft only (not sent in).  OSA: nothing at all.
 * The vuxenutbildning share "andel godkända, gymnasiala kurser" is reported by Linvux (900/1000)
 * and CFV (150/250): the honest share is 1050/1250 = 84,0 % (meets the target 84,0); the average
 * of the two percentages would be 75,0 %.
 */

import type { CommitteeConfig } from '../../src/config/load-config.js';
import {
  type AnswerPayload,
  type AssignmentsAnswer,
  type Cell,
  COMMITTEE_UNIT_ID,
  type CommitteeIndicatorsAnswer,
  type EconomyAnswer,
  type GoalAnswer,
  type IndicatorOutcome,
} from '../../src/followup/answers.js';
import type { Actor, AnswerStore, ItemKey, StoredAnswer } from '../../src/followup/ports.js';
import type { PeriodAnswers } from '../../src/reporting/select-answers.js';

export const COMMITTEE = 'an';

export const people = {
  amc: { aadObjectId: 'demo-chef-amc', name: 'Anna Lind' },
  amf: { aadObjectId: 'demo-chef-amf', name: 'Karin Holm' },
  mats: { aadObjectId: 'demo-chef-multi', name: 'Mats Ekström' },
  integration: { aadObjectId: 'demo-chef-integration', name: 'Leila Nordin' },
  iafStab: { aadObjectId: 'demo-chef-stab', name: 'Sofia Berg' },
  linvux: { aadObjectId: 'demo-chef-linvux', name: 'Johan Dahl' },
  cfv: { aadObjectId: 'demo-chef-cfv', name: 'Maria Wikström' },
  utbStab: { aadObjectId: 'demo-chef-utb-stab', name: 'Peter Lund' },
  helena: { aadObjectId: 'demo-ledning', name: 'Helena Strand' },
  david: { aadObjectId: 'demo-controller', name: 'David Ek' },
} as const satisfies Record<string, Actor>;

// ── payload helpers ──────────────────────────────────────────────────────────────────────────────

const cell = (total: number | null, kvinnor: number | null = null, man: number | null = null): Cell => ({
  total,
  kvinnor,
  man,
});
/** A plain value (count, index, single-unit share). */
const v = (
  total: number | null,
  kvinnor: number | null = null,
  man: number | null = null,
): IndicatorOutcome => ({
  noOutcome: false,
  value: cell(total, kvinnor, man),
});
/** I.U.: no outcome this period. */
const iu = (): IndicatorOutcome => ({ noOutcome: true, value: cell(null) });
type Triple = readonly [number | null, (number | null)?, (number | null)?];
/** A share from its counts; `percent` as the answer parser computes it (100 × n / d). */
function share(n: Triple, d: Triple, percent = true): IndicatorOutcome {
  const num = cell(n[0], n[1] ?? null, n[2] ?? null);
  const den = cell(d[0], d[1] ?? null, d[2] ?? null);
  const f = percent ? 100 : 1;
  const ratio = (a: number | null, b: number | null) => (a === null || b === null ? null : (f * a) / b);
  return {
    noOutcome: false,
    value: cell(ratio(num.total, den.total), ratio(num.kvinnor, den.kvinnor), ratio(num.man, den.man)),
    numerator: num,
    denominator: den,
  };
}

function goal(
  goalId: string,
  statusId: string | null,
  results: string,
  deviations: string,
  indicators: Record<string, IndicatorOutcome> = {},
): GoalAnswer {
  return { kind: 'goal', goalId, statusId, results, deviations, indicators };
}

function economy(rows: Record<string, [number | null, string?]>): EconomyAnswer {
  return {
    kind: 'economy',
    rows: Object.fromEntries(
      Object.entries(rows).map(([id, [prognosisTkr, comment]]) => [
        id,
        { prognosisTkr, comment: comment ?? '' },
      ]),
    ),
  };
}

function assignments(items: Record<string, [string | null, string?]>): AssignmentsAnswer {
  return {
    kind: 'assignments',
    items: Object.fromEntries(
      Object.entries(items).map(([id, [statusId, comment]]) => [id, { statusId, comment: comment ?? '' }]),
    ),
  };
}

const NO_DEVIATIONS = 'Inga avvikelser inom aktiviteterna i verksamhetsplanen.';

function committee(indicators: Record<string, IndicatorOutcome>): CommitteeIndicatorsAnswer {
  return { kind: 'committee', indicators };
}

// ── events ───────────────────────────────────────────────────────────────────────────────────────

export type FixtureEvent =
  | {
      readonly kind: 'save';
      readonly periodId: string;
      readonly unitId: string;
      readonly item: ItemKey;
      readonly payload: AnswerPayload;
      readonly by: Actor;
      readonly at: string;
      readonly state?: 'draft' | 'complete';
    }
  | {
      readonly kind: 'submit';
      readonly periodId: string;
      readonly unitId: string;
      readonly by: Actor;
      readonly at: string;
    };

function saves(
  periodId: string,
  unitId: string,
  by: Actor,
  at: string,
  payloads: readonly AnswerPayload[],
  state: 'draft' | 'complete' = 'complete',
): FixtureEvent[] {
  return payloads.map((payload) => ({
    kind: 'save',
    periodId,
    unitId,
    item: (payload.kind === 'goal' ? `goal:${payload.goalId}` : payload.kind) as ItemKey,
    payload,
    by,
    at,
    state,
  }));
}

const submit = (periodId: string, unitId: string, by: Actor, at: string): FixtureEvent => ({
  kind: 'submit',
  periodId,
  unitId,
  by,
  at,
});

function june(): FixtureEvent[] {
  const p = '2024-06';
  return [
    // The controller's committee-wide figures from Lifecare.
    ...saves(p, COMMITTEE_UNIT_ID, people.david, '2024-07-03T06:00:00.000Z', [
      committee({ 'antal-hushall-med-insats': v(2_420) }),
    ]),
    ...saves(p, 'amc', people.amc, '2024-07-03T07:00:00.000Z', [
      goal(
        'hog-egenforsorjningsgrad',
        'uppfylls-delvis',
        'Arbetet med Arena Arbetsmarknad fortsätter.',
        NO_DEVIATIONS,
      ),
    ]),
    ...saves(p, 'amf', people.amf, '2024-07-03T07:10:00.000Z', [
      goal('hog-egenforsorjningsgrad', 'uppfylls-delvis', 'Färre nya ansökningar.', NO_DEVIATIONS),
    ]),
    ...saves(p, 'integrationsenheten', people.integration, '2024-07-03T07:20:00.000Z', [
      goal('hog-egenforsorjningsgrad', 'kan-ej-bedomas', 'Ny enhet.', NO_DEVIATIONS),
    ]),
    ...saves(p, 'iaf-stab', people.iafStab, '2024-07-04T08:00:00.000Z', [
      goal('hog-avtalstrohet', 'uppfylls-ej', 'E-handelstroheten ökar.', NO_DEVIATIONS, {
        'e-handelstrohet': v(86.2),
      }),
    ]),
    submit(p, 'amc', people.amc, '2024-07-04T09:00:00.000Z'),
    submit(p, 'amf', people.amf, '2024-07-04T09:00:00.000Z'),
    submit(p, 'integrationsenheten', people.integration, '2024-07-04T09:00:00.000Z'),
    submit(p, 'iaf-stab', people.iafStab, '2024-07-04T09:00:00.000Z'),
  ];
}

function july(): FixtureEvent[] {
  const p = '2024-07';
  return [
    ...saves(p, COMMITTEE_UNIT_ID, people.david, '2024-08-05T06:00:00.000Z', [
      committee({ 'antal-hushall-med-insats': v(2_400) }),
    ]),
    ...saves(p, 'amc', people.amc, '2024-08-05T07:00:00.000Z', [
      goal(
        'hog-egenforsorjningsgrad',
        'uppfylls-delvis',
        'Arbetet med Arena Arbetsmarknad fortsätter.',
        NO_DEVIATIONS,
      ),
      economy({ arbetsmarknadsatgarder: [112_000, 'Statlig finansiering av ungdomssatsningen.'] }),
    ]),
    ...saves(p, 'amf', people.amf, '2024-08-05T07:10:00.000Z', [
      goal('hog-egenforsorjningsgrad', 'uppfylls-delvis', 'Färre nya ansökningar.', NO_DEVIATIONS),
    ]),
    ...saves(p, 'integrationsenheten', people.integration, '2024-08-05T07:20:00.000Z', [
      goal('hog-egenforsorjningsgrad', 'kan-ej-bedomas', 'Ny enhet.', NO_DEVIATIONS),
    ]),
    ...saves(p, 'iaf-stab', people.iafStab, '2024-08-06T08:00:00.000Z', [
      economy({
        'namnd-och-styrelseverksamhet': [1_800],
        'ekonomiskt-bistand': [332_000, 'Fler hushåll med långvarigt bistånd.'],
        'integrations-och-arbetsmarknadsforvaltningen': [29_500],
      }),
    ]),
    submit(p, 'amc', people.amc, '2024-08-06T09:00:00.000Z'),
    submit(p, 'amf', people.amf, '2024-08-06T09:00:00.000Z'),
    submit(p, 'integrationsenheten', people.integration, '2024-08-06T09:00:00.000Z'),
    submit(p, 'iaf-stab', people.iafStab, '2024-08-06T09:00:00.000Z'),
  ];
}

function august(): FixtureEvent[] {
  const p = '2024-08';
  const at = (day: number, hour: number) => `2024-09-0${day}T${String(hour).padStart(2, '0')}:00:00.000Z`;
  return [
    // AMC
    // The controller: one committee-wide figure each, not a unit's part.
    ...saves(p, COMMITTEE_UNIT_ID, people.david, at(2, 6), [
      committee({
        'antal-avslutade-hushall': v(860),
        'antal-hushall-med-insats': v(2_340),
        'antal-utbetalningshushall': v(2_030),
        'antal-hushall-langvarigt-bistand': v(1_560),
        'antal-barn-i-hushall': v(2_400),
        'antal-barn-langvarigt-bistand': iu(),
      }),
    ]),
    ...saves(p, 'amc', people.amc, at(2, 7), [
      goal(
        'professionellt-bemotande',
        'kan-ej-bedomas',
        'Brukarundersökningen genomförs i september.',
        NO_DEVIATIONS,
        {
          'andel-positiva-svar-brukarenkat': iu(),
          'brukarenkat-tillganglighet': iu(),
          'brukarenkat-bemotande': iu(),
        },
      ),
      goal(
        'hog-egenforsorjningsgrad',
        'uppfylls-delvis',
        '● Arena Arbetsmarknad är breddinfört.\n● Till och med delår 2 har 18 jobbspår genomförts och 14 är pågående.',
        'Inga avvikelser inom aktiviteterna i verksamhetsplanen',
      ),
      goal(
        'kostnadseffektiva-arbetsmarknadsatgarder',
        'uppfylls-delvis',
        'Beläggningen på de externa platserna har ökat.',
        NO_DEVIATIONS,
        { 'belaggningsgrad-externa-platser': share([45], [60]) },
      ),
      economy({ arbetsmarknadsatgarder: [111_000, 'Statlig finansiering av ungdomssatsningen.'] }),
      assignments({
        arbetsmarknadsprogram: ['pagar', 'Handlingsplanen följs.'],
        naringslivsprogram: ['pagar'],
        '500-arbetsmarknadsplatser': ['pagar', '8 nya platser.'],
        aktivitetsplikt: ['pagar', 'Följer tidsplaneringen.'],
        'oka-genomstromningen': ['pagar'],
        kompetensforsorjningskedjor: ['ej-paborjat'],
        'handledning-praktik-och-anstallningar': ['pagar'],
        'ik-progressionsmatning-bip': ['genomfort'],
        'ik-hot-och-vald': ['pagar'],
        'ik-e-utbildning-mutor-jav': ['pagar'],
      }),
    ]),
    submit(p, 'amc', people.amc, at(2, 8)),

    // AMF
    ...saves(p, 'amf', people.amf, at(2, 9), [
      goal(
        'professionellt-bemotande',
        'kan-ej-bedomas',
        'Brukarundersökningen genomförs i september.',
        NO_DEVIATIONS,
        {
          'andel-positiva-svar-brukarenkat': iu(),
          'brukarenkat-tillganglighet': iu(),
          'brukarenkat-bemotande': iu(),
          'vantetid-ansokan-till-beslut': iu(),
        },
      ),
      goal(
        'hog-egenforsorjningsgrad',
        'uppfylls-delvis',
        '● Arena Arbetsmarknad är breddinfört.\n● Färre hushåll återaktualiseras.',
        NO_DEVIATIONS,
      ),
      goal(
        'digitaliseringens-mojligheter',
        'uppfylls-delvis',
        'Antal e-ansökningar har ökat.',
        'Automatiseringen av handläggningen skjuts till 2025.',
        { 'andel-e-ansokningar': share([620], [1_000]) },
      ),
      assignments({ aktivitetsplikt: ['pagar', 'Införs i höst.'], 'digitalisering-service': ['pagar'] }),
    ]),
    submit(p, 'amf', people.amf, at(2, 10)),

    // Arbetsmarknadsservice
    ...saves(p, 'arbetsmarknadsservice', people.mats, at(3, 7), [
      goal(
        'kostnadseffektiva-arbetsmarknadsatgarder',
        'uppfylls-ej',
        'Nya verksamhetsuppdrag från tekniska förvaltningen.',
        'Flera interna platser står tomma i väntan på deltagare.',
        { 'belaggningsgrad-interna-platser': share([30], [60]) },
      ),
      assignments({
        'ekologisk-hallbarhet': ['genomfort', 'Klart under delår 1.'],
        '500-arbetsmarknadsplatser': ['pagar'],
      }),
    ]),
    submit(p, 'arbetsmarknadsservice', people.mats, at(3, 8)),

    // Integrationsenheten
    ...saves(p, 'integrationsenheten', people.integration, at(3, 9), [
      goal('hog-egenforsorjningsgrad', 'kan-ej-bedomas', 'Ny enhet sedan årsskiftet.', NO_DEVIATIONS),
      economy({ flyktingmottagande: [42_300, 'Lägre schablonersättning än budgeterat.'] }),
      assignments({
        'minska-segregation': ['pagar'],
        'korta-etableringstiden': ['pagar', 'Korta Etablering avslutat.'],
      }),
    ]),
    submit(p, 'integrationsenheten', people.integration, at(3, 10)),

    // IAF stab
    ...saves(p, 'iaf-stab', people.iafStab, at(4, 7), [
      goal(
        'professionellt-bemotande',
        'kan-ej-bedomas',
        'Brukarundersökningen genomförs i september.',
        NO_DEVIATIONS,
        {
          'konsskillnader-brukarundersokning': iu(),
        },
      ),
      goal('hog-egenforsorjningsgrad', 'uppfylls', 'Färre hushåll återaktualiseras.', NO_DEVIATIONS, {
        'andel-ej-ateraktualiserade': v(81),
      }),
      goal('hog-avtalstrohet', 'uppfylls-ej', 'Rapporter om e-handeln tas fram varje månad.', NO_DEVIATIONS, {
        'e-handelstrohet': iu(),
      }),
      goal(
        'kostnadseffektiva-arbetsmarknadsatgarder',
        'uppfylls-delvis',
        'Utvecklad samverkan med förvaltningar och bolag.',
        NO_DEVIATIONS,
        { 'kostnad-per-plats-interna': v(250), 'kostnad-per-plats-externa': v(24) },
      ),
      goal(
        'god-ekonomisk-styrning',
        'uppfylls',
        'Nämnden prognostiserar ett mindre underskott.',
        'Utbildning inom prognosarbetet genomförs inte i år.',
        { 'avvikelse-mot-budget': v(0.4) },
      ),
      goal(
        'goda-arbetsplatser',
        'uppfylls-delvis',
        'Sjukfrånvaron minskar jämfört med delår 1.',
        NO_DEVIATIONS,
        {
          sjukfranvaro: share([1_300, 700, 600], [20_000, 14_000, 6_000]),
          'hallbart-medarbetarengagemang': v(74),
          'andel-nyanstallda-kvar': iu(),
        },
      ),
      goal(
        'hallbart-chef-och-ledarskap',
        'uppfylls-delvis',
        'Chefernas arbetsbelastning ses över.',
        NO_DEVIATIONS,
        {
          'medarbetare-per-chef': share([280], [20], false),
          chefsindex: v(71),
        },
      ),
      goal(
        'nya-vagar-for-kompetensforsorjning',
        'uppfylls-delvis',
        'Arbetet med kompetensförsörjningskedjor har startat.',
        NO_DEVIATIONS,
        {
          'avgangsalder-pension': share([131], [2], false),
          'andel-heltidsanstallningar': share([190], [195]),
          'personalavgangar-externt': share([9], [200]),
        },
      ),
      economy({
        'namnd-och-styrelseverksamhet': [1_750],
        'ekonomiskt-bistand': [330_500, 'Fler hushåll med långvarigt bistånd och höjd riksnorm.'],
        'integrations-och-arbetsmarknadsforvaltningen': [29_500],
      }),
      assignments({ 'civil-beredskap': ['pagar'], friskfaktorer: ['pagar', 'Handlingsplan klar.'] }),
    ]),
    submit(p, 'iaf-stab', people.iafStab, at(4, 9)),

    // Linvux: sends in, then changes its mind (drafts that must not reach the report).
    ...saves(p, 'linvux', people.linvux, at(4, 10), [
      goal('kunskap-och-kompetens', 'uppfylls', 'Fler kursdeltagare klarar sina kurser.', NO_DEVIATIONS, {
        'vux-gymnasiala-andel-godkanda': share([900, 560, 340], [1_000, 600, 400]),
        'vux-grundlaggande-andel-godkanda': share([400, 250, 150], [500, 300, 200]),
        'genomstromning-sfi-studievag-1': share([40], [80], false),
        'genomstromning-sfi-studievag-2': share([150], [100], false),
        'genomstromning-sfi-studievag-3': share([130], [100], false),
      }),
      goal(
        'trygghet-och-inflytande',
        'kan-ej-bedomas',
        'Attitydundersökningen genomförs i oktober.',
        NO_DEVIATIONS,
      ),
      goal(
        'likvardiga-forutsattningar',
        'kan-ej-bedomas',
        'Attitydundersökningen genomförs i oktober.',
        NO_DEVIATIONS,
      ),
      assignments({
        'digitalisering-service': ['pagar'],
        'korta-etableringstiden': ['pagar', 'SFI på plats startar.'],
      }),
    ]),
    submit(p, 'linvux', people.linvux, at(4, 11)),
    ...saves(
      p,
      'linvux',
      people.linvux,
      at(5, 8),
      [
        goal('kunskap-och-kompetens', 'uppfylls-ej', 'UTKAST SOM INTE SKA SYNAS', NO_DEVIATIONS, {
          'vux-gymnasiala-andel-godkanda': share([0, 0, 0], [1_000, 600, 400]),
        }),
      ],
      'draft',
    ),

    // CFV
    ...saves(p, 'cfv', people.cfv, at(5, 9), [
      goal(
        'kunskap-och-kompetens',
        'uppfylls-delvis',
        'Fler kursdeltagare klarar sina kurser.\nUppföljningen av anordnarna är stärkt.',
        'Vägledningen har långa väntetider under augusti.',
        {
          'vux-gymnasiala-andel-godkanda': share([150, 100, 50], [250, 150, 100]),
          'vux-grundlaggande-andel-godkanda': share([80, 50, 30], [120, 70, 50]),
          'sfi-klarat-tva-kurser': iu(),
          'genomstromning-sfi-studievag-1': share([10], [20], false),
          'genomstromning-sfi-studievag-2': share([30], [20], false),
          'genomstromning-sfi-studievag-3': share([10], [10], false),
          'vux-lar-mig-mycket': v(88.1),
        },
      ),
      goal(
        'trygghet-och-inflytande',
        'kan-ej-bedomas',
        'Attitydundersökningen genomförs i oktober.',
        NO_DEVIATIONS,
        {
          'vux-inflytande-arbetssatt': iu(),
          'vux-trygg-i-skolan': iu(),
          'vux-framfora-synpunkter': iu(),
          'sfi-bestamma-arbetssatt': iu(),
          'sfi-trygg-i-skolan': iu(),
        },
      ),
      goal(
        'likvardiga-forutsattningar',
        'kan-ej-bedomas',
        'Attitydundersökningen genomförs i oktober.',
        NO_DEVIATIONS,
        {
          'vux-tillrackligt-stod': iu(),
          'vux-behandlar-alla-lika': iu(),
        },
      ),
      goal(
        'digitaliseringens-mojligheter',
        'uppfylls',
        'Digitala verktyg används i all undervisning.',
        NO_DEVIATIONS,
        {
          'vux-digitalisering-index': v(83.5),
        },
      ),
      economy({
        'grundlaggande-vuxenutbildning': [21_800],
        'gymnasial-vuxenutbildning': [40_000, 'Färre utbildningsplatser upphandlade.'],
        'sarskild-vuxenutbildning': [4_300],
        sfi: [64_500, 'Fler elever på SFI än budgeterat.'],
      }),
      assignments({ 'uppfoljning-vuxenutbildning': ['pagar', 'Följer tidsplaneringen.'] }),
    ]),
    submit(p, 'cfv', people.cfv, at(5, 10)),

    // UTB stab: a draft, never sent in.
    ...saves(
      p,
      'utb-stab',
      people.utbStab,
      at(5, 11),
      [economy({ utbildningsforvaltningen: [4_900, 'Utkast'] })],
      'draft',
    ),
  ];
}

export function fixtureEvents(): FixtureEvent[] {
  return [...june(), ...july(), ...august()];
}

/** Every stored version the events produce, with revisions as the store would number them. */
export function storedVersions(events: readonly FixtureEvent[]): StoredAnswer<AnswerPayload>[] {
  const versions: StoredAnswer<AnswerPayload>[] = [];
  const revision = new Map<string, number>();
  const key = (p: string, u: string, i: string) => `${p}|${u}|${i}`;
  for (const e of events) {
    if (e.kind === 'save') {
      const k = key(e.periodId, e.unitId, e.item);
      const rev = (revision.get(k) ?? 0) + 1;
      revision.set(k, rev);
      versions.push({
        committeeId: COMMITTEE,
        periodId: e.periodId,
        unitId: e.unitId,
        item: e.item,
        revision: rev,
        state: e.state ?? 'complete',
        payload: e.payload,
        answeredBy: e.by,
        answeredAt: e.at,
        activityId: null,
      });
    } else {
      const prefix = `${e.periodId}|${e.unitId}|`;
      const itemRevisions = Object.fromEntries(
        [...revision]
          .filter(([k]) => k.startsWith(prefix) && !k.endsWith('|submission'))
          .map(([k, r]) => [k.slice(prefix.length), r]),
      );
      const k = key(e.periodId, e.unitId, 'submission');
      const rev = (revision.get(k) ?? 0) + 1;
      revision.set(k, rev);
      versions.push({
        committeeId: COMMITTEE,
        periodId: e.periodId,
        unitId: e.unitId,
        item: 'submission',
        revision: rev,
        state: 'complete',
        payload: { kind: 'submission', itemRevisions },
        answeredBy: e.by,
        answeredAt: e.at,
        activityId: null,
      });
    }
  }
  return versions;
}

/** The pure input of `aggregate` for the given periods, as build-report would read it. */
export function periodAnswers(config: CommitteeConfig, events: readonly FixtureEvent[]): PeriodAnswers[] {
  const versions = storedVersions(events);
  const periodIds = [...new Set(versions.map((v) => v.periodId))].sort();
  return periodIds.map((id) => {
    const period = config.periods.find((p) => p.id === id);
    if (!period) throw new Error(`no period ${id}`);
    const mine = versions.filter((v) => v.periodId === id);
    const current = new Map<string, StoredAnswer<AnswerPayload>>();
    for (const v of mine) current.set(`${v.unitId}|${v.item}`, v);
    return { period, current: [...current.values()], submittedVersions: mine };
  });
}

/** Replays the events into a real answer store, each save based on the previous revision. */
export async function writeFixture(store: AnswerStore, events: readonly FixtureEvent[]): Promise<void> {
  for (const v of storedVersions(events)) {
    const result = await store.save({
      committeeId: v.committeeId,
      periodId: v.periodId,
      unitId: v.unitId,
      item: v.item,
      expectedRevision: v.revision - 1,
      state: v.state,
      payload: v.payload,
      answeredBy: v.answeredBy,
      answeredAt: v.answeredAt,
      activityId: `${v.periodId}-${v.unitId}-${v.item}-${v.revision}`,
    });
    if (result.kind !== 'saved') throw new Error(`fixture save failed: ${result.kind}`);
  }
}

export const GENERATED_AT = '2024-09-10T12:03:00.000Z';
