/**
 * Paused reminders: a person says "pausa påminnelser till 15 augusti", or someone records that a
 * manager is away. Either way their reminders go to the unit's deputy until the date has passed.
 */

export interface PauseEntry {
  readonly aadObjectId: string;
  /** ISO date in the calendar's time zone; paused through the end of this day (inclusive). */
  readonly until: string;
  /** `paused`: the person asked; `absent`: recorded by someone else (leave, sickness). */
  readonly reason: 'paused' | 'absent';
  /** Who set it (Entra object id) and when (UTC ISO instant). */
  readonly setBy: string;
  readonly setAt: string;
}

export interface PauseStore {
  get(aadObjectId: string): Promise<PauseEntry | null>;
  /** Creates or replaces the person's pause (one per person). */
  put(entry: PauseEntry): Promise<void>;
  /** Ends a pause; removing one that does not exist is fine. */
  remove(aadObjectId: string): Promise<void>;
  /** Every stored pause, expired ones included (the reminder run reads them once per pass). */
  list(): Promise<PauseEntry[]>;
}

/** True while the pause covers `today` (ISO date in the calendar's time zone). */
export function isPaused(entry: PauseEntry | null | undefined, today: string): entry is PauseEntry {
  return entry !== null && entry !== undefined && today <= entry.until;
}
