import { formatDuration } from '../../src/engine/time';
import type { SimState } from '../../src/model/state';

/** One inspector row: a label in words and a value a person can read (units, names, no JSON). */
export interface InspectorField {
  label: string;
  value: string;
}

/** Okabe–Ito colour names, in palette order (renderer/palette.ts). */
const COLOUR_NAMES = ['orange', 'sky blue', 'bluish green', 'yellow', 'blue', 'vermilion', 'reddish purple'];

/** Words for labels that camel-casing alone would get wrong. */
const LABELS: Record<string, string> = {
  id: 'id',
  memoryMiB: 'memory',
  clockGHz: 'clock',
  vcpus: 'vCPUs',
  mfn: 'machine frame (MFN)',
  gfn: 'guest frame (GFN)',
  p2m: 'guest-to-machine map',
  xenVersion: 'Xen version',
  colorIndex: 'colour',
  mfa: 'multi-factor authentication',
  seq: 'number',
};

const MAX_LIST = 12;

/** `createdAt` → "created at", `teardownBusyUntil` → "teardown busy until", `hostId` → "host". */
export function labelFor(key: string): string {
  const known = LABELS[key];
  if (known) return known;
  const base = key.replace(/Ids?$/, (m) => (m === 'Ids' ? 's' : '')).replace(/(MiB|GiB|Bytes|Ns|Nanos)$/, '');
  const words = base
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .trim();
  return words || key;
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : trimNumber(value)} ${units[unit]}`;
}

function trimNumber(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

const isTimeKey = (key: string): boolean => /(At|Until|Time|Since)$/.test(key) || key === 'at' || key === 'time' || /(Ns|Nanos)$/.test(key);

/** An id that names a host, domain, tenant or operator: its name and the id. */
function nameOf(state: SimState | null, id: string): string | null {
  if (!state) return null;
  const world = state.world;
  const record = world.hosts[id] ?? world.domains[id] ?? world.tenants[id] ?? world.access?.operators?.[id] ?? world.access?.adminHosts?.[id];
  if (!record || !('name' in record) || typeof record.name !== 'string' || record.name === id) return null;
  return `${record.name} (${id})`;
}

function formatScalar(key: string, value: unknown, state: SimState | null): string {
  if (value === null || value === undefined) return isTimeKey(key) ? 'not yet' : '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return String(value);
    if (isTimeKey(key)) return formatDuration(value);
    if (/MiB$/.test(key)) return value >= 1024 ? `${trimNumber(value / 1024)} GiB` : `${trimNumber(value)} MiB`;
    if (/GiB$/.test(key)) return `${trimNumber(value)} GiB`;
    if (/Bytes$|^bytes$|^size$/.test(key)) return formatBytes(value);
    if (/GHz$/.test(key)) return `${trimNumber(value)} GHz`;
    if (key === 'colorIndex') return `${COLOUR_NAMES[((value % 7) + 7) % 7] ?? value} (palette ${value + 1})`;
    return trimNumber(value);
  }
  if (typeof value === 'string') return nameOf(state, value) ?? value;
  return String(value);
}

function formatValue(key: string, value: unknown, state: SimState | null, depth = 0): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return 'none';
    if (value.every((v) => typeof v === 'string' || typeof v === 'number')) {
      const shown = value.slice(0, MAX_LIST).map((v) => formatScalar(key.replace(/s$/, ''), v, state));
      return `${shown.join(', ')}${value.length > MAX_LIST ? ` and ${value.length - MAX_LIST} more` : ''}`;
    }
    return `${value.length.toLocaleString('en-US')} ${value.length === 1 ? 'entry' : 'entries'}`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return 'none';
    if (depth > 0 || entries.length > 6) return `${entries.length.toLocaleString('en-US')} ${entries.length === 1 ? 'item' : 'items'}`;
    return entries.map(([k, v]) => `${labelFor(k)} ${formatValue(k, v, state, depth + 1)}`).join(' · ');
  }
  return formatScalar(key, value, state);
}

/** The inspector's rows for a record: labels in words, values with units, names for ids. */
export function inspectorFields(record: Record<string, unknown>, state: SimState | null): InspectorField[] {
  return Object.entries(record).map(([key, value]) => ({ label: labelFor(key), value: formatValue(key, value, state) }));
}
