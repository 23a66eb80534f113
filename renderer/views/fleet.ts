import { Text, type Container } from 'pixi.js';
import type { LabView } from './view';

/** Placeholder until the fleet view is built: says so on the canvas. */
export function createFleetView(): LabView {
  let root: Container | null = null;
  return {
    id: 'fleet',
    title: 'Fleet',
    mount(container) {
      root = container;
      root.addChild(new Text({ text: 'Fleet view: not built yet', style: { fill: 0xcccccc, fontSize: 18, fontFamily: 'Inter' } }));
    },
    update() {},
    resize() {},
    highlight() {},
    describe: () => 'Fleet view',
    unmount() {
      root?.removeChildren();
      root = null;
    },
  };
}
