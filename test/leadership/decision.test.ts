/**
 * The decide card's input, checked on the server: pure, over plain data.
 */
import { describe, expect, it } from 'vitest';
import {
  conflictNotice,
  decideValues,
  MOTIVATION_MAX,
  type StatusLevel,
  validateDecision,
} from '../../src/leadership/decision.js';

const scale: StatusLevel[] = [
  { id: 'uppfylls', label: 'Uppfylls' },
  { id: 'uppfylls-delvis', label: 'Uppfylls delvis' },
  { id: 'uppfylls-ej', label: 'Uppfylls ej' },
];

describe('the values on the card', () => {
  it('takes the status and the motivation when they are strings, else nothing', () => {
    expect(decideValues({ decisionStatus: 'uppfylls', motivation: 'Bra.' })).toEqual({
      statusId: 'uppfylls',
      motivation: 'Bra.',
    });
    expect(decideValues({ decisionStatus: 3, motivation: ['x'] })).toEqual({ statusId: '', motivation: '' });
  });
});

describe('validation', () => {
  it('accepts a status on the scale with a motivation, cleaned', () => {
    const check = validateDecision(scale, {
      statusId: 'uppfylls-delvis',
      motivation: '  Två av tre indikatorer.  ',
    });
    expect(check).toEqual({
      kind: 'valid',
      level: { id: 'uppfylls-delvis', label: 'Uppfylls delvis' },
      motivation: 'Två av tre indikatorer.',
    });
  });

  it('says everything that is wrong at once', () => {
    expect(validateDecision(scale, { statusId: 'uppfylls-nastan', motivation: '   ' })).toEqual({
      kind: 'invalid',
      errors: ['Välj nämndens bedömning.', 'Skriv en motivering: vad bedömningen baseras på.'],
    });
  });

  it('refuses a motivation over the limit, saying by how much in Swedish numbers', () => {
    const check = validateDecision(scale, {
      statusId: 'uppfylls',
      motivation: 'a'.repeat(MOTIVATION_MAX + 1_234),
    });
    expect(check.kind).toBe('invalid');
    const [error] = check.kind === 'invalid' ? check.errors : [];
    expect(error?.replace(/\s/g, ' ')).toBe(
      'Motiveringen är 3 234 tecken lång, men högst 2 000 får plats. Korta den med minst 1 234 tecken.',
    );
  });

  it('accepts exactly the limit', () => {
    expect(
      validateDecision(scale, { statusId: 'uppfylls', motivation: 'a'.repeat(MOTIVATION_MAX) }).kind,
    ).toBe('valid');
  });
});

describe('a decision made while the card was open', () => {
  it('says who decided what and when, in the calendar’s time zone', () => {
    const text = conflictNotice(
      {
        committeeId: 'AN',
        periodId: '2024-08',
        goalId: 'g',
        revision: 2,
        statusId: 'uppfylls-ej',
        motivation: 'Nej.',
        proposedStatusId: null,
        decidedBy: { aadObjectId: 'x', name: 'Helena Strand' },
        decidedAt: '2024-09-10T08:05:00Z',
      },
      scale,
      'Europe/Stockholm',
    );
    expect(text).toBe(
      'Helena Strand bedömde målet som uppfylls ej 10 september 2024 kl. 10:05 medan du hade kortet öppet, så din bedömning sparades inte. Det du skrev finns kvar nedan: tryck Spara bedömning igen för att ersätta beslutet.',
    );
  });

  it('says the decision changed when it is gone', () => {
    expect(conflictNotice(null, scale, 'Europe/Stockholm')).toMatch(
      /^Beslutet ändrades medan du hade kortet öppet/,
    );
  });
});
