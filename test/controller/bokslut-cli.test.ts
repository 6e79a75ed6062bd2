/**
 * `npm run bokslut` against Azurite: every problem of a file listed with its line and nothing
 * stored; a good file stored in December (also after it locked), versioned and audited, refused for
 * someone who is not the controller; the report then computes träffsäkerhet from it.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runBokslutCli } from '../../src/cli/bokslut.js';
import { type CommitteeConfig, loadConfig } from '../../src/config/load-config.js';
import { bokslutKey } from '../../src/controller/service.js';
import type { BokslutAnswer } from '../../src/followup/answers.js';
import { buildReport } from '../../src/reporting/build-report.js';
import type { ReportModel } from '../../src/reporting/report-model.js';
import { openStorage, type Storage } from '../../src/storage/index.js';
import { cliDeps, writeLines } from '../support/cli.js';

const configDir = fileURLToPath(new URL('../../config', import.meta.url));
const prefix = `b${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const connectionString = () => inject('azuriteConnectionString');
/** After year end: December 2024 has locked. */
const now = () => new Date('2025-02-10T09:00:00Z');

let storage: Storage;
let config: CommitteeConfig;
let dir: string;

const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ').replace(/\u2212/g, '-');

function command() {
  return cliDeps(
    { STORAGE_CONNECTION_STRING: connectionString(), TABLE_PREFIX: prefix, CONFIG_DIR: configDir },
    now,
  );
}

const csv = (name: string, lines: readonly string[]) => writeLines(dir, name, lines);

/** Every row at its 2024 budget, ekonomiskt bistånd 4 500 tkr over, in Swedish number format. */
function goodLines(): string[] {
  return [
    'rad-id;utfall tkr',
    ...config.economy.rows.map((r) => {
      const value = (r.budget['2024'] ?? 0) + (r.id === 'ekonomiskt-bistand' ? 4_500 : 0);
      return `${r.id};${value.toLocaleString('sv-SE')}`;
    }),
  ];
}

beforeAll(async () => {
  config = await loadConfig(configDir);
  storage = await openStorage({ kind: 'connectionString', connectionString: connectionString() }, prefix);
  dir = await mkdtemp(join(tmpdir(), 'bokslut-'));
});

afterAll(async () => {
  await storage?.close();
});

describe('npm run bokslut', () => {
  it('lists every problem with its line and stores nothing', async () => {
    const lines = goodLines();
    lines[2] = 'ekonomiskt-bistand;327 500,5';
    lines[3] = 'flyktingmottagande;fyrtio';
    lines[4] = 'okand-rad;100'; // in place of arbetsmarknadsåtgärder
    lines.splice(5, 1); // and IAF's row left out
    lines.push('sfi;63 200');
    lines.push('bara-en-kolumn');
    const file = await csv('fel.csv', lines);
    const run = command();
    expect(await runBokslutCli(['--year', '2024', '--file', file], run.deps)).toBe(7);
    expect(run.stderr.text().split('\n')).toEqual([
      `Inget sparades: 6 fel i ${file}.`,
      '  Rad 3: Ekonomiskt bistånd: ange hela tkr utan decimaler, inte 327 500,5.',
      '  Rad 4: Flyktingmottagande: ”fyrtio” är inget tal. Skriv hela tkr, t.ex. 323 000.',
      expect.stringMatching(
        /^ {2}Rad 5: raden ”okand-rad” finns inte i driftsammandraget \(economy\.yaml\)\. Giltiga rad-id: namnd-och-styrelseverksamhet, /,
      ),
      '  Rad 11: Svenska för invandrare (SFI) finns redan på rad 9; ange varje rad en gång.',
      '  Rad 12: ska ha två kolumner, rad-id och utfall tkr (t.ex. ”ekonomiskt-bistand;327 500”), inte 1.',
      '  Utfall saknas för Arbetsmarknadsåtgärder (arbetsmarknadsatgarder), Integrations- och arbetsmarknadsförvaltningen (integrations-och-arbetsmarknadsforvaltningen).',
      '',
    ]);
    expect(await storage.answers.get(bokslutKey(config, 2024))).toBeNull();
  });

  it('refuses someone without the controller role, audited, and stores nothing', async () => {
    const file = await csv('bra.csv', goodLines());
    const run = command();
    expect(await runBokslutCli(['--year', '2024', '--file', file, '--by', 'Helena Strand'], run.deps)).toBe(
      6,
    );
    expect(run.stderr.text()).toContain(
      '”Helena Strand” har inte rollen controller i organisation.yaml, så inget sparades.',
    );
    expect(await storage.answers.get(bokslutKey(config, 2024))).toBeNull();
    const audit = await storage.audit.list(config.goals.committee.id, { limit: 5 });
    expect(audit.some((a) => a.action === 'bokslut.refused' && a.details.reason === 'not-controller')).toBe(
      true,
    );
  });

  it('stores a good file after December has locked, then versions a second one', async () => {
    const december = config.periods.find((p) => p.id === '2024-12');
    expect(now().toISOString() > (december?.locksAt ?? '')).toBe(true);
    const file = await csv('bra.csv', goodLines());
    const first = command();
    expect(await runBokslutCli(['--year', '2024', '--file', file], first.deps)).toBe(0);
    expect(plain(first.stdout.text())).toBe(
      'Bokslut 2024 sparat av David Ek: 647 800 tkr för 10 rader (budget 643 300 tkr), version 1.\n',
    );
    const stored = await storage.answers.get<BokslutAnswer>(bokslutKey(config, 2024));
    expect(stored).toMatchObject({
      periodId: '2024-12',
      unitId: '_namnd',
      item: 'bokslut',
      revision: 1,
      answeredBy: { aadObjectId: 'demo-controller', name: 'David Ek' },
    });
    expect(stored?.payload.rows['ekonomiskt-bistand']).toEqual({ outcomeTkr: 327_500 });

    const second = command();
    expect(
      await runBokslutCli(['--year', '2024', '--file', file, '--by', 'david.ek@example.se'], second.deps),
    ).toBe(0);
    expect(second.stdout.text()).toContain('Ersätter version 1 från David Ek.');
    const history = await storage.answers.history(bokslutKey(config, 2024));
    expect(history.map((h) => h.revision)).toEqual([1, 2]);
  });

  it('the report uses the bokslut for träffsäkerhet', async () => {
    const model: ReportModel = await buildReport(
      { config, answers: storage.answers, decisions: storage.decisions, now },
      config.periods.find((p) => p.id === '2024-12') as never,
    );
    expect(model.economy.outcomeSource).toBe('bokslut');
    expect(model.economy.rows.find((r) => r.id === 'ekonomiskt-bistand')?.outcomeTkr).toBe(327_500);
    expect(plain(model.economy.accuracyNote)).toContain('prognosen jämförd med bokslutet 647 800 tkr');
  });
});
