/**
 * The access module's slice of the world (`world.access`): who may touch what (domain-facts §6, §7).
 * Xen era: operators reach the management plane only with MFA through purpose-built admin hosts,
 * every access logged and audited, privileges revocable; nobody at the operator has rights in a
 * customer's guest OS. Nitro: no operator login at all, only audited APIs exposing no customer data.
 */

export interface Operator {
  id: string;
  name: string;
  /** Whether the operator presents a second factor when logging in. */
  mfa: boolean;
  /** `revoked` once the business need ends (§7: "privileges ... can be revoked"). */
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
  /** Fact-sheet reference for the rule applied. */
  source: string;
}

export interface AccessWorld {
  operators: Record<string, Operator>;
  adminHosts: Record<string, AdminHost>;
  sessions: Record<string, AccessSession>;
  nextSessionId: number;
  /** Append-only audit log (every attempt, allowed or denied), oldest first. */
  audit: AuditEntry[];
}
