/**
 * `npm run build && node dist/cli/icons.js [KATALOG]`: (re)writes the Teams app icons
 * (src/app-package/icons.ts) into `deployment/appPackage/` or KATALOG.
 */
import path from 'node:path';
import { appPackageDir, writeIcons } from '../app-package/icons.js';
import { type CliDeps, EXIT, isEntry, parseCliArgs, runAsProcess, runCommand } from './run-cli.js';

const USAGE = `Användning: node dist/cli/icons.js [KATALOG]

  Ritar color.png och outline.png och skriver dem i KATALOG (standard: deployment/appPackage/).`;

export async function runIconsCli(args: readonly string[], deps: CliDeps): Promise<number> {
  return runCommand(deps, async () => {
    const cli = parseCliArgs(deps, args, { options: {}, usage: USAGE, positionals: 1 });
    if (!cli) return EXIT.ok;
    const dir = cli.positionals[0];
    const written = writeIcons(dir ? path.resolve(deps.cwd ?? process.cwd(), dir) : appPackageDir);
    deps.stdout.write(`Skrev ${written.color} och ${written.outline}\n`);
    return EXIT.ok;
  });
}

if (isEntry(import.meta.url)) await runAsProcess(runIconsCli);
