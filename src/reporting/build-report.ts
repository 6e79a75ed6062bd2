/**
 * Reads what a report needs through the storage ports and hands it to `aggregate`: the period's
 * answers, those of the earlier periods of its year (latest values, trend charts, the August and
 * October prognoses) and of the previous period (trend, previous prognosis), the sent-in versions
 * of items changed after sending in, and the leadership's decisions.
 */

import { type Period, previousPeriod } from '../calendar/periods.js';
import type { CommitteeConfig } from '../config/load-config.js';
import { type AnswerPayload, type BokslutAnswer, COMMITTEE_UNIT_ID } from '../followup/answers.js';
import type { AnswerStore, ItemKey, StoredAnswer } from '../followup/ports.js';
import { lowerFirst } from '../shared/text.js';
import { aggregate } from './aggregate.js';
import { ledgerIn } from './economy-money.js';
import type { PreviousYear } from './economy-tables.js';
import type { DecisionStore } from './ports.js';
import type { ProposalRule, ReportModel } from './report-model.js';
import { type PeriodAnswers, versionsToFetch } from './select-answers.js';

export interface BuildReportDeps {
  readonly config: CommitteeConfig;
  readonly answers: Pick<AnswerStore, 'listPeriod' | 'history'>;
  readonly decisions: Pick<DecisionStore, 'listPeriod'>;
  readonly now: () => Date;
}

export interface BuildReportOptions {
  readonly includeDrafts?: boolean;
  readonly rule?: ProposalRule;
  /** Called after each read, for a progress bar: `done` of `total` steps. */
  readonly onProgress?: (done: number, total: number, what: string) => void;
}

/** The periods a report for `period` reads: its year up to it, and the previous period. */
export function periodsToRead(config: CommitteeConfig, period: Period): Period[] {
  const wanted = config.periods.filter((p) => p.year === period.year && p.id <= period.id);
  const prev = previousPeriod(config.periods, period.id);
  const add = (p: Period | undefined) => {
    if (p && !wanted.some((w) => w.id === p.id)) wanted.push(p);
  };
  add(prev ?? undefined);
  // Volumes and personnel compare with the same period a year ago; the indicator tables' history
  // columns use the Decembers of earlier years. Bounded by report.yaml, not by how much is stored.
  if (period.kind !== 'month')
    add(config.periods.find((p) => p.year === period.year - 1 && p.month === period.month));
  for (let y = period.year - config.report.historyYears; y < period.year; y++) {
    add(config.periods.find((p) => p.year === y && p.month === 12));
  }
  return wanted.sort((a, b) => a.id.localeCompare(b.id));
}

export async function readPeriodAnswers(
  deps: Pick<BuildReportDeps, 'config' | 'answers'>,
  period: Period,
): Promise<PeriodAnswers> {
  const committeeId = deps.config.goals.committee.id;
  const current = await deps.answers.listPeriod<AnswerPayload>(committeeId, period.id);
  const submittedVersions: StoredAnswer<AnswerPayload>[] = [];
  for (const wanted of versionsToFetch(deps.config, current, period)) {
    const history = await deps.answers.history<AnswerPayload>({
      committeeId,
      periodId: period.id,
      unitId: wanted.unitId,
      item: wanted.item as ItemKey,
    });
    const version = history.find((h) => h.revision === wanted.revision);
    if (version) submittedVersions.push(version);
  }
  return { period, current, submittedVersions };
}

export async function buildReport(
  deps: BuildReportDeps,
  period: Period,
  options: BuildReportOptions = {},
): Promise<ReportModel> {
  const periods = periodsToRead(deps.config, period);
  const total = periods.length + 1;
  const answers: PeriodAnswers[] = [];
  for (const [i, p] of periods.entries()) {
    answers.push(await readPeriodAnswers(deps, p));
    options.onProgress?.(i + 1, total, `Läste svaren för ${lowerFirst(p.label)}`);
  }
  const decisions = await deps.decisions.listPeriod(deps.config.goals.committee.id, period.id);
  const bokslut = await readBokslut(deps, period.year, answers);
  const previousYear = await readPreviousYear(deps, period.year, answers);
  options.onProgress?.(total, total, 'Läste ledningens beslut');
  return aggregate({
    config: deps.config,
    period,
    answers,
    decisions,
    generatedAt: deps.now().toISOString(),
    bokslut,
    previousYear,
    ...(options.includeDrafts !== undefined ? { includeDrafts: options.includeDrafts } : {}),
    ...(options.rule ? { rule: options.rule } : {}),
  });
}

/** The bokslut period of a year: its December, where the controller's bokslut is stored. */
export function bokslutPeriodId(year: number): string {
  return `${year}-12`;
}

/** December's answers of a year (read here unless already read). */
async function decemberAnswers(
  deps: Pick<BuildReportDeps, 'config' | 'answers'>,
  year: number,
  alreadyRead: readonly PeriodAnswers[],
): Promise<readonly StoredAnswer<AnswerPayload>[]> {
  const periodId = bokslutPeriodId(year);
  return (
    alreadyRead.find((a) => a.period.id === periodId)?.current ??
    (await deps.answers.listPeriod<AnswerPayload>(deps.config.goals.committee.id, periodId))
  );
}

/** The controller's bokslut of the year, from December's answers. */
export async function readBokslut(
  deps: Pick<BuildReportDeps, 'config' | 'answers'>,
  year: number,
  alreadyRead: readonly PeriodAnswers[] = [],
): Promise<BokslutAnswer | null> {
  return bokslutIn(await decemberAnswers(deps, year, alreadyRead), year);
}

function bokslutIn(current: readonly StoredAnswer<AnswerPayload>[], year: number): BokslutAnswer | null {
  const found = current.find((a) => a.unitId === COMMITTEE_UNIT_ID && a.item === 'bokslut');
  const payload = found?.payload as BokslutAnswer | undefined;
  return payload?.kind === 'bokslut' && payload.year === year ? payload : null;
}

/** The year before `year`: its bokslut and its December ledger figures, for "Bokslut föregående år". */
export async function readPreviousYear(
  deps: Pick<BuildReportDeps, 'config' | 'answers'>,
  year: number,
  alreadyRead: readonly PeriodAnswers[] = [],
): Promise<PreviousYear> {
  const december = await decemberAnswers(deps, year - 1, alreadyRead);
  return {
    bokslut: bokslutIn(december, year - 1),
    ledger: ledgerIn(december, deps.config.calendar.timeZone),
  };
}
