import { describe, expect, it } from 'vitest';
import { SECOND } from '../../engine/time';
import { framesFor, mibOf, scrubNanos, xenRelease } from './config';
import { labelIndex, nameAt, tenantIndex } from './registry';
import { parseRange, touchRuns } from './touch';
import type { MemoryWorld } from './types';
import { plainWriter } from './writer';

function emptyMemory(): MemoryWorld {
  return {
    config: { mode: 'teaching', frameKiB: 16384, scrubMiBPerSecond: 1024, scrubBatchMiB: 256 },
    hosts: {},
    domains: {},
    domainIds: [],
    tenantIds: ['alice', 'bob'],
    labels: [],
    grants: {},
    nextGrant: 1,
    probes: [],
  };
}

describe('memory configuration arithmetic', () => {
  it('compares Xen releases as numbers, so 4.10 comes after 4.9', () => {
    expect(xenRelease('4.9')).toBe(409);
    expect(xenRelease('4.10')).toBe(410);
    expect(xenRelease('4.17')).toBe(417);
    expect(xenRelease('5')).toBe(500);
    // Nitro hosts have no Xen version: newer than any release.
    expect(xenRelease(null)).toBe(Number.POSITIVE_INFINITY);
    expect(xenRelease('')).toBe(Number.POSITIVE_INFINITY);
  });

  it('rounds a guest\'s memory up to whole frames', () => {
    expect(framesFor(16, 16384)).toBe(1);
    expect(framesFor(17, 16384)).toBe(2);
    expect(framesFor(16384, 16384)).toBe(1024);
    expect(framesFor(1, 16384)).toBe(1);
    expect(framesFor(1024, 4)).toBe(262144);
  });

  it('converts frames to MiB', () => {
    expect(mibOf(64, 16384)).toBe(1024);
    expect(mibOf(3, 4)).toBe(0.01171875);
  });

  it('times a scrub at the CPU\'s rate, never shorter than one nanosecond', () => {
    expect(scrubNanos(64, 16384, 1024)).toBe(SECOND);
    expect(scrubNanos(1, 4, 1024)).toBe(3815);
    expect(scrubNanos(0, 16384, 1024)).toBe(1);
  });
});

describe('frame provenance tables', () => {
  it('names an index (+1) from its table, or the fallback for none and unknown', () => {
    expect(nameAt(['a', 'b'], 1, 'none')).toBe('a');
    expect(nameAt(['a', 'b'], 2, 'none')).toBe('b');
    expect(nameAt(['a', 'b'], 0, 'none')).toBe('none');
    expect(nameAt(['a', 'b'], 3, 'none')).toBe('none');
  });

  it('gives the operator tenant 0 and a known tenant its index + 1, adding new ones at the end', () => {
    const mem = emptyMemory();
    const w = plainWriter(mem);
    expect(tenantIndex(w, null)).toBe(0);
    expect(tenantIndex(w, 'alice')).toBe(1);
    expect(tenantIndex(w, 'bob')).toBe(2);
    expect(tenantIndex(w, 'carol')).toBe(3);
    expect(tenantIndex(w, 'carol')).toBe(3);
    expect(mem.tenantIds).toEqual(['alice', 'bob', 'carol']);
  });

  it('adds each label once', () => {
    const mem = emptyMemory();
    const w = plainWriter(mem);
    expect(labelIndex(w, 'payslip')).toBe(1);
    expect(labelIndex(w, 'keys')).toBe(2);
    expect(labelIndex(w, 'payslip')).toBe(1);
    expect(mem.labels).toEqual(['payslip', 'keys']);
  });

  it('refuses to write frames of a host it has no memory for', () => {
    const w = plainWriter(emptyMemory());
    expect(() => w.host('h9')).toThrow('no memory for host h9');
    expect(() => w.frames('h9')).toThrow('no memory for host h9');
  });
});

describe('touched frame ranges', () => {
  it('names each run as host:start:count and reads it back', () => {
    const touched: Array<[string, string | number]> = [];
    touchRuns({ touch: (kind, id) => void touched.push([kind, id]) }, 'mem.free', 'h1', [[0, 4], [100, 2]]);
    expect(touched).toEqual([['mem.free', 'h1:0:4'], ['mem.free', 'h1:100:2']]);
    expect(parseRange('h1:100:2')).toEqual({ hostId: 'h1', start: 100, count: 2 });
  });

  it('ignores ids that are not ranges', () => {
    expect(parseRange(7)).toBeNull();
    expect(parseRange('h1')).toBeNull();
    expect(parseRange('h1:2')).toBeNull();
    expect(parseRange('h1:2:3:4')).toBeNull();
  });
});
