import type { SectionOutcome } from './report';
import type { BenchResult } from './types';

/**
 * The targets of issue 15 ("an engine ≥ 5× SimPy with time travel intact, linear scaling, cheap
 * keyframes, rendering only on change"), each found among the run's rows so docs/benchmarks.md
 * states every one with its status — never hidden: a target no row measured says so.
 */
export interface IssueTarget {
  text: string;
  /** Which rows measure it (section id and row). */
  matches(section: string, row: BenchResult): boolean;
}

const has = (text: string | undefined, pattern: RegExp): boolean => pattern.test(text ?? '');

export const ISSUE_TARGETS: readonly IssueTarget[] = [
  { text: 'Batched frames on the bench workload ≥ 5× SimPy', matches: (s, r) => s === 'engine' && has(r.target, /5\s*×\s*SimPy/i) },
  { text: 'Stretch: batched frames within 1.5× of the plain-object loop', matches: (s, r) => s === 'engine' && has(r.name, /plain/i) && has(r.target, /1\.5/) },
  { text: 'Time-travel overhead (history and keyframes on vs off) ≤ 1.5×', matches: (s, r) => s === 'engine' && has(r.name, /time.travel|keyframes? (on|off)|history/i) && r.target !== undefined },
  { text: "One-event frames at least SimPy's rate", matches: (s, r) => s === 'engine' && has(r.name, /one-event/i) && has(`${r.target ?? ''} ${r.baseline?.name ?? ''}`, /SimPy/i) && r.target !== undefined },
  { text: '20 K hosts / 40 K instances placed and audited in < 5 s CPU', matches: (s, r) => s === 'tenancy' && has(r.target, /5 s CPU/) },
  { text: '100 K hosts growing no worse than n log n', matches: (s, r) => s === 'scaling' && has(r.name, /^fleet .*run time/) },
  { text: 'Seek ≤ 50 ms in every built-in lesson, the fleet included', matches: (s, r) => s === 'lessons' && has(r.name, /seeks$/) },
  { text: 'Memory per hour of lesson linear', matches: (s, r) => s === 'scaling' && has(r.name, /^lesson length .*peak memory/) },
  { text: 'Idle rendering near zero cost', matches: (s, r) => s === 'render' && has(r.name, /idle/i) && r.target !== undefined },
];

export type TargetStatus = 'met' | 'NOT met' | 'not judged' | 'not measured in this run';

/** All matching rows met → met; any not met → NOT met; none found → not measured. */
export function targetStatus(target: IssueTarget, outcomes: readonly SectionOutcome[]): { status: TargetStatus; rows: BenchResult[] } {
  const rows: BenchResult[] = [];
  for (const o of outcomes) if (o.ok) for (const r of o.results) if (target.matches(o.section.id, r)) rows.push(r);
  if (rows.length === 0) return { status: 'not measured in this run', rows };
  if (rows.some((r) => r.met === false)) return { status: 'NOT met', rows };
  if (rows.every((r) => r.met === true)) return { status: 'met', rows };
  return { status: 'not judged', rows };
}
