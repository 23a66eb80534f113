import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../engine';
import { createSimulation } from '../../host';
import { memoryTestLesson, runMemoryHost, type MemoryHostRunOptions, type TestStep } from './testing';

/**
 * The memory model's messages as the trace panel shows them: each has a kind (memory, fault,
 * error, leak: how it is drawn and filtered) and links to the domain, host or grant it is about
 * (the inspector follows `data`). The other tests read only the texts.
 */
const launch = (id: string, tenant: string, memoryMiB = 256, mode = 'hvm') => ({ type: 'guest.launch', host: 'h1', guest: { id, tenant, memoryMiB, mode } });
const payslip = (domain: string) => ({ type: 'mem.write', domain, label: 'payslip', frames: 16 });
const destroy = (guest: string) => ({ type: 'guest.destroy', guest });

type Shown = Pick<TraceRecord, 'kind' | 'text' | 'data'>;

/** The record with exactly this text (kind, text and data only). */
function record(trace: readonly TraceRecord[], text: string): Shown | undefined {
  const found = trace.find((t) => t.text === text);
  return found ? { kind: found.kind, text: found.text, data: found.data } : undefined;
}

function run(steps: TestStep[], options: MemoryHostRunOptions = {}) {
  return runMemoryHost(steps, options);
}

describe('memory life-cycle messages', () => {
  it('a new guest\'s frames: EPT for HVM, PV direct paging for 32- and 64-bit PV guests, linked to the guest and host', () => {
    const { trace, e } = run([
      { at: '1s', action: launch('h', 'alice', 256, 'hvm') },
      { at: '1s', action: launch('p', 'bob', 128, 'pv64') },
    ]);
    expect(record(trace, 'h gets 16 frames (256 MiB) on h1 (EPT: guest-physical addresses translated by hardware)')).toEqual({
      kind: 'memory',
      text: 'h gets 16 frames (256 MiB) on h1 (EPT: guest-physical addresses translated by hardware)',
      data: { domain: 'h', host: 'h1' },
    });
    expect(record(trace, 'p gets 8 frames (128 MiB) on h1 (PV: sees machine frame numbers, page tables validated by Xen)')?.data).toEqual({ domain: 'p', host: 'h1' });
    expect(e.state.world.memory.domains['p']).toMatchObject({ paging: 'pv-direct', p2m: [[0, 16, 8]] });
    expect(e.state.world.memory.domains['h']).toMatchObject({ paging: 'ept', p2m: [[0, 0, 16]] });
  });

  it('an allocation that had to scrub dirty frames says how many, and an out-of-memory is an error on the guest', () => {
    const lesson = memoryTestLesson({ memory: { bootscrub: 'idle' }, hosts: [{ memoryMiB: 4096 }], steps: [{ at: '0s', action: launch('a', 'alice') }] });
    const dirty = createSimulation(lesson);
    const trace: TraceRecord[] = [];
    dirty.runUntil(0, { onFrame: (f) => trace.push(...f.trace) });
    const text = 'only dirty frames were left: the allocator scrubbed 16 of them synchronously before handing them to a';
    expect(record(trace, text)).toEqual({ kind: 'memory', text, data: { domain: 'a', frames: 16 } });
    const big = run([{ at: '1s', action: launch('big', 'alice', 4096) }]);
    expect(record(big.trace, 'h1 is out of memory: big got 224 of 256 frames')).toEqual({ kind: 'error', text: 'h1 is out of memory: big got 224 of 256 frames', data: { domain: 'big' } });
  });

  it('teardown on Xen ≥ 4.10 and under no-scrub: a memory message, or a fault message, about the guest', () => {
    const steps: TestStep[] = [
      { at: '1s', action: launch('a', 'alice') },
      { at: '2s', action: payslip('a') },
      { at: '3s', action: destroy('a') },
    ];
    const freed = "a's 16 frames are freed dirty to the tail of the free lists; idle CPUs will scrub them";
    expect(record(run(steps).trace, freed)).toEqual({ kind: 'memory', text: freed, data: { domain: 'a' } });
    const unscrubbed = "no-scrub: a's 16 frames go back to the free pool unscrubbed";
    expect(record(run(steps, { faults: ['no-scrub'] }).trace, unscrubbed)).toEqual({ kind: 'fault', text: unscrubbed, data: { domain: 'a' } });
  });

  it('teardown on Xen 4.9: the synchronous scrub and its end are memory messages, early-release a fault message', () => {
    const steps: TestStep[] = [
      { at: '1s', action: launch('a', 'alice') },
      { at: '2s', action: payslip('a') },
      { at: '3s', action: destroy('a') },
    ];
    const { trace } = run(steps, { xenVersion: '4.9' });
    const held = "Xen 4.9 scrubs a's 256 MiB synchronously; destruction waits for it";
    expect(record(trace, held)).toEqual({ kind: 'memory', text: held, data: { domain: 'a' } });
    const back = "a's frames are scrubbed and back in the free pool";
    expect(record(trace, back)).toEqual({ kind: 'memory', text: back, data: { domain: 'a' } });
    const early = "early-release: a's frames rejoin the pool while Xen is still scrubbing them";
    expect(record(run(steps, { xenVersion: '4.9', faults: ['early-release'] }).trace, early)).toEqual({ kind: 'fault', text: early, data: { domain: 'a' } });
  });
});

describe('guest memory operation messages', () => {
  it('writing, ballooning out and in, granting and switching scrub-domheap are memory messages linked to what they changed', () => {
    const { trace } = run([
      { at: '1s', action: launch('a', 'alice') },
      { at: '1s', action: launch('b', 'bob') },
      { at: '2s', action: { type: 'mem.write', domain: 'a', label: 'payslip', frames: 3 } },
      { at: '3s', action: { type: 'mem.scrubDomheap', host: 'h1', on: true } },
      { at: '4s', action: { type: 'mem.balloon', domain: 'a', frames: 4, guestScrubs: false } },
      { at: '5s', action: { type: 'mem.allocate', domain: 'a', frames: 2 } },
      { at: '6s', action: { type: 'mem.grant', domain: 'a', to: 'b', gfn: 0 } },
      { at: '7s', action: { type: 'mem.scrubDomheap', host: 'h1', on: false } },
    ]);
    const shown = (text: string) => record(trace, text);
    expect(shown('a writes "payslip" into 3 of its frames')).toEqual({ kind: 'memory', text: 'a writes "payslip" into 3 of its frames', data: { domain: 'a', label: 'payslip' } });
    expect(shown('scrub-domheap on on h1')).toEqual({ kind: 'memory', text: 'scrub-domheap on on h1', data: { host: 'h1' } });
    const balloon = 'a balloons out 4 frames (the guest did NOT zero them; scrub-domheap: Xen scrubs them too)';
    expect(shown(balloon)).toEqual({ kind: 'memory', text: balloon, data: { domain: 'a' } });
    expect(shown('a is given 2 more frames')).toEqual({ kind: 'memory', text: 'a is given 2 more frames', data: { domain: 'a' } });
    const grant = 'a grants b access to its frame 0 (grant table entry grant-1)';
    expect(shown(grant)).toEqual({ kind: 'memory', text: grant, data: { grant: 'grant-1' } });
    expect(shown('scrub-domheap off on h1')?.kind).toBe('memory');
  });

  it('refusals are error messages: an unknown host for scrub-domheap, a grant nobody can receive, a probe or destroy of no domain', () => {
    const { trace } = run([
      { at: '1s', action: launch('a', 'alice') },
      { at: '2s', action: { type: 'mem.scrubDomheap', host: 'h9', on: true } },
      { at: '2s', action: { type: 'mem.grant', domain: 'a', to: 'nobody', gfn: 0 } },
      { at: '2s', action: { type: 'mem.probe', domain: 'nobody' } },
      { at: '3s', action: destroy('nobody') },
    ]);
    expect(trace.filter((t) => t.kind === 'error').map((t) => t.text)).toEqual([
      'no host h9',
      'cannot grant: nobody is not live on h1, or a has no frame 0',
      'cannot probe: nobody is not a live domain',
      'cannot destroy nobody: no such running guest',
    ]);
  });

  it('a probe that finds nothing of another tenant is a memory message about the probing guest', () => {
    const { trace } = run([
      { at: '1s', action: launch('b', 'bob') },
      { at: '2s', action: { type: 'mem.probe', domain: 'b', frames: 4 } },
    ]);
    const text = 'b probes 4 fresh frames: 4 hold zeros — nothing of another tenant';
    expect(record(trace, text)).toEqual({ kind: 'memory', text, data: { domain: 'b' } });
  });
});
