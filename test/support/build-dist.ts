/**
 * Builds `dist/` as `npm start` does (`tsc -b`: nothing to do when dist is newer than every
 * source), for tests and benchmarks that run the bot as its own process.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DIST_ENTRY = path.join(ROOT, 'dist', 'index.js');

export interface BuildResult {
  /** tsc reported no errors. */
  readonly ok: boolean;
  /** The entry point exists (tsc emits even with type errors). */
  readonly emitted: boolean;
  readonly seconds: number;
  readonly output: string;
}

export function buildDist(): BuildResult {
  const tsc = path.join(ROOT, 'node_modules', '.bin', 'tsc');
  const started = performance.now();
  const result = spawnSync(tsc, ['-b', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
  return {
    ok: result.status === 0,
    emitted: existsSync(DIST_ENTRY),
    seconds: (performance.now() - started) / 1000,
    output: `${result.stdout ?? ''}${result.stderr ?? ''}`,
  };
}
