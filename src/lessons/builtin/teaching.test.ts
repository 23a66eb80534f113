import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../host/simulation';
import { entityExists } from '../checkpoint';
import { toNanos } from '../primitives';
import { findLesson } from '../index';

/** The Xen, CPU, memory and access lessons: presenter notes, real focus ids, and an ending that shows the outcome. */
const IDS = ['hello-host', 'rings-pv-vs-hvm', 'io-split-drivers', 'xen-to-nitro', 'who-can-touch-what', 'memory-scrubbing', 'scrubbing-at-scale', 'tour'] as const;

describe.each(IDS)('lesson %s', (id) => {
  const lesson = findLesson(id)!;

  it('gives every step presenter notes with a question for the room', () => {
    for (const step of lesson.steps) {
      expect(step.notes, step.title).toBeDefined();
      expect(step.notes!.length, step.title).toBeGreaterThan(40);
    }
  });

  it('focuses only on entities that exist when the step starts (or just existed)', () => {
    const engine = createSimulation(lesson);
    for (const step of lesson.steps) {
      engine.runUntil(toNanos(step.at) + 1);
      for (const entity of step.focus?.entities ?? []) expect(entityExists(engine.state, entity), `${step.title}: ${entity}`).toBe(true);
    }
  });
});

describe('endings show the outcome', () => {
  it('hello-host ends after tenant A\'s guest is destroyed, not while it is tearing down', () => {
    const lesson = findLesson('hello-host')!;
    const last = lesson.steps.at(-1)!;
    const engine = createSimulation(lesson);
    engine.runUntil(toNanos(last.at));
    expect(engine.state.world.domains['web-a']?.status).toBe('destroyed');
    expect(last.actions).toEqual([]);
    expect(engine.state.violations).toEqual([]);
  });

  it('memory-scrubbing says dom0 was not scrubbed at boot and reconciles dirty free frames with AWS\'s promise', () => {
    const steps = findLesson('memory-scrubbing')!.steps;
    const all = steps.map((s) => s.narration).join('\n');
    expect(all).not.toMatch(/dom0's frames[^.]*were scrubbed/i);
    expect(steps[0]?.narration).toContain('fact:xen-dom0-not-scrubbed');
    const terminated = steps.find((s) => s.narration.includes('fact:aws-xen-memory-scrub'));
    expect(terminated?.narration).toContain('fact:xen-dirty-free-lists');
  });

  it('who-can-touch-what shows dom0 can map guest memory on Xen and has no path on Nitro', () => {
    const lesson = findLesson('who-can-touch-what')!;
    const clean = createSimulation(lesson);
    clean.runUntil(Number.MAX_SAFE_INTEGER);
    const maps = clean.state.world.access.foreignMaps.map((m) => `${m.guestId} ${m.purpose} ${m.outcome}`);
    expect(maps).toEqual(['web-a device-model mapped', 'db-b operator refused', 'app-a operator refused']);
    expect(clean.state.world.access.audit.filter((a) => a.action.startsWith('dom0.foreignMap')).map((a) => a.control)).toEqual(['hypervisor', 'policy', 'no-path']);
    expect(clean.state.violations).toEqual([]);
    const abused = createSimulation(lesson, { faults: ['dom0-foreign-map'] });
    abused.runUntil(Number.MAX_SAFE_INTEGER);
    expect(abused.state.violations.map((v) => v.invariant)).toEqual(['access.operator-mapped-guest-memory']);
    expect(abused.state.world.access.foreignMaps.find((m) => m.guestId === 'app-a')?.outcome).toBe('refused');
  });

  it('io-split-drivers: a revoked grant is refused, and with grant-misuse the auditor reports its use', () => {
    const lesson = findLesson('io-split-drivers')!;
    const clean = createSimulation(lesson);
    clean.runUntil(Number.MAX_SAFE_INTEGER);
    expect(clean.state.violations).toEqual([]);
    expect(Object.values(clean.state.world.memory.grants).map((g) => [g.mapped, g.revokedAt !== null])).toEqual([[false, true]]);
    const misused = createSimulation(lesson, { faults: ['grant-misuse'] });
    misused.runUntil(Number.MAX_SAFE_INTEGER);
    expect(misused.state.violations.map((v) => v.invariant)).toEqual(['memory.grant-used-after-revoke']);
  });
});
