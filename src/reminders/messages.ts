/**
 * The Swedish reminder texts, as `message` card models (cards/message.json). Pure builders:
 * dates and counts are formatted here; the template only places them.
 */

import type { Period } from '../calendar/periods.js';
import type { WorkingDayCalendar } from '../calendar/working-days.js';
import type { MessageCard } from '../cards/models.js';
import { Verb } from '../cards/verbs.js';
import type { CommitteeConfig } from '../config/load-config.js';
import { unitLabel } from '../followup/access.js';
import { count, formatSwedishDate, joinSwedish, swedishMonthName } from '../shared/swedish-format.js';
import type {
  LeaderEscalation,
  PersonReminder,
  UnitAssignment,
  UnitStatus,
  UnreachablePerson,
} from './recipients.js';
import type { UnitReminderKind } from './schedule.js';

/** How many missing things a reminder names before "och N till". */
const MISSING_SHOWN = 3;

/** "augusti", as in "uppföljningen för augusti". */
function monthOf(period: Period): string {
  return swedishMonthName(period.month);
}

/** Where we are relative to the deadline, said the same way in every reminder. */
export function deadlineSentence(period: Period, today: string, wd: WorkingDayCalendar): string {
  const deadline = formatSwedishDate(period.deadlineDate);
  if (today < period.deadlineDate) {
    const left = wd.workingDaysBetween(today, period.deadlineDate);
    const when = left <= 1 ? 'nästa arbetsdag' : `om ${left} arbetsdagar`;
    return `Sista dag att skicka in är ${deadline} – ${when}.`;
  }
  if (today === period.deadlineDate) return `I dag, ${deadline}, är sista dag att skicka in.`;
  return `Sista dag var ${deadline}. Skicka in så snart du kan – perioden låses ${formatSwedishDate(period.locksDate)}.`;
}

/** "prognos för helåret (Hög egenförsörjningsgrad), resultat (Hög …) och 4 till". */
export function briefMissing(lines: readonly string[], shown = MISSING_SHOWN): string {
  const brief = lines.slice(0, shown).map((line) => {
    const cleaned = line
      .replace(/\s*\([^)]*\)/g, '')
      .replace(/ saknas/g, '')
      .trim();
    const colon = cleaned.indexOf(': ');
    return colon > 0 ? `${cleaned.slice(colon + 2)} (${cleaned.slice(0, colon)})` : cleaned;
  });
  const more = lines.length - brief.length;
  if (more > 0) return `${brief.join(', ')} och ${more} till`;
  if (brief.length <= 1) return brief.join('');
  return `${brief.slice(0, -1).join(', ')} och ${brief.at(-1)}`;
}

/** One unit's state in a reminder, for its manager or deputy. */
export function unitLine(status: UnitStatus): string {
  if (status.changedAfterSubmission) {
    return status.missing.length > 0
      ? `Ändrad efter inskickningen – det saknas ${briefMissing(status.missing)}`
      : 'Ändrad efter inskickningen – skicka in igen';
  }
  if (status.progress === 'draft') {
    return status.missing.length > 0
      ? `Du har ett utkast, det saknas ${briefMissing(status.missing)}`
      : 'Du har ett utkast där allt är ifyllt – det återstår bara att skicka in';
  }
  return 'Inte påbörjad';
}

function titleFor(kind: UnitReminderKind, period: Period, today: string): string {
  const month = monthOf(period);
  if (kind === 'opening') return `Nu är uppföljningen för ${month} öppen`;
  if (kind === 'overdue' || today > period.deadlineDate) return `Uppföljningen för ${month} är försenad`;
  if (kind === 'deadline' && today === period.deadlineDate)
    return `Sista dag i dag: uppföljningen för ${month}`;
  return `Påminnelse: uppföljningen för ${month}`;
}

function leadFor(kind: UnitReminderKind, period: Period, today: string, wd: WorkingDayCalendar): string {
  if (kind === 'opening' && today <= period.deadlineDate) {
    return `Nu är uppföljningen för ${monthOf(period)} öppen – sista dag ${formatSwedishDate(period.deadlineDate)}.`;
  }
  return deadlineSentence(period, today, wd);
}

function actionTitle(assignment: UnitAssignment, several: boolean): string {
  const base =
    assignment.status.progress === 'not-started' ? 'Öppna uppföljningen' : 'Fortsätt där du slutade';
  return several ? `${base} – ${assignment.status.unit.shortName}` : base;
}

export interface UnitReminderInput {
  readonly kind: UnitReminderKind;
  readonly period: Period;
  readonly reminder: PersonReminder;
  /** ISO date in the calendar's time zone. */
  readonly today: string;
  readonly workingDays: WorkingDayCalendar;
}

/** The reminder to a manager (or deputy) for the units they answer for that have not sent in. */
export function unitReminderCard(input: UnitReminderInput): MessageCard {
  const { period, reminder, today } = input;
  const several = reminder.units.length > 1;
  const deputyFor = reminder.units.flatMap((u) =>
    u.role === 'deputy' ? u.standingInFor.map((s) => ({ unit: u.status.unit, standIn: s })) : [],
  );
  const text = [leadFor(input.kind, period, today, input.workingDays)];
  if (deputyFor.length > 0) {
    text.push(
      `Du får påminnelsen som ersättare: ${deputyFor
        .map(
          ({ unit, standIn }) =>
            `${standIn.manager.name} (${unit.shortName}) är ${standIn.reason === 'absent' ? 'frånvarande' : 'pausad'} till och med ${formatSwedishDate(standIn.until)}`,
        )
        .join('; ')}.`,
    );
  }
  return {
    title: titleFor(input.kind, period, today),
    text: text.join(' '),
    tone: input.kind === 'overdue' || today > period.deadlineDate ? 'attention' : 'default',
    facts: [
      { title: 'Period', value: period.label },
      ...reminder.units.map((u) => ({
        title: several ? u.status.unit.shortName : unitLabel(u.status.unit),
        value: unitLine(u.status),
      })),
      { title: 'Sista dag', value: formatSwedishDate(period.deadlineDate) },
    ],
    actions: [
      ...reminder.units.map((u, i) => ({
        title: actionTitle(u, several),
        data: { verb: Verb.start, unitId: u.status.unit.id, periodId: period.id },
        ...(i === 0 ? { style: 'positive' as const } : {}),
      })),
      { title: 'Påminn mig i morgon', data: { verb: Verb.remindersSnooze } },
    ],
  };
}

/** Reply to "påminn mig i morgon" (or its button): when the reminders come back. */
export function snoozeConfirmationCard(until: string): MessageCard {
  return {
    title: 'Jag påminner dig igen',
    text: `Du får ingen påminnelse förrän ${formatSwedishDate(until, { withYear: true })}, nästa arbetsdag. Då påminner jag dig om det som fortfarande saknas.`,
    tone: 'good',
    facts: [],
    actions: [],
  };
}

const UNREACHABLE_TEXT: Record<UnreachablePerson['reason'], string> = {
  'no-reference': 'har inte installerat boten i Teams',
  blocked: 'har tagit bort eller blockerat boten',
  'not-found': 'finns inte längre i Teams (konversationen saknas)',
};

/** What IT does so that people who never opened the bot are reached (deployment/README.md). */
const NOT_INSTALLED_HELP = {
  title: 'Vad IT kan göra',
  value:
    'Installera Uppföljningsboten åt dem i Teams administrationscenter (en konfigurationsprincip), eller ge appen ' +
    'Graph-behörigheten TeamsAppInstallation.ReadWriteSelfForUser.All och ange TEAMS_APP_CATALOG_ID, så installerar ' +
    'boten sig själv.',
};

function missingLine(status: UnitStatus): string {
  const managers = status.unit.managers.map((m) => m.name).join(', ');
  const missing = count(status.missing.length, 'uppgift saknas', 'uppgifter saknas');
  const state = status.changedAfterSubmission
    ? 'Ändrad efter inskickningen'
    : status.progress === 'draft'
      ? `Utkast, ${missing}`
      : 'Inte påbörjad';
  return `${state} – ${managers}`;
}

/** The escalation to one leader: the units in their scope still missing, and who is not reached. */
export function escalationCard(
  config: CommitteeConfig,
  period: Period,
  escalation: LeaderEscalation,
  today: string,
  wd: WorkingDayCalendar,
): MessageCard {
  const n = escalation.missing.length;
  const month = monthOf(period);
  const text = [
    n === 1
      ? `En enhet har inte skickat in uppföljningen för ${month}.`
      : `${n} enheter har inte skickat in uppföljningen för ${month}.`,
    today > period.deadlineDate
      ? `Sista dag var ${formatSwedishDate(period.deadlineDate)}; svar kan lämnas till och med ${formatSwedishDate(period.locksDate)}, då perioden låses.`
      : deadlineSentence(period, today, wd),
  ];
  if (escalation.unreachable.length > 0 || escalation.nobodyReminded.length > 0) {
    text.push('Några av dem nås inte av påminnelserna, se nedan.');
  }
  const facts = [
    { title: 'Period', value: period.label },
    ...escalation.missing.map((s) => ({ title: unitLabel(s.unit), value: missingLine(s) })),
    ...escalation.unreachable.map((u) => ({
      title: 'Nås inte i Teams',
      value: `${u.person.name} (${u.unitIds
        .map((id) => config.unitsById.get(id)?.shortName ?? id)
        .join(', ')}) ${UNREACHABLE_TEXT[u.reason]}`,
    })),
    ...escalation.nobodyReminded.map((s) => ({
      title: 'Påminns inte',
      value: `${s.unit.shortName}: chefen är pausad eller frånvarande och ingen ersättare kan ta emot`,
    })),
    ...(escalation.unreachable.some((u) => u.reason === 'no-reference') ? [NOT_INSTALLED_HELP] : []),
  ];
  return {
    title: `Uppföljningen för ${month}: ${count(n, 'enhet saknas', 'enheter saknas')}`,
    text: text.join(' '),
    tone: 'attention',
    facts,
    actions: [],
  };
}

/** Reply to "pausa påminnelser till …": until when, and who is reminded meanwhile. */
export function pauseConfirmationCard(
  config: CommitteeConfig,
  aadObjectId: string,
  until: string,
): MessageCard {
  const units = config.units.filter((u) => u.managers.some((m) => m.aadObjectId === aadObjectId));
  const meanwhile = units.map((u) => {
    const others = u.managers.filter((m) => m.aadObjectId !== aadObjectId);
    if (others.length > 0) return `${joinSwedish(others.map((m) => m.name))} påminns för ${u.shortName}.`;
    if (u.deputies.length > 0)
      return `Din ersättare ${joinSwedish(u.deputies.map((d) => d.name))} påminns för ${u.shortName}.`;
    return `${u.shortName} har ingen ersättare, så ingen påminns för enheten.`;
  });
  return {
    title: 'Påminnelserna är pausade',
    text: [
      `Du får inga påminnelser till och med ${formatSwedishDate(until, { withYear: true })}.`,
      ...(meanwhile.length > 0 ? ['Under tiden:', ...meanwhile] : []),
      'Skriv ”återuppta påminnelser” om du vill få dem igen tidigare.',
    ].join(' '),
    tone: 'good',
    facts: [],
    actions: [],
  };
}

/** Reply to "återuppta påminnelser". */
export function resumeConfirmationCard(wasPaused: boolean): MessageCard {
  return {
    title: wasPaused ? 'Påminnelserna är på igen' : 'Påminnelserna är redan på',
    text: wasPaused
      ? 'Du får påminnelser om uppföljningen som vanligt igen.'
      : 'Du hade inte pausat påminnelserna, så inget ändrades.',
    tone: 'good',
    facts: [],
    actions: [],
  };
}

/** Reply to a pause command that could not be used (`message` from `parsePauseCommand`). */
export function pauseErrorCard(message: string): MessageCard {
  return { title: 'Påminnelserna pausades inte', text: message, tone: 'warning', facts: [], actions: [] };
}
