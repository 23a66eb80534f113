import type { LabView, ViewId } from './view';
import { createHostView } from './host';
import { createRingsView } from './rings';
import { createMemoryView } from './memory';
import { createStorageView } from './storage';
import { createFleetView } from './fleet';
import { createAccessView } from './access';
import { createNetworkView } from './network';

/** Every view, in tab order. Each factory returns a fresh view (split screen mounts two). */
export const VIEW_FACTORIES: Readonly<Record<ViewId, () => LabView>> = {
  host: createHostView,
  rings: createRingsView,
  memory: createMemoryView,
  storage: createStorageView,
  fleet: createFleetView,
  access: createAccessView,
  network: createNetworkView,
};

export const VIEW_ORDER: readonly ViewId[] = ['host', 'rings', 'memory', 'storage', 'fleet', 'access', 'network'];
