import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/host/simulation';
import { findLesson } from '../../src/lessons';
import type { SimState } from '../../src/model/state';
import { diffStates } from './diff';

function stateAt(lessonId: string, time: number, faults: string[] = []): SimState {
  const lesson = findLesson(lessonId);
  if (!lesson) throw new Error(`no lesson ${lessonId}`);
  const engine = createSimulation(lesson, { faults });
  engine.runUntil(time);
  return engine.state;
}

describe('diffStates', () => {
  it('finds nothing between two runs of the same lesson and seed', () => {
    const diff = diffStates(stateAt('memory-scrubbing', 8e9), stateAt('memory-scrubbing', 8e9));
    expect(diff).toEqual({ differences: [], total: 0, truncated: false, entities: [] });
  });

  it('with no-scrub on, lists the violations first and names the leaking frames as the memory view does', () => {
    const diff = diffStates(stateAt('memory-scrubbing', 8e9), stateAt('memory-scrubbing', 8e9, ['no-scrub']));
    expect(diff.total).toBeGreaterThan(1);
    expect(diff.differences[0]).toMatchObject({ path: '$.violations', left: 'none' });
    expect(diff.differences[0]?.right).toContain('memory.residue-handed-over');
    const residue = diff.differences.filter((d) => /frames? [\d–]+ residue$/.test(d.label));
    expect(residue.length).toBeGreaterThan(0);
    expect(residue[0]?.entity).toMatch(/^host-1:\d+$/);
    expect(diff.entities.length).toBeGreaterThan(0);
  });

  it('names the entity of a differing record field (a domain torn down in one run only)', () => {
    const diff = diffStates(stateAt('hello-host', 5e9), stateAt('hello-host', 7e9));
    const status = diff.differences.find((d) => d.path === '$.world.domains["web-a"].status');
    expect(status).toMatchObject({ entity: 'web-a', left: 'running' });
    expect(status?.right).not.toBe('running');
    expect(diff.entities).toContain('web-a');
  });

  it('stops at its budget and at its listing limit instead of walking everything', () => {
    const a = stateAt('memory-scrubbing', 8e9);
    const b = stateAt('memory-scrubbing', 8e9, ['no-scrub']);
    const small = diffStates(a, b, { budget: 50 });
    expect(small.truncated).toBe(true);
    const few = diffStates(a, b, { limit: 1 });
    expect(few.differences.length).toBe(1);
    expect(few.total).toBeGreaterThan(1);
  });
});
