import type { SimState } from '../../src/model/state';
import type { EntityRef } from '../views/view';
import { h } from './dom';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Finds an entity's record in the state by kind and id: `world.<kind>s[id]` for the hypervisor
 * slice, else any module slice's `<kind>s[id]` or `[id]` (views from other modules select their own kinds).
 */
export function findEntity(state: SimState, ref: EntityRef): unknown {
  const world = state.world as unknown as Record<string, unknown>;
  const plural = `${ref.kind}s`;
  const direct = world[plural];
  if (isRecord(direct) && ref.id in direct) return direct[ref.id];
  for (const slice of Object.values(world)) {
    if (!isRecord(slice)) continue;
    const collection = slice[plural];
    if (isRecord(collection) && ref.id in collection) return collection[ref.id];
  }
  return undefined;
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') {
    const text = JSON.stringify(value);
    return text.length > 120 ? `${text.slice(0, 119)}…` : text;
  }
  return String(value);
}

/** The selected entity's fields, read from the mirrored state on every change. */
export function createInspector(slot: HTMLElement): { update(state: SimState | null, selection: EntityRef | null): void } {
  const heading = h('p', { class: 'inspector-heading' });
  const fields = h('dl', { class: 'fields', 'data-testid': 'inspector' });
  slot.append(h('h2', { class: 'panel-title' }, 'Inspector'), heading, fields);
  return {
    update(state, selection) {
      if (!selection || !state) {
        heading.textContent = 'Click something on the canvas to inspect it.';
        heading.classList.add('muted');
        fields.replaceChildren();
        return;
      }
      heading.classList.remove('muted');
      heading.textContent = `${selection.kind} ${selection.id}`;
      const entity = findEntity(state, selection);
      if (!isRecord(entity)) {
        fields.replaceChildren(h('dt', {}, 'status'), h('dd', {}, entity === undefined ? 'not in the current state' : formatValue(entity)));
        return;
      }
      fields.replaceChildren(...Object.entries(entity).flatMap(([key, value]) => [h('dt', {}, key), h('dd', {}, formatValue(value))]));
    },
  };
}
