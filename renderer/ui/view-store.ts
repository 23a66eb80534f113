/**
 * A small typed store for view state the renderer keeps besides the simulator's (the active view,
 * the selection, the lesson step whose focus was applied…). One object replaces closure locals
 * mutated from many callbacks: every change goes through `set`, and what must follow a change
 * (the inspector after a new selection) is a subscription instead of a line after each assignment.
 *
 * Values are compared with Object.is, so a patch that sets a field to what it already holds is
 * not a change and wakes no listener.
 */

export type ViewStoreListener<T> = (next: Readonly<T>, previous: Readonly<T>) => void;

export interface ViewStore<T extends object> {
  /** The current state (a frozen snapshot: replaced, never mutated, by `set`). */
  get(): Readonly<T>;
  /** Applies the patch; returns whether any field changed (listeners run only then). */
  set(patch: Partial<T>): boolean;
  /** Calls `listener` after every change with the new and the previous state; returns an unsubscribe. */
  subscribe(listener: ViewStoreListener<T>): () => void;
}

/** Whether any field the patch names differs from the state's (an absent key leaves its field as it is). */
function changes<T extends object>(patch: Partial<T>, state: Readonly<T>): boolean {
  for (const key in patch) {
    if (Object.hasOwn(patch, key) && !Object.is(patch[key], state[key])) return true;
  }
  return false;
}

export function createViewStore<T extends object>(initial: T): ViewStore<T> {
  let state: Readonly<T> = Object.freeze({ ...initial });
  const listeners = new Set<ViewStoreListener<T>>();
  return {
    get: () => state,
    set(patch) {
      if (!changes(patch, state)) return false;
      const previous = state;
      state = Object.freeze({ ...state, ...patch });
      // A copy: a listener may unsubscribe (or subscribe another) while we iterate.
      for (const listener of [...listeners]) listener(state, previous);
      return true;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
