import type { SimState } from '../../src/model/state';
import type { EntityRef } from '../views/view';
import { h } from './dom';
import { inspectorFields, labelFor } from './inspector-format';

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
    // Large collections are bucketed, buckets in groups (world.fleet.instances[0][17][id]), so one change copies one bucket.
    if (Array.isArray(collection)) {
      for (const bucket of collection.flat()) if (isRecord(bucket) && ref.id in bucket) return bucket[ref.id];
      continue;
    }
    if (isRecord(collection) && ref.id in collection) return collection[ref.id];
  }
  return undefined;
}

/** Most entities of one kind offered in the picker (fleet lessons have thousands of hosts). */
const MAX_PICKER_OPTIONS = 300;

/** The selectable entities of a state, by kind, for the keyboard picker. */
export function pickableEntities(state: SimState): Array<{ kind: string; label: string; ids: string[] }> {
  const world = state.world;
  const take = (ids: string[]) => ids.slice(0, MAX_PICKER_OPTIONS);
  return [
    { kind: 'host', label: 'Hosts', ids: take(Object.keys(world.hosts)) },
    { kind: 'domain', label: 'Domains', ids: take(Object.keys(world.domains).filter((id) => world.domains[id]?.status !== 'destroyed')) },
    { kind: 'device', label: 'Devices', ids: take(Object.keys(world.devices ?? {})) },
  ].filter((group) => group.ids.length > 0);
}

/**
 * The selected entity's fields, read from the mirrored state on every change, plus a picker so
 * that entities can be inspected from the keyboard as well as by clicking the canvas.
 */
export function createInspector(
  slot: HTMLElement,
  onPick: (entity: EntityRef | null) => void,
  /** A view's own description of entities that are not plain records (frames, blocks). */
  describe: (state: SimState, entity: EntityRef) => Record<string, unknown> | undefined = () => undefined,
): {
  update(state: SimState | null, selection: EntityRef | null): void;
  /** Rebuilds the picker's list (after a load, or when entities appear or disappear). */
  setEntities(state: SimState | null): void;
} {
  const picker = h('select', { 'aria-label': 'Inspect an entity', class: 'inspector-picker', 'data-testid': 'inspector-picker' });
  picker.addEventListener('change', () => {
    const [kind, ...rest] = picker.value.split(':');
    onPick(kind && rest.length > 0 ? { kind, id: rest.join(':') } : null);
  });
  const heading = h('p', { class: 'inspector-heading' });
  // A named group that Tab reaches when it has fields, so keyboard and screen-reader users can read
  // (and scroll) them right after choosing an entity here or in the scene list.
  const fields = h('dl', { class: 'fields', 'data-testid': 'inspector', role: 'group', 'aria-label': 'Fields of the selected entity' });
  slot.append(h('h2', { class: 'panel-title' }, 'Inspector'), picker, heading, fields);
  return {
    setEntities(state) {
      const value = picker.value;
      picker.replaceChildren(h('option', { value: '' }, 'Choose an entity…'));
      for (const group of state ? pickableEntities(state) : []) {
        const optgroup = h('optgroup', { label: group.label });
        for (const id of group.ids) optgroup.append(h('option', { value: `${group.kind}:${id}` }, id));
        picker.append(optgroup);
      }
      picker.value = value;
      if (picker.value !== value) picker.value = '';
    },
    update(state, selection) {
      const value = selection ? `${selection.kind}:${selection.id}` : '';
      if (picker.value !== value) picker.value = [...picker.options].some((o) => o.value === value) ? value : '';
      if (!selection || !state) {
        heading.textContent = 'Click something on the canvas, or choose it above, to inspect it.';
        heading.classList.add('muted');
        fields.replaceChildren();
        fields.removeAttribute('tabindex');
        return;
      }
      heading.classList.remove('muted');
      const entity = describe(state, selection) ?? findEntity(state, selection);
      const name = isRecord(entity) && typeof entity.name === 'string' && entity.name !== selection.id ? ` — ${entity.name}` : '';
      heading.textContent = `${labelFor(selection.kind)} ${selection.id}${name}`;
      fields.tabIndex = 0;
      fields.setAttribute('aria-label', `Fields of ${heading.textContent}`);
      if (!isRecord(entity)) {
        fields.replaceChildren(h('dt', {}, 'status'), h('dd', {}, entity === undefined ? 'not in the current state' : String(entity)));
        return;
      }
      // Human-readable rows: words for keys, units and formatted times, names for ids (inspector-format.ts).
      fields.replaceChildren(...inspectorFields(entity, state).flatMap(({ label, value }) => [h('dt', {}, label), h('dd', {}, value)]));
    },
  };
}
