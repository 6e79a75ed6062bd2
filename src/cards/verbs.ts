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
  /** Leadership: the prognosis card of a period. */
  leadershipPrognosis: 'leadership.prognosis',
  /** Leadership: one nämndmål in detail (`goalId`). */
  leadershipGoal: 'leadership.goal',
  /** Leadership: the economy per verksamhet row. */
  leadershipEconomy: 'leadership.economy',
  /** Leadership: the units that have not sent in. */
  leadershipMissing: 'leadership.missing',
  /** Leadership: "Påminn dem nu", a manual reminder to the units still missing. */
  leadershipNudge: 'leadership.nudge',
  /** Leadership: open the card to set the committee-level status of a nämndmål (`goalId`). */
  leadershipDecide: 'leadership.decide',
  /** Leadership: store the status and motivation from the decide card (`goalId`, `rev`). */
  leadershipDecideSave: 'leadership.decide.save',
  /** Reminders: "Påminn mig i morgon", no more reminders until the next working day. */
  remindersSnooze: 'reminders.snooze',
  /** Leadership: the report files (.docx, .xlsx) of a period; delivered by the bot, not a card. */
  leadershipDocument: 'leadership.document',
  /** Controller: store the committee-wide indicators of the open period (`periodId`, `rev`). */
  controllerCommitteeSave: 'controller.committee.save',
  /** Controller: store the year's bokslut (`year`, `rev`). */
  controllerBokslutSave: 'controller.bokslut.save',
} as const;

export type VerbName = (typeof Verb)[keyof typeof Verb];

export const allVerbs: ReadonlySet<string> = new Set(Object.values(Verb));

/** The verbs the leadership service handles (`LeadershipService.act`, and `document` for the files). */
export const leadershipVerbs: ReadonlySet<string> = new Set(
  Object.values(Verb).filter((v) => v.startsWith('leadership.')),
);

/** The verbs the controller service handles (`ControllerService.act`). */
export const controllerVerbs: ReadonlySet<string> = new Set(
  Object.values(Verb).filter((v) => v.startsWith('controller.')),
);
