import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../engine';
import { SECOND } from '../../engine/time';
import { createSimulation } from '../../host';
import { findRuns, frameAt, stateMask } from './frames';
import { memoryTestLesson, type TestStep } from './testing';
import { ALLOCATED, FREE_CLEAN, FREE_DIRTY, SCRUBBING } from './types';

const launch = (id: string, tenant: string, memoryMiB = 1024, host = 'h1') => ({ type: 'guest.launch', host, guest: { id, tenant, memoryMiB } });

/**
 * A 4 GiB host of 16 MiB frames (256 frames, dom0 has the top 32) booted with bootscrub=on, so
 * every free frame is clean and guests get frames from frame 0 up.
 */
function run(steps: TestStep[], options: { faults?: string[]; until?: number; memory?: Record<string, unknown>; hosts?: Array<{ id?: string; memoryMiB?: number }> } = {}) {
  const lesson = memoryTestLesson({
    memory: { bootscrub: 'on', ...options.memory },
    hosts: (options.hosts ?? [{}]).map((h) => ({ memoryMiB: 4096, ...h })),
    steps,
  });
  const e = createSimulation(lesson, { faults: options.faults ?? [] });
  const trace: TraceRecord[] = [];
  e.runUntil(options.until ?? 20 * SECOND, { onFrame: (f) => trace.push(...f.trace) });
  const texts = trace.map((t) => t.text);
  const errors = trace.filter((t) => t.kind === 'error').map((t) => t.text);
  const mem = e.state.world.memory;
  const host = mem.hosts['h1'];
  if (!host) throw new Error('no host h1');
  return { e, trace, texts, errors, mem, host };
}

describe('guest memory operations', () => {
  it('writes labelled data into the guest frames asked for, at their machine frames', () => {
    const { mem, host, texts } = run([
      { at: '1s', action: launch('a', 'alice', 256) },
      { at: '2s', action: { type: 'mem.write', domain: 'a', label: 'payslip', frames: 3, offset: 5 } },
    ]);
    expect(mem.domains['a']?.p2m).toEqual([[0, 0, 16]]);
    expect(frameAt(host, 4).residue).toBe(0);
    expect(frameAt(host, 5)).toMatchObject({ residue: 1, writtenAt: 2 * SECOND, writerTenant: 1, writerDomain: 2, label: 1 });
    expect(frameAt(host, 7).residue).toBe(1);
    expect(frameAt(host, 8).residue).toBe(0);
    expect(texts).toContain('a writes "payslip" into 3 of its frames');
  });

  it('refuses guest operations on a domain that is not live, naming it', () => {
    const { errors, host } = run([
      { at: '1s', action: launch('a', 'alice', 256) },
      { at: '2s', action: { type: 'guest.destroy', guest: 'a' } },
      { at: '3s', action: { type: 'mem.write', domain: 'a', label: 'x' } },
      { at: '3s', action: { type: 'mem.balloon', domain: 'ghost', frames: 1 } },
      { at: '3s', action: { type: 'mem.allocate', domain: 'a', frames: 1 } },
      { at: '3s', action: { type: 'mem.grant', domain: 'a', to: 'h1.dom0', gfn: 0 } },
    ]);
    expect(errors).toEqual([
      'cannot write: a is not a live domain',
      'cannot balloon: ghost is not a live domain',
      'cannot allocate: a is not a live domain',
      'cannot grant: a is not a live domain',
    ]);
    expect(host.counts[ALLOCATED]).toBe(32);
  });

  it('lets a guest that is still building write to its memory', () => {
    const { errors, host } = run([
      { at: '1s', action: launch('a', 'alice', 256) },
      // The build takes 200 ms: at 1.1 s the guest exists but has not booted.
      { at: '1.1s', action: { type: 'mem.write', domain: 'a', label: 'x', frames: 2 } },
    ]);
    expect(errors).toEqual([]);
    expect(frameAt(host, 1).residue).toBe(1);
  });

  it('ballooning out returns the highest guest frames, zeroed by the guest driver', () => {
    const { mem, host, texts } = run([
      { at: '1s', action: launch('a', 'alice', 256) },
      { at: '2s', action: { type: 'mem.write', domain: 'a', label: 'keys', frames: 16 } },
      { at: '3s', action: { type: 'mem.balloon', domain: 'a', frames: 4 } },
    ]);
    expect(mem.domains['a']?.frames).toBe(12);
    expect(mem.domains['a']?.p2m).toEqual([[0, 0, 12]]);
    expect(frameAt(host, 11)).toMatchObject({ state: ALLOCATED, residue: 1 });
    expect(frameAt(host, 12)).toMatchObject({ state: FREE_CLEAN, owner: 0, residue: 0, scrubbedAt: 3 * SECOND });
    expect(host.counts).toEqual([256 - 32 - 12, 0, 0, 32 + 12]);
    expect(texts).toContain("a balloons out 4 frames (the guest's balloon driver zeroed them first)");
  });

  it('a balloon driver that does not zero leaves the data in free frames, unless scrub-domheap makes Xen scrub them', () => {
    const leaky = run([
      { at: '1s', action: launch('a', 'alice', 256) },
      { at: '2s', action: { type: 'mem.write', domain: 'a', label: 'keys', frames: 16 } },
      { at: '3s', action: { type: 'mem.balloon', domain: 'a', frames: 4, guestScrubs: false } },
    ]);
    expect(frameAt(leaky.host, 12)).toMatchObject({ state: FREE_CLEAN, residue: 1, scrubbedAt: 0 });
    expect(leaky.texts).toContain('a balloons out 4 frames (the guest did NOT zero them)');

    const domheap = run(
      [
        { at: '1s', action: launch('a', 'alice', 256) },
        { at: '2s', action: { type: 'mem.write', domain: 'a', label: 'keys', frames: 16 } },
        { at: '3s', action: { type: 'mem.balloon', domain: 'a', frames: 4, guestScrubs: false } },
      ],
      { memory: { scrubDomheap: true }, until: 3 * SECOND },
    );
    expect(domheap.texts).toContain('a balloons out 4 frames (the guest did NOT zero them; scrub-domheap: Xen scrubs them too)');
    expect(domheap.host.counts[FREE_DIRTY]! + domheap.host.counts[SCRUBBING]!).toBe(4);
    expect(domheap.host.scrubbers.some((s) => s.busy)).toBe(true);

    // The no-scrub fault switches Xen's scrub off again.
    const faulty = run(
      [
        { at: '1s', action: launch('a', 'alice', 256) },
        { at: '3s', action: { type: 'mem.balloon', domain: 'a', frames: 4, guestScrubs: false } },
      ],
      { memory: { scrubDomheap: true }, faults: ['no-scrub'], until: 3 * SECOND },
    );
    expect(faulty.host.counts[FREE_DIRTY]).toBe(0);
    expect(faulty.texts).toContain('a balloons out 4 frames (the guest did NOT zero them)');
  });

  it('ballooning out ends the guest\'s grants of the frames it gave back, and only those', () => {
    const { mem } = run([
      { at: '1s', action: launch('a', 'alice', 256) },
      { at: '2s', action: { type: 'mem.grant', domain: 'a', to: 'h1.dom0', gfn: 15 } },
      { at: '2s', action: { type: 'mem.grant', domain: 'a', to: 'h1.dom0', gfn: 3 } },
      { at: '3s', action: { type: 'mem.balloon', domain: 'a', frames: 4 } },
    ]);
    expect(Object.values(mem.grants).map((g) => [g.id, g.gfn])).toEqual([['grant-2', 3]]);
  });

  it('ballooning in appends frames to the guest map, merging contiguous ones', () => {
    const { mem, texts } = run([
      { at: '1s', action: launch('a', 'alice', 256) },
      { at: '2s', action: { type: 'mem.allocate', domain: 'a', frames: 8 } },
    ]);
    expect(mem.domains['a']?.frames).toBe(24);
    expect(mem.domains['a']?.p2m).toEqual([[0, 0, 24]]);
    expect(texts).toContain('a is given 8 more frames');
  });

  it('ballooning in takes dirty frames only when no clean ones are left, and says it scrubbed them', () => {
    const { mem, host, texts } = run(
      [
        { at: '0s', action: launch('a', 'alice', 256) },
        { at: '0.1s', action: { type: 'mem.allocate', domain: 'a', frames: 10 } },
      ],
      { memory: { bootscrub: 'idle' }, until: SECOND / 10 },
    );
    // bootscrub=idle: at 0.1 s the idle CPUs are still busy with their first batch; every free frame is dirty or being scrubbed.
    expect(mem.domains['a']?.frames).toBe(26);
    expect(host.syncScrubbedFrames).toBe(26);
    expect(texts).toContain('a is given 10 more frames (10 dirty ones scrubbed synchronously first)');
  });

  it('grants another live domain on the same host access to one guest frame, with its machine frame', () => {
    const { mem, trace } = run([
      { at: '1s', action: launch('a', 'alice', 256) },
      { at: '2s', action: { type: 'mem.grant', domain: 'a', to: 'h1.dom0', gfn: 6 } },
      { at: '2s', action: { type: 'mem.grant', domain: 'a', to: 'h1.dom0', gfn: 7 } },
    ]);
    expect(mem.grants['grant-1']).toEqual({ id: 'grant-1', from: 'a', to: 'h1.dom0', hostId: 'h1', mfn: 6, gfn: 6 });
    expect(mem.grants['grant-2']?.mfn).toBe(7);
    expect(mem.nextGrant).toBe(3);
    expect(trace.find((t) => t.data?.grant === 'grant-1')?.text).toBe('a grants h1.dom0 access to its frame 6 (grant table entry grant-1)');
  });

  it('refuses a grant to a domain that is not live on the same host, or of a frame the guest lacks', () => {
    const { errors, mem } = run(
      [
        { at: '1s', action: launch('a', 'alice', 256) },
        { at: '1s', action: launch('b', 'bob', 256) },
        { at: '1s', action: launch('c', 'carol', 256, 'h2') },
        { at: '2s', action: { type: 'guest.destroy', guest: 'b' } },
        { at: '3s', action: { type: 'mem.grant', domain: 'a', to: 'nobody', gfn: 0 } },
        { at: '3s', action: { type: 'mem.grant', domain: 'a', to: 'b', gfn: 0 } },
        { at: '3s', action: { type: 'mem.grant', domain: 'a', to: 'c', gfn: 0 } },
        { at: '3s', action: { type: 'mem.grant', domain: 'a', to: 'h1.dom0', gfn: 16 } },
      ],
      { hosts: [{}, { id: 'h2' }] },
    );
    expect(errors).toEqual([
      'cannot grant: nobody is not live on h1, or a has no frame 0',
      'cannot grant: b is not live on h1, or a has no frame 0',
      'cannot grant: c is not live on h1, or a has no frame 0',
      'cannot grant: h1.dom0 is not live on h1, or a has no frame 16',
    ]);
    expect(mem.grants).toEqual({});
    expect(mem.nextGrant).toBe(1);
  });

  it('switches scrub-domheap per host, and refuses an unknown host', () => {
    const { host, errors, texts } = run([
      { at: '1s', action: { type: 'mem.scrubDomheap', host: 'h1' } },
      { at: '1s', action: { type: 'mem.scrubDomheap', host: 'h9', on: true } },
    ]);
    expect(host.scrubDomheap).toBe(true);
    expect(errors).toEqual(['no host h9']);
    expect(texts).toContain('scrub-domheap on on h1');
    const off = run([
      { at: '1s', action: { type: 'mem.scrubDomheap', host: 'h1', on: true } },
      { at: '2s', action: { type: 'mem.scrubDomheap', host: 'h1', on: false } },
    ]);
    expect(off.host.scrubDomheap).toBe(false);
    expect(off.texts).toContain('scrub-domheap off on h1');
  });

  it('finds no dirty frames in a clean host after a guest writes and balloons with zeroing', () => {
    const { host } = run([
      { at: '1s', action: launch('a', 'alice', 256) },
      { at: '3s', action: { type: 'mem.balloon', domain: 'a', frames: 16 } },
    ]);
    expect(findRuns(host, 0, host.frames, stateMask(FREE_DIRTY, SCRUBBING))).toEqual([]);
  });
});
