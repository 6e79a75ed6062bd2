import { describe, expect, it } from 'vitest';
import {
  SUBMISSION_STATE_LABEL,
  submissionState,
  submissionStatusText,
  type UnitAnswers,
} from '../../src/shared/submission-state.js';

const items = ['goal:a', 'goal:b', 'economy'];

function unit(stored: Record<string, number>, sent: Record<string, number> | null): UnitAnswers {
  return { items, stored: new Map(Object.entries(stored).map(([k, r]) => [k, { revision: r }])), sent };
}

describe('what a unit has sent in', () => {
  it('nothing stored: none', () => {
    expect(submissionState(unit({}, null))).toBe('none');
  });

  it('an item stored but not sent in: draft', () => {
    expect(submissionState(unit({ 'goal:a': 3 }, null))).toBe('draft');
  });

  it('only answers that are not items of the unit (another step, the submission): none', () => {
    expect(submissionState(unit({ figures: 1 }, null))).toBe('none');
  });

  it('sent in with every item at the revision sent: submitted', () => {
    const sent = { 'goal:a': 2, 'goal:b': 1, economy: 4 };
    expect(submissionState(unit({ 'goal:a': 2, 'goal:b': 1, economy: 4, submission: 1 }, sent))).toBe(
      'submitted',
    );
  });

  it('an item never stored and not in the submission counts as revision 0 on both sides', () => {
    expect(submissionState(unit({ 'goal:a': 2 }, { 'goal:a': 2 }))).toBe('submitted');
    expect(submissionState(unit({}, {}))).toBe('submitted');
  });

  it('an item saved again after sending in: changed after submission', () => {
    const sent = { 'goal:a': 2, 'goal:b': 1, economy: 4 };
    expect(submissionState(unit({ 'goal:a': 3, 'goal:b': 1, economy: 4 }, sent))).toBe(
      'changed_after_submission',
    );
  });

  it('an item first stored after sending in: changed after submission', () => {
    expect(submissionState(unit({ 'goal:a': 2, economy: 1 }, { 'goal:a': 2 }))).toBe(
      'changed_after_submission',
    );
  });
});

describe('the states in Swedish', () => {
  it('has a label for every state', () => {
    expect(SUBMISSION_STATE_LABEL).toEqual({
      submitted: 'Inskickad',
      changed_after_submission: 'Ändrad efter inskickning',
      draft: 'Utkast',
      none: 'Inget svar',
    });
  });

  it('says on the unit’s own card when and by whom it was sent in, and what to do after a change', () => {
    const sentIn = { when: '3 september kl. 10:15', by: 'Anna Lind' };
    expect(submissionStatusText('submitted', sentIn)).toBe('Inskickad 3 september kl. 10:15 av Anna Lind');
    expect(submissionStatusText('changed_after_submission', sentIn)).toBe(
      'Ändrad efter inskickningen 3 september kl. 10:15 – skicka in igen',
    );
    expect(submissionStatusText('draft', null)).toBe('Ej inskickad');
    expect(submissionStatusText('none', null)).toBe('Ej inskickad');
  });
});
