/** The report as Markdown: the same sections as the Word document, for a wiki, an e-mail or a diff. */
import { escapeMarkdown } from '../shared/user-text.js';
import { allGoals } from './aggregate.js';
import { monthYear } from './format.js';
import { economyMarkdown } from './render-markdown-economy.js';
import type { AttributedText, IndicatorRow, MunicipalGoalReport, ReportModel } from './report-model.js';

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
  return items
    .map((i) => `- ${escapeMarkdown(i.text)} (${i.units.map((u) => u.shortName).join(', ')})`)
    .join('\n');
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
  out.push(`# Uppföljning av mål och inriktning – ${model.committee.name}, ${model.period.label}`, '');
  out.push(`_${model.basis.headline}_`, '');
  out.push('## Målredovisning med prognos', '');
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
        out.push(
          `_Underlag för förslaget (${g.proposal.status.label}): ${g.proposal.reasons.join('; ')}._`,
          '',
        );
      }
    }
  }

  out.push('## Strategiska utvecklingsuppdrag', '');
  for (const group of model.assignments) {
    if (group.items.length === 0) continue;
    out.push(
      tableOf(
        [group.title, 'Status', 'Kommentar'],
        group.items.map((i) => [i.text, i.statusText, escapeMarkdown(i.commentText)]),
      ),
      '',
    );
  }

  out.push('## Nämndindikatorer', '');
  out.push('✅ når målvärdet, ❌ når inte målvärdet, 👤 bedöms av en person, I.U. inget utfall.', '');
  for (const area of model.areas) {
    for (const mg of area.municipalGoals) {
      if (!mg.goals.some((g) => g.indicators.length > 0)) continue;
      out.push(`### ${area.name}: ${mg.name}`, '', indicatorTable(model, mg), '');
      const notes = mg.goals.flatMap((g) =>
        g.indicators.filter((i) => i.coverageNote).map((i) => `- ${i.name}: ${i.coverageNote}`),
      );
      if (notes.length > 0) out.push(...notes, '');
    }
  }

  out.push(...economyMarkdown(model));

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
  return out.join('\n');
}
