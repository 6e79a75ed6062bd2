import { beforeAll, describe, expect, it } from 'vitest';
import { type CommitteeConfig, loadConfig } from '../../src/config/load-config.js';
import { shippedConfigDir } from '../../src/config/settings.js';
import { matchGoal, matchPeriod, parseLeadershipQuestion } from '../../src/leadership/query.js';

let config: CommitteeConfig;
const now = new Date('2024-09-03T08:00:00Z');

beforeAll(async () => {
  config = await loadConfig(shippedConfigDir);
});

describe('leadership questions in plain Swedish', () => {
  it.each([
    ['prognos', 'prognosis', ''],
    ['Hur går det?', 'prognosis', ''],
    ['läget', 'prognosis', ''],
    ['Prognos egenförsörjning', 'prognosis', 'egenforsorjning'],
    ['prognos juni', 'prognosis', 'juni'],
    ['ekonomi', 'economy', ''],
    ['Hur ser ekonomin ut?', 'economy', ''],
    ['saknas', 'missing', ''],
    ['Vilka har inte svarat?', 'missing', ''],
    ['rapport 2024-06', 'document', '2024-06'],
    ['Delårsrapporten för delår 1', 'document', 'delar 1'],
    ['bedöm digitalisering', 'decide', 'digitalisering'],
  ])('"%s" → %s (%s)', (text, ask, rest) => {
    expect(parseLeadershipQuestion(text)).toEqual({ ask, rest, asked: text });
  });

  it('leaves the managers’ commands alone', () => {
    expect(parseLeadershipQuestion('rapportera')).toBeNull();
    expect(parseLeadershipQuestion('hjälp')).toBeNull();
  });
});

describe('periods', () => {
  it.each([
    ['', '2024-08'],
    ['juni', '2024-06'],
    ['juni 2024', '2024-06'],
    ['2024-06', '2024-06'],
    ['delar 1', '2024-03'],
    ['delar 2', '2024-08'],
    ['aug', '2024-08'],
  ])('"%s" → %s', (text, id) => {
    expect(matchPeriod(text, config.periods, now)?.period.id).toBe(id);
  });

  it('takes the latest opened period when none is named, and keeps the other words', () => {
    const m = matchPeriod('egenforsorjning juni', config.periods, now);
    expect(m?.period.id).toBe('2024-06');
    expect(m?.rest).toBe('egenforsorjning');
  });

  it('says so when a named period does not exist', () => {
    expect(matchPeriod('2019-06', config.periods, now)).toBeNull();
    expect(matchPeriod('helar', config.periods, now)).toBeNull();
  });
});

describe('goals by a few words', () => {
  it.each([
    ['egenforsorjning', 'hog-egenforsorjningsgrad'],
    ['egenförsörjning', 'hog-egenforsorjningsgrad'],
    ['digitalisering', 'digitaliseringens-mojligheter'],
    ['avtalstrohet', 'hog-avtalstrohet'],
    ['avtalstrohet ', 'hog-avtalstrohet'],
    ['bemotande', 'professionellt-bemotande'],
    ['egenforsorjningsgard', 'hog-egenforsorjningsgrad'],
  ])('"%s" → %s', (query, id) => {
    const m = matchGoal(config, query);
    expect(m.kind).toBe('one');
    if (m.kind === 'one') expect(m.goal.id).toBe(id);
  });

  it('offers a choice when words fit several goals, and nothing when none', () => {
    expect(matchGoal(config, 'hog').kind).toBe('several');
    expect(matchGoal(config, 'fotboll').kind).toBe('none');
    expect(matchGoal(config, '').kind).toBe('none');
  });
});
