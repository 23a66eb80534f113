import type { BenchSection } from './types';

/** Placeholder section; replaced by the work that owns it. */
export const engineBench: BenchSection = {
  id: 'engine',
  title: 'engine (not built yet)',
  run: () => [],
};
