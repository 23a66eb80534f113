import { wrapCaption } from './captions';
import { videoColors } from './video-colors';

type Ctx2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** The recording's creation date as YYYY-MM-DD (unambiguous in every locale), or "" when unknown. */
export function titleCardDate(createdAt: string | undefined): string {
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(createdAt ?? '');
  return match ? (match[1] as string) : '';
}

/**
 * The opening card of a training video: the lesson's title, large and wrapped (never cut), the
 * date the session was recorded, and the app's name. Drawn from the recording alone (no clock),
 * so the card is the same in every export.
 */
export function drawTitleCard(ctx: Ctx2D, width: number, height: number, title: string, date: string): void {
  const colors = videoColors();
  ctx.fillStyle = colors.band;
  ctx.fillRect(0, 0, width, height);
  const size = Math.max(18, Math.round(height / 14));
  const small = Math.max(14, Math.round(height / 30));
  ctx.font = `700 ${size}px Inter, sans-serif`;
  const lines = wrapCaption(title, width * 0.8, (s) => ctx.measureText(s).width);
  const block = lines.length * size * 1.2 + small * 3.2;
  let y = Math.max(small, (height - block) / 2);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillStyle = colors.text;
  for (const line of lines) {
    ctx.fillText(line, width / 2, y);
    y += size * 1.2;
  }
  y += small * 0.8;
  ctx.font = `400 ${small}px Inter, sans-serif`;
  ctx.fillStyle = colors.accent;
  ctx.fillText(date ? `Recorded session · ${date}` : 'Recorded session', width / 2, y);
  y += small * 1.4;
  ctx.fillStyle = colors.soft;
  ctx.fillText('Isolation Lab', width / 2, y);
  ctx.textAlign = 'start';
}
