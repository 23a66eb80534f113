import { describe, expect, it } from 'vitest';
import { sendAction } from './actions';
import { networkSimulation, type ActionInput } from './fixture';
import { packetAt } from './packets';
import { sgRuleSpecSchema } from './scenario';

/**
 * What the security-group and interface actions write to the trace: every line under the
 * network's kind ("net"), linked to the group, rule or interface it is about (the timeline and
 * inspector follow those links). No packets are sent here.
 */
function traceOf(actions: ActionInput[]) {
  const engine = networkSimulation({ actions: actions.map((action, i) => ({ at: (i + 1) * 1000, action })) });
  const entries: Array<{ kind: string; text: string; data?: Record<string, unknown> | undefined }> = [];
  engine.runUntil(1_000_000_000, { onFrame: (f) => f.trace.forEach((t) => entries.push(t)) });
  return entries.filter((e) => e.kind === 'net' || /^(security group |sg-web|x1 )/.test(e.text)).map((e) => ({ kind: e.kind, text: e.text, data: e.data }));
}

describe('what the security-group actions trace', () => {
  it('files each change under "net", linked to the group, rule and interface it changed', () => {
    const entries = traceOf([
      { type: 'net.createGroup', group: 'sg-web', vpc: 'vpc' },
      { type: 'net.authorize', group: 'sg-web', rule: { id: 'r1', fromPort: 80, cidr: '10.0.0.0/16' } },
      { type: 'net.revoke', group: 'sg-web', rule: 'r1' },
      { type: 'net.attachGroup', iface: 'x0', group: 'sg-web' },
      { type: 'net.detachGroup', iface: 'x0', group: 'sg-web' },
      { type: 'net.promiscuous', iface: 'x1', on: true },
    ]);
    expect(entries).toEqual([
      { kind: 'net', text: 'security group sg-web created in vpc: no inbound rules (everything in is denied), all outbound allowed', data: { group: 'sg-web' } },
      { kind: 'net', text: 'sg-web: rule r1 added (in: TCP 80 from 10.0.0.0/16)', data: { group: 'sg-web', rule: 'r1' } },
      { kind: 'net', text: 'sg-web: rule r1 removed (in: TCP 80 from 10.0.0.0/16); connections it let in stay tracked until they go idle', data: { group: 'sg-web', rule: 'r1' } },
      { kind: 'net', text: 'sg-web attached to x0', data: { iface: 'x0', group: 'sg-web' } },
      { kind: 'net', text: 'sg-web detached from x0', data: { iface: 'x0', group: 'sg-web' } },
      { kind: 'net', text: 'x1 asks for promiscuous mode: its driver will accept any frame, but the hypervisor only hands it frames addressed to it', data: { iface: 'x1' } },
    ]);
  });
});

describe('packets and flows in the trace and the counters', () => {
  it('counts deliveries; a flow without replies counts none; refusals, flows and exits to the Internet are "net" lines', () => {
    const engine = networkSimulation({
      rules: { 'sg-x1': [{ id: 'https', fromPort: 443, cidr: '10.0.0.0/16' }] },
      actions: [
        { at: 1000, action: { type: 'net.flow', flow: 'f', from: 'x0', to: 'x1', protocol: 'tcp', port: 443, packets: 2, interval: 100_000, reply: false } },
        { at: 500_000, action: { type: 'net.send', from: 'ghost', to: 'x1' } },
        { at: 600_000, action: { type: 'net.send', from: 'x0', dstIp: '203.0.113.9', reply: false } },
        { at: 700_000, action: { type: 'net.send', from: 'x0', to: 'n0', protocol: 'icmp', port: 8, reply: false } },
      ],
    });
    const entries: Array<{ kind: string; text: string; data?: Record<string, unknown> | undefined }> = [];
    engine.runUntil(1_000_000_000, { onFrame: (f) => f.trace.forEach((t) => entries.push(t)) });
    const net = engine.state.world.network;
    expect(net.flows.f).toMatchObject({ sent: 2, delivered: 2, replies: 0, dropped: 0 });
    expect([net.delivered, net.dropped]).toEqual([3, 1]);
    const find = (start: string) => entries.find((e) => e.text.startsWith(start));
    expect(find('flow f:')).toMatchObject({ kind: 'net', data: { flow: 'f' } });
    expect(find('refused: no interface ghost')).toMatchObject({ kind: 'net', data: { iface: 'ghost' } });
    expect(find('packet #2 left for the Internet')).toMatchObject({ kind: 'net', data: { serial: 2 } });
    // ICMP has no ports, whatever port the action names.
    expect(packetAt(net, 3)).toMatchObject({ protocol: 'icmp', srcPort: 0, dstPort: 0, label: 'ICMP' });
  });
});

describe('what the network actions accept', () => {
  it('a packet needs a destination: an interface or an address', () => {
    expect(sendAction.safeParse({ type: 'net.send', from: 'x0' }).success).toBe(false);
    expect(sendAction.safeParse({ type: 'net.send', from: 'x0', to: 'x1' }).success).toBe(true);
    expect(sendAction.safeParse({ type: 'net.send', from: 'x0', dstIp: '10.0.1.11' }).success).toBe(true);
  });

  it('a rule names exactly one peer, a CIDR or a group, and a port range that does not run backwards', () => {
    expect(sgRuleSpecSchema.safeParse({ id: 'r', fromPort: 22 }).success).toBe(false);
    expect(sgRuleSpecSchema.safeParse({ id: 'r', fromPort: 22, cidr: '10.0.0.0/8', group: 'sg-a' }).success).toBe(false);
    expect(sgRuleSpecSchema.safeParse({ id: 'r', fromPort: 22, group: 'sg-a' }).success).toBe(true);
    expect(sgRuleSpecSchema.safeParse({ id: 'r', fromPort: 22, toPort: 21, cidr: '10.0.0.0/8' }).success).toBe(false);
    expect(sgRuleSpecSchema.safeParse({ id: 'r', fromPort: 22, toPort: 22, cidr: '10.0.0.0/8' }).success).toBe(true);
  });
});
