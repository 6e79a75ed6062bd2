/** The Ekonomi section as Markdown: the same tables, sources and notes as the Word document. */

import { monthYear, signed } from '../shared/swedish-format.js';
import { escapeMarkdown } from '../shared/user-text.js';
import type { MoneyTable } from './economy-tables-model.js';
import type { ReportModel } from './report-model.js';

/** Table cells may not contain a pipe or a line break. */
function cell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** A note as a paragraph; escaped, so a leading * is not a list item. */
const note = (text: string) => (text.startsWith('*') ? `\\${text}` : text);

function moneyTable(t: MoneyTable, title: boolean): string[] {
  const out: string[] = title ? [`### ${t.title}`, ''] : [];
  if (t.missing !== null) return [...out, `_${t.missing}_`, ''];
  const header = [t.labelHeading, ...t.columns];
  const emphasis = (style: string, text: string) =>
    style === 'sum' ? `**${text}**` : style === 'varav' ? `_${text}_` : text;
  const lines = [
    header,
    header.map((_, i) => (i === 0 ? '---' : '---:')),
    ...t.rows.map((r) => [emphasis(r.style, r.label), ...r.cells.map((c) => emphasis(r.style, c.text))]),
  ];
  out.push(...lines.map((l) => `| ${l.map(cell).join(' | ')} |`), '');
  out.push(`_${t.source}_`, '');
  for (const n of t.notes) out.push(note(n), '');
  return out;
}

export function economyMarkdown(model: ReportModel): string[] {
  const e = model.economy;
  const t = e.tables;
  const out: string[] = ['## Ekonomi', '', ...moneyTable(t.summary, false)];
  if (e.total.changeTkr !== null && e.previousPeriod && t.mode === 'forecast') {
    out.push(
      `Ändring sedan ${monthYear(e.previousPeriod).toLocaleLowerCase('sv-SE')}: ${signed(e.total.changeTkr)} tkr` +
        (e.total.changeNote !== '' ? `. ${e.total.changeNote}.` : '.'),
      '',
    );
  }
  if (e.missingUnits.length > 0) {
    out.push(
      `Enheter som inte har lämnat prognos: ${e.missingUnits.map((u) => u.shortName).join(', ')}.`,
      '',
    );
  }
  const comments = e.rows.flatMap((r) =>
    r.comments.map(
      (c) => `- ${r.name}: ${escapeMarkdown(c.text)} (${c.units.map((u) => u.shortName).join(', ')})`,
    ),
  );
  if (comments.length > 0) out.push(...comments, '');
  out.push('## Ekonomiska tabeller', '');
  if (t.result) out.push(...moneyTable(t.result, true));
  out.push(...moneyTable(t.operations, true));
  if (t.investments) out.push(...moneyTable(t.investments, true));
  out.push(`**Träffsäkerhet i ekonomiprognos.** ${e.accuracyNote}`, '');
  for (const a of e.accuracy) out.push(`- ${a.text}`);
  if (e.accuracy.length > 0) out.push('');
  return out;
}
