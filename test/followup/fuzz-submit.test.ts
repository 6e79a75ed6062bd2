/**
 * R4: property-based fuzzing of card submits and message texts. Whatever a client sends, the
 * service answers with a Swedish card, never throws, and stores only what validates.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { matchCommand } from '../../src/bot/commands.js';
import type { Period } from '../../src/calendar/periods.js';
import { createCardRenderer } from '../../src/cards/render.js';
import { Verb } from '../../src/cards/verbs.js';
import { type CommitteeConfig, loadConfig } from '../../src/config/load-config.js';
import { shippedConfigDir } from '../../src/config/settings.js';
import {
  type AnswerPayload,
  indicatorsFor,
  parseAssignmentsInput,
  parseEconomyInput,
  parseGoalInput,
  stepsFor,
} from '../../src/followup/answers.js';
import { FollowupService } from '../../src/followup/service.js';
import { fixedClock } from '../../src/shared/clock.js';
import { openStorage, type Storage } from '../../src/storage/index.js';
import { cardText } from '../support/bot-session.js';

let storage: Storage;
let config: CommitteeConfig;
let service: FollowupService;
const renderer = createCardRenderer();

beforeAll(async () => {
  storage = await openStorage(
    { kind: 'connectionString', connectionString: inject('azuriteConnectionString') },
    `z${randomUUID().replace(/-/g, '').slice(0, 12)}`,
  );
  config = await loadConfig(shippedConfigDir);
  service = new FollowupService({
    config,
    answers: storage.answers,
    audit: storage.audit,
    clock: fixedClock(new Date('2024-09-03T08:00:00Z')),
  });
});

afterAll(async () => {
  await storage.close();
});

const people = ['demo-chef-amc', 'demo-chef-multi', 'demo-ersattare-amc', 'demo-chef-linvux', 'okand', ''];
const units = ['amc', 'osa', 'linvux', 'cfv', 'finns-inte', '../../amc', 'amc\u0000'];
const steps = [
  'goal:hog-egenforsorjningsgrad',
  'goal:professionellt-bemotande',
  'goal:kunskap-och-kompetens',
  'economy',
  'assignments',
  'summary',
  'goal:okand',
  'submission',
];
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '3 090',
    '4,5',
    '−2,6',
    '1e9',
    'NaN',
    '-0',
    '99999999999',
    '0,0001',
    '٣',
    '１２',
    '<script>',
    "'; DROP",
  ),
  fc.string({ minLength: 1_990, maxLength: 2_100 }),
);
const anyValue = fc.oneof(
  nasty,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.object({ maxDepth: 1 }),
);

/** Input ids the cards really use, so the fuzzer reaches the validation, not only the door. */
function inputKeys(): string[] {
  const keys = ['status', 'results', 'deviations', 'unitChoice'];
  for (const i of config.indicatorsById.values()) {
    for (const cell of ['total', 'kvinnor', 'man']) {
      keys.push(`ind.${i.id}.${cell}`);
    }
    keys.push(`ind.${i.id}.iu`);
  }
  for (const r of config.economy.rows) keys.push(`eco.${r.id}.prognosis`, `eco.${r.id}.comment`);
  for (const a of config.assignmentsById.keys()) keys.push(`upd.${a}.status`, `upd.${a}.comment`);
  return keys;
}

const SWEDISH = /[åäöÅÄÖ]|\b(och|för|inte|kan|är|att|du)\b/;

describe('fuzzed card submits', () => {
  it('always answer with a valid Swedish card and store only valid answers', async () => {
    const keys = inputKeys();
    const submit = fc.record({
      person: fc.constantFrom(...people),
      data: fc.record(
        {
          verb: fc.oneof(fc.constantFrom(...Object.values(Verb)), fc.string({ maxLength: 20 })),
          unitId: fc.oneof(fc.constantFrom(...units), anyValue),
          periodId: fc.oneof(fc.constantFrom('2024-08', '2024-07', '2024-13', '2025-08'), anyValue),
          step: fc.oneof(fc.constantFrom(...steps), anyValue),
          rev: fc.oneof(fc.nat({ max: 3 }), anyValue),
        },
        { requiredKeys: [] },
      ),
      inputs: fc.dictionary(fc.constantFrom(...keys), anyValue, { maxKeys: 12 }),
    });
    // Half of the cases are coherent (a person and their own unit, the open period, a real step),
    // so the fuzzer reaches validation and storage instead of stopping at the door.
    const pairs = [
      ['demo-chef-amc', 'amc'],
      ['demo-ersattare-amc', 'amc'],
      ['demo-chef-multi', 'osa'],
      ['demo-chef-multi', 'arbetsmarknadsservice'],
      ['demo-chef-linvux', 'linvux'],
    ] as const;
    const plausible = fc.oneof(
      fc.integer({ min: 0, max: 5_000 }).map(String),
      fc.integer({ min: 0, max: 100 }).map((x) => `${x},5`),
      fc.constantFrom(
        'uppfylls',
        'uppfylls-delvis',
        'kan-ej-bedomas',
        'pagar',
        'genomfort',
        'true',
        'false',
        '',
      ),
      fc.string({ maxLength: 30 }),
      nasty,
    );
    const coherent = fc
      .record({
        pair: fc.constantFrom(...pairs),
        verb: fc.constantFrom(Verb.save, Verb.next, Verb.back, Verb.open, Verb.submit),
        stepIndex: fc.nat({ max: 7 }),
        rev: fc.nat({ max: 2 }),
        inputs: fc.dictionary(fc.constantFrom(...keys), plausible, { maxKeys: 15 }),
      })
      .map(({ pair, verb, stepIndex, rev, inputs }) => {
        const unit = config.unitsById.get(pair[1]);
        const unitSteps = unit ? stepsFor(unit, { kind: 'month' }) : [];
        return {
          person: pair[0],
          data: {
            verb,
            unitId: pair[1],
            periodId: '2024-08',
            step: unitSteps[stepIndex % unitSteps.length],
            rev,
          },
          inputs,
        };
      });
    let refusals = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(submit, coherent), async ({ person, data, inputs }) => {
        const reply = await service.act(
          { aadObjectId: person, teamsName: 'Fuzz' },
          { ...inputs, ...data },
          randomUUID(),
        );
        const card = renderer.render(reply.card, reply.model as never, { actions: 'execute' });
        const text = cardText(card);
        expect(text).toMatch(SWEDISH);
        if (/Inget sparades|kan inte|finns inte|Okänd|låst/.test(text)) refusals += 1;
      }),
      { numRuns: 5_000, seed: 20240903 },
    );
    expect(refusals).toBeGreaterThan(100);

    // Everything stored re-validates: nothing invalid got in.
    const stored = await storage.answers.listPeriod<AnswerPayload>('an', '2024-08');
    expect(stored.length).toBeGreaterThan(0);
    const period = config.periods.find((p) => p.id === '2024-08') as Period;
    for (const answer of stored) {
      const unit = config.unitsById.get(answer.unitId);
      expect(unit).toBeDefined();
      if (!unit) continue;
      const p = answer.payload;
      const values = roundTrip(p);
      if (p.kind === 'goal') {
        const indicators = indicatorsFor(config, unit, p.goalId, period);
        expect(parseGoalInput(config, p.goalId, indicators, values).errors).toEqual([]);
      } else if (p.kind === 'economy') {
        expect(parseEconomyInput(config, unit, values).errors).toEqual([]);
      } else if (p.kind === 'assignments') {
        expect(parseAssignmentsInput(config, unit, values).errors).toEqual([]);
      }
      expect(['amc', 'osa', 'arbetsmarknadsservice', 'linvux']).toContain(answer.unitId);
    }
  }, 120_000);
});

/** A stored payload as card inputs again (plain decimal strings), to re-run the validation on it. */
function roundTrip(p: AnswerPayload): Record<string, string> {
  const values: Record<string, string> = {};
  const n = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  if (p.kind === 'goal') {
    values.status = p.statusId ?? '';
    values.results = p.results;
    values.deviations = p.deviations;
    for (const [id, o] of Object.entries(p.indicators)) {
      values[`ind.${id}.iu`] = String(o.noOutcome);
      for (const cell of ['total', 'kvinnor', 'man'] as const) {
        if (o.numerator) {
          const num = n(o.numerator[cell]);
          const den = n(o.denominator?.[cell]);
          values[`ind.${id}.${cell}`] = num === '' || den === '' ? '' : `${num}/${den}`;
        } else values[`ind.${id}.${cell}`] = n(o.value[cell]);
      }
    }
  } else if (p.kind === 'economy') {
    for (const [id, r] of Object.entries(p.rows)) {
      values[`eco.${id}.prognosis`] = n(r.prognosisTkr);
      values[`eco.${id}.comment`] = r.comment;
    }
  } else if (p.kind === 'assignments') {
    for (const [id, r] of Object.entries(p.items)) {
      values[`upd.${id}.status`] = r.statusId ?? '';
      values[`upd.${id}.comment`] = r.comment;
    }
  }
  return values;
}

describe('fuzzed message texts', () => {
  it('always map to a command, never throw', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        expect(['report', 'status', 'help', 'greeting', 'unknown']).toContain(matchCommand(text));
      }),
      { numRuns: 5_000 },
    );
  });
});
