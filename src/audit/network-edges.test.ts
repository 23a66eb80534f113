import { describe, expect, it } from 'vitest';
import { defineHandler, Engine } from '../engine';
import { networkSimulation, type ActionInput } from '../model/network/fixture';
import { PACKETS_KEPT } from '../model/network/packets';
import type { NetInterface, Packet } from '../model/network/types';
import type { SimState } from '../model/state';
import { DELIVERED_NOT_ADDRESSED, networkInvariants, SPOOFED_EGRESS, UNALLOWED_DELIVERY } from './network';

/**
 * The network auditors judged on hand-made records: a finished run of the fixture world (x0–x2 on
 * Xen, n0–n2 on Nitro, one VPC), then one event that reports the given packet records as
 * delivered, sent out or admitted, with only the network auditors after it.
 */
const US = 1000;
const OPEN_443 = { id: 'https', fromPort: 443, cidr: '0.0.0.0/0' };

/** x0 sends one TCP 443 packet (#0) to x2, which allows it; no reply. */
function world(): SimState {
  const action: ActionInput = { type: 'net.send', from: 'x0', to: 'x2', protocol: 'tcp', port: 443, reply: false };
  const engine = networkSimulation({ actions: [{ at: 100 * US, action }], rules: { 'sg-x2': [OPEN_443] } });
  engine.runUntil(Number.MAX_SAFE_INTEGER);
  expect(engine.state.violations).toEqual([]);
  return engine.state;
}

function packetZero(state: SimState): Packet {
  const found = state.world.network.packets[0];
  if (!found) throw new Error('no packet #0');
  return found;
}

function iface(state: SimState, id: string): NetInterface {
  const found = state.world.network.interfaces[id];
  if (!found) throw new Error(`no interface ${id}`);
  return found;
}

/** One event touching `records` of `kind` on a copy of `state` (edited first), audited by the network invariants only. */
function audit(state: SimState, kind: 'net.delivery' | 'net.egress' | 'net.admit', records: Array<string | number>, edit: (s: SimState) => void = () => undefined) {
  const copy = structuredClone(state);
  edit(copy);
  const poke = defineHandler<SimState, null>((_state, _event, ctx) => {
    for (const r of records) ctx.touch(kind, r);
  });
  const engine = new Engine<SimState>({ state: copy, handlers: { poke: [poke] }, afterEvent: networkInvariants, freeze: true });
  engine.schedule('poke', null, 0);
  engine.step();
  return engine.state.violations.map(({ invariant, entities, explanation }) => ({ invariant, entities, explanation }));
}

describe('network auditors: records they cannot judge', () => {
  it('skip a packet that has left the ring and an interface that does not exist', () => {
    const state = world();
    const gone = PACKETS_KEPT; // shares slot 0 with packet #0, which the ring still holds
    for (const kind of ['net.delivery', 'net.admit'] as const) {
      expect(audit(state, kind, [`${gone}|x1`])).toEqual([]);
      expect(audit(state, kind, ['0|nobody'])).toEqual([]);
      expect(audit(state, kind, [`${gone}|nobody`])).toEqual([]);
    }
    expect(audit(state, 'net.egress', [gone])).toEqual([]);
  });

  it('skip egress of a packet whose sender is not an interface (an Internet sender has no source to forge)', () => {
    const state = world();
    // The same packet, now as if it came from the Internet with a source that is nobody's.
    const fromInternet = (s: SimState) => void Object.assign(packetZero(s), { from: 'internet', srcIp: '203.0.113.9' });
    expect(audit(state, 'net.egress', [0], fromInternet)).toEqual([]);
    // The unchanged packet is x0's own and passes; a forged source on it does not.
    expect(audit(state, 'net.egress', [0])).toEqual([]);
    expect(audit(state, 'net.egress', [0], (s) => void Object.assign(packetZero(s), { srcIp: '10.0.1.99' })).map((v) => v.invariant)).toEqual([SPOOFED_EGRESS]);
  });

  it('an admission no rule or connection covers is reported; the allowed one is not', () => {
    const state = world();
    expect(audit(state, 'net.admit', ['0|x2'])).toEqual([]);
    expect(audit(state, 'net.admit', ['0|x1']).map((v) => [v.invariant, v.entities['interfaces']])).toEqual([[UNALLOWED_DELIVERY, ['x1']]]);
  });
});

describe('network auditor: delivered to an interface it was not addressed to', () => {
  it('the addressee itself is fine', () => {
    expect(audit(world(), 'net.delivery', ['0|x2'])).toEqual([]);
  });

  it('another VPC\'s interface that reuses the addressee\'s IP must not receive it', () => {
    const state = world();
    // VPCs may overlap: y0 in another VPC has x2's address.
    const twin = (s: SimState) => {
      const x2 = iface(s, 'x2');
      s.world.network.interfaces['y0'] = { ...x2, id: 'y0', guest: 'g-y0', tenant: 'carol', vpc: 'vpc-other', subnet: 'sub-y', securityGroups: [], promiscuous: false };
    };
    expect(audit(state, 'net.delivery', ['0|y0'], twin)).toEqual([
      {
        invariant: DELIVERED_NOT_ADDRESSED,
        entities: { interfaces: ['y0', 'x2'], packets: [0], tenants: ['carol'] },
        explanation: 'y0 (10.0.1.12, tenant carol) received packet #0 addressed to 10.0.1.12 (x2): a guest must never see traffic meant for another instance',
      },
    ]);
  });

  it('a packet addressed to no interface is not for anyone, even the holder of its destination address (no promiscuous mode named when off)', () => {
    const state = world();
    // The destination resolved to no interface (to: null) but carries x1's address.
    const unaddressed = (s: SimState) => void Object.assign(packetZero(s), { to: null, dstIp: iface(s, 'x1').ip });
    expect(audit(state, 'net.delivery', ['0|x1'], unaddressed)).toEqual([
      {
        invariant: DELIVERED_NOT_ADDRESSED,
        entities: { interfaces: ['x1'], packets: [0], tenants: ['bob'] },
        explanation: 'x1 (10.0.1.11, tenant bob) received packet #0 addressed to 10.0.1.11: a guest must never see traffic meant for another instance',
      },
    ]);
  });
});
