/**
 * Leadership asks the bot in plain Swedish and gets a card: the prognosis, one nämndmål, the
 * economy, who has not answered (and "Påminn dem nu"), the committee-level decision, the report
 * files. Knows nothing of Teams: the bot hands it who asked what and renders the replies.
 *
 * This class only dispatches: routing.ts says which use case answers, access.ts checks the person
 * again against organisation.yaml on every call (card data is never trusted) and audits refusals,
 * and the use cases live in prognosis.ts, decide.ts, missing.ts and report-files.ts. Figures come
 * from the report model (src/reporting), so the cards, the Word and the Excel file always agree,
 * and a decision shows at once everywhere (the report reads decisions from storage on every call).
 */

import type { Period } from '../calendar/periods.js';
import { Verb } from '../cards/verbs.js';
import type { Caller, Reply } from '../followup/service.js';
import { checkAccess, clip, type LeaderAccess, refuseDecide, refuseDocument } from './access.js';
import type { AskResult, LeadershipApi, ReportFile, ReportFormat } from './api.js';
import { type LeadershipContext, type LeadershipDeps, leadershipContext } from './context.js';
import { openDecide, saveDecision } from './decide.js';
import { missing, nudge } from './missing.js';
import { economy, goalDetail, goalList, prognosis } from './prognosis.js';
import { matchGoal, parseLeadershipQuestion } from './query.js';
import { filesInChat, helpReply, unknownButton, unknownCardPeriod, unknownPeriod } from './replies.js';
import { reportDocument } from './report-files.js';
import { routeAction, routeQuestion } from './routing.js';
import { mayDecide, mayDownloadReport } from './scope.js';
import { choiceCard, type GoalChoicePurpose } from './views.js';

export type { LeadershipDeps } from './context.js';

export class LeadershipService implements LeadershipApi {
  private readonly ctx: LeadershipContext;

  constructor(deps: LeadershipDeps) {
    this.ctx = leadershipContext(deps);
  }

  isLeadershipQuestion(text: string): boolean {
    return parseLeadershipQuestion(text) !== null;
  }

  async ask(caller: Caller, text: string): Promise<AskResult> {
    const { ctx } = this;
    const only = (reply: Reply): AskResult => ({
      replies: [reply],
      alsoShowOwnStatus: false,
      document: null,
    });
    const route = routeQuestion(text, ctx.config, ctx.now());
    if (route.kind === 'help') return only(this.help());
    const access = await checkAccess(ctx, caller, `ask:${route.ask}`);
    if (access.kind === 'refused') {
      return { replies: [access.reply], alsoShowOwnStatus: access.manager, document: null };
    }
    switch (route.kind) {
      case 'document':
        if (!mayDownloadReport(access.leader)) return only(await refuseDocument(ctx, access));
        return {
          replies: [],
          alsoShowOwnStatus: false,
          document: { rest: route.rest, formats: route.formats },
        };
      case 'unknown-period':
        return only(unknownPeriod(route.rest, ctx.config.periods, ctx.now()));
      case 'prognosis':
        return only(await prognosis(ctx, access, route.period, route.fallBack));
      case 'goal':
        if (route.purpose === 'decide' && !mayDecide(access.leader)) {
          return only(await refuseDecide(ctx, access, ''));
        }
        return only(await this.goalByWords(access, route.period, route.words, route.purpose, route.asked));
      case 'decide-list':
        if (!mayDecide(access.leader)) return only(await refuseDecide(ctx, access, ''));
        return only(goalList(ctx, access, route.period, 'decide', []));
      case 'economy':
        return only(await economy(ctx, access, route.period));
      case 'missing':
        return only(await missing(ctx, access, route.period));
    }
  }

  async act(
    caller: Caller,
    data: Readonly<Record<string, unknown>>,
    activityId: string | null,
  ): Promise<Reply[]> {
    const { ctx } = this;
    const route = routeAction(data, ctx.config.periods, ctx.now());
    if (route.kind === 'unknown-verb') return [unknownButton()];
    const access = await checkAccess(ctx, caller, route.verb, {
      goalId: clip(data.goalId),
      periodId: clip(data.periodId),
    });
    if (access.kind === 'refused') return [access.reply];
    const { period, goalId } = route;
    if (!period) return [unknownCardPeriod()];
    switch (route.verb) {
      case Verb.leadershipPrognosis:
        return [await prognosis(ctx, access, period)];
      case Verb.leadershipEconomy:
        return [await economy(ctx, access, period)];
      case Verb.leadershipMissing:
        return [await missing(ctx, access, period)];
      case Verb.leadershipNudge:
        return [await nudge(ctx, access, period)];
      case Verb.leadershipGoal:
        return [await goalDetail(ctx, access, period, goalId, [])];
      case Verb.leadershipDecide:
        return [await openDecide(ctx, access, period, goalId)];
      case Verb.leadershipDecideSave:
        return [await saveDecision(ctx, access, period, goalId, data, activityId)];
      default:
        // leadership.document: the bot delivers files through `document`, not a card.
        return [filesInChat(period)];
    }
  }

  document(caller: Caller, rest: string, format: ReportFormat): Promise<ReportFile | Reply> {
    return reportDocument(this.ctx, caller, rest, format);
  }

  help(notice?: string): Reply {
    return helpReply(notice);
  }

  /** A goal named by words: that goal, the goals the words fit, or every goal when none fits. */
  private async goalByWords(
    access: LeaderAccess,
    period: Period,
    words: string,
    purpose: GoalChoicePurpose,
    /** What the person wrote, shown back as written (with å, ä, ö). */
    asked: string,
  ): Promise<Reply> {
    const { ctx } = this;
    // Only the goals the person can see take part, so a match is never out of scope.
    const match = matchGoal({ ...ctx.config, goalList: access.scope.goals }, words);
    if (match.kind === 'one') {
      return purpose === 'decide'
        ? openDecide(ctx, access, period, match.goal.id)
        : goalDetail(ctx, access, period, match.goal.id, []);
    }
    if (match.kind === 'several') {
      return {
        card: 'leader-choice',
        model: choiceCard({
          config: ctx.config,
          periodId: period.id,
          goals: match.goals,
          purpose,
          title: 'Vilket nämndmål menar du?',
          text: `”${asked.slice(0, 80)}” passar ${match.goals.length} nämndmål. Välj ett:`,
          grouped: false,
        }),
      };
    }
    return goalList(ctx, access, period, purpose, [
      { tone: 'warning', text: `Jag hittade inget nämndmål som passar ”${asked.slice(0, 80)}”.` },
    ]);
  }
}
