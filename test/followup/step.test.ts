import { beforeAll, describe, expect, it } from 'vitest';
import type { Period } from '../../src/calendar/periods.js';
import { type CommitteeConfig, loadConfig } from '../../src/config/load-config.js';
import { shippedConfigDir } from '../../src/config/settings.js';
import { itemStepsFor, type StepItem } from '../../src/followup/answers.js';
import { type StepPlace, stepOf } from '../../src/followup/step.js';

let config: CommitteeConfig;
/** A month and a delår: the Volymer step is only asked in the latter. */
let periods: Period[];

beforeAll(async () => {
  config = await loadConfig(shippedConfigDir);
  const month = config.periods.find((p) => p.kind === 'month');
  const interim = config.periods.find((p) => p.kind !== 'month' && p.kind !== 'annual');
  if (!month || !interim) throw new Error('the shipped calendar has no month or delår');
  periods = [month, interim];
});

function places(): StepPlace[] {
  return periods.flatMap((period) =>
    config.units.flatMap((unit) =>
      itemStepsFor(unit, period).map((step) => ({ config, unit, period, step })),
    ),
  );
}

const kindOf = (step: StepItem) => (step.startsWith('goal:') ? 'goal' : step);

/** What a manager types into every field of the step, indicators left empty (a valid draft). */
function typed(place: StepPlace): Record<string, string> {
  const step = stepOf(place.step);
  const values: Record<string, string> = {};
  const fields = step.blocks(place, {}, new Map(), null).flatMap((b) => b.fields);
  const hasParts = (id: string) => fields.some((f) => f.startsWith(id.replace(/\.value$/, '.part.')));
  for (const id of fields) {
    if (id === 'status') values[id] = config.goals.statusScale[0]?.id ?? '';
    else if (id === 'results') values[id] = 'Fler hushåll har gått till egen försörjning.';
    else if (id === 'deviations') values[id] = 'Inga avvikelser.';
    else if (/^eco\..*\.prognosis$/.test(id)) values[id] = '114 000';
    else if (/\.comment$/.test(id)) values[id] = 'Enligt plan.';
    else if (/^upd\..*\.status$/.test(id)) values[id] = config.assignments.statusScale[0]?.id ?? '';
    else if (/^fig\..*\.part\./.test(id)) values[id] = '6';
    // A total with parts is left to the sum of its parts.
    else if (/^fig\..*\.value$/.test(id)) values[id] = hasParts(id) ? '' : '12';
    else if (/^fig\..*\.prognosis$/.test(id)) values[id] = '14';
  }
  return values;
}

describe('one step per kind', () => {
  it('every step a unit answers is handled by the step of its kind, with a title and a card of its kind', () => {
    const seen = new Set<string>();
    for (const place of places()) {
      const step = stepOf(place.step);
      seen.add(step.kind);
      expect(step.kind).toBe(kindOf(place.step));
      expect(step.title(place).trim()).not.toBe('');
      expect(step.parse(place, {}).value.kind).toBe(step.kind);
    }
    expect([...seen].sort()).toEqual(['assignments', 'economy', 'figures', 'goal']);
  });

  it('a step not begun is missing something, and says which step in Swedish', () => {
    for (const place of places()) {
      const missing = stepOf(place.step).missing(place, null);
      expect(missing.length, place.step).toBeGreaterThan(0);
      expect(missing.join(' ')).toMatch(/saknas|inte påbörjat/);
    }
  });

  it('what a card shows of a saved answer is saved as the same answer again', () => {
    for (const place of places()) {
      const step = stepOf(place.step);
      const first = step.parse(place, typed(place));
      expect(first.issues, place.step).toEqual([]);
      const again = step.parse(place, step.values(place, first.value, false));
      expect(again.value, `${place.unit.id} ${place.step}`).toEqual(first.value);
    }
  });

  it('only the economy asks for something before moving on: a comment where the prognosis deviates', () => {
    for (const place of places()) {
      const step = stepOf(place.step);
      const answer = step.parse(place, typed(place)).value;
      const required = step.requiredBeforeLeaving(place, answer);
      if (step.kind !== 'economy') expect(required).toEqual([]);
    }
    const place = places().find((p) => p.step === 'economy');
    if (!place) throw new Error('no unit answers the economy');
    const economy = stepOf('economy');
    const rowId = place.unit.reports.economyRows[0] ?? '';
    const far = economy.parse(place, { [`eco.${rowId}.prognosis`]: '999 999' }).value;
    expect(economy.requiredBeforeLeaving(place, far).map((f) => f.field)).toEqual([`eco.${rowId}.comment`]);
  });
});
