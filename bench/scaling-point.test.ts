import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { peakMiB } from './scaling-point';

describe('peak memory of a scaling point', () => {
  it('reads VmHWM from /proc/self/status, in MiB', () => {
    expect(peakMiB('Name:\tnode\nVmPeak:\t 900000 kB\nVmHWM:\t  204800 kB\nVmRSS:\t 102400 kB\n')).toBe(200);
  });

  it('falls back to getrusage where there is no /proc', () => {
    expect(peakMiB(null)).toBeCloseTo(process.resourceUsage().maxRSS / 1024, -1);
  });

  it.runIf(process.platform === 'linux')('is the child’s own, not the larger parent’s', () => {
    // getrusage's maxrss survives exec, so a child of a big parent used to report the parent's size.
    const ballast = Buffer.alloc(300 * 1024 * 1024, 1);
    const script = fileURLToPath(new URL('./scaling-point.ts', import.meta.url));
    const child = spawnSync(process.execPath, ['--import', 'tsx', script, 'idle', '0'], { encoding: 'utf8' });
    const point: unknown = JSON.parse(child.stdout);
    expect(ballast.length).toBeGreaterThan(0);
    expect(point).toMatchObject({ kind: 'idle' });
    const peak = typeof point === 'object' && point !== null && 'peakMiB' in point ? point.peakMiB : NaN;
    expect(peak).toBeLessThan(process.resourceUsage().maxRSS / 1024 - 200);
  });
});
