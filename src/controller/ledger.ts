/**
 * The ledger's (ekonomisystemets) figures for a period, as the controller exports them to a CSV
 * file: one line per post, the same five amount columns on every line. Pure: every problem is
 * listed with its line, and any problem means nothing may be stored. Columns: config/README.md.
 */
import type { CommitteeConfig } from '../config/load-config.js';
import type { Parsed } from '../followup/answers.js';
import type { LedgerAnswer, LedgerFigures } from '../followup/ledger-answer.js';
import { readCsvLines } from '../shared/csv.js';
import { tkr } from '../shared/swedish-format.js';
import { parseSwedishNumber } from '../shared/swedish-number.js';
import { normalise } from '../shared/text.js';

/** Sane bounds for a nämnd's amount, in tkr. */
const MAX_TKR = 10_000_000;

type Figure = keyof LedgerFigures;
const FIGURES: readonly Figure[] = [
  'bookedTkr',
  'periodBudgetTkr',
  'previousYearTkr',
  'prognosisTkr',
  'budgetTkr',
];

/** The file's columns as the header names them (matched without case, accents or " tkr"). */
export const LEDGER_COLUMNS = {
  post: 'post',
  id: 'id',
  name: 'namn',
  bookedTkr: 'redovisat',
  periodBudgetTkr: 'periodiserad budget',
  previousYearTkr: 'redovisat föregående år',
  prognosisTkr: 'prognos',
  budgetTkr: 'budget',
} as const;
type ColumnKey = keyof typeof LEDGER_COLUMNS;
/** `namn` is for the reader of the file only. */
const OPTIONAL_COLUMNS: readonly ColumnKey[] = ['name'];

type Need = 'required' | 'optional' | 'empty';
export type LedgerPost =
  | 'drift'
  | 'kostnader'
  | 'intakter'
  | 'enheter'
  | 'investering-utgifter'
  | 'investering-inkomster';

interface PostRule {
  /** As the file writes it. */
  readonly written: string;
  readonly id: 'row' | 'none' | 'investment';
  readonly figures: Readonly<Record<Figure, Need>>;
  readonly sign: 'any' | 'positive' | 'negative';
}

const row = (booked: Need, period: Need, previous: Need, prognosis: Need, budget: Need) => ({
  bookedTkr: booked,
  periodBudgetTkr: period,
  previousYearTkr: previous,
  prognosisTkr: prognosis,
  budgetTkr: budget,
});

/** Which figure each post has. A figure marked `empty` comes from elsewhere and must be left out. */
export const LEDGER_POSTS: Readonly<Record<LedgerPost, PostRule>> = {
  drift: {
    written: 'drift',
    id: 'row',
    figures: row('required', 'required', 'optional', 'empty', 'empty'),
    sign: 'any',
  },
  kostnader: {
    written: 'kostnader',
    id: 'none',
    figures: row('required', 'required', 'optional', 'optional', 'optional'),
    sign: 'positive',
  },
  intakter: {
    written: 'intäkter',
    id: 'none',
    figures: row('required', 'required', 'optional', 'optional', 'optional'),
    sign: 'negative',
  },
  enheter: {
    written: 'enheter',
    id: 'none',
    figures: row('required', 'required', 'optional', 'required', 'required'),
    sign: 'any',
  },
  'investering-utgifter': {
    written: 'investering-utgifter',
    id: 'investment',
    figures: row('required', 'empty', 'empty', 'required', 'optional'),
    sign: 'positive',
  },
  'investering-inkomster': {
    written: 'investering-inkomster',
    id: 'investment',
    figures: row('required', 'empty', 'empty', 'required', 'optional'),
    sign: 'negative',
  },
};

const POST_ALIASES: Readonly<Record<string, LedgerPost>> = {
  drift: 'drift',
  kostnader: 'kostnader',
  'varav kostnader': 'kostnader',
  intakter: 'intakter',
  'varav intakter': 'intakter',
  enheter: 'enheter',
  'namndens enheter': 'enheter',
  'investering utgifter': 'investering-utgifter',
  'investeringar utgifter': 'investering-utgifter',
  'investering inkomster': 'investering-inkomster',
  'investeringar inkomster': 'investering-inkomster',
};

const fold = (text: string) => normalise(text.replace(/-/g, ' ')).replace(/ tkr$/, '');

/** Why a figure must be left empty, per post kind. */
function whyEmpty(post: LedgerPost, figure: Figure): string {
  if (post === 'drift' && figure === 'prognosisTkr') return 'prognosen per rad lämnar enheterna i boten';
  if (post === 'drift' && figure === 'budgetTkr') return 'årsbudgeten per rad står i economy.yaml';
  return 'den används inte för investeringar';
}

const EMPTY: LedgerFigures = {
  bookedTkr: null,
  periodBudgetTkr: null,
  previousYearTkr: null,
  prognosisTkr: null,
  budgetTkr: null,
};

interface Line {
  readonly line: number;
  readonly cells: Readonly<Partial<Record<ColumnKey, string>>>;
}

/** The header line: which cell is which column. Every problem of the header, or the mapping. */
function readHeader(
  record: readonly string[],
  line: number,
): { columns: ColumnKey[] } | { errors: string[] } {
  const byName = new Map(Object.entries(LEDGER_COLUMNS).map(([k, h]) => [fold(h), k as ColumnKey]));
  const list = Object.entries(LEDGER_COLUMNS)
    .map(([k, h]) => (OPTIONAL_COLUMNS.includes(k as ColumnKey) ? `${h} (frivillig)` : h))
    .join(', ');
  if (fold(record[0] ?? '') !== 'post') {
    return {
      errors: [
        `Rad ${line}: första raden ska vara rubrikraden med kolumnerna ${list} (t.ex. "post;id;namn;redovisat;…"), inte "${record.join(';')}".`,
      ],
    };
  }
  const errors: string[] = [];
  const columns: ColumnKey[] = [];
  for (const cell of record) {
    const key = byName.get(fold(cell));
    if (!key) errors.push(`Rad ${line}: okänd kolumn "${cell}". Kolumnerna är: ${list}.`);
    else if (columns.includes(key)) errors.push(`Rad ${line}: kolumnen "${cell}" finns två gånger.`);
    if (key) columns.push(key);
  }
  for (const [key, header] of Object.entries(LEDGER_COLUMNS)) {
    if (!columns.includes(key as ColumnKey) && !OPTIONAL_COLUMNS.includes(key as ColumnKey)) {
      errors.push(`Rad ${line}: rubrikraden saknar kolumnen "${header}".`);
    }
  }
  return errors.length > 0 ? { errors } : { columns };
}

interface Post {
  readonly post: LedgerPost;
  readonly id: string;
  readonly label: string;
  readonly line: number;
  readonly figures: LedgerFigures;
}

/** One line: its post, what it is about, and its figures by the post's rules. */
function readLine(config: CommitteeConfig, year: number, line: Line, errors: string[]): Post | null {
  const at = `Rad ${line.line}: `;
  const written = line.cells.post ?? '';
  const post = POST_ALIASES[fold(written)];
  if (!post) {
    errors.push(
      `${at}okänd post "${written}". Giltiga poster: ${Object.values(LEDGER_POSTS)
        .map((p) => p.written)
        .join(', ')}.`,
    );
    return null;
  }
  const rule = LEDGER_POSTS[post];
  const id = (line.cells.id ?? '').trim();
  let label: string;
  if (rule.id === 'row') {
    const found = config.economy.rows.find((r) => r.id === id);
    if (!found) {
      errors.push(
        id === ''
          ? `${at}drift behöver ett rad-id ur economy.yaml i kolumnen id.`
          : `${at}raden "${id}" finns inte i driftsammandraget (economy.yaml). Giltiga rad-id: ${config.economy.rows.map((r) => r.id).join(', ')}.`,
      );
      return null;
    }
    label = found.name;
  } else if (rule.id === 'investment') {
    const found = config.economy.investments.find((i) => i.id === id);
    if (!found) {
      const valid = config.economy.investments.map((i) => i.id);
      errors.push(
        valid.length === 0
          ? `${at}economy.yaml har inga investeringsobjekt (investments), så ${rule.written} kan inte läsas in.`
          : `${at}investeringsobjektet "${id}" finns inte i economy.yaml (investments). Giltiga id: ${valid.join(', ')}.`,
      );
      return null;
    }
    label = `${found.name} (${post === 'investering-utgifter' ? 'utgifter' : 'inkomster'})`;
  } else {
    label =
      post === 'kostnader'
        ? 'Varav kostnader'
        : post === 'intakter'
          ? 'Varav intäkter'
          : (config.economy.units?.name ?? 'Nämndens enheter');
    if (id !== '') {
      errors.push(`${at}${label}: ${rule.written} har inget id; lämna kolumnen id tom, inte "${id}".`);
      return null;
    }
  }

  const figures: Record<Figure, number | null> = { ...EMPTY };
  let ok = true;
  for (const figure of FIGURES) {
    const header = LEDGER_COLUMNS[figure];
    const raw = (line.cells[figure] ?? '').trim();
    const given = raw !== '' && !/^[-–−]$/.test(raw);
    const need = rule.figures[figure];
    if (need === 'empty') {
      if (given) {
        errors.push(`${at}${label}: lämna ${header} tom – ${whyEmpty(post, figure)}.`);
        ok = false;
      }
      continue;
    }
    if (!given) {
      if (need === 'required') {
        errors.push(`${at}${label}: ${header} saknas.`);
        ok = false;
      }
      continue;
    }
    const value = parseSwedishNumber(raw);
    if (value === null) {
      errors.push(`${at}${label}, ${header}: "${raw}" är inget tal. Skriv hela tkr, t.ex. 205 084.`);
    } else if (!Number.isInteger(value)) {
      errors.push(`${at}${label}, ${header}: ange hela tkr utan decimaler, inte ${raw}.`);
    } else if (Math.abs(value) > MAX_TKR) {
      errors.push(`${at}${label}, ${header}: ${raw} tkr är orimligt stort (högst ±10 000 000 tkr).`);
    } else if (rule.sign === 'negative' && value > 0) {
      errors.push(
        `${at}${label}, ${header}: intäkter och inkomster skrivs negativa, som i driftsammandraget (t.ex. -20 693), inte ${raw}.`,
      );
    } else if (rule.sign === 'positive' && value < 0) {
      errors.push(`${at}${label}, ${header}: kostnader och utgifter skrivs positiva, inte ${raw}.`);
    } else {
      figures[figure] = value;
      continue;
    }
    ok = false;
  }
  if (post === 'investering-utgifter' && figures.budgetTkr === null && ok) {
    const object = config.economy.investments.find((i) => i.id === id);
    if (object?.budget[String(year)] === undefined) {
      errors.push(
        `${at}${label}: investeringsram (kolumnen budget) saknas, och economy.yaml har ingen budget ${year} för objektet.`,
      );
      ok = false;
    }
  }
  return ok ? { post, id, label, line: line.line, figures } : null;
}

/** The file's lines as cells by column, after its header. */
function readLines(text: string): { lines: Line[]; errors: string[] } {
  const csv = readCsvLines(text);
  if ('error' in csv) return { lines: [], errors: [csv.error] };
  const [head, ...rest] = csv.records;
  if (!head) return { lines: [], errors: ['Filen är tom: den ska ha en rubrikrad och en rad per post.'] };
  const header = readHeader(head.record, head.line);
  if ('errors' in header) return { lines: [], errors: header.errors };
  const errors: string[] = [];
  const lines: Line[] = [];
  for (const { record, line } of rest) {
    // Trailing empty cells (a spreadsheet's) are no extra columns.
    const cells = record.filter((c, i) => i < header.columns.length || c !== '');
    if (cells.length > header.columns.length) {
      errors.push(`Rad ${line}: har ${cells.length} kolumner men rubrikraden har ${header.columns.length}.`);
      continue;
    }
    lines.push({ line, cells: Object.fromEntries(header.columns.map((key, i) => [key, cells[i] ?? ''])) });
  }
  return { lines, errors };
}

/** The sum of the rows against varav kostnader + varav intäkter, for one figure. */
function checkSplit(
  figure: Figure,
  rows: readonly Post[],
  costs: Post | undefined,
  income: Post | undefined,
  errors: string[],
): void {
  const values = rows.map((r) => r.figures[figure]);
  const c = costs?.figures[figure] ?? null;
  const i = income?.figures[figure] ?? null;
  if (c === null || i === null || values.some((v) => v === null)) return;
  const sum = values.reduce<number>((s, v) => s + (v ?? 0), 0);
  // Each line is rounded to whole tkr on its own, so the split may miss the sum by rounding.
  const tolerance = rows.length;
  if (Math.abs(c + i - sum) > tolerance) {
    errors.push(
      `Rad ${costs?.line} och ${income?.line}: varav kostnader och varav intäkter, ${LEDGER_COLUMNS[figure]}: ${tkr(c)} + (${tkr(i)}) = ${tkr(c + i)} tkr ska vara driftradernas summa ${tkr(sum)} tkr (högst ${tolerance} tkr i avrundning).`,
    );
  }
}

/**
 * A ledger file for `period`. Every post once: each driftsammandrag row, kostnader, intäkter,
 * Nämndens enheter when economy.yaml has it, investering-utgifter per investment object
 * (investering-inkomster only where the object has inkomster).
 */
export function parseLedgerCsv(
  config: CommitteeConfig,
  period: { readonly id: string; readonly year: number },
  text: string,
): Parsed<LedgerAnswer> {
  const read = readLines(text);
  const errors = [...read.errors];
  const posts: Post[] = [];
  const seen = new Map<string, number>();
  for (const line of read.lines) {
    const post = readLine(config, period.year, line, errors);
    if (!post) continue;
    const key = `${post.post}|${post.id}`;
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push(`Rad ${post.line}: ${post.label} finns redan på rad ${first}; ange varje post en gång.`);
      continue;
    }
    seen.set(key, post.line);
    posts.push(post);
  }
  // A line with an error is not in `posts` but was seen: it is not also reported missing.
  const mentioned = (post: LedgerPost, id: string) =>
    read.lines.some(
      (l) => POST_ALIASES[fold(l.cells.post ?? '')] === post && (l.cells.id ?? '').trim() === id,
    );
  const missing: string[] = [];
  for (const r of config.economy.rows)
    if (!mentioned('drift', r.id)) missing.push(`drift för ${r.name} (${r.id})`);
  if (!mentioned('kostnader', '')) missing.push('kostnader');
  if (!mentioned('intakter', '')) missing.push('intäkter');
  if (config.economy.units && !mentioned('enheter', ''))
    missing.push(`enheter (${config.economy.units.name})`);
  for (const i of config.economy.investments)
    if (!mentioned('investering-utgifter', i.id))
      missing.push(`investering-utgifter för ${i.name} (${i.id})`);
  if (missing.length > 0) errors.push(`Saknas i filen: ${missing.join('; ')}.`);

  const of = (post: LedgerPost) => posts.filter((p) => p.post === post);
  const rows = of('drift');
  const costs = of('kostnader')[0];
  const income = of('intakter')[0];
  if (missing.length === 0 && errors.length === 0) {
    for (const figure of ['bookedTkr', 'periodBudgetTkr', 'previousYearTkr'] as const)
      checkSplit(figure, rows, costs, income, errors);
  }

  const investments: Record<string, { expenditure: LedgerFigures; income: LedgerFigures | null }> = {};
  for (const p of of('investering-utgifter')) investments[p.id] = { expenditure: p.figures, income: null };
  for (const p of of('investering-inkomster')) {
    const found = investments[p.id];
    if (found) found.income = p.figures;
  }
  const lineOf = (e: string) => Number(/^Rad (\d+):/.exec(e)?.[1] ?? Number.POSITIVE_INFINITY);
  return {
    value: {
      kind: 'ledger',
      periodId: period.id,
      rows: Object.fromEntries(rows.map((r) => [r.id, r.figures])),
      costs: costs?.figures ?? EMPTY,
      income: income?.figures ?? EMPTY,
      units: of('enheter')[0]?.figures ?? null,
      investments,
    },
    // In file order: a problem's line first, problems of the whole file last.
    errors: errors.sort((a, b) => lineOf(a) - lineOf(b)),
  };
}
