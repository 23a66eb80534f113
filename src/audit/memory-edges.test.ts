import { describe, expect, it } from 'vitest';
import { defineHandler, Engine } from '../engine';
import { SECOND } from '../engine/time';
import { createSimulation } from '../host';
import { plainFrames, setFrames } from '../model/memory/frames';
import { grantedFrameLesson } from '../model/memory/testing';
import { TOUCH_ALLOC, TOUCH_GRANT, TOUCH_SCRUB } from '../model/memory/touch';
import { ALLOCATED, FREE_CLEAN, FREE_DIRTY, type FrameValues } from '../model/memory/types';
import type { SimState } from '../model/state';
import { INVARIANT_CROSS_TENANT_MAPPING, INVARIANT_DIRTY_IN_CLEAN_POOL, INVARIANT_RESIDUE_HANDED_OVER, memoryAuditHooks } from './memory';

/**
 * The memory auditor judged on hand-painted frames. The world: host h1 (1,024 frames of 16 MiB)
 * with dom0, carol's `c` (frames 0–63), alice's `a` (64–127) and bob's `b` (128–191); frames
 * from 192 up are free. alice's `a` has granted its gfn 0 (machine frame 64) to `c`.
 */
function world(): SimState {
  const lesson = grantedFrameLesson();
  const engine = createSimulation(lesson);
  engine.runUntil(3 * SECOND);
  expect(engine.state.violations).toEqual([]);
  expect(Object.values(engine.state.world.memory.grants).map((g) => [g.id, g.from, g.to, g.mfn])).toEqual([['grant-1', 'a', 'c', 64]]);
  return engine.state;
}

/** Index (+1) of a domain and of a tenant in the frame tables. */
const domainIndex = (s: SimState, id: string) => s.world.memory.domainIds.indexOf(id) + 1;
const tenantIndex = (s: SimState, id: string) => s.world.memory.tenantIds.indexOf(id) + 1;

function paint(s: SimState, start: number, count: number, values: Partial<FrameValues>): void {
  const host = s.world.memory.hosts['h1'];
  if (!host) throw new Error('no host h1');
  setFrames(plainFrames(host), start, count, values);
}

/** Frames now allocated to `owner` that still hold `writer`'s data (written by `writerDomain`). */
function handedOver(s: SimState, start: number, count: number, owner: string, writer: string, writerDomain: string): void {
  paint(s, start, count, { state: ALLOCATED, owner: domainIndex(s, owner), writerTenant: tenantIndex(s, writer), writerDomain: domainIndex(s, writerDomain), residue: 1 });
}

/** One event touching the given records, on a copy of the world edited by `edit`, with only the memory auditor after it. */
function audit(touches: Array<[kind: string, record: string]>, edit: (s: SimState) => void) {
  // Built afresh in each test (not at load time: each test's coverage should include it).
  const state = structuredClone(world());
  edit(state);
  const poke = defineHandler<SimState, null>((_state, _event, ctx) => {
    for (const [kind, record] of touches) ctx.touch(kind, record);
  });
  const engine = new Engine<SimState>({ state, handlers: { poke: [poke] }, afterEvent: memoryAuditHooks, freeze: true });
  engine.schedule('poke', null, 0);
  engine.step();
  return engine.state.violations.map(({ invariant, entities, explanation }) => ({ invariant, entities, explanation }));
}

const range = (from: number, count: number, step = 1) => Array.from({ length: count }, (_, i) => from + i * step);

describe('memory auditor: residue handed over', () => {
  it('checks exactly the frames handed over: the first and the last of the range, not the one after it', () => {
    expect(audit([[TOUCH_ALLOC, 'h1:300:4']], (s) => handedOver(s, 300, 5, 'b', 'alice', 'a'))).toEqual([
      {
        invariant: INVARIANT_RESIDUE_HANDED_OVER,
        entities: { frames: [300, 301, 302, 303], frameRanges: ['h1:300:4'], hosts: ['h1'], tenants: ['alice', 'bob'], domains: ['b'] },
        explanation: '4 frame(s) of h1 handed to b still hold another tenant\'s data (tenants involved: alice, bob)',
      },
    ]);
  });

  it('counts only frames that are allocated now, to a domain of another tenant than the writer', () => {
    // Free (dirty) frames in the range are the clean pool's business, not a handover.
    expect(audit([[TOUCH_ALLOC, 'h1:300:4']], (s) => paint(s, 300, 4, { state: FREE_DIRTY, owner: 0, writerTenant: tenantIndex(s, 'alice'), writerDomain: domainIndex(s, 'a'), residue: 1 }))).toEqual([]);
    // alice's data handed back to alice's guest is hers.
    expect(audit([[TOUCH_ALLOC, 'h1:300:4']], (s) => handedOver(s, 300, 4, 'a', 'alice', 'a'))).toEqual([]);
  });

  it('frames of a domain whose record is gone, or of no domain, belong to the operator: a tenant\'s data there is a leak', () => {
    const gone = audit([[TOUCH_ALLOC, 'h1:300:2']], (s) => {
      handedOver(s, 300, 2, 'b', 'alice', 'a');
      delete s.world.memory.domains['b'];
    });
    expect(gone.map((v) => [v.entities['tenants'], v.entities['domains']])).toEqual([[['alice', 'operator'], ['b']]]);
    const nobody = audit([[TOUCH_ALLOC, 'h1:300:2']], (s) => paint(s, 300, 2, { state: ALLOCATED, owner: 0, writerTenant: tenantIndex(s, 'alice'), writerDomain: domainIndex(s, 'a'), residue: 1 }));
    expect(nobody.map((v) => [v.entities['tenants'], v.entities['domains'], v.explanation])).toEqual([
      [['alice', 'operator'], ['?'], '2 frame(s) of h1 handed to ? still hold another tenant\'s data (tenants involved: alice, operator)'],
    ]);
  });

  it('dom0\'s leftovers handed to a tenant are a leak of the operator\'s data', () => {
    const found = audit([[TOUCH_ALLOC, 'h1:300:1']], (s) => paint(s, 300, 1, { state: ALLOCATED, owner: domainIndex(s, 'b'), writerTenant: 0, writerDomain: domainIndex(s, 'h1.dom0'), residue: 1 }));
    expect(found.map((v) => [v.entities['tenants'], v.explanation])).toEqual([
      [['bob', 'operator'], '1 frame(s) of h1 handed to b still hold another tenant\'s data (tenants involved: operator, bob)'],
    ]);
  });

  it('merges one event\'s handovers on a host: every frame counted, the first 16 frames and the first 64 runs listed, domains sorted', () => {
    // Every other frame leaks: 40 single-frame runs to carol's c, then 40 to bob's b (c's range touched first).
    const alternate = (s: SimState, from: number, owner: string) => {
      paint(s, from, 80, { state: ALLOCATED, owner: domainIndex(s, owner), writerTenant: 0, writerDomain: 0, residue: 0 });
      for (const mfn of range(from, 40, 2)) handedOver(s, mfn, 1, owner, 'alice', 'a');
    };
    const found = audit([[TOUCH_ALLOC, 'h1:500:80'], [TOUCH_ALLOC, 'h1:600:80']], (s) => {
      alternate(s, 500, 'c');
      alternate(s, 600, 'b');
    });
    expect(found).toEqual([
      {
        invariant: INVARIANT_RESIDUE_HANDED_OVER,
        entities: {
          frames: range(500, 16, 2),
          frameRanges: [...range(500, 40, 2), ...range(600, 24, 2)].map((mfn) => `h1:${mfn}:1`),
          hosts: ['h1'],
          tenants: ['alice', 'bob', 'carol'],
          domains: ['b', 'c'],
        },
        explanation: '80 frame(s) of h1 handed to c, b still hold another tenant\'s data (tenants involved: alice, carol, bob)',
      },
    ]);
  });
});

describe('memory auditor: dirty frames in the clean pool', () => {
  it('a scrub alone is checked: it names every writer (sorted in the entities, as found in the explanation), the operator for data no tenant wrote', () => {
    const found = audit([[TOUCH_SCRUB, 'h1:400:3']], (s) => {
      const clean = (mfn: number, tenant: number, domain: number) => paint(s, mfn, 1, { state: FREE_CLEAN, owner: 0, writerTenant: tenant, writerDomain: domain, residue: 1 });
      clean(400, tenantIndex(s, 'carol'), domainIndex(s, 'c'));
      clean(401, tenantIndex(s, 'alice'), domainIndex(s, 'a'));
      clean(402, 0, 0);
    });
    expect(found).toEqual([
      {
        invariant: INVARIANT_DIRTY_IN_CLEAN_POOL,
        entities: { frames: [400, 401, 402], frameRanges: ['h1:400:3'], hosts: ['h1'], tenants: ['alice', 'carol', 'operator'], domains: ['?', 'a', 'c'] },
        explanation: '3 frame(s) of h1 are in the pool available for new allocations but still hold carol, alice, operator\'s data: memory must not return to the pool until scrubbing is complete',
      },
    ]);
  });
});

describe('memory auditor: grants', () => {
  it('a granted frame back in the free pool is nobody\'s, whichever domain it last belonged to', () => {
    // The frame is free again, its owner field still naming the granter.
    expect(audit([[TOUCH_GRANT, 'grant-1']], (s) => paint(s, 64, 1, { state: FREE_CLEAN }))).toEqual([
      {
        invariant: INVARIANT_CROSS_TENANT_MAPPING,
        entities: { frames: [64], hosts: ['h1'], domains: ['c', 'free pool'], tenants: ['carol', 'operator'] },
        explanation: 'c still maps machine frame 64 through grant-1, but a no longer owns it: another tenant\'s frame is mapped without that tenant\'s grant',
      },
    ]);
  });

  it('dom0 as the grantee is named as the operator when the frame has moved to a tenant', () => {
    const found = audit([[TOUCH_GRANT, 'grant-1']], (s) => {
      Object.assign(s.world.memory.grants['grant-1'] ?? {}, { to: 'h1.dom0' });
      paint(s, 64, 1, { owner: domainIndex(s, 'b') });
    });
    expect(found.map((v) => [v.entities['domains'], v.entities['tenants']])).toEqual([[['h1.dom0', 'b'], ['operator', 'bob']]]);
  });
});
