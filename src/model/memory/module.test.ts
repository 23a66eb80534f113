import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../host';
import { MINUTE, SECOND } from '../../engine/time';
import { findRuns, frameAt, stateMask } from './frames';
import { memoryTestLesson } from './testing';
import { ALLOCATED, FREE_CLEAN, FREE_DIRTY, SCRUBBING } from './types';

const launch = (id: string, tenant: string, memoryMiB = 1024, host = 'h1') => ({ type: 'guest.launch', host, guest: { id, tenant, memoryMiB } });

describe('memory module', () => {
  it('gives dom0 and guests frames, with PV direct paging or EPT', () => {
    const e = createSimulation(
      memoryTestLesson({ hosts: [{ guests: [{ id: 'pv', tenant: 'alice', memoryMiB: 1024, mode: 'pv64' }, { id: 'hvm', tenant: 'bob', memoryMiB: 512 }] }] }),
    );
    e.runUntil(SECOND);
    const mem = e.state.world.memory;
    expect(mem.domains['h1.dom0']?.frames).toBe(128);
    expect(mem.domains['pv']?.paging).toBe('pv-direct');
    expect(mem.domains['hvm']?.paging).toBe('ept');
    expect(mem.domains['pv']?.frames).toBe(64);
    expect(mem.hosts['h1']?.counts[ALLOCATED]).toBe(128 + 64 + 32);
  });

  it('builds dom0 at boot without scrubbing its frames (MEMF_no_scrub), from high memory, before boot scrubbing', () => {
    for (const bootscrub of ['idle', 'on'] as const) {
      const e = createSimulation(memoryTestLesson({ memory: { bootscrub } }));
      const host = e.state.world.memory.hosts['h1'];
      if (!host) throw new Error('no host');
      // dom0's 128 frames were not scrubbed, neither by the allocator nor at boot.
      expect(host.syncScrubbedFrames).toBe(0);
      expect(host.unscrubbedDom0Frames).toBe(128);
      expect(e.state.world.memory.domains['h1.dom0']?.p2m).toEqual([[0, 1024 - 128, 128]]);
      expect(frameAt(host, 1023).scrubbedAt).toBe(0);
      expect(host.bootScrubbedFrames).toBe(bootscrub === 'on' ? 1024 - 128 : 0);
      expect(host.bootscrub).toBe(bootscrub);
    }
  });

  it('bootscrub=idle starts with every free frame dirty and scrubs them in the background', () => {
    const e = createSimulation(memoryTestLesson());
    const host = () => e.state.world.memory.hosts['h1'];
    expect(host()?.counts[FREE_DIRTY]).toBe(1024 - 128);
    e.runUntil(MINUTE);
    expect(host()?.counts[FREE_DIRTY]).toBe(0);
    expect(host()?.counts[SCRUBBING]).toBe(0);
    expect(host()?.counts[FREE_CLEAN]).toBe(1024 - 128);
  });

  it('Xen 4.10: a destroyed guest frees dirty frames that idle CPUs scrub later', () => {
    const e = createSimulation(
      memoryTestLesson({
        memory: { bootscrub: 'on' },
        hosts: [{ xenVersion: '4.10' }],
        steps: [
          { at: '1s', action: launch('a', 'alice', 4096) },
          { at: '2s', action: { type: 'mem.write', domain: 'a', label: 'payslip', frames: 100 } },
          { at: '3s', action: { type: 'guest.destroy', guest: 'a' } },
        ],
      }),
    );
    e.runUntil(3 * SECOND);
    const host = e.state.world.memory.hosts['h1'];
    expect((host?.counts[FREE_DIRTY] ?? 0) + (host?.counts[SCRUBBING] ?? 0)).toBe(256);
    e.runUntil(10 * SECOND);
    const after = e.state.world.memory.hosts['h1'];
    expect(after?.counts[FREE_CLEAN]).toBe(1024 - 128);
    expect(after?.idleScrubbedFrames).toBe(256);
    expect(e.state.world.domains['a']?.status).toBe('destroyed');
    expect(e.state.violations).toEqual([]);
  });

  it('Xen 4.9 scrubs synchronously: a 1 TiB guest takes ≈ 9 minutes to destroy instead of ≈ 1', () => {
    const reapTime = (xenVersion: string) => {
      const e = createSimulation(
        memoryTestLesson({
          memory: { frameKiB: 262144 },
          hosts: [{ xenVersion, memoryMiB: 1536 * 1024, guests: [{ id: 'big', tenant: 'alice', memoryMiB: 1024 * 1024 }] }],
          steps: [{ at: '10s', action: { type: 'guest.destroy', guest: 'big' } }],
        }),
      );
      e.runUntil(20 * MINUTE);
      expect(e.state.violations).toEqual([]);
      return ((e.state.world.domains['big']?.destroyedAt ?? 0) - 10 * SECOND) / SECOND;
    };
    expect(reapTime('4.9')).toBeCloseTo(540, 0);
    expect(reapTime('4.10')).toBeCloseTo(60, 0);
  });

  it('scrubs dirty frames synchronously when an allocation finds no clean ones', () => {
    const e = createSimulation(memoryTestLesson({ steps: [{ at: '0s', action: launch('a', 'alice', 8192) }] }));
    e.runUntil(0);
    expect(e.state.world.memory.hosts['h1']?.syncScrubbedFrames).toBeGreaterThan(128);
    expect(e.state.violations).toEqual([]);
  });

  it('ballooned frames are zeroed by the guest, or reported when neither guest nor Xen scrubs them', () => {
    const run = (guestScrubs: boolean, scrubDomheap: boolean) => {
      const e = createSimulation(
        memoryTestLesson({
          memory: { bootscrub: 'on', scrubDomheap },
          steps: [
            { at: '1s', action: launch('a', 'alice', 1024) },
            { at: '2s', action: { type: 'mem.write', domain: 'a', label: 'keys', frames: 64 } },
            { at: '3s', action: { type: 'mem.balloon', domain: 'a', frames: 16, guestScrubs } },
          ],
        }),
      );
      e.runUntil(3 * SECOND);
      return e;
    };
    expect(run(true, false).state.violations).toEqual([]);
    const leaky = run(false, false);
    expect(leaky.state.violations.map((v) => v.invariant)).toEqual(['memory.dirty-in-clean-pool']);
    const safetyNet = run(false, true);
    expect(safetyNet.state.violations).toEqual([]);
    const host = safetyNet.state.world.memory.hosts['h1'];
    // Xen marked them need_scrub; an idle CPU has already picked them up.
    expect((host?.counts[FREE_DIRTY] ?? 0) + (host?.counts[SCRUBBING] ?? 0)).toBe(16);
  });

  it('keeps provenance: writer, label, write and scrub times', () => {
    const e = createSimulation(
      memoryTestLesson({
        memory: { bootscrub: 'on' },
        steps: [
          { at: '1s', action: launch('a', 'alice', 1024) },
          { at: '2s', action: { type: 'mem.write', domain: 'a', label: 'payslip', frames: 4 } },
          { at: '3s', action: { type: 'guest.destroy', guest: 'a' } },
        ],
      }),
    );
    e.runUntil(10 * SECOND);
    const mem = e.state.world.memory;
    const host = mem.hosts['h1'];
    if (!host) throw new Error('no host');
    // dom0 sits at the top of memory, so tenant A's first frame is machine frame 0.
    const frame = frameAt(host, 0);
    expect(mem.tenantIds[frame.writerTenant - 1]).toBe('alice');
    expect(mem.domainIds[frame.writerDomain - 1]).toBe('a');
    expect(mem.labels[frame.label - 1]).toBe('payslip');
    expect(frame.writtenAt).toBe(2 * SECOND);
    expect(frame.scrubbedAt).toBeGreaterThan(3 * SECOND);
    expect(frame.residue).toBe(0);
    expect(findRuns(host, 0, host.frames, stateMask(ALLOCATED))).toEqual([[1024 - 128, 128]]);
  });

  it('is deterministic and survives time travel', () => {
    const lesson = memoryTestLesson({
      steps: [
        { at: '1s', action: launch('a', 'alice', 2048) },
        { at: '2s', action: { type: 'mem.write', domain: 'a', label: 'x', frames: 50 } },
        { at: '3s', action: { type: 'guest.destroy', guest: 'a' } },
        { at: '3.1s', action: launch('b', 'bob', 2048) },
      ],
    });
    const a = createSimulation(lesson, { keyframeEvery: 10 });
    const b = createSimulation(lesson, { keyframeEvery: 10 });
    a.runUntil(10 * SECOND);
    b.runUntil(10 * SECOND);
    expect(a.hash()).toBe(b.hash());
    const end = a.eventIndex;
    const hashAtEnd = a.hash();
    a.seekEvent(Math.floor(end / 2));
    a.seekEvent(end);
    expect(a.hash()).toBe(hashAtEnd);
  });
});
