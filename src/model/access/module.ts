import type { Draft } from 'immer';
import type { z } from 'zod';
import type { HandlerContext } from '../../engine';
import { recordViolation } from '../../audit/violations';
import type { SimModule } from '../module';
import type { SimState } from '../state';
import { ACCESS_ACTIONS, CUSTOMER_DATA_APIS, type customerAccessAction, type operatorApiAction, type operatorGuestAction, type operatorLoginAction, type operatorRevokeAction } from './actions';
import type { Actor, AuditEntry } from './types';

const XEN_RULE = 'domain-facts §7 (MFA through purpose-built admin hosts; logged and audited; revocable)';
const GUEST_RULE = 'domain-facts §7 ("AWS does not have any access rights to your instances or the guest OS")';
const NITRO_RULE = 'domain-facts §6 ("no mechanism for any system or person to log in to EC2 Nitro hosts")';

/** Appends to the audit log: every attempt is logged, allowed or denied. */
function audit(draft: Draft<SimState>, ctx: HandlerContext, entry: Omit<AuditEntry, 'seq' | 'at'>): void {
  const log = draft.world.access.audit;
  log.push({ ...entry, seq: log.length + 1, at: ctx.now });
  ctx.touch('audit', log.length);
  ctx.trace(entry.outcome === 'allowed' ? 'access' : 'denied', `${entry.actor.kind} ${entry.actor.id} → ${entry.action} on ${entry.target}: ${entry.outcome} (${entry.reason})`, { outcome: entry.outcome, source: entry.source });
}

function op(id: string): Actor {
  return { kind: 'operator', id };
}

/** Why an operator may not log in to a Xen management plane, or `null` when every rule is met. */
function xenLoginRefusal(draft: Draft<SimState>, a: z.output<typeof operatorLoginAction>): string | null {
  const operator = draft.world.access.operators[a.operator];
  if (!operator) return `no operator ${a.operator}`;
  if (operator.status === 'revoked') return 'privileges revoked: no business need any more';
  if (!a.via) return 'the management plane is reachable only through a purpose-built administration host';
  if (!draft.world.access.adminHosts[a.via]) return `${a.via} is not a purpose-built administration host`;
  if (!(a.mfa ?? operator.mfa)) return 'multi-factor authentication is required';
  return null;
}

export const accessModule: SimModule = {
  id: 'access',
  actions: ACCESS_ACTIONS,

  setup(world, lesson) {
    const spec = lesson.access ?? { operators: [{ id: 'op-1', mfa: true }], adminHosts: [{ id: 'admin-1' }] };
    world.access = { operators: {}, adminHosts: {}, sessions: {}, nextSessionId: 1, audit: [] };
    for (const o of spec.operators) world.access.operators[o.id] = { id: o.id, name: o.name ?? o.id, mfa: o.mfa, status: 'active' };
    for (const h of spec.adminHosts) world.access.adminHosts[h.id] = { id: h.id, name: h.name ?? h.id };
  },

  handlers: {
    'operator.login'(draft, event, ctx) {
      const a = event.payload as z.output<typeof operatorLoginAction>;
      const host = draft.world.hosts[a.host];
      const action = 'operator.login';
      if (!host) return audit(draft, ctx, { actor: op(a.operator), action, target: a.host, outcome: 'denied', reason: `no host ${a.host}`, source: XEN_RULE });
      if (host.hypervisor === 'nitro') {
        return audit(draft, ctx, { actor: op(a.operator), action, target: a.host, outcome: 'denied', reason: 'Nitro hosts have no operator login at all, whatever the operator\'s privileges', source: NITRO_RULE });
      }
      const refusal = xenLoginRefusal(draft, a);
      if (refusal) return audit(draft, ctx, { actor: op(a.operator), action, target: a.host, outcome: 'denied', reason: refusal, source: XEN_RULE });
      const access = draft.world.access;
      const id = `session-${access.nextSessionId++}`;
      access.sessions[id] = { id, operatorId: a.operator, hostId: a.host, adminHostId: a.via as string, openedAt: ctx.now, closedAt: null };
      audit(draft, ctx, { actor: op(a.operator), action, target: a.host, outcome: 'allowed', reason: `management plane only, via ${a.via} with MFA (${id})`, source: XEN_RULE });
    },
    'operator.revoke'(draft, event, ctx) {
      const a = event.payload as z.output<typeof operatorRevokeAction>;
      const operator = draft.world.access.operators[a.operator];
      if (!operator) return audit(draft, ctx, { actor: { kind: 'system', id: 'iam' }, action: 'operator.revoke', target: a.operator, outcome: 'denied', reason: `no operator ${a.operator}`, source: XEN_RULE });
      operator.status = 'revoked';
      let closed = 0;
      for (const s of Object.values(draft.world.access.sessions)) {
        if (s.operatorId === a.operator && s.closedAt === null) {
          s.closedAt = ctx.now;
          closed++;
        }
      }
      audit(draft, ctx, { actor: { kind: 'system', id: 'iam' }, action: 'operator.revoke', target: a.operator, outcome: 'allowed', reason: `privileges revoked; ${closed} open session(s) closed`, source: XEN_RULE });
    },
    'operator.api'(draft, event, ctx) {
      const a = event.payload as z.output<typeof operatorApiAction>;
      const host = draft.world.hosts[a.host];
      const operator = draft.world.access.operators[a.operator];
      const action = `operator.api:${a.api}`;
      const deny = (reason: string, source: string): void => audit(draft, ctx, { actor: op(a.operator), action, target: a.host, outcome: 'denied', reason, source });
      if (!host || !operator) return deny(`no ${host ? 'operator' : 'host'} ${host ? a.operator : a.host}`, NITRO_RULE);
      if (operator.status === 'revoked') return deny('privileges revoked', XEN_RULE);
      if (CUSTOMER_DATA_APIS.has(a.api)) {
        return deny(host.hypervisor === 'nitro' ? 'no administrative API exposes customer data' : 'the operator has no access rights to guest memory or data', host.hypervisor === 'nitro' ? NITRO_RULE : GUEST_RULE);
      }
      if (host.hypervisor === 'xen') {
        const open = Object.values(draft.world.access.sessions).some((s) => s.operatorId === a.operator && s.hostId === a.host && s.closedAt === null);
        if (!open) return deny('needs an open management-plane session (MFA through an admin host)', XEN_RULE);
      }
      audit(draft, ctx, { actor: op(a.operator), action, target: a.host, outcome: 'allowed', reason: host.hypervisor === 'nitro' ? 'authenticated, authorized, logged and audited administrative API' : 'management-plane operation in an audited session', source: host.hypervisor === 'nitro' ? NITRO_RULE : XEN_RULE });
    },
    'operator.accessGuest'(draft, event, ctx) {
      const a = event.payload as z.output<typeof operatorGuestAction>;
      const guest = draft.world.domains[a.guest];
      const onNitro = guest ? draft.world.hosts[guest.hostId]?.hypervisor === 'nitro' : false;
      audit(draft, ctx, {
        actor: op(a.operator),
        action: 'operator.accessGuest',
        target: a.guest,
        outcome: 'denied',
        reason: onNitro ? 'no mechanism exists to access instance memory or customer data' : 'the operator has no access rights to the customer\'s instance or guest OS',
        source: onNitro ? NITRO_RULE : GUEST_RULE,
      });
    },
    'customer.access'(draft, event, ctx) {
      const a = event.payload as z.output<typeof customerAccessAction>;
      const guest = draft.world.domains[a.guest];
      const base = { actor: { kind: 'customer', id: a.tenant } as Actor, action: `customer.access:${a.what}`, target: a.guest, source: GUEST_RULE };
      if (!guest || guest.role !== 'guest' || guest.status !== 'running') return audit(draft, ctx, { ...base, outcome: 'denied', reason: `no running guest ${a.guest}` });
      if (guest.tenant !== a.tenant) return audit(draft, ctx, { ...base, outcome: 'denied', reason: `${a.guest} belongs to another customer` });
      const what = { login: 'logs in with their own key pair', root: 'has full root access', firewall: 'changes the guest firewall' }[a.what];
      audit(draft, ctx, { ...base, outcome: 'allowed', reason: `the customer controls the guest OS completely and ${what}` });
    },
  },

  afterEvent: [
    // Nobody but the owning customer may ever be allowed into a guest (incremental: new entries only).
    (draft, touched, ctx) => {
      const seqs = touched.get('audit');
      if (!seqs) return;
      for (const seq of seqs) {
        const entry = draft.world.access.audit[(seq as number) - 1];
        if (!entry || entry.outcome !== 'allowed') continue;
        const guest = draft.world.domains[entry.target];
        if (guest && guest.role === 'guest' && !(entry.actor.kind === 'customer' && entry.actor.id === guest.tenant)) {
          recordViolation(draft, ctx, { invariant: 'only-the-customer-enters-its-guest', entities: { domains: [guest.id] }, explanation: `${entry.actor.kind} ${entry.actor.id} was allowed ${entry.action} on ${guest.id}` });
        }
      }
    },
  ],
};
