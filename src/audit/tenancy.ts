import type { Immutable } from '../engine';
import { directHook } from '../model/events';
import { familyCapacity } from '../model/tenancy/capacity';
import { getHost } from '../model/tenancy/store';
import type { FleetHost } from '../model/tenancy/types';
import { reportViolation } from './violations';

export interface TenancyFinding {
  invariant: string;
  accounts: string[];
  instances: string[];
  explanation: string;
}

/**
 * The isolation rules of EC2 tenancy (domain-facts §4.1–4.2), checked on one host:
 * - Dedicated Instances of different accounts never share hardware, even when the accounts are
 *   linked under one payer; a host running a Dedicated Instance runs only that account's instances.
 * - A Dedicated Host runs only its owner's instances and those of accounts it is shared with.
 * - Host tenancy runs on Dedicated Hosts only; default and dedicated tenancy never on one.
 * - No host runs more than its published capacity.
 */
export function checkHost(host: Immutable<FleetHost>, payerOf: (account: string) => string | null): TenancyFinding[] {
  if (looksClean(host)) return [];
  const findings: TenancyFinding[] = [];
  const dedicated = host.slots.find((s) => s.tenancy === 'dedicated');
  if (dedicated) {
    const others = host.slots.filter((s) => s.account !== dedicated.account);
    if (others.length > 0) {
      const other = others[0] as (typeof others)[number];
      const linked = payerOf(other.account) !== null && payerOf(other.account) === payerOf(dedicated.account);
      findings.push({
        invariant: 'dedicated-instance-isolation',
        accounts: [dedicated.account, ...new Set(others.map((s) => s.account))],
        instances: [dedicated.instance, ...others.map((s) => s.instance)],
        explanation: `host ${host.id} runs ${dedicated.account}'s Dedicated Instance ${dedicated.instance} beside ${other.account}'s ${other.instance}${linked ? ' (linked under the same payer, which does not matter)' : ''}: Dedicated Instances of different accounts are physically isolated`,
      });
    }
  }
  for (const slot of host.slots) {
    if (host.kind === 'dedicated-host') {
      if (slot.tenancy !== 'host') findings.push({ invariant: 'host-tenancy-placement', accounts: [slot.account], instances: [slot.instance], explanation: `${slot.tenancy}-tenancy instance ${slot.instance} runs on Dedicated Host ${host.id}` });
      if (slot.account !== host.owner && !host.sharedWith.includes(slot.account)) {
        findings.push({ invariant: 'dedicated-host-ownership', accounts: [slot.account, host.owner ?? '?'], instances: [slot.instance], explanation: `${slot.account}'s ${slot.instance} runs on ${host.owner}'s Dedicated Host ${host.id}, which is not shared with it` });
      }
    } else if (slot.tenancy === 'host') {
      findings.push({ invariant: 'host-tenancy-placement', accounts: [slot.account], instances: [slot.instance], explanation: `host-tenancy instance ${slot.instance} runs on AWS's shared host ${host.id}, not on a Dedicated Host` });
    }
  }
  const overCapacity = capacityExcess(host);
  if (overCapacity) findings.push({ invariant: 'host-capacity', accounts: [], instances: host.slots.map((s) => s.instance), explanation: overCapacity });
  return findings;
}

/** The common case in one allocation-free pass: one account per DI host, right tenancies, within cores. */
function looksClean(host: Immutable<FleetHost>): boolean {
  if (host.physicalCores !== null && host.usedCores > host.physicalCores) return false;
  let dedicatedAccount: string | null = null;
  let firstAccount: string | null = null;
  let mixed = false;
  for (const slot of host.slots) {
    if (host.kind === 'dedicated-host') {
      if (slot.tenancy !== 'host' || (slot.account !== host.owner && !host.sharedWith.includes(slot.account))) return false;
    } else if (slot.tenancy === 'host') return false;
    if (slot.tenancy === 'dedicated') dedicatedAccount = slot.account;
    if (firstAccount === null) firstAccount = slot.account;
    else if (slot.account !== firstAccount) mixed = true;
  }
  if (dedicatedAccount !== null && mixed) return false;
  return capacityExcess(host) === null;
}

/** Per-size counts of the host being checked, reused: the auditor runs after every event, so no allocation per check. */
const sizeCounts = new Map<string, number>();

function capacityExcess(host: Immutable<FleetHost>): string | null {
  if (host.physicalCores !== null && host.usedCores > host.physicalCores) return `host ${host.id} runs instances needing ${host.usedCores} cores on ${host.physicalCores}`;
  const sizes = familyCapacity(host.family)?.sizes ?? {};
  // No size can exceed its maximum when every maximum is at least the number of slots (the usual case).
  let mayExceed = false;
  for (const slot of host.slots) {
    const max = sizes[slot.size] ?? null;
    if (max !== null && max < host.slots.length) mayExceed = true;
  }
  if (!mayExceed) return null;
  sizeCounts.clear();
  for (const slot of host.slots) sizeCounts.set(slot.size, (sizeCounts.get(slot.size) ?? 0) + 1);
  // Slot order finds the sizes in first-seen order (countBySize's order), so the same size is reported.
  for (const slot of host.slots) {
    const count = sizeCounts.get(slot.size) ?? 0;
    const max = sizes[slot.size] ?? null;
    if (max !== null && count > max) return `host ${host.id} runs ${count} × ${host.family}.${slot.size}; the published maximum is ${max}`;
  }
  return null;
}

/** After every event: checks only the hosts the event touched (direct path: reads the state, reports through `ctx.mut`). */
export const tenancyAuditor = directHook((state, touched, ctx) => {
  const hosts = touched.get('fleetHost');
  if (!hosts) return;
  const fleet = state.world.fleet;
  const payerOf = (account: string): string | null => {
    const a = fleet.accounts[account];
    return a ? (a.payer ?? a.id) : null;
  };
  for (const id of hosts) {
    const host = getHost(fleet, String(id));
    if (!host) continue;
    for (const finding of checkHost(host, payerOf)) {
      reportViolation(ctx, { invariant: finding.invariant, entities: { hosts: [host.id], accounts: finding.accounts, instances: finding.instances }, explanation: finding.explanation });
    }
  }
});
