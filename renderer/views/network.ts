import { Container } from 'pixi.js';
import type { LabView } from './view';
import { label } from './draw';

/** Placeholder: the Network view is being built (see its issue); it names itself so a step that focuses it is not blank. */
export function createNetworkView(): LabView {
  let root: Container | null = null;
  return {
    id: 'network',
    title: 'Network',
    mount(parent) {
      root = new Container();
      root.addChild(label('Network view', { fontSize: 24 }));
      parent.addChild(root);
    },
    update() {},
    resize() {},
    highlight() {},
    describe: () => 'Network view',
    unmount() {
      root?.destroy({ children: true });
      root = null;
    },
  };
}
