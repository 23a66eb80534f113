/**
 * A benchmark section. Every result is a ratio against a baseline measured in the same run,
 * so numbers compare across machines; raw rates are printed alongside for context.
 */
export interface BenchResult {
  /** What was measured, e.g. "engine batched vs one-event frames". */
  name: string;
  /** The headline number, e.g. events/s. */
  value: number;
  unit: string;
  /** Baseline measured in the same run (same unit), when the result is a ratio. */
  baseline?: { name: string; value: number };
  /** value / baseline.value (or a time ratio), the number targets are stated against. */
  ratio?: number;
  /** The target in words, e.g. "≥ 5× SimPy". */
  target?: string;
  /** Whether the target is met (undefined when there is no target). */
  met?: boolean;
  notes?: string;
}

export interface BenchSection {
  id: string;
  title: string;
  /** Runs the measurements; `quick` shrinks sizes for a smoke run in tests. */
  run(options: { quick: boolean }): Promise<BenchResult[]> | BenchResult[];
}
