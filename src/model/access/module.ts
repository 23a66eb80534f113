import type { z } from 'zod';
import type { Immutable } from '../../engine';
import { accessAuditHooks, TOUCH_FOREIGN_MAP } from '../../audit/access';
import { direct, type ModelWriteContext } from '../events';
import type { SimModule } from '../module';
import { translate } from '../memory/p2m';
import { ACCESS_ACTIONS, CUSTOMER_DATA_APIS, type operatorLoginAction } from './actions';
import type { AccessControl, AccessWorld, Actor, AuditEntry, ForeignMapping } from './types';
import { tenantName } from '../tenant-name';

/** Fact-sheet ids (src/facts/access.ts) of the rules applied; audit entries carry them as `source`. */
const XEN_RULE = 'aws-xen-admin-access';
const GUEST_RULE = 'aws-no-guest-os-access';
const CUSTOMER_RULE = 'aws-customer-controls-guest';
const NITRO_RULE = 'nitro-no-operator-access';
const DOM0_RULE = 'xen-dom0-foreign-mapping';

/** The fault that stands for an operator abusing dom0's privilege to map a guest's memory. */
export const FAULT_DOM0_FOREIGN_MAP = 'dom0-foreign-map';

/** Appends to the audit log: every attempt is logged, allowed or denied. Returns the entry's seq. */
function audit(ctx: ModelWriteContext, entry: Omit<AuditEntry, 'seq' | 'at' | 'control'> & { control?: AccessControl }): number {
  const log = ctx.mut('world', 'access', 'audit');
  log.push({ control: 'policy', ...entry, seq: log.length + 1, at: ctx.now });
  ctx.touch('audit', log.length);
  ctx.trace(entry.outcome === 'allowed' ? 'access' : 'denied', `${entry.actor.kind} ${entry.actor.id} → ${entry.action} on ${entry.target}: ${entry.outcome} (${entry.reason})`, { outcome: entry.outcome, source: entry.source });
  return log.length;
}

const MAPPER: Record<ForeignMapping['purpose'], string> = { 'device-model': 'qemu', 'live-migration': 'toolstack', operator: '' };

/** Why an operator's dom0 mapping is refused (policy held), or `null` when the operator got a dom0 shell and abuses it. */
function operatorMapRefusal(access: Immutable<AccessWorld>, operatorId: string | undefined, hostId: string, abuse: boolean): string | null {
  const operator = operatorId ? access.operators[operatorId] : undefined;
  if (!operator) return `no operator ${operatorId ?? '(none given)'}`;
  if (operator.status === 'revoked') return 'privileges revoked: no way into dom0 any more';
  const open = Object.values(access.sessions).some((s) => s.operatorId === operator.id && s.hostId === hostId && s.closedAt === null);
  if (!open) return 'no management-plane session: without MFA through an admin host there is no way into dom0';
  if (!abuse) return 'policy: no approved procedure maps a customer\'s memory, so the audited tooling refuses and the attempt is logged — technically, dom0 could map it';
  return null;
}

function op(id: string): Actor {
  return { kind: 'operator', id };
}

/** Why an operator may not log in to a Xen management plane, or `null` when every rule is met. */
function xenLoginRefusal(access: Immutable<AccessWorld>, a: z.output<typeof operatorLoginAction>): string | null {
  const operator = access.operators[a.operator];
  if (!operator) return `no operator ${a.operator}`;
  if (operator.status === 'revoked') return 'privileges revoked: no business need any more';
  if (!a.via) return 'the management plane is reachable only through a purpose-built administration host';
  if (!access.adminHosts[a.via]) return `${a.via} is not a purpose-built administration host`;
  if (!(a.mfa ?? operator.mfa)) return 'multi-factor authentication is required';
  return null;
}

export const accessModule: SimModule = {
  id: 'access',
  actions: ACCESS_ACTIONS,
  faults: [{ name: FAULT_DOM0_FOREIGN_MAP, description: 'An operator abuses dom0\'s privilege to map a guest\'s memory (Xen only: Nitro has no such path)' }],

  setup(world, lesson) {
    const spec = lesson.access ?? { operators: [{ id: 'op-1', mfa: true }], adminHosts: [{ id: 'admin-1' }] };
    world.access = { operators: {}, adminHosts: {}, sessions: {}, nextSessionId: 1, audit: [], foreignMaps: [] };
    for (const o of spec.operators) world.access.operators[o.id] = { id: o.id, name: o.name ?? o.id, mfa: o.mfa, status: 'active' };
    for (const h of spec.adminHosts) world.access.adminHosts[h.id] = { id: h.id, name: h.name ?? h.id };
  },

  handlers: {
    'operator.login': direct((state, event, ctx) => {
      const a = event.payload;
      const host = state.world.hosts[a.host];
      const action = 'operator.login';
      if (!host) return void audit(ctx, { actor: op(a.operator), action, target: a.host, outcome: 'denied', reason: `no host ${a.host}`, source: XEN_RULE });
      if (host.hypervisor === 'nitro') {
        return void audit(ctx, { actor: op(a.operator), action, target: a.host, outcome: 'denied', reason: 'Nitro hosts have no operator login at all, whatever the operator\'s privileges', source: NITRO_RULE, control: 'no-path' });
      }
      const refusal = xenLoginRefusal(state.world.access, a);
      if (refusal) return void audit(ctx, { actor: op(a.operator), action, target: a.host, outcome: 'denied', reason: refusal, source: XEN_RULE });
      const access = ctx.mut('world', 'access');
      const id = `session-${access.nextSessionId++}`;
      ctx.mut('world', 'access', 'sessions')[id] = { id, operatorId: a.operator, hostId: a.host, adminHostId: a.via as string, openedAt: ctx.now, closedAt: null };
      audit(ctx, { actor: op(a.operator), action, target: a.host, outcome: 'allowed', reason: `management plane only, via ${a.via} with MFA (${id})`, source: XEN_RULE });
    }),
    'operator.revoke': direct((state, event, ctx) => {
      const a = event.payload;
      if (!state.world.access.operators[a.operator]) {
        return void audit(ctx, { actor: { kind: 'system', id: 'iam' }, action: 'operator.revoke', target: a.operator, outcome: 'denied', reason: `no operator ${a.operator}`, source: XEN_RULE });
      }
      ctx.mut('world', 'access', 'operators', a.operator).status = 'revoked';
      let closed = 0;
      for (const [key, s] of Object.entries(state.world.access.sessions)) {
        if (s.operatorId === a.operator && s.closedAt === null) {
          ctx.mut('world', 'access', 'sessions', key).closedAt = ctx.now;
          closed++;
        }
      }
      audit(ctx, { actor: { kind: 'system', id: 'iam' }, action: 'operator.revoke', target: a.operator, outcome: 'allowed', reason: `privileges revoked; ${closed} open session(s) closed`, source: XEN_RULE });
    }),
    'operator.api': direct((state, event, ctx) => {
      const a = event.payload;
      const host = state.world.hosts[a.host];
      const operator = state.world.access.operators[a.operator];
      const action = `operator.api:${a.api}`;
      const deny = (reason: string, source: string, control: AccessControl = 'policy'): void => void audit(ctx, { actor: op(a.operator), action, target: a.host, outcome: 'denied', reason, source, control });
      if (!host || !operator) return deny(`no ${host ? 'operator' : 'host'} ${host ? a.operator : a.host}`, NITRO_RULE);
      if (operator.status === 'revoked') return deny('privileges revoked', XEN_RULE);
      if (CUSTOMER_DATA_APIS.has(a.api)) {
        if (host.hypervisor === 'nitro') return deny('no administrative API exposes customer data: there is no such path', NITRO_RULE, 'no-path');
        return deny('policy: the operator has no access rights to guest memory or data — no approved procedure reads it, though dom0 technically could', GUEST_RULE);
      }
      if (host.hypervisor === 'xen') {
        const open = Object.values(state.world.access.sessions).some((s) => s.operatorId === a.operator && s.hostId === a.host && s.closedAt === null);
        if (!open) return deny('needs an open management-plane session (MFA through an admin host)', XEN_RULE);
      }
      audit(ctx, { actor: op(a.operator), action, target: a.host, outcome: 'allowed', reason: host.hypervisor === 'nitro' ? 'authenticated, authorized, logged and audited administrative API' : 'management-plane operation in an audited session', source: host.hypervisor === 'nitro' ? NITRO_RULE : XEN_RULE });
    }),
    'operator.accessGuest': direct((state, event, ctx) => {
      const a = event.payload;
      const guest = state.world.domains[a.guest];
      const onNitro = guest ? state.world.hosts[guest.hostId]?.hypervisor === 'nitro' : false;
      audit(ctx, {
        actor: op(a.operator),
        action: 'operator.accessGuest',
        target: a.guest,
        outcome: 'denied',
        reason: onNitro
          ? 'no mechanism exists to access instance memory or customer data'
          : 'policy: the operator has no access rights to the customer\'s instance or guest OS (the customer holds the keys)',
        source: onNitro ? NITRO_RULE : GUEST_RULE,
        control: onNitro ? 'no-path' : 'policy',
      });
    }),
    'customer.access': direct((state, event, ctx) => {
      const a = event.payload;
      const guest = state.world.domains[a.guest];
      const base = { actor: { kind: 'customer', id: a.tenant } as Actor, action: `customer.access:${a.what}`, target: a.guest, source: CUSTOMER_RULE, control: 'hypervisor' as const };
      if (!guest || guest.role !== 'guest' || guest.status !== 'running') return void audit(ctx, { ...base, outcome: 'denied', reason: `no running guest ${a.guest}` });
      if (guest.tenant !== a.tenant) return void audit(ctx, { ...base, outcome: 'denied', reason: `${a.guest} belongs to another customer` });
      const what = { login: 'logs in with their own key pair', root: 'has full root access', firewall: 'changes the guest firewall' }[a.what];
      audit(ctx, { ...base, outcome: 'allowed', reason: `the customer controls the guest OS completely and ${what}` });
    }),
    'dom0.foreignMap': direct((state, event, ctx) => {
      const a = event.payload;
      const guest = state.world.domains[a.guest];
      const host = guest ? state.world.hosts[guest.hostId] : undefined;
      const by = a.purpose === 'operator' ? (a.operator ?? '?') : MAPPER[a.purpose];
      const actor: Actor = a.purpose === 'operator' ? op(by) : { kind: 'system', id: by };
      const action = `dom0.foreignMap:${a.purpose}`;
      const record = (outcome: ForeignMapping['outcome'], frameRanges: string[], frames: number, auditSeq: number): void => {
        const maps = ctx.mut('world', 'access', 'foreignMaps');
        const seq = maps.length + 1;
        maps.push({ seq, at: ctx.now, hostId: guest?.hostId ?? '', guestId: a.guest, tenant: guest?.tenant ?? '', purpose: a.purpose, by, outcome, frameRanges, frames, auditSeq });
        ctx.touch(TOUCH_FOREIGN_MAP, seq);
      };
      if (!guest || !host || guest.role !== 'guest' || guest.status !== 'running') {
        return void audit(ctx, { actor, action, target: a.guest, outcome: 'denied', reason: `no running guest ${a.guest}`, source: DOM0_RULE, control: 'hypervisor' });
      }
      if (host.hypervisor === 'nitro') {
        const seq = audit(ctx, { actor, action, target: a.guest, outcome: 'denied', reason: 'a Nitro host has no dom0 and no mechanism that maps instance memory: the attempt has no path', source: NITRO_RULE, control: 'no-path' });
        return record('refused', [], 0, seq);
      }
      if (a.purpose === 'operator') {
        const refusal = operatorMapRefusal(state.world.access, a.operator, host.id, ctx.fault(FAULT_DOM0_FOREIGN_MAP));
        if (refusal) {
          const seq = audit(ctx, { actor, action, target: a.guest, outcome: 'denied', reason: refusal, source: refusal.startsWith('policy') ? DOM0_RULE : XEN_RULE, control: 'policy' });
          return record('refused', [], 0, seq);
        }
      }
      const memory = state.world.memory.domains[a.guest];
      const runs = memory ? translate(memory.p2m, 0, a.frames) : [];
      const ranges = runs.map(([start, count]) => `${host.id}:${start}:${count}`);
      const frames = runs.reduce((n, [, count]) => n + count, 0);
      const reason =
        a.purpose === 'operator'
          ? `dom0 is privileged: Xen maps ${frames} of ${a.guest}'s frames for the operator's process. Only policy stood in the way, and it was bypassed; the attempt is still in the log`
          : a.purpose === 'device-model'
            ? `QEMU in dom0 maps ${frames} of ${a.guest}'s frames to emulate its devices, on the guest's behalf`
            : `the toolstack in dom0 maps ${frames} of ${a.guest}'s frames to copy them to another host (live migration)`;
      const seq = audit(ctx, { actor, action, target: a.guest, outcome: 'allowed', reason, source: DOM0_RULE, control: 'hypervisor' });
      record('mapped', ranges, frames, seq);
      if (a.purpose === 'operator') ctx.trace('fault', `dom0-foreign-map: operator ${by} reads ${tenantName(state, guest.tenant)}'s memory through dom0`, { guest: a.guest });
    }),
  },

  afterEvent: accessAuditHooks,
};
