import { describe, expect, it } from 'vitest';
import { acrossProcesses } from './lessons';
import type { BenchResult } from './types';

const label = 'fleet of 20,000 hosts';
const process = (runUs: number, worstMs: number): BenchResult[] => [
  { name: `${label}: run to the end`, value: runUs, unit: 'µs/event', notes: `run ${runUs}` },
  { name: `${label}: worst of 20 seeks`, value: worstMs, unit: 'ms', target: '≤ 50 ms', met: worstMs <= 50, notes: `seeks ${worstMs}` },
];

describe('a lesson measured in several processes', () => {
  it('reports the median run and the worst seek of all of them against the target', () => {
    const rows = acrossProcesses([process(31, 40), process(29, 72), process(35, 45)], label, 20);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ name: `${label}: run to the end`, value: 31, notes: 'median of 3 processes (31.0, 29.0, 35.0 µs/event); that process: run 31' });
    expect(rows[1]).toMatchObject({
      name: `${label}: worst of 3 × 20 seeks`,
      value: 72,
      target: '≤ 50 ms',
      met: false,
      notes: 'the worst seek of 3 fresh processes (40.0, 72.0, 45.0 ms CPU); that process: seeks 72',
    });
  });

  it('is met only when every process met it, at the threshold included', () => {
    expect(acrossProcesses([process(30, 50), process(30, 12)], label, 20)[1]).toMatchObject({ value: 50, met: true });
    expect(acrossProcesses([process(30, 50.1), process(30, 12)], label, 20)[1]).toMatchObject({ value: 50.1, met: false });
  });

  it('gives nothing for no process', () => {
    expect(acrossProcesses([], label, 20)).toEqual([]);
  });

  it('gives a failed process its failure row, not met', () => {
    const failure: BenchResult = { name: `${label}: worst of 20 seeks`, value: Number.NaN, unit: 'ms', target: '≤ 50 ms', met: false, notes: 'the measuring process failed: exit 1' };
    expect(acrossProcesses([process(30, 20), [failure], process(30, 25)], label, 20)).toEqual([failure]);
  });
});
