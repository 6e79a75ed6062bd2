/**
 * What a unit has sent in for a period: the one rule behind the start card, the reminders and the
 * report, and its Swedish labels. Pure, over plain data: the caller lists the unit's items and
 * hands over its stored answers.
 *
 * A unit has sent in when it has a submission and every item is at the revision the submission
 * recorded (an item never stored counts as revision 0). A submission with any item changed since
 * is "changed after submission": it has to be sent in again.
 */

export type SubmissionState = 'none' | 'draft' | 'submitted' | 'changed_after_submission';

/** A unit's answers in a period, as far as the rule needs them. */
export interface UnitAnswers {
  /** The items the unit answers in the period (`goal:…`, `economy`, …), not the submission. */
  readonly items: readonly string[];
  /** The current revision of each stored answer, by item. */
  readonly stored: ReadonlyMap<string, { readonly revision: number }>;
  /** The revision of each item the unit sent in (the submission's), or null when never sent in. */
  readonly sent: Readonly<Record<string, number>> | null;
}

export function submissionState(unit: UnitAnswers): SubmissionState {
  const { items, stored, sent } = unit;
  if (sent) {
    const same = items.every((i) => (stored.get(i)?.revision ?? 0) === (sent[i] ?? 0));
    return same ? 'submitted' : 'changed_after_submission';
  }
  return items.some((i) => stored.has(i)) ? 'draft' : 'none';
}

/** The state as a label of its own: the report's completeness table and its summary. */
export const SUBMISSION_STATE_LABEL: Readonly<Record<SubmissionState, string>> = {
  submitted: 'Inskickad',
  changed_after_submission: 'Ändrad efter inskickning',
  draft: 'Utkast',
  none: 'Inget svar',
};

/**
 * The state on the unit's own start and summary card. `sentIn` says when (already formatted,
 * "3 september kl. 10:15") and by whom the submission was made.
 */
export function submissionStatusText(
  state: SubmissionState,
  sentIn: { readonly when: string; readonly by: string } | null,
): string {
  if (state === 'submitted' && sentIn) return `Inskickad ${sentIn.when} av ${sentIn.by}`;
  if (state === 'changed_after_submission' && sentIn)
    return `Ändrad efter inskickningen ${sentIn.when} – skicka in igen`;
  return 'Ej inskickad';
}
