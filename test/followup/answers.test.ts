import { beforeAll, describe, expect, it } from 'vitest';
import type { Period } from '../../src/calendar/periods.js';
import { type CommitteeConfig, loadConfig, type Unit } from '../../src/config/load-config.js';
import { shippedConfigDir } from '../../src/config/settings.js';
import {
  commentsMissing,
  indicatorsFor,
  missingInEconomy,
  missingInGoal,
  parseEconomyInput,
  parseGoalInput,
  stepsFor,
} from '../../src/followup/answers.js';
import { formatSwedishNumber } from '../../src/shared/swedish-format.js';
import { parseSwedishNumber } from '../../src/shared/swedish-number.js';

let config: CommitteeConfig;
let amc: Unit;
let linvux: Unit;
let august: Period;

beforeAll(async () => {
  config = await loadConfig(shippedConfigDir);
  amc = config.unitsById.get('amc') as Unit;
  linvux = config.unitsById.get('linvux') as Unit;
  august = config.periods.find((p) => p.id === '2024-08') as Period;
});

describe('Swedish numbers', () => {
  it.each([
    ['3 090', 3090],
    ['3\u00a0090', 3090],
    ['4,5', 4.5],
    ['4.5', 4.5],
    ['−2,6', -2.6],
    ['-2,6', -2.6],
    ['–2,6', -2.6],
    [' 12 ', 12],
  ])('reads "%s" as %d', (text, value) => {
    expect(parseSwedishNumber(text)).toBe(value);
  });

  it.each(['', 'tre', '3,0,1', '1e5', '3 090 kr', '4,'])('refuses "%s"', (text) => {
    expect(parseSwedishNumber(text)).toBeNull();
  });

  it('writes numbers the Swedish way', () => {
    expect(formatSwedishNumber(3090)).toBe('3\u00a0090');
    expect(formatSwedishNumber(4.86, 2)).toBe('4,86');
    expect(formatSwedishNumber(-2.6, 1)).toBe('\u22122,6');
  });
});

describe('a nämndmål card submit', () => {
  const goal = 'hog-egenforsorjningsgrad';
  // Counts: the household figures (the controller reports them; the parsing is the same for all).
  const indicators = () =>
    ['antal-utbetalningshushall', 'antal-barn-i-hushall'].map((id) => {
      const found = config.indicatorsById.get(id);
      if (!found) throw new Error(id);
      return found;
    });

  it('accepts Swedish numbers and an empty draft', () => {
    const parsed = parseGoalInput(config, goal, indicators(), {
      status: 'uppfylls',
      results: '  Fler i arbete \r\n ',
      'ind.antal-utbetalningshushall.total': '2 160',
    });
    expect(parsed.errors).toEqual([]);
    expect(parsed.value.results).toBe('Fler i arbete');
    expect(parsed.value.indicators['antal-utbetalningshushall']?.value.total).toBe(2160);
    expect(parseGoalInput(config, goal, indicators(), {}).errors).toEqual([]);
  });

  it('refuses a status that is not on the scale, a count with decimals, and both a value and I.U., each by its field', () => {
    const parsed = parseGoalInput(config, goal, indicators(), {
      status: 'gron',
      'ind.antal-utbetalningshushall.total': '2 160,5',
      'ind.antal-barn-i-hushall.total': '12',
      'ind.antal-barn-i-hushall.iu': 'true',
    });
    expect(parsed.issues.map((i) => i.field)).toEqual([
      'status',
      'ind.antal-utbetalningshushall.total',
      'ind.antal-barn-i-hushall.iu',
    ]);
    expect(parsed.issues[0]?.message).toBe(
      '”gron” finns inte att välja. Välj en av: Uppfylls, Uppfylls delvis, Uppfylls ej, Kan ej bedömas.',
    );
    expect(parsed.issues[1]?.message).toBe(
      '2 160,5 är ett antal och kan inte ha decimaler. Skriv ett heltal, till exempel 3 090.',
    );
    expect(parsed.issues[2]?.message).toBe(
      'Du har både skrivit ett utfall och kryssat i I.U. Töm utfallet eller ta bort krysset.',
    );
    // The one-line form names the field first.
    expect(parsed.errors[0]).toMatch(/^Prognos för helåret: ”gron”/);
  });

  it('ignores what the card should not send, whatever its type', () => {
    const parsed = parseGoalInput(config, goal, indicators(), {
      status: { evil: true },
      results: ['array'],
      'ind.okand.total': '5',
      __proto__: { polluted: 'yes' },
    } as Record<string, unknown>);
    expect(parsed.errors).toEqual([]);
    expect(parsed.value.statusId).toBeNull();
    expect(Object.keys(parsed.value.indicators)).not.toContain('okand');
  });

  it('refuses over-long text with its length, and never cuts it', () => {
    const long = 'å'.repeat(2600);
    const parsed = parseGoalInput(config, goal, [], { results: long, deviations: 'Inga avvikelser' });
    expect(parsed.issues).toEqual([
      {
        field: 'results',
        label: 'Resultat',
        message:
          'Texten är 2\u00a0600 tecken lång, men högst 2\u00a0000 får plats. Korta den med minst 600 tecken.',
      },
    ]);
    expect(parsed.value.results).toHaveLength(2600);
  });

  it('computes a share from "täljare/nämnare", and says what is wrong with an impossible one', () => {
    const goalId = 'kunskap-och-kompetens';
    const inds = indicatorsFor(config, linvux, goalId, august);
    const share = inds.find((i) => i.aggregation.kind === 'share' && i.breakdown.kon && i.unit === '%');
    expect(share).toBeDefined();
    const id = share?.id ?? '';
    const ok = parseGoalInput(config, goalId, inds, {
      [`ind.${id}.total`]: '81/100',
      [`ind.${id}.kvinnor`]: '50 av 60',
    });
    expect(ok.errors).toEqual([]);
    expect(ok.value.indicators[id]?.value.total).toBe(81);
    expect(ok.value.indicators[id]?.value.kvinnor).toBeCloseTo(83.333, 2);
    expect(ok.value.indicators[id]?.numerator?.kvinnor).toBe(50);
    const bad = parseGoalInput(config, goalId, inds, {
      [`ind.${id}.total`]: '120/100',
      [`ind.${id}.kvinnor`]: '45',
      [`ind.${id}.man`]: '5/0',
    });
    const counts = (name: string) => name.replace(/^antal /i, '').toLowerCase();
    const num = share?.aggregation.kind === 'share' ? counts(share.aggregation.numerator) : '';
    const den = share?.aggregation.kind === 'share' ? counts(share.aggregation.denominator) : '';
    expect(bad.issues.map((i) => [i.field, i.message])).toEqual([
      [`ind.${id}.total`, expect.stringContaining(`(120) kan inte vara fler än ${den} (100)`)],
      [
        `ind.${id}.kvinnor`,
        `Här behövs två antal, inte bara ett. Skriv ${num}/${den} med snedstreck, till exempel 45/50.`,
      ],
      [`ind.${id}.man`, expect.stringContaining('kan inte vara 0')],
    ]);
  });

  it('lists what is missing before it can be sent in', () => {
    const parsed = parseGoalInput(config, goal, indicators(), { status: 'uppfylls', results: 'Bra' });
    const missing = missingInGoal(config, indicators(), parsed.value);
    expect(missing[0]).toBe(
      'Hög egenförsörjningsgrad: avvikelser saknas (skriv ”Inga avvikelser” om det inte finns några)',
    );
    expect(missing.length).toBe(1 + indicators().length);
  });
});

describe('the economy card', () => {
  it('needs a comment when the deviation exceeds the threshold, at the comment field', () => {
    const big = parseEconomyInput(config, amc, { 'eco.arbetsmarknadsatgarder.prognosis': '120 000' });
    expect(big.errors).toEqual([]);
    expect(missingInEconomy(config, amc, 2024, big.value)).toEqual([
      'Ekonomi: kommentar krävs för Arbetsmarknadsåtgärder',
    ]);
    expect(commentsMissing(config, amc, 2024, big.value)).toEqual([
      {
        field: 'eco.arbetsmarknadsatgarder.comment',
        label: 'Kommentar till Arbetsmarknadsåtgärder',
        message: expect.stringMatching(
          /^Prognosen avviker .* tkr från budget, mer än 500 tkr: skriv varför och vad som görs\.$/,
        ),
      },
    ]);
    const small = parseEconomyInput(config, amc, { 'eco.arbetsmarknadsatgarder.prognosis': '113 500' });
    expect(missingInEconomy(config, amc, 2024, small.value)).toEqual([]);
  });

  it('refuses a prognosis that is not a number, saying how to write it', () => {
    expect(
      parseEconomyInput(config, amc, { 'eco.arbetsmarknadsatgarder.prognosis': '113 miljoner' }).issues[0],
    ).toEqual({
      field: 'eco.arbetsmarknadsatgarder.prognosis',
      label: 'Prognos för Arbetsmarknadsåtgärder',
      message: '”113 miljoner” är inget tal. Skriv bara talet, till exempel 114 800.',
    });
  });

  it('accepts the field’s own unit after the number, and no other', () => {
    const tkr = parseEconomyInput(config, amc, { 'eco.arbetsmarknadsatgarder.prognosis': '114 800 tkr' });
    expect(tkr.errors).toEqual([]);
    expect(tkr.value.rows.arbetsmarknadsatgarder?.prognosisTkr).toBe(114_800);
    expect(
      parseEconomyInput(config, amc, { 'eco.arbetsmarknadsatgarder.prognosis': '114 800 kr' }).errors[0],
    ).toContain('”114 800 kr” är inget tal');
  });
});

describe('what people type into indicator fields', () => {
  const indicator = (id: string) => {
    const found = config.indicatorsById.get(id);
    if (!found) throw new Error(id);
    return found;
  };

  it('takes "45 %" for a percentage and "16 dagar" for days', () => {
    const parsed = parseGoalInput(
      config,
      'professionellt-bemotande',
      [indicator('vantetid-ansokan-till-beslut'), indicator('e-handelstrohet')],
      { 'ind.vantetid-ansokan-till-beslut.total': '16 dagar', 'ind.e-handelstrohet.total': '73,3 %' },
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.value.indicators['vantetid-ansokan-till-beslut']?.value.total).toBe(16);
    expect(parsed.value.indicators['e-handelstrohet']?.value.total).toBe(73.3);
  });

  it('refuses decimals in a count with a clear message', () => {
    const parsed = parseGoalInput(
      config,
      'hog-egenforsorjningsgrad',
      [indicator('antal-utbetalningshushall')],
      {
        'ind.antal-utbetalningshushall.total': '12,5',
      },
    );
    expect(parsed.errors).toEqual([
      'Antal utbetalningshushåll, utfall per sista månad: 12,5 är ett antal och kan inte ha decimaler. Skriv ett heltal, till exempel 3 090.',
    ]);
  });

  it('gives one message for "12,5,3" in a share, saying how to write it', () => {
    const share = indicator('andel-e-ansokningar');
    const parsed = parseGoalInput(config, 'digitaliseringens-mojligheter', [share], {
      'ind.andel-e-ansokningar.total': '12,5,3',
    });
    expect(parsed.issues).toHaveLength(1);
    expect(parsed.issues[0]?.message).toMatch(
      /^”12,5,3” går inte att läsa\. Skriv .*\/.* med snedstreck, till exempel 45\/50\.$/,
    );
  });

  it('refuses a percentage over 100 saying what is reasonable', () => {
    const parsed = parseGoalInput(config, 'professionellt-bemotande', [indicator('e-handelstrohet')], {
      'ind.e-handelstrohet.total': '309 %',
    });
    expect(parsed.issues[0]?.message).toBe(
      '309 % är utanför det rimliga (−100 till 100 %). Kontrollera talet.',
    );
  });
});

describe('steps', () => {
  it('are the unit’s goals, then economy, uppdrag and summary', () => {
    expect(stepsFor(amc, { kind: 'month' })).toEqual([
      'goal:professionellt-bemotande',
      'goal:hog-egenforsorjningsgrad',
      'goal:kostnadseffektiva-arbetsmarknadsatgarder',
      'economy',
      'assignments',
      'summary',
    ]);
  });
});

describe('ratios that are not percentages', () => {
  it('computes betyg per deltagare as a plain ratio that may exceed 1', () => {
    const goalId = 'kunskap-och-kompetens';
    const inds = indicatorsFor(config, linvux, goalId, august);
    const ratio = inds.find((i) => i.aggregation.kind === 'share' && i.unit !== '%');
    expect(ratio).toBeDefined();
    const id = ratio?.id ?? '';
    const parsed = parseGoalInput(config, goalId, inds, { [`ind.${id}.total`]: '150/100' });
    expect(parsed.errors).toEqual([]);
    expect(parsed.value.indicators[id]?.value.total).toBe(1.5);
  });

  it('sums kvinnor and män into the total counts when the total is left empty', () => {
    const goalId = 'kunskap-och-kompetens';
    const inds = indicatorsFor(config, linvux, goalId, august);
    const share = inds.find((i) => i.aggregation.kind === 'share' && i.breakdown.kon);
    const id = share?.id ?? '';
    const parsed = parseGoalInput(config, goalId, inds, {
      [`ind.${id}.kvinnor`]: '40/50',
      [`ind.${id}.man`]: '20/30',
    });
    expect(parsed.errors).toEqual([]);
    expect(parsed.value.indicators[id]?.value.total).toBe(75);
    expect(parsed.value.indicators[id]?.numerator?.total).toBe(60);
  });
});
