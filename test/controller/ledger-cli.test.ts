/**
 * `npm run ledger` against Azurite: every problem of a file listed in Swedish with its line and
 * nothing stored; someone without the controller role refused and audited; the example file
 * stored as the committee's answer in its period, a re-import a new version that says what it
 * replaces; the report then prints the figures and names who imported them.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runLedgerCli } from '../../src/cli/ledger.js';
import { type CommitteeConfig, loadConfig } from '../../src/config/load-config.js';
import { ledgerKey } from '../../src/controller/ledger-store.js';
import type { LedgerAnswer } from '../../src/followup/ledger-answer.js';
import { buildReport } from '../../src/reporting/build-report.js';
import { openStorage, type Storage } from '../../src/storage/index.js';
import { cliDeps, writeLines } from '../support/cli.js';
import { LEDGER_HEADER, periodOf } from '../support/economy-fixtures.js';

const configDir = fileURLToPath(new URL('../../config', import.meta.url));
const example = fileURLToPath(new URL('../../config/exempel/ekonomi-2024-08.csv', import.meta.url));
const prefix = `l${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const connectionString = () => inject('azuriteConnectionString');
/** After August 2024 has locked: the ledger is closed after the units' deadline. */
const now = () => new Date('2024-09-25T08:00:00Z');

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

/** Every driftsammandrag row at 100 booked, varav rows that add up, enheterna and investments. */
function goodLines(): string[] {
  const n = config.economy.rows.length;
  return [
    LEDGER_HEADER,
    ...config.economy.rows.map((r) => `drift;${r.id};${r.name};100;90;80;;`),
    `kostnader;;;${n * 100 + 50};${n * 90 + 50};${n * 80 + 50};;`,
    'intäkter;;;-50;-50;-50;;',
    'enheter;;;-1 200;-1 000;-900;-2 000;0',
    ...config.economy.investments.map((i) => `investering-utgifter;${i.id};${i.name};10;;;100;`),
  ];
}

beforeAll(async () => {
  config = await loadConfig(configDir);
  storage = await openStorage({ kind: 'connectionString', connectionString: connectionString() }, prefix);
  dir = await mkdtemp(join(tmpdir(), 'ledger-'));
});

afterAll(async () => {
  await storage?.close();
});

describe('npm run ledger', () => {
  it('lists every problem with its line in Swedish and stores nothing', async () => {
    const lines = goodLines();
    lines[2] = 'drift;ekonomiskt-bistand;;205 084,5;205 835;213 581;;'; // decimals
    lines[3] = 'drift;flyktingmottagande;;trettio;26 358;28 604;;'; // not a number
    lines[4] = 'drift;okand-rad;;1;1;1;;'; // in place of arbetsmarknadsåtgärder
    lines[5] = 'drift;integrations-och-arbetsmarknadsforvaltningen;;7 524;7 524;3 520;7 600;'; // a prognosis
    lines[6] = 'driftt;grundlaggande-vuxenutbildning;;1;1;1;;'; // unknown post
    lines[12] = 'intäkter;;;50;-50;-50;;'; // intäkter written positive
    lines.push('drift;sfi;;1;1;1;;'); // sfi twice
    lines.push('enheter;;;1;1;1;1;1;extra'); // one column too many
    const file = await csv('fel.csv', lines);
    const run = command();
    expect(await runLedgerCli(['--period', '2024-08', '--file', file], run.deps)).toBe(7);
    expect(plain(run.stderr.text()).split('\n')).toEqual([
      `Inget sparades: 9 fel i ${file}.`,
      '  Rad 3: Ekonomiskt bistånd, redovisat: ange hela tkr utan decimaler, inte 205 084,5.',
      '  Rad 4: Flyktingmottagande, redovisat: "trettio" är inget tal. Skriv hela tkr, t.ex. 205 084.',
      expect.stringMatching(
        /^ {2}Rad 5: raden "okand-rad" finns inte i driftsammandraget \(economy\.yaml\)\. Giltiga rad-id: namnd-och-styrelseverksamhet, /,
      ),
      '  Rad 6: Integrations- och arbetsmarknadsförvaltningen: lämna prognos tom – prognosen per rad lämnar enheterna i boten.',
      '  Rad 7: okänd post "driftt". Giltiga poster: drift, kostnader, intäkter, enheter, investering-utgifter, investering-inkomster.',
      '  Rad 13: Varav intäkter, redovisat: intäkter och inkomster skrivs negativa, som i driftsammandraget (t.ex. -20 693), inte 50.',
      '  Rad 18: Svenska för invandrare (SFI) finns redan på rad 10; ange varje post en gång.',
      '  Rad 19: har 9 kolumner men rubrikraden har 8.',
      '  Saknas i filen: drift för Arbetsmarknadsåtgärder (arbetsmarknadsatgarder); drift för Grundläggande vuxenutbildning (grundlaggande-vuxenutbildning).',
      '',
    ]);
    expect(await storage.answers.get(ledgerKey(config, '2024-08'))).toBeNull();
  });

  it('names the columns when the header is wrong', async () => {
    const lines = goodLines();
    lines[0] = 'post;id;redovisat;periodiserad budget;prognos;budget;kommentar';
    const run = command();
    expect(
      await runLedgerCli(['--period', '2024-08', '--file', await csv('rubrik.csv', lines)], run.deps),
    ).toBe(7);
    expect(run.stderr.text()).toContain(
      'Rad 1: okänd kolumn "kommentar". Kolumnerna är: post, id, namn (frivillig), redovisat, periodiserad budget, redovisat föregående år, prognos, budget.',
    );
    expect(run.stderr.text()).toContain('Rad 1: rubrikraden saknar kolumnen "redovisat föregående år".');
    expect(await storage.answers.get(ledgerKey(config, '2024-08'))).toBeNull();
  });

  it('refuses varav rows that do not add up to the rows', async () => {
    const lines = goodLines();
    const n = config.economy.rows.length;
    lines[n + 1] = `kostnader;;;${n * 100 + 500};${n * 90 + 50};${n * 80 + 50};;`;
    const run = command();
    expect(
      await runLedgerCli(['--period', '2024-08', '--file', await csv('summa.csv', lines)], run.deps),
    ).toBe(7);
    expect(plain(run.stderr.text())).toContain(
      `Rad ${n + 2} och ${n + 3}: varav kostnader och varav intäkter, redovisat: 1 500 + (-50) = 1 450 tkr ska vara driftradernas summa 1 000 tkr (högst ${n} tkr i avrundning).`,
    );
    expect(await storage.answers.get(ledgerKey(config, '2024-08'))).toBeNull();
  });

  it('refuses an unknown period and someone who is not the controller (audited)', async () => {
    const file = await csv('bra.csv', goodLines());
    const unknown = command();
    expect(await runLedgerCli(['--period', '2023-08', '--file', file], unknown.deps)).toBe(3);
    expect(unknown.stderr.text()).toContain('Perioden 2023-08 finns inte i uppföljningskalendern');
    const refused = command();
    expect(
      await runLedgerCli(['--period', '2024-08', '--file', file, '--by', 'Helena Strand'], refused.deps),
    ).toBe(6);
    expect(refused.stderr.text()).toContain(
      '"Helena Strand" har inte rollen controller i organisation.yaml, så inget sparades.',
    );
    expect(await storage.answers.get(ledgerKey(config, '2024-08'))).toBeNull();
    const audit = await storage.audit.list(config.goals.committee.id, { limit: 5 });
    expect(audit.some((a) => a.action === 'ledger.refused' && a.details.periodId === '2024-08')).toBe(true);
  });

  it('stores the example file in its period after it locked, then a re-import as version 2', async () => {
    expect(now().toISOString() > periodOf(config, '2024-08').locksAt).toBe(true);
    const first = command();
    expect(await runLedgerCli(['--period', '2024-08', '--file', example], first.deps)).toBe(0);
    expect(plain(first.stdout.text())).toBe(
      'Ekonomisystemets uppgifter för augusti 2024 sparade av David Ek, version 1: 10 driftrader (redovisat jan–aug 430 690 tkr, periodiserad budget 428 867 tkr), enheternas resultat -3 870 tkr, 3 investeringsobjekt.\n',
    );
    const stored = await storage.answers.get<LedgerAnswer>(ledgerKey(config, '2024-08'));
    expect(stored).toMatchObject({
      periodId: '2024-08',
      unitId: '_namnd',
      item: 'ledger',
      revision: 1,
      answeredBy: { aadObjectId: 'demo-controller', name: 'David Ek' },
    });
    expect(stored?.payload.rows['ekonomiskt-bistand']).toEqual({
      bookedTkr: 219_480,
      periodBudgetTkr: 215_333,
      previousYearTkr: 212_950,
      prognosisTkr: null,
      budgetTkr: null,
    });
    expect(stored?.payload.income.bookedTkr).toBe(-66_620);

    const second = command();
    expect(
      await runLedgerCli(
        ['--period', '2024-08', '--file', example, '--by', 'david.ek@example.se'],
        second.deps,
      ),
    ).toBe(0);
    expect(second.stdout.text()).toContain('version 2');
    expect(second.stdout.text()).toContain('Ersätter version 1 från David Ek.');
    const history = await storage.answers.history(ledgerKey(config, '2024-08'));
    expect(history.map((h) => h.revision)).toEqual([1, 2]);
    const audit = await storage.audit.list(config.goals.committee.id, { limit: 5 });
    const saved = audit.filter((a) => a.action === 'ledger.saved' && a.details.periodId === '2024-08');
    expect(saved.map((a) => a.details.revision).sort()).toEqual([1, 2]);
  });

  it('the delår 2 report prints the imported figures and names who imported which version', async () => {
    const model = await buildReport(
      { config, answers: storage.answers, decisions: storage.decisions, now },
      periodOf(config, '2024-08'),
    );
    const t = model.economy.tables;
    expect(t.ledger).toMatchObject({ periodId: '2024-08', importedBy: { name: 'David Ek' }, revision: 2 });
    const result = t.result;
    const row = (id: string) => result?.rows.find((r) => r.id === id)?.cells.map((c) => plain(c.text));
    expect(row('ekonomiskt-bistand')).toEqual(['219 480', '215 333', '-4 147', '212 950']);
    expect(row('summa-inkl-enheter')).toEqual(['426 820', '427 667', '847', '407 190']);
    expect(result?.source).toBe(
      'Källa: ekonomisystemet (augusti 2024), inläst av David Ek 25 september 2024 kl. 10:00, version 2.',
    );
    expect(t.investments?.rows.find((r) => r.id === 'summa')?.cells.map((c) => plain(c.text))).toEqual([
      '698',
      '0',
      '2 050',
      '0',
      '2 050',
      '2 500',
      '450',
    ]);
  });
});
