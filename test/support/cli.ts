/**
 * Running a command-line entry (src/cli/) in the test's process: its output captured, its
 * environment and clock given, as `runCommand` would have them from the real process.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CliDeps } from '../../src/cli/run-cli.js';

/** A stream stand-in that keeps what was written; not a terminal, so no progress lines. */
export function capture() {
  let text = '';
  return {
    write: (t: string) => {
      text += t;
    },
    text: () => text,
    isTTY: false,
  };
}

/** The dependencies of a command run, with its output captured. */
export function cliDeps(env: CliDeps['env'], now: () => Date) {
  const stdout = capture();
  const stderr = capture();
  const deps: CliDeps = { env, stdout, stderr, now };
  return { deps, stdout, stderr };
}

/** A text file of `lines` in `dir`, as a controller saves it; returns its path. */
export async function writeLines(dir: string, name: string, lines: readonly string[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `${lines.join('\n')}\n`, 'utf8');
  return path;
}
