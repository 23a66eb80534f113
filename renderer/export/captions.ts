/** The narration's small markdown subset, reduced to plain text for a caption. */
export function captionText(narration: string): string {
  return narration
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/\*([^*]+)\*/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/^\s*-\s+/gm, '• ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Greedy word wrap to `maxWidth` (measured by the caller's font), at most `maxLines` (the last one ends in …). */
export function wrapCaption(text: string, maxWidth: number, measure: (s: string) => number, maxLines = 3): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ').filter(Boolean)) {
    const candidate = current ? `${current} ${word}` : word;
    if (measure(candidate) <= maxWidth || !current) current = candidate;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current) lines.push(current);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1] as string;
  while (last.length > 1 && measure(`${last}…`) > maxWidth) last = last.slice(0, -1);
  kept[maxLines - 1] = `${last}…`;
  return kept;
}

type Ctx2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** Draws a caption band at the bottom: translucent panel, white text, sized to the frame. */
export function drawCaption(ctx: Ctx2D, width: number, height: number, title: string, narration: string): void {
  const body = captionText(narration);
  if (!title && !body) return;
  const size = Math.max(10, Math.round(height / 34));
  const pad = Math.round(size * 0.8);
  ctx.font = `400 ${size}px Inter, sans-serif`;
  const lines = wrapCaption(body, width - pad * 4, (s) => ctx.measureText(s).width);
  const rows = (title ? 1 : 0) + lines.length;
  const band = rows * size * 1.35 + pad * 2;
  ctx.fillStyle = 'rgba(8, 10, 14, 0.82)';
  ctx.fillRect(pad, height - band - pad, width - pad * 2, band);
  ctx.textBaseline = 'top';
  let y = height - band - pad + pad;
  if (title) {
    ctx.font = `700 ${size}px Inter, sans-serif`;
    ctx.fillStyle = '#ffd27a';
    ctx.fillText(title, pad * 2, y);
    y += size * 1.35;
  }
  ctx.font = `400 ${size}px Inter, sans-serif`;
  ctx.fillStyle = '#ffffff';
  for (const line of lines) {
    ctx.fillText(line, pad * 2, y);
    y += size * 1.35;
  }
}
