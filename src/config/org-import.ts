/**
 * What `npm run org:import` does (src/cli/org-import.ts): reads the organisation
 * (units, managers, deputies, leadership, what each unit reports) from a spreadsheet, validates it
 * with the same rules as `organisation.yaml` (schema and cross-file checks against the rest of the
 * configuration) and writes `organisation.yaml`. Every problem is listed with its row; nothing is
 * written while there is one. The columns are documented in config/README.md.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse as parseYaml, stringify } from 'yaml';
import { z } from 'zod';
import { ConfigError, loadConfig } from './load-config.js';

/** The columns, as the header row names them (case and spaces do not matter). */
export const COLUMNS = {
  administrationId: 'förvaltning_id',
  administration: 'förvaltning',
  departmentId: 'avdelning_id',
  department: 'avdelning',
  unitId: 'enhet_id',
  unit: 'enhet',
  shortName: 'kortnamn',
  role: 'roll',
  name: 'namn',
  upn: 'upn',
  aadObjectId: 'objekt_id',
  title: 'titel',
  scope: 'omfattning',
  goals: 'mål',
  indicators: 'indikatorer',
  assignments: 'uppdrag',
  economyRows: 'ekonomirader',
} as const;

type Column = keyof typeof COLUMNS;
const REQUIRED: readonly Column[] = ['role', 'name', 'upn'];

/** What organisation.yaml accepts as `upn`. */
const ADDRESS = z.string().email();

const ROLES = {
  chef: 'manager',
  ersättare: 'deputy',
  ledning: 'leadership',
  controller: 'controller',
  admin: 'admin',
} as const;

export interface ImportRow {
  /** 1-based row number in the sheet (the header is row 1). */
  readonly row: number;
  readonly cells: Readonly<Partial<Record<Column, string>>>;
}

export interface ImportProblem {
  /** Row in the spreadsheet; null for the file as a whole. */
  readonly row: number | null;
  readonly message: string;
}

export interface ImportResult {
  readonly problems: readonly ImportProblem[];
  /** The organisation file, when there are no problems. */
  readonly yaml: string | null;
  readonly summary: string;
}

const norm = (s: string): string => s.trim().toLowerCase().replace(/\s+/g, '_');

/** Header cells to columns; unknown headers are problems (a typo would otherwise drop data). */
function columnsOf(header: readonly string[], problems: ImportProblem[]): (Column | null)[] {
  const byName = new Map(Object.entries(COLUMNS).map(([k, v]) => [norm(v), k as Column]));
  const columns = header.map((h) => {
    if (!h.trim()) return null;
    const column = byName.get(norm(h));
    if (!column) problems.push({ row: 1, message: `okänd kolumn ”${h.trim()}”` });
    return column ?? null;
  });
  for (const required of REQUIRED) {
    if (!columns.includes(required))
      problems.push({ row: 1, message: `kolumnen ”${COLUMNS[required]}” saknas` });
  }
  return columns;
}

function rowsFrom(table: readonly (readonly string[])[], problems: ImportProblem[]): ImportRow[] {
  const [header = [], ...body] = table;
  const columns = columnsOf(header, problems);
  const rows: ImportRow[] = [];
  body.forEach((values, i) => {
    if (values.every((v) => !v.trim())) return;
    const cells: Partial<Record<Column, string>> = {};
    values.forEach((v, c) => {
      const column = columns[c];
      if (column && v.trim()) cells[column] = v.trim();
    });
    rows.push({ row: i + 2, cells });
  });
  return rows;
}

/** CSV as Excel writes it in Sweden (`;`) or elsewhere (`,`), with quoted cells. */
export function parseCsv(text: string): string[][] {
  const clean = text.replace(/^\uFEFF/, '');
  const firstLine = clean.split(/\r?\n/, 1)[0] ?? '';
  const separator = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < clean.length; i++) {
    const c = clean.charAt(i);
    if (quoted) {
      if (c === '"' && clean[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === separator) {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && clean[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else {
      cell += c;
    }
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** The first worksheet, as text the way Excel shows it (an e-mail hyperlink becomes its text). */
export async function readXlsx(file: string): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const values: string[] = [];
    for (let c = 1; c <= Math.max(row.cellCount, sheet.columnCount); c++)
      values.push(row.getCell(c).text ?? '');
    rows.push(values);
  }
  return rows;
}

const list = (s: string | undefined): string[] =>
  (s ?? '')
    .split(/[,;\n]/)
    .map((x) => x.trim())
    .filter(Boolean);

interface UnitDraft {
  administrationId: string;
  departmentId: string;
  name: string;
  shortName: string;
  managers: Record<string, string>[];
  deputies: Record<string, string>[];
  reports: { goals: string[]; indicators: string[]; assignments: string[]; economyRows: string[] };
  reportsRow: number | null;
  rows: number[];
  managerRows: number[];
  deputyRows: number[];
}

/** Builds the organisation from the rows; `where` maps a YAML path prefix to its row. */
function build(
  rows: readonly ImportRow[],
  problems: ImportProblem[],
): { administrations: unknown[]; leadership: unknown[]; where: Map<string, number> } {
  const administrations = new Map<
    string,
    { name: string; departments: Map<string, { name: string; units: string[] }> }
  >();
  const units = new Map<string, UnitDraft>();
  const leadership: { entry: Record<string, unknown>; row: number }[] = [];
  const same = (row: number, what: string, before: string, now: string | undefined) => {
    if (now && before && now !== before)
      problems.push({ row, message: `${what} är ”${now}” här men ”${before}” på en tidigare rad` });
  };

  for (const { row, cells } of rows) {
    const roleText = (cells.role ?? '').toLowerCase();
    const role = ROLES[roleText as keyof typeof ROLES];
    if (!role) {
      problems.push({ row, message: `okänd roll ”${cells.role ?? ''}”: ${Object.keys(ROLES).join(', ')}` });
      continue;
    }
    // Row-level checks of the person; a stand-in keeps the rest of the file checkable in one run
    // (the YAML rules check cross-references only in a file whose entries are all well-formed).
    if (!cells.name) problems.push({ row, message: 'namn saknas' });
    const upnOk = ADDRESS.safeParse(cells.upn ?? '').success;
    if (!cells.upn) problems.push({ row, message: 'upn (UPN eller e-postadress) saknas' });
    else if (!upnOk) problems.push({ row, message: `upn ”${cells.upn}”: UPN ska se ut som en e-postadress` });
    if (cells.aadObjectId?.startsWith('upn:')) {
      problems.push({ row, message: 'objekt_id får inte börja med ”upn:”; lämna cellen tom i stället' });
    }
    const person: Record<string, string> = {
      ...(cells.aadObjectId && !cells.aadObjectId.startsWith('upn:')
        ? { aadObjectId: cells.aadObjectId }
        : {}),
      name: cells.name ?? `(rad ${row})`,
      upn: upnOk ? (cells.upn ?? '') : `rad-${row}@ogiltig.invalid`,
    };

    if (role === 'manager' || role === 'deputy') {
      const unitId = cells.unitId ?? '';
      if (!unitId) {
        problems.push({ row, message: `enhet_id saknas för en ${roleText}` });
        continue;
      }
      let unit = units.get(unitId);
      if (!unit) {
        const missing = (['administrationId', 'departmentId', 'unit'] as const).filter((c) => !cells[c]);
        if (missing.length > 0) {
          problems.push({
            row,
            message: `enheten ”${unitId}” behöver ${missing.map((c) => COLUMNS[c]).join(', ')} på sin första rad`,
          });
          continue;
        }
        unit = {
          administrationId: cells.administrationId ?? '',
          departmentId: cells.departmentId ?? '',
          name: cells.unit ?? '',
          shortName: cells.shortName ?? cells.unit ?? '',
          managers: [],
          deputies: [],
          reports: { goals: [], indicators: [], assignments: [], economyRows: [] },
          reportsRow: null,
          rows: [],
          managerRows: [],
          deputyRows: [],
        };
        units.set(unitId, unit);
        const adm = administrations.get(unit.administrationId) ?? {
          name: cells.administration ?? unit.administrationId,
          departments: new Map(),
        };
        administrations.set(unit.administrationId, adm);
        const dep = adm.departments.get(unit.departmentId) ?? {
          name: cells.department ?? unit.departmentId,
          units: [],
        };
        adm.departments.set(unit.departmentId, dep);
        dep.units.push(unitId);
      } else {
        same(row, `förvaltning_id för enheten ”${unitId}”`, unit.administrationId, cells.administrationId);
        same(row, `avdelning_id för enheten ”${unitId}”`, unit.departmentId, cells.departmentId);
        same(row, `enhetens namn för ”${unitId}”`, unit.name, cells.unit);
      }
      unit.rows.push(row);
      if (role === 'manager') {
        unit.managers.push(person);
        unit.managerRows.push(row);
      } else {
        unit.deputies.push(person);
        unit.deputyRows.push(row);
      }
      const reports = {
        goals: list(cells.goals),
        indicators: list(cells.indicators),
        assignments: list(cells.assignments),
        economyRows: list(cells.economyRows),
      };
      if (Object.values(reports).some((r) => r.length > 0)) {
        if (unit.reportsRow !== null && JSON.stringify(reports) !== JSON.stringify(unit.reports)) {
          problems.push({
            row,
            message: `enheten ”${unitId}” har redan vad den rapporterar på rad ${unit.reportsRow}; ange det på en rad per enhet`,
          });
        } else {
          unit.reports = reports;
          unit.reportsRow = row;
        }
      }
    } else {
      const scopeText = (cells.scope ?? 'nämnd').trim();
      const scope = scopeText.toLowerCase() === 'nämnd' ? 'committee' : { administrations: list(scopeText) };
      const roles = role === 'leadership' ? ['leadership'] : [role];
      leadership.push({ entry: { ...person, title: cells.title ?? roleText, roles, scope }, row });
    }
  }

  // One leadership entry per person, with every role of theirs.
  const merged: { entry: Record<string, unknown>; row: number }[] = [];
  for (const l of leadership) {
    const upn = String(l.entry.upn).toLowerCase();
    const earlier = merged.find((m) => String(m.entry.upn).toLowerCase() === upn);
    if (earlier) {
      earlier.entry.roles = [
        ...new Set([...(earlier.entry.roles as string[]), ...(l.entry.roles as string[])]),
      ];
    } else {
      merged.push({ entry: { ...l.entry }, row: l.row });
    }
  }

  const where = new Map<string, number>();
  const admList = [...administrations.entries()].map(([id, adm], a) => ({
    id,
    name: adm.name,
    departments: [...adm.departments.entries()].map(([depId, dep], d) => ({
      id: depId,
      name: dep.name,
      units: dep.units.map((unitId, u) => {
        const unit = units.get(unitId) as UnitDraft;
        const prefix = `administrations[${a}].departments[${d}].units[${u}]`;
        where.set(prefix, unit.rows[0] ?? 0);
        for (const [i, r] of unit.managerRows.entries()) where.set(`${prefix}.managers[${i}]`, r);
        for (const [i, r] of unit.deputyRows.entries()) where.set(`${prefix}.deputies[${i}]`, r);
        if (unit.reportsRow !== null) where.set(`${prefix}.reports`, unit.reportsRow);
        return {
          id: unitId,
          name: unit.name,
          shortName: unit.shortName,
          managers: unit.managers,
          deputies: unit.deputies,
          reports: unit.reports,
        };
      }),
    })),
  }));
  for (const [i, l] of merged.entries()) where.set(`leadership[${i}]`, l.row);
  for (const [id, unit] of units) {
    if (unit.managers.length === 0) {
      problems.push({ row: unit.rows[0] ?? null, message: `enheten ”${id}” har ingen chef` });
    }
  }
  return { administrations: admList, leadership: merged.map((l) => l.entry), where };
}

/** The row a configuration problem's path points into (the longest known prefix). */
function rowOf(where: ReadonlyMap<string, number>, p: string): number | null {
  let best: string | null = null;
  for (const prefix of where.keys()) {
    if (
      (p === prefix || p.startsWith(`${prefix}.`) || p.startsWith(`${prefix}[`)) &&
      (!best || prefix.length > best.length)
    )
      best = prefix;
  }
  return best ? (where.get(best) ?? null) : null;
}

/**
 * Imports a table (header first) into an organisation file for the configuration in `configDir`,
 * keeping its `contact` and `tenantId`.
 */
export async function importOrganisation(
  table: readonly (readonly string[])[],
  configDir: string,
): Promise<ImportResult> {
  const problems: ImportProblem[] = [];
  const rows = rowsFrom(table, problems);
  if (rows.length === 0) problems.push({ row: null, message: 'filen har inga rader under rubrikraden' });
  const { administrations, leadership, where } = build(rows, problems);

  const current = parseYaml(await readFile(path.join(configDir, 'organisation.yaml'), 'utf8')) as Record<
    string,
    unknown
  >;
  const org: Record<string, unknown> = {
    contact: current.contact,
    ...(current.tenantId ? { tenantId: current.tenantId } : {}),
    administrations,
    leadership,
  };
  const yaml = `# Organisationen, importerad med npm run org:import. Ändra i kalkylbladet och importera igen.\n${stringify(org)}`;

  // The same rules as organisation.yaml: load the whole configuration with the new file.
  const scratch = await mkdtemp(path.join(tmpdir(), 'uppf-import-'));
  try {
    await cp(configDir, scratch, { recursive: true });
    await writeFile(path.join(scratch, 'organisation.yaml'), yaml);
    const config = await loadConfig(scratch);
    const summary = `${config.units.length} enheter, ${config.organisation.leadership.length} i ledningen`;
    return problems.length > 0 ? { problems, yaml: null, summary } : { problems, yaml, summary };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const p of error.problems) {
      if (p.file !== 'organisation.yaml') {
        problems.push({ row: null, message: `${p.file} ${p.path}: ${p.message}` });
        continue;
      }
      problems.push({ row: rowOf(where, p.path), message: `${p.path}: ${p.message}` });
    }
    return { problems, yaml: null, summary: '' };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

export function formatProblems(problems: readonly ImportProblem[]): string {
  const sorted = [...problems].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return [
    `Kalkylbladet har ${problems.length} fel; organisation.yaml skrevs inte:`,
    ...sorted.map((p) => `  ${p.row === null ? 'filen' : `rad ${p.row}`}: ${p.message}`),
  ].join('\n');
}
