/**
 * `npm run package`: builds the Teams app package (src/app-package/build-package.ts) with the
 * packaging settings from the environment (src/config/package-settings.ts) and says where it is.
 */
import path from 'node:path';
import { buildAppPackage, ManifestError } from '../app-package/build-package.js';
import { type CliDeps, CliError, EXIT, isEntry, parseCliArgs, runAsProcess, runCommand } from './run-cli.js';

const USAGE = `Användning: npm run package

  Bygger Teams-apppaketet deployment/dist/uppfoljningsboten-<version>.zip. Inställningarna
  (MicrosoftAppId, BOT_DOMAIN, APP_* och TEAMS_MANIFEST_SCHEMA) beskrivs i deployment/README.md.

Slutkoder: 0 klart, 1 fel i inställningarna eller paketet, 2 felaktiga argument.`;

export async function runPackageCli(args: readonly string[], deps: CliDeps): Promise<number> {
  return runCommand(deps, async () => {
    if (!parseCliArgs(deps, args, { options: {}, usage: USAGE })) return EXIT.ok;
    let result: Awaited<ReturnType<typeof buildAppPackage>>;
    try {
      result = await buildAppPackage({ env: deps.env });
    } catch (error) {
      if (error instanceof ManifestError) throw new CliError(error.message, EXIT.failure);
      throw error;
    }
    for (const warning of result.warnings) deps.stderr.write(`Varning: ${warning}\n`);
    const s = result.settings;
    const cwd = deps.cwd ?? process.cwd();
    deps.stdout.write(
      `${[
        `Skrev ${path.relative(cwd, result.zipPath) || result.zipPath}`,
        `  Teams-app:  ${s.teamsAppId} version ${s.version}`,
        `  Bot:        ${s.botId} på https://${s.botDomain}/api/messages`,
        `  Innehåll:   ${result.files.join(', ')}`,
        '  Ladda upp zip-filen i Teams administrationscenter (se deployment/README.md).',
      ].join('\n')}\n`,
    );
    return EXIT.ok;
  });
}

if (isEntry(import.meta.url)) await runAsProcess(runPackageCli);
