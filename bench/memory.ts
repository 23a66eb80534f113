import type { BenchSection } from './types';

/** Placeholder section; replaced by the work that owns it. */
export const memoryBench: BenchSection = {
  id: 'memory',
  title: 'memory (not built yet)',
  run: () => [],
};
