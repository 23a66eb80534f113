import type { Container } from 'pixi.js';

/**
 * A record of a Pixi scene's state, to tell that nothing in it changed since the last frame so the
 * export can skip drawing and reading back a still frame. Pixi counts every change on each object
 * (`_didContainerChangeTick`: transform, alpha, tint, visibility; `_didViewChangeTick`: its text,
 * geometry or texture, and children added or removed); with each object's unique `uid` (a rebuilt
 * object is a new one) and its number of children, in tree order, equal records mean an equal
 * scene. Exact: the numbers are compared, not hashed.
 */
export function sceneSignature(root: Container): number[] {
  const out: number[] = [];
  const stack: Container[] = [root];
  for (let node = stack.pop(); node; node = stack.pop()) {
    out.push(node.uid, node._didContainerChangeTick, node._didViewChangeTick, node.children.length);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Container);
  }
  return out;
}

export function sameSignature(a: readonly number[] | null, b: readonly number[]): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
