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
