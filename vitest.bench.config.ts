import { defineConfig } from 'vitest/config';

// `npm run bench`: benchmarks and the long fault tests (not part of `npm test`). One file at a
// time in its own process, so measurements do not compete with each other.
// biome-ignore lint/style/noDefaultExport: vitest reads the config's default export
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    globalSetup: ['test/global-setup.ts', 'bench/support/build-dist.ts'],
    testTimeout: 600_000,
    hookTimeout: 300_000,
    teardownTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
  },
});
