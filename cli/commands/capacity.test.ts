import { describe, expect, it } from 'vitest';
import type { CliIo } from '../command';
import { capacityCommand, type CapacityRow } from './capacity';

function io(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), cwd: '.' };
}

describe('isolab capacity', () => {
  it('prints every family as JSON with nulls for unknown values', async () => {
    const out = io();
    expect(await capacityCommand.run(['--json'], out)).toBe(0);
    const rows = JSON.parse(out.stdout.join('\n')) as CapacityRow[];
    const families = rows.map((r) => r.family);
    const wanted = ['m5', 'c5', 'r5', 'm4', 'c4', 'm3', 'c3', 'r4', 't3', 'a1', 'm5d', 'c5d', 'c5n', 'i3', 'r3', 'd2', 'h1', 'x1', 'x1e', 'g3', 'i2', 'p2', 'p3', 'p3dn'];
    for (const f of wanted) expect(families).toContain(f);
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(['family', 'hypervisor', 'hypervisorInferred', 'multiSize', 'notes', 'physicalCores', 'sizes', 'sockets', 'source', 'vcpus']);
      expect(row.hypervisorInferred).toBe(true);
      expect(row.source.length).toBeGreaterThan(10);
    }
    const t3 = rows.find((r) => r.family === 't3') as CapacityRow;
    expect(t3.sizes).toEqual({ '2xlarge': 24, xlarge: 48, large: 96, medium: 192, small: 192, micro: 192, nano: 192 });
    expect(t3.physicalCores).toBe(48);
    const p3 = rows.find((r) => r.family === 'p3') as CapacityRow;
    expect(p3.physicalCores).toBeNull();
    expect(rows.find((r) => r.family === 'x1')?.sizes).toEqual({ '32xlarge': 1, '16xlarge': 2 });
    const c5 = rows.find((r) => r.family === 'c5') as CapacityRow;
    expect(c5.sizes['2xlarge']).toBe(8);
    expect(c5.sockets).toBeNull();
    const r5 = rows.find((r) => r.family === 'r5') as CapacityRow;
    expect(r5.sizes['8xlarge']).toBe(2);
    expect(r5.sizes.large).toBeNull();
  });

  it('lists sizes largest first', async () => {
    const out = io();
    await capacityCommand.run(['m5', '--json'], out);
    const [m5] = JSON.parse(out.stdout.join('\n')) as CapacityRow[];
    expect(Object.keys(m5?.sizes ?? {})).toEqual(['24xlarge', '12xlarge', '4xlarge', '2xlarge', 'xlarge', 'large']);
    expect(m5?.sizes.large).toBe(48);
  });

  it('prints one family in words, with its source', async () => {
    const out = io();
    expect(await capacityCommand.run(['c5'], out)).toBe(0);
    const text = out.stdout.join('\n');
    expect(text).toContain('c5.2xlarge 8');
    expect(text).toContain('sockets unknown');
    expect(text).toContain('as-scripts');
    expect(text).toContain('Nitro (inferred)');
  });

  it('says when a family publishes no per-size capacity', async () => {
    const out = io();
    expect(await capacityCommand.run(['z1d'], out)).toBe(0);
    expect(out.stdout.join('\n')).toContain('none published');
  });

  it('refuses an unknown family with exit 2 and the known list', async () => {
    const out = io();
    expect(await capacityCommand.run(['zz9'], out)).toBe(2);
    expect(out.stderr.join('\n')).toMatch(/unknown family "zz9".*m5.*a1/);
  });

  it('rejects extra positionals and unknown options as usage errors', async () => {
    await expect(capacityCommand.run(['m5', 'c5'], io())).rejects.toThrow(/at most one family/);
    await expect(capacityCommand.run(['--yaml'], io())).rejects.toThrow(/unknown option/);
  });
});
