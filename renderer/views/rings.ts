import { Text, type Container } from 'pixi.js';
import type { LabView } from './view';

/** Placeholder until the rings view is built: says so on the canvas. */
export function createRingsView(): LabView {
  let root: Container | null = null;
  return {
    id: 'rings',
    title: 'Rings',
    mount(container) {
      root = container;
      root.addChild(new Text({ text: 'Rings view: not built yet', style: { fill: 0xcccccc, fontSize: 18, fontFamily: 'Inter' } }));
    },
    update() {},
    resize() {},
    highlight() {},
    describe: () => 'Rings view',
    unmount() {
      root?.removeChildren();
      root = null;
    },
  };
}
