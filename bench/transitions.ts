import type { BenchSection } from './types';

/** Placeholder section; replaced by the work that owns it. */
export const transitionsBench: BenchSection = {
  id: 'transitions',
  title: 'transitions (not built yet)',
  run: () => [],
};
