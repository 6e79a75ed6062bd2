/**
 * What the report and decide commands share: the bot's own settings and storage (so they can run
 * against the bot's data while the bot is stopped), a progress bar, and exit codes.
 */
import { parseArgs } from 'node:util';
import { type CommitteeConfig, ConfigError, loadConfig } from '../config/load-config.js';
import { readSettings, type Settings, SettingsError } from '../config/settings.js';
import { appClock, type DemoMode, seedDemoAnswers } from '../dev/demo.js';
import {
  openStorage,
  type Storage,
  type StorageTarget,
  storageTargetFrom as targetFromSetting,
} from '../storage/index.js';
import { type ReportTemplate, readReportTemplate, TemplateError } from './report-template.js';

/** Exit codes of both commands (documented in README.md). */
export const EXIT = {
  ok: 0,
  /** Settings, configuration or storage failed. */
  failure: 1,
  /** Wrong or missing arguments. */
  usage: 2,
  /** The period, nämnd, nämndmål or status does not exist. */
  unknown: 3,
  /** The period has no answers to report. */
  empty: 4,
  /** The decision changed meanwhile (someone else decided); nothing was written. */
  conflict: 5,
} as const;

export interface Output {
  write(text: string): void;
  readonly isTTY?: boolean;
}

export type StorageOpener = (target: StorageTarget, tablePrefix: string) => Promise<Storage>;

export interface CliDeps {
  /** The environment the bot reads its settings from (`process.env`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: Output;
  readonly stderr: Output;
  readonly now?: () => Date;
  readonly cwd?: string;
  /** Overrides where the data is (tests); by default the settings decide, as for the bot. */
  readonly storage?: { readonly target: StorageTarget; readonly tablePrefix: string };
  readonly openStorage?: StorageOpener;
  /** `auto` as `npm run …` runs it: the demo's clock and answers, as `npm start` has them. */
  readonly demo?: DemoMode;
}

export class CliError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The storage target exactly as the bot builds it from its settings. */
export function storageTargetFrom(settings: Settings): StorageTarget {
  return targetFromSetting(settings.storage);
}

/** The Word template REPORT_TEMPLATE names, checked; its problems as the command's failure. */
export async function loadTemplateOrFail(file: string): Promise<ReportTemplate> {
  try {
    return await readReportTemplate(file);
  } catch (error) {
    if (error instanceof TemplateError) throw new CliError(error.message, EXIT.failure);
    throw error;
  }
}

export async function loadSettingsAndConfig(
  deps: CliDeps,
): Promise<{ settings: Settings; config: CommitteeConfig }> {
  try {
    const settings = readSettings(deps.env, deps.cwd);
    const config = await loadConfig(settings.configDir);
    return { settings, config };
  } catch (error) {
    if (error instanceof SettingsError || error instanceof ConfigError)
      throw new CliError(error.message, EXIT.failure);
    throw error;
  }
}

/**
 * The app's clock for this command: `deps.now` (tests), else the clock the bot would run on
 * (FOLLOWUP_NOW, the demo's, or the system's). In demo mode the demo's answers are seeded when
 * the storage opens, so the commands in README work on a fresh clone.
 */
export function cliClock(
  deps: CliDeps,
  settings: Settings,
  config: CommitteeConfig,
): { readonly now: () => Date; readonly seed: (storage: Storage) => Promise<void> } {
  const { clock, demo } = appClock(settings, config, deps.demo ?? 'off');
  return {
    now: deps.now ?? (() => clock.now()),
    seed: async (storage) => {
      if (demo) await seedDemoAnswers({ config, answers: storage.answers, clock });
    },
  };
}

export async function openCliStorage(deps: CliDeps, settings: Settings): Promise<Storage> {
  const open = deps.openStorage ?? openStorage;
  const where = deps.storage ?? { target: storageTargetFrom(settings), tablePrefix: settings.tablePrefix };
  try {
    return await open(where.target, where.tablePrefix);
  } catch (error) {
    const hint =
      where.target.kind === 'embedded'
        ? ' Körs boten? Stoppa den först: den inbyggda Azurite kan bara användas av ett program i taget.'
        : '';
    throw new CliError(`Kunde inte öppna lagringen: ${(error as Error).message}.${hint}`, EXIT.failure);
  }
}

/** Names compared the way people type them: case and surrounding spaces aside. */
export const fold = (s: string) => s.trim().toLocaleLowerCase('sv-SE');

export interface CliArgs {
  /** A string option, or undefined when not given. */
  str(name: string): string | undefined;
  /** A boolean option. */
  flag(name: string): boolean;
}

/**
 * The commands' arguments: `--name value` options only, `-h`/`--help` prints the usage (then null
 * is returned and the command ends with EXIT.ok), and every required option must be given.
 */
export function parseCliArgs(
  deps: Pick<CliDeps, 'stdout'>,
  args: readonly string[],
  options: Readonly<Record<string, 'string' | 'boolean'>>,
  usage: string,
  required: readonly string[] = [],
): CliArgs | null {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        ...Object.fromEntries(Object.entries(options).map(([name, type]) => [name, { type }])),
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliError(`${argumentProblem(error)}\n\n${usage}`, EXIT.usage);
  }
  if (values.help) {
    deps.stdout.write(`${usage}\n`);
    return null;
  }
  const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const missing = required.filter((name) => !str(name)?.trim());
  if (missing.length > 0) {
    throw new CliError(`Saknas: ${missing.map((m) => `--${m}`).join(', ')}.\n\n${usage}`, EXIT.usage);
  }
  return { str, flag: (name) => values[name] === true };
}

/** Node's parseArgs errors are English: the same in Swedish, naming the argument. */
function argumentProblem(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const quoted = /'([^']+)'/.exec(message ?? '')?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    return `Okänt argument: ${quoted}.`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return `${quoted.replace(/ <value>$/, '')} behöver ett värde.`;
  }
  return `Argumenten gick inte att läsa: ${message ?? String(error)}`;
}

/** Matches the committee given with `--committee` against the configuration's id and short name. */
export function checkCommittee(config: CommitteeConfig, wanted: string | undefined): void {
  if (wanted === undefined) return;
  const c = config.goals.committee;
  const w = wanted.trim().toLocaleLowerCase('sv-SE');
  if (w !== c.id.toLocaleLowerCase('sv-SE') && w !== c.shortName.toLocaleLowerCase('sv-SE')) {
    throw new CliError(
      `Konfigurationen i ${config.dir} gäller ${c.name} (${c.shortName}), inte ”${wanted}”. Ange CONFIG_DIR för en annan nämnd.`,
      EXIT.unknown,
    );
  }
}

export function findPeriodOrFail(config: CommitteeConfig, id: string | undefined) {
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

/** A progress bar on a terminal, plain lines otherwise (logs, pipes, CI). */
export function progressReporter(out: Output, total: number): { step(what: string): void; done(): void } {
  let n = 0;
  const width = 24;
  return {
    step(what) {
      n = Math.min(total, n + 1);
      if (out.isTTY) {
        const filled = Math.round((width * n) / total);
        const percent = String(Math.round((100 * n) / total)).padStart(3);
        out.write(
          `\r[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${percent} % ${what.padEnd(48).slice(0, 48)}`,
        );
      } else {
        out.write(`[${n}/${total}] ${what}\n`);
      }
    },
    done() {
      if (out.isTTY) out.write('\n');
    },
  };
}

/** Runs a command body and turns its errors into a message and an exit code. */
export async function runCommand(deps: CliDeps, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof CliError) {
      deps.stderr.write(`${error.message}\n`);
      return error.code;
    }
    deps.stderr.write(`Oväntat fel: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.failure;
  }
}
