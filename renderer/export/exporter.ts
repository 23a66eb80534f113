import { BufferTarget, CanvasSource, Output, QUALITY_HIGH, TextSubtitleSource, WebMOutputFormat } from 'mediabunny';
import { openFrameSource, type VideoSettings } from './frame-source';
import { toWebVtt, videoSubtitles } from './timed-text';

export interface ExportProgress {
  frame: number;
  frames: number;
}

export interface ExportResult {
  bytes: Uint8Array;
  frames: number;
  codec: 'vp9' | 'vp8';
  mimeType: string;
  /** The narration as WebVTT (also embedded in the WebM as a subtitle track). */
  subtitles: string;
  timing: { renderMs: number; encodeMs: number };
}

/** Thrown when the user cancels; the partial output is discarded. */
export class ExportCancelled extends Error {
  constructor() {
    super('export cancelled');
  }
}

/**
 * The in-page export, for where there is no ffmpeg (the browser build): the frame source draws
 * each frame and mediabunny's CanvasSource encodes it with WebCodecs into a WebM, with the
 * narration as a WebVTT subtitle track. Slower than `isolab export-video`'s ffmpeg path (the
 * browser's software VP9 encoder runs on the page's thread budget), same pictures.
 */
export async function exportRecording(text: string, settings: VideoSettings, options: { onProgress?: (p: ExportProgress) => void; signal?: AbortSignal } = {}): Promise<ExportResult> {
  const frames = await openFrameSource(text, settings);
  const codec = await pickCodec(settings);
  const output = new Output({ format: new WebMOutputFormat(), target: new BufferTarget() });
  const video = new CanvasSource(frames.canvas, { codec, quality: QUALITY_HIGH, keyFrameInterval: 2, latencyMode: 'quality', hardwareAcceleration: 'prefer-software' });
  output.addVideoTrack(video, { frameRate: settings.fps });
  const cues = videoSubtitles(frames.recording, frames.span);
  const subtitles = toWebVtt(cues);
  const subtitleSource = cues.length > 0 ? new TextSubtitleSource('webvtt') : null;
  if (subtitleSource) output.addSubtitleTrack(subtitleSource, { languageCode: 'eng', name: 'Narration' });
  await output.start();
  let encodeMs = 0;
  try {
    if (subtitleSource) {
      await subtitleSource.add(subtitles);
      subtitleSource.close();
    }
    for (let i = 0; i < frames.count; i++) {
      if (options.signal?.aborted) throw new ExportCancelled();
      frames.draw(i);
      const t1 = performance.now();
      await video.add(i / settings.fps, 1 / settings.fps);
      encodeMs += performance.now() - t1;
      options.onProgress?.({ frame: i + 1, frames: frames.count });
    }
    video.close();
    await output.finalize();
  } catch (error) {
    await output.cancel().catch(() => undefined);
    throw error;
  } finally {
    frames.dispose();
  }
  const buffer = (output.target as BufferTarget).buffer;
  if (!buffer) throw new Error('export: the muxer produced no data');
  return { bytes: new Uint8Array(buffer), frames: frames.count, codec, mimeType: 'video/webm', subtitles, timing: { renderMs: frames.renderMs, encodeMs } };
}

/** The codec asked for (VP9 by default) if the browser can encode it at this size, else the other one. */
async function pickCodec(settings: VideoSettings): Promise<'vp9' | 'vp8'> {
  const all: Array<['vp9' | 'vp8', string]> = [['vp9', 'vp09.00.10.08'], ['vp8', 'vp8']];
  const configs = settings.codec === 'vp8' ? all.reverse() : all;
  for (const [name, codec] of configs) {
    const support = await VideoEncoder.isConfigSupported({ codec, width: settings.width, height: settings.height, framerate: settings.fps }).catch(() => null);
    if (support?.supported) return name;
  }
  throw new Error('export: this browser cannot encode VP9 or VP8 video (WebCodecs VideoEncoder)');
}
