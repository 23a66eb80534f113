import type { HandlerContext, Immutable } from '../../engine';
import { cidrRange } from './cidr';
import { addToIndex, removeFromIndex } from './rule-index';
import type { SgRuleSpec } from './scenario';
import type { NetworkWorld, RuleIndex, SecurityGroup, SgRule } from './types';

/** Security groups and their rules: creation, authorize/revoke, attachment to interfaces. */

export const ALL_OUTBOUND_RULE = 'out-all';

export function newGroup(id: string, vpc: string, name: string, allowAllOutbound: boolean): SecurityGroup {
  const group: SecurityGroup = { id, vpc, name, rules: {}, order: [], inbound: {}, outbound: {}, nextSeq: 0 };
  // A new security group has no inbound rules and one outbound rule allowing everything.
  if (allowAllOutbound) addRule(group, { id: ALL_OUTBOUND_RULE, direction: 'outbound', protocol: 'all', fromPort: 0, cidr: '0.0.0.0/0' });
  return group;
}

export function toRule(spec: SgRuleSpec, seq: number): SgRule {
  const all = spec.protocol === 'all' || spec.protocol === 'icmp';
  const range = spec.cidr ? cidrRange(spec.cidr) : { start: 0, size: 0 };
  return {
    id: spec.id,
    direction: spec.direction,
    protocol: spec.protocol,
    fromPort: all ? 0 : spec.fromPort,
    toPort: all ? 65535 : (spec.toPort ?? spec.fromPort),
    cidr: spec.cidr ?? null,
    group: spec.group ?? null,
    cidrStart: range.start,
    cidrSize: range.size,
    seq,
  };
}

/** Adds a rule (replacing one with the same id); returns false when nothing changed. */
export function addRule(group: SecurityGroup, spec: SgRuleSpec): SgRule {
  const existing = group.rules[spec.id];
  if (existing) removeRule(group, spec.id);
  const rule = toRule(spec, group.nextSeq++);
  group.rules[rule.id] = rule;
  group.order.push(rule.id);
  addToIndex(rule.direction === 'inbound' ? group.inbound : group.outbound, rule);
  return rule;
}

/**
 * A private copy of a group from the read-only state, for `addRule`/`removeRule` (direct
 * handlers store it back whole with `ctx.mut`): groups are small, and a copy keeps the rule
 * index code one function for set-up and events.
 */
export function editableGroup(group: Immutable<SecurityGroup>): SecurityGroup {
  return { ...group, rules: { ...group.rules }, order: [...group.order], inbound: copyIndex(group.inbound), outbound: copyIndex(group.outbound) };
}

function copyIndex(index: Immutable<RuleIndex>): RuleIndex {
  const copy: RuleIndex = {};
  for (const key in index) copy[key] = [...(index[key] ?? [])];
  return copy;
}

export function removeRule(group: SecurityGroup, ruleId: string): SgRule | null {
  const rule = group.rules[ruleId];
  if (!rule) return null;
  removeFromIndex(rule.direction === 'inbound' ? group.inbound : group.outbound, rule);
  delete group.rules[ruleId];
  group.order.splice(group.order.indexOf(ruleId), 1);
  return rule;
}

export function describeRule(rule: Immutable<SgRule>): string {
  const proto = rule.protocol === 'all' ? 'all traffic' : rule.protocol.toUpperCase();
  const ports = rule.protocol === 'all' || rule.protocol === 'icmp' ? '' : rule.fromPort === rule.toPort ? ` ${rule.fromPort}` : ` ${rule.fromPort}–${rule.toPort}`;
  const peer = rule.cidr ?? `members of ${rule.group ?? '?'}`;
  return `${rule.direction === 'inbound' ? 'in' : 'out'}: ${proto}${ports} ${rule.direction === 'inbound' ? 'from' : 'to'} ${peer}`;
}

/** Refuses an action with a trace line (lessons and users see why nothing happened). */
export function refuse(ctx: HandlerContext, text: string, data: Record<string, unknown> = {}): void {
  ctx.trace('net', `refused: ${text}`, data);
}

export function emptyNetworkWorld(): NetworkWorld {
  return { vpcs: {}, subnets: {}, interfaces: {}, groups: {}, nacls: {}, peerings: [], addresses: {}, conntrack: {}, promiscuous: [], flows: {}, packets: {}, nextSerial: 0, delivered: 0, dropped: 0, focus: null };
}

export function peeringKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

export function arePeered(world: Immutable<NetworkWorld>, a: string, b: string): boolean {
  return a === b || world.peerings.includes(peeringKey(a, b));
}
