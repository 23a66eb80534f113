import type { MemoryWorld } from './types';

/** Per-frame fields hold small ints: these append-only tables turn them back into names. */
function indexIn(table: string[], name: string): number {
  const found = table.indexOf(name);
  if (found >= 0) return found + 1;
  table.push(name);
  return table.length;
}

export function tenantIndex(mem: MemoryWorld, tenant: string | null): number {
  return tenant === null ? 0 : indexIn(mem.tenantIds, tenant);
}

export function labelIndex(mem: MemoryWorld, label: string): number {
  return indexIn(mem.labels, label);
}

export function nameAt(table: readonly string[], index: number, none: string): string {
  return index > 0 ? (table[index - 1] ?? none) : none;
}
