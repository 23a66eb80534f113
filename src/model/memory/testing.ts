import type { TraceRecord } from '../../engine';
import { SECOND } from '../../engine/time';
import { createSimulation } from '../../host';
import { lessonSchema, type Lesson } from '../../lessons/schema';

/** Builds small lessons for memory tests and benchmarks (not a built-in lesson). */
export interface TestHost {
  id?: string;
  xenVersion?: string;
  memoryMiB?: number;
  sockets?: number;
  guests?: Array<{ id: string; tenant: string; memoryMiB: number; bootAt?: string; mode?: string }>;
}

export interface TestStep {
  at: string;
  action: { type: string } & Record<string, unknown>;
}

export function memoryTestLesson(options: { hosts?: TestHost[]; memory?: Record<string, unknown>; steps?: TestStep[]; tenants?: string[] } = {}): Lesson {
  const hosts = (options.hosts ?? [{}]).map((h, i) => ({
    id: h.id ?? `h${i + 1}`,
    hypervisor: 'xen',
    xenVersion: h.xenVersion ?? '4.17',
    sockets: h.sockets ?? 2,
    coresPerSocket: 4,
    memoryMiB: h.memoryMiB ?? 16384,
    guests: h.guests ?? [],
  }));
  return lessonSchema.parse({
    id: 'memory-test',
    title: 'memory test',
    summary: 'memory test',
    timeScale: '1s',
    world: { tenants: (options.tenants ?? ['alice', 'bob', 'carol']).map((id) => ({ id })), hosts, memory: options.memory ?? {} },
    steps: (options.steps ?? []).map((s) => ({ at: s.at, narration: '-', actions: [{ action: s.action }] })),
  });
}

/** Three tenants' guests on h1 (carol's `c`, alice's `a`, bob's `b`, 1 GiB each); at 2 s alice's `a` grants its gfn 0 to `c`. */
export function grantedFrameLesson(): Lesson {
  return memoryTestLesson({
    memory: { bootscrub: 'on' },
    steps: [
      { at: '1s', action: { type: 'guest.launch', host: 'h1', guest: { id: 'c', tenant: 'carol', memoryMiB: 1024 } } },
      { at: '1s', action: { type: 'guest.launch', host: 'h1', guest: { id: 'a', tenant: 'alice', memoryMiB: 1024 } } },
      { at: '1s', action: { type: 'guest.launch', host: 'h1', guest: { id: 'b', tenant: 'bob', memoryMiB: 1024 } } },
      { at: '2s', action: { type: 'mem.grant', domain: 'a', to: 'c', gfn: 0 } },
    ],
  });
}

export interface MemoryHostRunOptions {
  faults?: string[];
  /** Run to this time first (default 20 s). */
  until?: number;
  memory?: Record<string, unknown>;
  memoryMiB?: number;
  xenVersion?: string;
}

/** Runs a one-host memory lesson (host h1, boot scrub on) and keeps its trace; `step` runs further. */
export function runMemoryHost(steps: TestStep[], options: MemoryHostRunOptions = {}) {
  const lesson = memoryTestLesson({ memory: { bootscrub: 'on', ...options.memory }, hosts: [{ memoryMiB: options.memoryMiB ?? 4096, xenVersion: options.xenVersion ?? '4.17' }], steps });
  const e = createSimulation(lesson, { faults: options.faults ?? [] });
  const trace: TraceRecord[] = [];
  const step = (until: number): number => e.runUntil(until, { onFrame: (f) => trace.push(...f.trace) });
  step(options.until ?? 20 * SECOND);
  const host = () => {
    const h = e.state.world.memory.hosts['h1'];
    if (!h) throw new Error('no host');
    return h;
  };
  return { e, trace, texts: () => trace.map((t) => t.text), host, step };
}
