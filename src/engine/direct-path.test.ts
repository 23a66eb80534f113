import { describe, expect, it } from 'vitest';
import { Engine, type HandlerTable } from './engine';
import { BadWritePath, EmitTooDeep, UnknownEventKind } from './errors';
import { EventColumns } from './event-columns';
import { EventQueue } from './heap';
import { seedRng } from './rng';
import { defineAfterEventHook, defineHandler, type SimCore, type SimEvent } from './types';

/** The direct (copy-on-first-write) engine path: writes go through ctx.mut or fail loudly. */
interface Shelf extends SimCore {
  shelf: { items: number[]; meta: { count: number } };
  other: { untouched: number[] };
}

const initial = (): Shelf => ({
  time: 0,
  eventIndex: 0,
  rng: seedRng(1),
  faults: {},
  violations: [],
  shelf: { items: [], meta: { count: 0 } },
  other: { untouched: [1, 2, 3] },
});

const add = defineHandler<Shelf, { item: number }>((state, event, ctx) => {
  ctx.mut('shelf', 'items').push(event.payload.item);
  ctx.mut('shelf', 'meta').count = state.shelf.meta.count + 1;
});

function engineWith(handlers: HandlerTable<Shelf>): Engine<Shelf> {
  return new Engine<Shelf>({ state: initial(), handlers, freeze: true, keyframeEvery: 3 });
}

describe('direct handlers', () => {
  it('write through ctx.mut, share untouched chunks and leave the state before unchanged', () => {
    const engine = engineWith({ add: [add] });
    engine.schedule('add', { item: 7 }, 1);
    engine.schedule('add', { item: 8 }, 2);
    const before = engine.state;
    engine.step(2);
    expect(engine.state.shelf.items).toEqual([7, 8]);
    expect(engine.state.shelf.meta.count).toBe(2);
    expect(engine.state.other).toBe(before.other);
    expect(before.shelf.items).toEqual([]);
    expect(Object.isFrozen(engine.state.shelf.items)).toBe(true);
  });

  it('write at every depth ctx.mut types, one to six keys', () => {
    interface Deep extends SimCore {
      a: { n: number; b: { n: number; c: { n: number; d: { n: number; e: { n: number; f: { n: number } } } } } };
    }
    const level = (n: number): Deep['a'] => ({ n: 0, b: { n: 0, c: { n: 0, d: { n: 0, e: { n: 0, f: { n } } } } } });
    const deepen = defineHandler<Deep, null>((state, _e, ctx) => {
      ctx.mut('a').n = state.a.n + 1;
      ctx.mut('a', 'b').n = state.a.b.n + 2;
      ctx.mut('a', 'b', 'c').n = state.a.b.c.n + 3;
      ctx.mut('a', 'b', 'c', 'd').n = state.a.b.c.d.n + 4;
      ctx.mut('a', 'b', 'c', 'd', 'e').n = state.a.b.c.d.e.n + 5;
      ctx.mut('a', 'b', 'c', 'd', 'e', 'f').n = state.a.b.c.d.e.f.n + 6;
    });
    const engine = new Engine<Deep>({ state: { time: 0, eventIndex: 0, rng: seedRng(1), faults: {}, violations: [], a: level(0) }, handlers: { deepen: [deepen] }, freeze: true });
    engine.schedule('deepen', null, 1);
    engine.schedule('deepen', null, 2);
    engine.step(1);
    engine.step(1);
    const a = engine.state.a;
    expect([a.n, a.b.n, a.b.c.n, a.b.c.d.n, a.b.c.d.e.n, a.b.c.d.e.f.n]).toEqual([2, 4, 6, 8, 10, 12]);
  });

  it('cannot write past ctx.mut: the frozen state throws and the batch is dropped whole', () => {
    const sneaky = defineHandler<Shelf, null>((state) => {
      // The types forbid this write; at run time the frozen state refuses it.
      (state.other.untouched as number[]).push(4);
    });
    const engine = engineWith({ add: [add], sneaky: [sneaky] });
    engine.schedule('add', { item: 1 }, 1);
    engine.schedule('sneaky', null, 2);
    const hash = engine.hash();
    expect(() => engine.step(2)).toThrow(TypeError);
    expect(engine.hash()).toBe(hash);
    expect(engine.state.other.untouched).toEqual([1, 2, 3]);
  });

  it('names a bad write path with a typed error', () => {
    const bad = defineHandler<Shelf, null>((_state, _event, ctx) => {
      ctx.mut('shelf', 'items', 5);
    });
    const engine = engineWith({ bad: [bad] });
    engine.schedule('bad', null, 1);
    expect(() => engine.step()).toThrow(BadWritePath);
    expect(() => engine.schedule('nope', null, 1)).toThrow(UnknownEventKind);
  });
});

describe('direct after-event hooks', () => {
  it('run only after events that touched a kind they watch', () => {
    const seen: number[] = [];
    const hook = { ...defineAfterEventHook<Shelf>((_state, _touched, ctx) => seen.push(ctx.eventIndex)), watches: ['item'] };
    const touching = defineHandler<Shelf, { item: number }>((_state, event, ctx) => ctx.touch('item', event.payload.item));
    const engine = new Engine<Shelf>({ state: initial(), handlers: { add: [add], touch: [touching] }, afterEvent: [hook], freeze: true });
    engine.schedule('add', { item: 1 }, 1);
    engine.schedule('touch', { item: 2 }, 2);
    engine.schedule('add', { item: 3 }, 3);
    engine.step(3);
    expect(seen).toEqual([1]);
  });
});

describe('ctx.emit', () => {
  it('runs the notified handlers within the same event, after the emitting handler and before the next one', () => {
    const order: string[] = [];
    const engine = engineWith({
      add: [
        defineHandler<Shelf, { item: number }>((_state, event, ctx) => {
          order.push('first');
          ctx.emit('added', { item: event.payload.item });
        }),
        defineHandler<Shelf, unknown>(() => {
          order.push('second');
        }),
      ],
      added: [
        (draft, event) => {
          order.push('draft listener');
          draft.shelf.items.push((event.payload as { item: number }).item);
        },
        defineHandler<Shelf, { item: number }>((state, event, ctx) => {
          order.push(`direct listener sees ${state.shelf.items.length}`);
          ctx.mut('shelf', 'meta').count = event.payload.item;
        }),
      ],
    });
    engine.schedule('add', { item: 5 }, 1);
    engine.step(1);
    expect(order).toEqual(['first', 'draft listener', 'direct listener sees 1', 'second']);
    expect(engine.state.eventIndex).toBe(1);
    expect(engine.state.shelf).toEqual({ items: [5], meta: { count: 5 } });
  });

  it('drops a notification nobody handles, and stops one that emits itself forever', () => {
    const engine = engineWith({
      quiet: [defineHandler<Shelf, null>((_s, _e, ctx) => ctx.emit('nobody', null))],
      loop: [defineHandler<Shelf, null>((_s, _e, ctx) => ctx.emit('loop', null))],
    });
    engine.schedule('quiet', null, 1);
    engine.step(1);
    expect(engine.state.eventIndex).toBe(1);
    engine.schedule('loop', null, 1);
    expect(() => engine.step(1)).toThrow(EmitTooDeep);
    expect(engine.state.eventIndex).toBe(1);
  });
});

describe('scripted events', () => {
  const script = [5, 1, 3, 3, 9, 2, 8].map((at, i) => ({ kind: 'add', payload: { item: i }, at, priority: i % 2 }));

  it('run exactly as the same events scheduled one by one, through step back and seek', () => {
    const viaQueue = engineWith({ add: [add] });
    for (const e of script) viaQueue.schedule(e.kind, e.payload, e.at, e.priority);
    const viaScript = engineWith({ add: [add] });
    viaScript.scheduleScript(script);
    expect(viaScript.pending()).toEqual(viaQueue.pending());
    expect(viaScript.hash()).toBe(viaQueue.hash());
    for (const engine of [viaQueue, viaScript]) {
      engine.step(5);
      engine.stepBack(4);
      engine.seekEvent(6);
      engine.seekEvent(2);
    }
    expect(viaScript.hash()).toBe(viaQueue.hash());
    expect(viaScript.state.shelf.items).toEqual(viaQueue.state.shelf.items);
    viaScript.runUntil(100);
    expect(viaScript.state.shelf.items).toEqual([1, 5, 2, 3, 0, 6, 4]);
  });
});

describe('EventColumns', () => {
  it('pops in the same order as the object heap, and restores snapshots independently', () => {
    const events: SimEvent[] = Array.from({ length: 300 }, (_, seq) => ({ at: (seq * 7919) % 53, priority: seq % 3, seq, kind: seq % 2 ? 'a' : 'b', payload: { seq } }));
    const columns = new EventColumns();
    const heap = new EventQueue();
    for (const e of events) {
      columns.push(e);
      heap.push(e);
    }
    const snapshot = columns.snapshot();
    const drained: SimEvent[] = [];
    for (let e = columns.pop(); e; e = columns.pop()) drained.push(e);
    const expected: SimEvent[] = [];
    for (let e = heap.pop(); e; e = heap.pop()) expected.push(e);
    expect(drained).toEqual(expected);
    const restored = EventColumns.from(snapshot);
    expect(restored.size).toBe(300);
    expect(restored.sorted()).toEqual(expected);
  });
});
