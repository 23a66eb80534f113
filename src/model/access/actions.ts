import { z } from 'zod';
import { entityId } from '../../lessons/primitives';

/** An operator tries to log in to a host's management plane (Xen: dom0 / host OS). */
export const operatorLoginAction = z.strictObject({
  type: z.literal('operator.login'),
  operator: entityId,
  host: entityId,
  via: entityId.optional().describe('Admin host used; omitted = straight from a workstation'),
  mfa: z.boolean().optional().describe('Override whether a second factor is presented (default: the operator\'s)'),
});

/** The operator's business need ends: privileges revoked, open sessions closed (domain-facts §7). */
export const operatorRevokeAction = z.strictObject({ type: z.literal('operator.revoke'), operator: entityId });

export const OPERATOR_APIS = ['host-health', 'reboot-host', 'update-firmware', 'read-guest-memory', 'read-instance-storage'] as const;
/** APIs that would reveal customer data: none exist on Nitro (domain-facts §6). */
export const CUSTOMER_DATA_APIS: ReadonlySet<string> = new Set(['read-guest-memory', 'read-instance-storage']);

export const operatorApiAction = z.strictObject({
  type: z.literal('operator.api'),
  operator: entityId,
  host: entityId,
  api: z.enum(OPERATOR_APIS),
});

/** An operator tries to get into a customer's guest OS. */
export const operatorGuestAction = z.strictObject({ type: z.literal('operator.accessGuest'), operator: entityId, guest: entityId });

/** A customer acts on a guest: log in with their key, become root, change the guest firewall. */
export const customerAccessAction = z.strictObject({
  type: z.literal('customer.access'),
  tenant: entityId,
  guest: entityId,
  what: z.enum(['login', 'root', 'firewall']).default('login'),
});

export const ACCESS_ACTIONS = [operatorLoginAction, operatorRevokeAction, operatorApiAction, operatorGuestAction, customerAccessAction] as const;
