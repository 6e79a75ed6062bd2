/**
 * `npm run org:import`: the organisation from a spreadsheet (CSV or xlsx), validated with the same
 * rules as organisation.yaml, every problem with its row.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  COLUMNS,
  formatProblems,
  importOrganisation,
  parseCsv,
  readXlsx,
} from '../../src/config/org-import.js';
import { type OrganisationFile, organisationFileSchema } from '../../src/config/schema.js';
import { shippedConfigDir } from '../../src/config/settings.js';

const HEADER = Object.values(COLUMNS);
type Row = Partial<Record<keyof typeof COLUMNS, string>>;

let shipped: OrganisationFile;
let dir: string;

beforeAll(async () => {
  shipped = organisationFileSchema.parse(
    parse(await readFile(path.join(shippedConfigDir, 'organisation.yaml'), 'utf8')),
  );
  dir = await mkdtemp(path.join(tmpdir(), 'uppf-import-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The shipped organisation as the rows a controller would type, one per person and role. */
function shippedRows(): Row[] {
  const rows: Row[] = [];
  for (const adm of shipped.administrations) {
    for (const dep of adm.departments) {
      for (const unit of dep.units) {
        const base: Row = {
          administrationId: adm.id,
          administration: adm.name,
          departmentId: dep.id,
          department: dep.name,
          unitId: unit.id,
          unit: unit.name,
          shortName: unit.shortName,
        };
        unit.managers.forEach((m, i) => {
          rows.push({
            ...base,
            role: 'chef',
            name: m.name,
            upn: m.upn,
            aadObjectId: m.aadObjectId,
            ...(i === 0
              ? {
                  goals: unit.reports.goals.join(', '),
                  indicators: unit.reports.indicators.join(', '),
                  assignments: unit.reports.assignments.join(', '),
                  economyRows: unit.reports.economyRows.join(', '),
                }
              : {}),
          });
        });
        for (const d of unit.deputies)
          rows.push({ ...base, role: 'ersättare', name: d.name, upn: d.upn, aadObjectId: d.aadObjectId });
      }
    }
  }
  for (const l of shipped.leadership) {
    for (const role of l.roles) {
      rows.push({
        role: role === 'leadership' ? 'ledning' : role,
        name: l.name,
        upn: l.upn,
        aadObjectId: l.aadObjectId,
        title: l.title,
        scope: l.scope === 'committee' ? 'nämnd' : l.scope.administrations.join(', '),
      });
    }
  }
  return rows;
}

const table = (rows: readonly Row[]): string[][] => [
  HEADER,
  ...rows.map((r) => (Object.keys(COLUMNS) as (keyof typeof COLUMNS)[]).map((k) => r[k] ?? '')),
];

function csv(rows: readonly Row[]): string {
  const quote = (v: string) => (/[;"\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `${table(rows)
    .map((r) => r.map(quote).join(';'))
    .join('\r\n')}\r\n`;
}

describe('importing the organisation from a spreadsheet', () => {
  it("keeps the README's example file equal to the shipped organisation, importable as printed", async () => {
    const example = path.join(shippedConfigDir, 'exempel', 'organisation.csv');
    const text = await readFile(example, 'utf8');
    expect(text).toBe(csv(shippedRows()));
    const result = await importOrganisation(parseCsv(text), shippedConfigDir);
    expect(result.problems).toEqual([]);
  });

  it('reads a good CSV into the same organisation as the YAML', async () => {
    const result = await importOrganisation(parseCsv(csv(shippedRows())), shippedConfigDir);
    expect(result.problems).toEqual([]);
    const org = organisationFileSchema.parse(parse(result.yaml ?? ''));
    expect(org.contact).toEqual(shipped.contact);
    expect(org.administrations).toEqual(shipped.administrations);
    expect(org.leadership).toEqual(shipped.leadership);
    expect(result.summary).toMatch(/\d+ enheter/);
  });

  it('reads the same from an xlsx file, e-mail hyperlinks included', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Organisation');
    for (const r of table(shippedRows())) sheet.addRow(r);
    // Excel turns a typed e-mail address into a link; the import reads its text.
    const upnColumn = HEADER.indexOf('upn') + 1;
    const cell = sheet.getRow(2).getCell(upnColumn);
    cell.value = { text: String(cell.value), hyperlink: `mailto:${String(cell.value)}` };
    const file = path.join(dir, 'organisation.xlsx');
    await workbook.xlsx.writeFile(file);
    const result = await importOrganisation(await readXlsx(file), shippedConfigDir);
    expect(result.problems).toEqual([]);
    expect(organisationFileSchema.parse(parse(result.yaml ?? '')).administrations).toEqual(
      shipped.administrations,
    );
  });

  it('accepts managers by e-mail alone', async () => {
    const rows = shippedRows().map(({ aadObjectId: _, ...r }) => r);
    const result = await importOrganisation(parseCsv(csv(rows)), shippedConfigDir);
    expect(result.problems).toEqual([]);
    expect(result.yaml).not.toContain('aadObjectId');
  });

  it('lists five kinds of mistakes, each with its row, and writes nothing', async () => {
    const rows = shippedRows();
    // Row numbers in the sheet: the header is row 1, rows[i] is row i + 2.
    const at = (i: number) => i + 2;
    // rows[0] and rows[1] are AMC's manager (with the reports) and deputy.
    expect(rows[1]?.unitId).toBe(rows[0]?.unitId);
    const first = 0;
    rows[first] = { ...rows[first], goals: `${rows[first]?.goals ?? ''}, finns-inte` }; // 1. unknown goal
    rows[first + 1] = { ...rows[first + 1], unit: 'Ett annat namn' }; // 2. a unit named two ways
    const chefs = rows.flatMap((r, i) => (r.role === 'chef' && i > 1 ? [i] : []));
    const boss = chefs[0] ?? -1;
    rows[boss] = { ...rows[boss], role: 'boss' }; // 3. unknown role
    const badUpn = chefs[1] ?? -1;
    rows[badUpn] = { ...rows[badUpn], upn: 'erik.sjoberg' }; // 4. not an address
    const leader = rows.findIndex((r) => r.role === 'ledning');
    rows[leader] = { ...rows[leader], scope: 'XYZ' }; // 5. unknown administration in the scope
    const nameless = chefs[2] ?? -1;
    rows[nameless] = { ...rows[nameless], name: '' }; // 6. no name

    const result = await importOrganisation(parseCsv(csv(rows)), shippedConfigDir);
    expect(result.yaml).toBeNull();
    const byRow = (row: number) =>
      result.problems
        .filter((p) => p.row === row)
        .map((p) => p.message)
        .join('\n');
    expect(byRow(at(boss))).toMatch(/okänd roll ”boss”/);
    expect(byRow(at(badUpn))).toMatch(/upn.*UPN ska se ut som en e-postadress/);
    expect(byRow(at(first))).toMatch(/okänt nämndmål ”finns-inte”/);
    expect(byRow(at(first + 1))).toMatch(/enhetens namn .* är ”Ett annat namn” här/);
    expect(byRow(at(leader))).toMatch(/okänd förvaltning ”XYZ”/);
    expect(byRow(at(nameless))).toMatch(/namn saknas/);
    const text = formatProblems(result.problems);
    expect(text).toMatch(/^Kalkylbladet har \d+ fel; organisation.yaml skrevs inte:/);
    expect(text).toContain(`rad ${at(boss)}: okänd roll ”boss”`);
  });

  it('refuses unknown and missing columns', async () => {
    const result = await importOrganisation(
      [
        ['roll', 'namn', 'epost'],
        ['chef', 'A', 'a@b.se'],
      ],
      shippedConfigDir,
    );
    const text = result.problems.map((p) => `${p.row}: ${p.message}`).join('\n');
    expect(text).toContain('1: okänd kolumn ”epost”');
    expect(text).toContain('1: kolumnen ”upn” saknas');
  });

  it('writes organisation.yaml only when asked to run for real', async () => {
    const out = path.join(dir, 'out.yaml');
    await writeFile(out, 'orörd');
    const result = await importOrganisation(parseCsv(csv(shippedRows())), shippedConfigDir);
    expect(result.yaml).toMatch(/^# Organisationen, importerad med npm run org:import/);
    expect(await readFile(out, 'utf8')).toBe('orörd');
  });
});
