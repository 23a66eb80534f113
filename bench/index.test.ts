import { describe, expect, it } from 'vitest';
import { parseOptions, runSections } from './index';
import { jsonReport, markdownReport, terminalReport, verdict } from './report';
import { ISSUE_TARGETS } from './targets';
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

const machine = { cpu: 'Test CPU', cores: 2, memoryGiB: 8, os: 'Linux 6', node: 'v20' };
const fleetRow: BenchSection = {
  id: 'tenancy',
  title: 'Tenancy',
  run: () => [{ name: 'place 40000 instances, CPU time', value: 6.1, unit: 'CPU s', target: '< 5 s CPU time for 40,000 on 20,000', met: false }],
};
const scaling: BenchSection = {
  id: 'scaling',
  title: 'Scaling',
  run: () => [{ name: 'fleet 2 K → 100 K hosts: run time', value: Number.NaN, unit: '(log-log slope)', target: '≤ 1.11', figure: { file: 'fleet-time.svg', title: 'Fleet time', svg: '<svg/>' } }],
};

describe('bench report: every target shows its status', () => {
  it('a row with a target always has a status, even unjudged', () => {
    expect(verdict({ name: 'a', value: 1, unit: 's', target: '< 5 s', met: true })).toBe('met');
    expect(verdict({ name: 'a', value: 1, unit: 's', target: '< 5 s', met: false })).toBe('NOT met');
    expect(verdict({ name: 'a', value: 1, unit: 's', target: '< 5 s' })).toBe('not judged');
    expect(verdict({ name: 'a', value: 1, unit: 's' })).toBe('');
  });

  it("lists issue 15's targets with the rows that measure them, and says when none did", async () => {
    const outcomes = await runSections([fleetRow, scaling, broken], true);
    const md = markdownReport(outcomes, machine, new Date('2026-01-02T03:04:05Z'), new Map(), true);
    expect(md).toContain('| 20 K hosts / 40 K instances placed and audited in < 5 s CPU | NOT met | place 40000 instances, CPU time: 6.10 CPU s |');
    expect(md).toContain('| 100 K hosts growing no worse than n log n | not judged |');
    expect(md).toContain('| Idle rendering near zero cost | not measured in this run |  |');
    expect(md).toContain('| tenancy | place 40000 instances, CPU time | 6.10 CPU s | < 5 s CPU time for 40,000 on 20,000 | NOT met |');
    expect(md).toContain('| Broken section | FAILED: disk full |  |  | NOT met |');
    expect(md).toContain('![Fleet time](bench/fleet-time.svg)');
    expect(md).toContain('npm run -s bench -- --json');
    for (const target of ISSUE_TARGETS) expect(md).toContain(`| ${target.text} |`);
  });
});

describe('bench --json', () => {
  it('has one row per measurement with section, value, unit, baseline, ratio, target, met and status', async () => {
    const outcomes = await runSections([good, fleetRow, scaling, broken], true);
    const doc = jsonReport(outcomes, machine, new Date('2026-01-02T03:04:05Z'), true);
    // What stdout carries must survive a JSON round trip unchanged (no NaN, no undefined).
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
    expect(doc.sections.map((s) => [s.id, s.ok])).toEqual([['good', true], ['tenancy', true], ['scaling', true], ['broken', false]]);
    expect(doc.rows).toHaveLength(4);
    expect(doc.rows[0]).toEqual({ section: 'good', measurement: 'x vs y', value: 2e6, unit: 'events/s', baseline: { name: 'y', value: 1e6 }, ratio: 2, target: '≥ 1.5×', met: true, status: 'met', notes: 'n', figure: null });
    expect(doc.rows[1]).toMatchObject({ section: 'tenancy', value: 6.1, met: false, status: 'NOT met', baseline: null, ratio: null });
    expect(doc.rows[2]).toMatchObject({ section: 'scaling', value: null, met: null, status: 'not judged', figure: 'docs/bench/fleet-time.svg' });
    expect(doc.rows[3]).toMatchObject({ section: 'broken', measurement: 'FAILED', status: 'FAILED', notes: 'disk full' });
  });

  it('parses its options and refuses what it does not know', () => {
    expect(parseOptions(['--json', '--quick', '--heavy'])).toEqual({ quick: true, heavy: true, write: false, json: true });
    expect(parseOptions(['--only', 'lessons']).only).toBe('lessons');
    expect(() => parseOptions(['--fast'])).toThrow(/unknown option --fast/);
    expect(() => parseOptions(['--only', 'nope'])).toThrow(/--only expects one of/);
    expect(() => parseOptions(['--write', '--only', 'lessons'])).toThrow(/whole of docs/);
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
