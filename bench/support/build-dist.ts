/**
 * Global setup of `npm run bench`: builds `dist/` once (B2's report child, B4 and R1 run the
 * built bot as `npm start` does). A type error elsewhere in the tree does not stop tsc from
 * emitting, so the benchmarks go on with a warning as long as the entry point exists.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './common.js';

export function setup(): void {
  const tsc = path.join(ROOT, 'node_modules', '.bin', 'tsc');
  const started = performance.now();
  const result = spawnSync(tsc, ['-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (!existsSync(path.join(ROOT, 'dist', 'index.js'))) {
    throw new Error(`npm run build gav ingen dist/index.js:\n${result.stdout}${result.stderr}`);
  }
  if (result.status !== 0) {
    console.warn(
      `bench: tsc rapporterade fel (dist byggdes ändå, ${seconds} s):\n${result.stdout.slice(0, 2_000)}`,
    );
  } else {
    console.log(`bench: dist byggd (${seconds} s)`);
  }
}
