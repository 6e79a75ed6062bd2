/**
 * What every leadership use case needs: the configuration, the clock, the report model of a
 * period, and the one way leadership writes to the audit log.
 */

import { localDateTime } from '../calendar/local-time.js';
import type { Period } from '../calendar/periods.js';
import type { CommitteeConfig } from '../config/load-config.js';
import type { Actor, AnswerStore, AuditEntry, AuditLog } from '../followup/ports.js';
import { buildReport } from '../reporting/build-report.js';
import type { DecisionStore } from '../reporting/ports.js';
import type { ReportModel } from '../reporting/report-model.js';
import type { ReportTemplate } from '../reporting/report-template.js';
import type { Clock } from '../shared/clock.js';
import type { NudgePort } from './nudge.js';

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

export interface LeadershipContext {
  readonly deps: LeadershipDeps;
  readonly config: CommitteeConfig;
  readonly committeeId: string;
  readonly timeZone: string;
  now(): Date;
  /** Today's ISO date in the calendar's time zone. */
  today(): string;
  /** Past the period's lock: answers no longer change, nobody is reminded. */
  locked(period: Period): boolean;
  /** "Namn (e-post)": whom to ask, in refusals. */
  contactText(): string;
  /** The period's report model, decisions included, read from storage on every call. */
  report(period: Period): Promise<ReportModel>;
  audit(
    actor: Actor,
    action: string,
    outcome: AuditEntry['outcome'],
    details: AuditEntry['details'],
  ): Promise<void>;
}

export function leadershipContext(deps: LeadershipDeps): LeadershipContext {
  const { config, clock } = deps;
  const committeeId = config.goals.committee.id;
  const timeZone = config.calendar.timeZone;
  return {
    deps,
    config,
    committeeId,
    timeZone,
    now: () => clock.now(),
    today: () => localDateTime(clock.now(), timeZone).date,
    locked: (period) => clock.now().toISOString() > period.locksAt,
    contactText: () => {
      const c = config.organisation.contact;
      return `${c.name} (${c.email})`;
    },
    report: (period) =>
      buildReport(
        { config, answers: deps.answers, decisions: deps.decisions, now: () => clock.now() },
        period,
      ),
    audit: async (actor, action, outcome, details) => {
      await deps.audit.append({
        committeeId,
        at: clock.now().toISOString(),
        actor,
        action,
        outcome,
        details,
      });
    },
  };
}
