import { describe, expect, it } from 'vitest';
import type { Immutable } from '../engine';
import { createSimulation } from '../host/simulation';
import { lessonSchema } from '../lessons/schema';
import { atomicModelPath, elementwiseModelPath } from './diff-granularity';
import { cpuModule } from './cpu/module';
import { direct } from './events';
import { hypervisorModule } from './hypervisor/module';
import { memoryModule } from './memory/module';
import type { SimModule } from './module';
import { actionSchema, afterEventHooks, FAULTS, handlerTable, isKnownFault, MODULES } from './registry';
import type { SimState } from './state';
import { tenantName } from './tenant-name';

describe('the module registry', () => {
  it('runs the handlers of one kind in module order', () => {
    const first = direct<'fault.set'>(() => undefined);
    const second = direct<'fault.set'>(() => undefined);
    const other = direct<'domain.boot'>(() => undefined);
    const modules: SimModule[] = [
      { id: 'a', handlers: { 'fault.set': first } },
      { id: 'none' },
      { id: 'b', handlers: { 'fault.set': second, 'domain.boot': other } },
    ];
    const table = handlerTable(modules);
    expect(table['fault.set']).toEqual([first, second]);
    expect(table['fault.set']?.[0]).toBe(first);
    expect(table['domain.boot']).toEqual([other]);
    expect(Object.keys(table).sort()).toEqual(['domain.boot', 'fault.set']);
  });

  it('runs the hypervisor\'s domain.create before the modules that give the domain resources', () => {
    expect(MODULES.map((m) => m.id)).toEqual(['faults', 'hypervisor', 'cpu', 'access', 'memory', 'storage', 'tenancy', 'network']);
    const table = handlerTable();
    expect(table['domain.created']).toEqual([cpuModule.handlers?.['domain.created'], memoryModule.handlers?.['domain.created']]);
    expect(table['domain.reap']?.[0]).toBe(hypervisorModule.handlers?.['domain.reap']);
  });

  it('collects every module\'s auditors, in module order', () => {
    const hookA = { direct: () => undefined };
    const hookB = { direct: () => undefined };
    expect(afterEventHooks([{ id: 'a', afterEvent: [hookA] }, { id: 'x' }, { id: 'b', afterEvent: [hookB] }])).toEqual([hookA, hookB]);
    expect(afterEventHooks().length).toBeGreaterThan(0);
  });

  it('knows every named fault, sorted by name, and no other', () => {
    const names = FAULTS.map((f) => f.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    for (const name of ['no-scrub', 'early-release', 'grant-misuse', 'dom0-foreign-map', 'xen-mmu-validation-off', 'ept-maps-foreign-frame']) expect(isKnownFault(name)).toBe(true);
    expect(isKnownFault('no-such-fault')).toBe(false);
    expect(isKnownFault('')).toBe(false);
  });

  it('rejects switching an unknown fault, listing the known ones, and accepts a known one', () => {
    const bad = actionSchema.safeParse({ type: 'fault.set', fault: 'nope' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues).toEqual([expect.objectContaining({ code: 'custom', path: ['fault'], message: `unknown fault "nope"; known faults: ${FAULTS.map((f) => f.name).join(', ')}` })]);
    expect(actionSchema.parse({ type: 'fault.set', fault: 'no-scrub' })).toEqual({ type: 'fault.set', fault: 'no-scrub', on: true });
    // Other actions are not checked against the fault list.
    expect(actionSchema.safeParse({ type: 'guest.destroy', guest: 'nope' }).success).toBe(true);
  });
});

describe('how finely changes are described', () => {
  it('sends a changed fleet instance or host whole, and diffs everything else to the leaf', () => {
    // world.fleet.<collection>[group][slot][id]
    expect(atomicModelPath(['world', 'fleet', 'instances', 0, 17, 'i-1'])).toBe(true);
    expect(atomicModelPath(['world', 'fleet', 'hosts', 3, 0, 'h-1'])).toBe(true);
    expect(atomicModelPath(['world', 'fleet', 'instances', 0, 17])).toBe(false);
    expect(atomicModelPath(['world', 'fleet', 'instances', 0, 17, 'i-1', 'state'])).toBe(false);
    expect(atomicModelPath(['world', 'fleet', 'placements', 0, 17, 'p-1'])).toBe(false);
    expect(atomicModelPath(['world', 'memory', 'instances', 0, 17, 'i-1'])).toBe(false);
    expect(atomicModelPath(['state', 'fleet', 'hosts', 3, 0, 'h-1'])).toBe(false);
  });

  it("diffs the fleet's array of groups and each group element by element, and no other array", () => {
    expect(elementwiseModelPath(['world', 'fleet', 'instances'])).toBe(true);
    expect(elementwiseModelPath(['world', 'fleet', 'hosts', 3])).toBe(true);
    expect(elementwiseModelPath(['world', 'fleet', 'hosts', 3, 0])).toBe(false);
    expect(elementwiseModelPath(['world', 'fleet', 'hosts', 3, 0, 'h-1', 'slots'])).toBe(false);
    expect(elementwiseModelPath(['world', 'fleet', 'pools'])).toBe(false);
    expect(elementwiseModelPath(['world', 'memory', 'hosts', 'h1'])).toBe(false);
    expect(elementwiseModelPath(['state', 'fleet', 'hosts'])).toBe(false);
  });
});

describe('tenant names in captions', () => {
  const state = createSimulation(
    lessonSchema.parse({ id: 't', title: 't', summary: 't', timeScale: '1s', world: { tenants: [{ id: 'a', name: 'Tenant A (Alice Ltd)' }, { id: 'b' }], hosts: [] } }),
  ).state as Immutable<SimState>;

  it('names a tenant as the canvas does, falls back to its id, and says when there is none', () => {
    expect(tenantName(state, 'a')).toBe('Tenant A (Alice Ltd)');
    expect(tenantName(state, 'b')).toBe('b');
    expect(tenantName(state, 'zed')).toBe('zed');
    expect(tenantName(state, null)).toBe('no tenant');
    expect(tenantName(state, undefined)).toBe('no tenant');
    expect(tenantName(state, '')).toBe('no tenant');
  });
});
