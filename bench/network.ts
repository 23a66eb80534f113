import { performance } from 'node:perf_hooks';
import { matchRule, type Header } from '../src/model/network/evaluate';
import { networkSimulation } from '../src/model/network/fixture';
import type { SgRuleSpec } from '../src/model/network/scenario';
import type { NetworkWorld } from '../src/model/network/types';
import { runOnEngine } from './engine-workload';
import { formatRate, measurePreparedRate, measureRate, pairedRatio, type Rate } from './measure';
import type { BenchResult, BenchSection } from './types';

/**
 * Network: packets per CPU-second through a host whose receiving interface has 1,000
 * security-group rules, as a ratio against the engine's own baseline (the synthetic workload's
 * events per CPU-second, measured in the same run); and the cost of one rule evaluation as the
 * group grows from 10 to 1,000 to 10,000 rules, which must grow sub-linearly because rules are
 * indexed by protocol and port (see src/model/network/rule-index.ts).
 */
const US = 1000;

/** A realistic mix: mostly single ports, some narrow ranges, two wide rules, peers of many sizes. */
export function ruleSet(count: number): Array<Partial<SgRuleSpec> & { id: string }> {
  const rules: Array<Partial<SgRuleSpec> & { id: string }> = [
    { id: 'wide-tcp', protocol: 'tcp', fromPort: 0, toPort: 65535, cidr: '192.0.2.1/32' },
    { id: 'wide-udp', protocol: 'udp', fromPort: 0, toPort: 65535, cidr: '192.0.2.2/32' },
  ];
  for (let i = rules.length; i < count; i++) {
    const port = 1024 + ((i * 7) % 60000);
    const cidr = `10.${(i >> 8) & 255}.${i & 255}.0/24`;
    rules.push(i % 20 === 0 ? { id: `r${i}`, protocol: 'tcp', fromPort: port, toPort: port + 100, cidr } : { id: `r${i}`, protocol: i % 3 === 0 ? 'udp' : 'tcp', fromPort: port, cidr });
  }
  // The rule the measured traffic matches (from the Xen host's subnet).
  rules.push({ id: 'app', protocol: 'tcp', fromPort: 8443, cidr: '10.0.1.0/24' });
  return rules;
}

/** The network fixture with `packets` scripted sends from the Xen host to the Nitro host, not yet run. */
function packetEngine(packets: number, rules: number): { engine: ReturnType<typeof networkSimulation>; packets: number } {
  const actions = Array.from({ length: packets }, (_, i) => ({ at: 20 * US + i * 100 * US, action: { type: 'net.send', from: 'x0', to: 'n0', protocol: 'tcp', port: 8443, reply: false } }));
  return { engine: networkSimulation({ perHost: 1, rules: { 'sg-n0': ruleSet(rules) }, actions }), packets };
}

/** Runs a {@link packetEngine} to its end; returns the packets, every one of which must arrive. */
function runPackets({ engine, packets }: ReturnType<typeof packetEngine>): number {
  engine.runUntil(Number.MAX_SAFE_INTEGER);
  const delivered = engine.state.world.network.delivered;
  if (delivered !== packets) throw new Error(`expected ${packets} deliveries, got ${delivered}`);
  return packets;
}

/**
 * Packets per CPU-second through the whole simulator, set-up excluded: building the lesson and
 * indexing 1,000 rules took 45–60 ms against 25–30 ms for 10 (once per lesson), about a fifth of
 * the 2,000 packets' time, and had made most of the gap between the two rule counts.
 */
function packetRate(packets: number, rules: number): Rate {
  return measurePreparedRate(() => packetEngine(packets, rules), runPackets);
}

const faster = (a: Rate, b: Rate): Rate => (b.perCpuSecond > a.perCpuSecond ? b : a);

/** Nanoseconds per matchRule call on a group of `count` rules, over a mix of matching and missing ports. */
function evaluationCostNs(count: number, calls: number): number {
  const engine = networkSimulation({ perHost: 1, rules: { 'sg-n0': ruleSet(count) } });
  const net: NetworkWorld = engine.state.world.network;
  const iface = net.interfaces.n0;
  if (!iface) throw new Error('fixture has no n0');
  const headers: Header[] = Array.from({ length: 256 }, (_, i) => ({ srcIp: `10.0.${i % 3}.${10 + (i % 5)}`, dstIp: iface.ip, protocol: i % 4 === 0 ? 'udp' : 'tcp', srcPort: 40000 + i, dstPort: 1024 + ((i * 331) % 60000) }));
  let sink = 0;
  const run = (): number => {
    for (let i = 0; i < calls; i++) if (matchRule(net, iface, 'inbound', headers[i & 255] as Header)) sink++;
    return calls;
  };
  const start = performance.now();
  run();
  let best = (performance.now() - start) / calls;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    run();
    best = Math.min(best, (performance.now() - t0) / calls);
  }
  if (sink < 0) throw new Error('unreachable');
  return best * 1e6;
}

export const networkBench: BenchSection = {
  id: 'network',
  title: 'network: packets through the firewall and security-group rule evaluation',
  run({ quick }) {
    const packets = quick ? 200 : 2000;
    const repeat = quick ? 1 : 3;
    const engine = measureRate(() => runOnEngine(1000, 1, quick ? 20_000 : 200_000, 1000).eventIndex, repeat, () => runOnEngine(1000, 1, 20_000, 1000));
    // Warmed up once each, then interleaved pairs, the ratio taken within each pair and its median
    // kept (`pairedRatio`). Seven rounds, not three: a run of 2,000 packets is about 0.1 s, and with
    // three the two rates differed by up to 0.78× from run to run where five runs of 2,000 packets
    // in one process gave the same rate for 10 and 1,000 rules (48–56 µs a packet). The ratio of the
    // two bests of seven still read 0.62× in one full run and 1.08× in the next, this section alone.
    const packetRounds = quick ? 1 : 7;
    for (const rules of [1000, 10]) runPackets(packetEngine(Math.min(packets, 100), rules));
    let rate = packetRate(packets, 1000);
    let fewRules = packetRate(packets, 10);
    const ratios = [rate.perCpuSecond / fewRules.perCpuSecond];
    for (let r = 1; r < packetRounds; r++) {
      const many = packetRate(packets, 1000);
      const few = packetRate(packets, 10);
      ratios.push(many.perCpuSecond / few.perCpuSecond);
      rate = faster(rate, many);
      fewRules = faster(fewRules, few);
    }
    const ruleCount = pairedRatio(ratios);
    const calls = quick ? 20_000 : 200_000;
    const cost10 = evaluationCostNs(10, calls);
    const cost1k = evaluationCostNs(1000, calls);
    const cost10k = evaluationCostNs(10_000, calls);
    const ratio = rate.perCpuSecond / engine.perCpuSecond;
    return [
      {
        name: 'packets through a host with 1,000 security-group rules (per CPU-s) vs engine baseline events (per CPU-s)',
        value: rate.perCpuSecond,
        unit: '/CPU-s',
        baseline: { name: 'engine baseline events (synthetic workload, batched frames)', value: engine.perCpuSecond },
        ratio,
        target: '≥ 0.005 (a packet, ~9 events through the whole simulator with two firewall passes and the auditor, costs ≤ 200 baseline events)',
        met: ratio >= 0.005,
        notes: `${packets} packets Xen host → Nitro host, 8 hop events each; whole simulator (all modules and auditors); ${formatRate(rate.perWallSecond)} packets/wall-s`,
      },
      {
        name: 'packets per CPU-s: 1,000 rules vs 10 rules on the receiving interface',
        value: rate.perCpuSecond,
        unit: 'packets/CPU-s',
        baseline: { name: '10 rules', value: fewRules.perCpuSecond },
        ratio: ruleCount.median,
        target: '≥ 0.8× (rule count barely matters)',
        met: ruleCount.median >= 0.8,
        notes: `same packets, same path; only the receiving group's size differs; median of ${ruleCount.pairs} interleaved pairs (${ruleCount.low.toFixed(2)}–${ruleCount.high.toFixed(2)}×); values are the best of each`,
      },
      {
        name: 'rule evaluation: 1,000 vs 10 rules',
        value: cost1k,
        unit: 'ns/evaluation',
        baseline: { name: '10 rules', value: cost10 },
        ratio: cost1k / cost10,
        target: '≤ 10× for 100× the rules (indexed by protocol and port)',
        met: cost1k / cost10 <= 10,
        notes: 'matchRule on one group, 256 packet headers (hits and misses), best of 4 passes',
      },
      {
        name: 'rule evaluation: 10,000 vs 1,000 rules',
        value: cost10k,
        unit: 'ns/evaluation',
        baseline: { name: '1,000 rules', value: cost1k },
        ratio: cost10k / cost1k,
        target: '≤ 3× for 10× the rules (sub-linear)',
        met: cost10k / cost1k <= 3,
        notes: `10 rules: ${cost10.toFixed(0)} ns; a linear scan would grow 1,000× from 10 to 10,000 rules`,
      },
    ] satisfies BenchResult[];
  },
};
