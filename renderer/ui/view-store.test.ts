import { describe, expect, it, vi } from 'vitest';
import { createViewStore } from './view-store';

interface Demo {
  view: string;
  selection: { id: string } | null;
  step: number;
}

const initial = (): Demo => ({ view: 'host', selection: null, step: -2 });

describe('createViewStore', () => {
  it('starts with a copy of the initial state', () => {
    const start = initial();
    const store = createViewStore(start);
    expect(store.get()).toEqual(start);
    start.view = 'memory';
    expect(store.get().view).toBe('host');
  });

  it('applies a patch and keeps the fields it does not name', () => {
    const store = createViewStore(initial());
    expect(store.set({ view: 'memory' })).toBe(true);
    expect(store.get()).toEqual({ view: 'memory', selection: null, step: -2 });
  });

  it('says nothing changed, and calls no listener, when every field already has its value', () => {
    const store = createViewStore(initial());
    const listener = vi.fn();
    store.subscribe(listener);
    expect(store.set({ view: 'host', step: -2 })).toBe(false);
    expect(store.set({})).toBe(false);
    expect(listener).not.toHaveBeenCalled();
  });

  it('compares objects by identity, so a new but equal selection is a change', () => {
    const selected = { id: 'dom1' };
    const store = createViewStore<Demo>({ ...initial(), selection: selected });
    expect(store.set({ selection: selected })).toBe(false);
    expect(store.set({ selection: { id: 'dom1' } })).toBe(true);
  });

  it('calls listeners with the new and the previous state', () => {
    const store = createViewStore(initial());
    const seen: Array<[string, string]> = [];
    store.subscribe((next, previous) => seen.push([previous.view, next.view]));
    store.set({ view: 'memory' });
    store.set({ view: 'rings', step: 3 });
    expect(seen).toEqual([
      ['host', 'memory'],
      ['memory', 'rings'],
    ]);
  });

  it('has the new state in place when a listener reads it', () => {
    const store = createViewStore(initial());
    let read = -1;
    store.subscribe(() => (read = store.get().step));
    store.set({ step: 4 });
    expect(read).toBe(4);
  });

  it('stops calling a listener once unsubscribed, and others still run', () => {
    const store = createViewStore(initial());
    const a = vi.fn();
    const b = vi.fn();
    const stopA = store.subscribe(a);
    store.subscribe(b);
    stopA();
    store.set({ step: 1 });
    expect(a).not.toHaveBeenCalled();
    expect(b).toHaveBeenCalledTimes(1);
  });

  it('replaces the state object on change and freezes it', () => {
    const store = createViewStore(initial());
    const before = store.get();
    store.set({ step: 7 });
    expect(store.get()).not.toBe(before);
    expect(before.step).toBe(-2);
    expect(Object.isFrozen(store.get())).toBe(true);
  });

  it('lets a listener set the store again; later listeners see the latest state', () => {
    const store = createViewStore(initial());
    store.subscribe((next) => {
      if (next.view === 'memory') store.set({ step: 0 });
    });
    const steps: number[] = [];
    store.subscribe(() => steps.push(store.get().step));
    store.set({ view: 'memory' });
    expect(store.get()).toEqual({ view: 'memory', selection: null, step: 0 });
    expect(steps).toContain(0);
  });
});
