import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../src/host';
import { findLesson } from '../../src/lessons';
import { SECOND } from '../../src/engine/time';
import { cellLook, describeFrame, framesPerCell, frameLook, chunkAt } from './memory-look';
import { tenantColor, UI } from '../palette';

function lessonState(seconds: number, faults: string[] = []) {
  const lesson = findLesson('memory-scrubbing');
  if (!lesson) throw new Error('no lesson');
  const engine = createSimulation(lesson, { faults });
  engine.runUntil(seconds * SECOND);
  return engine.state;
}

describe('memory view look', () => {
  it('shows one frame per cell up to 4096 frames and blocks beyond', () => {
    expect(framesPerCell(1024)).toBe(1);
    expect(framesPerCell(1 << 20)).toBe(256);
  });

  it('colours written frames by tenant and hatches residue after the owner is destroyed', () => {
    const written = lessonState(4);
    const host = written.world.memory.hosts['host-1'];
    if (!host) throw new Error('no host');
    const alice = tenantColor(written.world.tenants['alice']?.colorIndex ?? 0);
    const chunk = chunkAt(host, 0);
    if (!chunk) throw new Error('no chunk');
    // dom0 takes the top of memory (Xen prefers high memory for it), so Alice's guest starts at frame 0.
    expect(frameLook(written, chunk, 64)).toEqual({ tint: alice, hatch: false, sweep: false });
    const freed = lessonState(6.001);
    const freedHost = freed.world.memory.hosts['host-1'];
    if (!freedHost) throw new Error('no host');
    expect(cellLook(freed, freedHost, 64, 1).hatch).toBe(true);
    const scrubbed = lessonState(9);
    const scrubbedHost = scrubbed.world.memory.hosts['host-1'];
    if (!scrubbedHost) throw new Error('no host');
    expect(describeFrame(scrubbed, scrubbedHost, 64).join('\n')).toMatch(/last written by payroll-a \(alice\): "payslip"/);
  });

  it('shows clean free frames dark', () => {
    const state = lessonState(9);
    const host = state.world.memory.hosts['host-1'];
    if (!host) throw new Error('no host');
    expect(cellLook(state, host, 500, 1)).toEqual({ tint: UI.panelRaised, hatch: false, sweep: false });
  });

  it('hatches a guest frame that holds another tenant\'s data (a leak under no-scrub)', () => {
    const state = lessonState(7.5, ['no-scrub']);
    const host = state.world.memory.hosts['host-1'];
    if (!host) throw new Error('no host');
    const leak = state.world.memory.probes[0]?.leaks[0];
    if (!leak) throw new Error('no leak');
    const look = cellLook(state, host, leak.mfn, 1);
    expect(look.hatch).toBe(true);
    expect(look.tint).toBe(tenantColor(state.world.tenants['bob']?.colorIndex ?? 0));
  });
});
