/**
 * How leadership actually writes: questions and statements, with or without å/ä/ö, typos, polite
 * words, indicator words that lead to their goal. Each phrasing with the answer it must get,
 * from the seeds' own vocabulary (delårsrapport, nämndmål, indikatorer, prognos, avvikelse).
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { shippedConfigDir } from '../../src/config/settings.js';
import {
  goalWords,
  type LeadershipAsk,
  matchGoal,
  matchPeriod,
  parseLeadershipQuestion,
} from '../../src/leadership/query.js';
import { normalise } from '../../src/shared/text.js';

const config = await loadConfig(shippedConfigDir);
const now = new Date('2024-09-03T10:00:00+02:00');

interface Expected {
  readonly ask: LeadershipAsk;
  /** The goal the words lead to; undefined when none is named. */
  readonly goal?: string;
  /** The period id; the open one (2024-08) when not given. */
  readonly period?: string;
}

// biome-ignore format: one phrasing a line reads best as a table
const PHRASINGS: ReadonlyArray<readonly [string, Expected]> = [
  ['prognos', { ask: 'prognosis' }],
  ['Prognos!', { ask: 'prognosis' }],
  ['hur går det?', { ask: 'prognosis' }],
  ['hur gar det', { ask: 'prognosis' }],
  ['läget?', { ask: 'prognosis' }],
  ['Hur ser det ut med målen?', { ask: 'prognosis' }],
  ['kan du visa prognosen', { ask: 'prognosis' }],
  ['Visa prognosen för juni', { ask: 'prognosis', period: '2024-06' }],
  ['prognos juni 2024', { ask: 'prognosis', period: '2024-06' }],
  ['prognos 2024-06', { ask: 'prognosis', period: '2024-06' }],
  ['prognos delår 1', { ask: 'prognosis', period: '2024-03' }],
  ['hej, hur ligger vi till?', { ask: 'prognosis' }],
  ['ge mig en översikt', { ask: 'prognosis' }],
  ['målstatus tack', { ask: 'prognosis' }],
  ['prognos egenförsörjning', { ask: 'prognosis', goal: 'hog-egenforsorjningsgrad' }],
  ['hur går det för egenförsörjningen?', { ask: 'prognosis', goal: 'hog-egenforsorjningsgrad' }],
  ['prognos egenforsorjningsgard', { ask: 'prognosis', goal: 'hog-egenforsorjningsgrad' }],
  ['hur ser det ut med sjukfrånvaron?', { ask: 'prognosis', goal: 'goda-arbetsplatser' }],
  ['prognos sjukfranvaro', { ask: 'prognosis', goal: 'goda-arbetsplatser' }],
  ['sjukfrånvaro', { ask: 'prognosis', goal: 'goda-arbetsplatser' }],
  ['kan du visa sjukfrånvaron', { ask: 'prognosis', goal: 'goda-arbetsplatser' }],
  ['hur går det med digitaliseringen', { ask: 'prognosis', goal: 'digitaliseringens-mojligheter' }],
  ['prognos digitalisering', { ask: 'prognosis', goal: 'digitaliseringens-mojligheter' }],
  ['prognos avtalstrohet', { ask: 'prognosis', goal: 'hog-avtalstrohet' }],
  ['hur ser det ut med e-handeln', { ask: 'prognosis', goal: 'hog-avtalstrohet' }],
  ['prognos bemötande', { ask: 'prognosis', goal: 'professionellt-bemotande' }],
  ['hur går det med väntetiden?', { ask: 'prognosis', goal: 'professionellt-bemotande' }],
  ['brukarenkäten, hur ser det ut', { ask: 'prognosis', goal: 'professionellt-bemotande' }],
  ['prognos för kunskap och kompetens', { ask: 'prognosis', goal: 'kunskap-och-kompetens' }],
  ['hur går det för vuxenutbildningen, målen', { ask: 'prognosis' }],
  ['prognos chefsindex', { ask: 'prognosis', goal: 'hallbart-chef-och-ledarskap' }],
  ['hur ser det ut med ledarskapet', { ask: 'prognosis', goal: 'hallbart-chef-och-ledarskap' }],
  ['prognos heltidsanställningar', { ask: 'prognosis', goal: 'nya-vagar-for-kompetensforsorjning' }],
  ['kompetensförsörjning prognos', { ask: 'prognosis', goal: 'nya-vagar-for-kompetensforsorjning' }],
  ['hur går det med beläggningsgraden', { ask: 'prognosis', goal: 'kostnadseffektiva-arbetsmarknadsatgarder' }],
  ['indikatorn hushåll med ekonomiskt bistånd', { ask: 'prognosis', goal: 'hog-egenforsorjningsgrad' }],
  ['trygghet prognos', { ask: 'prognosis', goal: 'trygghet-och-inflytande' }],
  ['ekonomi', { ask: 'economy' }],
  ['hur ser ekonomin ut?', { ask: 'economy' }],
  ['ekonomin i juli', { ask: 'economy', period: '2024-07' }],
  ['budgeten?', { ask: 'economy' }],
  ['har vi något underskott?', { ask: 'economy' }],
  ['avvikelsen mot budget', { ask: 'economy' }],
  ['hur ser kostnaderna ut', { ask: 'economy' }],
  ['vilka saknas?', { ask: 'missing' }],
  ['vilka enheter saknas', { ask: 'missing' }],
  ['vilka enheter har inte lämnat in?', { ask: 'missing' }],
  ['har alla svarat?', { ask: 'missing' }],
  ['vem har inte rapporterat', { ask: 'missing' }],
  ['vilka har inte svarat', { ask: 'missing' }],
  ['vilka har inte skickat in juni', { ask: 'missing', period: '2024-06' }],
  ['är alla klara?', { ask: 'missing' }],
  ['vem är kvar?', { ask: 'missing' }],
  ['vilka fattas', { ask: 'missing' }],
  ['vilka ar kvar att svara', { ask: 'missing' }],
  ['rapport', { ask: 'document' }],
  ['ge mig delårsrapporten', { ask: 'document' }],
  ['delarsrapporten', { ask: 'document' }],
  ['rapport juni', { ask: 'document' }],
  ['kan jag få rapporten i word', { ask: 'document' }],
  ['excel tack', { ask: 'document' }],
  ['utkastet till delårsrapporten', { ask: 'document' }],
  ['bedöm digitalisering', { ask: 'decide', goal: 'digitaliseringens-mojligheter' }],
  ['bedom egenforsorjning', { ask: 'decide', goal: 'hog-egenforsorjningsgrad' }],
  ['fastställ status för goda arbetsplatser', { ask: 'decide', goal: 'goda-arbetsplatser' }],
  ['bedömning avtalstrohet', { ask: 'decide', goal: 'hog-avtalstrohet' }],
];

describe('what leadership writes', () => {
  it('has at least 60 phrasings', () => {
    expect(PHRASINGS.length).toBeGreaterThanOrEqual(60);
  });

  it.each(PHRASINGS)('"%s"', (text, expected) => {
    const question = parseLeadershipQuestion(text, config);
    expect(question?.ask).toBe(expected.ask);
    expect(question?.asked).toBe(text.trim());
    if (expected.ask === 'document' || !question) return;
    const period = matchPeriod(question.rest, config.periods, now);
    expect(period?.period.id).toBe(expected.period ?? '2024-08');
    const words = goalWords(period?.rest ?? '');
    const goal = words ? matchGoal(config, words) : { kind: 'none' as const };
    if (expected.goal) {
      expect(goal, `${text} → ${words}`).toMatchObject({ kind: 'one', goal: { id: expected.goal } });
    } else if (expected.ask === 'prognosis') {
      // No goal named: the whole prognosis, or a choice, never a wrong single goal.
      expect(goal.kind === 'one' && normalise(words).length > 0 ? goal.kind : 'ok').not.toBe('one');
    }
  });

  it('does not take small talk or the managers’ commands for leadership questions', () => {
    for (const text of ['tack!', 'hej', 'rapportera', 'pausa påminnelser', 'hjälp']) {
      expect(parseLeadershipQuestion(text, config)?.ask, text).not.toBe('prognosis');
    }
  });
});
