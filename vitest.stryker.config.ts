import { defineConfig } from 'vitest/config';

/**
 * The tests Stryker runs against each mutant (`npm run mutation`): the simulator's own tests in
 * src/. The CLI, renderer, bench and browser tests stay out — they are slow, need tools, and the
 * mutated folders are all in src. The layering test stays out too: it lints files, not behaviour.
 */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    exclude: ['src/layering.test.ts', '**/node_modules/**'],
    environment: 'node',
    testTimeout: 60_000,
    // Stryker runs one vitest at a time (concurrency 1); one worker keeps a 2-core machine usable.
    maxWorkers: 1,
  },
});
