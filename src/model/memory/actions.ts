import { z } from 'zod';
import { entityId, label } from '../../lessons/primitives';

const frameCount = z.int().min(1).max(2 ** 31);
const guestFrame = z.int().min(0).max(2 ** 31).default(0);

/** A guest writes labelled data into its frames [offset, offset + frames) (guest-physical). */
export const writeAction = z.strictObject({
  type: z.literal('mem.write'),
  domain: entityId,
  label: label.describe('What the data is, e.g. "payslip"'),
  frames: frameCount.default(1),
  offset: guestFrame,
});

/**
 * A live guest balloons out its highest frames. Its balloon driver zeroes them first unless
 * `guestScrubs` is false (Linux XEN_SCRUB_PAGES / xen_scrub_pages; fact linux-balloon-scrub).
 */
export const balloonAction = z.strictObject({
  type: z.literal('mem.balloon'),
  domain: entityId,
  frames: frameCount,
  guestScrubs: z.boolean().default(true),
});

/** A guest asks Xen for more frames (balloon up / populate_physmap). */
export const allocateAction = z.strictObject({
  type: z.literal('mem.allocate'),
  domain: entityId,
  frames: frameCount,
});

/** Residue probe: a guest reads frames it was given and records whether it saw zeros or someone's data. */
export const probeAction = z.strictObject({
  type: z.literal('mem.probe'),
  domain: entityId,
  frames: frameCount.default(64),
  offset: guestFrame,
});

/** A guest grants another domain access to one of its frames (a Xen grant-table entry). */
export const grantAction = z.strictObject({
  type: z.literal('mem.grant'),
  domain: entityId,
  to: entityId,
  gfn: z.int().min(0).max(2 ** 31),
});

/** The grantee (a backend, e.g. blkback in dom0) maps the frame that `from` granted it at `gfn` (GNTTABOP_map_grant_ref). */
export const grantMapAction = z.strictObject({
  type: z.literal('mem.grantMap'),
  domain: entityId.describe('The grantee: the domain that maps the grant'),
  from: entityId.describe('The granting domain (the frontend)'),
  gfn: z.int().min(0).max(2 ** 31),
});

/** The grantee unmaps a granted frame (GNTTABOP_unmap_grant_ref). */
export const grantUnmapAction = z.strictObject({
  type: z.literal('mem.grantUnmap'),
  domain: entityId,
  from: entityId,
  gfn: z.int().min(0).max(2 ** 31),
});

/** The granting domain ends the grant (gnttab_end_foreign_access): the grantee may no longer map the frame. */
export const grantRevokeAction = z.strictObject({
  type: z.literal('mem.grantRevoke'),
  domain: entityId.describe('The granting domain'),
  to: entityId,
  gfn: z.int().min(0).max(2 ** 31),
});

/** Xen's `scrub-domheap` switch for one host (off by default; fact xen-scrub-domheap). */
export const scrubDomheapAction = z.strictObject({
  type: z.literal('mem.scrubDomheap'),
  host: entityId,
  on: z.boolean().default(true),
});

export const MEMORY_ACTIONS = [writeAction, balloonAction, allocateAction, probeAction, grantAction, grantMapAction, grantUnmapAction, grantRevokeAction, scrubDomheapAction] as const;

export type WriteAction = z.output<typeof writeAction>;
export type BalloonAction = z.output<typeof balloonAction>;
export type AllocateAction = z.output<typeof allocateAction>;
export type ProbeAction = z.output<typeof probeAction>;
export type GrantAction = z.output<typeof grantAction>;
export type ScrubDomheapAction = z.output<typeof scrubDomheapAction>;
export type GrantMapAction = z.output<typeof grantMapAction>;
export type GrantUnmapAction = z.output<typeof grantUnmapAction>;
export type GrantRevokeAction = z.output<typeof grantRevokeAction>;
