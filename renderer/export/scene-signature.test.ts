import { describe, expect, it } from 'vitest';
import { sameSignature, sceneSignature } from './scene-signature';

// Pixi's scene graph needs no browser, but its module reads `navigator` when loaded (Node 20 has none).
if (!('navigator' in globalThis)) Object.defineProperty(globalThis, 'navigator', { value: { userAgent: 'node' }, configurable: true });
const { Container, Graphics } = await import('pixi.js');
type Container = InstanceType<typeof Container>;
type Graphics = InstanceType<typeof Graphics>;

function scene(): { root: Container; box: Graphics; group: Container } {
  const root = new Container();
  const group = root.addChild(new Container());
  const box = group.addChild(new Graphics().rect(0, 0, 10, 10).fill(0xff0000));
  return { root, box, group };
}

describe('scene signature (skip drawing a still frame)', () => {
  it('is the same while nothing changes, even when the same values are set again', () => {
    const { root, box } = scene();
    const before = sceneSignature(root);
    box.alpha = 1;
    box.x = 0;
    expect(sameSignature(before, sceneSignature(root))).toBe(true);
    expect(sameSignature(null, before)).toBe(false);
  });

  it('changes with a move, a fade, hiding, new geometry, and children added, removed or rebuilt', () => {
    const changes: Array<(s: ReturnType<typeof scene>) => void> = [
      ({ box }) => void (box.x = 5),
      ({ box }) => void (box.alpha = 0.5),
      ({ box }) => void (box.visible = false),
      ({ box }) => void (box.tint = 0x00ff00),
      ({ box }) => void box.clear().rect(0, 0, 20, 20).fill(0xff0000),
      ({ group }) => void group.addChild(new Container()),
      ({ group, box }) => void group.removeChild(box),
      // A rebuilt object with the same shape is a new object (a new uid), so it counts as a change.
      ({ group, box }) => {
        group.removeChild(box);
        group.addChild(new Graphics().rect(0, 0, 10, 10).fill(0xff0000));
      },
    ];
    for (const change of changes) {
      const s = scene();
      const before = sceneSignature(s.root);
      change(s);
      expect(sameSignature(before, sceneSignature(s.root)), change.toString()).toBe(false);
    }
  });
});
