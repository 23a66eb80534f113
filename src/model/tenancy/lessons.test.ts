import { describe, expect, it } from 'vitest';
import { createSimulation, lessonEndTime } from '../../host/simulation';
import { findLesson } from '../../lessons';
import { getInstance } from './store';

const LESSONS = ['dedicated-instance-vs-host', 'licensing-on-dedicated-hosts'];

describe('tenancy lessons', () => {
  for (const id of LESSONS) {
    it(`${id} runs headless with zero violations, and with ignore-tenancy produces some`, () => {
      const lesson = findLesson(id);
      expect(lesson).toBeDefined();
      if (!lesson) return;
      expect(lesson.steps.some((s) => s.checkpoint)).toBe(true);
      expect(lesson.steps.every((s) => s.focus?.view === 'fleet')).toBe(true);
      const clean = createSimulation(lesson);
      clean.runUntil(lessonEndTime(lesson) + 1);
      expect(clean.state.violations).toEqual([]);
      const broken = createSimulation(lesson, { faults: ['ignore-tenancy'] });
      broken.runUntil(lessonEndTime(lesson) + 1);
      expect(broken.state.violations.length).toBeGreaterThan(0);
    });
  }

  it('dedicated-instance-vs-host shows recovery with the same instance IDs and addresses, and the c5.2xlarge cap', () => {
    const lesson = findLesson('dedicated-instance-vs-host');
    if (!lesson) throw new Error('missing lesson');
    const e = createSimulation(lesson);
    e.runUntil(lessonEndTime(lesson) + 1);
    const fleet = e.state.world.fleet;
    const db = getInstance(fleet, 'db-alice');
    expect(db?.state).toBe('running');
    expect(db?.host).not.toBe('h-alice-m5');
    expect(db?.placement?.reason).toBe('host recovery');
    expect(getInstance(fleet, 'c5-8')?.state).toBe('running');
    expect(getInstance(fleet, 'c5-9')?.state).toBe('terminated');
    const diBob = getInstance(fleet, 'di-bob');
    expect(diBob?.history.some((p) => p.reason === 'instance recovery')).toBe(true);
    // Later switched dedicated → host while stopped, and started on the host Alice shares with Bob.
    expect(diBob?.tenancy).toBe('host');
    expect(diBob?.host).toBe(getInstance(fleet, 'db-alice')?.host);
    // The current rule: a stopped default-tenancy instance may become a Dedicated Instance (the
    // 2016–2023 rule refused it); a SQL Server license-included instance may not move to a host.
    const web = getInstance(fleet, 'web-alice');
    expect(web?.tenancy).toBe('dedicated');
    expect(web?.state).toBe('running');
    expect(getInstance(fleet, 'erp-alice')?.tenancy).toBe('default');
  });

  it('dedicated-instance-vs-host grades "default → dedicated" by the current rule, and dates the old one', () => {
    const lesson = findLesson('dedicated-instance-vs-host');
    if (!lesson) throw new Error('missing lesson');
    const step = lesson.steps.find((s) => s.checkpoint?.question.includes('tenancy change'));
    const checkpoint = step?.checkpoint;
    if (!checkpoint?.choices || typeof checkpoint.answer !== 'number') throw new Error('missing tenancy checkpoint');
    expect(checkpoint.choices[checkpoint.answer]).toMatch(/default, dedicated and host/);
    const oldRule = checkpoint.choices.findIndex((c) => /never to or from default/.test(c));
    expect(oldRule).not.toBe(checkpoint.answer);
    expect(step?.narration).toMatch(/until about 2023/);
  });

  it('is deterministic: same lesson and seed give the same hash, also after stepping back and forth', () => {
    const lesson = findLesson('dedicated-instance-vs-host');
    if (!lesson) throw new Error('missing lesson');
    const a = createSimulation(lesson);
    const b = createSimulation(lesson);
    a.runUntil(lessonEndTime(lesson) + 1);
    b.runUntil(lessonEndTime(lesson) + 1);
    expect(a.hash()).toBe(b.hash());
    const end = a.eventIndex;
    const hash = a.hash();
    a.seekEvent(Math.floor(end / 2));
    expect(a.hash()).not.toBe(hash);
    a.seekEvent(end);
    expect(a.hash()).toBe(hash);
  });
});
