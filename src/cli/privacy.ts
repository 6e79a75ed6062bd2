/**
 * The records and data protection commands, on the bot's own settings and storage (stop the bot
 * first when it runs on embedded Azurite):
 *   npm run gallring -- [--dry-run] [--max N]
 *   npm run registerutdrag -- --person ID|ADRESS --out FIL
 *   npm run anonymisera -- --person ID|ADRESS [--by "Namn"] [--dry-run]
 *   npm run periodutdrag -- --period ÅÅÅÅ-MM --out KATALOG
 *   npm run granskningslogg
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { describeProblem } from '../audit/chain.js';
import { verifyAuditChain } from '../audit/verify.js';
import { gatherPeriod, periodExportFiles } from '../privacy/period-export.js';
import { CATEGORY, erasePerson, organisationEntries, personExport, personFrom } from '../privacy/person.js';
import type { TableCounts } from '../privacy/ports.js';
import { DEFAULT_PURGE_LIMIT, retentionRules, runRetention } from '../privacy/retention.js';
import { cleanUserText } from '../shared/user-text.js';
import type { Storage } from '../storage/index.js';
import { findPeriodOrFail } from './lookups.js';
import {
  type CliArgs,
  type CliContext,
  type CliDeps,
  CliError,
  EXIT,
  isEntry,
  loadCliContext,
  parseCliArgs,
  runAsProcess,
  runCommand,
  withStorage,
} from './run-cli.js';

/** Exit codes beyond the shared ones (src/cli/run-cli.ts). */
export const PRIVACY_EXIT = { stillRegistered: 6, chainBroken: 8 } as const;

export const PRIVACY_USAGE: Readonly<Record<string, string>> = {
  gallring: `Användning: npm run gallring -- [--dry-run] [--max ANTAL]

  Tar bort det som har passerat sin lagringstid enligt inställningarna RETENTION_* (se README).
  --dry-run  visar vad som skulle tas bort, utan att ta bort något
  --max      högst så många rader i den här körningen (standard ${DEFAULT_PURGE_LIMIT}); resten nästa gång

Slutkoder: 0 klart, 1 fel i inställningar/konfiguration/lagring, 2 felaktiga argument.`,
  registerutdrag: `Användning: npm run registerutdrag -- --person OBJEKT-ID|ADRESS --out FIL.csv

  Skriver allt som finns sparat om personen: FIL.csv och samma uppgifter som FIL.json.
  --person  personens Entra-objekt-id, eller UPN/e-postadress (som i organisation.yaml)

Slutkoder: 0 klart, 1 fel i inställningar/konfiguration/lagring, 2 felaktiga argument.`,
  anonymisera: `Användning: npm run anonymisera -- --person OBJEKT-ID|ADRESS [--by "Namn"] [--dry-run]

  Tar bort personens egna uppgifter och ersätter namn och id i svar, beslut och granskningslogg
  med en pseudonym. Fritexterna ändras inte. Personen får inte finnas kvar i organisation.yaml.
  --by       vem som utför raderingen (standard: inloggad användare)
  --dry-run  visar vad som skulle ändras, utan att ändra något

Slutkoder: 0 klart, 1 fel i inställningar/konfiguration/lagring, 2 felaktiga argument,
6 personen finns kvar i organisation.yaml (inget ändrades).`,
  periodutdrag: `Användning: npm run periodutdrag -- --period ÅÅÅÅ-MM --out KATALOG

  Skriver allt som är sparat för perioden (för utlämnande och e-arkiv) som CSV- och JSON-filer i
  KATALOG: svar.csv, beslut.csv, paminnelser.csv, granskningslogg.csv, utdrag.json, innehall.json.

Slutkoder: 0 klart, 1 fel i inställningar/konfiguration/lagring, 2 felaktiga argument, 3 okänd period.`,
  granskningslogg: `Användning: npm run granskningslogg

  Kontrollerar granskningsloggens kedja: att ingen rad har ändrats eller tagits bort utan gallring.
  Skriver ut den senaste radens hash; spara den utanför lagringen (t.ex. i diariet) så kan även en
  omskrivning av hela kedjan upptäckas.

Slutkoder: 0 kedjan är hel, 1 fel i inställningar/konfiguration/lagring, 8 kedjan är bruten.`,
};

async function appVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

const counts = (c: TableCounts) =>
  Object.entries(c)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([table, n]) => `  ${CATEGORY[table as keyof typeof CATEGORY]}: ${n}`);

/** What every privacy command gets: its arguments, the context, the open storage and output. */
interface Run {
  readonly cli: CliArgs;
  readonly context: CliContext;
  readonly storage: Storage;
  readonly deps: CliDeps;
  readonly out: (lines: readonly string[]) => void;
}

/** The person `--person` names; an address outside the organisation gets the object id the bot learnt for it. */
async function person({ cli, context, storage }: Run) {
  const given = personFrom(context.config, cli.str('person') ?? '');
  if (!given.aadObjectId.startsWith('upn:')) return given;
  const learnt = (await storage.identities.list()).find((i) => given.addresses.includes(i.address));
  return learnt ? { ...given, aadObjectId: learnt.aadObjectId } : given;
}

function operator(cli: CliArgs) {
  const name = cleanUserText(cli.str('by') ?? userInfo().username) || 'okänd';
  return { aadObjectId: `cli:${name}`, name };
}

async function gallring(run: Run, max: number): Promise<number> {
  const { cli, context, storage } = run;
  const { settings, config, now } = context;
  const dryRun = cli.flag('dry-run');
  const rules = retentionRules(settings.retention, config, now(), new Date());
  const report = await runRetention(
    { store: storage.privacy, audit: storage.audit, committeeId: config.goals.committee.id, now },
    rules,
    { limit: max, dryRun, actor: operator(cli) },
  );
  run.out([
    report.total === 0
      ? 'Inget har passerat sin lagringstid.'
      : `${dryRun ? 'Skulle ta bort' : 'Tog bort'} ${report.total} rader:`,
    ...report.removed.map((r) => `  ${r.label}: ${r.rows}`),
    ...(report.complete ? [] : [`Gränsen på ${max} rader nåddes: kör kommandot igen för resten.`]),
  ]);
  return EXIT.ok;
}

async function registerutdrag(run: Run): Promise<number> {
  const { cli, context, storage, deps } = run;
  const who = await person(run);
  const exported = personExport(
    who,
    organisationEntries(context.config, who),
    await storage.privacy.rowsAbout(who),
    context.now().toISOString(),
  );
  const file = path.resolve(deps.cwd ?? process.cwd(), cli.str('out') ?? '');
  const jsonFile = `${file.replace(/\.csv$/i, '')}.json`;
  await writeFile(file, exported.csv);
  await writeFile(jsonFile, exported.json);
  run.out([
    `Registerutdrag för ${who.aadObjectId}: ${exported.rows} uppgifter.`,
    `  ${file}`,
    `  ${jsonFile}`,
  ]);
  return EXIT.ok;
}

async function anonymisera(run: Run): Promise<number> {
  const { cli, context, storage } = run;
  const dryRun = cli.flag('dry-run');
  const who = await person(run);
  const outcome = await erasePerson(
    { store: storage.privacy, audit: storage.audit, config: context.config, now: context.now },
    who,
    { dryRun, actor: operator(cli) },
  );
  if (outcome.kind === 'registered') {
    throw new CliError(
      `Personen finns kvar i organisation.yaml (${outcome.entries.map((e) => `${e.name}: ${e.roles.join(', ')}`).join('; ')}). Ta bort personen där först; inget ändrades.`,
      PRIVACY_EXIT.stillRegistered,
    );
  }
  const deleted = counts(outcome.report.deleted);
  const anonymised = counts(outcome.report.anonymised);
  run.out([
    deleted.length + anonymised.length === 0
      ? `Inget sparat om ${who.aadObjectId}.`
      : `${dryRun ? 'Skulle ändra' : 'Klart'} för ${who.aadObjectId}${dryRun ? '' : ` (pseudonym ${outcome.pseudonymId})`}:`,
    ...(deleted.length > 0 ? [`${dryRun ? 'Tas bort' : 'Borttaget'}:`, ...deleted] : []),
    ...(anonymised.length > 0 ? [`${dryRun ? 'Anonymiseras' : 'Anonymiserat'}:`, ...anonymised] : []),
  ]);
  return EXIT.ok;
}

async function periodutdrag(run: Run, period: ReturnType<typeof findPeriodOrFail>): Promise<number> {
  const { cli, context, storage, deps } = run;
  const data = await gatherPeriod(
    {
      records: storage.privacy,
      answers: storage.answers,
      decisions: storage.decisions,
      reminders: storage.reminders,
      auditChain: storage.auditChain,
    },
    context.config.goals.committee.id,
    period.id,
  );
  const dir = path.resolve(deps.cwd ?? process.cwd(), cli.str('out') ?? '');
  await mkdir(dir, { recursive: true });
  const files = periodExportFiles(context.config, period, data, {
    createdAt: context.now().toISOString(),
    version: await appVersion(),
  });
  for (const f of files) await writeFile(path.join(dir, f.name), f.content);
  run.out([
    `${period.label}: ${data.answerVersions.length} svarsversioner, ${data.decisionVersions.length} beslutsversioner, ${data.reminders.length} påminnelser, ${data.audit.length} rader ur granskningsloggen.`,
    ...files.map((f) => `  ${path.join(dir, f.name)}`),
  ]);
  return EXIT.ok;
}

async function granskningslogg(run: Run): Promise<number> {
  const report = await verifyAuditChain(run.storage.auditChain, run.context.config.goals.committee.id);
  run.out([
    report.ok
      ? `Granskningsloggen är hel: ${report.rows} rader${report.first !== null ? ` (${report.first}–${report.head.seq})` : ''}.`
      : `Granskningsloggen är bruten: ${report.problems.length} fel.`,
    ...report.problems.map((p) => `  ${describeProblem(p)}`),
    ...(report.anonymised > 0
      ? [`  ${report.anonymised} rader har anonymiserats efter radering av en person.`]
      : []),
    ...(report.anchor.seq > 0 ? [`  Rad 1–${report.anchor.seq} är gallrade.`] : []),
    `Senaste rad: ${report.head.seq}, hash ${report.head.hash}`,
  ]);
  return report.ok ? EXIT.ok : PRIVACY_EXIT.chainBroken;
}

const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  registerutdrag: ['person', 'out'],
  anonymisera: ['person'],
  periodutdrag: ['period', 'out'],
};

export async function runPrivacyCli(
  command: string,
  args: readonly string[],
  deps: CliDeps,
): Promise<number> {
  return runCommand(deps, async () => {
    const usage = PRIVACY_USAGE[command];
    if (!usage)
      throw new CliError(
        `Okänt kommando "${command}". Finns: ${Object.keys(PRIVACY_USAGE).join(', ')}.`,
        EXIT.usage,
      );
    const cli = parseCliArgs(deps, args, {
      options: {
        'dry-run': 'boolean',
        max: 'string',
        person: 'string',
        out: 'string',
        by: 'string',
        period: 'string',
      },
      usage,
      required: REQUIRED[command] ?? [],
    });
    if (!cli) return EXIT.ok;
    const context = await loadCliContext(deps);
    const period = command === 'periodutdrag' ? findPeriodOrFail(context.config, cli.str('period')) : null;
    const maxText = cli.str('max') ?? String(DEFAULT_PURGE_LIMIT);
    const max = Number(maxText);
    if (!Number.isInteger(max) || max < 1)
      throw new CliError(`--max ska vara ett positivt heltal, inte "${maxText}".`, EXIT.usage);
    const out = (lines: readonly string[]) => deps.stdout.write(`${lines.join('\n')}\n`);
    // As the bot starts: people given by address alone get the object ids learnt for them, so
    // gallring keeps their contacts and the commands know them.
    return withStorage(
      deps,
      context,
      (storage) => {
        const run: Run = { cli, context, storage, deps, out };
        switch (command) {
          case 'gallring':
            return gallring(run, max);
          case 'registerutdrag':
            return registerutdrag(run);
          case 'anonymisera':
            return anonymisera(run);
          case 'periodutdrag':
            return period ? periodutdrag(run, period) : Promise.resolve(EXIT.usage);
          default:
            return granskningslogg(run);
        }
      },
      { resolveIdentities: true },
    );
  });
}

/** `node dist/cli/privacy.js <command> [options]`: the command is the first argument. */
const runPrivacyProcess = (args: readonly string[], deps: CliDeps) => {
  const [command = '', ...rest] = args;
  return runPrivacyCli(command, rest, deps);
};

if (isEntry(import.meta.url)) await runAsProcess(runPrivacyProcess);
