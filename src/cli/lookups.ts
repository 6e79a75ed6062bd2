/**
 * What the commands' arguments name, found in the configuration or refused with a Swedish message
 * and the matching exit code: the nämnd, a period, a controller, an input file.
 */
import { readFile } from 'node:fs/promises';
import type { CommitteeConfig } from '../config/load-config.js';
import { CliError, EXIT } from './run-cli.js';

/** Names compared the way people type them: case and surrounding spaces aside. */
export const fold = (s: string) => s.trim().toLocaleLowerCase('sv-SE');

/** Matches the committee given with `--committee` against the configuration's id and short name. */
export function checkCommittee(config: CommitteeConfig, wanted: string | undefined): void {
  if (wanted === undefined) return;
  const c = config.goals.committee;
  const w = fold(wanted);
  if (w !== fold(c.id) && w !== fold(c.shortName)) {
    throw new CliError(
      `Konfigurationen i ${config.dir} gäller ${c.name} (${c.shortName}), inte ”${wanted}”. Ange CONFIG_DIR för en annan nämnd.`,
      EXIT.unknown,
    );
  }
}

export function findPeriodOrFail(
  config: CommitteeConfig,
  id: string | undefined,
): CommitteeConfig['periods'][number] {
  if (!id) throw new CliError('Ange perioden med --period, t.ex. --period 2024-08.', EXIT.usage);
  if (!/^\d{4}-\d{2}$/.test(id)) {
    throw new CliError(`Perioden skrivs som år-månad, t.ex. 2024-08, inte ”${id}”.`, EXIT.usage);
  }
  const period = config.periods.find((p) => p.id === id);
  if (!period) {
    const first = config.periods[0]?.id ?? '–';
    const last = config.periods.at(-1)?.id ?? '–';
    throw new CliError(
      `Perioden ${id} finns inte i uppföljningskalendern (calendar.yaml). Kalendern har perioder från ${first} till ${last}.`,
      EXIT.unknown,
    );
  }
  return period;
}

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

/** Exit codes of the controller's imports (bokslut and ledger) beyond the shared ones. */
export const CONTROLLER_EXIT = { notController: 6, invalidFile: 7 } as const;

/** Every problem of a controller's file, one line each, as the command's failure. */
export function fileProblems(file: string, errors: readonly string[]): CliError {
  return new CliError(
    `Inget sparades: ${errors.length === 1 ? 'ett fel' : `${errors.length} fel`} i ${file}.\n${errors.map((e) => `  ${e}`).join('\n')}`,
    CONTROLLER_EXIT.invalidFile,
  );
}

/** The text of the file `--file` names; a file that cannot be read is a usage error. */
export async function readInputFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`Kunde inte läsa ${file}: ${(error as Error).message}`, EXIT.usage);
  }
}
