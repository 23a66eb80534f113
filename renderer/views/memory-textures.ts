import { CanvasSource, Texture } from 'pixi.js';
import { UI, cssRgba } from '../palette';

/**
 * The memory view's two overlay textures, painted once per mount (in the current theme's
 * colours): a hatch over dirty frames and a sweep over frames being scrubbed.
 */
export interface MemoryTextures {
  hatch: Texture;
  sweep: Texture;
}

function paintTexture(draw: (g: CanvasRenderingContext2D) => void): Texture {
  const canvas = document.createElement('canvas');
  canvas.width = 16;
  canvas.height = 16;
  const g = canvas.getContext('2d');
  if (g) draw(g);
  return new Texture({ source: new CanvasSource({ resource: canvas }) });
}

function hatchTexture(): Texture {
  return paintTexture((g) => {
    g.strokeStyle = cssRgba(UI.hatch, 0.8);
    g.lineWidth = 2;
    for (let c = -16; c < 32; c += 6) {
      g.beginPath();
      g.moveTo(c, 16);
      g.lineTo(c + 16, 0);
      g.stroke();
    }
  });
}

function sweepTexture(): Texture {
  return paintTexture((g) => {
    const gradient = g.createLinearGradient(0, 0, 16, 0);
    gradient.addColorStop(0, cssRgba(UI.scrubbing, 0));
    gradient.addColorStop(0.7, cssRgba(UI.scrubbing, 0.55));
    gradient.addColorStop(1, cssRgba(UI.scrubbing, 0.95));
    g.fillStyle = gradient;
    g.fillRect(0, 0, 16, 16);
  });
}

export function createMemoryTextures(): MemoryTextures {
  return { hatch: hatchTexture(), sweep: sweepTexture() };
}

export function destroyMemoryTextures(textures: MemoryTextures): void {
  textures.hatch.destroy(true);
  textures.sweep.destroy(true);
}
