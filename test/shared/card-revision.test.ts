import { describe, expect, it } from 'vitest';
import { cardRevision } from '../../src/shared/card-revision.js';

describe('the revision a card was made from', () => {
  it('reads a non-negative integer', () => {
    expect(cardRevision({ rev: 0 })).toBe(0);
    expect(cardRevision({ rev: 7 })).toBe(7);
  });

  it('is none for anything else a client can send', () => {
    for (const rev of [
      undefined,
      null,
      -1,
      1.5,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      '3',
      [3],
      { rev: 3 },
      true,
    ]) {
      expect(cardRevision({ rev })).toBeNull();
    }
    expect(cardRevision({})).toBeNull();
  });
});
