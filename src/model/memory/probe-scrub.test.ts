import { describe, expect, it } from 'vitest';
import { SECOND } from '../../engine/time';
import { MAX_PROBE_FRAMES, MAX_PROBE_LEAKS_KEPT, MAX_PROBES_KEPT } from './config';
import { findRuns, frameAt, stateMask } from './frames';
import { nodeRange } from './scrubber';
import { runMemoryHost, type MemoryHostRunOptions, type TestStep } from './testing';
import { FREE_CLEAN, SCRUBBING } from './types';

const launch = (id: string, tenant: string, memoryMiB = 256) => ({ type: 'guest.launch', host: 'h1', guest: { id, tenant, memoryMiB } });

function run(steps: TestStep[], options: MemoryHostRunOptions = {}) {
  const r = runMemoryHost(steps, options);
  return { ...r, probes: () => r.e.state.world.memory.probes };
}

/** Alice's guest writes, is destroyed under no-scrub, and Bob's new guest is given her frames. */
const leakSteps = (probe: Record<string, unknown>): TestStep[] => [
  { at: '1s', action: launch('a', 'alice') },
  { at: '2s', action: { type: 'mem.write', domain: 'a', label: 'payslip', frames: 10 } },
  { at: '3s', action: { type: 'guest.destroy', guest: 'a' } },
  { at: '4s', action: launch('b', 'bob') },
  { at: '5s', action: { type: 'mem.probe', domain: 'b', ...probe } },
];

describe('the residue probe', () => {
  it('sees zeros in frames that were scrubbed', () => {
    const { probes, texts } = run([{ at: '1s', action: launch('b', 'bob') }, { at: '2s', action: { type: 'mem.probe', domain: 'b' } }]);
    expect(probes()).toEqual([{ at: 2 * SECOND, eventIndex: expect.any(Number), domain: 'b', tenant: 'bob', read: 16, zeros: 16, own: 0, leakCount: 0, leaks: [] }]);
    expect(texts()).toContain('b probes 16 fresh frames: 16 hold zeros — nothing of another tenant');
  });

  it('counts the tenant\'s own data apart from leaks', () => {
    const { probes, texts } = run([
      { at: '1s', action: launch('b', 'bob') },
      { at: '2s', action: { type: 'mem.write', domain: 'b', label: 'mine', frames: 4, offset: 2 } },
      { at: '3s', action: { type: 'mem.probe', domain: 'b', frames: 8 } },
    ]);
    expect(probes()[0]).toMatchObject({ read: 8, zeros: 4, own: 4, leakCount: 0 });
    expect(texts()).toContain("b probes 8 fresh frames: 4 hold zeros, 4 its own tenant's data — nothing of another tenant");
  });

  it('reports another tenant\'s data with who wrote it, what and when', () => {
    const { probes, trace, e } = run(leakSteps({ frames: 12 }), { faults: ['no-scrub'] });
    const [probe] = probes();
    expect(probe).toMatchObject({ domain: 'b', tenant: 'bob', read: 12, zeros: 2, own: 0, leakCount: 10 });
    expect(probe?.leaks[0]).toEqual({ mfn: 0, tenant: 'alice', domain: 'a', label: 'payslip', writtenAt: 2 * SECOND });
    expect(probe?.leaks.map((l) => l.mfn)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const leak = trace.find((t) => t.kind === 'leak');
    expect(leak?.text).toBe('LEAK: b (bob) reads 10 frames of another tenant\'s data, e.g. alice\'s "payslip" in frame 0');
    expect(leak?.data).toEqual({ domain: 'b', frames: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] });
    expect(e.state.violations.length).toBeGreaterThan(0);
  });

  it('reads from the guest frame offset asked for', () => {
    const { probes } = run(leakSteps({ frames: 4, offset: 8 }), { faults: ['no-scrub'] });
    expect(probes()[0]).toMatchObject({ read: 4, zeros: 2, leakCount: 2 });
    expect(probes()[0]?.leaks.map((l) => l.mfn)).toEqual([8, 9]);
  });

  it('names the operator as the tenant of dom0 and of the data dom0 left behind', () => {
    const { probes } = run([
      // dom0 (frames 224–255) writes, then balloons out its top 4 frames without zeroing them.
      { at: '1s', action: { type: 'mem.write', domain: 'h1.dom0', label: 'disk cache', frames: 32 } },
      { at: '2s', action: { type: 'mem.balloon', domain: 'h1.dom0', frames: 4, guestScrubs: false } },
      { at: '3s', action: { type: 'mem.probe', domain: 'h1.dom0', frames: 1 } },
      // c takes every other free frame, so b is given dom0's four.
      { at: '3s', action: launch('c', 'carol', 224 * 16) },
      { at: '3.5s', action: launch('b', 'bob', 64) },
      { at: '4s', action: { type: 'mem.probe', domain: 'b', frames: 4 } },
    ]);
    expect(probes()[0]).toMatchObject({ domain: 'h1.dom0', tenant: 'operator', own: 1, leakCount: 0 });
    expect(probes()[1]).toMatchObject({ tenant: 'bob', read: 4, leakCount: 4 });
    expect(probes()[1]?.leaks[0]).toEqual({ mfn: 252, tenant: 'operator', domain: 'h1.dom0', label: 'disk cache', writtenAt: SECOND });
  });

  it('refuses a probe by a domain that is not live', () => {
    const { texts, probes } = run([{ at: '1s', action: { type: 'mem.probe', domain: 'ghost' } }]);
    expect(texts()).toContain('cannot probe: ghost is not a live domain');
    expect(probes()).toEqual([]);
  });

  it('keeps at most a bounded number of leaks per probe, but counts them all', () => {
    const { probes } = run(
      [
        { at: '1s', action: launch('a', 'alice', 1024) },
        { at: '2s', action: { type: 'mem.write', domain: 'a', label: 'x', frames: 64 } },
        { at: '3s', action: { type: 'guest.destroy', guest: 'a' } },
        { at: '4s', action: launch('b', 'bob', 1024) },
        { at: '5s', action: { type: 'mem.probe', domain: 'b', frames: 64 } },
      ],
      { faults: ['no-scrub'] },
    );
    expect(probes()[0]?.leakCount).toBe(64);
    expect(probes()[0]?.leaks).toHaveLength(MAX_PROBE_LEAKS_KEPT);
    expect(probes()[0]?.leaks[MAX_PROBE_LEAKS_KEPT - 1]?.mfn).toBe(MAX_PROBE_LEAKS_KEPT - 1);
  });

  it('reads at most a bounded number of frames in one probe', () => {
    // 4 KiB frames: a 512 MiB guest has 131,072 of them.
    const { probes } = run([{ at: '1s', action: launch('b', 'bob', 512) }, { at: '2s', action: { type: 'mem.probe', domain: 'b', frames: 100_000 } }], {
      memory: { mode: 'realistic' },
      memoryMiB: 1024,
    });
    expect(probes()[0]?.read).toBe(MAX_PROBE_FRAMES);
  });

  it('keeps only the most recent probes', () => {
    const probeSteps: TestStep[] = Array.from({ length: MAX_PROBES_KEPT + 1 }, (_, i) => ({ at: `${2 + i / 1000}s`, action: { type: 'mem.probe', domain: 'b', frames: 1 } }));
    const { probes } = run([{ at: '1s', action: launch('b', 'bob') }, ...probeSteps]);
    expect(probes()).toHaveLength(MAX_PROBES_KEPT);
    expect(probes()[0]?.at).toBe(2 * SECOND + SECOND / 1000);
  });
});

describe('the idle-loop scrubber', () => {
  it('splits a host\'s frames into one contiguous range per NUMA node', () => {
    expect(nodeRange({ frames: 10, nodes: 3 }, 0)).toEqual([0, 3]);
    expect(nodeRange({ frames: 10, nodes: 3 }, 1)).toEqual([3, 6]);
    expect(nodeRange({ frames: 10, nodes: 3 }, 2)).toEqual([6, 10]);
  });

  it('scrubs each node\'s dirty frames in batches of scrubBatchMiB, on its own CPU', () => {
    // bootscrub=idle: every free frame starts dirty; 64 MiB batches are 4 frames of 16 MiB.
    const { host, step } = run([], { memory: { bootscrub: 'idle', scrubBatchMiB: 64 }, until: 0 });
    expect(host().counts[SCRUBBING]).toBe(8);
    expect(findRuns(host(), 0, host().frames, stateMask(SCRUBBING))).toEqual([[0, 4], [128, 4]]);
    expect(host().scrubbers.map((s) => s.batch)).toEqual([[[0, 4]], [[128, 4]]]);
    // 64 MiB at the default ≈ 2185 MiB/s.
    expect(host().scrubbers[0]?.until).toBe(29_296_875);
    step(29_296_875);
    expect(host().idleScrubbedFrames).toBe(8);
    expect(frameAt(host(), 0)).toMatchObject({ state: FREE_CLEAN, scrubbedAt: 29_296_875 });
    expect(findRuns(host(), 0, host().frames, stateMask(SCRUBBING))).toEqual([[4, 4], [132, 4]]);
  });

  it('goes idle once its node has no dirty frames left, and says so', () => {
    const { host, texts, trace } = run([], { memory: { bootscrub: 'idle' }, until: 10 * SECOND });
    expect(host().scrubbers.map((s) => [s.busy, s.batch])).toEqual([
      [false, []],
      [false, []],
    ]);
    expect(host().counts).toEqual([224, 0, 0, 32]);
    expect(host().idleScrubbedFrames).toBe(224);
    const idle = trace.filter((t) => /has no dirty frames left/.test(t.text));
    // Node 1 has fewer free frames (dom0 sits at its top), so it finishes first.
    expect(idle.map((t) => [t.kind, t.data])).toEqual([
      ['memory', { host: 'h1', node: 1 }],
      ['memory', { host: 'h1', node: 0 }],
    ]);
    expect(texts()).toContain('idle CPU of h1 node 0 has no dirty frames left');
    // Without the early-release fault no batch is released early.
    expect(texts().filter((t) => /early-release/.test(t))).toEqual([]);
    expect(texts()).toContain('idle CPU of h1 node 1 has no dirty frames left');
  });

  it('early-release: the batch rejoins the clean pool when it starts, and a new guest gets the old data', () => {
    const { e, host, trace } = run(
      [
        { at: '1s', action: launch('a', 'alice') },
        { at: '2s', action: { type: 'mem.write', domain: 'a', label: 'payslip', frames: 16 } },
        { at: '3s', action: { type: 'guest.destroy', guest: 'a' } },
        { at: '3.01s', action: launch('b', 'bob') },
      ],
      { faults: ['early-release'] },
    );
    const early = trace.filter((t) => t.text === 'early-release: 16 frames of h1 rejoin the free pool before their scrub completes');
    expect(early.map((t) => [t.kind, t.data])).toEqual([['fault', { host: 'h1' }]]);
    expect(e.state.violations.map((v) => v.invariant)).toContain('memory.residue-handed-over');
    // The frames b took keep a's data; the scrubber's completion does not touch them.
    expect(frameAt(host(), 0)).toMatchObject({ residue: 1, writerDomain: 2 });
    expect(host().idleScrubbedFrames).toBe(0);
  });

  it('finishes a batch the allocator took part of: only the frames still being scrubbed are counted', () => {
    const { host } = run([
      { at: '1s', action: launch('a', 'alice') },
      // c takes every other free frame, so nothing clean is left once a is gone.
      { at: '1s', action: launch('c', 'carol', 208 * 16) },
      // a's 16 frames are freed dirty at 3 s and an idle CPU starts scrubbing them (≈ 117 ms).
      { at: '3s', action: { type: 'guest.destroy', guest: 'a' } },
      // Meanwhile b needs 8 frames: with no clean ones, the allocator takes 8 of the batch and scrubs them itself.
      { at: '3.05s', action: launch('b', 'bob', 128) },
    ]);
    expect(host().syncScrubbedFrames).toBe(8);
    expect(host().idleScrubbedFrames).toBe(8);
    expect(host().counts).toEqual([8, 0, 0, 248]);
  });

  it('wakes only the node whose frames were freed', () => {
    const { texts, host } = run([{ at: '1s', action: launch('a', 'alice') }, { at: '3s', action: { type: 'guest.destroy', guest: 'a' } }], { until: 3 * SECOND });
    // a's frames are on node 0 (frames 0–127): node 1's CPU stays asleep and says nothing.
    expect(host().scrubbers.map((s) => s.busy)).toEqual([true, false]);
    expect(texts().filter((t) => /node 1/.test(t))).toEqual([]);
  });

  it('scrubs at least one frame per step when a batch is smaller than a frame', () => {
    // 256 MiB frames, 64 MiB batches: each step still scrubs one whole frame.
    const { host } = run([], { memory: { bootscrub: 'idle', frameKiB: 256 * 1024, scrubBatchMiB: 64 }, until: 0 });
    expect(host().scrubbers.map((s) => s.batch)).toEqual([[[0, 1]], [[8, 1]]]);
  });

  it('early-release still completes the scrub of frames nobody took', () => {
    const { host, e } = run(
      [
        { at: '1s', action: launch('a', 'alice') },
        { at: '2s', action: { type: 'mem.write', domain: 'a', label: 'payslip', frames: 16 } },
        { at: '3s', action: { type: 'guest.destroy', guest: 'a' } },
      ],
      { faults: ['early-release'] },
    );
    expect(host().idleScrubbedFrames).toBe(16);
    expect(frameAt(host(), 0)).toMatchObject({ state: FREE_CLEAN, residue: 0 });
    // While the scrub ran, the data sat in the clean pool.
    expect(e.state.violations.map((v) => v.invariant)).toEqual(['memory.dirty-in-clean-pool']);
  });

  it('hands a guest its frames in address order when it gets clean frames above dirty ones', () => {
    const { e } = run([
      { at: '1s', action: launch('a', 'alice') },
      // a's frames 0–15 are freed dirty; at once an idle CPU starts scrubbing them.
      { at: '3s', action: { type: 'guest.destroy', guest: 'a' } },
      // b wants every free frame: the clean ones (16–223) first, then the 16 being scrubbed.
      { at: '3.01s', action: launch('b', 'bob', 224 * 16) },
    ]);
    expect(e.state.world.memory.domains['b']?.p2m).toEqual([[0, 0, 224]]);
  });

  it('takes clean frames first: a guest launched while freed frames are still being scrubbed never waits for them', () => {
    const { e, host } = run([
      { at: '1s', action: launch('a', 'alice') },
      { at: '3s', action: { type: 'guest.destroy', guest: 'a' } },
      { at: '3.01s', action: launch('b', 'bob', 128) },
    ]);
    expect(e.state.world.memory.domains['b']?.p2m).toEqual([[0, 16, 8]]);
    expect(host().syncScrubbedFrames).toBe(0);
    expect(host().idleScrubbedFrames).toBe(16);
  });
});
