import { beforeAll, describe, expect, it } from 'vitest';
import { findPeriod, type Period } from '../../src/calendar/periods.js';
import { createWorkingDayCalendar } from '../../src/calendar/working-days.js';
import { type CommitteeConfig, loadConfig } from '../../src/config/load-config.js';
import { shippedConfigDir } from '../../src/config/settings.js';
import type { AnswerPayload, GoalAnswer, SubmissionAnswer } from '../../src/followup/answers.js';
import type { ItemKey, StoredAnswer } from '../../src/followup/ports.js';
import {
  briefMissing,
  escalationCard,
  pauseConfirmationCard,
  unitReminderCard,
} from '../../src/reminders/messages.js';
import type { PauseEntry } from '../../src/reminders/ports-pause.js';
import {
  planEscalation,
  planUnitReminders,
  type UnitStatus,
  unitStatuses,
} from '../../src/reminders/recipients.js';

const wd = createWorkingDayCalendar();
let config: CommitteeConfig;
let august: Period;

beforeAll(async () => {
  config = await loadConfig(shippedConfigDir);
  august = findPeriod(config.periods, '2024-08') as Period;
});

function stored(
  unitId: string,
  item: ItemKey,
  payload: AnswerPayload,
  revision = 1,
): StoredAnswer<AnswerPayload> {
  return {
    committeeId: 'an',
    periodId: '2024-08',
    unitId,
    item,
    revision,
    state: 'draft',
    payload,
    answeredBy: { aadObjectId: 'x', name: 'X' },
    answeredAt: '2024-09-02T08:00:00.000Z',
    activityId: null,
  };
}

const draftGoal: GoalAnswer = {
  kind: 'goal',
  goalId: 'hog-egenforsorjningsgrad',
  statusId: null,
  results: 'Fler i arbete.',
  deviations: '',
  indicators: {},
};

/** AMF sent in (a submission matching every item's revision, here: items never stored = 0). */
function submittedAmf(): StoredAnswer<AnswerPayload>[] {
  const submission: SubmissionAnswer = { kind: 'submission', itemRevisions: {} };
  return [stored('amf', 'submission', submission)];
}

const pause = (aadObjectId: string, until: string, reason: PauseEntry['reason'] = 'paused'): PauseEntry => ({
  aadObjectId,
  until,
  reason,
  setBy: aadObjectId,
  setAt: '2024-08-01T08:00:00Z',
});

function statusOf(statuses: UnitStatus[], unitId: string): UnitStatus {
  const s = statuses.find((x) => x.unit.id === unitId);
  if (!s) throw new Error(`no unit ${unitId}`);
  return s;
}

describe('unit states from the stored answers', () => {
  it('nothing stored: not started; a goal saved: draft with what is missing; sent in: submitted', () => {
    const answers = [stored('amc', 'goal:hog-egenforsorjningsgrad', draftGoal), ...submittedAmf()];
    const statuses = unitStatuses(config, august, answers);
    expect(statusOf(statuses, 'linvux')).toMatchObject({
      progress: 'not-started',
      changedAfterSubmission: false,
    });
    const amc = statusOf(statuses, 'amc');
    expect(amc.progress).toBe('draft');
    expect(amc.missing).toContain('Hög egenförsörjningsgrad: prognos för helåret saknas');
    expect(amc.missing).toContain('Professionellt bemötande och hög tillgänglighet: inte påbörjat');
    expect(statusOf(statuses, 'amf').progress).toBe('submitted');
  });

  it('changed after sending in: not submitted, and said so', () => {
    const submission: SubmissionAnswer = {
      kind: 'submission',
      itemRevisions: { 'goal:hog-egenforsorjningsgrad': 1 },
    };
    const answers = [
      stored('amc', 'goal:hog-egenforsorjningsgrad', draftGoal, 2),
      stored('amc', 'submission', submission),
    ];
    const amc = statusOf(unitStatuses(config, august, answers), 'amc');
    expect(amc).toMatchObject({ progress: 'draft', changedAfterSubmission: true });
  });
});

describe('who is reminded', () => {
  it('managers of units that have not sent in, one message per person for several units', () => {
    const statuses = unitStatuses(config, august, submittedAmf());
    const { reminders, notes } = planUnitReminders({
      statuses,
      pauses: new Map(),
      snoozes: new Map(),
      today: '2024-09-04',
    });
    const ids = reminders.map((r) => r.person.aadObjectId);
    expect(ids).toContain('demo-chef-amc');
    expect(ids).not.toContain('demo-chef-amf'); // AMF has sent in
    expect(ids).not.toContain('demo-ersattare-amc'); // deputies only stand in
    expect(notes).toContainEqual(
      expect.objectContaining({
        aadObjectId: 'demo-chef-amf',
        reason: 'submitted',
        text: 'AMF har skickat in',
      }),
    );
    const mats = reminders.find((r) => r.person.aadObjectId === 'demo-chef-multi');
    expect(mats?.units.map((u) => u.status.unit.id)).toEqual(['arbetsmarknadsservice', 'osa']);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('a paused manager: the deputy instead, until the pause has passed', () => {
    const statuses = unitStatuses(config, august, []);
    const pauses = new Map([['demo-chef-amc', pause('demo-chef-amc', '2024-09-05')]]);
    const during = planUnitReminders({ statuses, pauses, snoozes: new Map(), today: '2024-09-05' });
    expect(during.reminders.map((r) => r.person.aadObjectId)).not.toContain('demo-chef-amc');
    const erik = during.reminders.find((r) => r.person.aadObjectId === 'demo-ersattare-amc');
    expect(erik?.units).toEqual([
      expect.objectContaining({
        role: 'deputy',
        standingInFor: [
          {
            manager: { aadObjectId: 'demo-chef-amc', name: 'Anna Lind' },
            reason: 'paused',
            until: '2024-09-05',
          },
        ],
      }),
    ]);
    expect(during.notes).toContainEqual(
      expect.objectContaining({ aadObjectId: 'demo-chef-amc', reason: 'paused', unitId: 'amc' }),
    );
    // The pause covers its last day; the day after the manager is reminded again.
    const after = planUnitReminders({ statuses, pauses, snoozes: new Map(), today: '2024-09-06' });
    expect(after.reminders.map((r) => r.person.aadObjectId)).toContain('demo-chef-amc');
    expect(after.reminders.map((r) => r.person.aadObjectId)).not.toContain('demo-ersattare-amc');
  });

  it('a snooze: nothing before the working day named, nobody stands in, and it holds for leadership too', () => {
    const statuses = unitStatuses(config, august, []);
    // Asked on Friday 6 September: back on Monday 9 September.
    const snoozes = new Map([
      ['demo-chef-amc', { aadObjectId: 'demo-chef-amc', until: '2024-09-09', setAt: '2024-09-06T09:00:00Z' }],
      ['demo-ledning', { aadObjectId: 'demo-ledning', until: '2024-09-09', setAt: '2024-09-06T09:00:00Z' }],
    ]);
    for (const today of ['2024-09-06', '2024-09-07', '2024-09-08']) {
      const plan = planUnitReminders({ statuses, pauses: new Map(), snoozes, today });
      const ids = plan.reminders.map((r) => r.person.aadObjectId);
      expect(ids).not.toContain('demo-chef-amc');
      expect(ids).not.toContain('demo-ersattare-amc');
      expect(plan.notes).toContainEqual({
        aadObjectId: 'demo-chef-amc',
        name: 'Anna Lind',
        unitId: null,
        reason: 'snoozed',
        text: 'bad att bli påmind måndag 9 september',
      });
      const { escalations } = planEscalation({
        config,
        statuses,
        unreachable: [],
        nobodyReminded: plan.nobodyReminded,
        pauses: new Map(),
        snoozes,
        today,
      });
      expect(escalations.map((e) => e.leader.aadObjectId)).toEqual(['demo-controller']);
    }
    const monday = planUnitReminders({ statuses, pauses: new Map(), snoozes, today: '2024-09-09' });
    expect(monday.reminders.map((r) => r.person.aadObjectId)).toContain('demo-chef-amc');
  });

  it('an absent manager without a deputy: nobody is reminded, and the escalation says so', () => {
    const statuses = unitStatuses(config, august, []);
    const pauses = new Map([['demo-chef-amf', pause('demo-chef-amf', '2024-12-31', 'absent')]]);
    const plan = planUnitReminders({ statuses, pauses, snoozes: new Map(), today: '2024-09-10' });
    expect(plan.reminders.map((r) => r.person.aadObjectId)).not.toContain('demo-chef-amf');
    expect(plan.nobodyReminded.map((s) => s.unit.id)).toEqual(['amf']);
    const { escalations } = planEscalation({
      config,
      statuses,
      unreachable: [],
      nobodyReminded: plan.nobodyReminded,
      pauses,
      snoozes: new Map(),
      today: '2024-09-10',
    });
    const card = escalationCard(config, august, escalations[0] as never, '2024-09-10', wd);
    expect(card.facts).toContainEqual({
      title: 'Påminns inte',
      value: 'AMF: chefen är pausad eller frånvarande och ingen ersättare kan ta emot',
    });
  });

  it('the escalation goes to leadership with the missing units and who is unreachable', () => {
    const answers = [stored('amc', 'goal:hog-egenforsorjningsgrad', draftGoal), ...submittedAmf()];
    const statuses = unitStatuses(config, august, answers);
    const { escalations } = planEscalation({
      config,
      statuses,
      unreachable: [
        {
          person: { aadObjectId: 'demo-chef-linvux', name: 'Johan Dahl' },
          unitIds: ['linvux'],
          reason: 'blocked',
        },
      ],
      nobodyReminded: [],
      pauses: new Map(),
      snoozes: new Map(),
      today: '2024-09-10',
    });
    expect(escalations.map((e) => e.leader.aadObjectId)).toEqual(['demo-ledning', 'demo-controller']);
    const card = escalationCard(config, august, escalations[0] as never, '2024-09-10', wd);
    expect(card.title).toBe(`Uppföljningen för augusti: ${config.units.length - 1} enheter saknas`);
    expect(card.text).toContain('Sista dag var fredag 6 september');
    expect(card.facts).toContainEqual({
      title: 'Arbetsmarknadscentrum (AMC)',
      value: expect.stringMatching(/^Utkast, \d+ uppgifter saknas – Anna Lind$/),
    });
    expect(card.facts).toContainEqual({
      title: 'Nås inte i Teams',
      value: 'Johan Dahl (Linvux) har tagit bort eller blockerat boten',
    });
    expect(card.facts.map((f) => f.title)).not.toContain('AMF');
  });

  it('no escalation when every unit has sent in', () => {
    const submission: SubmissionAnswer = { kind: 'submission', itemRevisions: {} };
    const all = config.units.map((u) => stored(u.id, 'submission', submission));
    const statuses = unitStatuses(config, august, all);
    expect(
      planUnitReminders({ statuses, pauses: new Map(), snoozes: new Map(), today: '2024-09-10' }).reminders,
    ).toEqual([]);
    const { escalations, notes } = planEscalation({
      config,
      statuses,
      unreachable: [],
      nobodyReminded: [],
      pauses: new Map(),
      snoozes: new Map(),
      today: '2024-09-10',
    });
    expect(escalations).toEqual([]);
    expect(notes.map((n) => n.reason)).toEqual(['nothing-to-escalate', 'nothing-to-escalate']);
  });
});

describe('reminder texts', () => {
  it('the opening: "Nu är uppföljningen för augusti öppen – sista dag fredag 6 september"', () => {
    const statuses = unitStatuses(config, august, []);
    const { reminders } = planUnitReminders({
      statuses,
      pauses: new Map(),
      snoozes: new Map(),
      today: '2024-08-28',
    });
    const anna = reminders.find((r) => r.person.aadObjectId === 'demo-chef-amc');
    const card = unitReminderCard({
      kind: 'opening',
      period: august,
      reminder: anna as never,
      today: '2024-08-28',
      workingDays: wd,
    });
    expect(card.title).toBe('Nu är uppföljningen för augusti öppen');
    expect(card.text).toBe('Nu är uppföljningen för augusti öppen – sista dag fredag 6 september.');
    expect(card.facts).toContainEqual({ title: 'Arbetsmarknadscentrum (AMC)', value: 'Inte påbörjad' });
    expect(card.actions).toEqual([
      {
        title: 'Öppna uppföljningen',
        data: { verb: 'followup.start', unitId: 'amc', periodId: '2024-08' },
        style: 'positive',
      },
      { title: 'Påminn mig i morgon', data: { verb: 'reminders.snooze' } },
    ]);
  });

  it('a draft: "du har ett utkast, det saknas …" and "Fortsätt där du slutade"', () => {
    const statuses = unitStatuses(config, august, [
      stored('amc', 'goal:hog-egenforsorjningsgrad', draftGoal),
    ]);
    const { reminders } = planUnitReminders({
      statuses,
      pauses: new Map(),
      snoozes: new Map(),
      today: '2024-09-04',
    });
    const anna = reminders.find((r) => r.person.aadObjectId === 'demo-chef-amc');
    const card = unitReminderCard({
      kind: 'before-2',
      period: august,
      reminder: anna as never,
      today: '2024-09-04',
      workingDays: wd,
    });
    expect(card.title).toBe('Påminnelse: uppföljningen för augusti');
    expect(card.text).toBe('Sista dag att skicka in är fredag 6 september – om 2 arbetsdagar.');
    const line = card.facts.find((f) => f.title === 'Arbetsmarknadscentrum (AMC)')?.value ?? '';
    expect(line).toMatch(/^Du har ett utkast, det saknas /);
    expect(line).toMatch(/ och \d+ till$/);
    expect(card.actions[0]?.title).toBe('Fortsätt där du slutade');
  });

  it('deadline day, overdue, and a deputy standing in', () => {
    const statuses = unitStatuses(config, august, []);
    const pauses = new Map([['demo-chef-amc', pause('demo-chef-amc', '2024-09-15')]]);
    const { reminders } = planUnitReminders({ statuses, pauses, snoozes: new Map(), today: '2024-09-06' });
    const erik = reminders.find((r) => r.person.aadObjectId === 'demo-ersattare-amc');
    const deadline = unitReminderCard({
      kind: 'deadline',
      period: august,
      reminder: erik as never,
      today: '2024-09-06',
      workingDays: wd,
    });
    expect(deadline.title).toBe('Sista dag i dag: uppföljningen för augusti');
    expect(deadline.text).toBe(
      'I dag, fredag 6 september, är sista dag att skicka in. Du får påminnelsen som ersättare: Anna Lind (AMC) är pausad till och med söndag 15 september.',
    );
    const overdue = unitReminderCard({
      kind: 'overdue',
      period: august,
      reminder: erik as never,
      today: '2024-09-09',
      workingDays: wd,
    });
    expect(overdue.title).toBe('Uppföljningen för augusti är försenad');
    expect(overdue.tone).toBe('attention');
    expect(overdue.text).toMatch(
      /^Sista dag var fredag 6 september\. Skicka in så snart du kan – perioden låses fredag 13 september\./,
    );
  });

  it('several units: one button per unit', () => {
    const statuses = unitStatuses(config, august, []);
    const { reminders } = planUnitReminders({
      statuses,
      pauses: new Map(),
      snoozes: new Map(),
      today: '2024-09-04',
    });
    const mats = reminders.find((r) => r.person.aadObjectId === 'demo-chef-multi');
    const card = unitReminderCard({
      kind: 'before-2',
      period: august,
      reminder: mats as never,
      today: '2024-09-04',
      workingDays: wd,
    });
    expect(card.actions.map((a) => a.title)).toEqual([
      'Öppna uppföljningen – AMS',
      'Öppna uppföljningen – OSA',
      'Påminn mig i morgon',
    ]);
  });

  it('briefMissing keeps it short', () => {
    expect(briefMissing(['Hög egenförsörjningsgrad: prognos för helåret saknas'])).toBe(
      'prognos för helåret (Hög egenförsörjningsgrad)',
    );
    expect(briefMissing(['A: resultat saknas', 'B: prognos för helåret saknas'])).toBe(
      'resultat (A) och prognos för helåret (B)',
    );
    expect(briefMissing(['a', 'b', 'c', 'd', 'e'])).toBe('a, b, c och 2 till');
  });

  it('the pause confirmation names who is reminded meanwhile', () => {
    const card = pauseConfirmationCard(config, 'demo-chef-amc', '2024-08-15');
    expect(card.text).toContain('Du får inga påminnelser till och med torsdag 15 augusti 2024.');
    expect(card.text).toContain('Din ersättare Erik Sjöberg påminns för AMC.');
    expect(pauseConfirmationCard(config, 'demo-chef-amf', '2024-08-15').text).toContain(
      'AMF har ingen ersättare, så ingen påminns för enheten.',
    );
  });
});
