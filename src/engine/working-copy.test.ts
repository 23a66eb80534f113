import { describe, expect, it } from 'vitest';
import { BatchContext } from './batch-context';
import { BadWritePath } from './errors';
import { seedRng } from './rng';
import type { SimCore } from './types';
import { committedEntries, entryCount } from './committed-entries';
import { deepFreeze, FREEZE_BY_DEFAULT, WorkingCopy } from './working-copy';

/** The batch's copy-on-first-write state and the context handlers write through. */

interface Lab extends SimCore {
  hosts: { h1: { cpu: number; tags: string[] }; h2: { cpu: number; tags: string[] } };
  log: number[];
  note: string | null;
}

const lab = (): Lab =>
  deepFreeze2({
    time: 5,
    eventIndex: 2,
    rng: seedRng(3),
    faults: { slowDisk: true, offline: false },
    violations: [],
    hosts: { h1: { cpu: 1, tags: ['a'] }, h2: { cpu: 2, tags: [] } },
    log: [1],
    note: null,
  });

function deepFreeze2<T>(value: T): T {
  deepFreeze(value);
  return value;
}

/** A record with more keys than a spread copy handles well (the copy switches to key-by-key). */
const wide = (n: number): Record<string, number> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
/** A collection of entities by id (the fleet's buckets are), copied key by key once it has more than 16. */
const entities = (n: number): Record<string, { id: number }> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, { id: i }]));

describe('WorkingCopy', () => {
  it('shows the initial state before its first batch', () => {
    const base = lab();
    const copy = new WorkingCopy<Lab>(base, true);
    expect(copy.peek()).toBe(base);
    expect(copy.state).toBe(base);
  });

  it('copies each chunk on its first write only, and shares everything not written', () => {
    const base = lab();
    const copy = new WorkingCopy<Lab>(base, true);
    copy.begin(base);
    const h1 = copy.mut(['hosts', 'h1']) as { cpu: number };
    h1.cpu = 4;
    expect(copy.mut(['hosts', 'h1'])).toBe(h1);
    const log = copy.mut(['log']) as number[];
    expect(Array.isArray(log)).toBe(true);
    log.push(2);
    const next = copy.finish();
    expect(next).not.toBe(base);
    expect(next.hosts.h1).toEqual({ cpu: 4, tags: ['a'] });
    expect(next.hosts.h2).toBe(base.hosts.h2);
    expect(next.hosts.h1.tags).toBe(base.hosts.h1.tags);
    expect(next.log).toEqual([1, 2]);
    expect(base.hosts.h1.cpu).toBe(1);
    expect(base.log).toEqual([1]);
  });

  it('freezes what the batch created when freezing is on, and leaves it writable when off', () => {
    const base = lab();
    const frozenCopy = new WorkingCopy<Lab>(base, true);
    frozenCopy.begin(base);
    (frozenCopy.mut(['hosts', 'h1']) as { cpu: number }).cpu = 9;
    (frozenCopy.mut(['hosts', 'h2']) as { extra?: { deep: number[] } }).extra = { deep: [1] };
    const frozen = frozenCopy.finish();
    expect(Object.isFrozen(frozen)).toBe(true);
    expect(Object.isFrozen(frozen.hosts)).toBe(true);
    expect(Object.isFrozen(frozen.hosts.h1)).toBe(true);
    const extra = (frozen.hosts.h2 as { extra?: { deep: number[] } }).extra;
    expect(Object.isFrozen(extra)).toBe(true);
    expect(Object.isFrozen(extra?.deep)).toBe(true);

    // Past the few chunks kept in an array, every copy is frozen too.
    const many = deepFreeze2({ ...lab(), list: Array.from({ length: 20 }, (_, i) => [i]) });
    const manyCopy = new WorkingCopy<typeof many>(many, true);
    manyCopy.begin(many);
    for (let i = 0; i < 20; i++) (manyCopy.mut(['list', i]) as number[]).push(i);
    const manyFrozen = manyCopy.finish();
    expect(manyFrozen.list.every((chunk) => Object.isFrozen(chunk))).toBe(true);

    const open = new WorkingCopy<Lab>(base, false);
    open.begin(base);
    (open.mut(['hosts', 'h1']) as { cpu: number }).cpu = 9;
    const thawed = open.finish();
    expect(thawed.hosts.h1.cpu).toBe(9);
    expect(Object.isFrozen(thawed)).toBe(false);
    expect(Object.isFrozen(thawed.hosts.h1)).toBe(false);
  });

  it('gives back the state before itself when a batch changed nothing', () => {
    const base = lab();
    const copy = new WorkingCopy<Lab>(base, true);
    copy.begin(base);
    expect(copy.finish()).toBe(base);
    copy.begin(base);
    copy.setRoot('time', 5);
    expect(copy.finish()).toBe(base);
  });

  it('counts a removed top-level field as a change', () => {
    const base = lab();
    const copy = new WorkingCopy<Lab>(base, true);
    copy.begin(base);
    delete (copy.mut([]) as Partial<Lab>).note;
    const next = copy.finish();
    expect(next).not.toBe(base);
    expect('note' in next).toBe(false);
  });

  it('writes top-level fields with setRoot', () => {
    const base = lab();
    const copy = new WorkingCopy<Lab>(base, true);
    copy.begin(base);
    copy.setRoot('time', 50);
    const next = copy.finish();
    expect(next.time).toBe(50);
    expect(next.hosts).toBe(base.hosts);
  });

  it('copies a collection key by key, and a record of fields by spread, into equal plain records', () => {
    const base = deepFreeze2({ ...lab(), wide: entities(40), narrow: entities(16), fields: wide(40) });
    const copy = new WorkingCopy<typeof base>(base, true);
    copy.begin(base);
    const w = copy.mut(['wide']) as Record<string, { id: number }>;
    const n = copy.mut(['narrow']) as Record<string, { id: number }>;
    const f = copy.mut(['fields']) as Record<string, number>;
    expect(w).not.toBe(base.wide);
    expect(w).toEqual(entities(40));
    expect(Object.keys(w)).toEqual(Object.keys(entities(40)));
    expect(n).toEqual(entities(16));
    expect(f).toEqual(wide(40));
    expect(Object.keys(f)).toEqual(Object.keys(wide(40)));
    w['k0'] = { id: -1 };
    f['k0'] = -1;
    const next = copy.finish();
    expect(next.wide['k0']).toEqual({ id: -1 });
    expect(next.fields['k0']).toBe(-1);
    expect(Object.keys(next.wide)).toHaveLength(40);
    expect(base.wide['k0']).toEqual({ id: 0 });
    expect(base.fields['k0']).toBe(0);
  });

  it('keeps the keys of the collections a batch copied, read after it commits them (keys added or removed in the batch included)', () => {
    const numbered = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [String(i), [i]]));
    const base = deepFreeze2({ ...lab(), wide: entities(40), narrow: entities(16), fields: wide(40), table: wide(65), numbered, mixed: { ...numbered, last: [0] } });
    const copy = new WorkingCopy<typeof base>(base, false);
    copy.begin(base);
    const w = copy.mut(['wide']) as Record<string, { id: number }>;
    w['added'] = { id: -1 };
    delete w['k3'];
    (copy.mut(['narrow']) as Record<string, { id: number }>)['k0'] = { id: -1 };
    (copy.mut(['fields']) as Record<string, number>)['k0'] = -1;
    (copy.mut(['table']) as Record<string, number>)['k0'] = -1;
    (copy.mut(['numbered']) as Record<string, number[]>)['0'] = [-1];
    (copy.mut(['mixed']) as Record<string, number[]>)['0'] = [-1];
    const next = copy.finish();
    expect(next.numbered['0']).toEqual([-1]);
    expect(Object.keys(next.numbered)).toEqual(Object.keys(numbered));
    // Kept: the same array every time, and the record's keys and values as committed.
    const kept = committedEntries(next.wide) ?? [];
    expect(committedEntries(next.wide)).toBe(kept);
    const keys = Object.keys(next.wide);
    expect(entryCount(kept)).toBe(keys.length);
    expect(kept).toEqual([...keys, ...keys.map((k) => next.wide[k])]);
    expect(keys).toContain('added');
    expect(keys).not.toContain('k3');
    // Past 64 keys a record is a collection whatever it holds, unless all its keys are numbers.
    expect(committedEntries(next.table)).toBe(committedEntries(next.table));
    expect(committedEntries(next.mixed)).toBe(committedEntries(next.mixed));
    // Spread, so never kept: 16 entities or fewer, a record of 40 fields (numbers), one keyed by
    // numbers only (elements, which spread copies whole), one no batch copied.
    expect(committedEntries(next.numbered)).toBeUndefined();
    expect(committedEntries(next.narrow)).toBeUndefined();
    expect(committedEntries(next.fields)).toBeUndefined();
    expect(committedEntries(base.wide)).toBeUndefined();
    // The next copy of the committed record starts from its kept keys.
    copy.begin(next);
    const again = copy.mut(['wide']) as Record<string, { id: number }>;
    expect(Object.keys(again)).toEqual(Object.keys(next.wide));
    // A batch that is dropped commits nothing, so nothing of it is kept.
    const dropped = copy.mut(['wide']) as Record<string, { id: number }>;
    copy.abandon();
    copy.begin(next);
    copy.finish();
    expect(committedEntries(dropped)).toBeUndefined();
  });

  it('copies again in the next batch what the batch before wrote (its copies now belong to a state)', () => {
    const base = lab();
    const copy = new WorkingCopy<Lab>(base, false);
    copy.begin(base);
    (copy.mut(['hosts', 'h1']) as { cpu: number }).cpu = 7;
    (copy.mut(['log']) as number[]).push(2);
    const first = copy.finish();
    copy.begin(first);
    // The chunk written last in the batch before is the first written in this one.
    const log = copy.mut(['log']) as number[];
    expect(log).not.toBe(first.log);
    log.push(3);
    const h1 = copy.mut(['hosts', 'h1']) as { cpu: number };
    expect(h1).not.toBe(first.hosts.h1);
    h1.cpu = 8;
    // Many chunks (past the few kept in an array) go through the same check.
    const many = deepFreeze2({ ...lab(), list: Array.from({ length: 20 }, (_, i) => [i]) });
    const wide = new WorkingCopy<typeof many>(many, false);
    wide.begin(many);
    for (let i = 0; i < 20; i++) (wide.mut(['list', i]) as number[]).push(i);
    const after = wide.finish();
    wide.begin(after);
    for (let i = 0; i < 20; i++) expect(wide.mut(['list', i])).not.toBe(after.list[i]);
    expect(copy.finish().hosts.h1.cpu).toBe(8);
    expect(first.hosts.h1.cpu).toBe(7);
    expect(first.log).toEqual([1, 2]);
  });

  it('refuses a write path through a missing chunk, a number or null', () => {
    const base = lab();
    const copy = new WorkingCopy<Lab>(base, true);
    copy.begin(base);
    expect(() => copy.mut(['hosts', 'h9'])).toThrow(BadWritePath);
    expect(() => copy.mut(['hosts', 'h1', 'cpu'])).toThrow(BadWritePath);
    expect(() => copy.mut(['note'])).toThrow(BadWritePath);
  });

  it('drops an abandoned batch: the next batch starts again from its own base', () => {
    const base = lab();
    const copy = new WorkingCopy<Lab>(base, true);
    copy.begin(base);
    (copy.mut(['hosts', 'h1']) as { cpu: number }).cpu = 99;
    copy.asDraft();
    copy.abandon();
    expect(copy.peek()).toBe(base);
    expect(base.hosts.h1.cpu).toBe(1);
    copy.begin(base);
    expect(copy.state.hosts.h1).toBe(base.hosts.h1);
    expect(copy.finish()).toBe(base);
  });

  it('hands draft handlers one open draft, closes it before direct reads, and keeps its writes', () => {
    const base = lab();
    const copy = new WorkingCopy<Lab>(base, true);
    copy.begin(base);
    const draft = copy.asDraft();
    expect(copy.asDraft()).toBe(draft);
    expect(copy.peek()).toBe(draft);
    draft.log.push(7);
    draft.hosts.h2.cpu = 3;
    const state = copy.state;
    expect(state.log).toEqual([1, 7]);
    expect(copy.peek()).toBe(state);
    // After the draft: direct writes reuse what the draft already copied.
    (copy.mut(['hosts', 'h2']) as { cpu: number }).cpu += 1;
    const next = copy.finish();
    expect(next.log).toEqual([1, 7]);
    expect(next.hosts.h2.cpu).toBe(4);
    expect(next.hosts.h1).toBe(base.hosts.h1);
    expect(Object.isFrozen(next)).toBe(true);
    expect(Object.isFrozen(next.log)).toBe(true);
    expect(Object.isFrozen(next.hosts.h2)).toBe(true);
    expect(base.log).toEqual([1]);
  });

  it('keeps the root when a draft was opened but not written', () => {
    const base = lab();
    const copy = new WorkingCopy<Lab>(base, true);
    copy.begin(base);
    void copy.asDraft().log.length;
    expect(copy.finish()).toBe(base);
  });
});

describe('deepFreeze', () => {
  it('freezes new objects and arrays all the way down, and stops at chunks already frozen', () => {
    const shared = { stillOpen: { n: 1 } };
    Object.freeze(shared);
    const value = { list: [{ a: 1 }, 2, null], rec: { deep: { x: [3] } }, shared };
    deepFreeze(value);
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(value.list)).toBe(true);
    expect(Object.isFrozen(value.list[0])).toBe(true);
    expect(Object.isFrozen(value.rec.deep.x)).toBe(true);
    // Shared chunks were frozen when they were new; deepFreeze does not walk them again.
    expect(Object.isFrozen(shared.stillOpen)).toBe(false);
  });

  it('ignores values that are not objects', () => {
    expect(() => {
      deepFreeze(null);
      deepFreeze(3);
      deepFreeze('x');
    }).not.toThrow();
  });

  it('is on by default outside production builds (tests freeze)', () => {
    expect(FREEZE_BY_DEFAULT).toBe(true);
  });
});

describe('BatchContext (what handlers call during a batch)', () => {
  interface Pushed {
    kind: string;
    payload: unknown;
    at: number;
    priority: number;
  }
  function context(): { ctx: BatchContext<Lab>; pushed: Pushed[]; base: Lab } {
    const pushed: Pushed[] = [];
    const base = lab();
    const ctx = new BatchContext<Lab>(
      base,
      {
        push: (kind, payload, at, priority) => {
          pushed.push({ kind, payload, at, priority });
          return 100 + pushed.length;
        },
      },
      true,
    );
    ctx.begin(base);
    return { ctx, pushed, base };
  }

  it('starts each batch from the state before it: clock, index, a private PRNG, nothing pending', () => {
    const { ctx, base } = context();
    expect([ctx.now, ctx.eventIndex]).toEqual([5, 2]);
    expect(ctx.rng).toEqual(base.rng);
    expect(ctx.rng).not.toBe(base.rng);
    ctx.trace('k', 'text');
    ctx.touch('host', 'h1');
    ctx.work(3);
    ctx.emit('x', 1);
    ctx.schedule('x', null);
    ctx.begin(base);
    expect(ctx.trace_).toEqual([]);
    expect(ctx.takeTouched()).toBeNull();
    expect(ctx.takeEmitted()).toBeNull();
    expect(ctx.work_).toBe(0);
  });

  it('schedules after a delay from now (never in the past), at a time (never before now), default priority 0', () => {
    const { ctx, pushed } = context();
    ctx.now = 10;
    expect(ctx.schedule('a', 1, 5)).toBe(101);
    ctx.schedule('b', 2, -5, 3);
    ctx.schedule('c', 3);
    ctx.scheduleAt('d', 4, 30, 2);
    ctx.scheduleAt('e', 5, 4);
    expect(pushed).toEqual([
      { kind: 'a', payload: 1, at: 15, priority: 0 },
      { kind: 'b', payload: 2, at: 10, priority: 3 },
      { kind: 'c', payload: 3, at: 10, priority: 0 },
      { kind: 'd', payload: 4, at: 30, priority: 2 },
      { kind: 'e', payload: 5, at: 10, priority: 0 },
    ]);
  });

  it('draws from its own PRNG copy', () => {
    const { ctx, base } = context();
    const rng = [...base.rng];
    const first = ctx.random();
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThan(1);
    expect(ctx.rng).not.toEqual(rng);
    expect(base.rng).toEqual(rng);
    const n = ctx.randomInt(6);
    expect(Number.isInteger(n) && n >= 0 && n < 6).toBe(true);
  });

  it('records trace lines at the current time and index, with data only when given', () => {
    const { ctx } = context();
    ctx.now = 42;
    ctx.eventIndex = 7;
    ctx.trace('disk', 'wiped', { block: 3 });
    ctx.trace('cpu', 'idle');
    expect(ctx.trace_).toEqual([
      { eventIndex: 7, at: 42, kind: 'disk', text: 'wiped', data: { block: 3 } },
      { eventIndex: 7, at: 42, kind: 'cpu', text: 'idle' },
    ]);
    expect('data' in (ctx.trace_[1] ?? {})).toBe(false);
  });

  it('hands over emitted notifications and touched entities once each', () => {
    const { ctx } = context();
    ctx.emit('domain.created', { id: 1 });
    ctx.emit('domain.created', { id: 2 });
    expect(ctx.takeEmitted()).toEqual([
      { kind: 'domain.created', payload: { id: 1 } },
      { kind: 'domain.created', payload: { id: 2 } },
    ]);
    expect(ctx.takeEmitted()).toBeNull();
    ctx.touch('host', 'h1');
    ctx.touch('host', 'h2');
    ctx.touch('host', 'h1');
    ctx.touch('frame', 4);
    const touched = ctx.takeTouched();
    expect([...(touched?.get('host') ?? [])]).toEqual(['h1', 'h2']);
    expect([...(touched?.get('frame') ?? [])]).toEqual([4]);
    expect(touched?.size).toBe(2);
    expect(ctx.takeTouched()).toBeNull();
  });

  it('reads faults from the working state: only a fault switched on is on', () => {
    const { ctx } = context();
    expect(ctx.fault('slowDisk')).toBe(true);
    expect(ctx.fault('offline')).toBe(false);
    expect(ctx.fault('unknown')).toBe(false);
    ctx.copy.asDraft().faults['offline'] = true;
    expect(ctx.fault('offline')).toBe(true);
  });

  it('counts only positive inner work', () => {
    const { ctx } = context();
    ctx.work(5);
    ctx.work(0);
    ctx.work(-3);
    expect(ctx.work_).toBe(5);
  });

  it('writes through mut(...path) into the batch copy', () => {
    const { ctx, base } = context();
    (ctx.mut('hosts', 'h2') as { cpu: number }).cpu = 8;
    const next = ctx.copy.finish();
    expect(next.hosts.h2.cpu).toBe(8);
    expect(base.hosts.h2.cpu).toBe(2);
    expect(ctx.api).toBe(ctx);
  });

  it('two-key writes reuse the collection copied for the last one only while the root still holds it, and never across batches', () => {
    const base = lab();
    const copy = new WorkingCopy<Lab>(base, true);
    copy.begin(base);
    (copy.mutTwo('hosts', 'h1') as { cpu: number }).cpu = 5;
    const hosts = copy.mut(['hosts']);
    // The root's field replaced within the batch: the next write goes into what it holds now.
    const replaced = deepFreeze2({ h1: { cpu: 10, tags: [] }, h2: { cpu: 20, tags: [] } });
    copy.setRoot('hosts', replaced);
    (copy.mutTwo('hosts', 'h2') as { cpu: number }).cpu = 21;
    const first = copy.finish();
    expect(first.hosts).not.toBe(hosts);
    expect(first.hosts.h2.cpu).toBe(21);
    expect(first.hosts.h1.cpu).toBe(10);
    expect(replaced.h2.cpu).toBe(20);
    // A new batch copies the collection again: the last batch's copy is frozen in its state.
    copy.begin(first);
    (copy.mutTwo('hosts', 'h1') as { cpu: number }).cpu = 11;
    const second = copy.finish();
    expect(second.hosts.h1.cpu).toBe(11);
    expect(first.hosts.h1.cpu).toBe(10);
  });

  it('finds a chunk copied at a number key by identity: only this batch\'s copy, only where it still is', () => {
    interface Grid extends SimCore {
      rows: number[][];
      cols: number[][];
    }
    const base = deepFreeze2<Grid>({ time: 0, eventIndex: 0, rng: seedRng(1), faults: {}, violations: [], rows: [[0], [0]], cols: [[0], [0]] });
    const copy = new WorkingCopy<Grid>(base, false);
    /** Writes `value` into the chunk at `key[index]` (its first slot); returns the chunk written. */
    const write = (key: 'rows' | 'cols', index: number, value: number): unknown => {
      const chunk = copy.mutTwo(key, index);
      chunk[0] = value;
      return chunk;
    };
    copy.begin(base);
    const row = write('rows', 0, 1);
    // The same key again: the same copy. Another collection at the same key: its own chunk, copied.
    expect(write('rows', 0, 1)).toBe(row);
    expect(write('cols', 0, 2)).not.toBe(row);
    // A chunk the handler put at that key (here the state's own, shared) is copied before a write.
    copy.mutOne('rows')[0] = base.cols[1];
    write('rows', 0, 3);
    const first = copy.finish();
    expect([first.rows[0], first.cols[0], base.cols[1]]).toEqual([[3], [2], [0]]);
    // The next batch copies again: the last batch's copy now belongs to its state (not frozen here).
    copy.begin(first);
    write('rows', 0, 4);
    write('cols', 0, 5);
    const second = copy.finish();
    expect([second.rows[0], second.cols[0]]).toEqual([[4], [5]]);
    expect([first.rows[0], first.cols[0]]).toEqual([[3], [2]]);
  });

  it('takes write paths of any length, and names the whole path when one is bad', () => {
    const { ctx, base } = context();
    expect(ctx.mut()).toBe(ctx.copy.state);
    (ctx.mut('log') as number[]).push(5);
    (ctx.mut('hosts', 'h1', 'tags') as string[]).push('b');
    const h1 = ctx.mut('hosts', 'h1') as { cpu: number; tags: string[] };
    h1.cpu = 6;
    expect(ctx.mut('hosts', 'h1', 'tags')).toBe(h1.tags);
    expect(() => ctx.mut('nothing')).toThrow('ctx.mut: no object at nothing');
    expect(() => ctx.mut('hosts', 'h9')).toThrow('ctx.mut: no object at hosts.h9');
    expect(() => ctx.mut('nothing', 'h1')).toThrow('ctx.mut: no object at nothing.h1');
    expect(() => ctx.mut('hosts', 'h1', 'cpu')).toThrow('ctx.mut: no object at hosts.h1.cpu');
    const next = ctx.copy.finish();
    expect(next.log).toEqual([1, 5]);
    expect(next.hosts.h1).toEqual({ cpu: 6, tags: ['a', 'b'] });
    expect(base.hosts.h1).toEqual({ cpu: 1, tags: ['a'] });
  });
});

describe('the root copy a batch starts from', () => {
  const copyLab = (s: Lab): Lab => ({ time: s.time, eventIndex: s.eventIndex, rng: s.rng, faults: s.faults, violations: s.violations, hosts: s.hosts, log: s.log, note: s.note });

  it("uses the model's own copy when it gives one", () => {
    const base = lab();
    let calls = 0;
    const copy = new WorkingCopy<Lab>(base, true, (s) => (calls++, copyLab(s)));
    copy.begin(base);
    copy.setRoot('time', 6);
    expect(calls).toBe(1);
    expect(copy.finish()).toEqual({ ...base, time: 6 });
  });

  it('refuses, in frozen runs, a copy that drops, adds or changes a field, or is the state itself', () => {
    const base = lab();
    const begin = (copyRoot: (s: Lab) => Lab) => () => new WorkingCopy<Lab>(base, true, copyRoot).begin(base);
    expect(begin(copyLab)).not.toThrow();
    expect(begin(({ note: _note, ...rest }) => rest as Lab)).toThrow('copyRoot dropped the field "note"');
    expect(begin((s) => ({ ...copyLab(s), extra: 1 }))).toThrow('copyRoot added fields: extra');
    expect(begin((s) => ({ ...copyLab(s), log: [] }))).toThrow('copyRoot changed the field "log"');
    expect(begin((s) => s)).toThrow('copyRoot returned the state itself');
    // Unfrozen (production) runs trust the copy: the check costs more than the copy.
    expect(() => new WorkingCopy<Lab>(base, false, (s) => s).begin(base)).not.toThrow();
  });

  it('copies an array chunk into a new writable array, frozen state or not', () => {
    for (const freeze of [true, false]) {
      const base = freeze ? lab() : { ...lab(), log: [1, 2] };
      const copy = new WorkingCopy<Lab>(base, freeze);
      copy.begin(base);
      const log = copy.mut(['log']) as number[];
      expect(log).not.toBe(base.log);
      log.push(3);
      expect(copy.finish().log).toEqual([...base.log, 3]);
      expect(base.log).not.toContain(3);
    }
  });
});
