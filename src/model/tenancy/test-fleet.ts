import type { Engine } from '../../engine';
import { createSimulation } from '../../host/simulation';
import { lessonSchema } from '../../lessons/schema';
import type { SimState } from '../state';
import { getHost, getInstance } from './store';
import type { FleetHost, Instance } from './types';

/** Test helper: a small fleet lesson (two linked accounts under one payer, one outsider). */
export function fleetLesson(extra: { hosts?: unknown[]; dedicatedHosts?: unknown[]; seed?: number } = {}) {
  return lessonSchema.parse({
    id: 'fleet-test',
    title: 'fleet test',
    summary: 'fleet test',
    timeScale: '1s',
    seed: extra.seed ?? 7,
    world: {
      fleet: {
        regions: [{ id: 'us-east-1', azs: ['use1-a', 'use1-b'] }],
        accounts: [{ id: 'payer' }, { id: 'alice', payer: 'payer' }, { id: 'bob', payer: 'payer' }, { id: 'carol' }],
        vpcs: [
          { id: 'vpc-a', account: 'alice', region: 'us-east-1' },
          { id: 'vpc-a-ded', account: 'alice', region: 'us-east-1', instanceTenancy: 'dedicated' },
          { id: 'vpc-b', account: 'bob', region: 'us-east-1' },
          { id: 'vpc-c', account: 'carol', region: 'us-east-1' },
        ],
        hosts: extra.hosts ?? [{ family: 'm5', az: 'use1-a', count: 6 }, { family: 'c5', az: 'use1-a', count: 2 }],
        dedicatedHosts: extra.dedicatedHosts ?? [],
      },
    },
  });
}

/** Runs one input action now and returns the engine's state afterwards. */
export function act(engine: Engine<SimState>, action: { type: string } & Record<string, unknown>): SimState {
  engine.input(action.type, action);
  engine.runUntil(engine.now);
  return engine.state;
}

export function simulate(lesson = fleetLesson(), faults: string[] = []): Engine<SimState> {
  return createSimulation(lesson, { faults });
}

export function inst(engine: Engine<SimState>, id: string): Instance {
  const found = getInstance(engine.state.world.fleet, id);
  if (!found) throw new Error(`no instance ${id}`);
  return found;
}

export function host(engine: Engine<SimState>, id: string): FleetHost {
  const found = getHost(engine.state.world.fleet, id);
  if (!found) throw new Error(`no host ${id}`);
  return found;
}

export const launch = (instance: string, account: string, vpc: string, instanceType = 'm5.large', more: Record<string, unknown> = {}) => ({
  type: 'fleet.launch', instance, account, vpc, az: 'use1-a', instanceType, affinity: 'off', ...more,
});

/**
 * Three m5 hosts: alice's Dedicated Instances d1 (12xlarge), d1b and d1c (4xlarge) reserve and
 * fill one of them (40 of its 48 cores), and carol's two 24xlarge take the other two. Returns the
 * engine and alice's host.
 */
export function aliceFillsOneReservedHost(): { e: Engine<SimState>; aliceHost: string } {
  const e = simulate(fleetLesson({ hosts: [{ family: 'm5', az: 'use1-a', count: 3 }] }));
  act(e, launch('d1', 'alice', 'vpc-a-ded', 'm5.12xlarge'));
  const aliceHost = inst(e, 'd1').host;
  if (aliceHost === null) throw new Error('d1 was not placed');
  act(e, launch('c1', 'carol', 'vpc-c', 'm5.24xlarge'));
  act(e, launch('c2', 'carol', 'vpc-c', 'm5.24xlarge'));
  act(e, launch('d1b', 'alice', 'vpc-a-ded', 'm5.4xlarge'));
  act(e, launch('d1c', 'alice', 'vpc-a-ded', 'm5.4xlarge'));
  return { e, aliceHost };
}
