import { describe, expect, it } from 'vitest';
import { createWorkingDayCalendar } from '../../src/calendar/working-days.js';

const wd = createWorkingDayCalendar();

describe('isWorkingDay', () => {
  it.each([
    ['2024-06-21', 'midsommarafton'],
    ['2024-12-24', 'julafton'],
    ['2024-12-31', 'nyårsafton'],
    ['2024-05-09', 'Kristi himmelsfärdsdag'],
    ['2024-06-06', 'nationaldagen'],
    ['2024-03-29', 'långfredagen'],
    ['2024-04-01', 'annandag påsk'],
    ['2024-05-01', 'första maj'],
    ['2025-01-06', 'trettondedag jul'],
    ['2024-12-25', 'juldagen'],
    ['2024-12-26', 'annandag jul'],
    ['2025-01-01', 'nyårsdagen'],
    ['2025-06-20', 'midsommarafton'],
  ])('%s (%s) is not a working day', (date, name) => {
    expect(wd.isWorkingDay(date)).toBe(false);
    expect(wd.holidayName(date)).toBe(name);
  });

  it('a normal Tuesday is a working day', () => {
    expect(wd.isWorkingDay('2024-09-03')).toBe(true);
    expect(wd.holidayName('2024-09-03')).toBeNull();
  });

  it('weekends are not working days but have no holiday name', () => {
    expect(wd.isWorkingDay('2024-08-31')).toBe(false);
    expect(wd.isWorkingDay('2024-09-01')).toBe(false);
    expect(wd.holidayName('2024-08-31')).toBeNull();
  });

  it.each([
    ['2024-03-28', 'skärtorsdagen (observance)'],
    ['2024-04-30', 'valborgsmässoafton (optional, half day)'],
    ['2024-05-20', 'annandag pingst (observance since 2005)'],
    ['2024-11-01', 'allhelgonaafton (optional, half day)'],
    ['2025-01-13', 'tjugondag Knut (observance)'],
  ])('%s, %s, is a working day', (date) => {
    expect(wd.isWorkingDay(date)).toBe(true);
    expect(wd.holidayName(date)).toBeNull();
  });

  it('rejects malformed dates', () => {
    expect(() => wd.isWorkingDay('2024-9-3')).toThrow(RangeError);
    expect(() => wd.isWorkingDay('2024-02-30')).toThrow(RangeError);
  });
});

describe('holidays from date-holidays', () => {
  it('the SE bank days are exactly midsommarafton, julafton and nyårsafton', () => {
    expect(wd.holidays(2024).filter((h) => h.type === 'bank')).toEqual([
      { date: '2024-06-21', name: 'midsommarafton', type: 'bank' },
      { date: '2024-12-24', name: 'julafton', type: 'bank' },
      { date: '2024-12-31', name: 'nyårsafton', type: 'bank' },
    ]);
  });

  it('lists every non-working holiday of 2024', () => {
    expect(wd.holidays(2024).map((h) => `${h.date} ${h.name}`)).toEqual([
      '2024-01-01 nyårsdagen',
      '2024-01-06 trettondedag jul',
      '2024-03-29 långfredagen',
      '2024-03-31 påskdagen',
      '2024-04-01 annandag påsk',
      '2024-05-01 första maj',
      '2024-05-09 Kristi himmelsfärdsdag',
      '2024-05-19 pingstdagen',
      '2024-06-06 nationaldagen',
      '2024-06-21 midsommarafton',
      '2024-06-22 midsommardagen',
      '2024-11-02 alla helgons dag',
      '2024-12-24 julafton',
      '2024-12-25 juldagen',
      '2024-12-26 annandag jul',
      '2024-12-31 nyårsafton',
    ]);
  });
});

describe('addWorkingDays', () => {
  it('skips Kristi himmelsfärdsdag', () => {
    expect(wd.addWorkingDays('2024-05-08', 1)).toBe('2024-05-10');
  });

  it('skips midsommarafton and the weekend', () => {
    expect(wd.addWorkingDays('2024-06-20', 1)).toBe('2024-06-24');
  });

  it('counts across the turn of the year', () => {
    expect(wd.addWorkingDays('2024-12-31', 5)).toBe('2025-01-09');
    expect(wd.addWorkingDays('2024-12-20', 1)).toBe('2024-12-23');
    expect(wd.addWorkingDays('2024-12-23', 1)).toBe('2024-12-27');
  });

  it('steps backwards for negative n, not counting the start date', () => {
    expect(wd.addWorkingDays('2024-08-31', -3)).toBe('2024-08-28');
    expect(wd.addWorkingDays('2024-10-31', -3)).toBe('2024-10-28');
    // Annandag påsk, the Easter weekend and långfredagen are skipped; skärtorsdagen counts.
    expect(wd.addWorkingDays('2024-04-02', -1)).toBe('2024-03-28');
  });

  it('n = 0 keeps a working day and rolls a day off forward', () => {
    expect(wd.addWorkingDays('2024-09-03', 0)).toBe('2024-09-03');
    expect(wd.addWorkingDays('2024-08-31', 0)).toBe('2024-09-02');
    expect(wd.addWorkingDays('2024-12-24', 0)).toBe('2024-12-27');
  });

  it('rejects a fractional n', () => {
    expect(() => wd.addWorkingDays('2024-09-03', 1.5)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts the working days after from, up to and including to', () => {
    expect(wd.workingDaysBetween('2024-08-31', '2024-09-06')).toBe(5);
    expect(wd.workingDaysBetween('2024-12-31', '2025-01-09')).toBe(5);
    expect(wd.workingDaysBetween('2024-09-03', '2024-09-03')).toBe(0);
  });

  it('is negative backwards and inverts addWorkingDays', () => {
    expect(wd.workingDaysBetween('2024-09-06', '2024-09-02')).toBe(-4);
    expect(wd.addWorkingDays('2024-09-06', -4)).toBe('2024-09-02');
    for (const [from, to] of [
      ['2024-03-26', '2024-04-08'],
      ['2024-04-08', '2024-03-26'],
      ['2024-06-20', '2024-06-24'],
      ['2025-01-09', '2024-12-23'],
    ] as const) {
      expect(wd.addWorkingDays(from, wd.workingDaysBetween(from, to))).toBe(to);
    }
  });
});
