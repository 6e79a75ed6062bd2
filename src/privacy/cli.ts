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
import { pathToFileURL } from 'node:url';
import { describeProblem } from '../audit/chain.js';
import { verifyAuditChain } from '../audit/verify.js';
import { applyResolved } from '../config/people.js';
import {
  type CliDeps,
  CliError,
  cliClock,
  EXIT,
  findPeriodOrFail,
  loadSettingsAndConfig,
  openCliStorage,
  parseCliArgs,
  runCommand,
} from '../reporting/cli-support.js';
import { cleanUserText } from '../shared/user-text.js';
import { gatherPeriod, periodExportFiles } from './period-export.js';
import { CATEGORY, erasePerson, organisationEntries, personExport, personFrom } from './person.js';
import type { TableCounts } from './ports.js';
import { DEFAULT_PURGE_LIMIT, retentionRules, runRetention } from './retention.js';

/** Exit codes beyond the shared ones (reporting/cli-support.ts). */
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
    const cli = parseCliArgs(
      deps,
      args,
      {
        'dry-run': 'boolean',
        max: 'string',
        person: 'string',
        out: 'string',
        by: 'string',
        period: 'string',
      },
      usage,
      { registerutdrag: ['person', 'out'], anonymisera: ['person'], periodutdrag: ['period', 'out'] }[
        command
      ] ?? [],
    );
    if (!cli) return EXIT.ok;
    const { settings, config } = await loadSettingsAndConfig(deps);
    const period = command === 'periodutdrag' ? findPeriodOrFail(config, cli.str('period')) : null;
    const maxText = cli.str('max') ?? String(DEFAULT_PURGE_LIMIT);
    const max = Number(maxText);
    if (!Number.isInteger(max) || max < 1)
      throw new CliError(`--max ska vara ett positivt heltal, inte "${maxText}".`, EXIT.usage);
    const { now, seed } = cliClock(deps, settings, config);
    const storage = await openCliStorage(deps, settings);
    const out = (lines: readonly string[]) => deps.stdout.write(`${lines.join('\n')}\n`);
    const committeeId = config.goals.committee.id;
    // An address outside the organisation: the object id the bot once learnt for it, if any.
    const person = async () => {
      const given = personFrom(config, cli.str('person') ?? '');
      if (!given.aadObjectId.startsWith('upn:')) return given;
      const learnt = (await storage.identities.list()).find((i) => given.addresses.includes(i.address));
      return learnt ? { ...given, aadObjectId: learnt.aadObjectId } : given;
    };
    const operator = () => {
      const name = cleanUserText(cli.str('by') ?? userInfo().username) || 'okänd';
      return { aadObjectId: `cli:${name}`, name };
    };
    try {
      await seed(storage);
      // As the bot starts: people given by address alone get the object ids learnt for them, so
      // gallring keeps their contacts and the commands know them.
      applyResolved(config.organisation, await storage.identities.list());
      switch (command) {
        case 'gallring': {
          const dryRun = cli.flag('dry-run');
          const rules = retentionRules(settings.retention, config, now(), new Date());
          const report = await runRetention(
            { store: storage.privacy, audit: storage.audit, committeeId, now },
            rules,
            {
              limit: max,
              dryRun,
              actor: operator(),
            },
          );
          out([
            report.total === 0
              ? 'Inget har passerat sin lagringstid.'
              : `${dryRun ? 'Skulle ta bort' : 'Tog bort'} ${report.total} rader:`,
            ...report.removed.map((r) => `  ${r.label}: ${r.rows}`),
            ...(report.complete ? [] : [`Gränsen på ${max} rader nåddes: kör kommandot igen för resten.`]),
          ]);
          return EXIT.ok;
        }
        case 'registerutdrag': {
          const who = await person();
          const exported = personExport(
            who,
            organisationEntries(config, who),
            await storage.privacy.rowsAbout(who),
            now().toISOString(),
          );
          const file = path.resolve(deps.cwd ?? process.cwd(), cli.str('out') ?? '');
          const jsonFile = `${file.replace(/\.csv$/i, '')}.json`;
          await writeFile(file, exported.csv);
          await writeFile(jsonFile, exported.json);
          out([
            `Registerutdrag för ${who.aadObjectId}: ${exported.rows} uppgifter.`,
            `  ${file}`,
            `  ${jsonFile}`,
          ]);
          return EXIT.ok;
        }
        case 'anonymisera': {
          const dryRun = cli.flag('dry-run');
          const who = await person();
          const outcome = await erasePerson(
            { store: storage.privacy, audit: storage.audit, config, now },
            who,
            {
              dryRun,
              actor: operator(),
            },
          );
          if (outcome.kind === 'registered') {
            throw new CliError(
              `Personen finns kvar i organisation.yaml (${outcome.entries.map((e) => `${e.name}: ${e.roles.join(', ')}`).join('; ')}). Ta bort personen där först; inget ändrades.`,
              PRIVACY_EXIT.stillRegistered,
            );
          }
          const deleted = counts(outcome.report.deleted);
          const anonymised = counts(outcome.report.anonymised);
          out([
            deleted.length + anonymised.length === 0
              ? `Inget sparat om ${who.aadObjectId}.`
              : `${dryRun ? 'Skulle ändra' : 'Klart'} för ${who.aadObjectId}${dryRun ? '' : ` (pseudonym ${outcome.pseudonymId})`}:`,
            ...(deleted.length > 0 ? [`${dryRun ? 'Tas bort' : 'Borttaget'}:`, ...deleted] : []),
            ...(anonymised.length > 0 ? [`${dryRun ? 'Anonymiseras' : 'Anonymiserat'}:`, ...anonymised] : []),
          ]);
          return EXIT.ok;
        }
        case 'periodutdrag': {
          if (!period) return EXIT.usage;
          const data = await gatherPeriod(
            {
              records: storage.privacy,
              answers: storage.answers,
              decisions: storage.decisions,
              reminders: storage.reminders,
              auditChain: storage.auditChain,
            },
            committeeId,
            period.id,
          );
          const dir = path.resolve(deps.cwd ?? process.cwd(), cli.str('out') ?? '');
          await mkdir(dir, { recursive: true });
          const files = periodExportFiles(config, period, data, {
            createdAt: now().toISOString(),
            version: await appVersion(),
          });
          for (const f of files) await writeFile(path.join(dir, f.name), f.content);
          out([
            `${period.label}: ${data.answerVersions.length} svarsversioner, ${data.decisionVersions.length} beslutsversioner, ${data.reminders.length} påminnelser, ${data.audit.length} rader ur granskningsloggen.`,
            ...files.map((f) => `  ${path.join(dir, f.name)}`),
          ]);
          return EXIT.ok;
        }
        default: {
          const report = await verifyAuditChain(storage.auditChain, committeeId);
          out([
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
      }
    } finally {
      await storage.close();
    }
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [command = '', ...args] = process.argv.slice(2);
  const code = await runPrivacyCli(command, args, {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    demo: 'auto',
  });
  process.exit(code);
}
