import { Container, Graphics } from 'pixi.js';
import { UI } from '../palette';
import { label } from './draw';
import { TAG_FONT_PX, type FocusTag } from './focus-tags';

/** Draws the sticky names of renderer/views/focus-tags.ts in screen space, above the view (not moved by the camera). */
export class FocusTagLayer {
  readonly root = new Container({ label: 'focus-tags' });
  private shown = '';

  /** Redraws when the tags changed; returns whether anything was redrawn. */
  show(tags: readonly FocusTag[]): boolean {
    const key = JSON.stringify(tags);
    if (key === this.shown) return false;
    this.shown = key;
    for (const child of this.root.removeChildren()) child.destroy({ children: true });
    for (const tag of tags) this.root.addChild(drawTag(tag));
    return true;
  }

  /** Forgets what is drawn (a theme change: the next `show` redraws in the new colours). */
  reset(): void {
    this.shown = '';
  }
}

function drawTag(tag: FocusTag): Container {
  const c = new Container({ label: `focus-tag:${tag.id}` });
  const text = label(tag.text, { fontSize: TAG_FONT_PX, fontWeight: '700', fill: UI.text });
  const padX = 8;
  const padY = 4;
  // Long names are cut with an ellipsis rather than spilling past the box they name.
  while (text.width + 2 * padX > tag.maxWidth && text.text.length > 4) text.text = `${text.text.slice(0, -2)}…`;
  const back = new Graphics()
    .roundRect(0, 0, text.width + 2 * padX, text.height + 2 * padY, 6)
    .fill({ color: UI.background, alpha: 0.94 })
    .stroke({ color: UI.focus, width: 2 });
  text.position.set(padX, padY);
  c.addChild(back, text);
  c.position.set(tag.x, tag.y);
  return c;
}
