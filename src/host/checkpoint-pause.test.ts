import { describe, expect, it } from 'vitest';
import { toNanos } from '../lessons/primitives';
import { findLesson } from '../lessons';
import type { HostStatus, Reply } from '../protocol/replies';
import { manualClock } from './manual-clock';
import { SimHost } from './sim-host';

function setup() {
  const { clock, advance } = manualClock();
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
    expect(status().stepIndex).toBe((findLesson('hello-host')?.steps.length ?? 0) - 1);
    expect(status().pending).toBe(0);
  });
});
