/**
 * The access module's slice of the world (`world.access`): who may touch what.
 * Xen era: operators reach the management plane only with MFA through purpose-built admin hosts,
 * every access logged and audited, privileges revocable; nobody at the operator has rights in a
 * customer's guest OS. But dom0 is privileged: it can map any guest's memory (QEMU and live
 * migration do so routinely), so what keeps an operator out of a guest's memory is policy, not a
 * technical barrier (fact xen-dom0-foreign-mapping). Nitro: no operator login at all, only audited
 * APIs exposing no customer data, and no dom0 — no path to instance memory exists.
 */

export interface Operator {
  id: string;
  name: string;
  /** Whether the operator presents a second factor when logging in. */
  mfa: boolean;
  /** `revoked` once the business need ends ("privileges ... can be revoked"). */
  status: 'active' | 'revoked';
}

/** A purpose-built, hardened administration host (the only way into the Xen management plane). */
export interface AdminHost {
  id: string;
  name: string;
}

/** An open operator session on a Xen host's management plane. */
export interface AccessSession {
  id: string;
  operatorId: string;
  hostId: string;
  adminHostId: string;
  openedAt: number;
  closedAt: number | null;
}

export type Actor = { kind: 'operator'; id: string } | { kind: 'customer'; id: string } | { kind: 'system'; id: string };

export interface AuditEntry {
  seq: number;
  at: number;
  actor: Actor;
  /** The action attempted, e.g. `operator.login`, `operator.api:host-health`, `customer.access:root`. */
  action: string;
  /** Host, guest or operator the action was aimed at. */
  target: string;
  outcome: 'allowed' | 'denied';
  reason: string;
  /** The fact-sheet id (src/facts) of the rule applied, e.g. `aws-xen-admin-access`. */
  source: string;
  /**
   * What decided the outcome: `policy` (rules about people: MFA, admin hosts, approved procedures,
   * revocation — an insider could break them), `hypervisor` (a technical check or privilege in the
   * hypervisor), `no-path` (no mechanism exists to even try).
   */
  control?: AccessControl;
}

export type AccessControl = 'policy' | 'hypervisor' | 'no-path';

/** Why dom0 maps a guest's frames: the device model and live migration do it for the guest; an operator must not. */
export type ForeignMapPurpose = 'device-model' | 'live-migration' | 'operator';

/** dom0 mapping a guest's memory (privcmd foreign mapping), or an attempt to. */
export interface ForeignMapping {
  seq: number;
  at: number;
  hostId: string;
  guestId: string;
  /** Tenant that owns the guest. */
  tenant: string;
  purpose: ForeignMapPurpose;
  /** The operator behind an `operator` mapping; the component (`qemu`, `toolstack`) otherwise. */
  by: string;
  outcome: 'mapped' | 'refused';
  /** The guest's machine frames mapped, as `host:start:count` (empty when refused). */
  frameRanges: string[];
  frames: number;
  /** The audit-log entry recording it. */
  auditSeq: number;
}

export interface AccessWorld {
  operators: Record<string, Operator>;
  adminHosts: Record<string, AdminHost>;
  sessions: Record<string, AccessSession>;
  nextSessionId: number;
  /** Append-only audit log (every attempt, allowed or denied), oldest first. */
  audit: AuditEntry[];
  /** dom0 foreign mappings of guest memory and attempts at them, oldest first. */
  foreignMaps: ForeignMapping[];
}
