import type { Engine } from '../../engine';
import { SECOND } from '../../engine/time';
import { createSimulation } from '../../host/simulation';
import { lessonSchema, type LessonInput } from '../../lessons/schema';
import type { SimState } from '../state';

/**
 * Test and benchmark helper: a small world (one Xen host, one Nitro host, one guest per tenant
 * on each, storage nodes) built through the real lesson schema and simulation host.
 */
export type ActionInput = { type: string } & Record<string, unknown>;

export interface StorageWorldOptions {
  tenants?: readonly string[];
  nodeBlocks?: number;
  historical?: boolean;
  faults?: readonly string[];
  withoutAuditor?: boolean;
  /** Actions, each with its simulated time in seconds. */
  actions?: ReadonlyArray<{ at: number; action: ActionInput }>;
  keys?: ReadonlyArray<{ id: string; region: string; tenant: string }>;
}

/** Guest ids: `x-<tenant>` on the Xen host, `n-<tenant>` on the Nitro host; running from 1 s. */
export function guestOf(tenant: string, hypervisor: 'xen' | 'nitro' = 'nitro'): string {
  return `${hypervisor === 'xen' ? 'x' : 'n'}-${tenant}`;
}

export function storageSimulation(options: StorageWorldOptions = {}): Engine<SimState> {
  const tenants = options.tenants ?? ['alice', 'bob'];
  const guests = (prefix: string) => tenants.map((t) => ({ id: `${prefix}-${t}`, tenant: t, memoryMiB: 64 }));
  const input: LessonInput = {
    id: 'storage-test',
    title: 'storage test world',
    summary: 'generated',
    timeScale: '1s',
    world: {
      tenants: tenants.map((id) => ({ id })),
      hosts: [
        { id: 'xen-1', hypervisor: 'xen', guests: guests('x') },
        { id: 'nitro-1', hypervisor: 'nitro', guests: guests('n') },
      ],
      storage: {
        nodes: [
          { id: 'node-1', region: 'us-east-1', blocks: options.nodeBlocks ?? 256 },
          { id: 'node-eu', region: 'eu-west-1', blocks: 64 },
        ],
        keys: [...(options.keys ?? [])],
        historicalWipeOnFirstTouch: options.historical ?? false,
      },
    },
    steps: [
      {
        at: '0s',
        narration: 'generated',
        actions: (options.actions ?? []).map(({ at, action }) => ({ at: `${Math.round(at * SECOND)}ns`, action })),
      },
    ],
  } as LessonInput;
  const lesson = lessonSchema.parse(input);
  return createSimulation(lesson, { faults: options.faults ?? [], withoutAuditor: options.withoutAuditor ?? false });
}
