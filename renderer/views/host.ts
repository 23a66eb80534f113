import { Text, type Container } from 'pixi.js';
import type { LabView } from './view';

/** Placeholder until the host view is built: says so on the canvas. */
export function createHostView(): LabView {
  let root: Container | null = null;
  return {
    id: 'host',
    title: 'Host',
    mount(container) {
      root = container;
      root.addChild(new Text({ text: 'Host view: not built yet', style: { fill: 0xcccccc, fontSize: 18, fontFamily: 'Inter' } }));
    },
    update() {},
    resize() {},
    highlight() {},
    describe: () => 'Host view',
    unmount() {
      root?.removeChildren();
      root = null;
    },
  };
}
