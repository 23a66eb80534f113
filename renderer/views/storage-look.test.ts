import { describe, expect, it } from 'vitest';
import { BlockState, LAZY } from '../../src/model/storage/types';
import { CHUNK_SIZE } from '../../src/model/storage/chunks';
import { BLOCK_COLORS, dim, logicalLook, physicalLook, storageChanges } from './storage-look';

const prov = { tenant: 'alice', volume: 'v', label: 'payroll', at: 0, seq: 1, key: null };
const colorOf = () => 0xe69f00;

describe('storage view looks', () => {
  it('gives every block state a distinct look with a second channel besides colour', () => {
    expect(physicalLook(BlockState.FREE, null, colorOf)).toMatchObject({ fill: BLOCK_COLORS.free, overlay: 'none' });
    expect(physicalLook(BlockState.WRITTEN, prov, colorOf)).toMatchObject({ fill: 0xe69f00, overlay: 'none' });
    expect(physicalLook(BlockState.DIRTY, prov, colorOf)).toMatchObject({ fill: dim(0xe69f00), overlay: 'hatch' });
    expect(physicalLook(BlockState.WIPED, null, colorOf).overlay).toBe('wiped');
    expect(physicalLook(BlockState.WRITTEN, { ...prov, key: 'dk-v' }, colorOf).overlay).toBe('lock');
    expect(physicalLook(BlockState.ALLOCATED, prov, colorOf).words).toMatch(/WITHOUT a wipe/);
    expect(logicalLook(LAZY, 0xe69f00, false).overlay).toBe('cloud');
  });

  it('localises patches to blocks, volumes and the plot', () => {
    const changes = storageChanges([
      { op: 'replace', path: ['world', 'storage', 'nodes', 'n1', 'state', 2, 5], value: 2 },
      { op: 'replace', path: ['world', 'storage', 'nodes', 'n1', 'prov', 0], value: [] },
      { op: 'replace', path: ['world', 'storage', 'volumes', 'v1', 'mappedCount'], value: 3 },
      { op: 'add', path: ['world', 'storage', 'io', 0], value: {} },
      { op: 'replace', path: ['world', 'cpu', 'x'], value: 1 },
    ]);
    expect(changes.all).toBe(false);
    const blocks = changes.blocks.get('n1');
    expect(blocks?.has(2 * CHUNK_SIZE + 5)).toBe(true);
    expect(blocks?.has(CHUNK_SIZE - 1)).toBe(true);
    expect(blocks?.has(CHUNK_SIZE)).toBe(false);
    expect([...changes.volumes]).toEqual(['v1']);
    expect(changes.io).toBe(true);
  });

  it('asks for a rebuild when a volume appears', () => {
    expect(storageChanges([{ op: 'add', path: ['world', 'storage', 'volumes', 'v9'], value: {} }]).all).toBe(true);
  });
});

describe('key state changes', () => {
  it('relayout the view (every volume and snapshot under the key changes its mark)', () => {
    expect(storageChanges([{ op: 'replace', path: ['world', 'storage', 'keys', 'k', 'state'], value: 'disabled' }]).all).toBe(true);
  });
});
