/**
 * `npm run org:import -- FILE.xlsx|FILE.csv [--config DIR] [--out FILE]`: reads the organisation
 * from a spreadsheet, validates it with the same rules as `organisation.yaml` and writes
 * `organisation.yaml`. Every problem is listed with its row; nothing is written while there is one.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatProblems, importOrganisation, parseCsv, readXlsx } from '../config/org-import.js';
import { shippedConfigDir } from '../config/settings.js';
import { type CliDeps, CliError, EXIT, isEntry, parseCliArgs, runAsProcess, runCommand } from './run-cli.js';

const USAGE = `Användning: npm run org:import -- FIL.xlsx|FIL.csv [--config KATALOG] [--out FIL]

  --config  konfigurationen organisationen kontrolleras mot (standard: config/ i appen)
  --out     filen att skriva (standard: organisation.yaml i konfigurationen)

Slutkoder: 0 skrivet, 1 fel i kalkylbladet (inget skrevs), 2 felaktiga argument.`;

export async function runOrgImportCli(args: readonly string[], deps: CliDeps): Promise<number> {
  return runCommand(deps, async () => {
    const cli = parseCliArgs(deps, args, {
      options: { config: 'string', out: 'string' },
      usage: USAGE,
      positionals: 1,
    });
    if (!cli) return EXIT.ok;
    const cwd = deps.cwd ?? process.cwd();
    const file = cli.positionals[0];
    if (!file) throw new CliError(USAGE, EXIT.usage);
    const configDir = path.resolve(cwd, cli.str('config') ?? shippedConfigDir);
    const out = path.resolve(cwd, cli.str('out') ?? path.join(configDir, 'organisation.yaml'));
    const source = path.resolve(cwd, file);
    const table = /\.xlsx$/i.test(file) ? await readXlsx(source) : parseCsv(await readFile(source, 'utf8'));
    const result = await importOrganisation(table, configDir);
    if (result.problems.length > 0 || result.yaml === null) {
      throw new CliError(formatProblems(result.problems), EXIT.failure);
    }
    await writeFile(out, result.yaml);
    deps.stdout.write(`Skrev ${out}: ${result.summary}. Kontrollera med npm run config:check.\n`);
    return EXIT.ok;
  });
}

if (isEntry(import.meta.url)) await runAsProcess(runOrgImportCli);
