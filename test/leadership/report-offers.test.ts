/** How long a report link or offer is said to last, in whole minutes. Pure. */
import { describe, expect, it } from 'vitest';
import { minutesLeft } from '../../src/leadership/report-offers.js';

describe('minutes left of a link', () => {
  const now = Date.parse('2024-09-03T08:00:00Z');
  it('says 30 for a 30-minute link announced a moment after it was made', () => {
    expect(minutesLeft(now + 30 * 60_000 - 1_500, now)).toBe(30);
  });
  it('rounds to the nearest minute and never says less than 1', () => {
    expect(minutesLeft(now + 14 * 60_000 + 20_000, now)).toBe(14);
    expect(minutesLeft(now + 10_000, now)).toBe(1);
  });
});
