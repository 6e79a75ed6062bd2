import { describe, expect, it } from 'vitest';
import { parseTarget, type Target } from '../../src/config/target.js';
import { combineStatuses, indicatorStatus } from '../../src/reporting/indicator-status.js';
import type { IndicatorStatusCode } from '../../src/reporting/report-model.js';
import { parseSwedishNumber } from '../../src/shared/swedish-number.js';

function target(text: string | number): Target {
  const t = parseTarget(text);
  if ('error' in t) throw new Error(t.error);
  return t;
}

/** Outcomes as seed 001 prints them: "3 090", "73,3%", "+2,0%", "I.U.". */
function outcome(text: string): number | null {
  if (/^i\.?u/i.test(text.trim())) return null;
  const n = parseSwedishNumber(text.replace('%', '').replace(/^\+/, '').trim());
  if (n === null) throw new Error(`not a number: ${text}`);
  return n;
}

describe('seed 001: the Nämndindikatorer table of delårsrapport 2 2022 (outcome augusti 2022 vs målvärde)', () => {
  // [indicator, outcome as printed, målvärde as printed, better, decimals, expected]
  const pairs: [string, string, string, 'higher' | 'lower', number, IndicatorStatusCode][] = [
    [
      'Antal hushåll med ekonomiskt bistånd, utfall i slutet av verksamhetsåret',
      '3 090',
      '3 300',
      'lower',
      0,
      'met',
    ],
    [
      'Antal hushåll med långvarigt behov av ekonomiskt bistånd (>2 år)',
      '1770',
      '1 700',
      'lower',
      0,
      'not_met',
    ],
    ['Mediantid för hushåll med biståndsbehov, antal månader', '15,86', '10', 'lower', 2, 'not_met'],
    ['Antal långvariga biståndshushåll med barn', '926', '800', 'lower', 0, 'not_met'],
    ['Antal barn i långvariga biståndshushåll', '1596', '1 350', 'lower', 0, 'not_met'],
    [
      'Andel av befolkningen som under året haft behov av ekonomiskt bistånd, %',
      '4,86',
      '4,7',
      'lower',
      2,
      'not_met',
    ],
    [
      'Andel ej återaktualiserade vuxna personer … ett år efter avslutat försörjningsstöd, %',
      '74',
      '73',
      'higher',
      0,
      'met',
    ],
    ['E-handelstrohet, %', '73,3%', '100 %', 'higher', 1, 'not_met'],
    ['Avvikelse mot budget, %', '+2,0%', '≥0', 'higher', 1, 'met'],
    [
      'Socialsekreterarnas tid för kvalitativt socialt arbete med klienter ökar, andel av tiden i %',
      '10,21',
      '35',
      'higher',
      2,
      'not_met',
    ],
    ['Andel inkomna e-ansökningar, %', '40,81', '70', 'higher', 2, 'not_met'],
    ['Total sjukfrånvaro', '7,4%', '6,0 %', 'lower', 1, 'not_met'],
    ['Andel heltidsanställningar', '97,4%', '100 %', 'higher', 1, 'not_met'],
    ['Hållbart medarbetarengagemang (HME)', '69', '72', 'higher', 0, 'not_met'],
    ['Avgångsålder pension', '64,7', '66', 'higher', 1, 'not_met'],
    [
      'Väntetid i antal dagar från första ansökan till beslut inom försörjningsstöd',
      '16',
      '7',
      'lower',
      0,
      'not_met',
    ],
    ['Antal deltagare … som avslutas till arbete med subvention', '37', '120', 'higher', 0, 'not_met'],
    ['Träffsäkerhet i ekonomiprognos – Augusti', 'I.U.', '<1 %', 'lower', 1, 'no_outcome'],
    ['Andel positiva svar i brukarenkät, %', 'I.U.', '88 %', 'higher', 0, 'no_outcome'],
  ];

  it.each(pairs)(
    '%s: %s against %s (%s is better) → %s',
    (_name, value, goal, better, decimals, expected) => {
      const status = indicatorStatus({ value: outcome(value), target: target(goal), better, decimals });
      expect(status.code).toBe(expected);
    },
  );

  it('has at least 8 outcome/target pairs with a verdict, in both directions', () => {
    const judged = pairs.filter((p) => p[5] === 'met' || p[5] === 'not_met');
    expect(judged.length).toBeGreaterThanOrEqual(8);
    expect(new Set(judged.map((p) => p[3]))).toEqual(new Set(['higher', 'lower']));
    expect(judged.some((p) => p[5] === 'met')).toBe(true);
  });

  it('explains the verdict in Swedish with the numbers as printed', () => {
    const status = indicatorStatus({ value: 3090, target: target('3 300'), better: 'lower', decimals: 0 });
    expect(status.label).toBe('Uppnås');
    expect(status.reason).toBe('3\u00a0090 når målvärdet ≤ 3\u00a0300 (lägre är bättre).');
    const budget = indicatorStatus({ value: 2, target: target('≥0'), better: 'higher', decimals: 1 });
    expect(budget.reason).toBe('2,0 når målvärdet ≥ 0,0.');
  });

  it('treats a text target as needing a person, whatever the value', () => {
    const status = indicatorStatus({
      value: 3.2,
      target: target('Inga signifikanta skillnader'),
      better: 'none',
      decimals: 1,
    });
    expect(status.code).toBe('needs_person');
    expect(status.label).toBe('Manuell bedömning');
  });
});

describe('comparators and directions', () => {
  const judge = (
    value: number | null,
    goal: string | number,
    better: 'higher' | 'lower' | 'none' = 'higher',
    decimals = 1,
  ) => indicatorStatus({ value, target: target(goal), better, decimals }).code;

  it('uses a written comparator as written, whatever the better-direction', () => {
    expect(judge(0, '≥0', 'lower')).toBe('met');
    expect(judge(-0.1, '≥0')).toBe('not_met');
    expect(judge(30, '≤ 30', 'higher', 0)).toBe('met');
    expect(judge(31, '≤ 30', 'higher', 0)).toBe('not_met');
    expect(judge(0.9, '<1 %', 'lower')).toBe('met');
    expect(judge(1, '<1 %', 'lower')).toBe('not_met');
    expect(judge(0.5, '<0,5 %', 'lower')).toBe('not_met');
    expect(judge(90.1, '>90')).toBe('met');
    expect(judge(90, '>90')).toBe('not_met');
    expect(judge(12, '=12', 'none', 0)).toBe('met');
    expect(judge(13, '=12', 'none', 0)).toBe('not_met');
  });

  it('reads a plain number by the better-direction, and asks a person when there is none', () => {
    expect(judge(90, 90, 'higher')).toBe('met');
    expect(judge(89.9, 90, 'higher')).toBe('not_met');
    expect(judge(2400, 2400, 'lower', 0)).toBe('met');
    expect(judge(2401, 2400, 'lower', 0)).toBe('not_met');
    expect(judge(50, 50, 'none')).toBe('needs_person');
  });

  it('judges the printed (rounded) value, so the verdict agrees with the table', () => {
    // 140 / 110 = 1,2727… prints as 1,3 and meets 1,3.
    expect(judge(140 / 110, 1.3, 'higher', 1)).toBe('met');
    expect(judge(84.04, 84.1, 'higher', 1)).toBe('not_met');
  });

  it('compares "Ska öka" / "Ska minska" with the previous year, and asks a person without one', () => {
    const dir = (value: number, goal: string, previousYearValue: number | null) =>
      indicatorStatus({ value, target: target(goal), better: 'none', decimals: 1, previousYearValue }).code;
    expect(dir(5, 'Ska öka', 4)).toBe('met');
    expect(dir(4, 'Ska öka', 4)).toBe('not_met');
    expect(dir(3, 'Ska minska', 4)).toBe('met');
    expect(dir(5, 'Ska minska', 4)).toBe('not_met');
    expect(dir(5, 'Ska öka', null)).toBe('needs_person');
  });

  it('never counts I.U. as missed, and knows a missing or i.u. target', () => {
    expect(judge(null, 90)).toBe('no_outcome');
    expect(judge(null, '≥0')).toBe('no_outcome');
    expect(indicatorStatus({ value: 5, target: undefined, better: 'higher', decimals: 0 }).code).toBe(
      'no_target',
    );
    expect(judge(5, 'i.u')).toBe('no_target');
  });

  it('combines parts: any miss is a miss, I.U. parts are left out', () => {
    const s = (code: IndicatorStatusCode) => ({ code, label: '', reason: '' });
    expect(combineStatuses([s('met'), s('no_outcome')], 'delar').code).toBe('met');
    expect(combineStatuses([s('met'), s('not_met'), s('no_outcome')], 'delar').code).toBe('not_met');
    expect(combineStatuses([s('no_outcome'), s('no_outcome')], 'delar').code).toBe('no_outcome');
    expect(combineStatuses([s('needs_person'), s('no_outcome')], 'delar').code).toBe('needs_person');
    expect(combineStatuses([s('no_target')], 'delar').code).toBe('no_target');
  });
});
