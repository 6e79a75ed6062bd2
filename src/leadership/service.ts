/**
 * Leadership asks the bot in plain Swedish and gets a card: the prognosis, one nämndmål, the
 * economy, who has not answered (and "Påminn dem nu"), the committee-level decision, the report
 * files. Knows nothing of Teams: the bot hands it who asked what and renders the replies.
 *
 * Every call checks the person again against organisation.yaml (card data is never trusted),
 * filters to their scope and decision rights (scope.ts), and audits refusals and decisions.
 * Figures come from the report model (src/reporting), so the cards, the Word and the Excel
 * file always agree, and a decision shows at once everywhere (the report reads decisions from
 * storage on every call).
 */

import { localDateTime } from '../calendar/local-time.js';
import { findPeriod, type Period } from '../calendar/periods.js';
import type { MessageCard, Notice } from '../cards/models.js';
import { leadershipVerbs, Verb } from '../cards/verbs.js';
import type { CommitteeConfig } from '../config/load-config.js';
import { type Identity, identify, type Leader } from '../followup/access.js';
import type { AnswerPayload } from '../followup/answers.js';
import type { Actor, AnswerStore, AuditEntry, AuditLog } from '../followup/ports.js';
import type { Caller, Reply } from '../followup/service.js';
import { unitStatuses } from '../reminders/recipients.js';
import { allGoals } from '../reporting/aggregate.js';
import { buildReport } from '../reporting/build-report.js';
import type { DecisionStore } from '../reporting/ports.js';
import type { GoalReport, ReportModel } from '../reporting/report-model.js';
import type { ReportTemplate } from '../reporting/report-template.js';
import { cardRevision } from '../shared/card-revision.js';
import type { Clock } from '../shared/clock.js';
import { count, formatSwedishNumber, swedishDateTime } from '../shared/swedish-format.js';
import { lowerFirst, normalise } from '../shared/text.js';
import { cleanUserText } from '../shared/user-text.js';
import type { NudgePort } from './nudge.js';
import { goalWords, matchGoal, matchPeriod, parseLeadershipQuestion } from './query.js';
import { type LeaderScope, mayDecide, mayDownloadReport, scopeOf } from './scope.js';
import {
  choiceCard,
  type DecideValues,
  decideCard,
  economyCard,
  type GoalChoicePurpose,
  goalCard,
  MOTIVATION_MAX,
  missingCard,
  prognosisCard,
} from './views.js';

export interface LeadershipDeps {
  readonly config: CommitteeConfig;
  readonly answers: Pick<AnswerStore, 'listPeriod' | 'history'>;
  readonly decisions: DecisionStore;
  readonly audit: AuditLog;
  readonly clock: Clock;
  /** "Påminn dem nu" (src/leadership/nudge.ts `createNudge`); without it the card says it is not available. */
  readonly nudge?: NudgePort;
  /** The Word template (REPORT_TEMPLATE), loaded and checked at start. */
  readonly reportTemplate: ReportTemplate;
}

export type ReportFormat = 'docx' | 'xlsx';

/** A report file for the bot to deliver (file consent card or signed link). */
export interface ReportFile {
  /** ASCII: `Delarsrapport-AN-2024-08.docx` */
  readonly fileName: string;
  readonly contentType: string;
  readonly bytes: Buffer;
  readonly period: Period;
  readonly format: ReportFormat;
}

export interface AskResult {
  readonly replies: Reply[];
  /** A manager without a leadership role asked: the bot shows their own unit's status after the refusal. */
  readonly alsoShowOwnStatus: boolean;
  /**
   * "rapport [period]" from someone who may have the files: the bot calls
   * `document(caller, rest, format)` for each format and delivers them. Null otherwise.
   */
  readonly document: { readonly rest: string; readonly formats: readonly ReportFormat[] } | null;
}

export const CONTENT_TYPES: Readonly<Record<ReportFormat, string>> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** What leadership can type, for the help card. */
export const LEADERSHIP_COMMANDS: readonly { readonly command: string; readonly description: string }[] = [
  {
    command: 'prognos',
    description: 'Läget för nämndmålen, ekonomin och svaren (även ”hur går det?”, ”läget”).',
  },
  {
    command: 'prognos egenförsörjning',
    description: 'Ett nämndmål i detalj: enheternas prognoser och indikatorerna.',
  },
  {
    command: 'prognos juni',
    description: 'En tidigare period, t.ex. ”prognos 2024-06” eller ”prognos delår 1”.',
  },
  { command: 'ekonomi', description: 'Helårsprognos, budget och avvikelse per verksamhet.' },
  {
    command: 'vilka har inte svarat?',
    description: 'Enheter som inte har skickat in, och knappen ”Påminn dem nu”.',
  },
  { command: 'bedöm digitalisering', description: 'Sätt nämndens bedömning av ett nämndmål med motivering.' },
  { command: 'rapport', description: 'Delårsrapporten som Word och Excel (även ”rapport juni”).' },
  {
    command: 'nämndens värden',
    description:
      'Controller: nämndövergripande indikatorer för perioden (för controllern även ”rapportera”).',
  },
  { command: 'bokslut 2024', description: 'Controller: årets bokslut per rad i driftsammandraget.' },
];

/**
 * The renderers (docx, exceljs, ECharts and resvg: tens of MB of module code) are loaded on the
 * first report asked for, not at start: most processes never render one.
 */
async function renderReport(
  model: ReportModel,
  template: ReportTemplate,
  timeZone: string,
  format: ReportFormat,
): Promise<Buffer> {
  if (format === 'docx') {
    const { renderDocx } = await import('../reporting/render-docx.js');
    return renderDocx(model, template, timeZone);
  }
  const { renderXlsx } = await import('../reporting/render-xlsx.js');
  return renderXlsx(model, timeZone);
}

export function isReportFile(value: ReportFile | Reply): value is ReportFile {
  return 'bytes' in value;
}

/** Which files "rapport …" asks for: "rapport excel" → xlsx only; no format named → both. */
export function documentFormats(text: string): ReportFormat[] {
  const n = normalise(text);
  const word = /\b(word|docx)\b/.test(n);
  const excel = /\b(excel|xlsx)\b/.test(n);
  if (word && !excel) return ['docx'];
  if (excel && !word) return ['xlsx'];
  return ['docx', 'xlsx'];
}

/** What a period's report is called: in file names (ASCII) and in Swedish text. */
function reportKind(period: Period): { readonly file: string; readonly title: string } {
  if (period.kind === 'interim1' || period.kind === 'interim2')
    return { file: 'Delarsrapport', title: 'Delårsrapporten' };
  if (period.kind === 'annual') return { file: 'Helarsrapport', title: 'Helårsrapporten' };
  return { file: 'Manadsuppfoljning', title: 'Månadsuppföljningen' };
}

/** "Delårsrapporten för augusti 2024 – delår 2", as a sentence starts. */
export function reportTitle(period: Period): string {
  return `${reportKind(period).title} för ${lowerFirst(period.label)}`;
}

/** `Delarsrapport-AN-2024-08.docx`: ASCII only, so every client and file system keeps it. */
export function reportFileName(config: CommitteeConfig, period: Period, format: ReportFormat): string {
  const kind = reportKind(period).file;
  const committee =
    config.goals.committee.shortName
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'Namnd';
  return `${kind}-${committee}-${period.id}.${format}`;
}

function message(
  title: string,
  text: string,
  tone: Notice['tone'] = 'default',
  facts: MessageCard['facts'] = [],
  actions: MessageCard['actions'] = [],
): Reply {
  return { card: 'message', model: { title, text, tone, facts, actions } };
}

type Access =
  | {
      readonly kind: 'leader';
      readonly identity: Identity;
      readonly leader: Leader;
      readonly scope: LeaderScope;
      readonly actor: Actor;
    }
  | { readonly kind: 'refused'; readonly reply: Reply; readonly manager: boolean };

type LeaderAccess = Extract<Access, { kind: 'leader' }>;

const clip = (value: unknown): string => (typeof value === 'string' ? value.slice(0, 100) : '');

export class LeadershipService {
  constructor(private readonly deps: LeadershipDeps) {}

  private get config(): CommitteeConfig {
    return this.deps.config;
  }

  private get committeeId(): string {
    return this.config.goals.committee.id;
  }

  private get timeZone(): string {
    return this.config.calendar.timeZone;
  }

  private contactText(): string {
    const c = this.config.organisation.contact;
    return `${c.name} (${c.email})`;
  }

  /** True when the text is one of leadership's questions (whoever asks: `ask` checks the person). */
  isLeadershipQuestion(text: string): boolean {
    return parseLeadershipQuestion(text) !== null;
  }

  /** A question typed in the chat. */
  async ask(caller: Caller, text: string): Promise<AskResult> {
    const only = (reply: Reply): AskResult => ({
      replies: [reply],
      alsoShowOwnStatus: false,
      document: null,
    });
    const question = parseLeadershipQuestion(text, this.config);
    if (!question) return only(this.help());
    const access = await this.access(caller, `ask:${question.ask}`);
    if (access.kind === 'refused') {
      return { replies: [access.reply], alsoShowOwnStatus: access.manager, document: null };
    }
    if (question.ask === 'document') {
      if (!mayDownloadReport(access.leader)) return only(await this.refuseDocument(access));
      return {
        replies: [],
        alsoShowOwnStatus: false,
        document: { rest: question.rest, formats: documentFormats(text) },
      };
    }
    const match = matchPeriod(question.rest, this.config.periods, this.deps.clock.now());
    if (!match) return only(this.unknownPeriod(question.rest));
    const { period } = match;
    const words = goalWords(match.rest);
    switch (question.ask) {
      case 'prognosis':
        return only(
          words
            ? await this.goalByWords(access, period, words, 'detail', question.asked)
            : await this.prognosis(access, period, [], !match.named),
        );
      case 'economy':
        return only(await this.economy(access, period));
      case 'missing':
        return only(await this.missing(access, period, []));
      case 'decide':
        if (!mayDecide(access.leader)) return only(await this.refuseDecide(access, ''));
        return only(
          words
            ? await this.goalByWords(access, period, words, 'decide', question.asked)
            : this.goalList(access, period, 'decide', []),
        );
    }
  }

  /**
   * A leadership card action. `data` is the action's data merged with the card's inputs, exactly
   * as the client sent it: nothing in it is trusted. Always one reply (the card that replaces the
   * pressed one); an array so the bot handles it like `ask`.
   */
  async act(
    caller: Caller,
    data: Readonly<Record<string, unknown>>,
    activityId: string | null,
  ): Promise<Reply[]> {
    const verb = typeof data.verb === 'string' ? data.verb : '';
    if (!leadershipVerbs.has(verb)) {
      return [
        message(
          'Okänd knapp',
          'Kortet skickade en åtgärd som boten inte känner igen. Skriv ”prognos” för att börja om.',
          'warning',
        ),
      ];
    }
    const access = await this.access(caller, verb, {
      goalId: clip(data.goalId),
      periodId: clip(data.periodId),
    });
    if (access.kind === 'refused') return [access.reply];
    const period = this.periodFromCard(data.periodId);
    if (!period) {
      return [
        message(
          'Perioden finns inte',
          'Kortet gäller en uppföljningsperiod som inte finns eller inte har öppnat. Skriv ”prognos” för att se den aktuella perioden.',
          'warning',
        ),
      ];
    }
    const goalId = typeof data.goalId === 'string' ? data.goalId : '';
    switch (verb) {
      case Verb.leadershipPrognosis:
        return [await this.prognosis(access, period)];
      case Verb.leadershipEconomy:
        return [await this.economy(access, period)];
      case Verb.leadershipMissing:
        return [await this.missing(access, period, [])];
      case Verb.leadershipNudge:
        return [await this.nudge(access, period)];
      case Verb.leadershipGoal:
        return [await this.goalDetail(access, period, goalId, [])];
      case Verb.leadershipDecide:
        return [await this.openDecide(access, period, goalId)];
      case Verb.leadershipDecideSave:
        return [await this.saveDecision(access, period, goalId, data, activityId)];
      default:
        // leadership.document: the bot delivers files through `document`, not a card.
        return [
          message(
            `Rapporten för ${lowerFirst(period.label)}`,
            'Rapportfilerna skickas i chatten. Skriv ”rapport” om de inte kommer.',
          ),
        ];
    }
  }

  /**
   * "rapport [period]" and the "Hämta rapport" button (pass its `periodId` as `rest`): the report
   * built from storage and rendered, or a reply when refused, or the period is unknown or empty.
   */
  async document(caller: Caller, rest: string, format: ReportFormat): Promise<ReportFile | Reply> {
    const access = await this.access(caller, `document:${format}`);
    if (access.kind === 'refused') return access.reply;
    if (!mayDownloadReport(access.leader)) return this.refuseDocument(access);
    const match = matchPeriod(normalise(rest), this.config.periods, this.deps.clock.now());
    if (!match) return this.unknownPeriod(rest);
    const { period } = match;
    const model = await this.report(period);
    const empty = this.emptyPeriod(model, period);
    if (empty) return empty;
    const bytes = await renderReport(model, this.deps.reportTemplate, this.timeZone, format);
    await this.audit(access.actor, 'report.document', 'ok', { periodId: period.id, format });
    return {
      fileName: reportFileName(this.config, period, format),
      contentType: CONTENT_TYPES[format],
      bytes,
      period,
      format,
    };
  }

  /** The leadership commands as a message card (for a question the parser does not know). */
  help(notice?: string): Reply {
    return message(
      'Det här kan du fråga',
      `${notice ? `${notice} ` : ''}Skriv en fråga i chatten, till exempel:`,
      'default',
      LEADERSHIP_COMMANDS.map((c) => ({ title: c.command, value: c.description })),
    );
  }

  // ── access ─────────────────────────────────────────────────────────────────────────────────────

  private async access(caller: Caller, what: string, details: Record<string, string> = {}): Promise<Access> {
    const identity = identify(this.config, caller.aadObjectId, caller.teamsName);
    const actor: Actor = { aadObjectId: identity.aadObjectId, name: identity.name };
    if (identity.leader) {
      return {
        kind: 'leader',
        identity,
        leader: identity.leader,
        scope: scopeOf(this.config, identity.leader),
        actor,
      };
    }
    const manager = identity.units.length > 0;
    await this.audit(actor, 'leadership.refused', 'refused', {
      reason: manager ? 'manager-without-leadership-role' : 'not-registered',
      what: clip(what),
      ...details,
    });
    return {
      kind: 'refused',
      manager,
      reply: manager
        ? message(
            'Prognosen är till för ledningen',
            `Prognos, ekonomi och svarsläget för nämnden visas för förvaltningsledningen och controllers. Här är i stället läget för din egen enhet. Kontakta ${this.contactText()} om du behöver se mer.`,
          )
        : message(
            'Du har inte tillgång till prognosen',
            `Prognosen och uppföljningen visas bara för ledning och controllers som är registrerade i boten. Kontakta ${this.contactText()} om du ska ha tillgång.`,
            'warning',
          ),
    };
  }

  private async audit(
    actor: Actor,
    action: string,
    outcome: AuditEntry['outcome'],
    details: AuditEntry['details'],
  ): Promise<void> {
    await this.deps.audit.append({
      committeeId: this.committeeId,
      at: this.deps.clock.now().toISOString(),
      actor,
      action,
      outcome,
      details,
    });
  }

  private async refuseDecide(access: LeaderAccess, goalId: string): Promise<Reply> {
    await this.audit(access.actor, 'decision.refused', 'refused', {
      reason: 'no-decision-rights',
      goalId: clip(goalId),
    });
    return message(
      'Du kan inte bedöma nämndmålen',
      'Nämndens samlade bedömning sätts av ledningen med ansvar för hela nämnden. Du kan se förslaget och enheternas prognoser. Inget sparades.',
      'attention',
    );
  }

  private async refuseDocument(access: LeaderAccess): Promise<Reply> {
    await this.audit(access.actor, 'report.refused', 'refused', { reason: 'scope' });
    return message(
      'Rapporten omfattar hela nämnden',
      `Rapporten innehåller alla enheters svar och kan bara hämtas av ledningen för hela nämnden. Skriv ”prognos” för läget inom ${access.scope.label}.`,
      'warning',
    );
  }

  private async refuseGoal(access: LeaderAccess, goalId: string, verb: string): Promise<Reply> {
    await this.audit(access.actor, 'leadership.refused', 'refused', {
      reason: 'goal-out-of-scope',
      goalId: clip(goalId),
      what: verb,
    });
    return message(
      'Nämndmålet ligger utanför ditt ansvarsområde',
      `Du ser nämndmålen som enheterna inom ${access.scope.label} följer upp. Skriv ”prognos” för dem.`,
      'warning',
    );
  }

  // ── periods ────────────────────────────────────────────────────────────────────────────────────

  /** A period from card data: it must exist and have opened. */
  private periodFromCard(value: unknown): Period | null {
    if (typeof value !== 'string') return null;
    const period = findPeriod(this.config.periods, value);
    if (!period || period.opensAt > this.deps.clock.now().toISOString()) return null;
    return period;
  }

  private unknownPeriod(rest: string): Reply {
    const now = this.deps.clock.now().toISOString();
    const recent = this.config.periods
      .filter((p) => p.opensAt <= now)
      .slice(-6)
      .reverse()
      // A list read as one line: the month names after the first in lower case.
      .map((p, i) => (i === 0 ? p.label : lowerFirst(p.label)));
    const named = rest.trim() ? ` som passar ”${rest.trim().slice(0, 60)}”` : '';
    return message(
      'Perioden finns inte',
      `Jag hittar ingen uppföljningsperiod${named}. Skriv till exempel ”prognos juni”, ”prognos 2024-06” eller ”prognos delår 1”.`,
      'warning',
      recent.length > 0 ? [{ title: 'Senaste perioderna', value: recent.join(', ') }] : [],
    );
  }

  /** No unit has sent in anything for the period: a message instead of an empty card. */
  private emptyPeriod(model: ReportModel, period: Period): Reply | null {
    if (model.basis.unitsIncluded > 0) return null;
    const drafts = model.completeness.filter((c) => c.state !== 'none').length;
    return message(
      `Inga svar för ${lowerFirst(period.label)}`,
      `Ingen enhet har skickat in uppföljningen för ${period.label.toLocaleLowerCase('sv-SE')}` +
        (drafts > 0 ? ` (${drafts} har påbörjat utkast).` : '.') +
        ' Fråga om en annan period, t.ex. ”prognos juni”, eller se vilka som saknas.',
      'warning',
      [],
      [{ title: 'Vilka saknas', data: { verb: Verb.leadershipMissing, periodId: period.id } }],
    );
  }

  private report(period: Period): Promise<ReportModel> {
    return buildReport(
      {
        config: this.config,
        answers: this.deps.answers,
        decisions: this.deps.decisions,
        now: () => this.deps.clock.now(),
      },
      period,
    );
  }

  // ── the cards ──────────────────────────────────────────────────────────────────────────────────

  /**
   * The prognosis card. When no period was named and nobody has sent in for the open one yet
   * (early in the window), the latest period that has answers is shown instead, saying so.
   */
  private async prognosis(
    access: LeaderAccess,
    period: Period,
    notices: Notice[] = [],
    fallBack = false,
  ): Promise<Reply> {
    let model = await this.report(period);
    if (model.basis.unitsIncluded === 0 && fallBack) {
      // A few periods back at most: each is a report read, and Teams waits about 15 s for a turn.
      const earlier = this.config.periods
        .filter((p) => p.id < period.id)
        .slice(-3)
        .reverse();
      for (const candidate of earlier) {
        const older = await this.report(candidate);
        if (older.basis.unitsIncluded === 0) continue;
        model = older;
        notices = [
          ...notices,
          {
            tone: 'default',
            text: `Ingen enhet har skickat in för ${period.label.toLocaleLowerCase('sv-SE')} ännu. Här är ${candidate.label.toLocaleLowerCase('sv-SE')}, den senaste perioden med svar.`,
          },
        ];
        break;
      }
    }
    const empty = this.emptyPeriod(model, period);
    if (empty) return empty;
    return {
      card: 'leader-prognosis',
      model: prognosisCard({
        config: this.config,
        model,
        scope: access.scope,
        notices,
        mayDownload: mayDownloadReport(access.leader),
      }),
    };
  }

  private async economy(access: LeaderAccess, period: Period): Promise<Reply> {
    const model = await this.report(period);
    const empty = this.emptyPeriod(model, period);
    if (empty) return empty;
    return {
      card: 'leader-economy',
      model: economyCard({ config: this.config, model, scope: access.scope }),
    };
  }

  private goalList(
    access: LeaderAccess,
    period: Period,
    purpose: GoalChoicePurpose,
    notices: Notice[],
  ): Reply {
    return {
      card: 'leader-choice',
      model: choiceCard({
        config: this.config,
        periodId: period.id,
        goals: access.scope.goals,
        purpose,
        title: purpose === 'decide' ? 'Vilket nämndmål vill du bedöma?' : 'Nämndmålen',
        text: `${period.label}. Välj ett nämndmål:`,
        grouped: true,
        notices,
      }),
    };
  }

  private async goalByWords(
    access: LeaderAccess,
    period: Period,
    words: string,
    purpose: GoalChoicePurpose,
    /** What the person wrote, shown back as written (with å, ä, ö). */
    asked: string,
  ): Promise<Reply> {
    // Only the goals the person can see take part, so a match is never out of scope.
    const match = matchGoal({ ...this.config, goalList: access.scope.goals }, words);
    if (match.kind === 'one') {
      return purpose === 'decide'
        ? this.openDecide(access, period, match.goal.id)
        : this.goalDetail(access, period, match.goal.id, []);
    }
    if (match.kind === 'several') {
      return {
        card: 'leader-choice',
        model: choiceCard({
          config: this.config,
          periodId: period.id,
          goals: match.goals,
          purpose,
          title: 'Vilket nämndmål menar du?',
          text: `”${asked.slice(0, 80)}” passar ${match.goals.length} nämndmål. Välj ett:`,
          grouped: false,
        }),
      };
    }
    return this.goalList(access, period, purpose, [
      { tone: 'warning', text: `Jag hittade inget nämndmål som passar ”${asked.slice(0, 80)}”.` },
    ]);
  }

  /** The goal in the report, or a reply when it is unknown or outside the person's scope. */
  private async goalIn(
    access: LeaderAccess,
    period: Period,
    goalId: string,
    verb: string,
  ): Promise<{ model: ReportModel; goal: GoalReport } | Reply> {
    if (!this.config.goalsById.has(goalId)) {
      return this.goalList(access, period, 'detail', [
        { tone: 'warning', text: 'Kortet gällde ett nämndmål som inte finns. Välj ett nedan.' },
      ]);
    }
    if (!access.scope.goalIds.has(goalId)) return this.refuseGoal(access, goalId, verb);
    const model = await this.report(period);
    const goal = allGoals(model).find((g) => g.id === goalId);
    if (!goal)
      return message('Nämndmålet finns inte', 'Nämndmålet saknas i rapporten för perioden.', 'warning');
    return { model, goal };
  }

  /** `afterDecision`: shown even for a period without answers, so the saved notice is not lost. */
  private async goalDetail(
    access: LeaderAccess,
    period: Period,
    goalId: string,
    notices: Notice[],
    afterDecision = false,
  ): Promise<Reply> {
    const found = await this.goalIn(access, period, goalId, Verb.leadershipGoal);
    if ('card' in found) return found;
    const empty = afterDecision ? null : this.emptyPeriod(found.model, period);
    if (empty) return empty;
    return {
      card: 'leader-goal',
      model: goalCard({
        config: this.config,
        model: found.model,
        scope: access.scope,
        goal: found.goal,
        mayDecide: mayDecide(access.leader),
        notices,
      }),
    };
  }

  private async openDecide(access: LeaderAccess, period: Period, goalId: string): Promise<Reply> {
    if (!mayDecide(access.leader)) return this.refuseDecide(access, goalId);
    const found = await this.goalIn(access, period, goalId, Verb.leadershipDecide);
    if ('card' in found) return found;
    return {
      card: 'leader-decide',
      model: decideCard({
        config: this.config,
        model: found.model,
        scope: access.scope,
        goal: found.goal,
        rev: found.goal.decision?.revision ?? 0,
      }),
    };
  }

  private async saveDecision(
    access: LeaderAccess,
    period: Period,
    goalId: string,
    data: Readonly<Record<string, unknown>>,
    activityId: string | null,
  ): Promise<Reply> {
    if (!mayDecide(access.leader)) return this.refuseDecide(access, goalId);
    const found = await this.goalIn(access, period, goalId, Verb.leadershipDecideSave);
    if ('card' in found) return found;
    const { goal } = found;
    const values: DecideValues = {
      statusId: typeof data.decisionStatus === 'string' ? data.decisionStatus : '',
      motivation: typeof data.motivation === 'string' ? data.motivation : '',
    };
    const again = (rev: number, model: ReportModel, g: GoalReport, notices: Notice[]): Reply => ({
      card: 'leader-decide',
      model: decideCard({ config: this.config, model, scope: access.scope, goal: g, values, rev, notices }),
    });
    const rev = cardRevision(data);
    if (rev === null) {
      return again(goal.decision?.revision ?? 0, found.model, goal, [
        {
          tone: 'attention',
          text: 'Kortet saknar versionsuppgift, så inget sparades. Kontrollera och spara igen.',
        },
      ]);
    }
    const level = this.config.goals.statusScale.find((s) => s.id === values.statusId);
    const motivation = cleanUserText(values.motivation);
    const errors: string[] = [];
    if (!level) errors.push('Välj nämndens bedömning.');
    if (motivation === '') errors.push('Skriv en motivering: vad bedömningen baseras på.');
    if (motivation.length > MOTIVATION_MAX) {
      errors.push(
        `Motiveringen är ${formatSwedishNumber(motivation.length)} tecken lång, men högst ${formatSwedishNumber(MOTIVATION_MAX)} får plats. Korta den med minst ${formatSwedishNumber(motivation.length - MOTIVATION_MAX)} tecken.`,
      );
    }
    if (!level || errors.length > 0) {
      return again(rev, found.model, goal, [
        { tone: 'attention', text: 'Inget sparades. Rätta följande och spara igen:' },
        ...errors.map((e) => ({ tone: 'attention' as const, text: `• ${e}` })),
      ]);
    }
    const decidedAt = this.deps.clock.now().toISOString();
    const result = await this.deps.decisions.decide({
      committeeId: this.committeeId,
      periodId: period.id,
      goalId,
      statusId: level.id,
      motivation,
      // The proposal of this moment is kept beside the decision.
      proposedStatusId: goal.proposal.status.id,
      decidedBy: access.actor,
      decidedAt,
      expectedRevision: rev,
      activityId,
    });
    if (result.kind === 'conflict') {
      await this.audit(access.actor, 'decision.conflict', 'refused', {
        periodId: period.id,
        goalId,
        expectedRevision: rev,
        currentRevision: result.current?.revision ?? null,
      });
      const fresh = await this.goalIn(access, period, goalId, Verb.leadershipDecideSave);
      if ('card' in fresh) return fresh;
      const current = result.current;
      const who = current
        ? `${current.decidedBy.name} bedömde målet som ${this.config.goals.statusScale.find((s) => s.id === current.statusId)?.label.toLocaleLowerCase('sv-SE') ?? current.statusId} ${swedishDateTime(current.decidedAt, this.timeZone)}`
        : 'Beslutet ändrades';
      return again(fresh.goal.decision?.revision ?? 0, fresh.model, fresh.goal, [
        {
          tone: 'attention',
          text: `${who} medan du hade kortet öppet, så din bedömning sparades inte. Det du skrev finns kvar nedan: tryck Spara bedömning igen för att ersätta beslutet.`,
        },
      ]);
    }
    await this.audit(access.actor, 'decision.set', 'ok', {
      periodId: period.id,
      goalId,
      statusId: level.id,
      proposedStatusId: goal.proposal.status.id,
      revision: result.decision.revision,
      via: 'teams',
    });
    return this.goalDetail(
      access,
      period,
      goalId,
      [
        {
          tone: 'good',
          text: `Bedömningen är sparad: ${level.label}. Den syns nu i prognosen och i rapporten.`,
        },
      ],
      true,
    );
  }

  // ── missing and nudge ──────────────────────────────────────────────────────────────────────────

  private async statuses(period: Period) {
    const answers = await this.deps.answers.listPeriod<AnswerPayload>(this.committeeId, period.id);
    return unitStatuses(this.config, period, answers);
  }

  private today(): string {
    return localDateTime(this.deps.clock.now(), this.timeZone).date;
  }

  private locked(period: Period): boolean {
    return this.deps.clock.now().toISOString() > period.locksAt;
  }

  private async missing(access: LeaderAccess, period: Period, notices: Notice[]): Promise<Reply> {
    return {
      card: 'leader-missing',
      model: missingCard({
        config: this.config,
        period,
        statuses: await this.statuses(period),
        scope: access.scope,
        today: this.today(),
        canNudge: this.deps.nudge !== undefined && !this.locked(period),
        notices,
      }),
    };
  }

  private async nudge(access: LeaderAccess, period: Period): Promise<Reply> {
    const statuses = await this.statuses(period);
    // The units are chosen here again, never taken from the card.
    const unitIds = statuses
      .filter((s) => access.scope.unitIds.has(s.unit.id) && s.progress !== 'submitted')
      .map((s) => s.unit.id);
    const notices: Notice[] = [];
    if (!this.deps.nudge) {
      notices.push({
        tone: 'warning',
        text: `Påminnelser kan inte skickas från boten just nu (funktionen är inte påslagen). Kontakta ${this.contactText()}.`,
      });
    } else if (this.locked(period)) {
      notices.push({ tone: 'warning', text: 'Perioden är låst, så inga påminnelser skickas.' });
    } else if (unitIds.length > 0) {
      const result = await this.deps.nudge({ periodId: period.id, unitIds, requestedBy: access.actor });
      await this.audit(access.actor, 'reminder.nudge', 'ok', {
        periodId: period.id,
        units: unitIds.length,
        sent: result.sent,
        skipped: result.skipped,
        snoozed: result.snoozed,
        unreachable: result.unreachable,
        failed: result.failed,
      });
      const people = (n: number) => count(n, 'person', 'personer');
      if (result.sent > 0)
        notices.push({ tone: 'good', text: `Påminnelse skickad till ${people(result.sent)}.` });
      if (result.skipped > 0) {
        notices.push({
          tone: 'default',
          text: `${people(result.skipped)} har redan fått en påminnelse i dag och påmindes inte igen.`,
        });
      }
      if (result.snoozed > 0) {
        notices.push({
          tone: 'default',
          text: `${people(result.snoozed)} har bett att bli ${result.snoozed === 1 ? 'påmind' : 'påminda'} nästa arbetsdag och påmindes inte nu.`,
        });
      }
      if (result.unreachable > 0) {
        notices.push({
          tone: 'warning',
          text: `${people(result.unreachable)} nås inte i Teams (har inte installerat boten eller har blockerat den).`,
        });
      }
      if (result.failed > 0) {
        notices.push({
          tone: 'warning',
          text: `${people(result.failed)} kunde inte nås just nu; försök igen om en stund.`,
        });
      }
      if (result.sent + result.skipped + result.snoozed + result.unreachable + result.failed === 0) {
        notices.push({
          tone: 'warning',
          text: 'Ingen kunde påminnas: cheferna och ersättarna är pausade eller frånvarande.',
        });
      }
    }
    return {
      card: 'leader-missing',
      model: missingCard({
        config: this.config,
        period,
        statuses,
        scope: access.scope,
        today: this.today(),
        canNudge: this.deps.nudge !== undefined && !this.locked(period),
        notices,
      }),
    };
  }
}
