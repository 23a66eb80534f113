/**
 * Tells whether a frame's pixels are exactly those of the frame before. A training recording is
 * mostly still between steps, yet its views are updated every frame (the clock moves, and views
 * such as rings follow it), so "a view was updated" says little about the picture; comparing the
 * pixels says exactly. Measured on the 720p hello-host export: 233 of 240 frames were identical,
 * for ~4.6 ms a frame (read-back and compare) against ~11 ms to PNG-encode and send one.
 */
export class SamePixels {
  private previous: Uint32Array | null = null;

  /** True when `pixels` (RGBA) equal the last pixels given; remembers them either way. */
  same(pixels: Uint8ClampedArray): boolean {
    const current = new Uint32Array(pixels.buffer, pixels.byteOffset, pixels.byteLength >> 2);
    const previous = this.previous;
    this.previous = current;
    if (!previous || previous.length !== current.length) return false;
    for (let i = 0; i < current.length; i++) if (current[i] !== previous[i]) return false;
    return true;
  }

  /** Forgets the last pixels (the next frame is then never "the same"). */
  reset(): void {
    this.previous = null;
  }
}
