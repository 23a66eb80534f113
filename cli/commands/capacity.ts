import { CAPACITY_CATALOG, familyCapacity, KNOWN_FAMILIES, type FamilyCapacity } from '../../src/model/tenancy/capacity';
import { parseArgs } from '../args';
import type { CliCommand } from '../command';
import { UsageError } from '../command';

const USAGE = 'isolab capacity [family] [--json]';

/** The JSON shape promised by the docs: null for values no source gives. */
export interface CapacityRow {
  family: string;
  sockets: number | null;
  physicalCores: number | null;
  vcpus: number | null;
  /** Inferred from the family's generation, not published per host (`hypervisorInferred` is always true). */
  hypervisor: string;
  hypervisorInferred: true;
  multiSize: boolean;
  sizes: Record<string, number | null>;
  source: string;
  notes: string | null;
}

function toRow(f: FamilyCapacity): CapacityRow {
  return {
    family: f.family, sockets: f.sockets, physicalCores: f.physicalCores, vcpus: f.vcpus, hypervisor: f.hypervisor, hypervisorInferred: true,
    multiSize: f.multiSize, sizes: { ...f.sizes }, source: f.source, notes: f.notes ?? null,
  };
}

const show = (value: number | null): string => (value === null ? 'unknown' : String(value));

function describe(f: FamilyCapacity): string[] {
  const entries = Object.entries(f.sizes);
  const sizes = entries.length === 0 ? 'none published' : entries.map(([size, n]) => `${f.family}.${size} ${show(n)}`).join(', ');
  const lines = [
    `${f.family}  (${f.hypervisor === 'nitro' ? 'Nitro' : 'Xen'} (inferred)${f.multiSize ? ', mixed sizes allowed: launch the largest first' : ', one instance type per host'})`,
    `  sockets ${show(f.sockets)}, physical cores ${show(f.physicalCores)}, vCPUs ${show(f.vcpus)}`,
    `  max instances per size (single-size host): ${sizes}`,
    `  source: ${f.source}`,
  ];
  if (f.notes) lines.push(`  note: ${f.notes}`);
  return lines;
}

export const capacityCommand: CliCommand = {
  name: 'capacity',
  summary: 'Dedicated Host capacity per instance family, from AWS\'s published data (unknown stays unknown)',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseArgs(args, { json: 'boolean' }, 'capacity');
    if (parsed.positionals.length > 1) throw new UsageError(`capacity: expected at most one family; usage: ${USAGE}`);
    const wanted = parsed.positionals[0];
    let families = CAPACITY_CATALOG;
    if (wanted !== undefined) {
      const found = familyCapacity(wanted.toLowerCase());
      if (!found) {
        io.err(`capacity: unknown family "${wanted}"; known families: ${KNOWN_FAMILIES.join(', ')}`);
        return 2;
      }
      families = [found];
    }
    if (parsed.switches.has('json')) {
      io.out(JSON.stringify(families.map(toRow), null, 2));
      return 0;
    }
    families.forEach((f, i) => {
      if (i > 0) io.out('');
      for (const line of describe(f)) io.out(line);
    });
    return 0;
  },
};
