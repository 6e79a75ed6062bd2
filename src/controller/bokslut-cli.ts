/**
 * `npm run bokslut -- --year 2024 --file bokslut.csv [--by "Namn"] [--committee AN]`: stores the
 * controller's bokslut from a CSV file (`rad-id;utfall tkr`). Every problem is listed with its
 * line; on any problem nothing is stored. Same storage, clock and demo handling as `npm run decide`.
 */
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type { CommitteeConfig } from '../config/load-config.js';
import type { BokslutAnswer } from '../followup/answers.js';
import {
  type CliDeps,
  CliError,
  checkCommittee,
  cliClock,
  EXIT,
  fold,
  loadSettingsAndConfig,
  openCliStorage,
  parseCliArgs,
  runCommand,
} from '../reporting/cli-support.js';
import { tkr } from '../shared/swedish-format.js';
import { bokslutTotal, parseBokslutCsv } from './bokslut.js';
import { bokslutKey, storeBokslut } from './service.js';

export const BOKSLUT_USAGE = `Användning: npm run bokslut -- --year ÅÅÅÅ --file FIL.csv [--by "Namn"] [--committee AN]

  --year       bokslutsåret, t.ex. 2024 (lagras i årets decemberperiod, även när den är låst)
  --file       CSV-fil med kolumnerna rad-id;utfall tkr, en rad per rad i driftsammandraget
               (economy.yaml); svenskt talformat går bra (323 000), hela tkr
  --by         controllern som lägger in bokslutet (namn, e-post eller id i organisation.yaml);
               behövs bara när fler än en person har rollen controller

Slutkoder: 0 sparat, 1 fel i inställningar/konfiguration/lagring, 2 felaktiga argument,
3 okänt år eller nämnd, 5 bokslutet ändrades samtidigt, 6 inte controller, 7 fel i filen (inget sparades).`;

/** Exit codes of this command beyond the shared ones. */
export const BOKSLUT_EXIT = { notController: 6, invalidFile: 7 } as const;

/**
 * The controller `--by` names (by name, UPN or object id), or the only one when there is one;
 * null when `--by` names someone without the role. `what` is what they put in ("bokslutet").
 */
export function controllerNamed(config: CommitteeConfig, by: string | undefined, what = 'bokslutet') {
  const controllers = config.organisation.leadership.filter((l) => l.roles.includes('controller'));
  if (by === undefined) {
    if (controllers.length === 1) return controllers[0] ?? null;
    throw new CliError(
      `Ange vem som lägger in ${what} med --by. Rollen controller har: ${controllers.map((c) => c.name).join(', ') || 'ingen'}.`,
      EXIT.usage,
    );
  }
  return (
    controllers.find(
      (c) => fold(c.name) === fold(by) || fold(c.upn ?? '') === fold(by) || c.aadObjectId === by.trim(),
    ) ?? null
  );
}

export async function runBokslutCli(args: readonly string[], deps: CliDeps): Promise<number> {
  return runCommand(deps, async () => {
    const cli = parseCliArgs(
      deps,
      args,
      { year: 'string', file: 'string', by: 'string', committee: 'string' },
      BOKSLUT_USAGE,
      ['year', 'file'],
    );
    if (!cli) return EXIT.ok;
    const str = cli.str;
    const yearText = str('year')?.trim() ?? '';
    if (!/^\d{4}$/.test(yearText)) {
      throw new CliError(`Året skrivs med fyra siffror, t.ex. --year 2024, inte ”${yearText}”.`, EXIT.usage);
    }
    const year = Number(yearText);
    const file = str('file') ?? '';
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new CliError(`Kunde inte läsa ${file}: ${(error as Error).message}`, EXIT.usage);
    }

    const { settings, config } = await loadSettingsAndConfig(deps);
    checkCommittee(config, str('committee'));
    if (!config.periods.some((p) => p.year === year && p.month === 12)) {
      const years = [...new Set(config.periods.filter((p) => p.month === 12).map((p) => p.year))];
      throw new CliError(
        `Uppföljningskalendern har ingen december ${year}, där bokslutet lagras. Kalendern har december för ${years.join(', ') || 'inget år'}.`,
        EXIT.unknown,
      );
    }
    const parsed = parseBokslutCsv(config, year, text);
    const { now, seed } = cliClock(deps, settings, config);
    const storage = await openCliStorage(deps, settings);
    try {
      await seed(storage);
      const committeeId = config.goals.committee.id;
      const leader = controllerNamed(config, str('by'));
      if (!leader) {
        const by = str('by') ?? '';
        await storage.audit.append({
          committeeId,
          at: now().toISOString(),
          actor: { aadObjectId: `cli:${by}`, name: by },
          action: 'bokslut.refused',
          outcome: 'refused',
          details: { reason: 'not-controller', year, via: 'cli' },
        });
        throw new CliError(
          `”${by}” har inte rollen controller i organisation.yaml, så inget sparades. Bokslutet läggs in av controllern.`,
          BOKSLUT_EXIT.notController,
        );
      }
      if (parsed.errors.length > 0) {
        throw new CliError(
          `Inget sparades: ${parsed.errors.length === 1 ? 'ett fel' : `${parsed.errors.length} fel`} i ${file}.\n${parsed.errors.map((e) => `  ${e}`).join('\n')}`,
          BOKSLUT_EXIT.invalidFile,
        );
      }
      const key = bokslutKey(config, year);
      const current = await storage.answers.get<BokslutAnswer>(key);
      const actor = { aadObjectId: leader.aadObjectId, name: leader.name };
      const result = await storeBokslut(
        { config, answers: storage.answers, audit: storage.audit, clock: { now } },
        actor,
        parsed.value,
        current?.revision ?? 0,
        null,
        'cli',
      );
      if (result.kind === 'conflict') {
        throw new CliError(
          `Bokslutet för ${year} ändrades av ${result.current?.answeredBy.name ?? 'någon annan'} medan kommandot kördes. Inget sparades; kör kommandot igen.`,
          EXIT.conflict,
        );
      }
      const budget = config.economy.rows.reduce((s, r) => s + (r.budget[String(year)] ?? 0), 0);
      const lines = [
        `Bokslut ${year} sparat av ${leader.name}: ${tkr(bokslutTotal(config, parsed.value))} tkr för ${config.economy.rows.length} rader (budget ${tkr(budget)} tkr), version ${result.answer?.revision ?? '–'}.`,
      ];
      if (current) lines.push(`Ersätter version ${current.revision} från ${current.answeredBy.name}.`);
      deps.stdout.write(`${lines.join('\n')}\n`);
      return EXIT.ok;
    } finally {
      await storage.close();
    }
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const code = await runBokslutCli(process.argv.slice(2), {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    demo: 'auto',
  });
  process.exit(code);
}
