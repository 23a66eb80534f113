import type { LabView, ViewId } from './view';
import { createHostView } from './host';
import { createRingsView } from './rings';
import { createMemoryView } from './memory';
import { createStorageView } from './storage';
import { createFleetView } from './fleet';

/** Every view, in tab order. Each factory returns a fresh view (split screen mounts two). */
export const VIEW_FACTORIES: Readonly<Record<ViewId, () => LabView>> = {
  host: createHostView,
  rings: createRingsView,
  memory: createMemoryView,
  storage: createStorageView,
  fleet: createFleetView,
};

export const VIEW_ORDER: readonly ViewId[] = ['host', 'rings', 'memory', 'storage', 'fleet'];
