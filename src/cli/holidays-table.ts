/**
 * `npm run holidays:table`: writes src/calendar/swedish-holidays-data.ts from the date-holidays
 * library (src/calendar/holidays-table.ts). Run after updating date-holidays; the test
 * test/calendar/swedish-holidays.test.ts says when the table no longer matches the library.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { holidaysTableSource } from '../calendar/holidays-table.js';
import { type CliDeps, EXIT, isEntry, parseCliArgs, runAsProcess, runCommand } from './run-cli.js';

const USAGE = `Användning: npm run holidays:table

  Skriver om tabellen över svenska helgdagar (src/calendar/swedish-holidays-data.ts) från
  biblioteket date-holidays.`;

/** The table's source file, beside the generator in the repository (not in dist/). */
const tableFile = fileURLToPath(new URL('../../src/calendar/swedish-holidays-data.ts', import.meta.url));

export async function runHolidaysTableCli(args: readonly string[], deps: CliDeps): Promise<number> {
  return runCommand(deps, async () => {
    if (!parseCliArgs(deps, args, { options: {}, usage: USAGE })) return EXIT.ok;
    await writeFile(tableFile, holidaysTableSource());
    deps.stdout.write(`Helgdagstabellen är skriven till ${tableFile}.\n`);
    return EXIT.ok;
  });
}

if (isEntry(import.meta.url)) await runAsProcess(runHolidaysTableCli);
