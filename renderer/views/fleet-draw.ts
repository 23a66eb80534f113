import { Container, Graphics, Text } from 'pixi.js';
import { FONT, UI } from '../palette';

/** Small Pixi helpers for the Fleet view. */

export function text(value: string, size = 12, fill: number = UI.text, width = 0): Text {
  return new Text({ text: value, resolution: 2, style: { fontFamily: FONT, fontSize: size, fill, wordWrap: width > 0, wordWrapWidth: width } });
}

/** A canvas button (pointer); the view also answers keys, since the canvas is not focusable. */
export function button(label: string, x: number, y: number, onTap: () => void, name: string): Container {
  const b = new Container();
  b.label = name;
  const g = new Graphics().roundRect(0, 0, 28, 24, 4).fill(UI.panelRaised).stroke({ color: UI.border, width: 1 });
  const t = text(label, 14);
  t.position.set(14 - t.width / 2, 12 - t.height / 2);
  b.addChild(g, t);
  b.position.set(x, y);
  b.eventMode = 'static';
  b.cursor = 'pointer';
  b.on('pointertap', onTap);
  return b;
}
