import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  calendarProblems,
  findPeriod,
  listPeriods,
  type Period,
  periodAt,
  periodLabel,
  previousPeriod,
} from '../../src/calendar/periods.js';
import { createWorkingDayCalendar } from '../../src/calendar/working-days.js';
import type { CalendarFile } from '../../src/config/schema.js';
import { formatSwedishDate } from '../../src/shared/swedish-format.js';

const wd = createWorkingDayCalendar();
const allMonths = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
// Built directly rather than through `calendarFileSchema`: the schema's `z.record` over an enum
// of month keys is exhaustive in zod 4 and would demand all twelve months.
type Milestones = CalendarFile['years'][number]['milestones'];
const milestones = { '4': 'interim1', '8': 'interim2', '12': 'annual' } as Milestones;

function demoCalendar(overrides: Partial<CalendarFile> = {}): CalendarFile {
  return {
    timeZone: 'Europe/Stockholm',
    years: [
      { year: 2024, months: allMonths, milestones },
      { year: 2025, months: allMonths, milestones },
    ],
    opensWorkingDaysFromMonthEnd: -3,
    deadlineWorkingDaysAfterMonthEnd: 5,
    lockWorkingDaysAfterDeadline: 5,
    overrides: {},
    reminders: {
      workingDaysBeforeDeadline: [2],
      onDeadlineDay: true,
      overdueWorkingDaysAfterDeadline: 1,
      escalateWorkingDaysAfterDeadline: 2,
      officeHours: { start: '08:00', end: '17:00' },
    },
    ...overrides,
  };
}

const periods = listPeriods(demoCalendar(), wd);

function period(id: string, list: readonly Period[] = periods): Period {
  const p = findPeriod(list, id);
  if (!p) throw new Error(`no period ${id}`);
  return p;
}

function stockholm(instant: string): string | null {
  return DateTime.fromISO(instant).setZone('Europe/Stockholm').toISO();
}

describe('listPeriods with the demo calendar', () => {
  it('has one period per month, oldest first', () => {
    expect(periods).toHaveLength(24);
    expect(periods[0]?.id).toBe('2024-01');
    expect(periods[23]?.id).toBe('2025-12');
  });

  it('August 2024: opens Wed 28 Aug, deadline Fri 6 Sep, locks Fri 13 Sep', () => {
    // The month ends on Saturday the 31st; −3 is the third working day before it:
    // Fri 30, Thu 29, Wed 28.
    expect(period('2024-08')).toEqual({
      id: '2024-08',
      year: 2024,
      month: 8,
      kind: 'interim2',
      label: 'Augusti 2024 – delår 2',
      opensDate: '2024-08-28',
      deadlineDate: '2024-09-06',
      locksDate: '2024-09-13',
      opensAt: '2024-08-27T22:00:00.000Z',
      deadlineAt: '2024-09-06T21:59:59.999Z',
      locksAt: '2024-09-13T21:59:59.999Z',
    });
  });

  it('a month ending on a working day does not count that day when opening', () => {
    // Thursday 31 October 2024: Wed 30, Tue 29, Mon 28.
    expect(period('2024-10').opensDate).toBe('2024-10-28');
    // Allhelgonaafton (Fri 1 Nov) is a working day: Nov 1, 4, 5, 6, 7.
    expect(period('2024-10').deadlineDate).toBe('2024-11-07');
  });

  it('December 2024: the deadline falls after the Christmas and New Year holidays', () => {
    const dec = period('2024-12');
    expect(dec.kind).toBe('annual');
    expect(dec.label).toBe('December 2024 – helår');
    // Before Tue 31 Dec: Mon 30, Fri 27, (26, 25 holidays, 24 julafton) Mon 23.
    expect(dec.opensDate).toBe('2024-12-23');
    // After: (1 Jan) 2, 3, (6 Jan trettondedag) 7, 8, 9.
    expect(dec.deadlineDate).toBe('2025-01-09');
    expect(dec.locksDate).toBe('2025-01-16');
  });

  it('March 2024: Easter moves every date', () => {
    const march = period('2024-03');
    expect(march.kind).toBe('month');
    expect(march.label).toBe('Mars 2024');
    // Sunday 31 March; långfredagen 29 March skipped, skärtorsdagen counts: 28, 27, 26.
    expect(march.opensDate).toBe('2024-03-26');
    // Annandag påsk 1 April skipped: 2, 3, 4, 5, 8.
    expect(march.deadlineDate).toBe('2024-04-08');
    expect(march.locksDate).toBe('2024-04-15');
  });

  it('April 2024 is delår 1, with första maj and Kristi himmelsfärd skipped', () => {
    const april = period('2024-04');
    expect(april.label).toBe('April 2024 – delår 1');
    expect(april.opensDate).toBe('2024-04-25');
    expect(april.deadlineDate).toBe('2024-05-08');
    expect(april.locksDate).toBe('2024-05-16');
  });

  it('honours summer time: winter offset +01:00, summer +02:00', () => {
    const march = period('2024-03');
    // Opens before the change on 31 March, closes after it.
    expect(march.opensAt).toBe('2024-03-25T23:00:00.000Z');
    expect(stockholm(march.opensAt)).toBe('2024-03-26T00:00:00.000+01:00');
    expect(march.deadlineAt).toBe('2024-04-08T21:59:59.999Z');
    expect(stockholm(march.deadlineAt)).toBe('2024-04-08T23:59:59.999+02:00');

    const april = period('2024-04');
    expect(april.opensAt).toBe('2024-04-24T22:00:00.000Z');
    expect(stockholm(april.opensAt)).toBe('2024-04-25T00:00:00.000+02:00');

    // October: back to winter time on 27 October, the day before the period opens.
    const september = period('2024-09');
    expect(september.opensAt).toBe('2024-09-24T22:00:00.000Z');
    expect(period('2024-10').opensAt).toBe('2024-10-27T23:00:00.000Z');
    expect(stockholm(period('2024-10').opensAt)).toBe('2024-10-28T00:00:00.000+01:00');
  });

  it('uses the configured time zone', () => {
    const helsinki = listPeriods(demoCalendar({ timeZone: 'Europe/Helsinki' }), wd);
    expect(period('2024-08', helsinki).opensAt).toBe('2024-08-27T21:00:00.000Z');
  });

  it('skips months without follow-up', () => {
    const list = listPeriods(
      demoCalendar({
        years: [{ year: 2024, months: [2, 3, 4, 5, 6, 8, 9, 10, 11, 12], milestones }],
      }),
      wd,
    );
    expect(list.map((p) => p.id)).not.toContain('2024-07');
    expect(previousPeriod(list, '2024-08')?.id).toBe('2024-06');
    expect(previousPeriod(list, '2024-02')).toBeUndefined();
  });
});

describe('overrides', () => {
  it('replace computed dates; the lock day follows an overridden deadline', () => {
    const list = listPeriods(demoCalendar({ overrides: { '2024-08': { deadline: '2024-09-09' } } }), wd);
    const aug = period('2024-08', list);
    expect(aug.opensDate).toBe('2024-08-28');
    expect(aug.deadlineDate).toBe('2024-09-09');
    expect(aug.deadlineAt).toBe('2024-09-09T21:59:59.999Z');
    expect(aug.locksDate).toBe('2024-09-16');
  });

  it('may replace every date, even with a day off', () => {
    const list = listPeriods(
      demoCalendar({
        overrides: { '2024-12': { opens: '2024-12-16', deadline: '2025-01-12', locks: '2025-01-20' } },
      }),
      wd,
    );
    const dec = period('2024-12', list);
    expect([dec.opensDate, dec.deadlineDate, dec.locksDate]).toEqual([
      '2024-12-16',
      '2025-01-12',
      '2025-01-20',
    ]);
    expect(dec.opensAt).toBe('2024-12-15T23:00:00.000Z');
    // Other periods are untouched.
    expect(period('2024-11', list)).toEqual(period('2024-11'));
  });

  it('are checked: order of dates and unknown periods', () => {
    const calendar = demoCalendar({
      overrides: {
        '2024-08': { opens: '2024-09-10' },
        '2024-09': { locks: '2024-10-01' },
        '2023-05': { deadline: '2023-06-09' },
      },
    });
    expect(calendarProblems(calendar, wd)).toEqual([
      'perioden 2024-08 öppnar (2024-09-10) efter sista svarsdag (2024-09-06)',
      'perioden 2024-09 låses (2024-10-01) före sista svarsdag (2024-10-07)',
      'undantaget för 2023-05 gäller ingen period i kalendern',
    ]);
    expect(() => listPeriods(calendar, wd)).toThrow(/Kalendern går inte att använda/);
  });
});

describe('calendarProblems', () => {
  it('is empty for the demo calendar', () => {
    expect(calendarProblems(demoCalendar(), wd)).toEqual([]);
  });

  it('finds a milestone without follow-up, a duplicate period and an unknown time zone', () => {
    expect(
      calendarProblems(
        demoCalendar({
          years: [
            { year: 2024, months: [3, 4, 4], milestones: { '4': 'interim1', '8': 'interim2' } as Milestones },
          ],
        }),
        wd,
      ),
    ).toEqual([
      '2024: augusti är markerad som delår 2 men saknas i months',
      'perioden 2024-04 förekommer mer än en gång',
    ]);
    expect(calendarProblems(demoCalendar({ timeZone: 'Europe/Sthlm' }), wd)).toEqual([
      'okänd tidszon ”Europe/Sthlm”',
    ]);
  });
});

describe('periodAt', () => {
  it('finds August 2024 on 3 September 10:00 in Stockholm, open', () => {
    const at = periodAt(
      periods,
      DateTime.fromISO('2024-09-03T10:00', { zone: 'Europe/Stockholm' }).toJSDate(),
    );
    expect(at?.period.id).toBe('2024-08');
    expect(at?.phase).toBe('open');
  });

  it('is null before the first period opens and after the last one locks', () => {
    expect(period('2024-01').opensAt).toBe('2024-01-25T23:00:00.000Z');
    expect(periodAt(periods, '2024-01-25T22:59:59.999Z')).toBeNull();
    expect(periodAt(periods, '2024-01-25T23:00:00.000Z')).toEqual({
      period: period('2024-01'),
      phase: 'open',
    });
    expect(periodAt(periods, '2026-06-01T10:00:00.000Z')).toBeNull();
  });

  it('answers count through the whole deadline day, then the period is late until locked', () => {
    expect(periodAt(periods, '2024-09-06T21:59:59.999Z')?.phase).toBe('open');
    expect(periodAt(periods, '2024-09-06T22:00:00.000Z')).toEqual({
      period: period('2024-08'),
      phase: 'late',
    });
    expect(periodAt(periods, '2024-09-10T08:00:00+02:00')?.phase).toBe('late');
    expect(periodAt(periods, '2024-09-13T21:59:59.999Z')).toEqual({
      period: period('2024-08'),
      phase: 'late',
    });
    // Between August's lock and September's opening (Wed 25 Sep) nothing is open.
    expect(periodAt(periods, '2024-09-13T22:00:00.000Z')).toBeNull();
    expect(periodAt(periods, '2024-09-25T09:00:00+02:00')?.period.id).toBe('2024-09');
  });

  it('prefers the most recently opened period when windows overlap', () => {
    const list = listPeriods(demoCalendar({ overrides: { '2024-09': { opens: '2024-09-10' } } }), wd);
    expect(periodAt(list, '2024-09-09T12:00:00+02:00')).toEqual({
      period: period('2024-08', list),
      phase: 'late',
    });
    expect(periodAt(list, '2024-09-11T12:00:00+02:00')).toEqual({
      period: period('2024-09', list),
      phase: 'open',
    });
  });

  it('rejects an unparseable instant', () => {
    expect(() => periodAt(periods, 'igår')).toThrow(RangeError);
  });
});

describe('findPeriod and previousPeriod', () => {
  it('find by id and step back across the turn of the year', () => {
    expect(findPeriod(periods, '2024-13')).toBeUndefined();
    expect(previousPeriod(periods, '2025-01')?.id).toBe('2024-12');
    expect(previousPeriod(periods, '2024-01')).toBeUndefined();
    expect(previousPeriod(periods, 'nope')).toBeUndefined();
  });
});

describe('Swedish formatting', () => {
  it('formats dates with weekday, optionally with year', () => {
    expect(formatSwedishDate('2024-09-06')).toBe('fredag 6 september');
    expect(formatSwedishDate('2024-09-06', { withYear: true })).toBe('fredag 6 september 2024');
    expect(formatSwedishDate('2025-01-09', { withYear: true })).toBe('torsdag 9 januari 2025');
    expect(formatSwedishDate('2024-03-31')).toBe('söndag 31 mars');
  });

  it('labels periods with a capitalised month name', () => {
    expect(periodLabel(2024, 3, 'month')).toBe('Mars 2024');
    expect(periodLabel(2024, 4, 'interim1')).toBe('April 2024 – delår 1');
    expect(periodLabel(2024, 8, 'interim2')).toBe('Augusti 2024 – delår 2');
    expect(periodLabel(2024, 12, 'annual')).toBe('December 2024 – helår');
    expect(periods.filter((p) => p.year === 2025).map((p) => p.label)).toEqual([
      'Januari 2025',
      'Februari 2025',
      'Mars 2025',
      'April 2025 – delår 1',
      'Maj 2025',
      'Juni 2025',
      'Juli 2025',
      'Augusti 2025 – delår 2',
      'September 2025',
      'Oktober 2025',
      'November 2025',
      'December 2025 – helår',
    ]);
  });
});
