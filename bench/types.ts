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
  /** A plot of the measurement (scaling runs); `npm run bench -- --write` saves it under docs/bench/. */
  figure?: BenchFigure;
}

/** An SVG drawn from the run's numbers, linked from docs/benchmarks.md. */
export interface BenchFigure {
  /** File name under docs/bench/, e.g. "fleet-time.svg". */
  file: string;
  /** Alt text and caption. */
  title: string;
  svg: string;
}

export interface BenchOptions {
  /** Smaller sizes, one repetition: a smoke run. */
  quick: boolean;
  /** Opt-in heavy points (e.g. the 10-hour lesson of the scaling runs). */
  heavy?: boolean;
}

export interface BenchSection {
  id: string;
  title: string;
  /** Runs the measurements; `quick` shrinks sizes for a smoke run in tests. */
  run(options: BenchOptions): Promise<BenchResult[]> | BenchResult[];
}
