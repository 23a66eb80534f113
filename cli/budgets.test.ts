import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isolab } from './test-io';

const dir = mkdtempSync(join(tmpdir(), 'isolab-budget-'));

function lessonFile(name: string, world: Record<string, unknown>, actions: unknown[] = []): string {
  const lesson = {
    id: name,
    title: name,
    summary: 'Budget check.',
    timeScale: '1s',
    world: { tenants: [{ id: 'a' }], hosts: [{ id: 'h', guests: [{ id: 'g', tenant: 'a', booted: true }] }], ...world },
    steps: [{ at: '1s', narration: 'x', actions: actions.map((action) => ({ action })) }],
  };
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(lesson));
  return path;
}

describe('cost budgets on the command line', () => {
  it('validate refuses a host of more than 2^30 frames with a located error (run refuses it the same way)', async () => {
    const file = lessonFile('huge-host', { memory: { mode: 'realistic' }, hosts: [{ id: 'h', memoryMiB: 4 * 1024 * 1024 + 1 }] });
    for (const command of ['validate', 'run']) {
      const r = await isolab([command, file]);
      expect(r.code).toBe(2);
      expect(r.err).toBe(`${file}: $.world.hosts[0].memoryMiB: host would have 1073742080 frames of 4 KiB; expected 1 to 1073741824 frames per host (change world.memory.frameKiB or memoryMiB)`);
    }
  });

  it('refuses 2,000 bursts of a million round trips before running anything', async () => {
    const file = lessonFile('bursts', {}, Array.from({ length: 2000 }, () => ({ type: 'cpu.burst', domain: 'g', count: 1_000_000 })));
    const r = await isolab(['run', file, '--max-events', '1000']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^\S+bursts\.json: \$\.steps\[0\]\.actions\[5\]\.action\.count: the lesson asks for 2000000000 cpu\.burst round trips; the budget is 5000000/);
  });

  it('--max-events counts a burst as its crossings', async () => {
    const file = lessonFile('two-bursts', {}, [
      { type: 'cpu.burst', domain: 'g', count: 100_000 },
      { type: 'cpu.burst', domain: 'g', count: 100_000 },
    ]);
    const full = await isolab(['run', file, '--json']);
    expect(full.code).toBe(0);
    const events = (JSON.parse(full.out) as { events: number }).events;
    const capped = await isolab(['run', file, '--max-events', String(events + 1000)]);
    expect(capped.code).toBe(2);
    expect(capped.err).toMatch(/^stopped after \d+ events \(\d{6,} units of work counting each burst's crossings; the cap is \d+\)/);
  });
});
