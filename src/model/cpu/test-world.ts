/** Test helpers: a host with one guest of every Xen mode plus a Nitro host, and a trace-collecting run. */
import type { Engine, TraceRecord } from '../../engine';
import { createSimulation } from '../../host/simulation';
import { lessonSchema, type LessonInput } from '../../lessons/schema';
import type { SimState } from '../state';
import type { VirtMode } from '../hypervisor/types';

export const XEN_MODES: readonly VirtMode[] = ['pv32', 'pv64', 'hvm', 'pvhvm', 'pvh'];
/** Guests are running (booted) by this time. */
export const BOOTED = 3_000_000_000;

export function testWorld(actions: Array<{ type: string } & Record<string, unknown>> = [], faults: string[] = []): Engine<SimState> {
  const input: LessonInput = {
    id: 'cpu-test',
    title: 'cpu test',
    summary: 'cpu test',
    timeScale: '1us',
    faults,
    world: {
      tenants: [{ id: 'a' }, { id: 'b' }],
      hosts: [
        { id: 'x', clockGHz: 2, guests: XEN_MODES.map((mode) => ({ id: mode, tenant: 'a', mode, vcpus: 2, memoryMiB: 2048 })) },
        { id: 'n', hypervisor: 'nitro', clockGHz: 2, guests: [{ id: 'nitro', tenant: 'b', memoryMiB: 1024 }, { id: 'nitro2', tenant: 'a' }] },
      ],
    },
    steps: [{ at: '3s', narration: 'actions', actions: actions.map((action) => ({ action })) }],
  };
  return createSimulation(lessonSchema.parse(input));
}

/** Runs to the end, collecting every trace record. */
export function runAll(engine: Engine<SimState>): TraceRecord[] {
  const trace: TraceRecord[] = [];
  engine.runUntil(Number.MAX_SAFE_INTEGER, { onFrame: (f) => trace.push(...f.trace) });
  return trace;
}
