/** The report as Markdown: the same sections as the Word document, for a wiki, an e-mail or a diff. */

import { monthYear } from '../shared/swedish-format.js';
import { escapeMarkdown } from '../shared/user-text.js';
import { allGoals } from './aggregate.js';
import { APPENDIX_HEADING, proposalBasis, unitForecasts } from './render-docx-appendix.js';
import { economyMarkdown } from './render-markdown-economy.js';
import type {
  AssignmentGroupReport,
  AttributedText,
  FigureTableReport,
  IndicatorRow,
  MunicipalGoalReport,
  ReportModel,
  ReportSectionId,
} from './report-model.js';

/** Table cells may not contain a pipe or a line break. */
function cell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function tableOf(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  right: readonly number[] = [],
): string {
  const align = header.map((_, i) => (right.includes(i) ? '---:' : '---'));
  return [header, align, ...rows].map((r) => `| ${r.map(cell).join(' | ')} |`).join('\n');
}

function attributed(items: readonly AttributedText[], empty: string): string {
  if (items.length === 0) return `- ${empty}`;
  // What managers wrote is text, not markup, wherever this Markdown is shown.
  return items.map((i) => `- ${escapeMarkdown(i.text)}`).join('\n');
}

const MARK: Record<string, string> = { met: '✅', not_met: '❌', needs_person: '👤' };

function latest(row: IndicatorRow): string {
  if (!row.latest) return row.noOutcome ? 'I.U.' : '–';
  const when = row.latest.source === 'period' ? '' : ` (${row.latest.label})`;
  const mark = MARK[row.status.code] ? ` ${MARK[row.status.code]}` : '';
  return `${row.latest.text}${when}${mark}`;
}

function indicatorTable(model: ReportModel, mg: MunicipalGoalReport): string {
  const labels: string[] = [];
  for (const g of mg.goals)
    for (const i of g.indicators) for (const l of i.historyLabels) if (!labels.includes(l)) labels.push(l);
  const header = [
    'Nämndmål',
    'Mål uppnås',
    'Nämndindikator',
    ...labels,
    monthYear(model.period),
    `Målvärde ${model.period.year}`,
  ];
  const rows: string[][] = [];
  for (const g of mg.goals) {
    let first = true;
    for (const ind of g.indicators) {
      for (const row of ind.rows) {
        const isMain = row === ind.rows[0];
        const empty = !row.latest && !row.target && !row.noOutcome && row.history.every((h) => h.text === '');
        if (!isMain && empty) continue;
        rows.push([
          first ? g.name : '',
          first ? `${g.effective.status.label}${g.effective.source === 'proposal' ? ' (förslag)' : ''}` : '',
          isMain ? ind.name : `↳ ${row.label}`,
          ...labels.map((l) => row.history[ind.historyLabels.indexOf(l)]?.text ?? ''),
          latest(row),
          row.target?.text ?? '',
        ]);
        first = false;
      }
    }
  }
  return tableOf(header, rows, [3 + labels.length]);
}

export function renderMarkdown(model: ReportModel): string {
  const out: string[] = [];
  out.push(
    `# ${model.layout.title} ${model.period.year} – ${model.committee.name}, ${model.period.label}`,
    '',
  );
  out.push(`_${model.basis.headline}_`, '');
  const sections: Record<ReportSectionId, () => string[]> = {
    economy: () => economySection(model),
    volumes: () => figureSection('Volymutveckling', model.volumes),
    personnel: () => figureSection('Personal', model.personnel),
    goals: () => goalsSection(model),
    strategic: () =>
      assignmentsSection(model, 'Strategiska utvecklingsuppdrag', ['kommungemensamt', 'namndspecifikt']),
    committeeTasks: () => assignmentsSection(model, 'Nämnduppdrag', ['namnduppdrag']),
    internalControl: () => internalControlSection(model),
    indicators: () => indicatorsSection(model),
    completeness: () => completenessSection(model),
    rule: () => appendixSection(model),
  };
  for (const id of model.layout.sections) out.push(...sections[id]());
  return out.join('\n');
}

/** The proposals' basis per nämndmål, as the Word document's appendix. */
function appendixSection(model: ReportModel): string[] {
  const out = [`## ${APPENDIX_HEADING}`, ''];
  for (const g of allGoals(model)) {
    out.push(`#### ${g.name}`, '');
    if (g.units.length > 0) out.push(`Enheternas prognoser: ${escapeMarkdown(unitForecasts(g))}.`, '');
    out.push(escapeMarkdown(proposalBasis(g)), '');
  }
  return out;
}

function figureSection(title: string, table: FigureTableReport): string[] {
  const out = [`## ${title}`, ''];
  out.push(
    tableOf(
      [table.title, ...table.columns],
      table.rows.map((r) => [r.part ? `– ${r.part}` : r.name, ...r.cells]),
      table.columns.map((_, i) => i + 1),
    ),
    '',
  );
  out.push(`_${table.sourceNote}_`, '');
  if (table.missing.length > 0) out.push(`Värden saknas ännu från ${table.missing.join(', ')}.`, '');
  for (const c of table.comments) out.push(escapeMarkdown(c), '');
  table.footnotes.forEach((f, i) => {
    out.push(`${i + 1}. ${f}`);
  });
  if (table.footnotes.length > 0) out.push('');
  return out;
}

function internalControlSection(model: ReportModel): string[] {
  const ic = model.internalControl;
  const out = ['## Internkontroll', ''];
  if (model.period.kind !== 'month') {
    out.push(
      ic.text !== '' ? escapeMarkdown(ic.text) : '_Ingen sammanfattning av internkontrollen ännu._',
      '',
    );
  }
  if (ic.items.length > 0) {
    out.push(
      tableOf(
        ['Nr', 'Kontrollmoment', 'Status', 'Kommentar'],
        ic.items.map((i) => [`${i.number}.`, i.text, i.statusText, escapeMarkdown(i.commentText)]),
      ),
      '',
    );
  }
  out.push(`_${ic.sourceNote}_`, '');
  return out;
}

function goalsSection(model: ReportModel): string[] {
  const out: string[] = [];
  out.push(`## ${model.layout.goalsHeading}`, '');
  out.push(
    tableOf(
      ['Status', 'Antal nämndmål'],
      model.statusOverview.map((o) => [o.status.label, String(o.count)]),
      [1],
    ),
    '',
  );
  for (const area of model.areas) {
    out.push(`### Målområde ${area.name}`, '');
    for (const mg of area.municipalGoals) {
      for (const g of mg.goals) {
        const source = g.decision
          ? `beslutad av ${escapeMarkdown(g.decision.decidedBy.name)} ${g.decision.decidedAtText}`
          : 'förslag – ej beslutat av ledningen';
        out.push(`#### ${g.name}`, '', `**${g.effective.status.label}** (${source})`, '');
        out.push(`${g.effective.sentence} ${escapeMarkdown(g.basisText)}`, '');
        out.push(
          `Nedan anges ett urval resultat som bidragit till utveckling inom nämndmålet och det kommunövergripande målet ${mg.name}:`,
          '',
          attributed(g.results, 'Inga resultat har rapporterats.'),
          '',
          'Nedan anges de avvikelser som kan ses inom aktiviteterna i verksamhetsplanen:',
          '',
          attributed(g.deviations, 'Inga avvikelser har rapporterats.'),
          '',
        );
        if (g.activities.length > 0) {
          out.push(
            'Nedan anges övriga aktiviteter som bidragit till måluppfyllelse:',
            '',
            attributed(g.activities, ''),
            '',
          );
        }
        if (g.sourceNote !== '') out.push(`_${g.sourceNote}_`, '');
      }
    }
  }

  return out;
}

function assignmentsSection(
  model: ReportModel,
  title: string,
  kinds: readonly AssignmentGroupReport['kind'][],
): string[] {
  const out: string[] = [];
  out.push(`## ${title}`, '');
  for (const group of model.assignments.filter((g) => kinds.includes(g.kind))) {
    if (group.items.length === 0) continue;
    out.push(
      tableOf(
        [group.title, 'Status', 'Kommentar'],
        group.items.map((i) => [i.text, i.statusText, escapeMarkdown(i.commentText)]),
      ),
      '',
    );
  }

  return out;
}

function indicatorsSection(model: ReportModel): string[] {
  const out: string[] = [];
  out.push('## Nämndindikatorer', '');
  out.push('✅ når målvärdet, ❌ når inte målvärdet, 👤 bedöms av en person, I.U. inget utfall.', '');
  for (const area of model.areas) {
    for (const mg of area.municipalGoals) {
      if (!mg.goals.some((g) => g.indicators.length > 0)) continue;
      out.push(`### ${area.name}: ${mg.name}`, '', indicatorTable(model, mg), '');
      const notes = mg.goals.flatMap((g) =>
        g.indicators.flatMap((i) => [
          ...(i.coverageNote ? [`- ${i.name}: ${i.coverageNote}`] : []),
          ...i.footnotes.map((f) => `- ${i.name}: ${f}`),
          ...(i.arrivalNote ? [`- ${i.name}: ${i.arrivalNote}`] : []),
          ...i.historyNotes.map((h) => `- ${i.name}: ${h.replace(/^\* /, '')} (markerat \\*)`),
        ]),
      );
      if (notes.length > 0) out.push(...notes, '');
    }
  }

  return out;
}

function economySection(model: ReportModel): string[] {
  const out: string[] = [];
  out.push(...economyMarkdown(model));

  return out;
}

function completenessSection(model: ReportModel): string[] {
  const out: string[] = [];
  out.push('## Svarsläge', '');
  out.push(
    tableOf(
      ['Enhet', 'Status', 'Inskickad av', 'Ingår'],
      model.completeness.map((c) => [
        c.name,
        c.stateLabel,
        c.submittedBy?.name ?? '',
        c.included ? 'Ja' : 'Nej',
      ]),
    ),
    '',
  );
  const undecided = allGoals(model).filter((g) => !g.decision).length;
  if (undecided > 0)
    out.push(`_${undecided} av ${allGoals(model).length} nämndmål saknar beslut av ledningen._`, '');
  return out;
}
