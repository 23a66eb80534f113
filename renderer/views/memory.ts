import { Text, type Container } from 'pixi.js';
import type { LabView } from './view';

/** Placeholder until the memory view is built: says so on the canvas. */
export function createMemoryView(): LabView {
  let root: Container | null = null;
  return {
    id: 'memory',
    title: 'Memory',
    mount(container) {
      root = container;
      root.addChild(new Text({ text: 'Memory view: not built yet', style: { fill: 0xcccccc, fontSize: 18, fontFamily: 'Inter' } }));
    },
    update() {},
    resize() {},
    highlight() {},
    describe: () => 'Memory view',
    unmount() {
      root?.removeChildren();
      root = null;
    },
  };
}
