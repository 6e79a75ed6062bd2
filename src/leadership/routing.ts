/**
 * Which use case answers a question or a card action: pure, plain data in and out. The service
 * checks the person first (access.ts) and then runs the route; nothing here reads storage.
 *
 * A typed question names an ask, maybe a period and maybe a goal's words ("prognos
 * egenförsörjning juni"); a card action names a verb, a period id and maybe a goal id, none of
 * them trusted: the period must exist and have opened, the goal is checked against the person's
 * scope when it is used.
 */

import { findPeriod, type Period } from '../calendar/periods.js';
import { leadershipVerbs } from '../cards/verbs.js';
import type { CommitteeConfig } from '../config/load-config.js';
import type { ReportFormat } from './api.js';
import {
  documentFormats,
  goalWords,
  type LeadershipAsk,
  matchPeriod,
  parseLeadershipQuestion,
} from './query.js';
import type { GoalChoicePurpose } from './views.js';

export type QuestionRoute =
  /** Not a question the parser knows: the help card, no access check. */
  | { readonly kind: 'help' }
  | {
      readonly kind: 'document';
      readonly ask: LeadershipAsk;
      readonly rest: string;
      readonly formats: readonly ReportFormat[];
    }
  | { readonly kind: 'unknown-period'; readonly ask: LeadershipAsk; readonly rest: string }
  /** `fallBack`: no period named, so an earlier period with answers may stand in. */
  | {
      readonly kind: 'prognosis';
      readonly ask: LeadershipAsk;
      readonly period: Period;
      readonly fallBack: boolean;
    }
  /** A goal named by words; `asked` is the question as written, for showing it back. */
  | {
      readonly kind: 'goal';
      readonly ask: LeadershipAsk;
      readonly purpose: GoalChoicePurpose;
      readonly period: Period;
      readonly words: string;
      readonly asked: string;
    }
  /** "bedöm" without a goal: the list of goals to choose from. */
  | { readonly kind: 'decide-list'; readonly ask: LeadershipAsk; readonly period: Period }
  | { readonly kind: 'economy'; readonly ask: LeadershipAsk; readonly period: Period }
  | { readonly kind: 'missing'; readonly ask: LeadershipAsk; readonly period: Period };

export function routeQuestion(text: string, config: CommitteeConfig, now: Date): QuestionRoute {
  const question = parseLeadershipQuestion(text, config);
  if (!question) return { kind: 'help' };
  const { ask } = question;
  if (ask === 'document')
    return { kind: 'document', ask, rest: question.rest, formats: documentFormats(text) };
  const match = matchPeriod(question.rest, config.periods, now);
  if (!match) return { kind: 'unknown-period', ask, rest: question.rest };
  const { period } = match;
  const words = goalWords(match.rest);
  switch (ask) {
    case 'prognosis':
      return words
        ? { kind: 'goal', ask, purpose: 'detail', period, words, asked: question.asked }
        : { kind: 'prognosis', ask, period, fallBack: !match.named };
    case 'economy':
      return { kind: 'economy', ask, period };
    case 'missing':
      return { kind: 'missing', ask, period };
    case 'decide':
      return words
        ? { kind: 'goal', ask, purpose: 'decide', period, words, asked: question.asked }
        : { kind: 'decide-list', ask, period };
  }
}

export type ActionRoute =
  | { readonly kind: 'unknown-verb' }
  | {
      readonly kind: 'action';
      readonly verb: string;
      /** Null when the card's period does not exist or has not opened. */
      readonly period: Period | null;
      /** As the card sent it ('' when missing): checked against the scope where it is used. */
      readonly goalId: string;
    };

export function routeAction(
  data: Readonly<Record<string, unknown>>,
  periods: readonly Period[],
  now: Date,
): ActionRoute {
  const verb = typeof data.verb === 'string' ? data.verb : '';
  if (!leadershipVerbs.has(verb)) return { kind: 'unknown-verb' };
  return {
    kind: 'action',
    verb,
    period: periodFromCard(data.periodId, periods, now),
    goalId: typeof data.goalId === 'string' ? data.goalId : '',
  };
}

/** A period from card data: it must exist and have opened. */
export function periodFromCard(value: unknown, periods: readonly Period[], now: Date): Period | null {
  if (typeof value !== 'string') return null;
  const period = findPeriod(periods, value);
  if (!period || period.opensAt > now.toISOString()) return null;
  return period;
}
