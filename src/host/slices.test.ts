import { describe, expect, it } from 'vitest';
import { validateLesson } from '../lessons/load';
import type { Reply } from '../protocol/replies';
import { manualClock } from './manual-clock';
import { SimHost } from './sim-host';
import { createSimulation } from './simulation';

/** Ten bursts of 100,000 round trips: a few hundred thousand crossings, far more than one slice. */
const busy = {
  id: 'busy',
  title: 'Busy',
  summary: 'Bursts.',
  timeScale: '1s',
  world: { tenants: [{ id: 'a' }], hosts: [{ id: 'h', guests: [{ id: 'g', tenant: 'a', booted: true }] }] },
  steps: Array.from({ length: 10 }, (_, i) => ({ at: `${i + 1}s`, narration: 'x', actions: [{ action: { type: 'cpu.burst', domain: 'g', count: 100_000 } }] })),
};

function setup() {
  const checked = validateLesson(busy, 'busy.json');
  if (!checked.ok) throw new Error('busy lesson invalid');
  const { clock, advance } = manualClock();
  const replies: Reply[] = [];
  const host = new SimHost((r) => replies.push(r), { clock, sliceWork: 50_000 });
  host.handle({ type: 'load', lesson: busy });
  const straight = (eventIndex: number): string => {
    const engine = createSimulation(checked.lesson);
    engine.step(eventIndex);
    return engine.hash();
  };
  return { host, replies, advance, straight };
}

describe('SimHost long moves run in bounded slices', () => {
  it('a seek to the end reports progress, keeps later commands in order and lands where a straight run does', () => {
    const { host, replies, advance, straight } = setup();
    host.handle({ type: 'seek', fraction: 1 });
    expect(host.busy).toBe(true);
    host.handle({ type: 'hash', requestId: 9 });
    expect(replies.some((r) => r.type === 'hash')).toBe(false); // waits for the seek
    advance(0);
    const progress = replies.filter((r) => r.type === 'progress');
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.every((p) => p.type === 'progress' && p.operation === 'seek' && p.done <= p.total)).toBe(true);
    const hash = replies.find((r): r is Extract<Reply, { type: 'hash' }> => r.type === 'hash');
    expect(host.busy).toBe(false);
    expect(hash?.requestId).toBe(9);
    expect(hash?.hash).toBe(straight(hash?.eventIndex ?? -1));
  });

  it('cancel stops a long step at an event boundary; the state is exactly a straight run to there', () => {
    const { host, replies, advance, straight } = setup();
    host.handle({ type: 'step', count: 3 });
    advance(0);
    // The next step's first slice runs at once; the rest would follow on timers.
    host.handle({ type: 'step', count: 100_000 });
    expect(host.busy).toBe(true);
    const before = host.status().eventIndex;
    expect(host.status().pending).toBeGreaterThan(0);
    host.handle({ type: 'cancel', requestId: 4 });
    expect(host.busy).toBe(false);
    const status = replies.find((r) => r.type === 'status' && r.requestId === 4);
    expect(status).toBeDefined();
    expect(host.status().eventIndex).toBe(before);
    expect(host.engine?.hash()).toBe(straight(before));
  });

  it('a step of many events is sliced too and reports progress in events', () => {
    const { host, replies, advance } = setup();
    host.handle({ type: 'step', count: 1_000_000 });
    expect(host.busy).toBe(true);
    const first = replies.find((r) => r.type === 'progress');
    expect(first).toMatchObject({ operation: 'step', total: 1_000_000 });
    advance(0);
    expect(host.busy).toBe(false);
    expect(host.status().pending).toBe(0);
  });
});
