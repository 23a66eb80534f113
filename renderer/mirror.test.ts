import { produceWithPatches, enablePatches, type Patch } from 'immer';
import { describe, expect, it } from 'vitest';
import { findLesson } from '../src/lessons';
import { SimHost } from '../src/host';
import type { Reply } from '../src/protocol/replies';
import { StateMirror } from './mirror';

enablePatches();

/** A host wired to a mirror in-process, with a switch to drop replies (a lossy port). */
function setup() {
  const replies: Reply[] = [];
  let drop = false;
  let snapshotRequests = 0;
  const mirror: StateMirror = new StateMirror(() => {
    snapshotRequests++;
    host.handle({ type: 'snapshot' });
  });
  const host: SimHost = new SimHost((reply) => {
    replies.push(reply);
    if (drop && reply.type === 'frame') return;
    mirror.apply(reply);
  });
  return {
    host,
    mirror,
    replies,
    setDrop: (value: boolean) => (drop = value),
    snapshots: () => snapshotRequests,
  };
}

describe('StateMirror', () => {
  it('tracks the host state through steps and step backs', () => {
    const { host, mirror } = setup();
    host.handle({ type: 'load', lessonId: 'hello-host' });
    expect(mirror.lesson?.id).toBe('hello-host');
    for (let i = 0; i < 4; i++) {
      host.handle({ type: 'step', count: 1 });
      expect(mirror.state).toEqual(host.engine?.state);
    }
    host.handle({ type: 'stepBack', count: 2 });
    expect(mirror.state).toEqual(host.engine?.state);
    expect(mirror.status?.eventIndex).toBe(host.engine?.eventIndex);
  });

  it('requests a snapshot when a frame is missed, then catches up', () => {
    const { host, mirror, setDrop, snapshots } = setup();
    host.handle({ type: 'load', lessonId: 'hello-host' });
    host.handle({ type: 'step', count: 1 });
    setDrop(true);
    host.handle({ type: 'step', count: 1 });
    setDrop(false);
    expect(snapshots()).toBe(0);
    host.handle({ type: 'step', count: 1 });
    expect(snapshots()).toBe(1);
    expect(mirror.state).toEqual(host.engine?.state);
    host.handle({ type: 'step', count: 1 });
    expect(mirror.state).toEqual(host.engine?.state);
  });

  it('ignores stale frames and frames before any lesson', () => {
    const mirror = new StateMirror(() => {});
    const frame: Reply = { type: 'frame', seq: 1, patches: [], trace: [], status: {} as never };
    expect(mirror.apply(frame).kind).toBe('ignored');
    const lesson = findLesson('hello-host');
    if (!lesson) throw new Error('hello-host missing');
    const base = { time: 0, eventIndex: 0, rng: [1, 2, 3, 4], faults: {}, violations: [], world: { n: 0 } } as never;
    mirror.apply({ type: 'loaded', lesson, state: base, status: {} as never });
    const [next, patches] = produceWithPatches(base as { world: { n: number } }, (d) => {
      d.world.n = 5;
    });
    expect(mirror.apply({ type: 'frame', seq: 7, patches: patches as Patch[], trace: [], status: {} as never }).kind).toBe('frame');
    expect(mirror.state).toEqual(next);
    expect(mirror.apply({ type: 'frame', seq: 7, patches: patches as Patch[], trace: [], status: {} as never }).kind).toBe('ignored');
  });

  it('asks for a snapshot when patches do not apply', () => {
    let requested = 0;
    const mirror = new StateMirror(() => requested++);
    const lesson = findLesson('hello-host');
    if (!lesson) throw new Error('hello-host missing');
    mirror.apply({ type: 'loaded', lesson, state: { world: {} } as never, status: {} as never });
    const bad: Patch[] = [{ op: 'replace', path: ['world', 'missing', 'deep', 'x'], value: 1 }];
    expect(mirror.apply({ type: 'frame', seq: 1, patches: bad, trace: [], status: {} as never }).kind).toBe('resync');
    expect(requested).toBe(1);
  });
});
