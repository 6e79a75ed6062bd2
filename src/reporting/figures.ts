/**
 * Volymutveckling and Personal as seed 001 (delår) and seed 004 (helår) print them, from the
 * figures the controller and the named units gave in Teams. Pure. A figure is shown as its
 * reporter gave it; a reporter who has not given it leaves "–", never a guess.
 */

import type { CommitteeConfig } from '../config/load-config.js';
import type { FigureAnswer, FiguresAnswer } from '../followup/figures.js';
import { joinSwedish, num, swedishMonthName } from '../shared/swedish-format.js';
import { capitalise } from '../shared/text.js';
import type { FigureRowReport, FigureTableReport } from './report-model.js';
import type { PeriodContext } from './select-answers.js';

interface MeasureSpec {
  readonly id: string;
  readonly name: string;
  readonly decimals: number;
  readonly reporter?: string | undefined;
  readonly askIn: readonly string[];
  readonly footnotes: readonly string[];
}

const CONTROLLER = 'controller';

/** The figure `reporter` gave for `measureId` in a period, or null. */
function figureIn(
  ctx: PeriodContext | null,
  reporter: string | undefined,
  measureId: string,
): FigureAnswer | null {
  if (!ctx || !reporter) return null;
  if (reporter === CONTROLLER) return ctx.committee?.figures?.[measureId] ?? null;
  const payload = ctx.selection.get(reporter)?.used.get('figures')?.payload as FiguresAnswer | undefined;
  return payload?.figures?.[measureId] ?? null;
}

function unitComment(ctx: PeriodContext, reporter: string): string {
  const payload = ctx.selection.get(reporter)?.used.get('figures')?.payload as FiguresAnswer | undefined;
  return payload?.comment ?? '';
}

function reporterName(config: CommitteeConfig, reporter: string | undefined): string {
  if (!reporter) return 'Internbudgeten';
  if (reporter === CONTROLLER) return 'Controllern';
  return config.unitsById.get(reporter)?.shortName ?? reporter;
}

function cell(f: FigureAnswer | null, pick: (f: FigureAnswer) => number | null, decimals: number) {
  if (!f) return { value: null, text: '–' };
  if (f.noOutcome) return { value: null, text: 'I.U.' };
  const v = pick(f);
  return v === null ? { value: null, text: '–' } : { value: v, text: num(v, decimals) };
}

function monthColumn(ctx: PeriodContext | null, year: number, month: number): string {
  return `${capitalise(swedishMonthName(month))} ${ctx?.period.year ?? year}`;
}

function missingReporters(
  config: CommitteeConfig,
  now: PeriodContext,
  measures: readonly MeasureSpec[],
): string[] {
  const out = new Set<string>();
  for (const m of measures) {
    if (!m.reporter || !m.askIn.includes(now.period.kind)) continue;
    const f = figureIn(now, m.reporter, m.id);
    if (!f || (f.value === null && !f.noOutcome)) {
      out.add(m.reporter === CONTROLLER ? 'nämndens controller' : reporterName(config, m.reporter));
    }
  }
  return [...out];
}

function sourceNote(config: CommitteeConfig, measures: readonly MeasureSpec[], system: string): string {
  const names = [...new Set(measures.filter((m) => m.reporter).map((m) => m.reporter as string))].map((r) =>
    r === CONTROLLER ? `nämndens controller (${system})` : reporterName(config, r),
  );
  return names.length > 0
    ? `Källa: ${joinSwedish(names)}, lämnat i Uppföljningsboten.`
    : 'Källa: internbudgeten (ingen lämnar värdena i Uppföljningsboten).';
}

/** Volymutveckling: Prognos helår and this month against the same month last year (delår); bokslut against last year's (helår). */
export function buildVolumes(
  config: CommitteeConfig,
  now: PeriodContext,
  yearAgo: PeriodContext | null,
): FigureTableReport {
  const { year, month, kind } = now.period;
  const annual = kind === 'annual';
  const budgetLabel = `Budget ${year}`;
  const hasBudget = config.volumes.measures.some((m) => m.values.some((v) => v.label === budgetLabel));
  const columns = annual
    ? [`Bokslut ${year}`, `Bokslut ${year - 1}`, ...(hasBudget ? [budgetLabel] : [])]
    : [
        ...(hasBudget ? [budgetLabel] : []),
        'Prognos helår',
        monthColumn(now, year, month),
        monthColumn(yearAgo, year - 1, month),
      ];
  const rows: FigureRowReport[] = config.volumes.measures.map((m) => {
    const f = figureIn(now, m.reporter, m.id);
    const last = figureIn(yearAgo, m.reporter, m.id);
    const budget = m.values.find((v) => v.label === budgetLabel)?.value ?? null;
    const budgetCell = { value: budget, text: budget === null ? '–' : num(budget, m.decimals) };
    // Helår: last year's bokslut from the bot's own December, else the budget's "Utfall <year>".
    const lastYearConfigured = m.values.find((v) => v.label === `Utfall ${year - 1}`)?.value ?? null;
    const lastCell =
      last && !last.noOutcome && last.value !== null
        ? { value: last.value, text: num(last.value, m.decimals) }
        : annual && lastYearConfigured !== null
          ? { value: lastYearConfigured, text: num(lastYearConfigured, m.decimals) }
          : cell(last, (x) => x.value, m.decimals);
    const cells = annual
      ? [cell(f, (x) => x.value, m.decimals), lastCell, ...(hasBudget ? [budgetCell] : [])]
      : [
          ...(hasBudget ? [budgetCell] : []),
          cell(f, (x) => x.prognosis, m.decimals),
          cell(f, (x) => x.value, m.decimals),
          lastCell,
        ];
    return {
      id: m.id,
      name: m.name,
      part: null,
      decimals: m.decimals,
      cells: cells.map((c) => c.text),
      values: cells.map((c) => c.value),
      reporter: reporterName(config, m.reporter),
    };
  });
  const comments = [
    ...(now.committee?.texts?.volumes ? [now.committee.texts.volumes] : []),
    ...[...new Set(config.volumes.measures.map((m) => m.reporter))]
      .filter((r): r is string => r !== undefined && r !== CONTROLLER)
      .map((r) => unitComment(now, r))
      .filter((c) => c !== ''),
  ];
  return {
    title: 'Basuppdrag (volymmått)',
    columns,
    rows,
    comments,
    sourceNote: sourceNote(config, config.volumes.measures, 'Lifecare och Socialstyrelsen'),
    footnotes: [
      ...config.volumes.measures.flatMap((m) => m.footnotes),
      ...config.volumes.measures.flatMap((m) =>
        m.values
          .filter((v) => v.note && columns.includes(v.label))
          .map((v) => `${m.name}, ${v.label}: ${v.note}`),
      ),
    ],
    missing: missingReporters(config, now, config.volumes.measures),
  };
}

/** Personal: Målvärde helår and this month against the same month last year (delår); bokslut (helår). */
export function buildPersonnel(
  config: CommitteeConfig,
  now: PeriodContext,
  yearAgo: PeriodContext | null,
): FigureTableReport {
  const { year, month, kind } = now.period;
  const annual = kind === 'annual';
  const targetSource = config.personnel.measures.find((m) => m.targetSource)?.targetSource;
  const targetColumn = `Målvärde helår${targetSource ? ` (${targetSource})` : ''}`;
  const columns = annual
    ? [`Bokslut ${year}`, `Bokslut ${year - 1}`, targetColumn]
    : [targetColumn, monthColumn(now, year, month), monthColumn(yearAgo, year - 1, month)];
  const targetText = (t: number | string | undefined, decimals: number) =>
    t === undefined ? '–' : typeof t === 'number' ? num(t, decimals) : t;
  const rows: FigureRowReport[] = config.personnel.measures.flatMap((m) => {
    const f = figureIn(now, m.reporter, m.id);
    const last = figureIn(yearAgo, m.reporter, m.id);
    const line = (
      part: { id: string; name: string; target?: number | string | undefined } | null,
    ): FigureRowReport => {
      const pick = (x: FigureAnswer) => (part ? (x.parts[part.id] ?? null) : x.value);
      const target = targetText(part ? part.target : m.target, m.decimals);
      const cur = cell(f, pick, m.decimals);
      const prev = cell(last, pick, m.decimals);
      const cells = annual
        ? [cur, prev, { value: null, text: target }]
        : [{ value: null, text: target }, cur, prev];
      return {
        id: m.id,
        name: part ? `${m.name}, ${part.name}` : m.name,
        part: part?.name ?? null,
        decimals: m.decimals,
        cells: cells.map((c) => c.text),
        values: cells.map((c) => c.value),
        reporter: reporterName(config, m.reporter),
      };
    };
    return [line(null), ...m.parts.map((p) => line(p))];
  });
  return {
    title: 'Personal',
    columns,
    rows,
    comments: now.committee?.texts?.personnel ? [now.committee.texts.personnel] : [],
    sourceNote: sourceNote(config, config.personnel.measures, 'HR-systemet'),
    footnotes: [...config.personnel.footnotes, ...config.personnel.measures.flatMap((m) => m.footnotes)],
    missing: missingReporters(config, now, config.personnel.measures),
  };
}
