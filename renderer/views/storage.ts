import { Text, type Container } from 'pixi.js';
import type { LabView } from './view';

/** Placeholder until the storage view is built: says so on the canvas. */
export function createStorageView(): LabView {
  let root: Container | null = null;
  return {
    id: 'storage',
    title: 'Storage',
    mount(container) {
      root = container;
      root.addChild(new Text({ text: 'Storage view: not built yet', style: { fill: 0xcccccc, fontSize: 18, fontFamily: 'Inter' } }));
    },
    update() {},
    resize() {},
    highlight() {},
    describe: () => 'Storage view',
    unmount() {
      root?.removeChildren();
      root = null;
    },
  };
}
