/**
 * The Ekonomi section of the Word document, laid out as seeds 001 (delår 2) and 004 (helår): the
 * summary table with a comment, then "Ekonomiska tabeller" – resultat per the period's end,
 * driftsammandrag and investeringar – each with its source, then the units' comments and
 * träffsäkerhet. Renders `model.economy` only; every figure comes formatted from the model.
 */
import { joinSwedish, monthYear, signed, tkr } from '../shared/swedish-format.js';
import {
  type Block,
  bullet,
  type Cell,
  cell,
  HEADER_FILL,
  heading,
  PAGE_WIDTH,
  para,
  row,
  table,
} from './docx-kit.js';
import type { MoneyRow, MoneyTable } from './economy-tables-model.js';
import type { AttributedText, EconomyReport, ReportModel } from './report-model.js';

const RED = '#C62828';

const attributed = (item: AttributedText) =>
  `${item.text} (${item.units.map((u) => u.shortName).join(', ')})`;

function moneyCell(
  value: string,
  width: number,
  o: { bold?: boolean; italics?: boolean; right?: boolean; fill?: string; colour?: string },
): Cell {
  return cell(value, {
    width,
    size: 18,
    ...(o.bold ? { bold: true } : {}),
    ...(o.italics ? { italics: true } : {}),
    ...(o.colour ? { colour: o.colour } : {}),
    ...(o.fill ? { fill: o.fill } : {}),
    align: o.right ? 'right' : 'left',
  });
}

/** A table of the model: the header row repeats on every page; sum rows bold, varav rows italic. */
function moneyTable(t: MoneyTable): Block {
  const labelWidth = t.columns.length > 5 ? 0.22 : 0.36;
  const first = Math.floor(PAGE_WIDTH * labelWidth);
  const rest = Math.floor((PAGE_WIDTH - first) / t.columns.length);
  const widths = [first, ...t.columns.map(() => rest)];
  const deviationColumn = t.columns.map((c) => c.startsWith('Avvikelse'));
  const line = (r: MoneyRow) =>
    row(
      [
        moneyCell(r.label, first, { bold: r.style === 'sum', italics: r.style === 'varav' }),
        ...r.cells.map((c, i) =>
          moneyCell(c.text, rest, {
            right: true,
            bold: r.style === 'sum',
            italics: r.style === 'varav',
            ...(deviationColumn[i] && c.value !== null && c.value < 0 ? { colour: RED } : {}),
          }),
        ),
      ],
      { cantSplit: true },
    );
  return table(
    widths,
    [t.labelHeading, ...t.columns].map((h, i) =>
      moneyCell(h, widths[i] ?? rest, { bold: true, fill: HEADER_FILL, right: i > 0 }),
    ),
    t.rows.map(line),
  );
}

/** A table with its title, source and notes; its note alone when its figures are missing. */
function tableBlocks(t: MoneyTable, title = true): Block[] {
  const blocks: Block[] = title ? [para(t.title, { bold: true, after: 60 })] : [];
  if (t.missing !== null) return [...blocks, para(t.missing, { italics: true, size: 18 })];
  blocks.push(moneyTable(t));
  blocks.push(para(t.source, { italics: true, size: 16, after: 40 }));
  for (const n of t.notes) blocks.push(para(n, { size: 18, after: 40 }));
  blocks.push(para('', { after: 60 }));
  return blocks;
}

function comment(e: EconomyReport): string[] {
  const notes: string[] = [];
  const summa = e.tables.operations.rows.find((r) => r.id === 'summa');
  if (e.tables.mode === 'outcome') {
    const [outcome, , dev] = summa?.cells ?? [];
    notes.push(
      `Enligt bokslutet blev nämndens nettokostnader ${outcome?.text ?? '–'} tkr för ${e.year}, en avvikelse på ${dev?.text ?? '–'} tkr mot budget.`,
    );
  } else if (e.total.prognosisTkr !== null) {
    notes.push(
      `Nämnden prognostiserar nettokostnader på ${tkr(e.total.prognosisTkr)} tkr för helår ${e.year}, en avvikelse på ${tkr(e.total.deviationTkr)} tkr mot budget.` +
        (e.total.changeTkr !== null && e.previousPeriod
          ? ` Jämfört med prognosen i ${monthYear(e.previousPeriod).toLocaleLowerCase('sv-SE')} har prognosen ändrats med ${signed(e.total.changeTkr)} tkr.` +
            (e.total.changeNote !== '' ? ` ${e.total.changeNote}.` : '')
          : ''),
    );
  }
  if (e.missingUnits.length > 0) {
    notes.push(
      `Enheter som inte har lämnat prognos: ${joinSwedish(e.missingUnits.map((u) => u.shortName))}.`,
    );
  }
  if (e.total.statedBudgetTkr !== null && e.total.statedBudgetTkr !== e.total.budgetTkr) {
    notes.push(
      `Budgetens egen summa är ${tkr(e.total.statedBudgetTkr)} tkr; raderna är avrundade och summerar till ${tkr(e.total.budgetTkr)} tkr.`,
    );
  }
  return notes;
}

export function economySection(model: ReportModel): Block[] {
  const e = model.economy;
  const t = e.tables;
  const blocks: Block[] = [heading('Ekonomi', 2), ...tableBlocks(t.summary, false)];
  blocks.push(para('Kommentar', { bold: true, after: 60 }));
  for (const n of comment(e)) blocks.push(para(n, { size: 20 }));
  const comments = e.rows.flatMap((r) => r.comments.map((c) => `${r.name}: ${attributed(c)}`));
  if (comments.length > 0) {
    blocks.push(para('Kommentarer från enheterna:', { after: 60 }));
    for (const c of comments) blocks.push(bullet(c));
  }
  blocks.push(heading('Ekonomiska tabeller', 3));
  if (t.result) blocks.push(...tableBlocks(t.result));
  blocks.push(...tableBlocks(t.operations));
  if (t.investments) blocks.push(...tableBlocks(t.investments));
  blocks.push(heading('Träffsäkerhet i ekonomiprognos', 3));
  blocks.push(para(e.accuracyNote));
  for (const a of e.accuracy) blocks.push(bullet(a.text));
  return blocks;
}
