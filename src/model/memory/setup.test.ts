import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../host';
import { lessonSchema } from '../../lessons/schema';
import { DEFAULT_SCRUB_MIB_PER_SECOND, MAX_FRAMES_PER_HOST } from './config';
import { frameAt } from './frames';
import { memoryTestLesson, type TestHost } from './testing';
import { FREE_CLEAN, FREE_DIRTY } from './types';

function world(memory: Record<string, unknown>, hosts: TestHost[] = [{ memoryMiB: 4096 }]) {
  return createSimulation(memoryTestLesson({ memory, hosts })).state.world;
}

function hostOf(memory: Record<string, unknown>, host: TestHost = { memoryMiB: 4096 }) {
  const h = world(memory, [host]).memory.hosts['h1'];
  if (!h) throw new Error('no host');
  return h;
}

describe('memory set-up', () => {
  it('uses 16 MiB frames and 256 MiB batches in teaching mode, 4 KiB frames and 1 GiB batches in realistic mode', () => {
    expect(world({}).memory.config).toEqual({ mode: 'teaching', frameKiB: 16384, scrubMiBPerSecond: DEFAULT_SCRUB_MIB_PER_SECOND, scrubBatchMiB: 256 });
    expect(world({ mode: 'realistic' }).memory.config).toEqual({ mode: 'realistic', frameKiB: 4, scrubMiBPerSecond: DEFAULT_SCRUB_MIB_PER_SECOND, scrubBatchMiB: 1024 });
    expect(world({ mode: 'realistic', frameKiB: 64, scrubMiBPerSecond: 100, scrubBatchMiB: 8 }).memory.config).toEqual({ mode: 'realistic', frameKiB: 64, scrubMiBPerSecond: 100, scrubBatchMiB: 8 });
  });

  it('starts with empty tables except the lesson\'s tenants, and dom0 as the first domain', () => {
    const mem = world({}).memory;
    expect(mem.tenantIds).toEqual(['alice', 'bob', 'carol']);
    expect(mem.domainIds).toEqual(['h1.dom0']);
    expect(mem.labels).toEqual([]);
    expect(mem.grants).toEqual({});
    expect(mem.nextGrant).toBe(1);
    expect(mem.probes).toEqual([]);
    expect(mem.domains['h1.dom0']).toMatchObject({ index: 1, tenant: 0, paging: 'pv-direct', frames: 32, phase: 'live' });
  });

  it('describes each host: its frames, one scrubber per socket, and counters at zero', () => {
    const host = hostOf({ bootscrub: 'off' }, { memoryMiB: 4096, sockets: 3 });
    expect(host).toMatchObject({ hostId: 'h1', frames: 256, frameKiB: 16384, nodes: 3, scrubDomheap: false, syncScrubbedFrames: 0, idleScrubbedFrames: 0, bootScrubbedFrames: 0 });
    expect(host.scrubbers).toEqual([
      { batch: [], until: 0, busy: false },
      { batch: [], until: 0, busy: false },
      { batch: [], until: 0, busy: false },
    ]);
    expect(hostOf({ scrubDomheap: true }).scrubDomheap).toBe(true);
  });

  it('picks boot scrubbing from the Xen release when the lesson leaves it to "auto"', () => {
    // Xen 4.12 made idle-loop boot scrubbing the default; before it, boot scrubbing was synchronous.
    expect(hostOf({}, { xenVersion: '4.11', memoryMiB: 4096 }).bootscrub).toBe('on');
    expect(hostOf({}, { xenVersion: '4.12', memoryMiB: 4096 }).bootscrub).toBe('idle');
    const nitro = createSimulation(
      lessonSchema.parse({ id: 'n', title: 'n', summary: 'n', timeScale: '1s', world: { tenants: [], hosts: [{ id: 'n1', hypervisor: 'nitro', memoryMiB: 4096 }] } }),
    ).state.world.memory.hosts['n1'];
    expect(nitro?.bootscrub).toBe('on');
    expect(nitro?.syncTeardownScrub).toBe(false);
    expect(nitro?.counts).toEqual([256, 0, 0, 0]);
  });

  it('scrubs synchronously at teardown only on Xen 4.9 and older', () => {
    expect(hostOf({}, { xenVersion: '4.9', memoryMiB: 4096 }).syncTeardownScrub).toBe(true);
    expect(hostOf({}, { xenVersion: '4.10', memoryMiB: 4096 }).syncTeardownScrub).toBe(false);
  });

  it('bootscrub=on zeroes every free frame before guests start; off leaves them clean without counting; idle leaves them dirty', () => {
    const on = hostOf({ bootscrub: 'on' });
    expect(on.counts).toEqual([224, 0, 0, 32]);
    expect(on.bootScrubbedFrames).toBe(224);
    expect(on.scrubbers.every((s) => !s.busy)).toBe(true);
    const off = hostOf({ bootscrub: 'off' });
    expect(off.counts).toEqual([224, 0, 0, 32]);
    expect(off.bootScrubbedFrames).toBe(0);
    expect(frameAt(off, 0).state).toBe(FREE_CLEAN);
    const idle = hostOf({ bootscrub: 'idle' });
    expect(idle.counts).toEqual([0, 224, 0, 32]);
    expect(frameAt(idle, 0).state).toBe(FREE_DIRTY);
    expect(idle.scrubbers.every((s) => s.busy)).toBe(true);
  });

  it('refuses a frame size that gives a host no frame, or more than the model can hold', () => {
    expect(() => world({ frameKiB: 1024 * 1024 }, [{ memoryMiB: 256 }])).toThrow(
      `world.memory.frameKiB: host h1 would have 0 frames of 1048576 KiB; pick a frame size giving 1 to ${MAX_FRAMES_PER_HOST} frames`,
    );
    expect(() => world({ frameKiB: 4 }, [{ memoryMiB: 4 * 1024 * 1024 + 4 }])).toThrow(/would have 1073742848 frames of 4 KiB/);
    expect(world({ frameKiB: 256 * 1024 }, [{ memoryMiB: 256 }]).memory.hosts['h1']?.frames).toBe(1);
  });

  it('starts the idle-loop scrubbers only for bootscrub=idle: a host scrubbed at boot has nothing for them', () => {
    const traceOf = (bootscrub: string) => {
      const e = createSimulation(memoryTestLesson({ memory: { bootscrub }, hosts: [{ memoryMiB: 4096 }] }));
      const texts: string[] = [];
      e.runUntil(1e9, { onFrame: (f) => f.trace.forEach((t) => texts.push(t.text)) });
      return texts.filter((t) => t.startsWith('idle CPU of h1'));
    };
    expect(traceOf('on')).toEqual([]);
    expect(traceOf('off')).toEqual([]);
    // Node 1 holds dom0's unscrubbed frames, so it has fewer free frames to scrub and is done first.
    expect(traceOf('idle')).toEqual(['idle CPU of h1 node 1 has no dirty frames left', 'idle CPU of h1 node 0 has no dirty frames left']);
  });
});
