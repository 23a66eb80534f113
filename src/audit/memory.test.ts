import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSimulation, lessonEndTime } from '../host';
import { findLesson } from '../lessons';
import { SECOND } from '../engine/time';
import { grantedFrameLesson, memoryTestLesson, type TestStep } from '../model/memory/testing';
import type { SimState } from '../model/state';
import { parseRange } from '../model/memory/touch';
import { defineHandler, Engine } from '../engine';
import { plainFrames, setFrames } from '../model/memory/frames';
import { TOUCH_ALLOC, TOUCH_FREE, TOUCH_GRANT } from '../model/memory/touch';
import { FREE_CLEAN } from '../model/memory/types';
import { INVARIANT_CROSS_TENANT_MAPPING, INVARIANT_DIRTY_IN_CLEAN_POOL, INVARIANT_RESIDUE_HANDED_OVER, memoryAuditHooks } from './memory';

const TENANTS = ['alice', 'bob', 'carol'];
const domain = fc.nat(7);
const op = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('create' as const), d: domain, tenant: fc.nat(2), n: fc.integer({ min: 4, max: 96 }) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('write' as const), d: domain, n: fc.integer({ min: 1, max: 96 }) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('balloon' as const), d: domain, n: fc.integer({ min: 1, max: 32 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('destroy' as const), d: domain }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('allocate' as const), d: domain, n: fc.integer({ min: 1, max: 64 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('probe' as const), d: domain }), weight: 3 },
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

/**
 * Ops address the domains launched so far (index modulo their number), so most of a random
 * sequence does something; every domain still alive is probed at the end.
 */
function toSteps(ops: readonly Op[], gap: number): TestStep[] {
  const launched: string[] = [];
  const destroyed = new Set<string>();
  const steps: TestStep[] = [];
  const at = () => `${(steps.length + 1) * gap}ms`;
  for (const o of ops) {
    if (o.kind === 'create') {
      const id = `d${launched.length}`;
      launched.push(id);
      steps.push({ at: at(), action: { type: 'guest.launch', host: 'h1', guest: { id, tenant: TENANTS[o.tenant] as string, memoryMiB: o.n * 16 } } });
      continue;
    }
    const id = launched[o.d % Math.max(1, launched.length)];
    if (!id) continue;
    if (o.kind === 'write') steps.push({ at: at(), action: { type: 'mem.write', domain: id, label: `secret-of-${id}`, frames: o.n } });
    if (o.kind === 'balloon') steps.push({ at: at(), action: { type: 'mem.balloon', domain: id, frames: o.n } });
    if (o.kind === 'allocate') steps.push({ at: at(), action: { type: 'mem.allocate', domain: id, frames: o.n } });
    if (o.kind === 'probe') steps.push({ at: at(), action: { type: 'mem.probe', domain: id, frames: 256 } });
    if (o.kind === 'destroy') {
      destroyed.add(id);
      steps.push({ at: at(), action: { type: 'guest.destroy', guest: id } });
    }
  }
  for (const id of launched) if (!destroyed.has(id)) steps.push({ at: at(), action: { type: 'mem.probe', domain: id, frames: 256 } });
  return steps;
}

function run(ops: readonly Op[], gap: number, faults: string[] = [], xenVersion = '4.17'): SimState {
  const steps = toSteps(ops, gap);
  const e = createSimulation(memoryTestLesson({ hosts: [{ memoryMiB: 8192, xenVersion }], steps }), { faults });
  e.runUntil((steps.length + 2) * gap * 1e6 + 30 * SECOND);
  return e.state;
}

/** Every frame a probe saw leaking was reported as handed over with residue, at or before the probe. */
function unreportedLeaks(state: SimState): number[] {
  const missing: number[] = [];
  for (const probe of state.world.memory.probes) {
    for (const leak of probe.leaks) {
      const reported = state.violations.some(
        (v) =>
          v.invariant === INVARIANT_RESIDUE_HANDED_OVER &&
          v.eventIndex <= probe.eventIndex &&
          (v.entities['frameRanges'] ?? []).some((r) => {
            const range = parseRange(r);
            return range !== null && leak.mfn >= range.start && leak.mfn < range.start + range.count;
          }),
      );
      if (!reported) missing.push(leak.mfn);
    }
  }
  return missing;
}

describe('memory isolation auditor', () => {
  it('finds no violation in random create/write/balloon/destroy/allocate sequences with scrubbing on', () => {
    let probes = 0;
    fc.assert(
      fc.property(fc.array(op, { minLength: 8, maxLength: 40, size: 'max' }), fc.constantFrom(50, 400), fc.constantFrom('4.9', '4.17'), (ops, gap, xen) => {
        const state = run(ops, gap, [], xen);
        expect(state.violations).toEqual([]);
        probes += state.world.memory.probes.length;
        for (const probe of state.world.memory.probes) expect(probe.leakCount).toBe(0);
      }),
      { numRuns: 60 },
    );
    expect(probes).toBeGreaterThan(0);
  });

  it('with no-scrub or early-release, reports every leak a probe observes', () => {
    let leaksSeen = 0;
    fc.assert(
      fc.property(fc.array(op, { minLength: 8, maxLength: 40, size: 'max' }), fc.constantFrom('no-scrub', 'early-release'), fc.constantFrom(50, 400), (ops, fault, gap) => {
        const state = run(ops, gap, [fault]);
        leaksSeen += state.world.memory.probes.reduce((n, p) => n + p.leakCount, 0);
        expect(unreportedLeaks(state)).toEqual([]);
      }),
      {
        numRuns: 60,
        // One sequence that leaks whatever the seed draws: alice writes and leaves, bob takes frames and probes.
        examples: [[[{ kind: 'create', d: 0, tenant: 0, n: 32 }, { kind: 'write', d: 0, n: 32 }, { kind: 'destroy', d: 0 }, { kind: 'create', d: 1, tenant: 1, n: 32 }, { kind: 'allocate', d: 1, n: 32 }, { kind: 'probe', d: 1 }, { kind: 'probe', d: 1 }, { kind: 'probe', d: 1 }], 'no-scrub', 50]],
      },
    );
    // The property is only meaningful if some runs did leak.
    expect(leaksSeen).toBeGreaterThan(0);
  });

  it('catches a destroyed tenant\'s data in the clean pool and in the next tenant\'s hands', () => {
    const ops: Op[] = [
      { kind: 'create', d: 0, tenant: 0, n: 64 },
      { kind: 'write', d: 0, n: 64 },
      { kind: 'destroy', d: 0 },
      { kind: 'create', d: 1, tenant: 1, n: 64 },
      { kind: 'probe', d: 1 },
    ];
    expect(run(ops, 500).violations).toEqual([]);
    const leaky = run(ops, 500, ['no-scrub']);
    expect(leaky.violations.map((v) => v.invariant)).toEqual([INVARIANT_DIRTY_IN_CLEAN_POOL, INVARIANT_RESIDUE_HANDED_OVER]);
    expect(leaky.violations[1]?.entities['tenants']).toEqual(['alice', 'bob']);
    expect(leaky.world.memory.probes[0]?.leaks[0]).toMatchObject({ tenant: 'alice', label: 'secret-of-d0' });
  });

  it('records grants between live domains without a violation', () => {
    const lesson = memoryTestLesson({
      memory: { bootscrub: 'on' },
      steps: [
        { at: '1s', action: { type: 'guest.launch', host: 'h1', guest: { id: 'a', tenant: 'alice', memoryMiB: 1024 } } },
        { at: '1s', action: { type: 'guest.launch', host: 'h1', guest: { id: 'b', tenant: 'alice', memoryMiB: 1024 } } },
        { at: '2s', action: { type: 'mem.grant', domain: 'a', to: 'b', gfn: 3 } },
      ],
    });
    const e = createSimulation(lesson);
    e.runUntil(3 * SECOND);
    expect(Object.keys(e.state.world.memory.grants)).toHaveLength(1);
    expect(e.state.violations).toEqual([]);
  });

  for (const id of ['memory-scrubbing', 'scrubbing-at-scale']) {
    it(`lesson ${id}: no violations by default, violations with no-scrub`, () => {
      const lesson = findLesson(id);
      if (!lesson) throw new Error(`no lesson ${id}`);
      const end = lessonEndTime(lesson) + 60 * SECOND;
      const clean = createSimulation(lesson);
      clean.runUntil(end);
      expect(clean.state.violations).toEqual([]);
      const leaky = createSimulation(lesson, { faults: ['no-scrub'] });
      leaky.runUntil(end);
      expect(leaky.state.violations.length).toBeGreaterThan(0);
      const probes = leaky.state.world.memory.probes;
      expect(probes.some((p) => p.leakCount > 0)).toBe(true);
    });
  }
});

/** carol maps alice's gfn 0; the frame is then moved to bob's guest (as a hypervisor bug would), grant mapping kept. */
function brokenGrant() {
  const lesson = grantedFrameLesson();
  const e = createSimulation(lesson);
  e.runUntil(3 * SECOND);
  const grant = Object.values(e.state.world.memory.grants)[0];
  if (!grant) throw new Error('no grant');
  const broken = structuredClone(e.state);
  const host = broken.world.memory.hosts['h1'];
  const bob = broken.world.memory.domains['b'];
  if (!host || !bob) throw new Error('no host or no bob');
  setFrames(plainFrames(host), grant.mfn, 1, { owner: bob.index });
  return { broken, grant };
}

describe('memory auditor: faults switched during a run, and stale grants', () => {
  const steps: TestStep[] = [
    { at: '1s', action: { type: 'guest.launch', host: 'h1', guest: { id: 'a', tenant: 'alice', memoryMiB: 1024 } } },
    { at: '2s', action: { type: 'mem.write', domain: 'a', label: 'payslip', frames: 64 } },
    { at: '3s', action: { type: 'guest.destroy', guest: 'a' } },
    { at: '4s', action: { type: 'guest.launch', host: 'h1', guest: { id: 'b', tenant: 'bob', memoryMiB: 1024 } } },
    { at: '5s', action: { type: 'mem.probe', domain: 'b', frames: 64 } },
  ];

  it('fault.set no-scrub as an input mid-run makes the leak happen and be reported', () => {
    const e = createSimulation(memoryTestLesson({ memory: { bootscrub: 'on' }, steps }));
    e.runUntil(2.5 * SECOND);
    e.input('fault.set', { type: 'fault.set', fault: 'no-scrub', on: true });
    e.runUntil(10 * SECOND);
    expect(e.state.violations.map((v) => v.invariant)).toEqual([INVARIANT_DIRTY_IN_CLEAN_POOL, INVARIANT_RESIDUE_HANDED_OVER]);
    expect(e.state.world.memory.probes[0]?.leakCount).toBe(64);
  });

  it('switching no-scrub off again before the destroy keeps the run clean', () => {
    const e = createSimulation(memoryTestLesson({ memory: { bootscrub: 'on' }, steps }), { faults: ['no-scrub'] });
    e.runUntil(2.5 * SECOND);
    e.input('fault.set', { type: 'fault.set', fault: 'no-scrub', on: false });
    e.runUntil(10 * SECOND);
    expect(e.state.violations).toEqual([]);
  });

  it('reports a grantee that still maps a frame after it changed hands (invariant 1)', () => {
    const { broken, grant } = brokenGrant();
    // One event that touches the grant, with only the memory auditor after it (on the engine's direct path, frozen state).
    const poke = defineHandler<SimState, null>((_state, _event, ctx) => ctx.touch(TOUCH_GRANT, grant.id));
    const engine = new Engine<SimState>({ state: broken, handlers: { poke: [poke] }, afterEvent: memoryAuditHooks, freeze: true });
    engine.schedule('poke', null, 0);
    engine.step();
    const after = engine.state;
    expect(after.violations.map((v) => v.invariant)).toEqual([INVARIANT_CROSS_TENANT_MAPPING]);
    expect(after.violations[0]?.entities['frames']).toEqual([grant.mfn]);
  });
});

describe('memory auditor: what a finding says', () => {
  it('lists the first 16 frames, every run, the count, sorted tenants and domains, and merges one event\'s ranges per host', () => {
    const steps: TestStep[] = [
      { at: '1s', action: { type: 'guest.launch', host: 'h1', guest: { id: 'c', tenant: 'carol', memoryMiB: 256 } } },
      { at: '1s', action: { type: 'guest.launch', host: 'h1', guest: { id: 'a', tenant: 'alice', memoryMiB: 1024 } } },
      { at: '2s', action: { type: 'mem.write', domain: 'a', label: 'payslip', frames: 40 } },
      { at: '2s', action: { type: 'mem.write', domain: 'c', label: 'diary', frames: 3 } },
      { at: '3s', action: { type: 'guest.destroy', guest: 'a' } },
      { at: '3s', action: { type: 'guest.destroy', guest: 'c' } },
      { at: '4s', action: { type: 'guest.launch', host: 'h1', guest: { id: 'b', tenant: 'bob', memoryMiB: 2048 } } },
      { at: '5s', action: { type: 'mem.probe', domain: 'b', frames: 128 } },
    ];
    const e = createSimulation(memoryTestLesson({ memory: { bootscrub: 'on' }, steps }), { faults: ['no-scrub'] });
    e.runUntil(10 * SECOND);
    const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
    expect(e.state.violations.map(({ invariant, entities, explanation }) => ({ invariant, entities, explanation }))).toEqual([
      {
        invariant: INVARIANT_DIRTY_IN_CLEAN_POOL,
        entities: { frames: range(16, 16), frameRanges: ['h1:16:40'], hosts: ['h1'], tenants: ['alice'], domains: ['a'] },
        explanation: '40 frame(s) of h1 are in the pool available for new allocations but still hold alice\'s data: memory must not return to the pool until scrubbing is complete',
      },
      {
        invariant: INVARIANT_DIRTY_IN_CLEAN_POOL,
        entities: { frames: [0, 1, 2], frameRanges: ['h1:0:3'], hosts: ['h1'], tenants: ['carol'], domains: ['c'] },
        explanation: '3 frame(s) of h1 are in the pool available for new allocations but still hold carol\'s data: memory must not return to the pool until scrubbing is complete',
      },
      {
        invariant: INVARIANT_RESIDUE_HANDED_OVER,
        // Entities sorted; the explanation keeps the order found (carol's frames come first).
        entities: { frames: [0, 1, 2, ...range(16, 13)], frameRanges: ['h1:0:3', 'h1:16:40'], hosts: ['h1'], tenants: ['alice', 'bob', 'carol'], domains: ['b'] },
        explanation: '43 frame(s) of h1 handed to b still hold another tenant\'s data (tenants involved: carol, bob, alice)',
      },
    ]);
  });
});

describe('memory auditor: a tenant\'s own residue', () => {
  it('is not a leak when handed to another guest of the same tenant', () => {
    const steps: TestStep[] = [
      { at: '1s', action: { type: 'guest.launch', host: 'h1', guest: { id: 'a', tenant: 'alice', memoryMiB: 256 } } },
      { at: '2s', action: { type: 'mem.write', domain: 'a', label: 'payslip', frames: 4 } },
      { at: '3s', action: { type: 'guest.destroy', guest: 'a' } },
      { at: '4s', action: { type: 'guest.launch', host: 'h1', guest: { id: 'a2', tenant: 'alice', memoryMiB: 256 } } },
    ];
    const e = createSimulation(memoryTestLesson({ memory: { bootscrub: 'on' }, steps }), { faults: ['no-scrub'] });
    e.runUntil(10 * SECOND);
    // The unscrubbed frames are in the clean pool (a violation), but going back to alice is no leak.
    expect(e.state.violations.map((v) => v.invariant)).toEqual([INVARIANT_DIRTY_IN_CLEAN_POOL]);
  });
});

describe('memory auditor: grants on frames that change hands', () => {

  /** One event that touches the given allocation ranges (or other records), with only the memory auditor after it. */
  function allocate(state: SimState, ranges: string[], kind = TOUCH_ALLOC): SimState {
    const poke = defineHandler<SimState, null>((_state, _event, ctx) => {
      for (const r of ranges) ctx.touch(kind, r);
    });
    const engine = new Engine<SimState>({ state: structuredClone(state), handlers: { poke: [poke] }, afterEvent: memoryAuditHooks, freeze: true });
    engine.schedule('poke', null, 0);
    engine.step();
    return engine.state;
  }

  it('checks the grants on an allocated range (its first and last frame included), and none outside it or on another host', () => {
    const { broken, grant } = brokenGrant();
    const m = grant.mfn;
    // alice's gfn 0 is not machine frame 0 (carol's guest was placed first), so there is a frame below it.
    expect(m).toBeGreaterThan(0);
    const found = (ranges: string[]) => allocate(broken, ranges).violations.map(({ invariant, entities, explanation }) => ({ invariant, entities, explanation }));
    const expected = [
      {
        invariant: INVARIANT_CROSS_TENANT_MAPPING,
        entities: { frames: [m], hosts: ['h1'], domains: ['c', 'b'], tenants: ['carol', 'bob'] },
        explanation: `c still maps machine frame ${m} through ${grant.id}, but a no longer owns it: another tenant's frame is mapped without that tenant's grant`,
      },
    ];
    expect(found([`h1:${m}:1`])).toEqual(expected);
    expect(found([`h1:${m}:3`])).toEqual(expected);
    expect(found([`h1:${m - 1}:2`])).toEqual(expected);
    expect(found([`h1:${m + 1}:4`])).toEqual([]);
    expect(found([`h1:0:${m}`])).toEqual([]);
    expect(found([`h2:${m}:1`])).toEqual([]);
    expect(found(['not-a-range'])).toEqual([]);
  });

  it('judges a grant by who owns its frame now: the granter or the grantee\'s tenant is fine, the free pool is not', () => {
    const { broken, grant } = brokenGrant();
    const touchGrant = (edit: (state: SimState) => void, ids: string[] = [grant.id]) => {
      const state = structuredClone(broken);
      edit(state);
      return allocate(state, ids, TOUCH_GRANT).violations.map((v) => v.entities);
    };
    const frames = (state: SimState) => {
      const host = state.world.memory.hosts['h1'];
      if (!host) throw new Error('no host');
      return plainFrames(host);
    };
    const indexOf = (state: SimState, id: string) => state.world.memory.domains[id]?.index ?? -1;
    // Back with alice (the granter): fine. With carol (the grantee's tenant): fine.
    expect(touchGrant((s) => setFrames(frames(s), grant.mfn, 1, { owner: indexOf(s, 'a') }))).toEqual([]);
    expect(touchGrant((s) => setFrames(frames(s), grant.mfn, 1, { owner: indexOf(s, 'c') }))).toEqual([]);
    // Freed: nobody owns it, so no tenant granted it.
    expect(touchGrant((s) => setFrames(frames(s), grant.mfn, 1, { state: FREE_CLEAN, owner: 0 }))).toEqual([
      { frames: [grant.mfn], hosts: ['h1'], domains: ['c', 'free pool'], tenants: ['carol', 'operator'] },
    ]);
    // Revoked and unmapped: it reaches nothing. Revoked but still mapped: judged like an active one.
    expect(touchGrant((s) => Object.assign(s.world.memory.grants[grant.id] ?? {}, { revokedAt: 1, mapped: false }))).toEqual([]);
    expect(touchGrant((s) => Object.assign(s.world.memory.grants[grant.id] ?? {}, { revokedAt: 1, mapped: true }))).toHaveLength(1);
    // Active but not mapped right now: the grantee may still map it, so it counts.
    expect(touchGrant((s) => Object.assign(s.world.memory.grants[grant.id] ?? {}, { revokedAt: null, mapped: false }))).toHaveLength(1);
    // Grants that are gone, or name a domain or host that is gone, are skipped.
    expect(touchGrant(() => undefined, ['gone'])).toEqual([]);
    const orphan = (more: Partial<typeof grant>) => (s: SimState) => void (s.world.memory.grants['orphan'] = { ...grant, id: 'orphan', ...more });
    expect(touchGrant(orphan({ from: 'nobody' }), ['orphan'])).toEqual([]);
    expect(touchGrant(orphan({ to: 'nobody' }), ['orphan'])).toEqual([]);
    expect(touchGrant(orphan({ hostId: 'h9' }), ['orphan'])).toEqual([]);
  });

  it('skips freed ranges it cannot read: not a range, or a host that does not exist', () => {
    const { broken } = brokenGrant();
    expect(allocate(broken, ['not-a-range', 'h9:0:4'], TOUCH_FREE).violations).toEqual([]);
    expect(allocate(broken, ['h9:0:4'], TOUCH_ALLOC).violations).toEqual([]);
  });
});
