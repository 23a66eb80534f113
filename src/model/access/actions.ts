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

/** The operator's business need ends: privileges revoked, open sessions closed (fact aws-xen-admin-access). */
export const operatorRevokeAction = z.strictObject({ type: z.literal('operator.revoke'), operator: entityId });

export const OPERATOR_APIS = ['host-health', 'reboot-host', 'update-firmware', 'read-guest-memory', 'read-instance-storage'] as const;
/** APIs that would reveal customer data: none exist on Nitro (fact nitro-no-operator-access). */
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

/**
 * dom0 maps a guest's memory (a privcmd foreign mapping). The device model (QEMU) and live migration
 * do this for the guest; `operator` is an operator using dom0 to read a guest's memory, which only
 * policy forbids on Xen (and the `dom0-foreign-map` fault lets through). Nitro has no dom0.
 */
export const foreignMapAction = z.strictObject({
  type: z.literal('dom0.foreignMap'),
  guest: entityId,
  purpose: z.enum(['device-model', 'live-migration', 'operator']),
  operator: entityId.optional().describe('The operator, for purpose "operator"'),
  frames: z.int().min(1).max(65_536).default(8).describe('How many of the guest\'s frames to map'),
});

export const ACCESS_ACTIONS = [operatorLoginAction, operatorRevokeAction, operatorApiAction, operatorGuestAction, customerAccessAction, foreignMapAction] as const;
