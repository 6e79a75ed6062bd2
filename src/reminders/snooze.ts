/**
 * "Påminn mig i morgon": a manager postpones their reminders to the next working day. Pure: the
 * command, the day it points to, and what a pass does with a snooze. Stored through the
 * `SnoozeStore` port (src/storage/snooze-store.ts).
 *
 * Rules (README.md, "Snooze"):
 * - `until` is the next working day after today (weekends, public holidays, midsommar-, jul- and
 *   nyårsafton skipped, from src/calendar/working-days.ts), whatever day the person writes on.
 * - Before `until` the person gets no reminder from any path: the scheduler, "Påminn dem nu" or an
 *   escalation (recipients.ts applies it for all of them). The deputy does not stand in: a snooze
 *   is the manager's own "not today", not an absence. The escalation still lists the unit.
 * - From `until` on, the person gets one reminder for each period they still have something
 *   missing in: the newest due kind if it has not reached them yet, otherwise an extra reminder
 *   under its own key (`snooze-<until>`), claimed like every other. A snooze is spent once a
 *   reminder of the period has been sent to the person on or after `until`.
 */
import type { WorkingDayCalendar } from '../calendar/working-days.js';

export interface SnoozeEntry {
  readonly aadObjectId: string;
  /** ISO date in the calendar's time zone: the working day the reminders come back. */
  readonly until: string;
  /** UTC ISO instant. */
  readonly setAt: string;
}

/** One snooze per person; a new one replaces the old. */
export interface SnoozeStore {
  get(aadObjectId: string): Promise<SnoozeEntry | null>;
  put(entry: SnoozeEntry): Promise<void>;
  /** Every stored snooze, spent ones included (the reminder pass reads them once). */
  list(): Promise<SnoozeEntry[]>;
}

/** The next working day after `today` (ISO date in the calendar's time zone). */
export function snoozeUntil(today: string, workingDays: WorkingDayCalendar): string {
  return workingDays.addWorkingDays(today, 1);
}

/** The reminder kind of the extra reminder a snooze brings. */
export function snoozeKind(until: string): string {
  return `snooze-${until}`;
}

/** True while the snooze holds reminders back (`today` before `until`). */
export function isSnoozed(entry: SnoozeEntry | null | undefined, today: string): entry is SnoozeEntry {
  return entry !== null && entry !== undefined && today < entry.until;
}

const normalize = (text: string) =>
  text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * "påminn mig i morgon", "Påminn mig imorgon!", "påminn mig igen i morgon", "snooza till i morgon".
 * Case, å/ä/ö and punctuation do not matter.
 */
export function isSnoozeCommand(text: string): boolean {
  const t = normalize(text);
  return /^(paminn mig( igen)?|snooza( till)?) (i ?morgon)( igen)?$/.test(t);
}
