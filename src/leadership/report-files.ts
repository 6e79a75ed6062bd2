/**
 * The report as files (Word, Excel) for leadership: what they are called, and the file itself,
 * built from storage for the person asking after checking that they may have it (the report holds
 * every unit's answers: whole-committee scope only, scope.ts). Handing the file over is the bot's.
 */

import type { Period } from '../calendar/periods.js';
import type { CommitteeConfig } from '../config/load-config.js';
import type { Caller, Reply } from '../followup/service.js';
import { renderReport } from '../reporting/render-report.js';
import { lowerFirst, normalise } from '../shared/text.js';
import { checkAccess, refuseDocument } from './access.js';
import type { ReportFile, ReportFormat } from './api.js';
import type { LeadershipContext } from './context.js';
import { matchPeriod } from './query.js';
import { emptyPeriod, unknownPeriod } from './replies.js';
import { mayDownloadReport } from './scope.js';

export const CONTENT_TYPES: Readonly<Record<ReportFormat, string>> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

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

/**
 * "rapport [period]" and the "Hämta rapport" button (its `periodId` as `rest`): the rendered
 * report, audited as `report.document`, or a reply when refused, or the period is unknown or empty.
 */
export async function reportDocument(
  ctx: LeadershipContext,
  caller: Caller,
  rest: string,
  format: ReportFormat,
): Promise<ReportFile | Reply> {
  const access = await checkAccess(ctx, caller, `document:${format}`);
  if (access.kind === 'refused') return access.reply;
  if (!mayDownloadReport(access.leader)) return refuseDocument(ctx, access);
  const match = matchPeriod(normalise(rest), ctx.config.periods, ctx.now());
  if (!match) return unknownPeriod(rest, ctx.config.periods, ctx.now());
  const { period } = match;
  const model = await ctx.report(period);
  const empty = emptyPeriod(model, period);
  if (empty) return empty;
  const bytes = await renderReport(model, format, ctx.timeZone, ctx.deps.reportTemplate);
  await ctx.audit(access.actor, 'report.document', 'ok', { periodId: period.id, format });
  return {
    fileName: reportFileName(ctx.config, period, format),
    contentType: CONTENT_TYPES[format],
    bytes,
    period,
    format,
  };
}
