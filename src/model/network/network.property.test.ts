import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DELIVERED_NOT_ADDRESSED, SPOOFED_EGRESS, UNALLOWED_DELIVERY } from '../../audit/network';
import type { SimState } from '../state';
import { cidrContains } from './cidr';
import { NO_ANTISPOOF, PROMISCUOUS_DELIVERY, SG_BYPASS_SAME_HOST } from './faults';
import { fixtureInterfaces, networkSimulation, type ActionInput } from './fixture';
import { packetAt } from './packets';
import type { Packet, Protocol } from './types';

/**
 * Random rule changes and packets between six interfaces on a Xen and a Nitro host. Operations
 * are 200 µs apart, so each packet and its reply finish before the next one: a small reference
 * firewall (a linear scan of the rules as they stand, and a set of connections seen) replays the
 * packets the simulator produced, in order, and says which deliveries were legitimate.
 */
const IFACES = fixtureInterfaces(3);
const STEP_NS = 200_000;
const PORTS = [22, 443, 5432];
const PEERS = ['10.0.1.0/24', '10.0.2.0/24', '10.0.1.10/32', '10.0.2.11/32'];

interface RefRule {
  id: string;
  protocol: Protocol;
  port: number;
  cidr: string | null;
  group: string | null;
}

const opArb = fc.oneof(
  { weight: 2, arbitrary: fc.record({ k: fc.constant('allow' as const), on: fc.nat(5), protocol: fc.constantFrom<Protocol>('tcp', 'udp', 'icmp'), port: fc.constantFrom(...PORTS), peer: fc.nat(PEERS.length) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('revoke' as const), on: fc.nat(5), pick: fc.nat() }) },
  { weight: 5, arbitrary: fc.record({ k: fc.constant('send' as const), from: fc.nat(6), to: fc.nat(5), protocol: fc.constantFrom<Protocol>('tcp', 'udp', 'icmp'), port: fc.constantFrom(...PORTS), reply: fc.boolean(), forge: fc.nat(5) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('promiscuous' as const), on: fc.nat(5), mode: fc.boolean() }) },
);
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

/** Turns ops into timed actions and records each rule change with its time, for the reference. */
function toActions(ops: readonly Op[]): { actions: Array<{ at: number; action: ActionInput }>; changes: Array<{ at: number; group: string; add?: RefRule; remove?: string }> } {
  const actions: Array<{ at: number; action: ActionInput }> = [];
  const changes: Array<{ at: number; group: string; add?: RefRule; remove?: string }> = [];
  const live = new Map<string, string[]>();
  ops.forEach((op, i) => {
    const at = 20_000 + i * STEP_NS;
    if (op.k === 'allow') {
      const group = `sg-${IFACES[op.on]!.id}`;
      // The last "peer" is a group reference to sg-x1's members.
      const ref = op.peer === PEERS.length;
      const rule: RefRule = { id: `r${i}`, protocol: op.protocol, port: op.port, cidr: ref ? null : PEERS[op.peer]!, group: ref ? 'sg-x1' : null };
      actions.push({ at, action: { type: 'net.authorize', group, rule: { id: rule.id, protocol: rule.protocol, fromPort: rule.port, ...(ref ? { group: 'sg-x1' } : { cidr: rule.cidr }) } } });
      changes.push({ at, group, add: rule });
      live.set(group, [...(live.get(group) ?? []), rule.id]);
    } else if (op.k === 'revoke') {
      const group = `sg-${IFACES[op.on]!.id}`;
      const ids = live.get(group) ?? [];
      const id = ids[op.pick % Math.max(1, ids.length)];
      if (!id) return;
      live.set(group, ids.filter((x) => x !== id));
      actions.push({ at, action: { type: 'net.revoke', group, rule: id } });
      changes.push({ at, group, remove: id });
    } else if (op.k === 'promiscuous') {
      actions.push({ at, action: { type: 'net.promiscuous', iface: IFACES[op.on]!.id, on: op.mode } });
    } else {
      const to = IFACES[op.to]!;
      const from = op.from === 6 ? 'internet' : IFACES[op.from]!.id;
      if (from === to.id) return;
      // forge 0 writes another interface's source address (only from a guest).
      const forged = from !== 'internet' && op.forge === 0 ? { forgeIp: IFACES[(op.from + 1) % 6]!.ip } : {};
      actions.push({ at, action: { type: 'net.send', from, to: to.id, protocol: op.protocol, port: op.port, reply: op.reply, srcIp: from === 'internet' ? '203.0.113.9' : undefined, ...forged } });
    }
  });
  return { actions: actions.map((a) => ({ ...a, action: JSON.parse(JSON.stringify(a.action)) as ActionInput })), changes };
}

interface Leak {
  invariant: string;
  serial: number;
  iface: string;
}

/** Replays the produced packets against the reference firewall; returns the leaks and the verdict disagreements. */
function reference(state: SimState, changes: ReturnType<typeof toActions>['changes']): { leaks: Leak[]; disagreements: string[] } {
  const net = state.world.network;
  const rules = new Map<string, RefRule[]>();
  const connections = new Map<string, Set<string>>();
  const leaks: Leak[] = [];
  const disagreements: string[] = [];
  let next = 0;
  const ipOf = new Map(IFACES.map((f) => [f.ip, f.id]));
  const key = (p: Packet, localIsSource: boolean): string => {
    const [l, lp, r, rp] = localIsSource ? [p.srcIp, p.srcPort, p.dstIp, p.dstPort] : [p.dstIp, p.dstPort, p.srcIp, p.srcPort];
    return `${p.protocol}|${l}:${lp}|${r}:${rp}`;
  };
  const allows = (iface: string, p: Packet): boolean =>
    (rules.get(`sg-${iface}`) ?? []).some((r) => r.protocol === p.protocol && (p.protocol === 'icmp' || r.port === p.dstPort) && (r.cidr !== null ? cidrContains(r.cidr, p.srcIp) : ipOf.get(p.srcIp) === 'x1'));
  const open = (iface: string, k: string) => (connections.get(iface) ?? connections.set(iface, new Set()).get(iface)!).add(k);
  for (let serial = 0; serial < net.nextSerial; serial++) {
    const p = packetAt(net, serial);
    if (!p) continue;
    while (next < changes.length && changes[next]!.at <= p.sentAt) {
      const c = changes[next++]!;
      const list = rules.get(c.group) ?? [];
      rules.set(c.group, c.add ? [...list, c.add] : list.filter((r) => r.id !== c.remove));
    }
    const stageIndex = (stage: string) => p.path.findIndex((h) => h.stage === stage);
    const passedOut = p.from !== 'internet' && p.hop >= stageIndex('firewall-out') && !(p.drop?.stage === 'firewall-out');
    const sender = IFACES.find((f) => f.id === p.from);
    if (passedOut && sender) {
      if (p.srcIp !== sender.ip || p.srcMac !== sender.mac) leaks.push({ invariant: SPOOFED_EGRESS, serial, iface: sender.id });
      open(sender.id, key(p, true));
    }
    for (const iface of p.deliveredTo) if (iface !== p.to) leaks.push({ invariant: DELIVERED_NOT_ADDRESSED, serial, iface });
    const reachedIn = p.to !== null && p.hop >= stageIndex('firewall-in') && stageIndex('firewall-in') >= 0;
    if (!reachedIn || !p.to || p.drop?.check === 'instance-not-running') continue;
    const admissible = allows(p.to, p) || (connections.get(p.to)?.has(key(p, false)) ?? false);
    const admitted = p.drop === null;
    if (admitted && !admissible) leaks.push({ invariant: UNALLOWED_DELIVERY, serial, iface: p.to });
    if (!admitted && admissible) disagreements.push(`#${serial} ${p.from}→${p.to} ${p.protocol}/${p.dstPort} dropped (${p.drop?.reason}) but the reference admits it`);
    if (admitted && allows(p.to, p)) open(p.to, key(p, false));
  }
  return { leaks, disagreements };
}

function simulate(ops: readonly Op[], faults: string[]): { state: SimState; leaks: Leak[]; disagreements: string[] } {
  const { actions, changes } = toActions(ops);
  const engine = networkSimulation({ actions, faults });
  engine.runUntil(Number.MAX_SAFE_INTEGER);
  return { state: engine.state, ...reference(engine.state, changes) };
}

describe('network isolation properties', () => {
  it('without faults: nothing reaches an interface it is not addressed to, or without a rule or a tracked connection; and the firewall admits exactly that', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), (ops) => {
        const { state, leaks, disagreements } = simulate(ops, []);
        expect(leaks).toEqual([]);
        expect(disagreements).toEqual([]);
        expect(state.violations).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it.each([NO_ANTISPOOF, PROMISCUOUS_DELIVERY, SG_BYPASS_SAME_HOST])('with %s on, every leak the probe sees is reported', (fault) => {
    let leaksSeen = 0;
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), (ops) => {
        const { state, leaks } = simulate(ops, [fault]);
        leaksSeen += leaks.length;
        const reported = new Set(state.violations.map((v) => `${v.invariant}|${v.entities.packets?.[0]}|${v.entities.interfaces?.[0]}`));
        for (const leak of leaks) expect(reported.has(`${leak.invariant}|${leak.serial}|${leak.iface}`), JSON.stringify(leak)).toBe(true);
      }),
      { numRuns: 40 },
    );
    expect(leaksSeen).toBeGreaterThan(0);
  });
});
