/**
 * Action verbs of every card. Cards send them as `Action.Execute` verbs (Teams) or as the `verb`
 * field of an `Action.Submit` (other clients); the bot routes both the same way.
 */
export const Verb = {
  /** Open the start card (optionally for another unit). */
  start: 'followup.start',
  /** Open one step (a nämndmål, the economy, the uppdrag, the summary) without saving. */
  open: 'followup.open',
  /** Save the step as a draft and stay. */
  save: 'followup.save',
  /** Save the step and go to the next one. */
  next: 'followup.next',
  /** Save the step and go to the previous one. */
  back: 'followup.back',
  /** Send in the unit's answers for the period. */
  submit: 'followup.submit',
  /** Open the start card again after submitting, to change answers before the lock. */
  edit: 'followup.edit',
  /** Show the help card. */
  help: 'help.show',
} as const;

export type VerbName = (typeof Verb)[keyof typeof Verb];

export const allVerbs: ReadonlySet<string> = new Set(Object.values(Verb));
