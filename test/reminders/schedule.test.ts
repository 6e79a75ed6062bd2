import { beforeAll, describe, expect, it } from 'vitest';
import { findPeriod, listPeriods, type Period } from '../../src/calendar/periods.js';
import { createWorkingDayCalendar } from '../../src/calendar/working-days.js';
import { type CommitteeConfig, loadConfig } from '../../src/config/load-config.js';
import type { CalendarFile } from '../../src/config/schema.js';
import { shippedConfigDir } from '../../src/config/settings.js';
import { dueAt, periodReminders, type ScheduleAt } from '../../src/reminders/schedule.js';

const wd = createWorkingDayCalendar();
let config: CommitteeConfig;

beforeAll(async () => {
  config = await loadConfig(shippedConfigDir);
});

function at(
  iso: string,
  calendar: CalendarFile = config.calendar,
  periods: readonly Period[] = config.periods,
) {
  return dueAt({ calendar, periods, workingDays: wd, now: new Date(iso) });
}

/** "2024-08: before-2 (+ escalation)" per period, for compact assertions. */
function summary(s: ScheduleAt): string[] {
  return s.due.map(
    (d) =>
      `${d.period.id}: ${d.unitReminder?.kind ?? '-'}${d.escalation ? ' + escalation' : ''}` +
      (d.superseded.length > 0 ? ` (ersätter ${d.superseded.map((k) => k.kind).join(', ')})` : ''),
  );
}

function withOverride(id: string, override: CalendarFile['overrides'][string]) {
  const calendar: CalendarFile = {
    ...config.calendar,
    overrides: { ...config.calendar.overrides, [id]: override },
  };
  return { calendar, periods: listPeriods(calendar, wd) };
}

describe('reminder days of a period', () => {
  it('August 2024: opens Wednesday 28 August, deadline Friday 6 September', () => {
    const period = findPeriod(config.periods, '2024-08');
    expect(period).toBeDefined();
    const plan = periodReminders(config.calendar.reminders, period as Period, wd);
    expect(plan.unit.map((k) => `${k.kind} ${k.dueDate}`)).toEqual([
      'opening 2024-08-28',
      'before-2 2024-09-04',
      'deadline 2024-09-06',
      'overdue 2024-09-09',
    ]);
    expect(plan.escalation.dueDate).toBe('2024-09-10');
  });

  it('skips Kristi himmelsfärd: April 2024 is overdue on Friday 10 May and escalated on Monday 13 May', () => {
    const plan = periodReminders(
      config.calendar.reminders,
      findPeriod(config.periods, '2024-04') as Period,
      wd,
    );
    // Första maj is a holiday too: deadline Wednesday 8 May.
    expect(plan.unit.map((k) => `${k.kind} ${k.dueDate}`)).toEqual([
      'opening 2024-04-25',
      'before-2 2024-05-06',
      'deadline 2024-05-08',
      'overdue 2024-05-10',
    ]);
    expect(plan.escalation.dueDate).toBe('2024-05-13');
  });

  it('skips Easter: March 2024 opens before långfredagen and is due after annandag påsk', () => {
    const plan = periodReminders(
      config.calendar.reminders,
      findPeriod(config.periods, '2024-03') as Period,
      wd,
    );
    expect(plan.unit.map((k) => `${k.kind} ${k.dueDate}`)).toEqual([
      'opening 2024-03-26',
      'before-2 2024-04-04',
      'deadline 2024-04-08',
      'overdue 2024-04-09',
    ]);
  });

  it('a deadline on midsommarafton: the deadline reminder comes the day before, overdue after midsommar', () => {
    const { calendar, periods } = withOverride('2024-05', { deadline: '2024-06-21', locks: '2024-06-28' });
    const plan = periodReminders(calendar.reminders, findPeriod(periods, '2024-05') as Period, wd);
    expect(plan.unit.map((k) => `${k.kind} ${k.dueDate}`)).toEqual([
      'opening 2024-05-28',
      'before-2 2024-06-19',
      'deadline 2024-06-20',
      'overdue 2024-06-24',
    ]);
    expect(plan.escalation.dueDate).toBe('2024-06-25');
  });

  it('a deadline just before jul: overdue on 27 December, nothing on julafton or annandag jul', () => {
    const { calendar, periods } = withOverride('2024-11', { deadline: '2024-12-23', locks: '2025-01-10' });
    const plan = periodReminders(calendar.reminders, findPeriod(periods, '2024-11') as Period, wd);
    expect(plan.unit.at(-1)).toEqual({ kind: 'overdue', dueDate: '2024-12-27' });
    expect(plan.escalation.dueDate).toBe('2024-12-30');
    // On julafton 10:00 the overdue is not yet due, and nothing may be sent anyway.
    const julafton = at('2024-12-24T09:00:00Z', calendar, periods);
    expect(julafton.sendingAllowed).toBe(false);
    expect(julafton.closedReason).toBe('Julafton är ingen arbetsdag');
    expect(summary(julafton)).toEqual(['2024-11: deadline (ersätter opening, before-2)', '2024-12: opening']);
    expect(summary(at('2024-12-27T09:00:00Z', calendar, periods))).toContain(
      '2024-11: overdue (ersätter opening, before-2, deadline)',
    );
  });

  it('drops a before-N that would come before the period opens', () => {
    const reminders = { ...config.calendar.reminders, workingDaysBeforeDeadline: [10, 2] };
    const plan = periodReminders(reminders, findPeriod(config.periods, '2024-08') as Period, wd);
    expect(plan.unit.map((k) => k.kind)).toEqual(['opening', 'before-2', 'deadline', 'overdue']);
    const early = { ...config.calendar.reminders, workingDaysBeforeDeadline: [5, 2] };
    expect(
      periodReminders(early, findPeriod(config.periods, '2024-08') as Period, wd).unit.map(
        (k) => `${k.kind} ${k.dueDate}`,
      ),
    ).toEqual([
      'opening 2024-08-28',
      'before-5 2024-08-30',
      'before-2 2024-09-04',
      'deadline 2024-09-06',
      'overdue 2024-09-09',
    ]);
  });
});

describe('what is due at an instant (August 2024)', () => {
  it('nothing before the period opens', () => {
    expect(summary(at('2024-08-27T08:00:00Z'))).toEqual([]);
  });

  it('the opening on Wednesday 28 August, within office hours', () => {
    const s = at('2024-08-28T07:00:00Z'); // 09:00 CEST
    expect(s).toMatchObject({ localDate: '2024-08-28', localTime: '09:00', sendingAllowed: true });
    expect(summary(s)).toEqual(['2024-08: opening']);
  });

  it('the opening is still due on Monday 2 September if the scheduler missed it', () => {
    expect(summary(at('2024-09-02T08:00:00Z'))).toEqual(['2024-08: opening']);
  });

  it('before-2 on Wednesday 4 September replaces the opening', () => {
    expect(summary(at('2024-09-04T08:00:00Z'))).toEqual(['2024-08: before-2 (ersätter opening)']);
  });

  it('on the deadline day only the deadline reminder, never before-2 after it', () => {
    expect(summary(at('2024-09-06T08:00:00Z'))).toEqual(['2024-08: deadline (ersätter opening, before-2)']);
  });

  it('the weekend after the deadline: due, but nothing may be sent', () => {
    const s = at('2024-09-07T08:00:00Z');
    expect(s.sendingAllowed).toBe(false);
    expect(s.closedReason).toBe('helg – ingen arbetsdag');
  });

  it('overdue on Monday 9 September, escalation from Tuesday 10 September', () => {
    expect(summary(at('2024-09-09T08:00:00Z'))).toEqual([
      '2024-08: overdue (ersätter opening, before-2, deadline)',
    ]);
    expect(summary(at('2024-09-10T08:00:00Z'))).toEqual([
      '2024-08: overdue + escalation (ersätter opening, before-2, deadline)',
    ]);
  });

  it('nothing after the lock day (Friday 13 September)', () => {
    expect(summary(at('2024-09-13T14:59:00Z'))).toHaveLength(1); // 16:59 CEST, lock day
    expect(summary(at('2024-09-16T08:00:00Z'))).toEqual([]);
  });
});

describe('office hours in Europe/Stockholm, summer and winter time', () => {
  it('summer time (CEST, UTC+2): 08:00 local is 06:00 UTC', () => {
    expect(at('2024-09-04T05:59:00Z')).toMatchObject({ localTime: '07:59', sendingAllowed: false });
    expect(at('2024-09-04T05:59:00Z').closedReason).toBe('utanför kontorstid (08:00–17:00)');
    expect(at('2024-09-04T06:00:00Z')).toMatchObject({ localTime: '08:00', sendingAllowed: true });
    expect(at('2024-09-04T14:59:00Z')).toMatchObject({ localTime: '16:59', sendingAllowed: true });
    expect(at('2024-09-04T15:00:00Z')).toMatchObject({ localTime: '17:00', sendingAllowed: false });
  });

  it('the week summer time starts (31 March 2024): Tuesday 2 April 08:00 is 06:00 UTC', () => {
    expect(at('2024-04-02T05:30:00Z')).toMatchObject({ localTime: '07:30', sendingAllowed: false });
    const s = at('2024-04-02T06:00:00Z');
    expect(s).toMatchObject({ localTime: '08:00', sendingAllowed: true });
    expect(summary(s)).toEqual(['2024-03: opening']);
    // Annandag påsk, the day before, is a holiday.
    expect(at('2024-04-01T08:00:00Z').closedReason).toBe('Annandag påsk är ingen arbetsdag');
  });

  it('the week summer time ends (27 October 2024): Monday 28 October 08:00 is 07:00 UTC', () => {
    expect(at('2024-10-28T06:30:00Z')).toMatchObject({ localTime: '07:30', sendingAllowed: false });
    const s = at('2024-10-28T07:00:00Z');
    expect(s).toMatchObject({ localDate: '2024-10-28', localTime: '08:00', sendingAllowed: true });
    expect(summary(s)).toEqual(['2024-10: opening']);
  });

  it('långfredagen and midsommarafton are closed, with the holiday named', () => {
    expect(at('2024-03-29T09:00:00Z').closedReason).toBe('Långfredagen är ingen arbetsdag');
    expect(at('2024-06-21T09:00:00Z').closedReason).toBe('Midsommarafton är ingen arbetsdag');
  });

  it('configurable office hours', () => {
    const calendar: CalendarFile = {
      ...config.calendar,
      reminders: { ...config.calendar.reminders, officeHours: { start: '09:30', end: '15:00' } },
    };
    expect(at('2024-09-04T07:00:00Z', calendar).sendingAllowed).toBe(false); // 09:00
    expect(at('2024-09-04T07:30:00Z', calendar).sendingAllowed).toBe(true); // 09:30
    expect(at('2024-09-04T13:00:00Z', calendar).sendingAllowed).toBe(false); // 15:00
  });
});
