import type { Immutable } from '../engine';
import type { SimState } from './state';

/**
 * A tenant as learners see it on the canvas and in captions ("Tenant B (Bob Ltd)"), not by the
 * id the lesson file uses; the id when the tenant is unknown.
 */
export function tenantName(state: Immutable<SimState>, id: string | null | undefined): string {
  if (!id) return 'no tenant';
  return state.world.tenants[id]?.name ?? id;
}
