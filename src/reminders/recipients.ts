/**
 * Who gets which reminder. Pure: the configuration, the period's stored answers and the pauses in,
 * a plan out, with a Swedish reason for everyone left out (for the dry run).
 *
 * - A unit that has sent in its current answers gets nothing. A unit changed after sending in is
 *   not sent in (it is reminded to send in again), as on the start card.
 * - A unit's reminder goes to its managers who are not paused or absent; when none is available,
 *   to its deputies who are not; when none of them either, to nobody (and the escalation says so).
 * - One message per person and kind: a manager of two units gets one reminder naming both.
 * - Someone who asked "påminn mig i morgon" gets nothing before the working day they named
 *   (snooze.ts), whoever sends: the scheduler, "Påminn dem nu" or an escalation. Nobody stands in
 *   for them: a snooze is their own "not today", not an absence.
 * - The escalation goes to everyone with the `leadership` role who is not paused, listing the
 *   units in their scope (the committee, or their administrations) that have not sent in, and the
 *   people in their scope whom reminders do not reach.
 */

import type { Period } from '../calendar/periods.js';
import type { CommitteeConfig, Unit } from '../config/load-config.js';
import {
  type AnswerPayload,
  type ItemAnswer,
  itemStepsFor,
  type SubmissionAnswer,
} from '../followup/answers.js';
import { missingInItem } from '../followup/missing.js';
import type { StoredAnswer } from '../followup/ports.js';
import { type SubmissionState, submissionState } from '../shared/submission-state.js';
import { formatSwedishDate } from '../shared/swedish-format.js';
import { isPaused, type PauseEntry } from './ports-pause.js';
import { isSnoozed, type SnoozeEntry } from './snooze.js';

/** The reminders' reading of the state: a unit changed after sending in has a draft again. */
export type UnitProgress = 'submitted' | 'draft' | 'not-started';

export interface UnitStatus {
  readonly unit: Unit;
  readonly state: SubmissionState;
  /** From `state`. */
  readonly progress: UnitProgress;
  /** From `state`: sent in once, then changed, so it has to be sent in again. */
  readonly changedAfterSubmission: boolean;
  /** What is missing before it can be sent in (Swedish lines from `missingIn*`). */
  readonly missing: readonly string[];
}

export interface PersonRef {
  readonly aadObjectId: string;
  readonly name: string;
}

export interface StandIn {
  readonly manager: PersonRef;
  readonly reason: PauseEntry['reason'];
  readonly until: string;
}

export interface UnitAssignment {
  readonly status: UnitStatus;
  readonly role: 'manager' | 'deputy';
  /** For a deputy: the managers they are reminded instead of, and why. */
  readonly standingInFor: readonly StandIn[];
}

export interface PersonReminder {
  readonly person: PersonRef;
  readonly units: readonly UnitAssignment[];
}

export interface LeaderEscalation {
  readonly leader: PersonRef;
  readonly missing: readonly UnitStatus[];
  readonly unreachable: readonly UnreachablePerson[];
  /** Units whose managers and deputies are all paused or absent. */
  readonly nobodyReminded: readonly UnitStatus[];
}

export type UnreachableReason = 'no-reference' | 'blocked' | 'not-found';

export interface UnreachablePerson {
  readonly person: PersonRef;
  readonly unitIds: readonly string[];
  readonly reason: UnreachableReason;
}

/** Why someone is not reminded (dry run, logs). `text` is Swedish. */
export interface RecipientNote {
  readonly aadObjectId: string;
  readonly name: string;
  readonly unitId: string | null;
  readonly reason: 'submitted' | 'paused' | 'absent' | 'snoozed' | 'nobody-available' | 'nothing-to-escalate';
  readonly text: string;
}

/** The state of every unit in a period, from the period's stored answers (one partition read). */
export function unitStatuses(
  config: CommitteeConfig,
  period: Period,
  answers: readonly StoredAnswer<AnswerPayload>[],
): UnitStatus[] {
  return config.units.map((unit) => {
    const mine = new Map(answers.filter((a) => a.unitId === unit.id).map((a) => [a.item, a]));
    const submission = mine.get('submission') as StoredAnswer<SubmissionAnswer> | undefined;
    const items = itemStepsFor(unit, period);
    const state = submissionState({ items, stored: mine, sent: submission?.payload.itemRevisions ?? null });
    const missing = items.flatMap((step) =>
      missingInItem(config, unit, period, step, (mine.get(step)?.payload as ItemAnswer | undefined) ?? null),
    );
    return {
      unit,
      state,
      progress: state === 'submitted' ? 'submitted' : state === 'none' ? 'not-started' : 'draft',
      changedAfterSubmission: state === 'changed_after_submission',
      missing,
    };
  });
}

function pauseText(entry: PauseEntry): string {
  const what = entry.reason === 'absent' ? 'frånvarande' : 'har pausat påminnelserna';
  return `${what} till och med ${formatSwedishDate(entry.until)}`;
}

export interface UnitPlanInput {
  readonly statuses: readonly UnitStatus[];
  readonly pauses: ReadonlyMap<string, PauseEntry>;
  /** "Påminn mig i morgon", per person (spent ones included: only `until` matters here). */
  readonly snoozes: ReadonlyMap<string, SnoozeEntry>;
  /** ISO date in the calendar's time zone. */
  readonly today: string;
}

function snoozeText(entry: SnoozeEntry): string {
  return `bad att bli påmind ${formatSwedishDate(entry.until)}`;
}

/** Who is reminded for the units that have not sent in, grouped per person. */
export function planUnitReminders(input: UnitPlanInput): {
  reminders: PersonReminder[];
  notes: RecipientNote[];
  nobodyReminded: UnitStatus[];
} {
  const byPerson = new Map<string, { person: PersonRef; units: UnitAssignment[] }>();
  const notes: RecipientNote[] = [];
  const nobodyReminded: UnitStatus[] = [];
  const add = (person: PersonRef, assignment: UnitAssignment) => {
    const entry = byPerson.get(person.aadObjectId) ?? { person, units: [] };
    entry.units.push(assignment);
    byPerson.set(person.aadObjectId, entry);
  };
  for (const status of input.statuses) {
    const { unit } = status;
    if (status.state === 'submitted') {
      for (const m of unit.managers) {
        notes.push(note(m, unit.id, 'submitted', `${unit.shortName} har skickat in`));
      }
      continue;
    }
    const paused = (p: PersonRef) => {
      const entry = input.pauses.get(p.aadObjectId);
      return isPaused(entry, input.today) ? entry : null;
    };
    const managers = unit.managers.filter((m) => !paused(m));
    const standingInFor: StandIn[] = [];
    for (const m of unit.managers) {
      const entry = paused(m);
      if (!entry) continue;
      standingInFor.push({ manager: ref(m), reason: entry.reason, until: entry.until });
      notes.push(note(m, unit.id, entry.reason, `${pauseText(entry)} – påminns inte för ${unit.shortName}`));
    }
    if (managers.length > 0) {
      for (const m of managers) add(ref(m), { status, role: 'manager', standingInFor: [] });
      continue;
    }
    const deputies = unit.deputies.filter((d) => {
      const entry = paused(d);
      if (entry) notes.push(note(d, unit.id, entry.reason, `${pauseText(entry)} – kan inte ersätta`));
      return !entry;
    });
    if (deputies.length === 0) {
      nobodyReminded.push(status);
      for (const m of unit.managers) {
        notes.push(
          note(
            m,
            unit.id,
            'nobody-available',
            `ingen chef eller ersättare för ${unit.shortName} kan påminnas just nu`,
          ),
        );
      }
      continue;
    }
    for (const d of deputies) add(ref(d), { status, role: 'deputy', standingInFor });
  }
  const reminders: PersonReminder[] = [];
  for (const reminder of byPerson.values()) {
    const snooze = input.snoozes.get(reminder.person.aadObjectId);
    if (isSnoozed(snooze, input.today)) {
      notes.push(note(reminder.person, null, 'snoozed', snoozeText(snooze)));
    } else {
      reminders.push(reminder);
    }
  }
  return { reminders, notes, nobodyReminded };
}

export interface EscalationInput {
  readonly config: CommitteeConfig;
  readonly statuses: readonly UnitStatus[];
  readonly unreachable: readonly UnreachablePerson[];
  readonly nobodyReminded: readonly UnitStatus[];
  readonly pauses: ReadonlyMap<string, PauseEntry>;
  readonly snoozes: ReadonlyMap<string, SnoozeEntry>;
  readonly today: string;
}

/** The escalation per leader, within their scope; leaders with nothing in scope get none. */
export function planEscalation(input: EscalationInput): {
  escalations: LeaderEscalation[];
  notes: RecipientNote[];
} {
  const { config } = input;
  const escalations: LeaderEscalation[] = [];
  const notes: RecipientNote[] = [];
  for (const leader of config.organisation.leadership) {
    if (!leader.roles.includes('leadership')) continue;
    const scope = leader.scope;
    const inScope = (unit: Unit) =>
      scope === 'committee' || scope.administrations.includes(unit.administrationId);
    const missing = input.statuses.filter((s) => s.state !== 'submitted' && inScope(s.unit));
    if (missing.length === 0) {
      notes.push(note(leader, null, 'nothing-to-escalate', 'alla enheter i ansvarsområdet har skickat in'));
      continue;
    }
    const entry = input.pauses.get(leader.aadObjectId);
    if (isPaused(entry, input.today)) {
      notes.push(note(leader, null, entry.reason, pauseText(entry)));
      continue;
    }
    const snooze = input.snoozes.get(leader.aadObjectId);
    if (isSnoozed(snooze, input.today)) {
      notes.push(note(leader, null, 'snoozed', snoozeText(snooze)));
      continue;
    }
    const missingIds = new Set(missing.map((s) => s.unit.id));
    escalations.push({
      leader: ref(leader),
      missing,
      unreachable: input.unreachable.filter((u) => u.unitIds.some((id) => missingIds.has(id))),
      nobodyReminded: input.nobodyReminded.filter((s) => missingIds.has(s.unit.id)),
    });
  }
  return { escalations, notes };
}

function ref(p: PersonRef): PersonRef {
  return { aadObjectId: p.aadObjectId, name: p.name };
}

function note(
  p: PersonRef,
  unitId: string | null,
  reason: RecipientNote['reason'],
  text: string,
): RecipientNote {
  return { aadObjectId: p.aadObjectId, name: p.name, unitId, reason, text };
}
