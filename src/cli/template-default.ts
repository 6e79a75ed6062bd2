/**
 * `npm run template:default`: writes the shipped Word template `templates/rapport.docx` from
 * src/reporting/default-template.ts. The municipality edits its own copy in Word instead.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { shippedTemplateFile } from '../config/settings.js';
import { buildDefaultTemplate } from '../reporting/default-template.js';
import { type CliDeps, EXIT, isEntry, parseCliArgs, runAsProcess, runCommand } from './run-cli.js';

const USAGE = `Användning: npm run template:default

  Skriver om appens Word-mall templates/rapport.docx från standardmallen.`;

export async function runTemplateDefaultCli(args: readonly string[], deps: CliDeps): Promise<number> {
  return runCommand(deps, async () => {
    if (!parseCliArgs(deps, args, { options: {}, usage: USAGE })) return EXIT.ok;
    await mkdir(path.dirname(shippedTemplateFile), { recursive: true });
    await writeFile(shippedTemplateFile, await buildDefaultTemplate());
    deps.stdout.write(`Standardmallen är skriven till ${shippedTemplateFile}.\n`);
    return EXIT.ok;
  });
}

if (isEntry(import.meta.url)) await runAsProcess(runTemplateDefaultCli);
