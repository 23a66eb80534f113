import type { MemoryTable, MemoryWriter } from './writer';

/** Per-frame fields hold small ints: these append-only tables turn them back into names. */
function indexIn(w: MemoryWriter, table: MemoryTable, name: string): number {
  const found = w.mem[table].indexOf(name);
  if (found >= 0) return found + 1;
  return w.table(table).push(name);
}

export function tenantIndex(w: MemoryWriter, tenant: string | null): number {
  return tenant === null ? 0 : indexIn(w, 'tenantIds', tenant);
}

export function labelIndex(w: MemoryWriter, label: string): number {
  return indexIn(w, 'labels', label);
}

export function nameAt(table: readonly string[], index: number, none: string): string {
  return index > 0 ? (table[index - 1] ?? none) : none;
}
