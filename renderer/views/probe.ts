import { BitmapText, Text, type Container } from 'pixi.js';

/**
 * Read-only measurements of what the canvas shows, for the test hook: every visible text with its
 * size in screen pixels (camera zoom and every ancestor's scale included) and its screen box.
 */
export interface CanvasText {
  text: string;
  /** Font size as drawn on screen, in CSS pixels. */
  fontPx: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

function shown(node: Container): boolean {
  for (let n: Container | null = node; n; n = n.parent) if (!n.visible || n.alpha <= 0.01 || n.renderable === false) return false;
  return true;
}

/** Visible texts that overlap the viewport (width × height from the top-left of the stage). */
export function canvasTexts(stage: Container, width: number, height: number): CanvasText[] {
  const out: CanvasText[] = [];
  const visit = (node: Container): void => {
    if (!node.visible) return;
    if ((node instanceof Text || node instanceof BitmapText) && node.text.trim() !== '' && shown(node)) {
      const m = node.worldTransform;
      const scale = Math.hypot(m.c, m.d);
      const b = node.getBounds();
      if (b.maxX > 0 && b.maxY > 0 && b.minX < width && b.minY < height && b.width > 0) {
        out.push({ text: node.text, fontPx: node.style.fontSize * scale, x: b.minX, y: b.minY, width: b.width, height: b.height });
      }
    }
    for (const child of node.children) visit(child);
  };
  visit(stage);
  return out;
}
