/**
 * The proposed committee status of a nämndmål (documented for users in src/reporting/README.md,
 * calibrated on seeds 001 and 004 in test/reporting/proposal.test.ts). Pure.
 *
 * 1. Coverage: nothing is proposed until enough of the goal's units have sent in.
 * 2. The units' own forecasts carry the judgement: their mean points give met / partial / not met;
 *    "Kan ej bedömas" and missing forecasts are left out, never counted as a miss.
 * 3. The indicators move that judgement at most one step: met goes down to partial when most
 *    judged indicators miss; not met goes up to partial when they all reach their targets.
 * 4. When every unit says "Kan ej bedömas", one indicator does not overturn them: the indicators
 *    decide only when enough of them are judged.
 */

import { count, joinSwedish, num } from '../shared/swedish-format.js';
import { capitalise } from '../shared/text.js';
import type { IndicatorReport, Proposal, ProposalRule, StatusRef, UnitGoalStatus } from './report-model.js';
import { levelFor, type Scale, statusRef } from './scale.js';

export const DEFAULT_PROPOSAL_RULE: ProposalRule = {
  points: { met: 1, partial: 0.5, not_met: 0 },
  metAtLeast: 0.8,
  notMetAtMost: 0.2,
  lowerBelow: 0.75,
  raiseAtLeast: 1,
  indicatorsWithoutUnits: 2,
  minUnitShare: 0.5,
};

type Meaning = 'met' | 'partial' | 'not_met';
const STEP_DOWN: Record<Meaning, Meaning> = { met: 'partial', partial: 'partial', not_met: 'not_met' };
const STEP_UP: Record<Meaning, Meaning> = { met: 'met', partial: 'partial', not_met: 'partial' };

const lower = (text: string) => text.toLocaleLowerCase('sv-SE');
const format2 = (n: number) => num(n, 2);

/** met / partial / not met from a 0–1 score by the rule's thresholds. */
function meaningOf(score: number, rule: ProposalRule): Meaning {
  if (score >= rule.metAtLeast) return 'met';
  if (score <= rule.notMetAtMost) return 'not_met';
  return 'partial';
}

/** The scale's level for a meaning; a scale without `partial` rounds to the nearer of the others. */
function levelOf(scale: Scale, meaning: Meaning, score: number): StatusRef | null {
  const level = levelFor(scale, meaning);
  if (level || meaning !== 'partial') return level;
  return levelFor(scale, score >= 0.5 ? 'met' : 'not_met');
}

export function propose(
  scale: Scale,
  rule: ProposalRule,
  units: readonly UnitGoalStatus[],
  indicators: readonly IndicatorReport[],
): Proposal {
  const notAssessableLevel = levelFor(scale, 'not_assessable');
  const fallback = (notAssessableLevel ??
    levelFor(scale, 'partial') ??
    statusRef(scale[0] as Scale[number])) as StatusRef;
  const answered = units.filter((u) => u.included);
  const assessed = answered.filter(
    (u): u is UnitGoalStatus & { status: StatusRef } =>
      u.status !== null && u.status.meaning !== 'not_assessable',
  );
  const notAssessable = answered.filter((u) => u.status?.meaning === 'not_assessable').length;
  const noStatus = answered.filter((u) => u.status === null).length;
  const counted = indicators.filter((i) => i.countsInProposal);
  const met = counted.filter((i) => i.status.code === 'met').length;
  const indicatorScore = counted.length > 0 ? met / counted.length : null;
  const coverage = {
    unitsAnswered: answered.length,
    unitsTotal: units.length,
    sufficient:
      units.length > 0 && answered.length > 0 && answered.length >= rule.minUnitShare * units.length,
  };

  const reasons: string[] = [];
  // Units: "3 av 4 enheter bedömer uppfylls delvis och 1 uppfylls".
  if (units.length === 0) {
    reasons.push('ingen enhet rapporterar nämndmålet');
  } else if (answered.length === 0) {
    reasons.push(`ingen av ${count(units.length, 'enhet', 'enheter')} har skickat in`);
  } else if (assessed.length === 0) {
    reasons.push(
      `ingen av ${count(answered.length, 'enhet', 'enheter')} som skickat in har gjort en bedömning som kan vägas in`,
    );
  } else {
    const groups = scale
      .filter((level) => level.meaning !== 'not_assessable')
      .map((level) => ({
        label: lower(level.label),
        n: assessed.filter((u) => u.status.id === level.id).length,
      }))
      .filter((g) => g.n > 0)
      .sort((a, b) => b.n - a.n);
    const [first, ...rest] = groups;
    if (first) {
      const head = `${first.n} av ${count(units.length, 'enhet', 'enheter')} bedömer ${first.label}`;
      reasons.push(joinSwedish([head, ...rest.map((g) => `${g.n} ${g.label}`)]));
    }
  }
  const unitReasons = reasons.length;
  // Indicators: "5 av 7 indikatorer med utfall når målvärdet".
  if (counted.length > 0) {
    reasons.push(`${met} av ${count(counted.length, 'indikator', 'indikatorer')} med utfall når målvärdet`);
  } else if (indicators.length > 0) {
    reasons.push('inga indikatorer med utfall i år att väga in');
  }
  const summaryReasons = reasons.slice(0, unitReasons + (indicators.length > 0 ? 1 : 0));
  if (notAssessable > 0) {
    reasons.push(
      `${count(notAssessable, 'enhet anger', 'enheter anger')} kan ej bedömas (räknas inte som uppfylls ej)`,
    );
  }
  if (noStatus > 0) reasons.push(`${count(noStatus, 'enhet', 'enheter')} har inte lämnat någon prognos`);
  reasons.push(...indicatorNotes(indicators));

  const points = (m: StatusRef['meaning']) =>
    m === 'met' ? rule.points.met : m === 'partial' ? rule.points.partial : rule.points.not_met;
  const unitScore =
    assessed.length > 0 ? assessed.reduce((s, u) => s + points(u.status.meaning), 0) / assessed.length : null;
  const result = (status: StatusRef, why: string): Proposal => {
    reasons.push(why);
    return {
      status,
      score: unitScore,
      unitScore,
      indicatorScore,
      coverage,
      reasons,
      summary: capitalise(summaryReasons.join('; ')),
    };
  };

  if (!coverage.sufficient) {
    const missing = units.length - answered.length;
    const head = `underlag saknas: ${answered.length} av ${count(units.length, 'enhet', 'enheter')} har svarat`;
    summaryReasons.splice(0, summaryReasons.length, head);
    return result(
      fallback,
      units.length === 0
        ? `inget att väga samman → ${lower(fallback.label)}`
        : `${head} (${count(missing, 'saknas', 'saknas')}; minst ${num(rule.minUnitShare * 100)} % behövs) → ${lower(fallback.label)}`,
    );
  }
  if (unitScore === null) {
    // Every unit that answered says it cannot be assessed: only a clear indicator picture overrides them.
    if (indicatorScore !== null && counted.length >= rule.indicatorsWithoutUnits) {
      const meaning = meaningOf(indicatorScore, rule);
      const level = levelOf(scale, meaning, indicatorScore) ?? fallback;
      return result(
        level,
        `ingen enhet kan bedöma målet; ${count(counted.length, 'bedömd indikator', 'bedömda indikatorer')} avgör → ${lower(level.label)}`,
      );
    }
    return result(
      fallback,
      `ingen enhet kan bedöma målet och ${counted.length === 0 ? 'ingen indikator' : `bara ${count(counted.length, 'indikator', 'indikatorer')}`} har utfall att bedöma (minst ${rule.indicatorsWithoutUnits} behövs) → ${lower(fallback.label)}`,
    );
  }

  const judgement = meaningOf(unitScore, rule);
  let meaning = judgement;
  let step = 'indikatorerna ändrar inte bedömningen';
  if (indicatorScore !== null && judgement === 'met' && indicatorScore < rule.lowerBelow) {
    meaning = STEP_DOWN[judgement];
    step = `färre än ${num(rule.lowerBelow * 100)} % av indikatorerna når målvärdet → ett steg ned`;
  } else if (indicatorScore !== null && judgement === 'not_met' && indicatorScore >= rule.raiseAtLeast) {
    meaning = STEP_UP[judgement];
    step =
      rule.raiseAtLeast >= 1
        ? 'alla bedömda indikatorer når målvärdet → ett steg upp'
        : `minst ${num(rule.raiseAtLeast * 100)} % av indikatorerna når målvärdet → ett steg upp`;
  }
  const judged = levelOf(scale, judgement, unitScore) ?? fallback;
  const level = levelOf(scale, meaning, unitScore) ?? fallback;
  return result(
    level,
    `enheternas bedömning ${lower(judged.label)} (medel ${format2(unitScore)}); ${step} → ${lower(level.label)}`,
  );
}

/** What was left out of the indicator count, and why. */
function indicatorNotes(indicators: readonly IndicatorReport[]): string[] {
  const notes: string[] = [];
  const by = (code: IndicatorReport['status']['code']) => indicators.filter((i) => i.status.code === code);
  const oldValues = by('no_outcome').filter((i) => i.rows.some((r) => r.latest?.source === 'history')).length;
  const noOutcome = by('no_outcome').length - oldValues;
  if (noOutcome > 0)
    notes.push(`${count(noOutcome, 'indikator saknar', 'indikatorer saknar')} utfall (I.U., räknas inte)`);
  if (oldValues > 0)
    notes.push(
      `${count(oldValues, 'indikator har', 'indikatorer har')} bara utfall från tidigare år (räknas inte)`,
    );
  const incomplete = by('incomplete').length;
  if (incomplete > 0)
    notes.push(
      `${count(incomplete, 'indikator väntar', 'indikatorer väntar')} på att alla som rapporterar den har svarat (räknas inte)`,
    );
  const person = by('needs_person').length;
  if (person > 0)
    notes.push(`${count(person, 'indikator har', 'indikatorer har')} ett mål som en person behöver bedöma`);
  return notes;
}

/** The rule in Swedish, for the end of the report. */
export function describeRule(r: ProposalRule): string {
  return (
    'Uppföljningsboten föreslår en status per nämndmål; ledningen beslutar. ' +
    `Inget föreslås förrän minst ${num(r.minUnitShare * 100)} % av målets enheter har skickat in. ` +
    `Enheternas egna prognoser bär bedömningen: de ger poäng (uppfylls ${num(r.points.met, 1)}, uppfylls delvis ${num(r.points.partial, 1)}, uppfylls ej ${num(r.points.not_met, 1)}), ` +
    `och ett medel på minst ${num(r.metAtLeast, 2)} ger uppfylls, högst ${num(r.notMetAtMost, 2)} uppfylls ej, däremellan uppfylls delvis. ` +
    `Nämndindikatorerna flyttar bedömningen högst ett steg: uppfylls blir uppfylls delvis när färre än ${num(r.lowerBelow * 100)} % av de bedömda indikatorerna når sitt målvärde, ` +
    `och uppfylls ej blir uppfylls delvis när ${r.raiseAtLeast >= 1 ? 'alla' : `minst ${num(r.raiseAtLeast * 100)} %`} når det. ` +
    `Anger alla enheter ”Kan ej bedömas” avgör indikatorerna bara när minst ${r.indicatorsWithoutUnits} av dem har utfall att bedöma. ` +
    '”Kan ej bedömas”, saknade svar, I.U., ofullständiga summor och utfall från tidigare år räknas aldrig som uppfylls ej – de lämnas utanför.'
  );
}
