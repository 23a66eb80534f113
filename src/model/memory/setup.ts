import type { LessonWorld } from '../world';
import type { SetupContext } from '../module';
import type { World } from '../state';
import {
  DEFAULT_SCRUB_MIB_PER_SECOND,
  MAX_FRAMES_PER_HOST,
  REALISTIC_BATCH_MIB,
  REALISTIC_FRAME_KIB,
  TEACHING_BATCH_MIB,
  TEACHING_FRAME_KIB,
  xenRelease,
} from './config';
import { createFrames, findRuns, plainFrames, runsLength, setFrames, stateMask } from './frames';
import { giveDomainFrames } from './lifecycle';
import { memoryScenarioSchema } from './scenario';
import { SCRUB_EVENT } from './scrubber';
import { PRIORITY } from '../priorities';
import { FREE_CLEAN, FREE_DIRTY, type HostMemory, type MemoryConfig, type MemoryWorld } from './types';
import { plainWriter } from './writer';

const ZERO_FRAME = { state: FREE_CLEAN, owner: 0, writerTenant: 0, writerDomain: 0, label: 0, writtenAt: 0, scrubbedAt: 0, residue: 0 };

/** Builds `world.memory`: every host's frames, dom0's memory, and boot-time scrubbing. */
export function setupMemory(world: World, lesson: LessonWorld, ctx: SetupContext): void {
  const scenario = lesson.memory ?? memoryScenarioSchema.parse({});
  const realistic = scenario.mode === 'realistic';
  const config: MemoryConfig = {
    mode: scenario.mode,
    frameKiB: scenario.frameKiB ?? (realistic ? REALISTIC_FRAME_KIB : TEACHING_FRAME_KIB),
    scrubMiBPerSecond: scenario.scrubMiBPerSecond ?? DEFAULT_SCRUB_MIB_PER_SECOND,
    scrubBatchMiB: scenario.scrubBatchMiB ?? (realistic ? REALISTIC_BATCH_MIB : TEACHING_BATCH_MIB),
  };
  const mem: MemoryWorld = {
    config,
    hosts: {},
    domains: {},
    domainIds: [],
    tenantIds: Object.keys(world.tenants),
    labels: [],
    grants: {},
    nextGrant: 1,
    probes: [],
  };
  world.memory = mem;
  const w = plainWriter(mem);
  for (const host of Object.values(world.hosts)) {
    const frames = Math.floor((host.memoryMiB * 1024) / config.frameKiB);
    if (frames < 1 || frames > MAX_FRAMES_PER_HOST) {
      throw new Error(`world.memory.frameKiB: host ${host.id} would have ${frames} frames of ${config.frameKiB} KiB; pick a frame size giving 1 to ${MAX_FRAMES_PER_HOST} frames`);
    }
    const release = xenRelease(host.xenVersion);
    // bootscrub=idle is the default since Xen 4.12; before, boot scrubbing was synchronous (fact xen-bootscrub).
    const bootscrub = scenario.bootscrub === 'auto' ? (host.hypervisor === 'xen' && release >= 412 ? 'idle' : 'on') : scenario.bootscrub;
    const idle = bootscrub === 'idle';
    const nodes = Math.max(1, host.sockets);
    // Xen builds dom0 before boot scrubbing starts: all RAM is still unscrubbed then.
    const hostMem: HostMemory = {
      hostId: host.id,
      frames,
      frameKiB: config.frameKiB,
      nodes,
      groups: createFrames(frames, { ...ZERO_FRAME, state: bootscrub === 'off' ? FREE_CLEAN : FREE_DIRTY }),
      counts: bootscrub === 'off' ? [frames, 0, 0, 0] : [0, frames, 0, 0],
      scrubbers: Array.from({ length: nodes }, () => ({ batch: [], until: 0, busy: idle })),
      scrubDomheap: scenario.scrubDomheap,
      syncTeardownScrub: host.hypervisor === 'xen' && release <= 409,
      syncScrubbedFrames: 0,
      idleScrubbedFrames: 0,
      unscrubbedDom0Frames: 0,
      bootscrub,
      bootScrubbedFrames: 0,
    };
    mem.hosts[host.id] = hostMem;
    const dom0 = host.domains.map((id) => world.domains[id]).find((d) => d?.role === 'dom0');
    if (dom0) giveDomainFrames(w, host.id, dom0, 0, null);
    if (bootscrub === 'on') {
      // Synchronous boot scrub (Xen < 4.12 default): every frame still free is zeroed before guests start.
      const dirty = findRuns(hostMem, 0, frames, stateMask(FREE_DIRTY));
      for (const [s, n] of dirty) setFrames(plainFrames(hostMem), s, n, { state: FREE_CLEAN });
      hostMem.bootScrubbedFrames = runsLength(dirty);
    }
    for (const id of host.domains) {
      const domain = world.domains[id];
      if (domain && domain !== dom0) giveDomainFrames(w, host.id, domain, 0, null);
    }
    if (idle) for (let node = 0; node < nodes; node++) ctx.schedule(SCRUB_EVENT, { hostId: host.id, node }, 0, PRIORITY.scrub);
  }
}
