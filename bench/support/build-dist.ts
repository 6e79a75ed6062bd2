/**
 * Global setup of `npm run bench`: builds `dist/` once (B2's report child, B4 and R1 run the
 * built bot as `npm start` does). A type error elsewhere in the tree does not stop tsc from
 * emitting, so the benchmarks go on with a warning as long as the entry point exists.
 */
import { buildDist } from '../../test/support/build-dist.js';

export function setup(): void {
  const result = buildDist();
  const seconds = result.seconds.toFixed(1);
  if (!result.emitted) throw new Error(`npm run build gav ingen dist/index.js:\n${result.output}`);
  if (!result.ok) {
    console.warn(
      `bench: tsc rapporterade fel (dist byggdes ändå, ${seconds} s):\n${result.output.slice(0, 2_000)}`,
    );
  } else {
    console.log(`bench: dist byggd (${seconds} s)`);
  }
}
