import { networkInvariants } from '../../audit/network';
import type { SimModule } from '../module';
import { NETWORK_ACTIONS } from './actions';
import { NETWORK_FAULTS } from './faults';
import { addRule, describeRule, newGroup, refuse, removeRule } from './groups';
import { HOP_EVENT, hopPacket, replyTo, sendPacket } from './packets';
import { setupNetwork } from './setup';

const EMIT_EVENT = 'net.emit';

/** Network isolation (issue 14): security groups, anti-spoofing and promiscuous mode in the hypervisor layer. */
export const networkModule: SimModule = {
  id: 'network',
  actions: NETWORK_ACTIONS,
  faults: NETWORK_FAULTS,
  afterEvent: networkInvariants,
  setup: setupNetwork,
  handlers: {
    'net.createGroup'(draft, e, ctx) {
      const a = e.payload;
      const net = draft.world.network;
      if (net.groups[a.group] || !net.vpcs[a.vpc]) return refuse(ctx, `security group ${a.group} exists or VPC ${a.vpc} is unknown`);
      net.groups[a.group] = newGroup(a.group, a.vpc, a.name ?? a.group, a.allowAllOutbound);
      ctx.trace('net', `security group ${a.group} created in ${a.vpc}: no inbound rules (everything in is denied)${a.allowAllOutbound ? ', all outbound allowed' : ''}`, { group: a.group });
    },
    'net.authorize'(draft, e, ctx) {
      const a = e.payload;
      const group = draft.world.network.groups[a.group];
      if (!group) return refuse(ctx, `no security group ${a.group}`);
      const rule = addRule(group, a.rule);
      ctx.touch('net.rules', a.group);
      ctx.trace('net', `${a.group}: rule ${rule.id} added (${describeRule(rule)})`, { group: a.group, rule: rule.id });
    },
    'net.revoke'(draft, e, ctx) {
      const a = e.payload;
      const group = draft.world.network.groups[a.group];
      const rule = group ? removeRule(group, a.rule) : null;
      if (!rule) return refuse(ctx, `no rule ${a.rule} in ${a.group}`);
      ctx.touch('net.rules', a.group);
      ctx.trace('net', `${a.group}: rule ${a.rule} removed (${describeRule(rule)}); connections it let in stay tracked until they go idle`, { group: a.group, rule: a.rule });
    },
    'net.attachGroup'(draft, e, ctx) {
      const a = e.payload;
      const net = draft.world.network;
      const iface = net.interfaces[a.iface];
      if (!iface || net.groups[a.group]?.vpc !== iface.vpc) return refuse(ctx, `cannot attach ${a.group} to ${a.iface} (both must exist, in one VPC)`);
      if (!iface.securityGroups.includes(a.group)) iface.securityGroups.push(a.group);
      net.focus = iface.id;
      ctx.trace('net', `${a.group} attached to ${a.iface}`, { iface: a.iface, group: a.group });
    },
    'net.detachGroup'(draft, e, ctx) {
      const a = e.payload;
      const iface = draft.world.network.interfaces[a.iface];
      if (!iface || !iface.securityGroups.includes(a.group) || iface.securityGroups.length === 1) return refuse(ctx, `cannot detach ${a.group} from ${a.iface} (an interface keeps at least one group)`);
      iface.securityGroups.splice(iface.securityGroups.indexOf(a.group), 1);
      ctx.trace('net', `${a.group} detached from ${a.iface}`, { iface: a.iface, group: a.group });
    },
    'net.send'(draft, e, ctx) {
      sendPacket(draft, ctx, e.payload);
    },
    'net.flow'(draft, e, ctx) {
      const a = e.payload;
      const net = draft.world.network;
      if (!net.interfaces[a.from] || !net.interfaces[a.to]) return refuse(ctx, `flow ${a.flow}: unknown interface`);
      const srcPort = 40000 + (Object.keys(net.flows).length % 20000);
      net.flows[a.flow] = { id: a.flow, from: a.from, to: a.to, protocol: a.protocol, port: a.port, srcPort, sizeBytes: a.sizeBytes, reply: a.reply, sent: 0, delivered: 0, replies: 0, dropped: 0 };
      ctx.trace('net', `flow ${a.flow}: ${a.from} → ${a.to} ${a.protocol.toUpperCase()} ${a.port}, ${a.packets} packet(s) every ${a.interval / 1000} µs`, { flow: a.flow });
      for (let i = 0; i < a.packets; i++) ctx.schedule(EMIT_EVENT, { flow: a.flow }, i * a.interval);
    },
    [EMIT_EVENT](draft, e, ctx) {
      const flow = draft.world.network.flows[e.payload.flow];
      if (!flow) return;
      flow.sent++;
      sendPacket(draft, ctx, { from: flow.from, to: flow.to, protocol: flow.protocol, port: flow.port, srcPort: flow.srcPort, sizeBytes: flow.sizeBytes, reply: flow.reply, flow: flow.id, label: `${flow.id} #${flow.sent}` });
    },
    'net.reply': (draft, e, ctx) => replyTo(draft, ctx, e.payload.serial),
    [HOP_EVENT]: (draft, e, ctx) => hopPacket(draft, ctx, e.payload),
    'net.promiscuous'(draft, e, ctx) {
      const a = e.payload;
      const net = draft.world.network;
      const iface = net.interfaces[a.iface];
      if (!iface) return refuse(ctx, `no interface ${a.iface}`);
      iface.promiscuous = a.on;
      net.promiscuous = net.promiscuous.filter((id) => id !== a.iface);
      if (a.on) net.promiscuous.push(a.iface);
      ctx.trace('net', `${a.iface} ${a.on ? 'asks for promiscuous mode: its driver will accept any frame, but the hypervisor only hands it frames addressed to it' : 'leaves promiscuous mode'}`, { iface: a.iface });
    },
    'net.naclEntry'(draft, e, ctx) {
      const a = e.payload;
      const nacl = draft.world.network.nacls[a.nacl];
      if (!nacl) return refuse(ctx, `no network ACL ${a.nacl}`);
      nacl.entries = [...nacl.entries.filter((x) => !(x.number === a.entry.number && x.direction === a.entry.direction)), a.entry].sort((x, y) => x.number - y.number);
      ctx.trace('net', `network ACL ${a.nacl}: ${a.entry.direction} entry #${a.entry.number} ${a.entry.action} ${a.entry.protocol} ${a.entry.cidr}; stateless, so it applies to every packet at once, tracked or not`, { nacl: a.nacl });
    },
  },
};
