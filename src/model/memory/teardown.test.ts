import { describe, expect, it } from 'vitest';
import { MS, SECOND } from '../../engine/time';
import { createSimulation } from '../../host';
import { RELINQUISH_NS_PER_MIB, SYNC_SCRUB_NS_PER_MIB } from './config';
import { frameAt } from './frames';
import { memoryTestLesson, runMemoryHost, type MemoryHostRunOptions, type TestStep } from './testing';
import { ALLOCATED, FREE_CLEAN, FREE_DIRTY, SCRUBBING } from './types';

const launch = (id: string, tenant: string, memoryMiB = 256, mode = 'hvm') => ({ type: 'guest.launch', host: 'h1', guest: { id, tenant, memoryMiB, mode } });

/** A 4 GiB host of 16 MiB frames: 256 frames, dom0 holds the top 32, guests get frames from 0 up. */
function run(xenVersion: string, steps: TestStep[], options: Omit<MemoryHostRunOptions, 'xenVersion' | 'memory'> = {}) {
  const r = runMemoryHost(steps, { ...options, xenVersion });
  return { ...r, mem: () => r.e.state.world.memory };
}

const payslip = (domain: string, frames = 16): TestStep['action'] => ({ type: 'mem.write', domain, label: 'payslip', frames });

describe('giving a domain its frames', () => {
  it('tells which paging a guest uses and how much it got', () => {
    const { texts, mem } = run('4.17', [
      { at: '1s', action: launch('h', 'alice', 256, 'hvm') },
      { at: '1s', action: launch('p', 'bob', 128, 'pv32') },
    ]);
    expect(texts()).toContain('h gets 16 frames (256 MiB) on h1 (EPT: guest-physical addresses translated by hardware)');
    expect(texts()).toContain('p gets 8 frames (128 MiB) on h1 (PV: sees machine frame numbers, page tables validated by Xen)');
    expect(mem().domains['p']).toMatchObject({ paging: 'pv-direct', tenant: 2, index: 3, p2m: [[0, 16, 8]], phase: 'live' });
    expect(mem().domains['h']).toMatchObject({ paging: 'ept', tenant: 1, index: 2, hostId: 'h1', domainId: 'h' });
  });

  it('gives what is left and says the host is out of memory when a guest wants more', () => {
    const { texts, mem, host } = run('4.17', [{ at: '1s', action: launch('big', 'alice', 4096) }]);
    expect(mem().domains['big']?.frames).toBe(224);
    expect(texts()).toContain('h1 is out of memory: big got 224 of 256 frames');
    expect(host().counts).toEqual([0, 0, 0, 256]);
  });

  it('says when the allocator had to scrub dirty frames itself, and only then', () => {
    const dirty = createSimulation(memoryTestLesson({ memory: { bootscrub: 'idle' }, hosts: [{ memoryMiB: 4096 }], steps: [{ at: '0s', action: launch('a', 'alice') }] }));
    const texts: string[] = [];
    dirty.runUntil(0, { onFrame: (f) => f.trace.forEach((t) => texts.push(t.text)) });
    expect(texts).toContain('only dirty frames were left: the allocator scrubbed 16 of them synchronously before handing them to a');
    const clean = run('4.17', [{ at: '1s', action: launch('a', 'alice') }]);
    expect(clean.texts().filter((t) => /only dirty frames were left/.test(t))).toEqual([]);
  });

  it('does not claim an out-of-memory for a guest that got exactly what it asked for', () => {
    const { texts } = run('4.17', [{ at: '1s', action: launch('fit', 'alice', 224 * 16) }]);
    expect(texts().filter((t) => /out of memory/.test(t))).toEqual([]);
  });
});

describe('destroying a domain', () => {
  it('Xen ≥ 4.10 frees the frames dirty at once and wakes the idle scrubbers', () => {
    const { texts, mem, host, step } = run('4.17', [{ at: '1s', action: launch('a', 'alice') }, { at: '2s', action: payslip('a') }, { at: '3s', action: { type: 'guest.destroy', guest: 'a' } }], { until: 3 * SECOND });
    expect(texts()).toContain("a's 16 frames are freed dirty to the tail of the free lists; idle CPUs will scrub them");
    expect(mem().domains['a']).toMatchObject({ phase: 'released', p2m: [], frames: 0 });
    // Node 0 (frames 0–127) has the dirty frames; its idle CPU has taken them.
    expect(host().counts[SCRUBBING]).toBe(16);
    expect(host().scrubbers.map((s) => s.busy)).toEqual([true, false]);
    expect(frameAt(host(), 0)).toMatchObject({ owner: 0, residue: 1 });
    step(20 * SECOND);
    expect(frameAt(host(), 0)).toMatchObject({ state: FREE_CLEAN, residue: 0 });
  });

  it('a guest whose relinquish takes longer than the minimum teardown is reaped when it is done', () => {
    // 1024 MiB: 58.6 ms of relinquishing, more than the 50 ms minimum.
    const { e } = run('4.17', [{ at: '1s', action: launch('a', 'alice', 1024) }, { at: '3s', action: { type: 'guest.destroy', guest: 'a' } }]);
    expect(e.state.world.domains['a']?.destroyedAt).toBe(3 * SECOND + Math.round(1024 * RELINQUISH_NS_PER_MIB));
    const small = run('4.17', [{ at: '1s', action: launch('a', 'alice', 256) }, { at: '3s', action: { type: 'guest.destroy', guest: 'a' } }]);
    expect(small.e.state.world.domains['a']?.destroyedAt).toBe(3 * SECOND + 50 * MS);
  });

  it('Xen 4.9 keeps the frames allocated while it scrubs them, then returns them clean at the reap', () => {
    const { e, texts, mem, host, step } = run('4.9', [{ at: '1s', action: launch('a', 'alice') }, { at: '2s', action: payslip('a') }, { at: '3s', action: { type: 'guest.destroy', guest: 'a' } }], { until: 3 * SECOND });
    expect(texts()).toContain("Xen 4.9 scrubs a's 256 MiB synchronously; destruction waits for it");
    expect(mem().domains['a']?.phase).toBe('held');
    expect(host().counts[ALLOCATED]).toBe(32 + 16);
    step(20 * SECOND);
    const reapedAt = 3 * SECOND + Math.round(256 * RELINQUISH_NS_PER_MIB) + Math.round(256 * SYNC_SCRUB_NS_PER_MIB);
    expect(e.state.world.domains['a']?.destroyedAt).toBe(reapedAt);
    expect(mem().domains['a']).toMatchObject({ phase: 'released', p2m: [], frames: 0 });
    expect(frameAt(host(), 0)).toMatchObject({ state: FREE_CLEAN, owner: 0, residue: 0, scrubbedAt: reapedAt });
    expect(host().counts).toEqual([256 - 32, 0, 0, 32]);
    expect(host().syncScrubbedFrames).toBe(16);
    expect(texts()).toContain("a's frames are scrubbed and back in the free pool");
  });

  it('early-release on Xen 4.9: the frames rejoin the pool mid-scrub, a new guest gets the data, the late scrub skips its frames', () => {
    const { texts, mem, host, e } = run(
      '4.9',
      [
        { at: '1s', action: launch('a', 'alice') },
        { at: '2s', action: payslip('a') },
        { at: '3s', action: { type: 'guest.destroy', guest: 'a' } },
        { at: '3.01s', action: launch('b', 'bob', 128) },
      ],
      { faults: ['early-release'] },
    );
    expect(texts()).toContain("early-release: a's frames rejoin the pool while Xen is still scrubbing them");
    expect(e.state.violations.map((v) => v.invariant)).toContain('memory.residue-handed-over');
    // b took frames 0–7 while a's scrub was running: they keep a's data; frames 8–15 get the late scrub.
    expect(frameAt(host(), 0)).toMatchObject({ state: ALLOCATED, residue: 1, writerDomain: 2 });
    expect(frameAt(host(), 8)).toMatchObject({ state: FREE_CLEAN, residue: 0 });
    expect(frameAt(host(), 8).scrubbedAt).toBe(e.state.world.domains['a']?.destroyedAt);
    expect(mem().domains['a']?.phase).toBe('released');
    expect(host().syncScrubbedFrames).toBe(16);
  });

  it('no-scrub: the frames go back to the pool clean-looking but full of data, and the next guest reads it', () => {
    const { texts, e, host, mem } = run(
      '4.17',
      [
        { at: '1s', action: launch('a', 'alice') },
        { at: '2s', action: payslip('a') },
        { at: '3s', action: { type: 'guest.destroy', guest: 'a' } },
        { at: '4s', action: launch('b', 'bob', 128) },
      ],
      { faults: ['no-scrub'] },
    );
    expect(texts()).toContain("no-scrub: a's 16 frames go back to the free pool unscrubbed");
    expect(mem().domains['a']?.phase).toBe('released');
    expect(host().counts[FREE_DIRTY]).toBe(0);
    expect(frameAt(host(), 0)).toMatchObject({ state: ALLOCATED, residue: 1 });
    // The auditor sees both: data in the clean pool, then the same data handed to another tenant.
    expect(e.state.violations.map((v) => v.invariant)).toEqual(['memory.dirty-in-clean-pool', 'memory.residue-handed-over']);
  });

  it('ends every grant the domain made or received, and no other', () => {
    const { mem } = run('4.17', [
      { at: '1s', action: launch('a', 'alice') },
      { at: '1s', action: launch('b', 'bob') },
      { at: '2s', action: { type: 'mem.grant', domain: 'a', to: 'b', gfn: 1 } },
      { at: '2s', action: { type: 'mem.grant', domain: 'b', to: 'a', gfn: 2 } },
      { at: '2s', action: { type: 'mem.grant', domain: 'b', to: 'h1.dom0', gfn: 3 } },
      { at: '3s', action: { type: 'guest.destroy', guest: 'a' } },
    ]);
    expect(Object.keys(mem().grants)).toEqual(['grant-3']);
  });

  it('tears a domain down only once: a second destroy is refused and changes no memory', () => {
    const { mem, host, texts } = run('4.17', [
      { at: '1s', action: launch('a', 'alice') },
      { at: '3s', action: { type: 'guest.destroy', guest: 'a' } },
      { at: '3s', action: { type: 'guest.destroy', guest: 'a' } },
    ]);
    expect(texts()).toContain('cannot destroy a: no such running guest');
    expect(mem().domains['a']?.phase).toBe('released');
    expect(host().idleScrubbedFrames).toBe(16);
    expect(texts().filter((t) => /frames are freed dirty/.test(t))).toEqual(["a's 16 frames are freed dirty to the tail of the free lists; idle CPUs will scrub them"]);
    // Xen ≥ 4.10 has no synchronous scrub to finish at the reap.
    expect(texts().filter((t) => /scrubbed and back in the free pool/.test(t))).toEqual([]);
  });

  it('keeps dom0\'s memory when a destroy of dom0 is refused', () => {
    const { mem, host } = run('4.17', [{ at: '1s', action: { type: 'guest.destroy', guest: 'h1.dom0' } }]);
    expect(mem().domains['h1.dom0']).toMatchObject({ phase: 'live', frames: 32 });
    expect(host().counts[ALLOCATED]).toBe(32);
  });
});
