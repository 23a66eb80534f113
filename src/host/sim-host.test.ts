import { describe, expect, it } from 'vitest';
import type { HostStatus, Reply } from '../protocol/replies';
import { manualClock } from './manual-clock';
import { SimHost } from './sim-host';
import { findLesson } from '../lessons';
import { toNanos } from '../lessons/primitives';

function lastStep(id: string): number {
  return (findLesson(id)?.steps.length ?? 0) - 1;
}

function setup() {
  const replies: Reply[] = [];
  const { clock, advance } = manualClock();
  const host = new SimHost((r) => replies.push(r), { clock });
  const last = <T extends Reply['type']>(type: T) => [...replies].reverse().find((r) => r.type === type) as Extract<Reply, { type: T }> | undefined;
  const status = (): HostStatus => host.status();
  return { host, replies, advance, last, status };
}

describe('SimHost commands', () => {
  it('loads a built-in lesson and replies with its state', () => {
    const { host, last } = setup();
    host.handle({ type: 'load', lessonId: 'hello-host', requestId: 7 });
    const loaded = last('loaded');
    expect(loaded?.requestId).toBe(7);
    expect(loaded?.lesson.id).toBe('hello-host');
    expect(Object.keys(loaded?.state.world.hosts ?? {})).toEqual(['host-1']);
  });

  it('rejects malformed and unknown commands with an error and changes nothing', () => {
    const { host, replies, status } = setup();
    host.handle({ type: 'load', lessonId: 'hello-host' });
    const before = status();
    const hostile: unknown[] = [
      null,
      42,
      'play',
      { type: 'explode' },
      { type: 'step', count: -1 },
      { type: 'step', count: 1e12 },
      { type: 'setSpeed', speed: 1e9 },
      { type: 'seek' },
      { type: 'seek', eventIndex: 1, simTime: 2 },
      { type: 'step', count: 1, extra: true },
      { type: 'load', lessonId: '../../etc/passwd' },
      JSON.parse('{"type":"play","__proto__":{"polluted":true}}'),
    ];
    for (const message of hostile) {
      const count = replies.length;
      host.handle(message);
      expect(replies.length).toBe(count + 1);
      expect(replies[replies.length - 1]?.type).toBe('error');
    }
    expect(status()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('steps forward and back to exactly the same state', () => {
    const { host } = setup();
    host.handle({ type: 'load', lessonId: 'hello-host' });
    const engine = host.engine;
    const h0 = engine?.hash();
    host.handle({ type: 'step', count: 3 });
    expect(engine?.eventIndex).toBe(3);
    const h3 = engine?.hash();
    host.handle({ type: 'step' });
    host.handle({ type: 'stepBack', count: 1 });
    expect(engine?.hash()).toBe(h3);
    host.handle({ type: 'stepBack', count: 3 });
    expect(engine?.hash()).toBe(h0);
  });

  it('keeps the loaded lesson when a broken lesson arrives, naming the file and the path', () => {
    const { host, last, status } = setup();
    host.handle({ type: 'load', lessonId: 'hello-host' });
    host.handle({ type: 'load', source: 'broken.json', lesson: { id: 'x', title: 'X', summary: 'S', timeScale: 'fast', world: {} } });
    const error = last('error');
    expect(error?.message).toContain('broken.json: $.timeScale');
    expect(error?.errors?.[0]?.path).toBe('$.timeScale');
    expect(status().lessonId).toBe('hello-host');
  });

  it('rejects an invalid input action', () => {
    const { host, last } = setup();
    host.handle({ type: 'load', lessonId: 'hello-host' });
    host.handle({ type: 'input', action: { type: 'guest.destroy', guest: 42 } });
    expect(last('error')?.message).toMatch(/rejected input: \$\.action\.guest/);
    host.handle({ type: 'input', action: { type: 'fault.set', fault: 'no-such-fault' } });
    expect(last('error')?.message).toMatch(/unknown fault/);
  });

  it('paces play by wall time, speed and the lesson time scale, one frame per tick', () => {
    const { host, advance, status, replies } = setup();
    host.handle({ type: 'load', lessonId: 'hello-host' }); // time scale: 1 s per wall second
    host.handle({ type: 'setSpeed', speed: 2 });
    host.handle({ type: 'play' });
    const framesBefore = replies.filter((r) => r.type === 'frame').length;
    advance(1000);
    const s = status();
    expect(s.playing).toBe(true);
    // 1 wall second at 2× of a 1 s/s time scale ≈ 2 s simulated (ticks are 16 ms).
    expect(s.simTime).toBeGreaterThan(1.9e9);
    expect(s.simTime).toBeLessThanOrEqual(2.0e9);
    expect(replies.filter((r) => r.type === 'frame').length - framesBefore).toBeGreaterThan(50);
    host.handle({ type: 'pause' });
    advance(1000);
    expect(status().simTime).toBe(s.simTime);
    expect(status().playing).toBe(false);
  });

  it('stops playing at the end of the lesson', () => {
    const { host, advance, status } = setup();
    host.handle({ type: 'load', lessonId: 'hello-host' });
    host.handle({ type: 'setSpeed', speed: 100 });
    host.handle({ type: 'play' });
    advance(5000);
    expect(status().playing).toBe(false);
    expect(status().pending).toBe(0);
    expect(status().stepIndex).toBe(lastStep('hello-host'));
  });

  it('seeks by lesson step and by fraction, landing on the same state as a straight run', () => {
    const a = setup();
    a.host.handle({ type: 'load', lessonId: 'hello-host' });
    a.host.handle({ type: 'seek', step: 2 });
    a.advance(0); // long moves run in slices on timers
    const b = setup();
    b.host.handle({ type: 'load', lessonId: 'hello-host' });
    b.host.handle({ type: 'step', count: 1000 });
    b.host.handle({ type: 'seek', simTime: toNanos(findLesson('hello-host')?.steps[2]?.at) });
    b.advance(0);
    expect(a.host.engine?.hash()).toBe(b.host.engine?.hash());
    expect(a.status().stepIndex).toBe(2);
    a.host.handle({ type: 'stepLesson', delta: -1 });
    a.advance(0);
    expect(a.status().stepIndex).toBe(1);
    a.host.handle({ type: 'seek', fraction: 1 });
    a.advance(0);
    expect(a.status().stepIndex).toBe(lastStep('hello-host'));
  });

  it('sends frames with increasing seq and asks nothing of a UI that keeps up', () => {
    const { host, replies } = setup();
    host.handle({ type: 'load', lessonId: 'hello-host' });
    host.handle({ type: 'step' });
    host.handle({ type: 'step' });
    const seqs = replies.filter((r): r is Extract<Reply, { type: 'frame' }> => r.type === 'frame').map((f) => f.seq);
    expect(seqs).toEqual([1, 2]);
    host.handle({ type: 'snapshot', requestId: 3 });
    const snap = replies[replies.length - 1];
    expect(snap?.type === 'snapshot' && snap.seq === 3 && snap.requestId === 3).toBe(true);
  });

  it('refuses commands before a lesson is loaded', () => {
    const { host, last } = setup();
    host.handle({ type: 'play' });
    expect(last('error')?.message).toMatch(/no lesson loaded/);
  });
});
