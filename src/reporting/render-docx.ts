/**
 * The "Uppföljning av mål och inriktning" part of a delårsrapport as a Word document, laid out as
 * in the delårsrapport 2 2022 for Arbetsmarknadsnämnden (seed 001): målredovisning per målområde
 * and nämndmål, strategiska utvecklingsuppdrag, nämndindikatorer per kommunövergripande mål, and
 * the economy prognosis. Renders the report model only; every number comes formatted from there
 * or from format.ts.
 */

import { Paragraph } from 'docx';
import { monthYear, num, swedishMonthShort, swedishShortDateTime } from '../shared/swedish-format.js';
import { allGoals } from './aggregate.js';
import { barChart, lineChart } from './charts.js';
import {
  type Block,
  bullet,
  type Cell,
  cell,
  fitWidths,
  heading,
  image,
  MET_FILL,
  NOT_MET_FILL,
  para,
  type Row,
  table,
  row as tableRow,
  text,
} from './docx-kit.js';
import { patchTemplate } from './docx-patch.js';
import { tint } from './format.js';
import { appendixSection } from './render-docx-appendix.js';
import { economySection } from './render-docx-economy.js';
import { figureTableSection, indicatorNotes, internalControlSection } from './render-docx-year.js';
import type {
  AssignmentGroupReport,
  GoalReport,
  IndicatorReport,
  IndicatorRow,
  MunicipalGoalReport,
  ReportModel,
  ReportSectionId,
} from './report-model.js';
import { type ReportTemplate, SECTION_PLACEHOLDERS, type TextPlaceholder } from './report-template.js';

// ── målredovisning ───────────────────────────────────────────────────────────────────────────────

function statusLine(goal: GoalReport): Paragraph {
  const runs = [
    text(goal.effective.status.label, { bold: true, colour: goal.effective.status.colour, size: 24 }),
  ];
  if (goal.decision) {
    runs.push(
      text(`  Beslutad av ${goal.decision.decidedBy.name} ${goal.decision.decidedAtText}`, {
        italics: true,
        size: 18,
      }),
    );
  } else {
    runs.push(text('  Förslag – ej beslutat av ledningen', { italics: true, size: 18, colour: '#616161' }));
  }
  return new Paragraph({ children: runs, spacing: { after: 120 } });
}

function goalSection(goal: GoalReport, municipalGoal: MunicipalGoalReport): Block[] {
  const blocks: Block[] = [heading(goal.name, 3), statusLine(goal)];
  blocks.push(
    para(
      `${goal.effective.sentence} ${goal.basisText} Nedan anges ett urval resultat som bidragit till utveckling inom nämndmålet och det kommunövergripande målet ${municipalGoal.name}:`,
    ),
  );
  // The units' texts as they wrote them; who wrote them is in the source note, not in the body.
  if (goal.results.length === 0) blocks.push(bullet('Inga resultat har rapporterats.'));
  for (const r of goal.results) blocks.push(bullet(r.text));
  blocks.push(para('Nedan anges de avvikelser som kan ses inom aktiviteterna i verksamhetsplanen:'));
  if (goal.deviations.length === 0) blocks.push(bullet('Inga avvikelser har rapporterats.'));
  for (const d of goal.deviations) blocks.push(bullet(d.text));
  if (goal.activities.length > 0) {
    blocks.push(para('Nedan anges övriga aktiviteter som bidragit till måluppfyllelse:'));
    for (const a of goal.activities) blocks.push(bullet(a.text));
  }
  if (goal.sourceNote !== '') blocks.push(para(goal.sourceNote, { italics: true, size: 16 }));

  return blocks;
}

// ── nämndindikatorer ─────────────────────────────────────────────────────────────────────────────

function hasContent(row: IndicatorRow): boolean {
  return (
    row.value !== null ||
    row.noOutcome ||
    row.latest !== null ||
    row.target !== null ||
    row.history.some((h) => h.text !== '')
  );
}

function rowsToShow(indicator: IndicatorReport): IndicatorRow[] {
  const [first, ...rest] = indicator.rows;
  return first ? [first, ...rest.filter(hasContent)] : [];
}

function latestCell(row: IndicatorRow): { lines: string[]; fill?: string } {
  const lines: string[] = [];
  if (row.latest) {
    lines.push(row.latest.source === 'period' ? row.latest.text : `${row.latest.text} (${row.latest.label})`);
    if (row.latest.source !== 'period' && row.noOutcome) lines.push('I.U. i perioden');
  } else {
    lines.push(row.noOutcome ? 'I.U.' : '–');
  }
  if (row.trend) lines.push(row.trend.text);
  const fill =
    row.status.code === 'met' ? MET_FILL : row.status.code === 'not_met' ? NOT_MET_FILL : undefined;
  // The colour is never the only carrier of the verdict: the word is printed too.
  if (fill) lines.push(row.status.label);
  return fill ? { lines, fill } : { lines };
}

function indicatorTable(model: ReportModel, mg: MunicipalGoalReport): Block {
  const labels: string[] = [];
  for (const g of mg.goals) {
    for (const i of g.indicators) for (const l of i.historyLabels) if (!labels.includes(l)) labels.push(l);
  }
  const periodName = monthYear(model.period);
  const header = [
    'Nämndmål',
    'Mål uppnås',
    'Nämndindikator',
    ...labels,
    periodName,
    `Målvärde ${model.period.year}`,
  ];
  const columns: string[][] = header.map((h) => [h]);
  const add = (i: number, ...t: string[]) => columns[i]?.push(...t);
  for (const goal of mg.goals) {
    add(0, `${goal.name}.`, goal.description);
    add(1, goal.effective.status.label, '(förslag)');
    for (const ind of goal.indicators) {
      for (const row of rowsToShow(ind)) {
        add(2, ind.name, ind.group ?? '', row.label, ind.coverageNote ?? '');
        labels.forEach((label, li) => {
          add(3 + li, row.history[ind.historyLabels.indexOf(label)]?.text ?? '');
        });
        add(3 + labels.length, ...latestCell(row).lines);
        add(4 + labels.length, row.target?.text ?? '');
      }
    }
  }
  const widths = fitWidths([16, 10, 29, ...labels.map(() => 9), 12, 13], columns);
  const rows: Row[] = [];
  for (const goal of mg.goals) {
    const lines = goal.indicators.flatMap((ind) => rowsToShow(ind).map((row) => ({ ind, row })));
    if (lines.length === 0) continue;
    lines.forEach(({ ind, row }, index) => {
      const cells: Cell[] = [];
      if (index === 0) {
        cells.push(
          cell([`${goal.name}.`, goal.description], { width: widths[0] ?? 0, rowSpan: lines.length }),
        );
        const status = goal.effective.status;
        cells.push(
          cell([status.label, goal.effective.source === 'proposal' ? '(förslag)' : ''].filter(Boolean), {
            width: widths[1] ?? 0,
            rowSpan: lines.length,
            fill: tint(status.colour, 0.6),
            bold: true,
          }),
        );
      }
      const isMain = row === ind.rows[0];
      const name = isMain ? `${ind.group ? `${ind.group}: ` : ''}${ind.name}` : `   ${row.label}`;
      const notes = isMain && ind.coverageNote ? [ind.coverageNote] : [];
      cells.push(cell([name, ...notes], { width: widths[2] ?? 0, ...(isMain ? {} : { size: 16 }) }));
      labels.forEach((label, li) => {
        const at = ind.historyLabels.indexOf(label);
        cells.push(cell(row.history[at]?.text ?? '', { width: widths[3 + li] ?? 0, align: 'right' }));
      });
      const latest = latestCell(row);
      cells.push(
        cell(latest.lines, {
          width: widths[3 + labels.length] ?? 0,
          align: 'right',
          ...(latest.fill ? { fill: latest.fill } : {}),
        }),
      );
      cells.push(cell(row.target?.text ?? '', { width: widths[4 + labels.length] ?? 0, align: 'right' }));
      rows.push(tableRow(cells, { cantSplit: true }));
    });
  }
  return table(widths, header, rows);
}

function monthList(ind: IndicatorReport): string {
  return ind.series
    .filter((s) => s.value !== null)
    .map((s) => `${swedishMonthShort(s.month)} ${num(s.value, ind.decimals)}`)
    .join(', ');
}

/** A trend says something when there are enough months with values and they are not all the same. */
export function wantsChart(ind: IndicatorReport, rule: ReportModel['layout']['charts']): boolean {
  if (rule.indicators && !rule.indicators.includes(ind.id)) return false;
  const values = ind.series.map((s) => s.value).filter((v): v is number => v !== null);
  return values.length >= rule.minPoints && new Set(values).size > 1;
}

function trendCharts(model: ReportModel, mg: MunicipalGoalReport, figure: { n: number }): Block[] {
  const blocks: Block[] = [];
  for (const goal of mg.goals) {
    for (const ind of goal.indicators) {
      if (!wantsChart(ind, model.layout.charts)) continue;
      const target = ind.rows[0]?.target;
      const targetValue = target?.kind === 'value' ? target.value : null;
      // From the first month with a value: the months before it carry nothing to draw.
      const series = ind.series.slice(ind.series.findIndex((s) => s.value !== null));
      const chart = lineChart({
        months: series.map((s) => s.month),
        values: series.map((s) => s.value),
        decimals: ind.decimals,
        target: targetValue !== null && target ? { value: targetValue, text: target.text } : null,
      });
      figure.n += 1;
      const described = `${ind.name}, utfall per månad ${ind.targetYear}: ${monthList(ind)}${
        targetValue !== null ? `. Streckad linje: målvärdet ${target?.text}` : ''
      }.`;
      blocks.push(image(chart, 440, { title: `Figur ${figure.n}. ${ind.name}`, description: described }));
      blocks.push(para(`Figur ${figure.n}. ${described}`, { italics: true, size: 18 }));
    }
  }
  return blocks;
}

// ── uppdrag and completeness ─────────────────────────────────────────────────────────────────────

function assignmentsSection(
  model: ReportModel,
  title: string,
  kinds: readonly AssignmentGroupReport['kind'][],
): Block[] {
  const groups = model.assignments.filter((g) => kinds.includes(g.kind) && g.items.length > 0);
  if (groups.length === 0) return [];
  const blocks: Block[] = [
    heading(title, 2),
    para(`I tabellerna redovisas aktuell status ${model.layout.asOfText} enligt enheternas svar.`),
  ];
  for (const group of groups) {
    const widths = fitWidths(
      [50, 15, 35],
      [
        [group.title, ...group.items.map((i) => i.text)],
        ['Status', ...group.items.map((i) => i.statusText)],
        ['Kommentar', ...group.items.map((i) => i.commentText)],
      ],
    );
    const rows = group.items.map((item) =>
      tableRow(
        [
          cell(item.text, { width: widths[0] ?? 0 }),
          cell(item.statusText, {
            width: widths[1] ?? 0,
            ...(item.status?.colour ? { fill: tint(item.status.colour, 0.6) } : {}),
          }),
          cell(item.commentText, { width: widths[2] ?? 0 }),
        ],
        { cantSplit: true },
      ),
    );
    blocks.push(table(widths, [group.title, 'Status', 'Kommentar'], rows), para('', { after: 120 }));
  }
  return blocks;
}

function completenessSection(model: ReportModel, timeZone: (iso: string) => string): Block[] {
  const widths = fitWidths(
    [34, 12, 22, 16, 16],
    [
      ['Enhet', ...model.completeness.map((c) => c.name)],
      ['Förvaltning', ...model.completeness.map((c) => c.administrationId)],
      ['Status', ...model.completeness.map((c) => c.stateLabel)],
      ['Inskickad av', ...model.completeness.map((c) => c.submittedBy?.name ?? '')],
      ['Inskickad', '2024-09-05 10:00'],
    ],
  );
  const rows = model.completeness.map((c) =>
    tableRow([
      cell(c.name, { width: widths[0] ?? 0 }),
      cell(c.administrationId, { width: widths[1] ?? 0 }),
      cell(c.stateLabel, {
        width: widths[2] ?? 0,
        fill: c.included ? MET_FILL : c.state === 'draft' ? 'FFF9C4' : NOT_MET_FILL,
      }),
      cell(c.submittedBy?.name ?? '', { width: widths[3] ?? 0 }),
      cell(c.submittedAt ? timeZone(c.submittedAt) : '', { width: widths[4] ?? 0 }),
    ]),
  );
  return [
    heading('Svarsläge', 2),
    para(model.basis.headline),
    table(widths, ['Enhet', 'Förvaltning', 'Status', 'Inskickad av', 'Inskickad'], rows),
  ];
}

// ── the document ─────────────────────────────────────────────────────────────────────────────────

/**
 * Each section of `order` (the template's), built when asked for, in that order, so the figures are
 * numbered as they stand in the document and one section's blocks can be written and let go before
 * the next is built. A section the layout leaves out is not built: it has no blocks.
 */
export function* sectionBlocks(
  model: ReportModel,
  order: readonly ReportSectionId[],
  timeZone: string,
): Generator<[ReportSectionId, Block[]]> {
  const shortTime = (iso: string) => swedishShortDateTime(iso, timeZone);
  const figure = { n: 0 };
  const sections: Record<ReportSectionId, () => Block[]> = {
    economy: () => economySection(model),
    volumes: () => figureTableSection('Volymutveckling', model.volumes),
    personnel: () => figureTableSection('Personal', model.personnel),
    goals: () => goalsSection(model, figure),
    strategic: () =>
      assignmentsSection(model, 'Strategiska utvecklingsuppdrag', ['kommungemensamt', 'namndspecifikt']),
    committeeTasks: () => assignmentsSection(model, 'Nämnduppdrag', ['namnduppdrag']),
    internalControl: () => internalControlSection(model),
    indicators: () => indicatorsSection(model, figure),
    completeness: () => completenessSection(model, shortTime),
    rule: () => appendixSection(model),
  };
  for (const id of order) yield [id, model.layout.sections.includes(id) ? sections[id]() : []];
}

function goalsSection(model: ReportModel, figure: { n: number }): Block[] {
  const goals = allGoals(model);
  const blocks: Block[] = [heading(model.layout.goalsHeading, 2)];
  if (goals.some((g) => g.effective.source === 'proposal')) {
    blocks.push(
      para(
        'Statusar markerade ”förslag” är uppföljningsbotens förslag utifrån enheternas svar; ledningen har ännu inte beslutat dem.',
        { italics: true, size: 18 },
      ),
    );
  }
  blocks.push(
    para(
      `I detta avsnitt redovisas nämndens målavstämning. Måluppfyllelsen grundas på en sammanvägd bedömning utifrån resultat, förvaltningens verksamhetsplan, nämndindikatorer och andra ${model.layout.tense === 'outcome' ? 'genomförda' : 'genomförda eller planerade'} aktiviteter.`,
    ),
  );
  blocks.push(para('Färgsättningen indikerar:', { after: 60 }));
  for (const s of model.statusScale) {
    blocks.push(
      new Paragraph({
        children: [text('■ ', { colour: s.colour, size: 28 }), text(s.label)],
        spacing: { after: 20 },
      }),
    );
  }
  figure.n += 1;
  const overview = `Antal nämndmål per status (beslut, annars förslag): ${model.statusOverview
    .map((o) => `${o.status.label} ${o.count}`)
    .join(', ')}.`;
  blocks.push(
    image(
      barChart(
        model.statusOverview.map((o) => ({ label: o.status.label, value: o.count, colour: o.status.colour })),
      ),
      400,
      { title: `Figur ${figure.n}. Nämndmål per status`, description: overview },
    ),
  );
  blocks.push(para(`Figur ${figure.n}. ${overview}`, { italics: true, size: 18 }));
  for (const area of model.areas) {
    blocks.push(heading(`Målområde ${area.name}`, 2));
    for (const mg of area.municipalGoals) for (const goal of mg.goals) blocks.push(...goalSection(goal, mg));
  }
  return blocks;
}

function indicatorsSection(model: ReportModel, figure: { n: number }): Block[] {
  const blocks: Block[] = [heading('Nämndindikatorer', 2)];
  blocks.push(
    para(
      `Senast tillgängligt utfall redovisas för nämndens nämndindikatorer; när perioden saknar utfall visas det senaste med dess tidpunkt. Individbaserad statistik redovisas uppdelad efter kön där indikatorn har det. Utfall som når målvärdet ${model.period.year} är markerade gröna och utfall som inte når det röda. I.U. betyder inget utfall och räknas inte som ej uppnått.`,
    ),
  );
  for (const area of model.areas) {
    const withIndicators = area.municipalGoals.filter((mg) => mg.goals.some((g) => g.indicators.length > 0));
    if (withIndicators.length === 0) continue;
    blocks.push(heading(`Målområde: ${area.name}`, 3));
    for (const mg of withIndicators) {
      blocks.push(para([text(`Kommunövergripande mål: ${mg.name}`, { bold: true })]));
      blocks.push(indicatorTable(model, mg));
      blocks.push(...indicatorNotes(mg.goals.flatMap((g) => g.indicators)));
      blocks.push(...trendCharts(model, mg, figure));
    }
  }
  return blocks;
}

/**
 * The report in the municipality's Word template: the template's placeholders filled with
 * docx's `patchDocument`, its look (logo, fonts, colours, header and footer, fixed texts) kept.
 */
export async function renderDocx(
  model: ReportModel,
  template: ReportTemplate,
  timeZone = 'Europe/Stockholm',
): Promise<Buffer> {
  const texts: Record<TextPlaceholder, string> = {
    titel: `${model.layout.title} ${model.period.year}`,
    namnd: model.committee.name,
    period: model.period.label,
    datum: model.layout.asOfText,
    underlag: model.basis.headline,
  };
  const sections = function* () {
    for (const [id, blocks] of sectionBlocks(model, template.sectionOrder, timeZone))
      yield [SECTION_PLACEHOLDERS[id], blocks] as const;
  };
  return patchTemplate({
    template: template.bytes,
    texts,
    sections: sections(),
    properties: {
      creator: 'Uppföljningsboten',
      title: `${texts.titel} – ${model.committee.name} – ${model.period.label}`,
      description: model.basis.headline,
    },
  });
}
