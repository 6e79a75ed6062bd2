/**
 * Which use case answers a typed question or a card action: pure routing over the shipped
 * configuration, no storage. Asked on Tuesday 3 September 2024 (August is the latest open period).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Verb } from '../../src/cards/verbs.js';
import { type CommitteeConfig, loadConfig } from '../../src/config/load-config.js';
import { shippedConfigDir } from '../../src/config/settings.js';
import { type QuestionRoute, routeAction, routeQuestion } from '../../src/leadership/routing.js';

let config: CommitteeConfig;
const now = new Date('2024-09-03T08:00:00Z');

beforeAll(async () => {
  config = await loadConfig(shippedConfigDir);
});

/** The route with its period as an id, so expectations read as plain data. */
function route(text: string): Record<string, unknown> {
  const r: QuestionRoute = routeQuestion(text, config, now);
  return 'period' in r ? { ...r, period: r.period.id } : { ...r };
}

describe('a typed question', () => {
  it('"prognos" without a period is the latest open one, and an earlier one may stand in', () => {
    expect(route('prognos')).toEqual({
      kind: 'prognosis',
      ask: 'prognosis',
      period: '2024-08',
      fallBack: true,
    });
  });

  it('a named period is that period, never a stand-in', () => {
    expect(route('prognos juni')).toEqual({
      kind: 'prognosis',
      ask: 'prognosis',
      period: '2024-06',
      fallBack: false,
    });
    expect(route('ekonomi juni')).toEqual({ kind: 'economy', ask: 'economy', period: '2024-06' });
    expect(route('vilka har inte svarat i juli?')).toEqual({
      kind: 'missing',
      ask: 'missing',
      period: '2024-07',
    });
  });

  it('goal words lead to that goal, to show or to decide, and keep what was written', () => {
    expect(route('Prognos egenförsörjning')).toEqual({
      kind: 'goal',
      ask: 'prognosis',
      purpose: 'detail',
      period: '2024-08',
      words: 'egenforsorjning',
      asked: 'Prognos egenförsörjning',
    });
    expect(route('bedöm digitalisering juni')).toMatchObject({
      kind: 'goal',
      purpose: 'decide',
      period: '2024-06',
      words: 'digitalisering',
    });
    // An indicator's name alone is a question about its goal's prognosis.
    expect(route('sjukfrånvaro')).toMatchObject({ kind: 'goal', purpose: 'detail', words: 'sjukfranvaro' });
  });

  it('"bedöm" without a goal lists the goals to decide', () => {
    expect(route('bedöm')).toEqual({ kind: 'decide-list', ask: 'decide', period: '2024-08' });
  });

  it('"rapport" asks for the files: both unless one format is named; the period is the delivery’s', () => {
    expect(route('rapport')).toEqual({
      kind: 'document',
      ask: 'document',
      rest: '',
      formats: ['docx', 'xlsx'],
    });
    expect(route('rapport juni excel')).toEqual({
      kind: 'document',
      ask: 'document',
      rest: 'juni excel',
      formats: ['xlsx'],
    });
    expect(route('rapporten som word')).toMatchObject({ formats: ['docx'] });
    expect(route('rapport word och excel')).toMatchObject({ formats: ['docx', 'xlsx'] });
  });

  it('a period that does not exist is said so, with what was written', () => {
    expect(route('prognos 2031-01')).toEqual({ kind: 'unknown-period', ask: 'prognosis', rest: '2031-01' });
  });

  it('anything else gets the help card', () => {
    expect(route('hej där')).toEqual({ kind: 'help' });
    expect(route('')).toEqual({ kind: 'help' });
  });
});

describe('a card action', () => {
  it('names a leadership verb, an opened period and the goal as sent', () => {
    const r = routeAction(
      { verb: Verb.leadershipGoal, periodId: '2024-08', goalId: 'x' },
      config.periods,
      now,
    );
    expect(r.kind === 'action' ? { ...r, period: r.period?.id } : r).toEqual({
      kind: 'action',
      verb: Verb.leadershipGoal,
      period: '2024-08',
      goalId: 'x',
    });
  });

  it('refuses a verb that is not leadership’s, whatever else the card says', () => {
    expect(routeAction({ verb: 'followup.open', periodId: '2024-08' }, config.periods, now)).toEqual({
      kind: 'unknown-verb',
    });
    expect(routeAction({ verb: 42 }, config.periods, now)).toEqual({ kind: 'unknown-verb' });
    expect(routeAction({}, config.periods, now)).toEqual({ kind: 'unknown-verb' });
  });

  it('has no period for one that does not exist, has not opened or is not a string', () => {
    for (const periodId of ['2031-01', '2024-09', 202408, undefined]) {
      const r = routeAction({ verb: Verb.leadershipPrognosis, periodId }, config.periods, now);
      expect(r).toMatchObject({ kind: 'action', period: null });
    }
  });

  it('takes a goal id only when it is a string', () => {
    const r = routeAction(
      { verb: Verb.leadershipGoal, periodId: '2024-08', goalId: { id: 'x' } },
      config.periods,
      now,
    );
    expect(r).toMatchObject({ kind: 'action', goalId: '' });
  });
});
