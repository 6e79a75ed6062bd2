/**
 * The proposed committee status of a nämndmål from the units' forecasts and the indicators (the
 * rule is documented for users in src/reporting/README.md). Pure.
 */
import { capitalise, count, joinSwedish, num } from './format.js';
import type { IndicatorReport, Proposal, ProposalRule, StatusRef, UnitGoalStatus } from './report-model.js';
import { levelFor, type Scale, statusRef } from './scale.js';

export const DEFAULT_PROPOSAL_RULE: ProposalRule = {
  unitWeight: 0.5,
  points: { met: 1, partial: 0.5, not_met: 0 },
  metAtLeast: 0.75,
  notMetAtMost: 0.25,
};

function format2(n: number): string {
  return num(n, 2);
}

export function propose(
  scale: Scale,
  rule: ProposalRule,
  units: readonly UnitGoalStatus[],
  indicators: readonly IndicatorReport[],
): Proposal {
  const assessed = units.filter(
    (u): u is UnitGoalStatus & { status: StatusRef } =>
      u.status !== null && u.status.meaning !== 'not_assessable',
  );
  const notAssessable = units.filter((u) => u.status?.meaning === 'not_assessable').length;
  const noStatus = units.filter((u) => u.status === null).length;
  const reasons: string[] = [];

  // Units: "3 av 4 enheter bedömer uppfylls delvis och 1 uppfylls".
  if (units.length === 0) {
    reasons.push('ingen enhet rapporterar nämndmålet');
  } else if (assessed.length === 0) {
    reasons.push(
      `ingen av ${count(units.length, 'enhet', 'enheter')} har gjort en bedömning som kan vägas in`,
    );
  } else {
    const groups = scale
      .filter((level) => level.meaning !== 'not_assessable')
      .map((level) => ({
        label: level.label.toLocaleLowerCase('sv-SE'),
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
  const unitReason = reasons.length;

  // Indicators: "5 av 7 indikatorer med utfall når målvärdet".
  const counted = indicators.filter((i) => i.countsInProposal);
  const met = counted.filter((i) => i.status.code === 'met').length;
  if (counted.length > 0) {
    reasons.push(`${met} av ${count(counted.length, 'indikator', 'indikatorer')} med utfall når målvärdet`);
  } else if (indicators.length > 0) {
    reasons.push('inga indikatorer med utfall i år att väga in');
  }
  const summaryReasons = reasons.slice(0, unitReason + (indicators.length > 0 ? 1 : 0));

  if (notAssessable > 0) {
    reasons.push(
      `${count(notAssessable, 'enhet anger', 'enheter anger')} kan ej bedömas (räknas inte som uppfylls ej)`,
    );
  }
  if (noStatus > 0 && units.length > 0) {
    reasons.push(`${count(noStatus, 'enhet', 'enheter')} har inte lämnat någon prognos`);
  }
  const oldValues = indicators.filter(
    (i) => i.status.code === 'no_outcome' && i.rows.some((r) => r.latest?.source === 'history'),
  ).length;
  const noOutcome = indicators.filter((i) => i.status.code === 'no_outcome').length - oldValues;
  const person = indicators.filter((i) => i.status.code === 'needs_person').length;
  if (noOutcome > 0)
    reasons.push(`${count(noOutcome, 'indikator saknar', 'indikatorer saknar')} utfall (I.U., räknas inte)`);
  if (oldValues > 0) {
    reasons.push(
      `${count(oldValues, 'indikator har', 'indikatorer har')} bara utfall från tidigare år (räknas inte)`,
    );
  }
  if (person > 0) {
    reasons.push(`${count(person, 'indikator har', 'indikatorer har')} ett mål som en person behöver bedöma`);
  }

  const points = (m: StatusRef['meaning']) =>
    m === 'met' ? rule.points.met : m === 'partial' ? rule.points.partial : rule.points.not_met;
  const unitScore =
    assessed.length > 0 ? assessed.reduce((s, u) => s + points(u.status.meaning), 0) / assessed.length : null;
  const indicatorScore = counted.length > 0 ? met / counted.length : null;
  const score =
    unitScore !== null && indicatorScore !== null
      ? rule.unitWeight * unitScore + (1 - rule.unitWeight) * indicatorScore
      : (unitScore ?? indicatorScore);

  const metLevel = levelFor(scale, 'met');
  const partialLevel = levelFor(scale, 'partial');
  const notMetLevel = levelFor(scale, 'not_met');
  const notAssessableLevel = levelFor(scale, 'not_assessable');
  const fallback = (notAssessableLevel ?? partialLevel ?? statusRef(scale[0] as Scale[number])) as StatusRef;
  let status: StatusRef;
  if (score === null) {
    status = fallback;
    reasons.push(`inget att väga samman → ${status.label.toLocaleLowerCase('sv-SE')}`);
  } else {
    if (score >= rule.metAtLeast) status = metLevel ?? fallback;
    else if (score <= rule.notMetAtMost) status = notMetLevel ?? fallback;
    // A scale without a partial level rounds to the nearer of met and not met.
    else status = partialLevel ?? (score >= 0.5 ? metLevel : notMetLevel) ?? fallback;
    const parts = [
      unitScore !== null ? `enheterna ${format2(unitScore)}` : null,
      indicatorScore !== null ? `indikatorerna ${format2(indicatorScore)}` : null,
    ].filter((p): p is string => p !== null);
    const weights =
      unitScore !== null && indicatorScore !== null
        ? `, vikt ${num(rule.unitWeight * 100, 0)} % / ${num((1 - rule.unitWeight) * 100, 0)} %`
        : '';
    reasons.push(
      `sammanvägt ${format2(score)} (${parts.join(', ')}${weights}) → ${status.label.toLocaleLowerCase('sv-SE')}; ` +
        `minst ${format2(rule.metAtLeast)} ger ${(metLevel?.label ?? '').toLocaleLowerCase('sv-SE')}, ` +
        `högst ${format2(rule.notMetAtMost)} ger ${(notMetLevel?.label ?? '').toLocaleLowerCase('sv-SE')}`,
    );
  }
  return {
    status,
    score,
    unitScore,
    indicatorScore,
    reasons,
    summary: capitalise(summaryReasons.join('; ')),
  };
}
