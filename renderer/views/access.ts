import { Container } from 'pixi.js';
import type { LabView } from './view';
import { label } from './draw';

/** Placeholder: the Access view is being built (see its issue); it names itself so a step that focuses it is not blank. */
export function createAccessView(): LabView {
  let root: Container | null = null;
  return {
    id: 'access',
    title: 'Access',
    mount(parent) {
      root = new Container();
      root.addChild(label('Access view', { fontSize: 24 }));
      parent.addChild(root);
    },
    update() {},
    resize() {},
    highlight() {},
    describe: () => 'Access view',
    unmount() {
      root?.destroy({ children: true });
      root = null;
    },
  };
}
