import { directHook, type DirectModelAfterEventHook } from '../model/events';
import { READS_KEPT } from '../model/storage/io';
import { BlockState } from '../model/storage/types';
import { reportViolation } from './violations';

/**
 * Storage isolation invariants (domain-facts §3.1, §3.3), checked after every event but only for
 * what the event touched (`storage.read` serials, `storage.alloc` records): cost per event does
 * not grow with volume or node size. Direct path: they read the frozen state and report through
 * `ctx.mut`, so an event without reads or allocations costs two map lookups.
 */

export const READ_FOREIGN_PLAINTEXT = 'ebs-read-foreign-plaintext';
export const REUSE_BEFORE_WIPE = 'ebs-reuse-before-wipe';

/** A read never returns another tenant's plaintext (zeros and ciphertext are fine). */
export const noForeignPlaintext = directHook((state, touched, ctx) => {
  const serials = touched.get('storage.read');
  if (!serials) return;
  for (const serial of serials) {
    // Reads live in a ring: the slot is known, so no scan (and no other record is read).
    const record = state.world.storage.reads[Number(serial) % READS_KEPT];
    if (!record || record.serial !== serial) continue;
    const leaked = record.blocks.filter((b) => b.content.kind === 'plain' && b.content.tenant !== record.tenant);
    if (leaked.length === 0) continue;
    const owners = [...new Set(leaked.map((b) => (b.content.kind === 'plain' ? b.content.tenant : '')))];
    const first = leaked[0];
    const label = first && first.content.kind === 'plain' ? first.content.label : '';
    const node = state.world.storage.volumes[record.volume]?.nodeId ?? '?';
    reportViolation(ctx, {
      invariant: READ_FOREIGN_PLAINTEXT,
      entities: { tenants: [record.tenant, ...owners], volumes: [record.volume], blocks: leaked.map((b) => `${node}:${b.physical}`), domains: [record.domain] },
      explanation: `${record.domain} (tenant ${record.tenant}) read ${leaked.length} block(s) of ${record.volume} holding tenant ${owners.join(', ')}'s plaintext ("${label}"): the physical blocks were reused without a wipe`,
    });
  }
}, ['storage.read']);

/** A released (dirty) block is never handed to a new volume unless it is wiped in that same step. */
export const noReuseBeforeWipe = directHook((state, touched, ctx) => {
  const allocations = touched.get('storage.alloc');
  if (!allocations) return;
  const wipes = touched.get('storage.wipe');
  // One violation per volume and event, listing its blocks (a 4,096-block write is one mistake).
  const unwiped = new Map<string, { node: string; blocks: string[] }>();
  for (const record of allocations) {
    const [node = '?', index = '?', volume = '?', previous] = String(record).split('|');
    if (Number(previous) !== BlockState.DIRTY || wipes?.has(`${node}|${index}`)) continue;
    const entry = unwiped.get(volume) ?? { node, blocks: [] };
    entry.blocks.push(`${node}:${index}`);
    unwiped.set(volume, entry);
  }
  for (const [volume, { node, blocks }] of unwiped) {
    const owner = state.world.storage.volumes[volume]?.tenant ?? '?';
    reportViolation(ctx, {
      invariant: REUSE_BEFORE_WIPE,
      entities: { blocks, volumes: [volume], tenants: [owner] },
      explanation: `${blocks.length} physical block(s) on ${node} were released dirty and handed to ${volume} (tenant ${owner}) without a wipe; EBS wipes released blocks before any reuse`,
    });
  }
}, ['storage.alloc']);

export const storageInvariants: readonly DirectModelAfterEventHook[] = [noForeignPlaintext, noReuseBeforeWipe];
