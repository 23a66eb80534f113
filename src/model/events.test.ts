import { describe, expect, it } from 'vitest';
import { createSimulation } from '../host/simulation';
import { lessonSchema } from '../lessons/schema';
import { direct, type ModelContext, type ModuleHandlers } from './events';
import { handlerTable } from './registry';

/**
 * The event contract is checked by the compiler: `npm run typecheck` fails if any line marked
 * `@ts-expect-error` below compiles (an unknown kind, a wrong payload).
 */
export function contractExamples(ctx: ModelContext): ModuleHandlers {
  ctx.schedule('domain.boot', { domainId: 'g' });
  // @ts-expect-error: no module declares this kind
  ctx.schedule('domain.boooot', { domainId: 'g' });
  // @ts-expect-error: domain.boot names a domain by `domainId`
  ctx.schedule('domain.boot', { guest: 'g' });
  // @ts-expect-error: mem.scrub needs the host and the NUMA node
  ctx.emit('mem.scrub', { hostId: 'h' });
  return {
    'mem.write': direct((_state, event) => {
      const frames: number = event.payload.frames;
      // @ts-expect-error: a write action has no `vcpu`
      void event.payload.vcpu;
      void frames;
    }),
    // @ts-expect-error: model handlers are direct; a function that writes an immer draft is refused
    'mem.probe': (draft: { world: unknown }) => void draft,
  };
}

describe('the domain.created contract', () => {
  const lesson = (guests: unknown[]) =>
    lessonSchema.parse({
      id: 'contract',
      title: 't',
      summary: 't',
      timeScale: '1s',
      world: { tenants: [{ id: 'a' }], hosts: [{ id: 'h', memoryMiB: 4096, guests }] },
      steps: [{ at: '1s', narration: '-' }],
    });

  it('gives vCPUs and frames to exactly the domains the hypervisor built', () => {
    const engine = createSimulation(lesson([{ id: 'g', tenant: 'a', memoryMiB: 256 }]));
    engine.runUntil(Number.MAX_SAFE_INTEGER);
    expect(engine.state.world.cpu.placements['g']).toBeDefined();
    expect(engine.state.world.memory.domains['g']).toBeDefined();
  });

  it('gives nothing to a guest the hypervisor refused (unknown tenant)', () => {
    const engine = createSimulation(lesson([{ id: 'g', tenant: 'a', memoryMiB: 256 }, { id: 'x', tenant: 'nobody', memoryMiB: 256 }]));
    engine.runUntil(Number.MAX_SAFE_INTEGER);
    expect(engine.state.world.domains['x']).toBeUndefined();
    expect(engine.state.world.cpu.placements['x']).toBeUndefined();
    expect(engine.state.world.memory.domains['x']).toBeUndefined();
  });

  it('is handled by the CPU model and memory, after the hypervisor', () => {
    const table = handlerTable();
    expect(table['domain.created']).toHaveLength(2);
    expect(table['domain.create']).toHaveLength(1);
  });
});
