import { describe, expect, it } from 'vitest';
import { builtinLessons, findLesson } from '../../src/lessons';
import { validateLesson } from '../../src/lessons/load';
import { faultOptions, relevantFaults, suggestFault, withFaultFlipped } from './faults';

describe('split-screen faults', () => {
  it('lists every registered fault with its description', () => {
    const options = faultOptions();
    expect(options.map((o) => o.name)).toContain('no-scrub');
    expect(options.every((o) => o.description.length > 0)).toBe(true);
  });

  it('suggests a fault that fits the lesson, and only known faults', () => {
    expect(suggestFault(findLesson('memory-scrubbing') ?? null)).toBe('no-scrub');
    const names = faultOptions().map((o) => o.name);
    for (const lesson of builtinLessons()) expect(names).toContain(suggestFault(lesson));
    expect(names).toContain(suggestFault(null));
  });

  it('flips the fault so the variant still validates and differs in exactly that fault', () => {
    const lesson = findLesson('memory-scrubbing');
    if (!lesson) throw new Error('missing lesson');
    const on = withFaultFlipped(lesson, 'no-scrub');
    expect(on.faultOn).toBe(true);
    expect(on.lesson.faults).toEqual([...lesson.faults, 'no-scrub']);
    expect(validateLesson(on.lesson, 'variant').ok).toBe(true);
    const off = withFaultFlipped(on.lesson, 'no-scrub');
    expect(off.faultOn).toBe(false);
    expect(off.lesson.faults).toEqual(lesson.faults);
  });
});

describe('faults that matter for a lesson', () => {
  it("puts the lesson's main fault first and keeps only known faults", () => {
    expect(relevantFaults(findLesson('memory-scrubbing') ?? null)[0]).toBe('no-scrub');
    expect(relevantFaults(findLesson('ebs-zeroing') ?? null)[0]).toBe('no-ebs-wipe');
    expect(relevantFaults(findLesson('dedicated-instance-vs-host') ?? null)[0]).toBe('ignore-tenancy');
    // hello-host tears a guest down: its memory must be scrubbed (the "No differences" with the EPT fault).
    expect(suggestFault(findLesson('hello-host') ?? null)).toBe('no-scrub');
    const names = new Set(faultOptions().map((o) => o.name));
    for (const lesson of builtinLessons()) for (const f of relevantFaults(lesson)) expect(names.has(f)).toBe(true);
    expect(relevantFaults(null)).toEqual([]);
  });
});
