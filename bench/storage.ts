import type { BenchSection } from './types';

/** Placeholder section; replaced by the work that owns it. */
export const storageBench: BenchSection = {
  id: 'storage',
  title: 'storage (not built yet)',
  run: () => [],
};
