/**
 * The one place numbers, counts, lists, dates and times are written for Swedish readers. The
 * expectations are spelt out with their code points where they matter: U+00A0 (no-break space)
 * between thousands, U+2212 (minus) for negatives, U+2013 (en dash) for "no value" and ranges.
 */
import { describe, expect, it } from 'vitest';
import {
  count,
  formatSwedishDate,
  formatSwedishNumber,
  joinSwedish,
  monthRange,
  monthYear,
  num,
  signed,
  swedishDateTime,
  swedishMonthName,
  swedishMonthShort,
  swedishShortDateTime,
  swedishTimeToday,
  tkr,
} from '../../src/shared/swedish-format.js';

const NBSP = '\u00a0';
const MINUS = '\u2212';
const DASH = '\u2013';
const STOCKHOLM = 'Europe/Stockholm';

describe('numbers', () => {
  it('groups thousands with a no-break space and writes a decimal comma and a real minus', () => {
    expect(formatSwedishNumber(3090)).toBe(`3${NBSP}090`);
    expect(formatSwedishNumber(113_400)).toBe(`113${NBSP}400`);
    expect(formatSwedishNumber(1_234_567)).toBe(`1${NBSP}234${NBSP}567`);
    expect(formatSwedishNumber(-4400)).toBe(`${MINUS}4${NBSP}400`);
    expect(formatSwedishNumber(1.5, 1)).toBe('1,5');
    expect(formatSwedishNumber(4.856, 2)).toBe('4,86');
    expect(formatSwedishNumber(-2.6, 1)).toBe(`${MINUS}2,6`);
  });

  it('writes exactly the decimals asked for, also beyond the usual ones', () => {
    expect(formatSwedishNumber(2, 1)).toBe('2,0');
    expect(formatSwedishNumber(84.45, 0)).toBe('84');
    expect(formatSwedishNumber(0.12345, 4)).toBe('0,1235');
  });

  it('shows no value as a dash, or as what the caller asks for (an empty field)', () => {
    expect(num(null)).toBe(DASH);
    expect(num(undefined, 1)).toBe(DASH);
    expect(num(null, 1, '')).toBe('');
    expect(num(84.5, 1, '')).toBe('84,5');
    expect(num(3090)).toBe(`3${NBSP}090`);
  });

  it('writes tkr as whole thousands with their sign', () => {
    expect(tkr(-4400)).toBe(`${MINUS}4${NBSP}400`);
    expect(tkr(643_300.4)).toBe(`643${NBSP}300`);
    expect(tkr(null)).toBe(DASH);
  });

  it('gives a change an explicit sign, but none to zero', () => {
    expect(signed(1200)).toBe(`+1${NBSP}200`);
    expect(signed(-300)).toBe(`${MINUS}300`);
    expect(signed(0)).toBe('0');
    expect(signed(0.5, 1)).toBe('+0,5');
    expect(signed(null)).toBe(DASH);
  });
});

describe('counts and lists', () => {
  it('puts the word in the singular only for exactly one', () => {
    expect(count(1, 'enhet', 'enheter')).toBe('1 enhet');
    expect(count(2, 'enhet', 'enheter')).toBe('2 enheter');
    expect(count(0, 'enhet', 'enheter')).toBe('0 enheter');
    expect(count(1, 'uppgift saknas', 'uppgifter saknas')).toBe('1 uppgift saknas');
  });

  it('joins a list with commas and "och" before the last item', () => {
    expect(joinSwedish([])).toBe('');
    expect(joinSwedish(['A'])).toBe('A');
    expect(joinSwedish(['A', 'B'])).toBe('A och B');
    expect(joinSwedish(['A', 'B', 'C'])).toBe('A, B och C');
  });
});

describe('calendar dates', () => {
  it('names months in lower case for running text and refuses a month that does not exist', () => {
    expect(swedishMonthName(8)).toBe('augusti');
    expect(swedishMonthName(12)).toBe('december');
    expect(() => swedishMonthName(13)).toThrow(RangeError);
    expect(swedishMonthShort(10)).toBe('okt');
    expect(monthRange(1)).toBe('jan');
    expect(monthRange(8)).toBe(`jan${DASH}aug`);
  });

  it('capitalises a month that heads a line', () => {
    expect(monthYear({ year: 2024, month: 8 })).toBe('Augusti 2024');
  });

  it('writes a calendar date with its weekday, with or without the year', () => {
    expect(formatSwedishDate('2024-09-06')).toBe('fredag 6 september');
    expect(formatSwedishDate('2024-08-31', { withYear: true })).toBe('lördag 31 augusti 2024');
    expect(formatSwedishDate('2024-02-29')).toBe('torsdag 29 februari');
  });

  it('refuses what is not a calendar date', () => {
    for (const bad of ['2023-02-29', '2024-13-01', '2024-9-6', '6 september', '']) {
      expect(() => formatSwedishDate(bad)).toThrow(RangeError);
    }
  });
});

describe('instants in a time zone', () => {
  it('writes date and time as the wall clock in Stockholm shows them, summer time included', () => {
    // 12:03 UTC is 14:03 in Swedish summer time (UTC+2).
    expect(swedishDateTime('2024-09-10T12:03:00Z', STOCKHOLM)).toBe('10 september 2024 kl. 14:03');
    // 08:12 UTC is 09:12 in winter (UTC+1).
    expect(swedishDateTime('2025-01-10T08:12:00Z', STOCKHOLM)).toBe('10 januari 2025 kl. 09:12');
    expect(swedishDateTime('2024-09-03T08:15:00Z', STOCKHOLM, { year: false })).toBe('3 september kl. 10:15');
    expect(swedishDateTime(new Date('2024-09-10T12:03:00Z'), STOCKHOLM, { weekday: true })).toBe(
      'tisdag 10 september 2024 kl. 14:03',
    );
  });

  it('takes the date from the time zone, not from UTC', () => {
    // 23:30 UTC on 31 August is already 1 September in Stockholm.
    expect(swedishDateTime('2024-08-31T23:30:00Z', STOCKHOLM)).toBe('1 september 2024 kl. 01:30');
    expect(swedishDateTime('2024-08-31T23:30:00Z', 'UTC')).toBe('31 augusti 2024 kl. 23:30');
    expect(swedishShortDateTime('2024-12-31T23:05:00Z', STOCKHOLM)).toBe('2025-01-01 00:05');
  });

  it('leaves out the day when it is today', () => {
    const now = '2024-09-03T14:00:00Z';
    expect(swedishTimeToday('2024-09-03T08:15:00Z', now, STOCKHOLM)).toBe('kl. 10:15');
    expect(swedishTimeToday('2024-09-02T08:15:00Z', now, STOCKHOLM)).toBe('2 september kl. 10:15');
    // 22:30 UTC on the 2nd is 00:30 on the 3rd in Stockholm: today there.
    expect(swedishTimeToday('2024-09-02T22:30:00Z', now, STOCKHOLM)).toBe('kl. 00:30');
    // The same day a year earlier is not today.
    expect(swedishTimeToday('2023-09-03T08:15:00Z', now, STOCKHOLM)).toBe('3 september kl. 10:15');
  });

  it('writes a compact date and time for tables', () => {
    expect(swedishShortDateTime('2024-09-10T12:03:00Z', STOCKHOLM)).toBe('2024-09-10 14:03');
  });

  it('refuses what is not an instant or a time zone', () => {
    expect(() => swedishDateTime('not a date', STOCKHOLM)).toThrow(RangeError);
    expect(() => swedishDateTime('2024-09-10T12:03:00Z', 'Europe/Nowhere')).toThrow(RangeError);
  });
});
