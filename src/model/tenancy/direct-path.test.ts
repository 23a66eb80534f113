import { describe, expect, it } from 'vitest';
import { poolKey } from './store';
import { act, fleetLesson, host, inst, launch, simulate } from './test-fleet';

/**
 * The fleet runs on the engine's direct path: handlers write through ctx.mut, so a change copies
 * only the bucket (and host or instance) it writes, and the tests' frozen states would throw on
 * any write that bypassed it.
 */
describe('fleet writes on the direct path', () => {
  it('a launch copies one host bucket and one instance bucket; the rest of the fleet and the pool host list stay shared', () => {
    const e = simulate(fleetLesson({ hosts: [{ family: 'm5', az: 'use1-a', count: 600 }] }));
    act(e, launch('first', 'alice', 'vpc-a'));
    const before = e.state.world.fleet;
    const after = act(e, launch('second', 'carol', 'vpc-c', 'm5.xlarge')).world.fleet;
    const changed = (a: readonly unknown[], b: readonly unknown[]) => b.flatMap((bucket, i) => (a[i] === bucket ? [] : [i]));
    expect(after.hosts).toHaveLength(before.hosts.length);
    expect(changed(before.hosts, after.hosts)).toHaveLength(1);
    expect(changed(before.instances, after.instances)).toHaveLength(1);
    const key = poolKey('use1-a', 'm5');
    expect(after.pools[key]?.hosts).toBe(before.pools[key]?.hosts);
    expect(after.accounts).toBe(before.accounts);
    expect(Object.isFrozen(after.hosts)).toBe(true);
    expect(Object.isFrozen(after.hosts[0])).toBe(true);
    expect(inst(e, 'second').host).toBe(inst(e, 'first').host);
    expect(host(e, inst(e, 'second').host as string).slots.map((s) => s.instance)).toEqual(['first', 'second']);
  });

  it('leaves the state before a batch untouched (stop, start, failure with recovery)', () => {
    const e = simulate(fleetLesson({ dedicatedHosts: [{ id: 'h-dh', account: 'alice', az: 'use1-a', family: 'm5', autoPlacement: 'on' }] }));
    act(e, launch('di', 'alice', 'vpc-a', 'm5.large', { tenancy: 'dedicated' }));
    act(e, launch('dh', 'alice', 'vpc-a', 'm5.large', { tenancy: 'host' }));
    const snapshot = e.state;
    const json = JSON.stringify(snapshot);
    act(e, { type: 'fleet.stop', instance: 'di' });
    act(e, { type: 'fleet.start', instance: 'di' });
    act(e, { type: 'fleet.failHost', host: 'h-dh', cause: 'power' });
    expect(JSON.stringify(snapshot)).toBe(json);
    expect(inst(e, 'dh').host).not.toBe('h-dh');
    expect(host(e, 'h-dh').replacedBy).toBe(inst(e, 'dh').host);
    expect(e.state.violations).toEqual([]);
  });
});
