import { describe, expect, it } from 'vitest';
import { defineHandler, Engine } from '../engine';
import type { SimState } from '../model/state';
import { act, fleetLesson, inst, launch, simulate } from '../model/tenancy/test-fleet';
import { tenancyAuditor } from './tenancy';

describe('tenancy auditor: hosts it is told about', () => {
  it('skips a touched host the fleet does not know and still checks the others of the same event', () => {
    // alice's Dedicated Instance lands beside carol's instance (the placement check is off).
    const e = simulate(fleetLesson(), ['ignore-tenancy']);
    act(e, launch('shop-c', 'carol', 'vpc-c'));
    act(e, launch('di-a', 'alice', 'vpc-a-ded'));
    const where = inst(e, 'di-a').host;
    if (where === null) throw new Error('di-a was not placed');
    const poke = defineHandler<SimState, null>((_state, _event, ctx) => {
      ctx.touch('fleetHost', 'h-unknown');
      ctx.touch('fleetHost', where);
    });
    const engine = new Engine<SimState>({ state: structuredClone(e.state), handlers: { poke: [poke] }, afterEvent: [tenancyAuditor], freeze: true });
    const before = engine.state.violations.length;
    engine.schedule('poke', null, 0);
    engine.step();
    expect(engine.state.violations.slice(before).map((v) => [v.invariant, v.entities['hosts']])).toEqual([['dedicated-instance-isolation', [where]]]);
  });
});
