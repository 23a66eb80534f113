import type { Box } from '../views/camera';

/**
 * How far to pan (screen pixels, the camera's `panBy` sign) so that a box on screen is inside the
 * canvas with a margin; zero when it already is.
 */
export function panToShow(box: Box, width: number, height: number, bottomInset = 0, margin = 24): { dx: number; dy: number } {
  const axis = (start: number, size: number, limit: number): number => {
    // Too big to fit: leave it where it is if part of it shows, else bring its start (a title) in.
    if (size + 2 * margin > limit) return start < limit - margin && start + size > margin ? 0 : margin - start;
    if (start < margin) return margin - start;
    if (start + size > limit - margin) return limit - margin - (start + size);
    return 0;
  };
  // The caption strip covers the bottom of the canvas: the box must clear it too.
  return { dx: axis(box.x, box.width, width), dy: axis(box.y, box.height, Math.max(height / 2, height - bottomInset)) };
}
