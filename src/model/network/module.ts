import { networkInvariants } from '../../audit/network';
import { direct } from '../events';
import type { SimModule } from '../module';
import { NETWORK_ACTIONS } from './actions';
import { NETWORK_FAULTS } from './faults';
import { addRule, describeRule, editableGroup, newGroup, refuse, removeRule } from './groups';
import { HOP_EVENT, hopPacket, replyTo, sendPacket } from './packets';
import { setupNetwork } from './setup';

const EMIT_EVENT = 'net.emit';

/**
 * Network isolation (issue 14): security groups, anti-spoofing and promiscuous mode in the hypervisor layer.
 * Every handler is on the engine's direct path (reads the frozen state, writes through `ctx.mut`).
 */
export const networkModule: SimModule = {
  id: 'network',
  actions: NETWORK_ACTIONS,
  faults: NETWORK_FAULTS,
  afterEvent: networkInvariants,
  setup: setupNetwork,
  handlers: {
    'net.createGroup': direct((state, e, ctx) => {
      const a = e.payload;
      const net = state.world.network;
      if (net.groups[a.group] || !net.vpcs[a.vpc]) return refuse(ctx, `security group ${a.group} exists or VPC ${a.vpc} is unknown`);
      ctx.mut('world', 'network', 'groups')[a.group] = newGroup(a.group, a.vpc, a.name ?? a.group, a.allowAllOutbound);
      ctx.trace('net', `security group ${a.group} created in ${a.vpc}: no inbound rules (everything in is denied)${a.allowAllOutbound ? ', all outbound allowed' : ''}`, { group: a.group });
    }),
    'net.authorize': direct((state, e, ctx) => {
      const a = e.payload;
      const current = state.world.network.groups[a.group];
      if (!current) return refuse(ctx, `no security group ${a.group}`);
      const group = editableGroup(current);
      const rule = addRule(group, a.rule);
      ctx.mut('world', 'network', 'groups')[a.group] = group;
      ctx.touch('net.rules', a.group);
      ctx.trace('net', `${a.group}: rule ${rule.id} added (${describeRule(rule)})`, { group: a.group, rule: rule.id });
    }),
    'net.revoke': direct((state, e, ctx) => {
      const a = e.payload;
      const current = state.world.network.groups[a.group];
      // Copy the group only when there is something to remove.
      const group = current?.rules[a.rule] ? editableGroup(current) : null;
      const rule = group ? removeRule(group, a.rule) : null;
      if (!group || !rule) return refuse(ctx, `no rule ${a.rule} in ${a.group}`);
      ctx.mut('world', 'network', 'groups')[a.group] = group;
      ctx.touch('net.rules', a.group);
      ctx.trace('net', `${a.group}: rule ${a.rule} removed (${describeRule(rule)}); connections it let in stay tracked until they go idle`, { group: a.group, rule: a.rule });
    }),
    'net.attachGroup': direct((state, e, ctx) => {
      const a = e.payload;
      const net = state.world.network;
      const iface = net.interfaces[a.iface];
      if (!iface || net.groups[a.group]?.vpc !== iface.vpc) return refuse(ctx, `cannot attach ${a.group} to ${a.iface} (both must exist, in one VPC)`);
      if (!iface.securityGroups.includes(a.group)) ctx.mut('world', 'network', 'interfaces', a.iface, 'securityGroups').push(a.group);
      ctx.mut('world', 'network').focus = iface.id;
      ctx.trace('net', `${a.group} attached to ${a.iface}`, { iface: a.iface, group: a.group });
    }),
    'net.detachGroup': direct((state, e, ctx) => {
      const a = e.payload;
      const iface = state.world.network.interfaces[a.iface];
      if (!iface || !iface.securityGroups.includes(a.group) || iface.securityGroups.length === 1) return refuse(ctx, `cannot detach ${a.group} from ${a.iface} (an interface keeps at least one group)`);
      const groups = ctx.mut('world', 'network', 'interfaces', a.iface, 'securityGroups');
      groups.splice(groups.indexOf(a.group), 1);
      ctx.trace('net', `${a.group} detached from ${a.iface}`, { iface: a.iface, group: a.group });
    }),
    'net.send': direct((state, e, ctx) => {
      sendPacket(state, ctx, e.payload);
    }),
    'net.flow': direct((state, e, ctx) => {
      const a = e.payload;
      const net = state.world.network;
      if (!net.interfaces[a.from] || !net.interfaces[a.to]) return refuse(ctx, `flow ${a.flow}: unknown interface`);
      const srcPort = 40000 + (Object.keys(net.flows).length % 20000);
      ctx.mut('world', 'network', 'flows')[a.flow] = { id: a.flow, from: a.from, to: a.to, protocol: a.protocol, port: a.port, srcPort, sizeBytes: a.sizeBytes, reply: a.reply, sent: 0, delivered: 0, replies: 0, dropped: 0 };
      ctx.trace('net', `flow ${a.flow}: ${a.from} → ${a.to} ${a.protocol.toUpperCase()} ${a.port}, ${a.packets} packet(s) every ${a.interval / 1000} µs`, { flow: a.flow });
      for (let i = 0; i < a.packets; i++) ctx.schedule(EMIT_EVENT, { flow: a.flow }, i * a.interval);
    }),
    [EMIT_EVENT]: direct((state, e, ctx) => {
      if (!state.world.network.flows[e.payload.flow]) return;
      const flow = ctx.mut('world', 'network', 'flows', e.payload.flow);
      flow.sent++;
      sendPacket(state, ctx, { from: flow.from, to: flow.to, protocol: flow.protocol, port: flow.port, srcPort: flow.srcPort, sizeBytes: flow.sizeBytes, reply: flow.reply, flow: flow.id, label: `${flow.id} #${flow.sent}` });
    }),
    'net.reply': direct((state, e, ctx) => replyTo(state, ctx, e.payload.serial)),
    [HOP_EVENT]: direct((state, e, ctx) => hopPacket(state, ctx, e.payload)),
    'net.promiscuous': direct((state, e, ctx) => {
      const a = e.payload;
      const net = state.world.network;
      if (!net.interfaces[a.iface]) return refuse(ctx, `no interface ${a.iface}`);
      const promiscuous = net.promiscuous.filter((id) => id !== a.iface);
      if (a.on) promiscuous.push(a.iface);
      ctx.mut('world', 'network', 'interfaces', a.iface).promiscuous = a.on;
      ctx.mut('world', 'network').promiscuous = promiscuous;
      ctx.trace('net', `${a.iface} ${a.on ? 'asks for promiscuous mode: its driver will accept any frame, but the hypervisor only hands it frames addressed to it' : 'leaves promiscuous mode'}`, { iface: a.iface });
    }),
    'net.naclEntry': direct((state, e, ctx) => {
      const a = e.payload;
      const nacl = state.world.network.nacls[a.nacl];
      if (!nacl) return refuse(ctx, `no network ACL ${a.nacl}`);
      ctx.mut('world', 'network', 'nacls', a.nacl).entries = [...nacl.entries.filter((x) => !(x.number === a.entry.number && x.direction === a.entry.direction)), a.entry].sort((x, y) => x.number - y.number);
      ctx.trace('net', `network ACL ${a.nacl}: ${a.entry.direction} entry #${a.entry.number} ${a.entry.action} ${a.entry.protocol} ${a.entry.cidr}; stateless, so it applies to every packet at once, tracked or not`, { nacl: a.nacl });
    }),
  },
};
