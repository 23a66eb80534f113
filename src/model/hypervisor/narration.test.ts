import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../engine';
import { SECOND } from '../../engine/time';
import { createSimulation } from '../../host/simulation';
import { lessonSchema } from '../../lessons/schema';

type Action = { type: string } & Record<string, unknown>;

function run(steps: Array<{ at: string; action: Action }>) {
  const engine = createSimulation(
    lessonSchema.parse({
      id: 'hv-narration',
      title: 'hv',
      summary: 'hv',
      timeScale: '1s',
      world: { tenants: [{ id: 'a' }], hosts: [{ id: 'x', memoryMiB: 4096 }] },
      steps: steps.map((s) => ({ at: s.at, narration: '-', actions: [{ action: s.action }] })),
    }),
  );
  const trace: TraceRecord[] = [];
  engine.runUntil(10 * SECOND, { onFrame: (f) => trace.push(...f.trace) });
  return { engine, domainLines: trace.filter((t) => t.kind === 'domain').map((t) => [t.text, t.data]) };
}

const launch: Action = { type: 'guest.launch', host: 'x', guest: { id: 'w', tenant: 'a', memoryMiB: 256 } };

describe('domain life-cycle narration', () => {
  it('marks each step of a guest\'s life as a domain event linked to the guest (and its host when built)', () => {
    const { domainLines } = run([
      { at: '1s', action: launch },
      { at: '2s', action: { type: 'guest.destroy', guest: 'w' } },
    ]);
    expect(domainLines).toEqual([
      ['Xen toolstack in dom0 builds hvm guest w for a on x', { domain: 'w', host: 'x' }],
      ['w boots its hvm kernel and is running', { domain: 'w' }],
      ['w is being destroyed', { domain: 'w' }],
      ['w is gone; its resources are released', { domain: 'w' }],
    ]);
  });

  it('never boots a guest destroyed while it was still being built', () => {
    // Built at 1 s, destroyed at 1.1 s (reaped at 1.15 s), before its boot at 1.2 s.
    const { engine, domainLines } = run([
      { at: '1s', action: launch },
      { at: '1.1s', action: { type: 'guest.destroy', guest: 'w' } },
    ]);
    expect(engine.state.world.domains['w']?.status).toBe('destroyed');
    expect(domainLines.map(([text]) => text)).not.toContain('w boots its hvm kernel and is running');
  });
});
