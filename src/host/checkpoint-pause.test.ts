import { describe, expect, it } from 'vitest';
import { toNanos } from '../lessons/primitives';
import { findLesson } from '../lessons';
import type { HostStatus, Reply } from '../protocol/replies';
import { SimHost, type HostClock } from './sim-host';

/** A manual clock: timers fire only when the test advances time. */
function setup() {
  let now = 0;
  const timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let nextId = 1;
  const clock: HostClock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      timers.push({ at: now + ms, fn, id: nextId });
      return nextId++;
    },
    clearTimeout: (id) => {
      const i = timers.findIndex((t) => t.id === id);
      if (i >= 0) timers.splice(i, 1);
    },
  };
  const advance = (ms: number): void => {
    const end = now + ms;
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const next = timers[0];
      if (!next || next.at > end) break;
      timers.shift();
      now = next.at;
      next.fn();
    }
    now = end;
  };
  const replies: Reply[] = [];
  const host = new SimHost((r) => replies.push(r), { clock });
  return { host, advance, status: (): HostStatus => host.status() };
}

describe('play stops at checkpoint questions', () => {
  const tour = findLesson('tour');
  if (!tour) throw new Error('tour lesson missing');
  const questions = tour.steps.flatMap((s, i) => (s.checkpoint ? [{ index: i, at: toNanos(s.at) }] : []));

  it('stops exactly at each question step and continues when play is pressed again', () => {
    expect(questions.length).toBeGreaterThanOrEqual(2);
    const { host, advance, status } = setup();
    host.handle({ type: 'load', lessonId: 'tour' });
    host.handle({ type: 'setSpeed', speed: 100 });
    for (const question of questions) {
      host.handle({ type: 'play' });
      advance(2000);
      expect(status()).toMatchObject({ playing: false, simTime: question.at, stepIndex: question.index });
    }
    host.handle({ type: 'play' });
    advance(5000);
    expect(status().playing).toBe(false);
    expect(status().simTime).toBeGreaterThanOrEqual(status().endTime);
  });

  it('does not stop in lessons without questions', () => {
    const { host, advance, status } = setup();
    host.handle({ type: 'load', lessonId: 'hello-host' });
    host.handle({ type: 'setSpeed', speed: 100 });
    host.handle({ type: 'play' });
    advance(5000);
    expect(status().stepIndex).toBe(3);
    expect(status().pending).toBe(0);
  });
});
