/**
 * Which reminders are due at an instant. Pure: the calendar configuration, the periods, the
 * Swedish working-day calendar and "now" in, a plan out. No storage, no clock of its own.
 *
 * Per period there are two tracks:
 * - the unit track (to managers, or their deputies): `opening`, `before-N` (one per configured
 *   N), `deadline`, `overdue`;
 * - the leadership track: `escalation`.
 *
 * Each kind has a due day (ISO date in the calendar's time zone):
 * - `opening`:  the opening day, or the next working day if an override put it on a holiday;
 * - `before-N`: N working days before the deadline (counted like `addWorkingDays`); dropped when
 *   that day is not after the opening reminder's day (the opening message already names the
 *   deadline, and nothing is sent before a period opens);
 * - `deadline`: the deadline day, or the last working day before it if an override put the
 *   deadline on a holiday or a weekend;
 * - `overdue`:  `overdueWorkingDaysAfterDeadline` working days after the deadline;
 * - `escalation`: `escalateWorkingDaysAfterDeadline` working days after the deadline.
 *
 * The rule (what `dueAt` returns):
 * 1. Nothing is sent on a day that is not a working day or outside office hours (local time in
 *    the calendar's zone, summer time included; start inclusive, end exclusive). `dueAt` still
 *    computes what is due, so a dry run can say why nothing goes out.
 * 2. A period takes part from its opening day through its lock day; after the lock answers can
 *    no longer change, so no reminder is useful.
 * 3. A kind is due from its due day until the lock: a run that missed a day still sends it later.
 * 4. On the unit track only the newest due kind (by due day, then opening < before-N (larger N
 *    first) < deadline < overdue) is due; older ones are *superseded* and never sent, even if they
 *    never went out. So a person never gets an older kind after a newer one, and a scheduler that
 *    was down for a week sends one message, not a backlog.
 * 5. The escalation track is independent of the unit track (different recipients).
 */

import { localDateTime } from '../calendar/local-time.js';
import type { Period } from '../calendar/periods.js';
import type { WorkingDayCalendar } from '../calendar/working-days.js';
import type { CalendarFile } from '../config/schema.js';

export type UnitReminderKind = 'opening' | `before-${number}` | 'deadline' | 'overdue';
export type ReminderKind = UnitReminderKind | 'escalation';

export interface ScheduledKind<K extends ReminderKind = ReminderKind> {
  readonly kind: K;
  /** ISO date (calendar time zone) from which the kind is due. */
  readonly dueDate: string;
}

export interface PeriodReminders {
  /** Unit track in sending order (by due day, then kind). */
  readonly unit: readonly ScheduledKind<UnitReminderKind>[];
  readonly escalation: ScheduledKind<'escalation'>;
}

export interface DuePeriod {
  readonly period: Period;
  /** The newest due unit reminder, or null when none is due yet. */
  readonly unitReminder: ScheduledKind<UnitReminderKind> | null;
  /** Unit reminders whose day has come but that a newer one replaces (never sent). */
  readonly superseded: readonly ScheduledKind<UnitReminderKind>[];
  readonly escalation: ScheduledKind<'escalation'> | null;
}

export interface ScheduleAt {
  /** ISO date and HH:mm in the calendar's time zone. */
  readonly localDate: string;
  readonly localTime: string;
  /** False on weekends, holidays and outside office hours: nothing may be sent now. */
  readonly sendingAllowed: boolean;
  /** Why sending is not allowed (Swedish, for the dry run and logs); null when allowed. */
  readonly closedReason: string | null;
  /** What is due in each period that is open or late at `localDate` (even when closed). */
  readonly due: readonly DuePeriod[];
}

export interface ScheduleInput {
  readonly calendar: CalendarFile;
  readonly periods: readonly Period[];
  readonly workingDays: WorkingDayCalendar;
  readonly now: Date;
}

/** Sort key within a day: opening < before-15 … before-1 < deadline < overdue. */
export function kindRank(kind: ReminderKind): number {
  if (kind === 'opening') return 0;
  if (kind === 'deadline') return 200;
  if (kind === 'overdue') return 300;
  if (kind === 'escalation') return 400;
  return 100 - Number(kind.slice('before-'.length));
}

/** Every reminder of a period with its due day. */
export function periodReminders(
  reminders: CalendarFile['reminders'],
  period: Period,
  wd: WorkingDayCalendar,
): PeriodReminders {
  const opening = wd.addWorkingDays(period.opensDate, 0);
  const deadline = wd.isWorkingDay(period.deadlineDate)
    ? period.deadlineDate
    : wd.addWorkingDays(period.deadlineDate, -1);
  const unit: ScheduledKind<UnitReminderKind>[] = [{ kind: 'opening', dueDate: opening }];
  for (const n of new Set(reminders.workingDaysBeforeDeadline)) {
    const dueDate = wd.addWorkingDays(period.deadlineDate, -n);
    if (dueDate > opening) unit.push({ kind: `before-${n}`, dueDate });
  }
  if (reminders.onDeadlineDay) unit.push({ kind: 'deadline', dueDate: deadline });
  unit.push({
    kind: 'overdue',
    dueDate: wd.addWorkingDays(period.deadlineDate, reminders.overdueWorkingDaysAfterDeadline),
  });
  unit.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || kindRank(a.kind) - kindRank(b.kind));
  return {
    unit,
    escalation: {
      kind: 'escalation',
      dueDate: wd.addWorkingDays(period.deadlineDate, reminders.escalateWorkingDaysAfterDeadline),
    },
  };
}

function closedReason(
  date: string,
  time: string,
  officeHours: CalendarFile['reminders']['officeHours'],
  wd: WorkingDayCalendar,
): string | null {
  const holiday = wd.holidayName(date);
  if (holiday) return `${holiday.charAt(0).toUpperCase()}${holiday.slice(1)} är ingen arbetsdag`;
  if (!wd.isWorkingDay(date)) return 'helg – ingen arbetsdag';
  if (time < officeHours.start || time >= officeHours.end)
    return `utanför kontorstid (${officeHours.start}–${officeHours.end})`;
  return null;
}

/** What is due at `now`; see the rule at the top of this file. */
export function dueAt(input: ScheduleInput): ScheduleAt {
  const { calendar, workingDays: wd } = input;
  const { date, time } = localDateTime(input.now, calendar.timeZone);
  const reason = closedReason(date, time, calendar.reminders.officeHours, wd);
  const due: DuePeriod[] = [];
  for (const period of input.periods) {
    if (date < period.opensDate || date > period.locksDate) continue;
    const plan = periodReminders(calendar.reminders, period, wd);
    const reached = plan.unit.filter((k) => k.dueDate <= date);
    const newest = reached.at(-1) ?? null;
    due.push({
      period,
      unitReminder: newest,
      superseded: reached.slice(0, -1),
      escalation: plan.escalation.dueDate <= date ? plan.escalation : null,
    });
  }
  return { localDate: date, localTime: time, sendingAllowed: reason === null, closedReason: reason, due };
}
