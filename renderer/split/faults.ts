import type { Lesson } from '../../src/lessons/schema';
import { FAULTS } from '../../src/model/registry';

export interface FaultOption {
  name: string;
  description: string;
}

/** Every fault the simulator modules define, for the split screen's picker. */
export function faultOptions(): FaultOption[] {
  return FAULTS.map((f) => ({ name: f.name, description: f.description }));
}

/** Faults a lesson declares: switched on from the start, or by a `fault.set` action. */
function declaredFaults(lesson: Lesson): string[] {
  const declared = [...lesson.faults];
  for (const step of lesson.steps) {
    for (const { action } of step.actions) {
      const fault = action.type === 'fault.set' ? (action as { fault?: unknown }).fault : undefined;
      if (typeof fault === 'string') declared.push(fault);
    }
  }
  return declared;
}

/** The protection each view shows, most telling first. */
const BY_VIEW: Record<string, readonly string[]> = {
  memory: ['no-scrub', 'early-release'],
  storage: ['no-ebs-wipe'],
  fleet: ['ignore-tenancy'],
  access: ['dom0-foreign-map', 'grant-misuse'],
  network: ['sg-bypass-same-host', 'no-antispoof', 'promiscuous-delivery'],
  rings: ['xen-mmu-validation-off'],
};

/**
 * The faults that matter for a lesson, most relevant first: those it declares, then those of the
 * views its steps focus on, then those its world implies (guests that stop free memory that must
 * be scrubbed; PV guests rely on Xen's page-table checks; HVM guests on their EPT). The first one
 * is the lesson's main fault, the comparison's default.
 */
export function relevantFaults(lesson: Lesson | null): string[] {
  const known = new Set(FAULTS.map((f) => f.name));
  if (!lesson) return [];
  const world = lesson.world;
  const guests = world.hosts.flatMap((h) => h.guests);
  const views = lesson.steps.flatMap((s) => (s.focus ? [s.focus.view] : []));
  const sections = Object.keys(world).filter((k) => k !== 'tenants' && k !== 'hosts');
  const ordered = [
    ...declaredFaults(lesson),
    ...views.flatMap((v) => BY_VIEW[v] ?? []),
    ...sections.flatMap((s) => BY_VIEW[s] ?? []),
    ...(guests.length > 0 ? ['no-scrub', 'early-release'] : []),
    ...(guests.some((g) => g.mode === 'pv64' || g.mode === 'pv32') ? ['xen-mmu-validation-off'] : []),
    ...(guests.some((g) => g.mode !== 'pv64' && g.mode !== 'pv32') ? ['ept-maps-foreign-frame'] : []),
  ];
  return [...new Set(ordered)].filter((name) => known.has(name));
}

/** The comparison's default: the lesson's main fault, else the first known fault. */
export function suggestFault(lesson: Lesson | null): string {
  return relevantFaults(lesson)[0] ?? FAULTS[0]?.name ?? '';
}

/**
 * The lesson the right-hand side runs: the same lesson with `fault` flipped. A lesson that already
 * switches the fault on from time zero is compared with it off, so the two sides always differ
 * in exactly one protection.
 */
export function withFaultFlipped(lesson: Lesson, fault: string): { lesson: Lesson; faultOn: boolean } {
  const on = lesson.faults.includes(fault);
  const faults = on ? lesson.faults.filter((f) => f !== fault) : [...lesson.faults, fault];
  return { lesson: { ...lesson, faults }, faultOn: !on };
}
