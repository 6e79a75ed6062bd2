/**
 * The "saknas" card: the units in scope that have not sent in, or changed after sending in, with
 * their managers, from the units' states (src/reminders/recipients.ts). Pure.
 */

import type { Period } from '../calendar/periods.js';
import type { ActionModel, LeaderMissingCard, LeaderMissingUnit, Notice } from '../cards/models.js';
import { Verb } from '../cards/verbs.js';
import type { CommitteeConfig } from '../config/load-config.js';
import { unitLabel } from '../followup/access.js';
import type { UnitStatus } from '../reminders/recipients.js';
import type { CardColour } from '../reporting/card-model.js';
import { count, formatSwedishDate } from '../shared/swedish-format.js';
import { lowerFirst } from '../shared/text.js';
import type { LeaderScope } from './scope.js';
import { action, back, completeness } from './view-parts.js';

// ── missing ──────────────────────────────────────────────────────────────────────────────────────

function missingUnit(status: UnitStatus, withAdministration: boolean): LeaderMissingUnit {
  const { unit } = status;
  const managers = unit.managers.map((m) => m.name).join(', ');
  const deputies = unit.deputies.map((d) => d.name).join(', ');
  const people = `Chef: ${managers || 'saknas'}${deputies ? ` · ersättare: ${deputies}` : ''}`;
  const items = count(status.missing.length, 'uppgift', 'uppgifter');
  let state: string;
  let colour: CardColour = 'Warning';
  if (status.changedAfterSubmission) {
    state = status.missing.length > 0 ? `Ändrad, ${items} saknas` : 'Ändrad, inte inskickad igen';
  } else if (status.progress === 'draft') {
    state = status.missing.length > 0 ? `Utkast, ${items} saknas` : 'Utkast, klart att skicka in';
  } else {
    state = 'Inte påbörjad';
    colour = 'Attention';
  }
  return {
    name: withAdministration ? `${unitLabel(unit)} · ${unit.administrationId}` : unitLabel(unit),
    people,
    state,
    colour,
  };
}

export interface MissingInput {
  readonly config: CommitteeConfig;
  readonly period: Period;
  readonly statuses: readonly UnitStatus[];
  readonly scope: LeaderScope;
  /** ISO date in the calendar's time zone. */
  readonly today: string;
  /** Whether "Påminn dem nu" is offered (a nudge port exists and the period takes answers). */
  readonly canNudge: boolean;
  readonly notices?: readonly Notice[];
}

export function missingCard(input: MissingInput): LeaderMissingCard {
  const { period, scope, today } = input;
  const inScope = input.statuses.filter((s) => scope.unitIds.has(s.unit.id));
  const notSent = inScope.filter((s) => s.progress !== 'submitted' && !s.changedAfterSubmission);
  const changed = inScope.filter((s) => s.changedAfterSubmission);
  const answered = inScope.length - notSent.length;
  const done = completeness(answered, inScope.length);
  const deadline = formatSwedishDate(period.deadlineDate);
  const locks = formatSwedishDate(period.locksDate);
  const subtitle =
    today > period.locksDate
      ? `Perioden låstes ${locks}; svaren kan inte längre ändras i boten.`
      : today > period.deadlineDate
        ? `Sista svarsdag var ${deadline}. Perioden låses ${locks}.`
        : `Sista svarsdag är ${deadline}. Perioden låses ${locks}.`;
  const notices = [...(input.notices ?? [])];
  if (notSent.length === 0 && changed.length === 0) {
    notices.push({ tone: 'good', text: 'Alla enheter har skickat in sina svar.' });
  }
  const actions: ActionModel[] = [];
  if (input.canNudge && notSent.length + changed.length > 0) {
    actions.push(action('Påminn dem nu', { verb: Verb.leadershipNudge, periodId: period.id }, 'positive'));
  }
  actions.push(back(period.id));
  return {
    title: `Svar som saknas – ${lowerFirst(period.label)}`,
    subtitle,
    notices,
    completenessText: done.text,
    missingTitle: notSent.length > 0 ? `Har inte skickat in (${notSent.length})` : '',
    missing: notSent.map((s) => missingUnit(s, scope.whole)),
    changedTitle:
      changed.length > 0
        ? `Ändrade efter inskickningen – ska skicka in igen (${changed.length}); de inskickade svaren används så länge`
        : '',
    changed: changed.map((s) => missingUnit(s, scope.whole)),
    actions,
  };
}
