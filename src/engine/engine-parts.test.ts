import type { Patch } from 'immer';
import { describe, expect, it } from 'vitest';
import { BadWritePath, EmitTooDeep, EngineError, EngineStopped, NoKeyframe, UnknownEventKind } from './errors';
import { lazyFrame, mergeFrames, pushAll } from './frames';
import { KeyframePolicy, MAX_CLOCK_STRIDE, MIN_CLOCK_STRIDE, monotonicMs } from './keyframe-policy';
import { diffPatches } from './diff';
import type { Frame, SimCore, TraceRecord } from './types';
import { stopped, workLimits } from './work-limits';

/** The engine's small building blocks, pinned one by one (errors, limits, keyframe spacing, frames). */

describe('typed engine errors', () => {
  it('carry their own name, the offending detail and a readable message', () => {
    const unknown = new UnknownEventKind('disk.wipe');
    expect(unknown).toBeInstanceOf(EngineError);
    expect(unknown).toBeInstanceOf(Error);
    expect(unknown.name).toBe('UnknownEventKind');
    expect(unknown.kind).toBe('disk.wipe');
    expect(unknown.message).toBe('no handler registered for event kind "disk.wipe"');

    const path = new BadWritePath(['world', 'hosts', 3]);
    expect(path.name).toBe('BadWritePath');
    expect(path.path).toEqual(['world', 'hosts', 3]);
    expect(path.message).toBe('ctx.mut: no object at world.hosts.3');

    expect(new NoKeyframe().name).toBe('NoKeyframe');
    expect(new NoKeyframe().message).toBe('no keyframe to rewind to (the engine has not run yet)');
    const stopped = new EngineStopped(new Error('boom'));
    expect(stopped.name).toBe('EngineStopped');
    expect(stopped.failure).toBeInstanceOf(Error);
    expect(stopped.message).toBe('the engine stopped at a failed batch it cannot undo (no keyframe before it, or its replay failed as well): boom');
    expect(new EngineStopped('text').message).toMatch(/: text$/);

    const deep = new EmitTooDeep('loop', 8);
    expect(deep.name).toBe('EmitTooDeep');
    expect([deep.kind, deep.depth]).toEqual(['loop', 8]);
    expect(deep.message).toBe('ctx.emit nested more than 8 deep while handling "loop"');
    expect(new EngineError('plain').name).toBe('EngineError');
  });
});

describe('work limits of one call', () => {
  it('passes limits without a work budget through unchanged', () => {
    const limits = { shouldStop: () => false };
    expect(workLimits(limits, 0, () => 50)).toBe(limits);
  });

  it('gives each batch the work left of the call, at least one unit, and the same stop check', () => {
    const shouldStop = () => false;
    expect(workLimits({ maxWork: 10, shouldStop }, 3, () => 7)).toEqual({ maxWork: 6, shouldStop });
    expect(workLimits({ maxWork: 10, shouldStop }, 3, () => 7).shouldStop).toBe(shouldStop);
    expect(workLimits({ maxWork: 10 }, 0, () => 10).maxWork).toBe(1);
    expect(workLimits({ maxWork: 10 }, 0, () => 25).maxWork).toBe(1);
  });

  it('counts a call as stopped once its budget is used or its caller asks', () => {
    expect(stopped({ maxWork: 5 }, 2, 6)).toBe(false);
    expect(stopped({ maxWork: 5 }, 2, 7)).toBe(true);
    expect(stopped({ maxWork: 5 }, 2, 9)).toBe(true);
    expect(stopped({}, 0, 1e12)).toBe(false);
    expect(stopped({ shouldStop: () => true }, 0, 0)).toBe(true);
    expect(stopped({ shouldStop: () => false }, 0, 0)).toBe(false);
    expect(stopped({ maxWork: 100, shouldStop: () => true }, 0, 1)).toBe(true);
  });
});

/** A fake clock: reads are counted, time moves only when the test says so. */
function fakeClock(start = 100): { read: () => number; set: (t: number) => void; reads: () => number } {
  let now = start;
  let reads = 0;
  return {
    read: () => {
      reads++;
      return now;
    },
    set: (t) => {
      now = t;
    },
    reads: () => reads,
  };
}

describe('keyframe spacing', () => {
  it('takes the first keyframe at index 0, then one every `every` events', () => {
    const clock = fakeClock();
    const policy = new KeyframePolicy(10, Number.POSITIVE_INFINITY, clock.read, true);
    expect(policy.every).toBe(10);
    expect(policy.due(0)).toBe(true);
    policy.anchor(0);
    expect(policy.due(9)).toBe(false);
    expect(policy.due(10)).toBe(true);
    expect(policy.due(11)).toBe(true);
    policy.anchor(12);
    expect(policy.due(21)).toBe(false);
    expect(policy.due(22)).toBe(true);
  });

  it('lets a batch run up to the next keyframe by count, and always at least one event', () => {
    const policy = new KeyframePolicy(10, Number.POSITIVE_INFINITY, fakeClock().read, true);
    expect(policy.eventsLeft(0)).toBe(10);
    expect(policy.eventsLeft(3)).toBe(7);
    expect(policy.eventsLeft(10)).toBe(1);
    expect(policy.eventsLeft(40)).toBe(1);
    policy.anchor(20);
    expect(policy.eventsLeft(24)).toBe(6);
  });

  it('is due once the time budget since the last keyframe is spent', () => {
    const clock = fakeClock(100);
    const policy = new KeyframePolicy(1000, 5, clock.read, true);
    expect(policy.budgetMs).toBe(5);
    policy.anchor(3);
    clock.set(104);
    expect(policy.due(3 + MIN_CLOCK_STRIDE)).toBe(false);
    clock.set(105);
    // Between batches the clock is read once per stride of events (at first MIN_CLOCK_STRIDE) since the last reading.
    expect(policy.due(4 + MIN_CLOCK_STRIDE)).toBe(false);
    expect(policy.due(3 + 2 * MIN_CLOCK_STRIDE - 1)).toBe(false);
    expect(policy.due(3 + 2 * MIN_CLOCK_STRIDE)).toBe(true);
    // A new anchor restarts the budget from the clock's reading then.
    policy.anchor(4);
    expect(policy.spentAt(4 + MIN_CLOCK_STRIDE)).toBe(false);
    clock.set(109.5);
    expect(policy.spentAt(4 + 2 * MIN_CLOCK_STRIDE)).toBe(false);
    clock.set(110);
    expect(policy.spentAt(4 + 3 * MIN_CLOCK_STRIDE)).toBe(true);
  });

  it('puts off a keyframe due by count until the least time has passed, another `every` events at a time', () => {
    const clock = fakeClock(100);
    const policy = new KeyframePolicy(10, Number.POSITIVE_INFINITY, clock.read, true, 2);
    expect(policy.minMs).toBe(2);
    policy.anchor(0);
    clock.set(101);
    expect(policy.due(10)).toBe(false);
    // Put off: the batch may run another ten events before the count asks again.
    expect(policy.eventsLeft(10)).toBe(10);
    expect(policy.due(15)).toBe(false);
    clock.set(102);
    expect(policy.due(19)).toBe(false);
    expect(policy.due(20)).toBe(true);
    // The first keyframe, and one due by the time budget, never wait.
    expect(policy.due(0)).toBe(true);
    const budgeted = new KeyframePolicy(10, 5, clock.read, true, 50);
    budgeted.anchor(0);
    clock.set(107);
    expect(budgeted.due(MIN_CLOCK_STRIDE)).toBe(true);
  });

  it('reads the clock between batches once per stride of events, and again after a move back', () => {
    const clock = fakeClock(100);
    const policy = new KeyframePolicy(1000, 5, clock.read, true);
    policy.anchor(0);
    const before = clock.reads();
    for (let index = 1; index < MIN_CLOCK_STRIDE; index++) expect(policy.due(index)).toBe(false);
    expect(clock.reads()).toBe(before);
    expect(policy.due(MIN_CLOCK_STRIDE)).toBe(false);
    expect(clock.reads()).toBe(before + 1);
    expect(policy.due(MIN_CLOCK_STRIDE + 1)).toBe(false);
    expect(policy.due(MIN_CLOCK_STRIDE)).toBe(false);
    expect(clock.reads()).toBe(before + 1);
    // A seek back to an earlier index reads it at once.
    clock.set(200);
    expect(policy.due(2)).toBe(true);
  });

  it('reads the clock less often while events are cheap, and every few events again once they cost more', () => {
    const clock = fakeClock(100);
    const policy = new KeyframePolicy(1_000_000, 10, clock.read, true);
    policy.anchor(0);
    // Cheap events: 1 µs each, so a stride of them is far under 1/32 of the 10 ms budget.
    const readsAt: number[] = [];
    let index = 0;
    while (index < 2000) {
      index++;
      clock.set(100 + index * 0.001);
      const before = clock.reads();
      expect(policy.spentAt(index)).toBe(false);
      if (clock.reads() > before) readsAt.push(index);
    }
    // Doubling from the least stride at each reading, up to the most.
    expect(readsAt.slice(0, 5)).toEqual([8, 24, 56, 120, 184]);
    expect(policy.clockStride).toBe(MAX_CLOCK_STRIDE);
    // Events that cost 0.1 ms: the next reading sees a stride of them take 6.4 ms, over 1/32 of the budget.
    const start = index;
    let spentAt = -1;
    while (spentAt < 0) {
      index++;
      clock.set(100 + start * 0.001 + (index - start) * 0.1);
      if (policy.spentAt(index)) spentAt = index;
    }
    expect(policy.clockStride).toBe(MIN_CLOCK_STRIDE);
    // The budget (10 ms since the anchor: 8 ms of events at 0.1 ms) is seen at most a stride late.
    const spentFrom = start + Math.ceil((10 - start * 0.001) / 0.1);
    expect(spentAt).toBeGreaterThanOrEqual(spentFrom);
    expect(spentAt - spentFrom).toBeLessThanOrEqual(MAX_CLOCK_STRIDE);
    // Once spent, it stays spent without another reading until the next keyframe.
    const reads = clock.reads();
    expect(policy.spentAt(index + 1)).toBe(true);
    expect(policy.due(index + 1)).toBe(true);
    expect(clock.reads()).toBe(reads);
    policy.anchor(index + 1);
    expect(policy.spentAt(index + 2)).toBe(false);
  });

  it('never takes keyframes when disabled, not even the first, whatever the clock says', () => {
    const clock = fakeClock(0);
    const policy = new KeyframePolicy(Number.POSITIVE_INFINITY, 1, clock.read, false);
    expect(policy.enabled).toBe(false);
    expect(policy.due(0)).toBe(false);
    clock.set(1000);
    expect(policy.spentAt(1000)).toBe(false);
    expect(policy.due(5)).toBe(false);
  });

  it('does not read the clock between events when there is no time budget', () => {
    const clock = fakeClock(0);
    const policy = new KeyframePolicy(10, Number.POSITIVE_INFINITY, clock.read, true);
    const afterConstruction = clock.reads();
    expect(afterConstruction).toBe(1);
    clock.set(1e9);
    expect(policy.spentAt(1000)).toBe(false);
    expect(policy.due(5)).toBe(false);
    expect(clock.reads()).toBe(afterConstruction);
  });

  it('reads a real monotonic clock by default', () => {
    const a = monotonicMs();
    const b = monotonicMs();
    expect(typeof a).toBe('number');
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThanOrEqual(a);
  });
});

describe('frames', () => {
  interface Tiny extends SimCore {
    box: { a: number; b: { c: number } };
  }
  const tiny = (eventIndex: number, time: number, a: number, c: number): Tiny => ({
    time,
    eventIndex,
    rng: [1, 2, 3, 4],
    faults: {},
    violations: [],
    box: { a, b: { c } },
  });

  it('describe a batch and build its patches and inverse patches on demand, once', () => {
    const before = tiny(2, 10, 1, 1);
    const after = { ...tiny(5, 30, 1, 2), box: { a: 1, b: { c: 2 } } };
    const trace: TraceRecord[] = [{ eventIndex: 3, at: 20, kind: 'x', text: 'hello' }];
    const atomic = (path: readonly (string | number)[]) => path.length === 2 && path[1] === 'b';
    const frame = lazyFrame(7, 2, before, after, trace, { atomic });
    expect([frame.seq, frame.fromEvent, frame.toEvent, frame.simTime]).toEqual([7, 2, 5, 30]);
    expect(frame.trace).toBe(trace);
    expect(frame.patches).toEqual(diffPatches(before, after, { atomic }));
    expect(frame.patches).toEqual([
      { op: 'replace', path: ['time'], value: 30 },
      { op: 'replace', path: ['eventIndex'], value: 5 },
      { op: 'replace', path: ['rng'], value: [1, 2, 3, 4] },
      { op: 'replace', path: ['violations'], value: [] },
      { op: 'replace', path: ['box', 'b'], value: { c: 2 } },
    ]);
    expect(frame.patches).toBe(frame.patches);
    expect(frame.inversePatches).toEqual(diffPatches(after, before, { atomic }));
    expect(frame.inversePatches).toBe(frame.inversePatches);
  });

  it('take patches assigned to them instead of building them', () => {
    const frame = lazyFrame(0, 0, tiny(0, 0, 1, 1), tiny(1, 1, 2, 1), []);
    const mine: Patch[] = [{ op: 'replace', path: ['box', 'a'], value: 9 }];
    frame.patches = mine;
    frame.inversePatches = [];
    expect(frame.patches).toBe(mine);
    expect(frame.inversePatches).toEqual([]);
  });

  it('merge several batches into one: patches in order, inverse patches in reverse, traces joined', () => {
    const p = (value: number): Patch => ({ op: 'replace', path: ['v'], value });
    const t = (eventIndex: number): TraceRecord => ({ eventIndex, at: eventIndex, kind: 'k', text: `t${eventIndex}` });
    const frames: Frame[] = [
      { seq: 4, fromEvent: 0, toEvent: 3, simTime: 10, patches: [p(1), p(2)], inversePatches: [p(-1)], trace: [t(0)] },
      { seq: 5, fromEvent: 3, toEvent: 5, simTime: 20, patches: [p(3)], trace: [t(3), t(4)] },
      { seq: 6, fromEvent: 5, toEvent: 9, simTime: 35, patches: [p(4)], inversePatches: [p(-3), p(-4)], trace: [] },
    ];
    const merged = mergeFrames(frames);
    expect(merged).not.toBeNull();
    expect([merged?.seq, merged?.fromEvent, merged?.toEvent, merged?.simTime]).toEqual([6, 0, 9, 35]);
    expect(merged?.patches).toEqual([p(1), p(2), p(3), p(4)]);
    expect(merged?.inversePatches).toEqual([p(-3), p(-4), p(-1)]);
    expect(merged?.trace.map((r) => r.text)).toEqual(['t0', 't3', 't4']);
    // Reading the inverse did not reorder the frames themselves.
    expect(merged?.patches).toEqual([p(1), p(2), p(3), p(4)]);
  });

  it('merge nothing into null and one frame into itself', () => {
    expect(mergeFrames([])).toBeNull();
    const only: Frame = { seq: 1, fromEvent: 0, toEvent: 1, simTime: 0, patches: [], trace: [] };
    expect(mergeFrames([only])).toBe(only);
  });

  it('append a long list without spreading it', () => {
    const into = [1];
    pushAll(into, [2, 3]);
    expect(into).toEqual([1, 2, 3]);
    const many = Array.from({ length: 200_000 }, (_, i) => i);
    pushAll(into, many);
    expect(into.length).toBe(200_003);
  });
});
