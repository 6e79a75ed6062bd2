/**
 * `npm run bokslut -- --year 2024 --file bokslut.csv [--by "Namn"] [--committee AN]`: stores the
 * controller's bokslut from a CSV file (`rad-id;utfall tkr`). Every problem is listed with its
 * line; on any problem nothing is stored. Same storage, clock and demo handling as `npm run decide`.
 */
import type { CommitteeConfig } from '../config/load-config.js';
import { bokslutTotal, parseBokslutCsv } from '../controller/bokslut.js';
import { bokslutKey, storeBokslut } from '../controller/service.js';
import type { BokslutAnswer } from '../followup/answers.js';
import { tkr } from '../shared/swedish-format.js';
import { CONTROLLER_EXIT, checkCommittee, controllerNamed, fileProblems, readInputFile } from './lookups.js';
import {
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

export const BOKSLUT_USAGE = `Användning: npm run bokslut -- --year ÅÅÅÅ --file FIL.csv [--by "Namn"] [--committee AN]

  --year       bokslutsåret, t.ex. 2024 (lagras i årets decemberperiod, även när den är låst)
  --file       CSV-fil med kolumnerna rad-id;utfall tkr, en rad per rad i driftsammandraget
               (economy.yaml); svenskt talformat går bra (323 000), hela tkr
  --by         controllern som lägger in bokslutet (namn, e-post eller id i organisation.yaml);
               behövs bara när fler än en person har rollen controller

Slutkoder: 0 sparat, 1 fel i inställningar/konfiguration/lagring, 2 felaktiga argument,
3 okänt år eller nämnd, 5 bokslutet ändrades samtidigt, 6 inte controller, 7 fel i filen (inget sparades).`;

function yearOf(text: string): number {
  if (!/^\d{4}$/.test(text)) {
    throw new CliError(`Året skrivs med fyra siffror, t.ex. --year 2024, inte ”${text}”.`, EXIT.usage);
  }
  return Number(text);
}

function checkDecember(config: CommitteeConfig, year: number): void {
  if (config.periods.some((p) => p.year === year && p.month === 12)) return;
  const years = [...new Set(config.periods.filter((p) => p.month === 12).map((p) => p.year))];
  throw new CliError(
    `Uppföljningskalendern har ingen december ${year}, där bokslutet lagras. Kalendern har december för ${years.join(', ') || 'inget år'}.`,
    EXIT.unknown,
  );
}

export async function runBokslutCli(args: readonly string[], deps: CliDeps): Promise<number> {
  return runCommand(deps, async () => {
    const cli = parseCliArgs(deps, args, {
      options: { year: 'string', file: 'string', by: 'string', committee: 'string' },
      usage: BOKSLUT_USAGE,
      required: ['year', 'file'],
    });
    if (!cli) return EXIT.ok;
    const year = yearOf(cli.str('year')?.trim() ?? '');
    const file = cli.str('file') ?? '';
    const text = await readInputFile(file);

    const context = await loadCliContext(deps);
    const { config, now } = context;
    checkCommittee(config, cli.str('committee'));
    checkDecember(config, year);
    const parsed = parseBokslutCsv(config, year, text);
    const lines = await withStorage(deps, context, async (storage) => {
      const committeeId = config.goals.committee.id;
      const leader = controllerNamed(config, cli.str('by'));
      if (!leader) {
        const by = cli.str('by') ?? '';
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
          CONTROLLER_EXIT.notController,
        );
      }
      if (parsed.errors.length > 0) throw fileProblems(file, parsed.errors);
      const current = await storage.answers.get<BokslutAnswer>(bokslutKey(config, year));
      const result = await storeBokslut(
        { config, answers: storage.answers, audit: storage.audit, clock: { now } },
        { aadObjectId: leader.aadObjectId, name: leader.name },
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
      const saved = [
        `Bokslut ${year} sparat av ${leader.name}: ${tkr(bokslutTotal(config, parsed.value))} tkr för ${config.economy.rows.length} rader (budget ${tkr(budget)} tkr), version ${result.answer?.revision ?? '–'}.`,
      ];
      if (current) saved.push(`Ersätter version ${current.revision} från ${current.answeredBy.name}.`);
      return saved;
    });
    deps.stdout.write(`${lines.join('\n')}\n`);
    return EXIT.ok;
  });
}

if (isEntry(import.meta.url)) await runAsProcess(runBokslutCli);
