import type { Engine } from '../../engine';
import { createSimulation } from '../../host/simulation';
import { lessonSchema, type LessonInput } from '../../lessons/schema';
import type { SimState } from '../state';
import type { SgRuleSpec } from './scenario';

/**
 * Test and benchmark helper: one VPC over a Xen host and a Nitro host, `perHost` guests on each
 * (tenants alternate), each interface with its own security group `sg-<iface>`, built through the
 * real lesson schema and simulation host. Interfaces: `x0`, `x1`… on Xen (10.0.1.10+i) and
 * `n0`, `n1`… on Nitro (10.0.2.10+i).
 */
export type ActionInput = { type: string } & Record<string, unknown>;

export interface NetworkFixtureOptions {
  perHost?: number;
  /** Inbound/outbound rules per security group id (`sg-x0`…). */
  rules?: Readonly<Record<string, ReadonlyArray<Partial<SgRuleSpec> & { id: string }>>>;
  promiscuous?: readonly string[];
  faults?: readonly string[];
  withoutAuditor?: boolean;
  /** Actions, each with its simulated time in nanoseconds. */
  actions?: ReadonlyArray<{ at: number; action: ActionInput }>;
}

export interface FixtureInterface {
  id: string;
  host: 'xen-1' | 'nitro-1';
  ip: string;
  mac: string;
  group: string;
}

export function fixtureInterfaces(perHost = 3): FixtureInterface[] {
  const out: FixtureInterface[] = [];
  for (const [h, host, prefix] of [[1, 'xen-1', 'x'], [2, 'nitro-1', 'n']] as const) {
    for (let i = 0; i < perHost; i++) {
      const id = `${prefix}${i}`;
      out.push({ id, host, ip: `10.0.${h}.${10 + i}`, mac: `02:00:00:00:0${h}:${(10 + i).toString(16).padStart(2, '0')}`, group: `sg-${id}` });
    }
  }
  return out;
}

export function networkSimulation(options: NetworkFixtureOptions = {}): Engine<SimState> {
  const ifaces = fixtureInterfaces(options.perHost ?? 3);
  const guest = (f: FixtureInterface, i: number) => ({ id: `g-${f.id}`, tenant: i % 2 === 0 ? 'alice' : 'bob', memoryMiB: 64, booted: true });
  const input: LessonInput = {
    id: 'network-test',
    title: 'network test world',
    summary: 'generated',
    timeScale: '20us',
    world: {
      tenants: [{ id: 'alice' }, { id: 'bob' }],
      hosts: [
        { id: 'xen-1', hypervisor: 'xen', guests: ifaces.filter((f) => f.host === 'xen-1').map(guest) },
        { id: 'nitro-1', hypervisor: 'nitro', guests: ifaces.filter((f) => f.host === 'nitro-1').map(guest) },
      ],
      network: {
        vpcs: [{ id: 'vpc', tenant: 'alice', cidr: '10.0.0.0/16' }],
        subnets: [
          { id: 'sub-x', vpc: 'vpc', cidr: '10.0.1.0/24' },
          { id: 'sub-n', vpc: 'vpc', cidr: '10.0.2.0/24' },
        ],
        securityGroups: ifaces.map((f) => ({ id: f.group, vpc: 'vpc', rules: [...(options.rules?.[f.group] ?? [])] })),
        interfaces: ifaces.map((f) => ({ id: f.id, guest: `g-${f.id}`, subnet: f.host === 'xen-1' ? 'sub-x' : 'sub-n', ip: f.ip, mac: f.mac, securityGroups: [f.group], promiscuous: options.promiscuous?.includes(f.id) ?? false })),
      },
    },
    steps: [{ at: '0s', narration: 'generated', actions: (options.actions ?? []).map(({ at, action }) => ({ at: `${Math.round(at)}ns`, action })) }],
  } as LessonInput;
  return createSimulation(lessonSchema.parse(input), { faults: options.faults ?? [], withoutAuditor: options.withoutAuditor ?? false });
}
