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

/**
 * The fault most likely to show something in this lesson: one the lesson itself switches with a
 * `fault.set` action, else one matching the world sections it uses, else the first known fault.
 */
export function suggestFault(lesson: Lesson | null): string {
  const names = FAULTS.map((f) => f.name);
  const fallback = names[0] ?? '';
  if (!lesson) return fallback;
  for (const step of lesson.steps) {
    for (const { action } of step.actions) {
      const fault = action.type === 'fault.set' ? (action as { fault?: unknown }).fault : undefined;
      if (typeof fault === 'string' && names.includes(fault)) return fault;
    }
  }
  const world = lesson.world;
  const byWorld: Array<[boolean, string]> = [
    [world.memory !== undefined, 'no-scrub'],
    [world.storage !== undefined, 'no-ebs-wipe'],
    [world.fleet !== undefined, 'ignore-tenancy'],
    [world.hosts.some((h) => h.guests.some((g) => g.mode === 'pv64' || g.mode === 'pv32')), 'xen-mmu-validation-off'],
    [world.hosts.length > 0, 'ept-maps-foreign-frame'],
  ];
  return byWorld.find(([applies, name]) => applies && names.includes(name))?.[1] ?? fallback;
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
