/**
 * `npm run config:check [-- KATALOG]`: validates a configuration directory (default: the shipped
 * `config/`) and prints a summary, or every problem with its file and path. Exit code 1 when
 * anything is wrong.
 */
import path from 'node:path';
import { type CommitteeConfig, loadConfig } from '../config/load-config.js';
import { unresolvedPeople } from '../config/people.js';
import { shippedConfigDir } from '../config/settings.js';
import { type CliDeps, EXIT, isEntry, parseCliArgs, runAsProcess, runCommand } from './run-cli.js';

const USAGE = `Användning: npm run config:check [-- KATALOG]

  Kontrollerar konfigurationen i KATALOG (standard: config/ i appen) och visar en sammanfattning,
  eller varje fel med fil och sökväg.

Slutkoder: 0 giltig, 1 fel i konfigurationen, 2 felaktiga argument.`;

/** What the configuration holds, one line per kind. */
export function configSummary(c: CommitteeConfig, dir: string): string {
  const kinds = (kind: string) => [...c.assignmentsById.values()].filter((a) => a.kind === kind).length;
  const people = new Set(c.units.flatMap((u) => [...u.managers, ...u.deputies].map((p) => p.aadObjectId)));
  return [
    `Konfigurationen i ${dir} är giltig.`,
    `  Nämnd:                 ${c.goals.committee.name} (${c.goals.year})`,
    `  Statusskala:           ${c.goals.statusScale.map((s) => s.label).join(' / ')}`,
    `  Målområden:            ${c.goals.areas.length}`,
    `  Kommunövergripande mål: ${c.goals.areas.reduce((n, a) => n + a.municipalGoals.length, 0)}`,
    `  Nämndmål:              ${c.goalList.length}`,
    `  Nämndindikatorer:      ${c.indicatorsById.size}`,
    `  Strategiska uppdrag:   ${kinds('kommungemensamt')} kommungemensamma, ${kinds('namndspecifikt')} nämndspecifika`,
    `  Nämnduppdrag:          ${kinds('namnduppdrag')}`,
    `  Internkontrollpunkter: ${kinds('internkontroll')}`,
    `  Ekonomirader:          ${c.economy.rows.length}`,
    `  Volymmått:             ${c.volumes.measures.length}`,
    `  Förvaltningar:         ${c.organisation.administrations.length}`,
    `  Enheter:               ${c.units.length}`,
    `  Chefer och ersättare:  ${people.size}`,
    `  Bara UPN/e-post:       ${unresolvedPeople(c.organisation).length} (objekt-id hämtas när personen skriver till boten eller installerar appen)`,
    `  Ledning:               ${c.organisation.leadership.length}`,
    `  Perioder:              ${c.periods.length} (${c.periods[0]?.id ?? '–'} till ${c.periods.at(-1)?.id ?? '–'})`,
  ].join('\n');
}

/** The configuration's problems end the command with exit code 1 (see `runCommand`). */
export async function runConfigCheckCli(args: readonly string[], deps: CliDeps): Promise<number> {
  return runCommand(deps, async () => {
    const cli = parseCliArgs(deps, args, { options: {}, usage: USAGE, positionals: 1 });
    if (!cli) return EXIT.ok;
    const dir = path.resolve(deps.cwd ?? process.cwd(), cli.positionals[0] ?? shippedConfigDir);
    deps.stdout.write(`${configSummary(await loadConfig(dir), dir)}\n`);
    return EXIT.ok;
  });
}

if (isEntry(import.meta.url)) await runAsProcess(runConfigCheckCli);
