import { defineConfig } from 'vitest/config';

/**
 * The tests Stryker runs against each mutant (`npm run mutation`). By default the simulator's
 * own tests in src/; `scripts/mutation.mjs <folder>…` narrows them to the mutated folders' own
 * tests (MUTATION_TEST_FOLDERS), because every simulation test exercises the engine and would
 * otherwise run for each engine mutant. A folder's score is therefore what its own tests kill: a
 * lower bound. CLI, renderer, bench and browser tests stay out (slow, need tools), and so does
 * the layering test (it lints files, it does not run them).
 */
const list = (value: string | undefined): string[] => (value ?? '').split(',').filter((item) => item.length > 0);
const folders = list(process.env.MUTATION_TEST_FOLDERS);
/** Explicit test files (MUTATION_TEST_FILES=a.test.ts,b.test.ts) for a quick run on one module. */
const files = list(process.env.MUTATION_TEST_FILES);

export default defineConfig({
  test: {
    include: files.length > 0 ? files : folders.length > 0 ? folders.map((f) => `src/${f}/**/*.test.ts`) : ['src/**/*.test.ts'],
    // Fuzz tests (src/*/fuzz.test.ts) bound each parse's wall time; instrumented code misses
    // those bounds (10 s against 1.5 s) and they would rerun for nearly every loader mutant.
    // Property tests (*.property.test.ts) run hundreds of random simulations (47 s for storage's
    // two) and cover nearly every model mutant, so each surviving mutant would cost minutes: the
    // example tests must pin the behaviour on their own.
    exclude: ['src/layering.test.ts', 'src/**/fuzz.test.ts', 'src/**/*.property.test.ts', '**/node_modules/**'],
    environment: 'node',
    // Instrumented code on a shared 2-core machine runs several times slower than usual.
    testTimeout: 300_000,
    // Stryker runs one vitest at a time (concurrency 1); one worker keeps the machine usable.
    maxWorkers: 1,
  },
});
