import { describe, expect, it } from 'vitest';
import { MAX_CHILDREN } from './common-scene';
import { frameRunId, memoryScene, parseFrameRunId } from './memory-scene';
import { byId, lessonState } from './testing-scene';

describe('memory scene', () => {
  it('summarises machine frames as runs of one state and owner that cover the host exactly once', () => {
    const state = lessonState('memory-scrubbing', 3_000_000_000);
    const scene = memoryScene(state);
    for (const host of Object.values(state.world.memory.hosts)) {
      const runs = byId(scene, `${host.hostId}/runs`).children ?? [];
      expect(runs.length).toBeLessThanOrEqual(MAX_CHILDREN);
      let next = 0;
      for (const run of runs) {
        const parsed = parseFrameRunId(run.id);
        expect(parsed?.start).toBe(next);
        next += parsed?.length ?? 0;
        expect(run.label).toMatch(/^frames \d+(–\d+)? \([\d,]+\): (in use by .+|free, scrubbed|free, not yet scrubbed.*|being scrubbed.*)$/);
      }
      expect(next).toBe(host.frames);
    }
  });

  it("names each run's owner (guest and tenant) and the dirty frames still holding a guest's data", () => {
    const state = lessonState('memory-scrubbing', 3_000_000_000);
    const labels = (byId(memoryScene(state), 'host-1/runs').children ?? []).map((r) => r.label);
    expect(labels.some((l) => /in use by .+ of tenant Tenant [A-Z]/.test(l))).toBe(true);
    expect(labels.some((l) => /in use by dom0 \(the operator\)/.test(l))).toBe(true);
  });

  it("lists each domain's guest-physical → machine extents, outlining the machine run", () => {
    const state = lessonState('hello-host', 2_000_000_000);
    const dom0 = byId(memoryScene(state), 'host-1.dom0');
    const extent = dom0.children?.[0];
    expect(extent?.label).toMatch(/^guest frames 0–\d+ → machine frames \d+–\d+$/);
    expect(parseFrameRunId(extent?.outline ?? '')?.hostId).toBe('host-1');
  });

  it('round-trips run ids', () => {
    expect(parseFrameRunId(frameRunId('a:b', 7, 9))).toEqual({ hostId: 'a:b', start: 7, length: 9 });
    expect(parseFrameRunId('host-1')).toBeNull();
  });
});
