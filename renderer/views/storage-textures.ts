import { CanvasSource, Texture } from 'pixi.js';
import { cssRgba, UI } from '../palette';
import type { BlockOverlay } from './storage-look';

/**
 * Overlay textures for block cells, drawn once on small canvases and shared by every sprite:
 * the second channel besides colour (hatch = dirty, lock over noise = encrypted, dots = wiped,
 * cloud outline = still in the snapshot).
 */
const SIZE = 32;

function paint(draw: (g: CanvasRenderingContext2D) => void): Texture {
  const canvas = document.createElement('canvas');
  canvas.width = SIZE;
  canvas.height = SIZE;
  const g = canvas.getContext('2d');
  if (g) draw(g);
  return new Texture({ source: new CanvasSource({ resource: canvas }) });
}

function hatch(g: CanvasRenderingContext2D): void {
  g.strokeStyle = cssRgba(UI.hatch, 0.75);
  g.lineWidth = 3;
  for (let c = -SIZE; c < SIZE * 2; c += 9) {
    g.beginPath();
    g.moveTo(c, SIZE);
    g.lineTo(c + SIZE, 0);
    g.stroke();
  }
}

function lock(g: CanvasRenderingContext2D): void {
  // Deterministic "noise": ciphertext looks random, but the picture must not change per frame.
  let seed = 7;
  for (let y = 0; y < SIZE; y += 2) {
    for (let x = 0; x < SIZE; x += 2) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      g.fillStyle = `rgba(0,0,0,${((seed >> 8) % 40) / 100})`;
      g.fillRect(x, y, 2, 2);
    }
  }
  g.fillStyle = '#ffffff';
  g.strokeStyle = '#ffffff';
  g.lineWidth = 3;
  g.beginPath();
  g.arc(16, 13, 6, Math.PI, 0);
  g.stroke();
  g.fillRect(8, 13, 16, 12);
  g.fillStyle = '#11141b';
  g.fillRect(15, 17, 2, 5);
}

function dots(g: CanvasRenderingContext2D): void {
  g.fillStyle = cssRgba(UI.scrubbing, 0.6);
  for (let y = 4; y < SIZE; y += 8) for (let x = (y / 4) % 2 ? 4 : 8; x < SIZE; x += 8) g.fillRect(x, y, 2, 2);
}

function cloud(g: CanvasRenderingContext2D): void {
  g.strokeStyle = cssRgba(UI.muted, 0.85);
  g.lineWidth = 2;
  g.setLineDash([4, 3]);
  g.strokeRect(3, 3, SIZE - 6, SIZE - 6);
  g.setLineDash([]);
  g.beginPath();
  g.moveTo(16, 9);
  g.lineTo(16, 21);
  g.moveTo(11, 17);
  g.lineTo(16, 22);
  g.lineTo(21, 17);
  g.stroke();
}

export type OverlayTextures = Record<Exclude<BlockOverlay, 'none'>, Texture>;

export function createOverlayTextures(): OverlayTextures {
  return { hatch: paint(hatch), lock: paint(lock), wiped: paint(dots), cloud: paint(cloud) };
}

export function destroyOverlayTextures(textures: OverlayTextures): void {
  for (const texture of Object.values(textures)) texture.destroy(true);
}
