import { describe, expect, it } from 'vitest';
import { Engine, type TraceRecord } from '../../engine';
import { afterEventHooks, handlerTable } from '../registry';
import type { SimState } from '../state';
import { ioPlan, stagesOf } from './io';
import { placementFor } from './placement';
import { eventsUntil, smallWorld, type TimedAction } from './test-world';
import type { IoRequest } from './types';
import { historyInOrder } from './vcpu';

const cpuSteps = (engine: Engine<SimState>) => engine.pending().filter((e) => e.kind === 'cpu.step');

describe('a plan runs one event per step', () => {
  it('a syscall on an HVM guest is the action and two crossings, and nothing is left queued after the last', () => {
    const engine = smallWorld([{ at: '2s', action: { type: 'cpu.syscall', domain: 'hvm' } }]);
    engine.runUntil(2e9 - 1);
    expect(eventsUntil(engine, 2e9 + 275)).toEqual(['cpu.syscall', 'cpu.step', 'cpu.step']);
    expect(cpuSteps(engine)).toEqual([]);
    expect(engine.state.world.cpu.vcpus['hvm.v0']).toMatchObject({ level: 'user', transitions: 2, busyUntil: 2e9 + 325 });
  });

  it('a step whose vCPU no longer exists is skipped silently, and its plan ends there', () => {
    const engine = smallWorld([]);
    engine.runUntil(1e9);
    const plan = [
      { vcpu: 'gone.v0', to: 'kernel', kind: 'syscall', dwellNs: 200, text: 'a crossing of a vCPU reaped mid-plan' },
      { vcpu: 'hvm.v0', to: 'kernel', kind: 'syscall', dwellNs: 200, text: 'never reached' },
    ];
    engine.schedule('cpu.step', { plan, index: 0, ghz: 2 }, 2e9);
    const before = engine.state.world.cpu;
    const trace: TraceRecord[] = [];
    engine.runUntil(3e9, { onFrame: (f) => trace.push(...f.trace) });
    expect(trace.filter((t) => t.at >= 2e9)).toEqual([]);
    expect(engine.state.world.cpu).toBe(before);
  });

  it('a step event past its plan\'s end does nothing', () => {
    const engine = smallWorld([]);
    engine.runUntil(1e9);
    const plan = [{ vcpu: 'hvm.v0', to: 'kernel', kind: 'syscall', dwellNs: 200, text: 'the only step' }];
    engine.schedule('cpu.step', { plan, index: 1, ghz: 2 }, 2e9);
    const before = engine.state.world.cpu;
    const trace: TraceRecord[] = [];
    engine.runUntil(3e9, { onFrame: (f) => trace.push(...f.trace) });
    expect(trace.filter((t) => t.at >= 2e9)).toEqual([]);
    expect(engine.state.world.cpu).toBe(before);
  });

  it('a stage of a request no longer kept changes nothing: no device count, no record', () => {
    const engine = smallWorld([]);
    engine.runUntil(1e9);
    const plan = [{ vcpu: null, to: null, kind: null, dwellNs: 0, text: 'the card finishes a dropped request', io: { id: 'io-7', stage: 'device', device: 'n.nitro-card-ebs' } }];
    engine.schedule('cpu.step', { plan, index: 0, ghz: 2 }, 2e9);
    engine.runUntil(3e9);
    expect(engine.state.world.cpu.io).toEqual({});
    expect(engine.state.world.devices['n.nitro-card-ebs']?.requests).toBe(0);
  });
});

describe('an I/O request, step by step', () => {
  it('is at no stage when written, advances with each stage step, and is complete only at its last step', () => {
    const engine = smallWorld([{ at: '2s', action: { type: 'io.write', domain: 'na' } }]);
    engine.runUntil(2e9 - 1);
    const seen: Array<[number, number, number | null]> = [];
    for (let next = engine.peek(); next && next.at < 3e9; next = engine.peek()) {
      engine.step(1);
      const io = engine.state.world.cpu.io['io-1'];
      if (io) seen.push([engine.now - 2e9, io.stage, io.completedAt === null ? null : io.completedAt - 2e9]);
    }
    // io.write, enter the kernel, frontend, doorbell, back to user, device, interrupt, back to user, done.
    expect(seen).toEqual([
      [0, -1, null],
      [0, -1, null],
      [275, 0, null],
      [475, 1, null],
      [825, 1, null],
      [875, 2, null],
      [50875, 3, null],
      [51325, 3, null],
      [51375, 4, 51375],
    ]);
  });

  it('a program in user space first enters its kernel: emulated I/O exits to Xen from there and is re-entered in the kernel', () => {
    const engine = smallWorld([{ at: '2s', action: { type: 'io.write', domain: 'hvm' } }]);
    engine.runUntil(3e9);
    const v = engine.state.world.cpu.vcpus['hvm.v0']!;
    expect(historyInOrder(v).filter((s) => s.at >= 2e9).map((s) => [s.level, s.via])).toEqual([
      ['kernel', 'syscall'],
      ['hypervisor', 'vmexit'],
      ['kernel', 'vmentry'],
      ['user', 'sysret'],
    ]);
  });

  it('a program in user space first enters its kernel on Nitro too, and returns to user space twice', () => {
    const engine = smallWorld([{ at: '2s', action: { type: 'io.write', domain: 'na', device: 'net' } }]);
    engine.runUntil(3e9);
    const v = engine.state.world.cpu.vcpus['na.v0']!;
    expect(historyInOrder(v).filter((s) => s.at >= 2e9).map((s) => [s.at - 2e9, s.level, s.via])).toEqual([
      [0, 'kernel', 'syscall'],
      [825, 'user', 'sysret'],
      [50875, 'kernel', 'interrupt'],
      [51325, 'user', 'sysret'],
    ]);
  });

  it('keeps the 32 newest completed requests and never drops one still in flight', () => {
    // Two guests write at once: one request is always in flight while the other completes.
    const writes: TimedAction[] = Array.from({ length: 40 }, (_, i) => ({ at: '2s', action: { type: 'io.write', domain: i % 2 === 0 ? 'na' : 'nb' } }));
    const engine = smallWorld(writes);
    engine.runUntil(2e9 - 1);
    const kept: string[] = [];
    let completed = 0;
    for (let next = engine.peek(); next && next.at < 3e9; next = engine.peek()) {
      const frame = engine.step(1);
      completed += frame?.trace.filter((t) => t.text.startsWith('request io-')).length ?? 0;
      const all = Object.values(engine.state.world.cpu.io);
      const done = all.filter((r) => r.completedAt !== null).length;
      kept.push(`${done}/${all.length - done}`);
      expect(done).toBe(Math.min(completed, 32));
    }
    expect(completed).toBe(40);
    const ids = Object.keys(engine.state.world.cpu.io);
    expect(ids).toEqual(Array.from({ length: 32 }, (_, i) => `io-${i + 9}`));
    expect(kept).toContain('32/1');
  });
});

/** The same lesson in an engine whose after-event hooks also record what each event touched. */
function recording(actions: TimedAction[]): { engine: Engine<SimState>; touched: Map<string, Set<string | number>> } {
  const base = smallWorld(actions, { extraXen: [{ id: 'late', tenant: 'a', mode: 'pvh', vcpus: 1, memoryMiB: 256, bootAt: '1s' }] });
  const touched = new Map<string, Set<string | number>>();
  const recorder = {
    direct(_state: unknown, seen: ReadonlyMap<string, ReadonlySet<string | number>>): void {
      for (const [kind, ids] of seen) for (const id of ids) (touched.get(kind) ?? touched.set(kind, new Set()).get(kind)!).add(id);
    },
  };
  const engine = new Engine<SimState>({ state: base.state, handlers: handlerTable(), afterEvent: [...afterEventHooks(), recorder] });
  engine.scheduleScript(base.pending().map(({ kind, payload, at, priority }) => ({ kind, payload, at, priority })));
  return { engine, touched };
}

const marks = (touched: Map<string, Set<string | number>>, kind: string) => [...(touched.get(kind) ?? [])].sort();

describe('what the cpu model marks for the after-event checks', () => {
  it('marks each guest\'s placement when it is created and each vCPU as it starts user space', () => {
    const { engine, touched } = recording([]);
    engine.runUntil(3e9);
    expect(marks(touched, 'placement')).toEqual(['hvm', 'late', 'na', 'nb', 'nc', 'pv']);
    expect(marks(touched, 'vcpu')).toEqual(['hvm.v0', 'late.v0', 'na.v0', 'na.v1', 'nb.v0', 'nb.v1', 'nc.v0', 'nc.v1', 'pv.v0']);
  });

  it('marks the I/O request, the devices it reached and every vCPU that crossed on the way', () => {
    const { engine, touched } = recording([{ at: '2s', action: { type: 'io.write', domain: 'pv' } }]);
    engine.runUntil(2e9 - 1);
    touched.clear();
    engine.runUntil(3e9);
    expect(marks(touched, 'io')).toEqual(['io-1']);
    expect(marks(touched, 'device')).toEqual(['x.blkback', 'x.disk']);
    expect(marks(touched, 'vcpu')).toEqual(['pv.v0', 'x.dom0.v0']);
    expect(engine.state.world.cpu.io['io-1']?.completedAt).not.toBeNull();
  });

  it('marks the request when it is written and again at each of its stages', () => {
    const { engine, touched } = recording([{ at: '2s', action: { type: 'io.write', domain: 'na' } }]);
    engine.runUntil(2e9 - 1);
    const byEvent: Array<[string, number, Array<string | number>]> = [];
    for (let next = engine.peek(); next && next.at < 3e9; next = engine.peek()) {
      touched.clear();
      engine.step(1);
      if (touched.has('io')) byEvent.push([next.kind, next.at - 2e9, marks(touched, 'io')]);
    }
    // Written, then frontend, doorbell (nitro-card), device, response, done.
    expect(byEvent).toEqual([
      ['io.write', 0, ['io-1']],
      ['cpu.step', 275, ['io-1']],
      ['cpu.step', 475, ['io-1']],
      ['cpu.step', 875, ['io-1']],
      ['cpu.step', 50875, ['io-1']],
      ['cpu.step', 51375, ['io-1']],
    ]);
  });

  it('marks the vCPU of a burst', () => {
    const { engine, touched } = recording([{ at: '2s', action: { type: 'cpu.burst', domain: 'nc', count: 3 } }]);
    engine.runUntil(2e9 - 1);
    touched.clear();
    engine.runUntil(3e9);
    expect(marks(touched, 'vcpu')).toEqual(['nc.v0']);
    expect(engine.state.world.cpu.vcpus['nc.v0']?.transitions).toBe(6);
  });
});

describe('choosing the I/O path', () => {
  const request = (path: IoRequest['path']): IoRequest => ({ id: 'io-1', domainId: 'g', hostId: 'h', op: 'disk-write', bytes: 512, path, stages: [], stage: -1, grantRef: null, deviceId: null, startedAt: 0, completedAt: null });
  const dom0 = placementFor('h.dom0', { id: 'h', hypervisor: 'xen' }, 'pv64');

  it('a guest on a Nitro card takes the Nitro path even when a dom0 and its vCPU are at hand', () => {
    const nitro = placementFor('g', { id: 'h', hypervisor: 'nitro' }, 'hvm');
    const plan = ioPlan({ placement: nitro, dom0, vcpu: 'g.v0', dom0Vcpu: 'h.dom0.v0', level: 'kernel', request: request('nitro-card') });
    expect(stagesOf(plan)).toEqual(['frontend', 'nitro-card', 'device', 'response', 'done']);
    expect(plan.some((s) => s.vcpu === 'h.dom0.v0')).toBe(false);
  });

  it('a Xen guest goes through dom0: QEMU for plain HVM, the backend for PV drivers', () => {
    const hvm = placementFor('g', { id: 'h', hypervisor: 'xen' }, 'hvm');
    const pv = placementFor('g', { id: 'h', hypervisor: 'xen' }, 'pv64');
    expect(stagesOf(ioPlan({ placement: hvm, dom0, vcpu: 'g.v0', dom0Vcpu: 'h.dom0.v0', level: 'kernel', request: request('emulated') }))).toEqual(['frontend', 'event-channel', 'device-model', 'device', 'response', 'done']);
    expect(stagesOf(ioPlan({ placement: pv, dom0, vcpu: 'g.v0', dom0Vcpu: 'h.dom0.v0', level: 'kernel', request: request('split-driver') }))).toEqual(['grant', 'frontend', 'event-channel', 'backend', 'device', 'response', 'done']);
  });
});
