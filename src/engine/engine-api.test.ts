import { describe, expect, it } from 'vitest';
import { Engine, type EngineOptions } from './engine';
import { EmitTooDeep, EngineStopped, NoKeyframe, UnknownEventKind } from './errors';
import { nextFloat, seedRng } from './rng';
import { defineAfterEventHook, defineHandler, type Frame, type HandlerContext, type SimCore, type SimEvent, type Touched } from './types';

/**
 * The engine's public contract on a small counter world: scheduling, the script, inputs, steps,
 * runs, limits, notifications, hooks and the frames it hands out. Handler calls are counted, so a
 * test can tell how much a move replayed.
 */
interface Counter extends SimCore {
  count: { n: number; seen: string[] };
  other: { untouched: number[] };
}

const start = (time = 0): Counter => ({
  time,
  eventIndex: 0,
  rng: seedRng(11),
  faults: {},
  violations: [],
  count: { n: 0, seen: [] },
  other: { untouched: [1] },
});

interface Lab {
  engine: Engine<Counter>;
  calls: () => number;
}

/** An engine whose `inc` events add 1 and whose `tag` events log their payload. */
function lab(options: Partial<EngineOptions<Counter>> = {}, time = 0): Lab {
  let calls = 0;
  const inc = defineHandler<Counter, unknown>((state, _event, ctx) => {
    calls++;
    ctx.mut('count').n = state.count.n + 1;
  });
  const tag = defineHandler<Counter, string>((_state, event, ctx) => {
    calls++;
    ctx.mut('count', 'seen').push(event.payload);
  });
  const engine = new Engine<Counter>({ state: start(time), handlers: { inc: [inc], tag: [tag] }, ...options });
  return { engine, calls: () => calls };
}

/** `n` `inc` events at times 1…n. */
function withEvents(n: number, options: Partial<EngineOptions<Counter>> = {}): Lab {
  const made = lab(options);
  for (let i = 1; i <= n; i++) made.engine.schedule('inc', null, i);
  return made;
}

/** An engine whose `inc` events add 1 (counted) and whose `maybe` events throw while `fails()` says so. */
function failingLab(options: Partial<EngineOptions<Counter>>, fails: () => boolean): Lab {
  let calls = 0;
  const engine = new Engine<Counter>({
    state: start(),
    handlers: {
      inc: [
        defineHandler<Counter, null>((state, _e, ctx) => {
          calls++;
          ctx.mut('count').n = state.count.n + 1;
        }),
      ],
      maybe: [
        defineHandler<Counter, null>(() => {
          if (fails()) throw new Error('boom');
        }),
      ],
    },
    ...options,
  });
  return { engine, calls: () => calls };
}

const frameSizes = (engine: Engine<Counter>, time: number, batchSize: number): number[] => {
  const sizes: number[] = [];
  engine.runUntil(time, { batchSize, onFrame: (f) => sizes.push(f.toEvent - f.fromEvent) });
  return sizes;
};

describe('scheduling', () => {
  it('numbers events in order, never schedules before now, and defaults to priority 0', () => {
    const { engine } = lab({}, 100);
    expect(engine.schedule('tag', 'a', 150)).toBe(0);
    expect(engine.schedule('tag', 'b', 20, 2)).toBe(1);
    expect(engine.pending()).toEqual([
      { at: 100, priority: 2, seq: 1, kind: 'tag', payload: 'b' },
      { at: 150, priority: 0, seq: 0, kind: 'tag', payload: 'a' },
    ]);
    expect(engine.pendingCount).toBe(2);
    expect(engine.now).toBe(100);
  });

  it('rejects an unknown kind from set-up, from the script and from a handler (the batch is dropped)', () => {
    const { engine } = lab();
    expect(() => engine.schedule('nope', null, 1)).toThrow(UnknownEventKind);
    expect(() => engine.scheduleScript([{ kind: 'nope', payload: null, at: 1 }])).toThrow('no handler registered for event kind "nope"');
    expect(() => engine.input('nope', null)).toThrow(UnknownEventKind);
    const bad = new Engine<Counter>({
      state: start(),
      handlers: { go: [defineHandler<Counter, null>((_s, _e, ctx) => void ctx.schedule('nowhere', null, 1))] },
    });
    bad.schedule('go', null, 1);
    expect(() => bad.step()).toThrow('no handler registered for event kind "nowhere"');
    expect(bad.eventIndex).toBe(0);
    expect(bad.pending().map((e) => e.kind)).toEqual(['go']);
  });
});

describe('the scenario script', () => {
  it('merges with queued events in (time, priority, seq) order, with seqs continuing the schedule counter', () => {
    const { engine } = lab({}, 10);
    engine.scheduleScript([
      { kind: 'tag', payload: 's-early', at: 3 },
      { kind: 'tag', payload: 's-20-p1', at: 20, priority: 1 },
      { kind: 'tag', payload: 's-20', at: 20 },
    ]);
    expect(engine.schedule('tag', 'q-20', 20)).toBe(3);
    engine.scheduleScript([{ kind: 'tag', payload: 's2-15', at: 15 }]);
    expect(engine.pendingCount).toBe(5);
    expect(engine.pending().map((e) => [e.payload, e.at, e.priority, e.seq])).toEqual([
      ['s-early', 10, 0, 0],
      ['s2-15', 15, 0, 4],
      ['s-20', 20, 0, 2],
      ['q-20', 20, 0, 3],
      ['s-20-p1', 20, 1, 1],
    ]);
    engine.runUntil(100);
    expect(engine.state.count.seen).toEqual(['s-early', 's2-15', 's-20', 'q-20', 's-20-p1']);
    expect(engine.pendingCount).toBe(0);
    expect(engine.pending()).toEqual([]);
  });

  it('runs a queued event first when it ties with a script event but was scheduled earlier', () => {
    const { engine } = lab();
    engine.schedule('tag', 'queued-first', 5);
    engine.scheduleScript([{ kind: 'tag', payload: 'scripted', at: 5 }]);
    engine.schedule('tag', 'queued-later', 5);
    expect(engine.peek()?.payload).toBe('queued-first');
    engine.runUntil(10);
    expect(engine.state.count.seen).toEqual(['queued-first', 'scripted', 'queued-later']);
  });

  it('is only accepted before the first step', () => {
    const { engine } = lab();
    engine.scheduleScript([{ kind: 'tag', payload: 'a', at: 1 }]);
    engine.step();
    expect(() => engine.scheduleScript([{ kind: 'tag', payload: 'b', at: 2 }])).toThrow('scheduleScript: only before the first step');
  });

  it('hands out copies: changing a peeked or listed event changes nothing', () => {
    const { engine } = lab();
    engine.scheduleScript([{ kind: 'tag', payload: 'a', at: 4 }]);
    const peeked = engine.peek() as SimEvent;
    expect(peeked).toEqual({ at: 4, priority: 0, seq: 0, kind: 'tag', payload: 'a' });
    peeked.at = 99;
    const listed = engine.pending()[0] as SimEvent;
    listed.at = 98;
    expect(engine.peek()?.at).toBe(4);
    expect(engine.pending()[0]?.at).toBe(4);
  });

  it('is put back by the cursor on step back, and replays the same', () => {
    const { engine } = lab();
    engine.scheduleScript(['a', 'b', 'c', 'd'].map((payload, i) => ({ kind: 'tag', payload, at: i + 1 })));
    engine.step(3);
    expect(engine.pendingCount).toBe(1);
    engine.stepBack(2);
    expect(engine.state.count.seen).toEqual(['a']);
    expect(engine.pending().map((e) => e.payload)).toEqual(['b', 'c', 'd']);
    engine.runUntil(10);
    expect(engine.state.count.seen).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('queue and script together', () => {
  it('runs a queued event that comes before the next scripted one', () => {
    const { engine } = lab();
    engine.scheduleScript([{ kind: 'tag', payload: 'scripted', at: 20 }]);
    engine.schedule('tag', 'queued', 5);
    expect(engine.runUntil(10)).toBe(1);
    expect(engine.state.count.seen).toEqual(['queued']);
    expect(engine.peek()?.payload).toBe('scripted');
  });

  it('hands handlers scripted events that cannot be changed', () => {
    const frozen: boolean[] = [];
    const engine = new Engine<Counter>({ state: start(), handlers: { look: [defineHandler<Counter, null>((_s, event) => void frozen.push(Object.isFrozen(event)))] } });
    engine.scheduleScript([{ kind: 'look', payload: null, at: 1 }]);
    engine.runUntil(10);
    expect(frozen).toEqual([true]);
  });
});

describe('peek', () => {
  it('shows the next event without running it, or nothing', () => {
    const { engine } = lab();
    expect(engine.peek()).toBeUndefined();
    engine.schedule('tag', 'x', 3, 1);
    expect(engine.peek()).toEqual({ at: 3, priority: 1, seq: 0, kind: 'tag', payload: 'x' });
    expect(engine.eventIndex).toBe(0);
  });
});

describe('step and runUntil', () => {
  it('step runs one event by default, a count as one frame, and nothing when the queue is empty', () => {
    const { engine } = withEvents(5);
    const one = engine.step();
    expect([one?.fromEvent, one?.toEvent, one?.simTime, engine.now]).toEqual([0, 1, 1, 1]);
    const three = engine.step(3);
    expect([three?.fromEvent, three?.toEvent, three?.simTime]).toEqual([1, 4, 4]);
    expect(engine.step(0)).toBeNull();
    expect(engine.step(10)?.toEvent).toBe(5);
    expect(engine.step()).toBeNull();
    expect(engine.state.count.n).toBe(5);
  });

  it('step stops at a time limit', () => {
    const { engine } = withEvents(5);
    expect(engine.step(10, 3)?.toEvent).toBe(3);
    expect(engine.step(10, 3)).toBeNull();
    expect(engine.now).toBe(3);
  });

  it('numbers frames one after another', () => {
    const { engine } = withEvents(5);
    const seqs = [engine.step(), engine.step(2), engine.step()].map((f) => f?.seq);
    expect(seqs).toEqual([0, 1, 2]);
  });

  it('runUntil runs every event at or before the time, in frames of batchSize, and counts them', () => {
    const { engine } = withEvents(10);
    expect(frameSizes(engine, 7, 3)).toEqual([3, 3, 1]);
    expect(engine.eventIndex).toBe(7);
    expect(engine.runUntil(100)).toBe(3);
    expect(engine.runUntil(100)).toBe(0);
  });

  it('runUntil takes a batch size below one as one, and stops after maxEvents', () => {
    const { engine } = withEvents(10);
    expect(frameSizes(engine, 3, 0)).toEqual([1, 1, 1]);
    expect(engine.runUntil(100, { maxEvents: 4, batchSize: 3 })).toBe(4);
    expect(engine.eventIndex).toBe(7);
  });

  it('runUntil runs up to 1,000 events per frame by default', () => {
    const { engine } = withEvents(2500, { keyframeEvery: null });
    const sizes: number[] = [];
    engine.runUntil(5000, { onFrame: (f) => sizes.push(f.toEvent - f.fromEvent) });
    expect(sizes).toEqual([1000, 1000, 500]);
  });

  it('always runs the first event of a call, even when told to stop at once', () => {
    const { engine } = withEvents(5);
    expect(engine.step(5, Number.MAX_SAFE_INTEGER, { shouldStop: () => true })?.toEvent).toBe(1);
    expect(engine.runUntil(100, { shouldStop: () => true })).toBe(1);
    expect(engine.eventIndex).toBe(2);
  });

  it('stops a call once its work budget is used (one unit per event)', () => {
    const { engine } = withEvents(10);
    expect(engine.step(10, Number.MAX_SAFE_INTEGER, { maxWork: 3 })?.toEvent).toBe(3);
    expect(engine.workDone).toBe(3);
    expect(engine.runUntil(100, { maxWork: 4 })).toBe(4);
    expect(engine.workDone).toBe(7);
  });

  it('keeps a work budget across the frames of one call', () => {
    const { engine } = withEvents(30, { keyframeEvery: 4 });
    expect(engine.step(30, Number.MAX_SAFE_INTEGER, { maxWork: 10 })?.toEvent).toBe(10);
    expect(engine.runUntil(100, { maxWork: 10, batchSize: 3 })).toBe(10);
    expect(engine.eventIndex).toBe(20);
  });

  it('splits runs at keyframes every 1,000 events by default, and not at all without keyframes', () => {
    expect(frameSizes(withEvents(2500).engine, 5000, 100_000)).toEqual([1000, 1000, 500]);
    expect(frameSizes(withEvents(2500, { keyframeEvery: null }).engine, 5000, 100_000)).toEqual([2500]);
    expect(frameSizes(withEvents(10, { keyframeEvery: 4 }).engine, 50, 100_000)).toEqual([4, 4, 2]);
    expect(frameSizes(withEvents(3, { keyframeEvery: 0 }).engine, 50, 100_000)).toEqual([1, 1, 1]);
  });

  it('a merged step frame covers its batches: patches in order and inverse patches back', () => {
    const { engine } = withEvents(6, { keyframeEvery: 2 });
    const before = engine.state;
    const frame = engine.step(5) as Frame;
    expect([frame.fromEvent, frame.toEvent, frame.simTime]).toEqual([0, 5, 5]);
    expect(frame.patches.filter((p) => p.path.join('/') === 'count/n').map((p) => p.value)).toEqual([2, 4, 5]);
    expect(engine.diff(engine.state, before)).toEqual([
      { op: 'replace', path: ['time'], value: 0 },
      { op: 'replace', path: ['eventIndex'], value: 0 },
      { op: 'replace', path: ['count', 'n'], value: 0 },
    ]);
    expect(frame.inversePatches?.filter((p) => p.path.join('/') === 'count/n').map((p) => p.value)).toEqual([4, 2, 0]);
  });
});

describe('state and frames of a batch', () => {
  it('sends only what changed: no clock, PRNG or untouched-chunk patches', () => {
    const { engine } = lab();
    engine.schedule('inc', null, 0);
    engine.schedule('inc', null, 0);
    const frame = engine.step(2) as Frame;
    expect(frame.patches).toEqual([
      { op: 'replace', path: ['eventIndex'], value: 2 },
      { op: 'replace', path: ['count', 'n'], value: 2 },
    ]);
    expect(frame.trace).toEqual([]);
  });

  it('keeps drawing the PRNG where the last batch left it', () => {
    const draws: number[] = [];
    const engine = new Engine<Counter>({
      state: start(),
      handlers: { roll: [defineHandler<Counter, null>((_s, _e, ctx) => void draws.push(ctx.random()))] },
    });
    for (let i = 1; i <= 3; i++) engine.schedule('roll', null, i);
    engine.step();
    engine.step();
    engine.step();
    const reference = seedRng(11);
    expect(draws).toEqual([nextFloat(reference), nextFloat(reference), nextFloat(reference)]);
    expect(engine.state.rng).toEqual(reference);
    expect(Object.isFrozen(engine.state.rng)).toBe(true);
  });

  it('freezes states by default in tests, and not when told not to', () => {
    const frozen = withEvents(1);
    expect(Object.isFrozen(frozen.engine.state)).toBe(true);
    expect(Object.isFrozen(frozen.engine.state.count)).toBe(true);
    frozen.engine.step();
    expect(Object.isFrozen(frozen.engine.state.count)).toBe(true);
    const open = withEvents(1, { freeze: false });
    expect(Object.isFrozen(open.engine.state)).toBe(false);
    open.engine.step();
    expect(Object.isFrozen(open.engine.state.count)).toBe(false);
    expect(open.engine.state.count.n).toBe(1);
  });

  it('hashes the state as the model views it for hashing (hashView), and the state as it is by default', () => {
    // Two states that differ only in `other`, which the view leaves out.
    const pair = (options: Partial<EngineOptions<Counter>>) =>
      [lab(options).engine, new Engine<Counter>({ state: { ...start(), other: { untouched: [2] } }, handlers: {}, ...options })].map((e) => e.hash());
    const [plainA, plainB] = pair({});
    expect(plainA).not.toBe(plainB);
    const [viewedA, viewedB] = pair({ hashView: ({ other: _other, ...rest }) => rest });
    expect(viewedA).toBe(viewedB);
    expect(viewedA).not.toBe(plainA);
  });

  it('traces what handlers report, at their event index and time', () => {
    const engine = new Engine<Counter>({
      state: start(),
      handlers: { say: [defineHandler<Counter, string>((_s, event, ctx) => ctx.trace('say', event.payload, { len: event.payload.length }))] },
    });
    engine.schedule('say', 'hi', 4);
    engine.schedule('say', 'there', 9);
    expect(engine.step(2)?.trace).toEqual([
      { eventIndex: 0, at: 4, kind: 'say', text: 'hi', data: { len: 2 } },
      { eventIndex: 1, at: 9, kind: 'say', text: 'there', data: { len: 5 } },
    ]);
  });

  it('counts inner work reported by handlers', () => {
    const engine = new Engine<Counter>({
      state: start(),
      handlers: { burst: [defineHandler<Counter, number>((_s, event, ctx) => ctx.work?.(event.payload))] },
    });
    engine.schedule('burst', 9, 1);
    engine.schedule('burst', 0, 2);
    engine.step(2);
    expect(engine.workDone).toBe(11);
  });

  it('a failed batch leaves queue, seq counter and script as they were', () => {
    const engine = new Engine<Counter>({
      state: start(),
      handlers: {
        tag: [defineHandler<Counter, string>((_s, event, ctx) => void ctx.mut('count', 'seen').push(event.payload))],
        spawn: [defineHandler<Counter, null>((_s, _e, ctx) => void ctx.schedule('tag', 'spawned', 1))],
        boom: [
          defineHandler<Counter, null>(() => {
            throw new Error('boom');
          }),
        ],
      },
    });
    engine.scheduleScript([{ kind: 'tag', payload: 'scripted', at: 1 }]);
    engine.schedule('spawn', null, 2);
    engine.schedule('boom', null, 3);
    const pending = engine.pending();
    const hash = engine.hash();
    expect(() => engine.step(3)).toThrow('boom');
    expect(engine.pending()).toEqual(pending);
    expect(engine.hash()).toBe(hash);
    expect(engine.eventIndex).toBe(0);
    // The counter was put back: the next seq is the one the failed batch had used.
    expect(engine.schedule('tag', 'after', 10)).toBe(3);
    expect(engine.step(2)?.toEvent).toBe(2);
    expect(engine.state.count.seen).toEqual(['scripted']);
  });
});

describe('a failed batch during replay', () => {
  it('puts back exactly the queue it started from: events it scheduled and ran, and inputs it re-inserted', () => {
    let armed = false;
    const engine = new Engine<Counter>({
      state: start(),
      handlers: {
        tag: [defineHandler<Counter, string>((_s, event, ctx) => void ctx.mut('count', 'seen').push(event.payload))],
        spawn: [defineHandler<Counter, null>((_s, _e, ctx) => void ctx.schedule('tag', 'spawned', 0))],
        maybe: [
          defineHandler<Counter, null>(() => {
            if (armed) throw new Error('armed');
          }),
        ],
      },
      keyframeEvery: 100,
    });
    engine.schedule('tag', 'a', 1);
    engine.schedule('spawn', null, 2);
    engine.schedule('tag', 'b', 3);
    engine.schedule('maybe', null, 5);
    engine.step(2);
    engine.input('tag', 'input', 8);
    engine.runUntil(100);
    const seen = engine.state.count.seen;
    expect(seen).toEqual(['a', 'spawned', 'b', 'input']);
    const end = engine.hash();
    engine.seekEvent(0);
    const pending = engine.pending();
    const hash = engine.hash();
    armed = true;
    expect(() => engine.runUntil(100)).toThrow('armed');
    expect(engine.pending()).toEqual(pending);
    expect(engine.hash()).toBe(hash);
    armed = false;
    engine.runUntil(100);
    expect(engine.state.count.seen).toEqual(seen);
    expect(engine.hash()).toBe(end);
  });
});

describe('a failed batch that had re-inserted a later input', () => {
  it('does not put the input back before its index: the queue and the re-run end as without the failure', () => {
    let armed = false;
    const engine = new Engine<Counter>({
      state: start(),
      handlers: {
        tag: [defineHandler<Counter, string>((_s, event, ctx) => void ctx.mut('count', 'seen').push(event.payload))],
        maybe: [
          defineHandler<Counter, null>(() => {
            if (armed) throw new Error('armed');
          }),
        ],
      },
    });
    engine.schedule('tag', 'a', 1);
    engine.schedule('tag', 'b', 2);
    engine.schedule('maybe', null, 9);
    engine.step(2);
    engine.input('tag', 'input', 8);
    engine.runUntil(100);
    const end = engine.hash();
    engine.seekEvent(0);
    const pending = engine.pending();
    armed = true;
    expect(() => engine.runUntil(100)).toThrow('armed');
    // The input made after event 2 is not pending at event 0: it is re-inserted when replay gets there.
    expect(engine.pending()).toEqual(pending);
    armed = false;
    engine.runUntil(100);
    expect(engine.state.count.seen).toEqual(['a', 'b', 'input']);
    expect(engine.hash()).toBe(end);
  });
});

describe('more edges of a move and a failed batch', () => {
  it('refuses a script once a queued event has run, even with the script untouched', () => {
    const { engine } = withEvents(2);
    engine.step();
    expect(() => engine.scheduleScript([{ kind: 'tag', payload: 'late', at: 5 }])).toThrow('scheduleScript: only before the first step');
  });

  it('marks events scheduled by handlers as ordinary events, not user inputs', () => {
    const engine = new Engine<Counter>({
      state: start(),
      handlers: {
        spawn: [defineHandler<Counter, null>((_s, _e, ctx) => void ctx.schedule('tag', 'child', 3, 1))],
        tag: [defineHandler<Counter, string>((_s, event, ctx) => void ctx.mut('count', 'seen').push(event.payload))],
      },
    });
    engine.schedule('spawn', null, 1);
    engine.step();
    expect(engine.pending()).toStrictEqual([{ at: 4, priority: 1, seq: 1, kind: 'tag', payload: 'child' }]);
    engine.step();
    engine.stepBack(2);
    engine.runUntil(10);
    expect(engine.state.count.seen).toEqual(['child']);
  });

  it('a seek by event returns the trace of the events it ran', () => {
    const engine = new Engine<Counter>({
      state: start(),
      handlers: { say: [defineHandler<Counter, string>((_s, event, ctx) => ctx.trace('say', event.payload))] },
    });
    for (const [i, word] of ['one', 'two', 'three'].entries()) engine.schedule('say', word, i + 1);
    expect(engine.seekEvent(2).trace.map((t) => t.text)).toEqual(['one', 'two']);
  });

  it('a seek whose work budget ends exactly at its target is complete', () => {
    const { engine } = withEvents(10, { keyframeEvery: 100 });
    expect(engine.seekEvent(4, { maxWork: 4 }).complete).toBe(true);
    expect(engine.eventIndex).toBe(4);
    // A budget smaller than one batch stops inside it.
    expect(engine.seekEvent(9, { maxWork: 2 }).complete).toBe(false);
    expect(engine.eventIndex).toBe(6);
  });

  it('a failed batch keeps the events it never reached, and an input made where it started', () => {
    const engine = new Engine<Counter>({
      state: start(),
      handlers: {
        tag: [defineHandler<Counter, string>((_s, event, ctx) => void ctx.mut('count', 'seen').push(event.payload))],
        boom: [
          defineHandler<Counter, null>(() => {
            throw new Error('boom');
          }),
        ],
      },
    });
    engine.schedule('tag', 'first', 1);
    engine.step();
    engine.schedule('boom', null, 2);
    engine.schedule('tag', 'later', 9);
    engine.input('tag', 'input', 5);
    const pending = engine.pending();
    expect(pending.map((e) => e.payload)).toEqual([null, 'input', 'later']);
    expect(() => engine.runUntil(100)).toThrow('boom');
    expect(engine.pending()).toEqual(pending);
  });

  it('a failed batch far from its keyframe is undone by replaying up to where it began', () => {
    let armed = false;
    const { engine } = failingLab({ keyframeEvery: 1000 }, () => armed);
    for (let i = 1; i <= 50; i++) engine.schedule('inc', null, i);
    engine.schedule('maybe', null, 45);
    engine.runUntil(40, { batchSize: 7 });
    const before = engine.state;
    const [pending, hash] = [engine.pending(), engine.hash()];
    armed = true;
    expect(() => engine.runUntil(100)).toThrow('boom');
    // The same state object, and the queue rebuilt from the keyframe at 0 by 40 events of replay.
    expect(engine.state).toBe(before);
    expect(engine.pending()).toEqual(pending);
    expect(engine.hash()).toBe(hash);
    armed = false;
    engine.runUntil(100);
    expect(engine.state.count.n).toBe(50);
  });

  it('a failed batch past a later keyframe replays from that one, exactly up to where it began', () => {
    let armed = false;
    const { engine, calls } = failingLab({ keyframeEvery: 10 }, () => armed);
    for (let i = 1; i <= 50; i++) engine.schedule('inc', null, i);
    engine.schedule('maybe', null, 27.5);
    engine.runUntil(25, { batchSize: 1 });
    const [pending, hash] = [engine.pending(), engine.hash()];
    armed = true;
    const incsBefore = calls();
    expect(() => engine.runUntil(100)).toThrow('boom');
    // The batch ran the events at 26 and 27 and failed; the keyframe at 20 was restored and
    // events 21…25 replayed.
    expect(calls() - incsBefore).toBe(2 + 5);
    expect(engine.eventIndex).toBe(25);
    expect(engine.pending()).toEqual(pending);
    expect(engine.hash()).toBe(hash);
  });
});

describe('a failed batch that cannot be undone', () => {
  it('stops a one-way run (no keyframe to go back to): every later call says why', () => {
    const { engine } = failingLab({ keyframeEvery: null }, () => true);
    engine.schedule('inc', null, 1);
    engine.schedule('maybe', null, 2);
    expect(() => engine.runUntil(100)).toThrow('boom');
    for (const call of [() => engine.step(), () => engine.runUntil(100), () => engine.hash(), () => engine.schedule('inc', null, 5), () => engine.input('inc', null)]) {
      expect(call).toThrow(EngineStopped);
    }
    expect(() => engine.step()).toThrow('the engine stopped at a failed batch it cannot undo (no keyframe before it, or its replay failed as well): boom');
  });

  it('stops on a failure that is no error object at all', () => {
    const engine = new Engine<Counter>({
      state: start(),
      handlers: {
        odd: [
          defineHandler<Counter, null>(() => {
            throw undefined;
          }),
        ],
      },
      keyframeEvery: null,
    });
    engine.schedule('odd', null, 1);
    expect(() => engine.step()).toThrow();
    expect(() => engine.step()).toThrow(/failed batch it cannot undo .*: undefined$/);
  });

  it('stops when the replay that would undo it fails too (a handler that is not deterministic)', () => {
    // `maybe` runs at time 2 and 4; it fails on its second call and on every call after.
    let calls = 0;
    const { engine } = failingLab({}, () => ++calls >= 2);
    engine.schedule('maybe', null, 2);
    engine.schedule('inc', null, 3);
    engine.schedule('maybe', null, 4);
    engine.step(2);
    expect(() => engine.step(1)).toThrow('boom');
    // Once in the batch, once in the replay that would have undone it: no replay of the replay.
    expect(calls).toBe(3);
    expect(() => engine.hash()).toThrow(EngineStopped);
  });
});

describe('ctx.emit notifications', () => {
  it('reach their handlers with the emitting event’s time, priority and seq', () => {
    const heard: [number, number, number, unknown][] = [];
    const engine = new Engine<Counter>({
      state: start(),
      handlers: {
        shout: [defineHandler<Counter, number>((_s, event, ctx) => ctx.emit('heard', event.payload * 10))],
        heard: [defineHandler<Counter, number>((_s, event) => void heard.push([event.at, event.priority, event.seq, event.payload]))],
      },
    });
    engine.schedule('shout', 1, 4, 2);
    engine.schedule('shout', 2, 6, 0);
    engine.step(2);
    expect(heard).toEqual([
      [4, 2, 0, 10],
      [6, 0, 1, 20],
    ]);
  });

  it('may nest eight deep, not nine', () => {
    const chain = (limit: number) => {
      let reached = 0;
      const engine = new Engine<Counter>({
        state: start(),
        handlers: {
          relay: [
            defineHandler<Counter, number>((_s, event, ctx) => {
              reached = event.payload;
              if (event.payload < limit) ctx.emit('relay', event.payload + 1);
            }),
          ],
        },
      });
      engine.schedule('relay', 0, 1);
      return { run: () => engine.step(), reached: () => reached };
    };
    const eight = chain(8);
    expect(eight.run()?.toEvent).toBe(1);
    expect(eight.reached()).toBe(8);
    const nine = chain(9);
    expect(() => nine.run()).toThrow(EmitTooDeep);
    expect(() => nine.run()).toThrow('ctx.emit nested more than 8 deep while handling "relay"');
  });
});

describe('after-event hooks', () => {
  it('run after every event: draft hooks always, direct hooks without a watch list always, with one only when touched', () => {
    const log: string[] = [];
    const touching = defineHandler<Counter, string>((_s, event, ctx) => {
      if (event.payload !== 'quiet') ctx.touch(event.payload, 1);
    });
    const draftHook = (_draft: unknown, touched: Touched, ctx: HandlerContext) => void log.push(`draft@${ctx.eventIndex}:${[...touched.keys()].join(',')}`);
    const always = defineAfterEventHook<Counter>((_s, touched, ctx) => void log.push(`always@${ctx.eventIndex}:${touched.size}`));
    const watcher = { ...defineAfterEventHook<Counter>((state, touched, ctx) => void log.push(`watch@${ctx.eventIndex}:${[...(touched.get('host') ?? [])].join(',')}`)), watches: ['cpu', 'host'] };
    const engine = new Engine<Counter>({ state: start(), handlers: { t: [touching] }, afterEvent: [draftHook, always, watcher] });
    engine.schedule('t', 'quiet', 1);
    engine.schedule('t', 'host', 2);
    engine.schedule('t', 'disk', 3);
    engine.step(3);
    expect(log).toEqual(['draft@0:', 'always@0:0', 'draft@1:host', 'always@1:1', 'watch@1:1', 'draft@2:disk', 'always@2:1']);
  });

  it('may write through the draft or ctx.mut, and their writes are part of the state', () => {
    const engine = new Engine<Counter>({
      state: start(),
      handlers: { inc: [defineHandler<Counter, null>((state, _e, ctx) => void (ctx.mut('count').n = state.count.n + 1))] },
      afterEvent: [
        (draft: { count: { seen: string[] } }) => void draft.count.seen.push('d'),
        defineAfterEventHook<Counter>((state, _t, ctx) => void ctx.mut('count', 'seen').push(`n=${state.count.n}`)),
      ],
    });
    engine.schedule('inc', null, 1);
    engine.step();
    expect(engine.state.count).toEqual({ n: 1, seen: ['d', 'n=1'] });
  });
});

describe('user inputs', () => {
  it('are inserted now (or later, never earlier), logged as copies and replace the old future', () => {
    const { engine } = withEvents(10);
    engine.step(4);
    const first = engine.input('tag', 'one');
    expect(first).toEqual({ at: 4, priority: 0, seq: 10, kind: 'tag', payload: 'one', inputAfter: 4 });
    expect(engine.input('tag', 'two', 2).at).toBe(4);
    expect(engine.input('tag', 'three', 7).at).toBe(7);
    const log = engine.inputLog();
    expect(log.map((e) => e.payload)).toEqual(['one', 'two', 'three']);
    (log[0] as SimEvent).payload = 'changed';
    expect(engine.inputLog()[0]?.payload).toBe('one');
    engine.step(6);
    expect(engine.state.count.seen).toEqual(['one', 'two', 'three']);
    expect(engine.furthestEventIndex).toBe(10);
    engine.seekEvent(2);
    engine.input('tag', 'new');
    expect(engine.furthestEventIndex).toBe(2);
    expect(engine.inputLog().map((e) => e.payload)).toEqual(['new']);
    engine.runUntil(100);
    expect(engine.state.count.seen).toEqual(['new']);
  });

  it('are replayed where they happened after stepping back over them', () => {
    const { engine } = withEvents(6, { keyframeEvery: 2 });
    engine.step(3);
    engine.input('tag', 'x', 5);
    engine.step(5);
    const after = engine.hash();
    engine.seekEvent(1);
    expect(engine.state.count.seen).toEqual([]);
    engine.seekEvent(8);
    expect(engine.hash()).toBe(after);
    engine.stepBack(8);
    engine.runUntil(100);
    expect(engine.state.count.seen).toEqual(['x']);
    expect(engine.state.count.n).toBe(6);
  });
});

describe('time travel basics', () => {
  it('clamps and rounds seek targets, and reports the furthest index reached', () => {
    const { engine } = withEvents(10);
    engine.runUntil(100);
    expect(engine.furthestEventIndex).toBe(10);
    engine.seekEvent(-3);
    expect(engine.eventIndex).toBe(0);
    engine.seekEvent(4.7);
    expect(engine.eventIndex).toBe(4);
    expect(engine.seekEvent(50).complete).toBe(true);
    expect(engine.eventIndex).toBe(10);
    engine.stepBack();
    expect(engine.eventIndex).toBe(9);
    engine.stepBack(100);
    expect(engine.eventIndex).toBe(0);
    expect(engine.furthestEventIndex).toBe(10);
  });

  it('a move returns the patches from the old state, the trace of what it ran, and whether it finished', () => {
    const engine = new Engine<Counter>({
      state: start(),
      handlers: {
        inc: [
          defineHandler<Counter, null>((state, _e, ctx) => {
            const n = state.count.n + 1;
            ctx.mut('count').n = n;
            ctx.trace('inc', `n=${n}`);
          }),
        ],
      },
      keyframeEvery: 3,
    });
    for (let i = 1; i <= 8; i++) engine.schedule('inc', null, i * 10);
    engine.runUntil(1000);
    const back = engine.seekEvent(2);
    expect(back.complete).toBe(true);
    expect(back.patches).toEqual([
      { op: 'replace', path: ['time'], value: 20 },
      { op: 'replace', path: ['eventIndex'], value: 2 },
      { op: 'replace', path: ['count', 'n'], value: 2 },
    ]);
    const forward = engine.seekTime(45);
    expect(forward.trace.map((t) => t.text)).toEqual(['n=3', 'n=4']);
    expect(forward.complete).toBe(true);
    expect(engine.eventIndex).toBe(4);
    const sliced = engine.seekEvent(8, { maxWork: 2 });
    expect(sliced.complete).toBe(false);
    expect(engine.eventIndex).toBe(6);
    expect(engine.seekEvent(8, { maxPatches: 1 }).patches).toBeNull();
    expect(engine.eventIndex).toBe(8);
    const timeSliced = engine.seekTime(5, { maxWork: 1 });
    expect(engine.now).toBeLessThanOrEqual(5);
    expect(timeSliced.complete).toBe(true);
    expect(engine.seekTime(75, { maxWork: 1 }).complete).toBe(false);
    // Stopped with the next event due exactly at the target time: not complete yet.
    engine.seekEvent(4);
    expect(engine.seekTime(60, { maxWork: 1 }).complete).toBe(false);
    expect(engine.now).toBe(50);
    expect(engine.seekTime(60, { maxWork: 1 }).complete).toBe(true);
    expect(engine.now).toBe(60);
  });

  it("answers a move with too many patches at once when the model's floor says so, and diffs otherwise", () => {
    const floors: number[] = [];
    const floor = (from: Counter, to: Counter): number => {
      floors.push(to.count.n - from.count.n);
      return Math.abs(to.count.n - from.count.n) * 10;
    };
    const { engine } = withEvents(10, { keyframeEvery: 3, patchFloor: floor });
    engine.runUntil(100);
    // Two events back: a floor of 20 is over a limit of 19 (the diff itself would be 3 patches).
    expect(engine.seekEvent(8, { maxPatches: 19 }).patches).toBeNull();
    expect(engine.eventIndex).toBe(8);
    expect(engine.seekEvent(10, { maxPatches: 20 }).patches).toHaveLength(3);
    // No limit, no floor asked.
    const asked = floors.length;
    expect(engine.seekTime(2).patches?.length).toBeGreaterThan(0);
    expect(floors).toHaveLength(asked);
  });

  it('seeks by time backwards to the state after every event at or before it', () => {
    const { engine } = withEvents(10, { keyframeEvery: 3 });
    engine.runUntil(100);
    engine.seekTime(6);
    expect([engine.eventIndex, engine.now]).toEqual([6, 6]);
    engine.seekTime(0);
    expect(engine.eventIndex).toBe(0);
    engine.seekTime(9.5);
    expect(engine.eventIndex).toBe(9);
  });

  it('cannot rewind an engine that never ran or keeps no keyframes', () => {
    const fresh = withEvents(3).engine;
    expect(() => fresh.seekTime(-1)).toThrow(NoKeyframe);
    const oneWay = withEvents(3, { keyframeEvery: null }).engine;
    oneWay.runUntil(10);
    expect(() => oneWay.stepBack()).toThrow(NoKeyframe);
  });

  it('diffs two states at the engine’s granularity', () => {
    const { engine } = withEvents(2, { diffAtomic: (path) => path.length === 1 && path[0] === 'count' });
    const before = engine.state;
    engine.step(2);
    expect(engine.diff(before, engine.state)).toEqual([
      { op: 'replace', path: ['time'], value: 2 },
      { op: 'replace', path: ['eventIndex'], value: 2 },
      { op: 'replace', path: ['count'], value: { n: 2, seen: [] } },
    ]);
    expect(engine.step()).toBeNull();
    expect(engine.seekEvent(0).patches?.find((p) => p.path[0] === 'count')).toEqual({ op: 'replace', path: ['count'], value: { n: 0, seen: [] } });
  });
});
