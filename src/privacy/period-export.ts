/**
 * Everything stored for one period, as files for utlämnande of allmänna handlingar and for
 * e-arkiv: every version of every answer and decision (who and when), the reminder log, and the
 * audit rows about the period with their chain hashes. Each table is a CSV file (Swedish Excel
 * reads it) and the same data is in `utdrag.json`; `innehall.json` lists the files with their
 * columns, row counts and SHA-256 checksums. Column names are ASCII so any archive tool reads
 * them; their Swedish descriptions are in `innehall.json` and src/privacy/README.md.
 */
import { createHash } from 'node:crypto';
import type { ChainedRow } from '../audit/chain.js';
import type { AuditChainStore } from '../audit/ports.js';
import type { Period } from '../calendar/periods.js';
import type { CommitteeConfig } from '../config/load-config.js';
import { peopleOf } from '../config/people.js';
import { COMMITTEE_UNIT_ID } from '../followup/answers.js';
import type { AnswerStore, StoredAnswer } from '../followup/ports.js';
import type { ReminderEntry, ReminderLog } from '../reminders/ports.js';
import type { Decision, DecisionStore } from '../reporting/ports.js';
import { toCsv } from '../shared/csv.js';
import type { PeriodRecordStore } from './ports.js';

interface Column {
  readonly name: string;
  readonly description: string;
}

const col = (name: string, description: string): Column => ({ name, description });

export const PERIOD_FILES = {
  'svar.csv': [
    col('namnd', 'nämndens id'),
    col('period', 'uppföljningsperioden, ÅÅÅÅ-MM'),
    col('enhet_id', 'enhetens id i organisation.yaml (_namnd: nämndens egna värden)'),
    col('enhet', 'enhetens namn'),
    col(
      'post',
      'vad som besvarades: goal:<nämndmål>, economy, assignments, submission (inskickning), committee, bokslut',
    ),
    col('version', 'versionsnummer, 1 och uppåt; varje sparning är en ny version'),
    col('aktuell', 'ja för den version som gäller nu, annars nej'),
    col('status', 'draft (utkast) eller complete (alla obligatoriska fält ifyllda)'),
    col('sparad_av_id', 'Entra-objekt-id för den som sparade (anonym-… efter radering av personen)'),
    col('sparad_av', 'namnet på den som sparade'),
    col('sparad', 'när versionen sparades (UTC, ISO 8601)'),
    col('innehall_json', 'svarets innehåll som JSON: utfall, prognoser, status och fritexter'),
  ],
  'beslut.csv': [
    col('namnd', 'nämndens id'),
    col('period', 'uppföljningsperioden, ÅÅÅÅ-MM'),
    col('namndmal_id', 'nämndmålets id i goals.yaml'),
    col('namndmal', 'nämndmålets namn'),
    col('version', 'versionsnummer, 1 och uppåt'),
    col('aktuell', 'ja för det beslut som gäller nu, annars nej'),
    col('status_id', 'beslutad status (id på statusskalan)'),
    col('status', 'beslutad status i klartext'),
    col('foreslagen_status_id', 'den status programmet föreslog när beslutet fattades'),
    col('motivering', 'ledningens motivering'),
    col('beslutad_av_id', 'Entra-objekt-id för den som beslutade (cli:<namn> från kommandot)'),
    col('beslutad_av', 'namnet på den som beslutade'),
    col('beslutad', 'när beslutet sparades (UTC, ISO 8601)'),
  ],
  'paminnelser.csv': [
    col('namnd', 'nämndens id'),
    col('period', 'uppföljningsperioden, ÅÅÅÅ-MM'),
    col('typ', 'vilken påminnelse (t.ex. open, before-2, deadline, escalation, nudge-…)'),
    col('mottagare_id', 'mottagarens Entra-objekt-id'),
    col('mottagare', 'mottagarens namn enligt organisation.yaml, om personen finns kvar där'),
    col('status', 'claimed (på väg), sent (skickad) eller unreachable (gick inte att nå)'),
    col('uppdaterad', 'senaste ändring (UTC, ISO 8601)'),
    col('detalj', 'varför en påminnelse inte gick fram, annars tom'),
  ],
  'granskningslogg.csv': [
    col('lopnummer', 'radens nummer i granskningsloggens kedja'),
    col('tid', 'när det hände (UTC, ISO 8601)'),
    col('utford_av_id', 'Entra-objekt-id för den som gjorde det (tom för anrop utan känd person)'),
    col('utford_av', 'namnet på den som gjorde det'),
    col('atgard', 'vad som hände, t.ex. answer.saved, followup.submitted, decision.set, report.document'),
    col('utfall', 'ok, refused (nekad) eller error'),
    col('detaljer_json', 'detaljerna som JSON (enhet, period, version; aldrig fritexter)'),
    col('foregaende_hash', 'SHA-256 för raden före i kedjan'),
    col('hash', 'SHA-256 för den här raden'),
  ],
} as const satisfies Record<string, readonly Column[]>;

export interface PeriodData {
  readonly answerVersions: readonly StoredAnswer[];
  readonly currentAnswers: readonly StoredAnswer[];
  readonly decisionVersions: readonly Decision[];
  readonly currentDecisions: readonly Decision[];
  readonly reminders: readonly ReminderEntry[];
  readonly audit: readonly ChainedRow[];
}

export interface PeriodSources {
  readonly records: PeriodRecordStore;
  readonly answers: AnswerStore;
  readonly decisions: DecisionStore;
  readonly reminders: ReminderLog;
  readonly auditChain: AuditChainStore;
}

/** Reads the period from storage; audit rows are those whose details name the period. */
export async function gatherPeriod(
  sources: PeriodSources,
  committeeId: string,
  periodId: string,
): Promise<PeriodData> {
  const audit: ChainedRow[] = [];
  const { head, anchor } = await sources.auditChain.marks(committeeId);
  if (head) {
    for await (const row of sources.auditChain.rows(committeeId, anchor.seq, head.seq)) {
      try {
        if ((JSON.parse(row.details) as { periodId?: unknown }).periodId === periodId) audit.push(row);
      } catch {
        // A row whose details are not JSON was edited: the verify command reports it.
      }
    }
  }
  return {
    answerVersions: await sources.records.answerVersions(committeeId, periodId),
    currentAnswers: await sources.answers.listPeriod(committeeId, periodId),
    decisionVersions: await sources.records.decisionVersions(committeeId, periodId),
    currentDecisions: await sources.decisions.listPeriod(committeeId, periodId),
    reminders: await sources.reminders.list(committeeId, periodId),
    audit,
  };
}

export interface ExportFile {
  readonly name: string;
  readonly content: string;
}

const yesNo = (b: boolean) => (b ? 'ja' : 'nej');

export function periodExportFiles(
  config: CommitteeConfig,
  period: Period,
  data: PeriodData,
  meta: { readonly createdAt: string; readonly version: string },
): ExportFile[] {
  const committeeId = config.goals.committee.id;
  const currentAnswer = new Set(data.currentAnswers.map((a) => `${a.unitId}|${a.item}|${a.revision}`));
  const currentDecision = new Set(data.currentDecisions.map((d) => `${d.goalId}|${d.revision}`));
  const names = new Map(peopleOf(config.organisation).map((p) => [p.aadObjectId, p.name]));
  const status = new Map(config.goals.statusScale.map((s) => [s.id, s.label]));

  const tables: Record<keyof typeof PERIOD_FILES, unknown[][]> = {
    'svar.csv': data.answerVersions.map((a) => [
      committeeId,
      a.periodId,
      a.unitId,
      config.unitsById.get(a.unitId)?.name ??
        (a.unitId === COMMITTEE_UNIT_ID ? config.goals.committee.name : ''),
      a.item,
      a.revision,
      yesNo(currentAnswer.has(`${a.unitId}|${a.item}|${a.revision}`)),
      a.state,
      a.answeredBy.aadObjectId,
      a.answeredBy.name,
      a.answeredAt,
      a.payload,
    ]),
    'beslut.csv': data.decisionVersions.map((d) => [
      committeeId,
      d.periodId,
      d.goalId,
      config.goalsById.get(d.goalId)?.name ?? '',
      d.revision,
      yesNo(currentDecision.has(`${d.goalId}|${d.revision}`)),
      d.statusId,
      status.get(d.statusId) ?? '',
      d.proposedStatusId ?? '',
      d.motivation,
      d.decidedBy.aadObjectId,
      d.decidedBy.name,
      d.decidedAt,
    ]),
    'paminnelser.csv': data.reminders.map((r) => [
      committeeId,
      r.periodId,
      r.kind,
      r.aadObjectId,
      names.get(r.aadObjectId) ?? '',
      r.state,
      r.updatedAt,
      r.detail ?? '',
    ]),
    'granskningslogg.csv': data.audit.map((r) => [
      r.seq,
      r.at,
      r.actorId,
      r.actorName,
      r.action,
      r.outcome,
      r.details,
      r.prevHash,
      r.hash,
    ]),
  };

  const files: ExportFile[] = Object.entries(PERIOD_FILES).map(([name, columns]) => ({
    name,
    content: toCsv(
      columns.map((c) => c.name),
      tables[name as keyof typeof PERIOD_FILES],
    ),
  }));
  const about = {
    namnd: { id: committeeId, namn: config.goals.committee.name },
    period: { id: period.id, namn: period.label, oppnade: period.opensDate, last: period.locksDate },
    skapat: meta.createdAt,
    program: `Uppföljningsboten ${meta.version}`,
  };
  const json = JSON.stringify(
    {
      ...about,
      svar: data.answerVersions,
      beslut: data.decisionVersions,
      paminnelser: data.reminders,
      granskningslogg: data.audit.map(({ salt: _salt, ...row }) => row),
    },
    null,
    2,
  );
  files.push({ name: 'utdrag.json', content: json });
  const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
  const contents = {
    ...about,
    format:
      'CSV: UTF-8 med BOM, semikolon som avgränsare, CRLF, fält med ; " eller radbrytning inom citattecken (RFC 4180). Text som börjar med = + - @ har fått en inledande apostrof i CSV-filerna; utdrag.json har de exakta värdena.',
    filer: files.map((f) => ({
      namn: f.name,
      sha256: sha256(f.content),
      ...(f.name in PERIOD_FILES
        ? {
            rader: tables[f.name as keyof typeof PERIOD_FILES].length,
            kolumner: PERIOD_FILES[f.name as keyof typeof PERIOD_FILES],
          }
        : { beskrivning: 'samma uppgifter som CSV-filerna, som JSON med de exakta värdena' }),
    })),
  };
  files.push({ name: 'innehall.json', content: JSON.stringify(contents, null, 2) });
  return files;
}
