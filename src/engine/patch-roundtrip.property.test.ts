import fc from 'fast-check';
import { applyPatches as immerApplyPatches, type Patch } from 'immer';
import { applySharedPatches } from './apply-patches';
import { describe, expect, it } from 'vitest';
import { diffPatches } from './diff';
import { Engine } from './engine';
import { seedRng } from './rng';
import { defineHandler, type Handler, type SimCore } from './types';

/**
 * Patches are how a UI mirror follows the engine: a frame's patches (step) and a move's diff
 * (step back, seek) applied to the state before must give the state after, and the diff back
 * must give the state before again. The workload adds and deletes record keys and grows and
 * shrinks arrays, so `add`, `remove` and `replace` all occur.
 */
interface ChurnState extends SimCore {
  world: { bag: Record<string, number>; log: number[]; nested: Record<string, { v: number }> };
}

const churn: Handler<ChurnState> = (draft, event, ctx) => {
  const key = `k${ctx.randomInt(6)}`;
  if (key in draft.world.bag) delete draft.world.bag[key];
  else draft.world.bag[key] = ctx.eventIndex;
  const nestedKey = `n${ctx.randomInt(3)}`;
  const nested = draft.world.nested[nestedKey];
  if (nested && ctx.randomInt(2) === 0) delete draft.world.nested[nestedKey];
  else if (nested) nested.v++;
  else draft.world.nested[nestedKey] = { v: 0 };
  if (ctx.randomInt(3) === 0 && draft.world.log.length > 0) draft.world.log.shift();
  else draft.world.log.push(ctx.eventIndex);
  ctx.schedule('churn', event.payload, 1 + ctx.randomInt(20));
};

/** The same churn on the direct path: reads from the state, writes through `ctx.mut`. */
const directChurn = defineHandler<ChurnState, { process: number }>((state, event, ctx) => {
  const key = `k${ctx.randomInt(6)}`;
  const bag = ctx.mut('world', 'bag');
  if (key in bag) delete bag[key];
  else bag[key] = ctx.eventIndex;
  const nestedKey = `n${ctx.randomInt(3)}`;
  const nested = state.world.nested[nestedKey];
  if (nested && ctx.randomInt(2) === 0) delete ctx.mut('world', 'nested')[nestedKey];
  else if (nested) ctx.mut('world', 'nested', nestedKey).v++;
  else ctx.mut('world', 'nested')[nestedKey] = { v: 0 };
  if (ctx.randomInt(3) === 0 && state.world.log.length > 0) ctx.mut('world', 'log').shift();
  else ctx.mut('world', 'log').push(ctx.eventIndex);
  ctx.schedule('churn', event.payload, 1 + ctx.randomInt(20));
});

/** A direct handler after the draft one on the same event (the draft is closed in between). */
const directNote = defineHandler<ChurnState, { process: number }>((state, _event, ctx) => {
  if (state.world.log.length > 0) ctx.mut('world', 'log')[0] = 1000 + ctx.eventIndex;
  ctx.mut('world', 'bag').last = ctx.eventIndex;
});

type Path = 'draft' | 'direct' | 'mixed';

function churnEngine(seed: number, keyframeEvery: number, path: Path = 'draft'): Engine<ChurnState> {
  const handlers = path === 'draft' ? [churn] : path === 'direct' ? [directChurn] : [churn, directNote];
  const engine = new Engine<ChurnState>({
    state: { time: 0, eventIndex: 0, rng: seedRng(seed), faults: {}, violations: [], world: { bag: {}, log: [], nested: {} } },
    handlers: { churn: handlers },
    keyframeEvery,
  });
  engine.schedule('churn', { process: 0 }, 0);
  engine.schedule('churn', { process: 1 }, 3);
  return engine;
}

/**
 * Applies patches with both appliers — immer's, and the mirror's structural-sharing one — checks
 * they agree and returns the result. The shared applier also runs on the frozen original (the
 * engine freezes states in tests), so a write into the base would throw.
 */
function applyPatches<T>(base: T, patches: readonly Patch[]): T {
  const viaImmer = immerApplyPatches(base as object, [...patches]) as T;
  const shared = applySharedPatches(deepFreeze(structuredClone(base)), patches);
  expect(shared).toEqual(viaImmer);
  return shared;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** The state as plain JSON, as a mirror on the other side of IPC holds it. */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function expectRoundTrip(before: ChurnState, patches: Patch[] | null, after: ChurnState): void {
  if (patches === null) throw new Error('a move without a patch limit must give patches');
  expect(applyPatches(plain(before), patches)).toEqual(plain(after));
  // The inverse: the diff from after to before takes the mirror back.
  expect(applyPatches(plain(after), diffPatches(after, before))).toEqual(plain(before));
}

const moveArb = fc.oneof(
  fc.record({ kind: fc.constant('step' as const), count: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ kind: fc.constant('back' as const), count: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ kind: fc.constant('seekEvent' as const), target: fc.integer({ min: 0, max: 120 }) }),
  fc.record({ kind: fc.constant('seekTime' as const), time: fc.integer({ min: 0, max: 400 }) }),
);

describe('patch round trip (property-based)', () => {
  it('frame and move patches take the previous state to the next, and the diff back restores it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 1, max: 25 }),
        fc.array(moveArb, { minLength: 1, maxLength: 12 }),
        fc.constantFrom<Path>('draft', 'direct', 'mixed'),
        (seed, keyframeEvery, moves, path) => {
          const engine = churnEngine(seed, keyframeEvery, path);
          for (const move of moves) {
            const before = engine.state;
            if (move.kind === 'step') {
              const frame = engine.step(move.count);
              if (frame) {
                expectRoundTrip(before, frame.patches, engine.state);
                // The frame's own inverse patches take the mirror back to the state before it.
                expect(applyPatches(plain(engine.state), frame.inversePatches ?? [])).toEqual(plain(before));
              }
            } else {
              const result =
                move.kind === 'back' ? engine.stepBack(move.count) : move.kind === 'seekEvent' ? engine.seekEvent(move.target) : engine.seekTime(move.time);
              expectRoundTrip(before, result.patches, engine.state);
            }
          }
        },
      ),
      { numRuns: 90 },
    );
  });

  it('draft, direct and mixed handlers reach the same states (the paths are interchangeable)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 1, max: 200 }), (seed, events) => {
        const run = (path: Path) => {
          const engine = churnEngine(seed, 7, path);
          engine.step(events);
          engine.stepBack(Math.floor(events / 3));
          return engine.hash();
        };
        expect(run('direct')).toBe(run('draft'));
      }),
      { numRuns: 40 },
    );
  });

  it('a step back over deleted keys and a seek to the start emit remove operations that work', () => {
    const engine = churnEngine(3, 10);
    const start = engine.state;
    engine.step(40);
    const after = engine.state;
    const move = engine.seekEvent(0);
    expect(move.patches?.some((p) => p.op === 'remove')).toBe(true);
    expectRoundTrip(after, move.patches, engine.state);
    expect(plain(engine.state)).toEqual(plain(start));
  });
});

describe('diffPatches on arbitrary JSON (property-based)', () => {
  const key = fc.constantFrom('a', 'b', 'c', 'd', 'e');
  const json = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.integer(), fc.string({ maxLength: 3 }), fc.boolean(), fc.constant(null), tie('object'), tie('array')),
    object: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
    array: fc.array(tie('value'), { maxLength: 4 }),
  }));

  it('applying diffPatches(a, b) to a gives b, whatever keys b dropped or added', () => {
    fc.assert(
      fc.property(json.object, json.object, (a, b) => {
        expect(applyPatches(a, diffPatches(a, b))).toEqual(b);
      }),
      { numRuns: 300 },
    );
  });

  it('with atomic paths, sends a changed atomic record whole and never a patch inside one, still exactly', () => {
    const atomic = (path: readonly (string | number)[]) => path.length === 2 && path[0] === 'a';
    fc.assert(
      fc.property(json.object, json.object, (a, b) => {
        const patches = diffPatches(a, b, { atomic });
        expect(patches.every((p) => !(p.path.length > 2 && p.path[0] === 'a'))).toBe(true);
        expect(applyPatches(a, patches)).toEqual(b);
      }),
      { numRuns: 300 },
    );
    const before = { a: { x: { y: 1, z: 2 } }, b: { x: { y: 1 } } };
    const after = { a: { x: { y: 3, z: 2 } }, b: { x: { y: 3 } } };
    expect(diffPatches(before, after, { atomic }).map((p) => p.path)).toEqual([
      ['a', 'x'],
      ['b', 'x', 'y'],
    ]);
  });

  it('diffs long arrays of equal length element by element, still exactly', () => {
    const a = Array.from({ length: 100 }, (_, i) => ({ i, tag: i % 7 === 0 ? 'x' : null }));
    const b = a.map((entry, i) => (i % 10 === 0 || i === 99 ? { i } : entry));
    const patches = diffPatches({ list: a }, { list: b });
    expect(patches.every((p) => p.path[0] === 'list' && typeof p.path[1] === 'number')).toBe(true);
    expect(applyPatches({ list: a }, patches)).toEqual({ list: b });
  });
});
