import { parseDuration } from '../engine/time';

export const DEFAULT_EXPORT = { width: 1280, height: 720, fps: 30 } as const;
/** Bounds that keep an export finite: a typo must not ask for a 100k-pixel or a 1000-fps video. */
export const MAX_SIDE = 3840;
export const MAX_FPS = 120;
export const MAX_FRAMES = 30 * 60 * 60 * 2;

export interface ExportSettings {
  width: number;
  height: number;
  fps: number;
  /** Start and end on the recording's playback timeline (ms); `toMs` defaults to its end. */
  fromMs: number;
  toMs?: number;
  /** Burn the current marker's narration in as a caption. */
  captions: boolean;
  /** Default vp9: in headless Chromium's software encoders it was both faster and smaller than VP8 here. */
  codec?: 'vp8' | 'vp9';
}

export interface FramePlan {
  count: number;
  /** Playback time (ms) on the recording's timeline shown by frame i. */
  playbackMs(i: number): number;
  /** Presentation timestamp of frame i in the video, in seconds (starts at 0). */
  timestamp(i: number): number;
  frameDuration: number;
}

/**
 * Which recording instants become frames: frame i shows playback time from + i/fps. Everything is
 * derived from the frame index, never from a clock, so two exports of one recording are identical.
 * `--fps 10 --to 3s` yields 30 frames.
 */
export function planFrames(durationMs: number, settings: Pick<ExportSettings, 'fps' | 'fromMs' | 'toMs'>): FramePlan {
  const from = Math.max(0, settings.fromMs);
  const to = settings.toMs ?? durationMs;
  if (!(to > from)) throw new Error(`export: the end (${to} ms) must come after the start (${from} ms)`);
  const count = Math.max(1, Math.round(((to - from) * settings.fps) / 1000));
  if (count > MAX_FRAMES) throw new Error(`export: ${count} frames is more than the ${MAX_FRAMES} allowed`);
  return {
    count,
    playbackMs: (i) => from + (i * 1000) / settings.fps,
    timestamp: (i) => i / settings.fps,
    frameDuration: 1 / settings.fps,
  };
}

/** `1280x720` → {width, height}, with both even (VP8/VP9 want 4:2:0 chroma). */
export function parseSize(text: string): { ok: true; width: number; height: number } | { ok: false; error: string } {
  const match = /^(\d{2,5})[x×](\d{2,5})$/.exec(text.trim());
  const width = Number(match?.[1]);
  const height = Number(match?.[2]);
  if (!match || width < 16 || height < 16 || width > MAX_SIDE || height > MAX_SIDE || width % 2 || height % 2) {
    return { ok: false, error: `expected a size such as 1280x720 (even numbers from 16 to ${MAX_SIDE}), got ${JSON.stringify(text.slice(0, 40))}` };
  }
  return { ok: true, width, height };
}

export function parseFps(text: string): { ok: true; fps: number } | { ok: false; error: string } {
  const fps = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
  if (!(fps >= 1 && fps <= MAX_FPS)) return { ok: false, error: `expected a frame rate from 1 to ${MAX_FPS}, got ${JSON.stringify(text.slice(0, 40))}` };
  return { ok: true, fps };
}

/** A playback position such as `3s`, `1.5s`, `250ms` or `2min`, in ms. */
export function parsePosition(text: string): { ok: true; ms: number } | { ok: false; error: string } {
  const parsed = parseDuration(text);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  return { ok: true, ms: parsed.ns / 1e6 };
}
