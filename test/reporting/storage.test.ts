/**
 * The report from real storage (Azurite): fixture answers written through the answer store, the
 * report built through the ports, and the report and decide commands run in-process.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Period } from '../../src/calendar/periods.js';
import { runDecideCli } from '../../src/cli/decide.js';
import { runReportCli } from '../../src/cli/report.js';
import type { CliDeps, Output } from '../../src/cli/run-cli.js';
import { type CommitteeConfig, loadConfig } from '../../src/config/load-config.js';
import { aggregate, allGoals } from '../../src/reporting/aggregate.js';
import { buildReport } from '../../src/reporting/build-report.js';
import type { ReportModel } from '../../src/reporting/report-model.js';
import { openStorage, type Storage } from '../../src/storage/index.js';
import {
  fixtureEvents,
  GENERATED_AT,
  people,
  periodAnswers,
  writeFixture,
} from '../support/report-fixtures.js';

const configDir = fileURLToPath(new URL('../../config', import.meta.url));
const prefix = `r${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const connectionString = () => inject('azuriteConnectionString');
const now = () => new Date(GENERATED_AT);

let storage: Storage;
let config: CommitteeConfig;
let august: Period;
let outDir: string;

beforeAll(async () => {
  config = await loadConfig(configDir);
  august = config.periods.find((p) => p.id === '2024-08') as Period;
  storage = await openStorage({ kind: 'connectionString', connectionString: connectionString() }, prefix);
  await writeFixture(storage.answers, fixtureEvents());
  outDir = await mkdtemp(path.join(tmpdir(), 'uppf-report-'));
});

afterAll(async () => {
  await storage?.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

function capture(isTTY = false): Output & { text: () => string } {
  const chunks: string[] = [];
  return { isTTY, write: (s: string) => chunks.push(s), text: () => chunks.join('') };
}

function cliDeps(extra: Partial<CliDeps> = {}) {
  const stdout = capture();
  const stderr = capture();
  const deps: CliDeps = {
    // The same variables the bot reads: the CLI finds the data exactly as the bot does.
    env: { STORAGE_CONNECTION_STRING: connectionString(), TABLE_PREFIX: prefix, CONFIG_DIR: configDir },
    stdout,
    stderr,
    now,
    ...extra,
  };
  return { deps, stdout, stderr };
}

describe('building the report from storage', () => {
  it('reads the same model from Azurite as the pure aggregation of the fixture', async () => {
    const fromStorage = await buildReport(
      { config, answers: storage.answers, decisions: storage.decisions, now },
      august,
    );
    const pure = aggregate({
      config,
      period: august,
      answers: periodAnswers(config, fixtureEvents()),
      decisions: [],
      generatedAt: GENERATED_AT,
    });
    expect(fromStorage).toEqual(pure);
    // The changed-after-sending-in item came from the history, not the current draft.
    const kk = allGoals(fromStorage).find((g) => g.id === 'kunskap-och-kompetens');
    expect(kk?.units.find((u) => u.unitId === 'linvux')?.status?.id).toBe('uppfylls');
  });

  it('reports progress per period read', async () => {
    const steps: string[] = [];
    await buildReport({ config, answers: storage.answers, decisions: storage.decisions, now }, august, {
      onProgress: (done, total, what) => steps.push(`${done}/${total} ${what}`),
    });
    expect(steps[0]).toBe('1/9 Läste svaren för januari 2024');
    expect(steps.at(-1)).toBe('9/9 Läste ledningens beslut');
  });
});

describe('npm run report', () => {
  it('writes a Word report for a period, with a plain progress log when not on a terminal', async () => {
    const { deps, stdout, stderr } = cliDeps();
    const out = path.join(outDir, 'augusti.docx');
    const code = await runReportCli(
      ['--period', '2024-08', '--committee', 'AN', '--format', 'docx', '--out', out],
      deps,
    );
    expect(stderr.text()).not.toContain('Oväntat fel');
    expect(code).toBe(0);
    expect(stdout.text()).toContain(`Word-rapporten för augusti 2024 – delår 2 är sparad i ${out}`);
    expect(stdout.text()).toContain('från 7 av 9 enheters svar');
    expect(stderr.text()).toMatch(/^\[1\/11\] Läste inställningar och konfiguration$/m);
    expect(stderr.text()).toMatch(/^\[11\/11\] Läste ledningens beslut$/m);
    const zip = await JSZip.loadAsync(await readFile(out));
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    expect(xml).toContain('Delårsrapport 2 2024');
    expect(xml).toContain('Hög egenförsörjningsgrad');
  });

  it('draws a progress bar on a terminal and takes the format from the file name', async () => {
    const stderr = capture(true);
    const { deps } = cliDeps({ stderr });
    const out = path.join(outDir, 'augusti.xlsx');
    expect(await runReportCli(['--period', '2024-08', '--out', out], deps)).toBe(0);
    expect(stderr.text()).toContain('\r[');
    expect(stderr.text()).toContain('█');
    expect(stderr.text()).toContain('100 %');
    expect((await readFile(out)).subarray(0, 2).toString()).toBe('PK');
  });

  it('writes the JSON model to standard out', async () => {
    const { deps, stdout } = cliDeps();
    expect(await runReportCli(['--period', '2024-08', '--format', 'json'], deps)).toBe(0);
    const model = JSON.parse(stdout.text()) as ReportModel;
    expect(model.schemaVersion).toBe(3);
    expect(model.basis.unitsIncluded).toBe(7);
  });

  it('says clearly when the period is unknown, empty, or only has drafts', async () => {
    const unknown = cliDeps();
    expect(await runReportCli(['--period', '2031-01', '--format', 'md'], unknown.deps)).toBe(3);
    expect(unknown.stderr.text()).toContain(
      'Perioden 2031-01 finns inte i uppföljningskalendern (calendar.yaml). Kalendern har perioder från 2024-01 till 2025-12.',
    );

    const empty = cliDeps();
    expect(await runReportCli(['--period', '2024-03', '--format', 'md'], empty.deps)).toBe(4);
    expect(empty.stderr.text()).toContain(
      'Perioden mars 2024 – delår 1 (2024-03) har inga svar ännu: ingen av 9 enheter har svarat. Ingen rapport skrevs.',
    );
    expect(empty.stdout.text()).toBe('');

    const draftsOnly = `d${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const other = await openStorage(
      { kind: 'connectionString', connectionString: connectionString() },
      draftsOnly,
    );
    try {
      await writeFixture(
        other.answers,
        fixtureEvents().filter((e) => e.periodId === '2024-08' && e.unitId === 'utb-stab'),
      );
    } finally {
      await other.close();
    }
    const drafts = cliDeps({
      storage: {
        target: { kind: 'connectionString', connectionString: connectionString() },
        tablePrefix: draftsOnly,
      },
    });
    expect(await runReportCli(['--period', '2024-08', '--format', 'md'], drafts.deps)).toBe(4);
    expect(drafts.stderr.text()).toContain(
      'Ingen enhet har skickat in sina svar för augusti 2024 – delår 2 (2024-08); 1 enhet har utkast.',
    );
    expect(
      await runReportCli(['--period', '2024-08', '--format', 'md', '--include-drafts'], drafts.deps),
    ).toBe(0);
    expect(drafts.stdout.text()).toContain(
      'från 1 av 9 enheters svar (inklusive svar som inte är inskickade)',
    );
  });

  it('refuses wrong arguments and another nämnd with exit codes', async () => {
    const bad = cliDeps();
    expect(await runReportCli(['--period', '2024-08', '--format', 'pdf'], bad.deps)).toBe(2);
    expect(bad.stderr.text()).toContain('Okänt format ”pdf”. Välj docx, xlsx, md, json.');
    const unknownOption = cliDeps();
    expect(await runReportCli(['--perod', '2024-08'], unknownOption.deps)).toBe(2);
    expect(unknownOption.stderr.text()).toContain('Användning: npm run report');
    const noPeriod = cliDeps();
    expect(await runReportCli(['--format', 'md'], noPeriod.deps)).toBe(2);
    expect(noPeriod.stderr.text()).toContain('Ange perioden med --period');
    const committee = cliDeps();
    expect(
      await runReportCli(['--period', '2024-08', '--format', 'md', '--committee', 'BUN'], committee.deps),
    ).toBe(3);
    expect(committee.stderr.text()).toContain('gäller Arbetsmarknadsnämnden (AN), inte ”BUN”');
    const help = cliDeps();
    expect(await runReportCli(['--help'], help.deps)).toBe(0);
    expect(help.stdout.text()).toContain('Slutkoder: 0 klart');
  });
});

describe('npm run decide', () => {
  const args = (status: string, motivation: string) => [
    '--period',
    '2024-08',
    '--goal',
    'hog-egenforsorjningsgrad',
    '--status',
    status,
    '--motivation',
    motivation,
    '--by',
    people.helena.name,
  ];

  it('stores the decision with the proposal beside it, and the next one on top of it', async () => {
    const first = cliDeps();
    expect(await runDecideCli(args('Uppfylls', 'Antalet hushåll minskar.'), first.deps)).toBe(0);
    expect(first.stdout.text()).toContain(
      'Beslut sparat för Hög egenförsörjningsgrad, Augusti 2024 – delår 2: Uppfylls (version 1).',
    );
    expect(first.stdout.text()).toContain(
      'Förslaget var uppfylls delvis: 2 av 4 enheter bedömer uppfylls delvis',
    );
    const stored = await storage.decisions.get('an', '2024-08', 'hog-egenforsorjningsgrad');
    expect(stored).toMatchObject({
      statusId: 'uppfylls',
      proposedStatusId: 'uppfylls-delvis',
      motivation: 'Antalet hushåll minskar.',
      decidedBy: { name: 'Helena Strand', aadObjectId: 'cli:Helena Strand' },
      decidedAt: GENERATED_AT,
      revision: 1,
    });

    const second = cliDeps();
    expect(await runDecideCli(args('uppfylls-delvis', 'Långvarigt bistånd ökar.'), second.deps)).toBe(0);
    expect(second.stdout.text()).toContain('Ersätter Helena Strands beslut: Uppfylls.');
    const history = await storage.decisions.history('an', '2024-08', 'hog-egenforsorjningsgrad');
    expect(history.map((d) => [d.revision, d.statusId])).toEqual([
      [1, 'uppfylls'],
      [2, 'uppfylls-delvis'],
    ]);
    const audit = await storage.audit.list('an', { limit: 5 });
    expect(audit.some((a) => a.action === 'decision.set' && a.details.revision === 2)).toBe(true);

    // The report shows it.
    const report = cliDeps();
    expect(await runReportCli(['--period', '2024-08', '--format', 'json'], report.deps)).toBe(0);
    const model = JSON.parse(report.stdout.text()) as ReportModel;
    const g = allGoals(model).find((x) => x.id === 'hog-egenforsorjningsgrad');
    expect(g?.decision).toMatchObject({
      status: { id: 'uppfylls-delvis' },
      motivation: 'Långvarigt bistånd ökar.',
      revision: 2,
    });
    expect(g?.effective.source).toBe('decision');
  });

  it('refuses an unknown status or goal, and a stale decision', async () => {
    const status = cliDeps();
    expect(await runDecideCli(args('Grönt', 'x'), status.deps)).toBe(3);
    expect(status.stderr.text()).toContain('Statusen ”Grönt” finns inte på skalan.');
    const goalArgs = args('uppfylls', 'x');
    goalArgs[3] = 'finns-inte';
    const goal = cliDeps();
    expect(await runDecideCli(goalArgs, goal.deps)).toBe(3);
    expect(goal.stderr.text()).toContain('Nämndmålet ”finns-inte” finns inte.');
    const missing = cliDeps();
    expect(await runDecideCli(['--period', '2024-08'], missing.deps)).toBe(2);
    expect(missing.stderr.text()).toContain('Saknas: --goal, --status, --motivation.');

    // Someone decides in Teams between the command's read and its write.
    const stale = cliDeps({
      openStorage: async (target, tablePrefix) => {
        const real = await openStorage(target, tablePrefix);
        return {
          ...real,
          decisions: {
            ...real.decisions,
            get: async () => null,
            history: real.decisions.history.bind(real.decisions),
            listPeriod: real.decisions.listPeriod.bind(real.decisions),
            decide: real.decisions.decide.bind(real.decisions),
          },
        };
      },
    });
    expect(await runDecideCli(args('uppfylls-ej', 'Sent beslut.'), stale.deps)).toBe(5);
    expect(stale.stderr.text()).toContain('ändrades av Helena Strand medan kommandot kördes. Inget sparades');
    const current = await storage.decisions.get('an', '2024-08', 'hog-egenforsorjningsgrad');
    expect(current?.statusId).toBe('uppfylls-delvis');
  });
});
