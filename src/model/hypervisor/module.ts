import { MS, SECOND } from '../../engine/time';
import { direct } from '../events';
import type { SimModule } from '../module';
import { PRIORITY } from '../priorities';
import { HYPERVISOR_ACTIONS } from './actions';
import type { Domain, Host } from './types';
import { hostDevices } from './devices';
import { toNanos } from '../../lessons/primitives';
import { tenantName } from '../tenant-name';

/** Illustrative: toolstack work to build a domain (allocate, load kernel) and the guest's boot. */
export const DOMAIN_BUILD_NS = 200 * MS;
export const GUEST_BOOT_NS = 2 * SECOND;
/** Illustrative: relinquishing resources of a dying domain when nothing else holds it up. */
export const DOMAIN_TEARDOWN_NS = 50 * MS;

function dom0Of(host: Host): Domain {
  return {
    id: `${host.id}.dom0`,
    hostId: host.id,
    name: 'dom0',
    role: 'dom0',
    tenant: null,
    // dom0 on EC2-era Xen is a 64-bit PV Linux; its kernel runs in ring 3 like any pv64 kernel.
    mode: 'pv64',
    vcpus: Math.min(4, host.sockets * host.coresPerSocket),
    memoryMiB: Math.min(4096, Math.floor(host.memoryMiB / 8)),
    status: 'running',
    createdAt: 0,
    destroyedAt: null,
    teardownBusyUntil: 0,
  };
}

export const hypervisorModule: SimModule = {
  id: 'hypervisor',
  actions: HYPERVISOR_ACTIONS,

  setup(world, lesson, ctx) {
    world.devices = {};
    lesson.tenants.forEach((t, i) => {
      world.tenants[t.id] = { id: t.id, name: t.name ?? t.id, colorIndex: i % 7 };
    });
    for (const spec of lesson.hosts) {
      const host: Host = {
        id: spec.id,
        name: spec.name ?? spec.id,
        hypervisor: spec.hypervisor,
        xenVersion: spec.hypervisor === 'xen' ? (spec.xenVersion ?? '4.17') : null,
        sockets: spec.sockets,
        coresPerSocket: spec.coresPerSocket,
        threadsPerCore: spec.threadsPerCore,
        memoryMiB: spec.memoryMiB,
        clockGHz: spec.clockGHz,
        domains: [],
      };
      world.hosts[host.id] = host;
      if (host.hypervisor === 'xen') {
        const dom0 = dom0Of(host);
        world.domains[dom0.id] = dom0;
        host.domains.push(dom0.id);
      }
      for (const device of hostDevices(host)) world.devices[device.id] = device;
      for (const guest of spec.guests) {
        ctx.schedule('domain.create', { hostId: host.id, guest }, toNanos(guest.bootAt));
      }
    }
  },

  handlers: {
    'guest.launch': direct((_state, event, ctx) => {
      const action = event.payload;
      ctx.schedule('domain.create', { hostId: action.host, guest: action.guest });
    }),
    'guest.destroy': direct((_state, event, ctx) => {
      const action = event.payload;
      ctx.schedule('domain.destroy', { domainId: action.guest });
    }),
    'domain.create': direct((state, event, ctx) => {
      const { hostId, guest } = event.payload;
      const host = state.world.hosts[hostId];
      if (!host) return ctx.trace('error', `cannot create ${guest.id}: no host ${hostId}`);
      if (state.world.domains[guest.id]) return ctx.trace('error', `cannot create ${guest.id}: the id is taken`);
      if (!state.world.tenants[guest.tenant]) return ctx.trace('error', `cannot create ${guest.id}: no tenant ${guest.tenant}`);
      // Nitro has no PV: every guest is hardware-virtualized.
      const mode = host.hypervisor === 'nitro' ? 'hvm' : guest.mode;
      ctx.mut('world', 'domains')[guest.id] = {
        id: guest.id,
        hostId,
        name: guest.name ?? guest.id,
        role: 'guest',
        tenant: guest.tenant,
        mode,
        vcpus: guest.vcpus,
        memoryMiB: guest.memoryMiB,
        status: 'building',
        createdAt: ctx.now,
        destroyedAt: null,
        teardownBusyUntil: 0,
      };
      ctx.mut('world', 'hosts', hostId, 'domains').push(guest.id);
      ctx.touch('domain', guest.id);
      // Captions name the tenant as the canvas does ("Tenant B (Bob Ltd)"), not by its file id.
      ctx.trace('domain', `${host.hypervisor === 'xen' ? 'Xen toolstack in dom0' : 'Nitro controller'} builds ${mode} guest ${guest.id} for ${tenantName(state, guest.tenant)} on ${hostId}`, { domain: guest.id, host: hostId });
      ctx.emit('domain.created', { domainId: guest.id });
      ctx.schedule('domain.boot', { domainId: guest.id }, guest.booted ? 0 : DOMAIN_BUILD_NS);
    }),
    'domain.boot': direct((state, event, ctx) => {
      const { domainId } = event.payload;
      const domain = state.world.domains[domainId];
      if (!domain || domain.status !== 'building') return;
      ctx.mut('world', 'domains', domainId).status = 'running';
      ctx.touch('domain', domainId);
      ctx.trace('domain', `${domainId} boots its ${domain.mode} kernel and is running`, { domain: domainId });
    }),
    'domain.destroy': direct((state, event, ctx) => {
      const { domainId } = event.payload;
      const domain = state.world.domains[domainId];
      if (!domain || domain.role === 'dom0' || domain.status === 'dying' || domain.status === 'destroyed') {
        return ctx.trace('error', `cannot destroy ${domainId}: no such running guest`);
      }
      const dying = ctx.mut('world', 'domains', domainId);
      dying.status = 'dying';
      dying.teardownBusyUntil = ctx.now + DOMAIN_TEARDOWN_NS;
      ctx.touch('domain', domainId);
      ctx.trace('domain', `${domainId} is being destroyed`, { domain: domainId });
      ctx.schedule('domain.reap', { domainId }, 0, PRIORITY.reap);
    }),
    'domain.reap': direct((state, event, ctx) => {
      const { domainId } = event.payload;
      const domain = state.world.domains[domainId];
      if (!domain || domain.status !== 'dying') return;
      if (domain.teardownBusyUntil > ctx.now) {
        ctx.scheduleAt('domain.reap', { domainId }, domain.teardownBusyUntil, PRIORITY.reap);
        return;
      }
      const gone = ctx.mut('world', 'domains', domainId);
      gone.status = 'destroyed';
      gone.destroyedAt = ctx.now;
      const host = state.world.hosts[domain.hostId];
      if (host) ctx.mut('world', 'hosts', domain.hostId).domains = host.domains.filter((id) => id !== domainId);
      ctx.touch('domain', domainId);
      ctx.trace('domain', `${domainId} is gone; its resources are released`, { domain: domainId });
    }),
  },
};
