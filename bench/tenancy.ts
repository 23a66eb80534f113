import type { BenchSection } from './types';

/** Placeholder section; replaced by the work that owns it. */
export const tenancyBench: BenchSection = {
  id: 'tenancy',
  title: 'tenancy (not built yet)',
  run: () => [],
};
