import { describe, expect, it } from 'vitest';
import { runSections } from './index';
import { markdownReport, terminalReport } from './report';
import type { BenchSection } from './types';
import { runOnEngine, runPlain } from './engine-workload';

const good: BenchSection = {
  id: 'good',
  title: 'Good section',
  run: () => [{ name: 'x vs y', value: 2e6, unit: 'events/s', baseline: { name: 'y', value: 1e6 }, ratio: 2, target: '≥ 1.5×', met: true, notes: 'n' }],
};
const broken: BenchSection = { id: 'broken', title: 'Broken section', run: () => Promise.reject(new Error('disk full\nstack…')) };

describe('bench runner', () => {
  it('reports a throwing section as failed and still runs the others', async () => {
    const outcomes = await runSections([broken, good], true);
    expect(outcomes.map((o) => o.ok)).toEqual([false, true]);
    const text = terminalReport(outcomes);
    expect(text).toMatch(/FAILED\s+disk full/);
    expect(text).toMatch(/x vs y\s+2\.00 M events\/s\s+y: 1\.00 M events\/s\s+2\.00×\s+≥ 1\.5×\s+met/);
  });

  it('writes the machine, date, reproduction commands, tables and section notes to markdown', async () => {
    const outcomes = await runSections([good, broken], false);
    const machine = { cpu: 'Test CPU', cores: 2, memoryGiB: 8, os: 'Linux 6', node: 'v20' };
    const md = markdownReport(outcomes, machine, new Date('2026-01-02T03:04:05Z'), new Map([['good', 'Why it is fast.']]), false);
    expect(md).toContain('- CPU: Test CPU × 2 logical cores, 8 GiB memory');
    expect(md).toContain('- Date: 2026-01-02T03:04:05Z');
    expect(md).toContain('npm run bench -- --write');
    expect(md).toContain('| x vs y | 2.00 M events/s | y: 1.00 M events/s | 2.00× | ≥ 1.5× | met |');
    expect(md).toContain('| FAILED | disk full |');
    expect(md).toContain('Why it is fast.');
  });
});

describe('engine workload', () => {
  it('is the same loop on plain objects and on the engine, in batched and one-event frames', () => {
    const plain = runPlain(100, 7, 3000);
    const batched = runOnEngine(100, 7, 3000, 1000);
    const single = runOnEngine(100, 7, 3000, 1);
    for (const s of [batched, single]) {
      expect(s.total).toBe(3000);
      expect(s.rng).toEqual(plain.rng);
      expect(s.time).toBe(plain.time);
      expect(s.counts).toEqual(plain.counts);
    }
  });
});
