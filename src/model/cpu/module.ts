import type { Immutable } from '../../engine';
import { direct, type KindsWith, type ModelContext, type ModelEvent, type ModelWriteContext } from '../events';
import type { SimModule } from '../module';
import type { SimState } from '../state';
import type { Domain, Host } from '../hypervisor/types';
import { CPU_ACTIONS, type CpuTarget } from './actions';
import { FAULT_EPT_OVERMAP, FAULT_MMU_VALIDATION_OFF, foreignFramePlan, outsideGpaPlan, userPrivilegedPlan } from './attempts';
import { runBurst } from './burst';
import { ioPlan, stagesOf } from './io';
import { cross, hypercallPlan, kernelPrivilegedPlan, leaveKernel, ownPageTablePlan, syscallPlan, type PlanStep } from './plan';
import { hypervisorPlacementFor, isHardwareVirtualized, placementFor } from './placement';
import { planDuration, runStep, startPlan } from './step';
import type { CpuWorld, DomainPlacement, IoRequest, VcpuState } from './types';
import { newVcpu, vcpuId } from './vcpu';

const DEFAULT_HISTORY = 48;
/**
 * vCPUs whose privilege state is tracked per domain. Lessons drive vCPU 0 and a few more; a
 * 448-vCPU guest would otherwise cost hundreds of history buffers nobody looks at.
 */
export const MAX_TRACKED_VCPUS = 16;

function emptyCpu(historyLength: number): CpuWorld {
  return { historyLength, hypervisors: {}, placements: {}, vcpus: {}, attempts: [], io: {}, nextIoId: 1, nextGrantRef: 8, stats: { transitions: 0, cycles: 0, refused: 0, byKind: {} } };
}

/** A domain's placement and tracked vCPUs (for dom0 at set-up and for guests on creation). */
function cpuOfDomain(domain: Immutable<Domain>, host: Immutable<Host>, at: number, historyLength: number): { placement: DomainPlacement; vcpus: VcpuState[] } {
  const placement = placementFor(domain.id, host, domain.mode);
  const vcpus: VcpuState[] = [];
  for (let i = 0; i < Math.min(domain.vcpus, MAX_TRACKED_VCPUS); i++) vcpus.push(newVcpu(domain.id, i, placement, at, historyLength));
  return { placement, vcpus };
}

interface Target {
  domain: Immutable<Domain>;
  placement: Immutable<DomainPlacement>;
  vcpu: Immutable<VcpuState>;
  ghz: number;
}

/**
 * Finds the running domain and vCPU an action names; traces why not otherwise. A vCPU still busy
 * with an earlier action gets this one re-queued for when it is free (actions never interleave).
 */
function resolve<K extends KindsWith<CpuTarget>>(state: Immutable<SimState>, event: ModelEvent<K>, ctx: ModelContext): Target | null {
  const action = event.payload;
  const domain = state.world.domains[action.domain];
  if (!domain || domain.status !== 'running') {
    ctx.trace('error', `${event.kind}: no running domain ${action.domain}`);
    return null;
  }
  const vcpu = state.world.cpu.vcpus[vcpuId(domain.id, action.vcpu)];
  const placement = state.world.cpu.placements[domain.id];
  const host = state.world.hosts[domain.hostId];
  if (!vcpu || !placement || !host) {
    ctx.trace('error', `${event.kind}: ${domain.id} has no tracked vCPU ${action.vcpu} (vCPUs 0–${Math.min(domain.vcpus, MAX_TRACKED_VCPUS) - 1} are tracked)`);
    return null;
  }
  if (vcpu.busyUntil > ctx.now) {
    ctx.scheduleAt(event.kind, event.payload, vcpu.busyUntil);
    return null;
  }
  return { domain, placement, vcpu, ghz: host.clockGHz };
}

/** Marks the vCPU busy for the plan's length and starts it. */
function launch(ctx: ModelWriteContext, t: Target, plan: PlanStep[]): void {
  ctx.mut('world', 'cpu', 'vcpus', t.vcpu.id).busyUntil = ctx.now + planDuration(plan, t.ghz);
  startPlan(ctx, plan, t.ghz);
}

/** Another domain on the same host, for attempts aimed at someone else's memory. */
function neighbourOf(state: Immutable<SimState>, domain: Immutable<Domain>): string | undefined {
  const host = state.world.hosts[domain.hostId];
  return host?.domains.find((id) => id !== domain.id && state.world.domains[id]?.status === 'running');
}

export const cpuModule: SimModule = {
  id: 'cpu',
  actions: CPU_ACTIONS,
  faults: [
    { name: FAULT_MMU_VALIDATION_OFF, description: 'Xen stops validating PV page-table updates: a PV kernel can map another domain\'s frame' },
    { name: FAULT_EPT_OVERMAP, description: 'the EPT of a hardware-virtualized guest wrongly maps an address beyond its memory to another domain\'s frame' },
  ],

  setup(world, lesson) {
    world.cpu = emptyCpu(lesson.cpu?.historyLength ?? DEFAULT_HISTORY);
    for (const host of Object.values(world.hosts)) world.cpu.hypervisors[host.id] = hypervisorPlacementFor(host);
    for (const domain of Object.values(world.domains)) {
      const host = world.hosts[domain.hostId];
      if (!host) continue;
      const { placement, vcpus } = cpuOfDomain(domain, host, 0, world.cpu.historyLength);
      world.cpu.placements[domain.id] = placement;
      for (const vcpu of vcpus) world.cpu.vcpus[vcpu.id] = vcpu;
    }
  },

  handlers: {
    'domain.created': direct((state, event, ctx) => {
      const domain = state.world.domains[event.payload.domainId];
      if (!domain || state.world.cpu.placements[domain.id]) return;
      const host = state.world.hosts[domain.hostId];
      if (host) {
        const { placement, vcpus } = cpuOfDomain(domain, host, ctx.now, state.world.cpu.historyLength);
        ctx.mut('world', 'cpu', 'placements')[domain.id] = placement;
        const tracked = ctx.mut('world', 'cpu', 'vcpus');
        for (const vcpu of vcpus) tracked[vcpu.id] = vcpu;
      }
      ctx.touch('placement', domain.id);
    }),
    'domain.boot': direct((state, event, ctx) => {
      const { domainId } = event.payload;
      const domain = state.world.domains[domainId];
      const host = domain ? state.world.hosts[domain.hostId] : undefined;
      if (!domain || domain.status !== 'running' || !host) return;
      // The kernel has booted and starts user space (init): every vCPU drops to ring 3.
      for (let i = 0; i < Math.min(domain.vcpus, MAX_TRACKED_VCPUS); i++) {
        startPlan(ctx, [{ vcpu: vcpuId(domainId, i), to: 'user', kind: null, dwellNs: 0, text: `${domainId} starts user space on vCPU ${i}` }], host.clockGHz);
      }
    }),
    'domain.reap': direct((state, event, ctx) => {
      const { domainId } = event.payload;
      const domain = state.world.domains[domainId];
      if (!domain || domain.status !== 'destroyed') return;
      const cpu = state.world.cpu;
      // Copy a record only when an entry of it goes.
      if (domainId in cpu.placements) delete ctx.mut('world', 'cpu', 'placements')[domainId];
      const ids: string[] = [];
      for (let i = 0; i < Math.min(domain.vcpus, MAX_TRACKED_VCPUS); i++) if (vcpuId(domainId, i) in cpu.vcpus) ids.push(vcpuId(domainId, i));
      if (ids.length === 0) return;
      const vcpus = ctx.mut('world', 'cpu', 'vcpus');
      for (const id of ids) delete vcpus[id];
    }),
    'cpu.step': direct((state, event, ctx) => {
      runStep(state, event.payload, ctx);
    }),
    'cpu.syscall': direct((state, event, ctx) => {
      const t = resolve(state, event, ctx);
      if (t) launch(ctx, t, syscallPlan(t.placement, t.vcpu.id, t.vcpu.level));
    }),
    'cpu.hypercall': direct((state, event, ctx) => {
      const t = resolve(state, event, ctx);
      const a = event.payload;
      if (t) launch(ctx, t, hypercallPlan(t.placement, t.vcpu.id, t.vcpu.level, a.op));
    }),
    'cpu.privileged': direct((state, event, ctx) => {
      const t = resolve(state, event, ctx);
      const a = event.payload;
      if (!t) return;
      const plan = a.from === 'user' ? userPrivilegedPlan(t.placement, t.vcpu.id, t.vcpu.level, a.instruction) : kernelPrivilegedPlan(t.placement, t.vcpu.id, t.vcpu.level, a.instruction);
      launch(ctx, t, plan);
    }),
    'cpu.pageTableUpdate': direct((state, event, ctx) => {
      const t = resolve(state, event, ctx);
      const a = event.payload;
      if (!t) return;
      if (a.frame === 'own') return launch(ctx, t, ownPageTablePlan(t.placement, t.vcpu.id, t.vcpu.level));
      if (t.placement.paging !== 'pv-direct') {
        return ctx.trace('error', `${t.domain.id} is hardware-virtualized: its page tables hold guest-physical addresses, never machine frames, so it cannot even name another domain's frame (try cpu.memoryAccess)`);
      }
      const victim = neighbourOf(state, t.domain) ?? 'another domain';
      launch(ctx, t, foreignFramePlan(t.placement, t.vcpu.id, t.vcpu.level, victim, ctx.fault(FAULT_MMU_VALIDATION_OFF)));
    }),
    'cpu.memoryAccess': direct((state, event, ctx) => {
      const t = resolve(state, event, ctx);
      const a = event.payload;
      if (!t) return;
      if (!isHardwareVirtualized(t.placement)) {
        return ctx.trace('error', `${t.domain.id} is PV: it reaches memory only through page tables Xen validated (try cpu.pageTableUpdate with frame "foreign")`);
      }
      if (a.where === 'inside') {
        return launch(ctx, t, [{ vcpu: t.vcpu.id, to: t.vcpu.level, kind: null, dwellNs: 50, text: `${t.domain.id} reads its own guest-physical memory: the EPT/NPT walk happens in hardware, no exit` }]);
      }
      launch(ctx, t, outsideGpaPlan(t.placement, t.vcpu.id, t.vcpu.level, t.domain.memoryMiB, neighbourOf(state, t.domain), ctx.fault(FAULT_EPT_OVERMAP)));
    }),
    'cpu.notify': direct((state, event, ctx) => {
      const t = resolve(state, event, ctx);
      const a = event.payload;
      if (!t) return;
      const receiver = state.world.domains[a.to];
      const rp = state.world.cpu.placements[a.to];
      if (!receiver || receiver.status !== 'running' || !rp || receiver.hostId !== t.domain.hostId) {
        return ctx.trace('error', `cpu.notify: no running domain ${a.to} on ${t.domain.hostId}`);
      }
      if (t.placement.io === 'nitro-card') return ctx.trace('error', 'cpu.notify: event channels are a Xen facility; Nitro hosts have none in this model');
      const rv = vcpuId(a.to, 0);
      const plan = [
        ...hypercallPlan(t.placement, t.vcpu.id, t.vcpu.level, `EVTCHNOP_send to ${a.to}`),
        cross(rv, 'kernel', 'event-channel', `Xen marks the event pending and upcalls ${a.to}'s kernel (event channels carry PV interrupts)`),
        ...leaveKernel(rp, rv),
      ];
      launch(ctx, t, plan);
    }),
    'cpu.burst': direct((state, event, ctx) => {
      const t = resolve(state, event, ctx);
      if (t) runBurst(state.world.cpu, t.vcpu, t.placement, t.ghz, event.payload, ctx);
    }),
    'io.write': direct((state, event, ctx) => {
      const t = resolve(state, event, ctx);
      const a = event.payload;
      if (!t) return;
      const { domain, placement } = t;
      const dom0Id = `${domain.hostId}.dom0`;
      const dom0 = state.world.cpu.placements[dom0Id] ?? null;
      // Counters and the new request: the cpu record's own fields, then one entry of its I/O record.
      const cpu = ctx.mut('world', 'cpu');
      const request: IoRequest = {
        id: `io-${cpu.nextIoId++}`,
        domainId: domain.id,
        hostId: domain.hostId,
        op: a.device === 'disk' ? 'disk-write' : 'net-send',
        bytes: a.bytes,
        path: placement.io,
        stages: [],
        stage: -1,
        grantRef: placement.io === 'split-driver' ? cpu.nextGrantRef++ : null,
        deviceId: null,
        startedAt: ctx.now,
        completedAt: null,
      };
      const plan = ioPlan({ placement, dom0, vcpu: t.vcpu.id, dom0Vcpu: dom0 ? vcpuId(dom0Id, 0) : null, level: t.vcpu.level, request });
      request.stages = stagesOf(plan);
      ctx.mut('world', 'cpu', 'io')[request.id] = request;
      ctx.touch('io', request.id);
      launch(ctx, t, plan);
    }),
  },
};
