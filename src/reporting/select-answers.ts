/**
 * Which answers count. By default a unit's answers count once it has sent them in, and then in the
 * revisions it sent in (a change after sending in is a new draft until sent in again). With
 * `includeDrafts` every current answer counts as it stands. Pure.
 */

import type { Period } from '../calendar/periods.js';
import type { CommitteeConfig, Unit } from '../config/load-config.js';
import {
  type AnswerPayload,
  COMMITTEE_UNIT_ID,
  type CommitteeIndicatorsAnswer,
  type ItemAnswer,
  itemStepsFor,
  type SubmissionAnswer,
} from '../followup/answers.js';
import type { StoredAnswer } from '../followup/ports.js';
import { type SubmissionState, submissionState } from '../shared/submission-state.js';

/** One period's answers as storage has them. */
export interface PeriodAnswers {
  readonly period: Period;
  /** `AnswerStore.listPeriod`: the current version of every item. */
  readonly current: readonly StoredAnswer<AnswerPayload>[];
  /** The versions units sent in where they differ from the current ones (`AnswerStore.history`). */
  readonly submittedVersions: readonly StoredAnswer<AnswerPayload>[];
}

export interface UnitSelection {
  readonly unit: Unit;
  readonly state: SubmissionState;
  readonly included: boolean;
  readonly submission: StoredAnswer<SubmissionAnswer> | null;
  readonly current: ReadonlyMap<string, StoredAnswer<AnswerPayload>>;
  /** The item answers this report uses (empty when the unit is not included). */
  readonly used: ReadonlyMap<string, StoredAnswer<ItemAnswer>>;
}

/** The items a unit answers in a period, as stored (the follow-up's steps without the summary). */
export function unitItems(unit: Unit, period: Pick<Period, 'kind'>): string[] {
  return itemStepsFor(unit, period);
}

export function selectAnswers(
  config: CommitteeConfig,
  answers: PeriodAnswers,
  includeDrafts: boolean,
): Map<string, UnitSelection> {
  const result = new Map<string, UnitSelection>();
  // Grouped once: filtering all answers per unit grows with the square of the units.
  const byUnit = new Map<string, Map<string, StoredAnswer<AnswerPayload>>>();
  for (const a of answers.current) {
    const items = byUnit.get(a.unitId) ?? new Map<string, StoredAnswer<AnswerPayload>>();
    items.set(a.item, a);
    byUnit.set(a.unitId, items);
  }
  for (const unit of config.units) {
    const current = byUnit.get(unit.id) ?? new Map<string, StoredAnswer<AnswerPayload>>();
    const submission = (current.get('submission') as StoredAnswer<SubmissionAnswer> | undefined) ?? null;
    const items = unitItems(unit, answers.period);
    const state = submissionState({
      items,
      stored: current,
      sent: submission?.payload.itemRevisions ?? null,
    });
    const included =
      state === 'submitted' || state === 'changed_after_submission' || (includeDrafts && state === 'draft');
    const used = new Map<string, StoredAnswer<ItemAnswer>>();
    if (included) {
      for (const item of items) {
        const now = current.get(item) as StoredAnswer<ItemAnswer> | undefined;
        if (includeDrafts || !submission) {
          if (now) used.set(item, now);
          continue;
        }
        const sent = submission.payload.itemRevisions[item] ?? 0;
        if (sent <= 0) continue;
        if (now?.revision === sent) {
          used.set(item, now);
          continue;
        }
        const version = answers.submittedVersions.find(
          (v) => v.unitId === unit.id && v.item === item && v.revision === sent,
        ) as StoredAnswer<ItemAnswer> | undefined;
        // Without the sent-in version (history not read) the current one is the best there is.
        const chosen = version ?? now;
        if (chosen) used.set(item, chosen);
      }
    }
    result.set(unit.id, { unit, state, included, submission, current, used });
  }
  return result;
}

/**
 * For build-report: the item versions to read from history, i.e. those a unit sent in and has
 * changed since.
 */
export function versionsToFetch(
  config: CommitteeConfig,
  current: readonly StoredAnswer<AnswerPayload>[],
  period: Pick<Period, 'kind'>,
): { unitId: string; item: string; revision: number }[] {
  const wanted: { unitId: string; item: string; revision: number }[] = [];
  // Indexed once: a scan per unit × item grows with the square of the units.
  const byKey = new Map(current.map((a) => [`${a.unitId}|${a.item}`, a]));
  for (const submission of current) {
    if (submission.item !== 'submission') continue;
    const unit = config.unitsById.get(submission.unitId);
    if (!unit) continue;
    const revisions = (submission.payload as SubmissionAnswer).itemRevisions ?? {};
    for (const item of unitItems(unit, period)) {
      const sent = revisions[item] ?? 0;
      const now = byKey.get(`${unit.id}|${item}`);
      if (sent > 0 && now && now.revision !== sent) wanted.push({ unitId: unit.id, item, revision: sent });
    }
  }
  return wanted;
}

/** One period and the answers that count in it. */
export interface PeriodContext {
  readonly period: Period;
  readonly selection: ReadonlyMap<string, UnitSelection>;
  /** The controller's committee-wide figures for the period, as saved (each save is final). */
  readonly committee: CommitteeIndicatorsAnswer | null;
}

/** The controller's committee-wide answer of a period, if any. */
export function committeeAnswer(answers: PeriodAnswers): CommitteeIndicatorsAnswer | null {
  const found = answers.current.find((a) => a.unitId === COMMITTEE_UNIT_ID && a.item === 'committee');
  return found?.payload.kind === 'committee' ? found.payload : null;
}
