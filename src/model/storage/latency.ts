import { MS, US } from '../../engine/time';
import type { IoCause, IoPath } from './types';

/**
 * I/O latencies. ALL ILLUSTRATIVE: AWS publishes no per-hop figures. They only keep the
 * documented shapes: a restored volume's first touch of a block is much slower (pulled from the
 * object store, domain-facts §3.2); Xen I/O crosses dom0's blkback (§1.3) while Nitro hands it to
 * the Nitro Card for EBS (§6); the pre-2016 first-touch wipe cost 5–50 % of IOPS (§3.1).
 * Kept here, self-contained, so the storage model does not depend on the CPU-side I/O path.
 */
export const EBS_SERVICE_NS = 400 * US;
/** Xen: blkfront → shared ring + event channel → dom0 blkback → network to EBS. */
export const XEN_BLKBACK_HOP_NS = 60 * US;
/** Nitro: NVMe submission straight to the Nitro Card for EBS over PCIe. */
export const NITRO_CARD_HOP_NS = 15 * US;
/** Xen-era EBS encryption runs on the host CPU (§3.3); on Nitro the EBS card does it in line. */
export const XEN_ENCRYPTION_NS = 20 * US;
export const NITRO_ENCRYPTION_NS = 0;
/** First touch of a lazily restored block: fetched from the object store before the I/O completes. */
export const LAZY_FETCH_NS = 12 * MS;
/** History: pre-2016 first-touch wipe lost 5–50 % of IOPS; modelled as 1/(1-loss) latency. */
export const HISTORICAL_IOPS_LOSS_MIN = 0.05;
export const HISTORICAL_IOPS_LOSS_MAX = 0.5;

/** Block size in the object store's terms (EBS snapshots use 512 KiB blocks). Illustrative. */
export const BLOCK_KIB = 512;

/** Initialization by reading every block: blocks fetched per tick, tick length. Illustrative. */
export const DD_BLOCKS_PER_TICK = 1; // one outstanding 1 MiB-ish read at a time
export const FIO_BLOCKS_PER_TICK = 32; // --iodepth=32: many reads in flight
export const INIT_TICK_NS = LAZY_FETCH_NS;

/** Blocks per tick for a provisioned initialization rate (100–300 MiB/s, §3.2), ticking every 10 ms. */
export const PROVISIONED_TICK_NS = 10 * MS;
export function provisionedBlocksPerTick(rateMiBps: number): number {
  return Math.max(1, Math.round((rateMiBps * 1024 * (PROVISIONED_TICK_NS / (1000 * MS))) / BLOCK_KIB));
}

/** Background wiper: blocks erased per tick (illustrative). */
export const WIPE_BLOCKS_PER_TICK = 64;
export const WIPE_TICK_NS = 1 * MS;

export interface LatencyInput {
  path: IoPath;
  encrypted: boolean;
  cause: IoCause;
  /** For `first-touch-wipe`: IOPS loss fraction drawn in [0.05, 0.5]. */
  iopsLoss?: number;
}

export function ioLatency({ path, encrypted, cause, iopsLoss = 0 }: LatencyInput): number {
  const hop = path === 'xen-blkback' ? XEN_BLKBACK_HOP_NS : NITRO_CARD_HOP_NS;
  const crypto = encrypted ? (path === 'xen-blkback' ? XEN_ENCRYPTION_NS : NITRO_ENCRYPTION_NS) : 0;
  let latency = EBS_SERVICE_NS + hop + crypto;
  if (cause === 'lazy-fetch') latency += LAZY_FETCH_NS;
  if (cause === 'first-touch-wipe') latency = Math.round(latency / (1 - Math.min(0.9, Math.max(0, iopsLoss))));
  return latency;
}
