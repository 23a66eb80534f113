import type { Protocol, RuleIndex, SgRule } from './types';

/**
 * Security-group rules indexed by protocol and port so a packet is compared with the few rules
 * that can match it, not with all of them: a single-port rule sits under `proto:port`, a narrow
 * range under each 256-port bucket it covers, a wide range under `proto:wide`, protocol "all"
 * under `all`. Lookup cost grows with the rules that share the packet's port, not the group.
 */
const BUCKET_PORTS = 256;
/** Ranges covering more buckets than this go to the (short, in practice) wide list. */
const MAX_BUCKETS = 8;

export function indexKeys(rule: Pick<SgRule, 'protocol' | 'fromPort' | 'toPort'>): string[] {
  if (rule.protocol === 'all') return ['all'];
  if (rule.protocol === 'icmp') return ['icmp:*'];
  if (rule.fromPort === rule.toPort) return [`${rule.protocol}:${rule.fromPort}`];
  const first = Math.floor(rule.fromPort / BUCKET_PORTS);
  const last = Math.floor(rule.toPort / BUCKET_PORTS);
  if (last - first + 1 > MAX_BUCKETS) return [`${rule.protocol}:wide`];
  const keys: string[] = [];
  for (let b = first; b <= last; b++) keys.push(`${rule.protocol}:b${b}`);
  return keys;
}

/** The keys under which a rule matching this packet may be filed. */
export function lookupKeys(protocol: Protocol, port: number): string[] {
  if (protocol === 'icmp') return ['icmp:*', 'all'];
  return [`${protocol}:${port}`, `${protocol}:b${Math.floor(port / BUCKET_PORTS)}`, `${protocol}:wide`, 'all'];
}

export function addToIndex(index: RuleIndex, rule: SgRule): void {
  for (const key of indexKeys(rule)) (index[key] ??= []).push(rule.id);
}

export function removeFromIndex(index: RuleIndex, rule: SgRule): void {
  for (const key of indexKeys(rule)) {
    const ids = index[key];
    if (!ids) continue;
    const at = ids.indexOf(rule.id);
    if (at >= 0) ids.splice(at, 1);
    if (ids.length === 0) delete index[key];
  }
}
