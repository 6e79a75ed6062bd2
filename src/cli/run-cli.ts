/**
 * The scaffolding every command in src/cli/ shares: its dependencies (environment, output, clock,
 * storage), argument parsing with Swedish messages, the bot's own settings and configuration
 * (so a command runs against the bot's data while the bot is stopped), storage opened and closed
 * around the work, and one mapping from outcomes to exit codes and Swedish error text.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { processEnvironment } from '../config/environment.js';
import { type CommitteeConfig, ConfigError, loadConfig } from '../config/load-config.js';
import { applyResolved } from '../config/people.js';
import { readSettings, type Settings, SettingsError } from '../config/settings.js';
import { appClock, type DemoMode, seedDemoAnswers } from '../dev/demo.js';
import { openStorage, type Storage, type StorageTarget, storageTargetFrom } from '../storage/index.js';

/** Exit codes shared by every command (documented in README.md); a command may add its own from 6. */
export const EXIT = {
  ok: 0,
  /** Settings, configuration, storage or the work itself failed. */
  failure: 1,
  /** Wrong or missing arguments. */
  usage: 2,
  /** The period, nämnd, nämndmål or status does not exist. */
  unknown: 3,
  /** The period has no answers to report. */
  empty: 4,
  /** The data changed meanwhile (someone else decided or imported); nothing was written. */
  conflict: 5,
} as const;

export interface Output {
  write(text: string): void;
  readonly isTTY?: boolean;
}

export type StorageOpener = (target: StorageTarget, tablePrefix: string) => Promise<Storage>;

export interface CliDeps {
  /** The environment the bot reads its settings from (the process's, via src/config/). */
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

/** A command's outcome other than success: the Swedish message and the exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A command: its arguments (after the script name) and dependencies in, the exit code out. */
export type Command = (args: readonly string[], deps: CliDeps) => Promise<number>;

/**
 * Runs a command body and turns its errors into a message and an exit code: a CliError's own,
 * settings and configuration problems as failures, anything else as "Oväntat fel" with its
 * message (no stack trace: the reader is an administrator, not a debugger).
 */
export async function runCommand(
  deps: Pick<CliDeps, 'stderr'>,
  body: () => Promise<number>,
): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof CliError) {
      deps.stderr.write(`${error.message}\n`);
      return error.code;
    }
    if (error instanceof SettingsError || error instanceof ConfigError) {
      deps.stderr.write(`${error.message}\n`);
      return EXIT.failure;
    }
    deps.stderr.write(`Oväntat fel: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failure;
  }
}

/** True when the module at `moduleUrl` is the program node was started with (not imported). */
export function isEntry(moduleUrl: string): boolean {
  const started = process.argv[1];
  return started !== undefined && moduleUrl === pathToFileURL(started).href;
}

/**
 * Runs a command as the process: the arguments after the script, the process's environment and
 * output, the demo as `npm start` has it; then exits with the command's code (the embedded
 * storage or an HTTP agent must not keep a finished command alive).
 */
export async function runAsProcess(command: Command): Promise<never> {
  const code = await command(process.argv.slice(2), {
    env: processEnvironment(),
    stdout: process.stdout,
    stderr: process.stderr,
    demo: 'auto',
  });
  process.exit(code);
}

export interface CliArgs {
  /** A string option, or undefined when not given. */
  str(name: string): string | undefined;
  /** A boolean option. */
  flag(name: string): boolean;
  /** The arguments that are not options (only when the command accepts them). */
  readonly positionals: readonly string[];
}

export interface ArgSpec {
  readonly options: Readonly<Record<string, 'string' | 'boolean'>>;
  readonly usage: string;
  /** Options that must be given (with a non-blank value). */
  readonly required?: readonly string[];
  /** How many arguments without `--name` the command takes (default none). */
  readonly positionals?: number;
}

/**
 * The commands' arguments: `--name value` options, `-h`/`--help` prints the usage (then null is
 * returned and the command ends with EXIT.ok), and every required option must be given.
 */
export function parseCliArgs(
  deps: Pick<CliDeps, 'stdout'>,
  args: readonly string[],
  spec: ArgSpec,
): CliArgs | null {
  const { usage, required = [], positionals: allowed = 0 } = spec;
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...args],
      options: {
        ...Object.fromEntries(Object.entries(spec.options).map(([name, type]) => [name, { type }])),
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: allowed > 0,
    }));
  } catch (error) {
    throw new CliError(`${argumentProblem(error)}\n\n${usage}`, EXIT.usage);
  }
  if (values.help) {
    deps.stdout.write(`${usage}\n`);
    return null;
  }
  if (positionals.length > allowed) {
    throw new CliError(`Okänt argument: ${positionals[allowed]}.\n\n${usage}`, EXIT.usage);
  }
  const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const missing = required.filter((name) => !str(name)?.trim());
  if (missing.length > 0) {
    throw new CliError(`Saknas: ${missing.map((m) => `--${m}`).join(', ')}.\n\n${usage}`, EXIT.usage);
  }
  return { str, flag: (name) => values[name] === true, positionals };
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

/** What a command that works on the bot's data knows before it opens storage. */
export interface CliContext {
  readonly settings: Settings;
  readonly config: CommitteeConfig;
  /** The app's clock for this command (see `loadCliContext`). */
  readonly now: () => Date;
  /** Seeds the demo's answers when the command runs in demo mode; otherwise does nothing. */
  readonly seed: (storage: Storage) => Promise<void>;
}

/**
 * The bot's settings and configuration, read once, and the clock the bot would run on:
 * `deps.now` (tests), else FOLLOWUP_NOW, the demo's, or the system's. In demo mode the demo's
 * answers are seeded when the storage opens, so the commands in README work on a fresh clone.
 * Settings and configuration problems end the command with EXIT.failure (see `runCommand`).
 */
export async function loadCliContext(deps: CliDeps): Promise<CliContext> {
  const settings = readSettings(deps.env, deps.cwd);
  const config = await loadConfig(settings.configDir);
  const { clock, demo } = appClock(settings, config, deps.demo ?? 'off');
  return {
    settings,
    config,
    now: deps.now ?? (() => clock.now()),
    seed: async (storage) => {
      if (demo) await seedDemoAnswers({ config, answers: storage.answers, clock });
    },
  };
}

export interface StorageOptions {
  /**
   * As the bot starts: people given by address alone get the object ids the bot learnt for them
   * (commands that look people up or reach them).
   */
  readonly resolveIdentities?: boolean;
}

/**
 * Opens the bot's storage (or `deps.storage`), prepares it as the bot does at start (learnt
 * identities, the demo's answers), runs `work` and closes the storage whatever happens.
 */
export async function withStorage<T>(
  deps: CliDeps,
  context: CliContext,
  work: (storage: Storage) => Promise<T>,
  options: StorageOptions = {},
): Promise<T> {
  const { settings } = context;
  const open = deps.openStorage ?? openStorage;
  const where = deps.storage ?? {
    target: storageTargetFrom(settings.storage),
    tablePrefix: settings.tablePrefix,
  };
  let storage: Storage;
  try {
    storage = await open(where.target, where.tablePrefix);
  } catch (error) {
    const hint =
      where.target.kind === 'embedded'
        ? ' Körs boten? Stoppa den först: den inbyggda Azurite kan bara användas av ett program i taget.'
        : '';
    throw new CliError(`Kunde inte öppna lagringen: ${(error as Error).message}.${hint}`, EXIT.failure);
  }
  try {
    if (options.resolveIdentities)
      applyResolved(context.config.organisation, await storage.identities.list());
    await context.seed(storage);
    return await work(storage);
  } finally {
    await storage.close();
  }
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
