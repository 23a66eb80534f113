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

/** An action of a {@link cpuWorld} lesson and when it happens (`2s`, `1160ms`; default: its step's time). */
export interface TimedAction {
  at?: string;
  action: { type: string } & Record<string, unknown>;
}

type Guest = Record<string, unknown> & { tenant: string };

/**
 * A two-host lesson for cpu tests: Xen host `x` and Nitro host `n` (2 GHz, 4 GiB each) with the
 * given guests, tenants `a` and `b` as the guests use them, and one step at `stepAt` with the actions.
 */
export function cpuWorld(world: { xen: Guest[]; nitro: Guest[]; actions: TimedAction[]; stepAt?: string; faults?: string[]; cpu?: unknown; id?: string }): Engine<SimState> {
  const used = new Set([...world.xen, ...world.nitro].map((g) => g.tenant));
  return createSimulation(
    lessonSchema.parse({
      id: world.id ?? 'cpu-world',
      title: 'cpu world',
      summary: 'cpu world',
      timeScale: '1s',
      faults: world.faults ?? [],
      world: {
        tenants: ['a', 'b'].filter((id) => used.has(id)).map((id) => ({ id })),
        ...(world.cpu ? { cpu: world.cpu } : {}),
        hosts: [
          { id: 'x', clockGHz: 2, memoryMiB: 4096, guests: world.xen },
          { id: 'n', hypervisor: 'nitro', clockGHz: 2, memoryMiB: 4096, guests: world.nitro },
        ],
      },
      steps: [{ at: world.stepAt ?? '0s', narration: '-', actions: world.actions }],
    }),
  );
}

/**
 * A small world at nanosecond scale: Xen host `x` (pv64 guest `pv`, HVM guest `hvm`, both running
 * from time zero, plus whatever `extraXen` adds) and Nitro host `n` (guests `na`, `nb`, `nc`,
 * 2 vCPUs each, running from time zero, created in that order).
 */
export function smallWorld(actions: TimedAction[], options: { faults?: string[]; extraXen?: Guest[] } = {}): Engine<SimState> {
  return cpuWorld({
    id: 'cpu-small',
    xen: [
      { id: 'pv', tenant: 'a', mode: 'pv64', vcpus: 1, memoryMiB: 256, booted: true },
      { id: 'hvm', tenant: 'b', mode: 'hvm', vcpus: 1, memoryMiB: 256, booted: true },
      ...(options.extraXen ?? []),
    ],
    nitro: ['na', 'nb', 'nc'].map((id) => ({ id, tenant: 'a', memoryMiB: 256, booted: true })),
    actions,
    faults: options.faults,
  });
}

/** Runs one event at a time up to `until` (inclusive), returning each event's kind in run order. */
export function eventsUntil(engine: Engine<SimState>, until: number): string[] {
  const kinds: string[] = [];
  for (let next = engine.peek(); next && next.at <= until; next = engine.peek()) {
    kinds.push(next.kind);
    engine.step(1);
  }
  return kinds;
}
