import { mkdtemp, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Recording } from '../../src/recording';
import { PlaybackTimeline } from '../../src/recording';
import type { VideoSettings } from '../../renderer/export/frame-source';
import { toFfmetadata, toWebVtt, videoChapters, videoSpan, videoSubtitles } from '../../renderer/export/timed-text';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium';
import { serveStatic } from '../web-server';
import { ffmpegArgs, type VideoFormat } from './ffmpeg-args';
import { FfmpegProcess } from './ffmpeg-process';
import { FRAME_PATH, FrameIntake } from './frame-intake';
import { MatroskaFrames } from './matroska-stream';

export type EncodePath = 'ffmpeg' | 'in-page';

/**
 * The ffmpeg path draws with Pixi's Canvas 2D renderer and these flags keep that canvas (and the
 * page's compositing) in software Skia in the renderer process: measured on 2 cores, 720p frames
 * then cost a few ms of CPU instead of ~150 ms of SwiftShader work in Chromium's GPU process.
 */
const SOFTWARE_2D_ARGS: readonly string[] = ['--disable-accelerated-2d-canvas', '--disable-gpu-compositing'];

export interface RenderRequest {
  /** The recording's text as handed to the page (a damaged file's valid prefix, re-serialised). */
  text: string;
  recording: Recording;
  lessonTitle: string;
  settings: VideoSettings;
  format: VideoFormat;
  codec: 'vp9' | 'vp8';
  path: EncodePath;
  /** Absolute path of the video; written under a temporary name beside it, renamed when complete. */
  output: string;
  /** Absolute path of the WebVTT side file, when asked for. */
  subtitlesFile?: string;
  /** The built web app and the page in it that has the export hook, with its query (`?theme=…&motion=…`). */
  dist: string;
  page: string;
  signal?: AbortSignal;
  onProgress?: (frame: number, frames: number) => void;
}

export interface RenderSummary {
  frames: number;
  bytes: number;
  codec: string;
  path: EncodePath;
  chapters: number;
  subtitles: number;
  /** Video length, seconds. */
  videoSeconds: number;
  /** From the page's first frame to the finished file (no browser start-up), seconds. */
  exportSeconds: number;
  /** Time the page spent drawing, seconds. */
  drawSeconds: number;
}

/** Frame i's time in the encoder's input, whole ms (the `fps` filter puts it back in slot i). */
export const frameMs = (index: number, fps: number): number => Math.round((index * 1000) / fps);

/** Thrown when the signal aborts (Ctrl-C, a test's cancel): nothing is left under the output name. */
export class RenderCancelled extends Error {
  constructor() {
    super('export cancelled');
  }
}

/**
 * Renders a recording to a video file headless: serves the built app on 127.0.0.1, opens its
 * export page in Chromium and either (ffmpeg path) lets the page POST the frames that changed, as PNGs, into an
 * ffmpeg child with the chapters and narration subtitles muxed in, or (in-page path) lets the page
 * encode with WebCodecs. The file is written as `.NAME.PID.partial` in the output's folder and
 * renamed only once complete, so a cancel or a crash never leaves a half-written video under the
 * final name.
 */
export async function renderVideo(request: RenderRequest): Promise<RenderSummary> {
  const { settings, signal } = request;
  const duration = new PlaybackTimeline(request.recording).duration;
  const span = videoSpan(duration, settings, request.lessonTitle);
  const chapters = videoChapters(request.recording, span);
  const cues = videoSubtitles(request.recording, span);
  const temp = join(dirname(request.output), `.${basename(request.output)}.${process.pid}.partial`);
  const work = await mkdtemp(join(tmpdir(), 'isolab-video-'));
  const cleanups: Array<() => Promise<unknown>> = [() => rm(work, { recursive: true, force: true })];
  let cancelled = false;
  const onAbort = (): void => {
    cancelled = true;
    // Closing the browser and killing ffmpeg makes every pending step fail fast.
    void Promise.allSettled(cleanups.slice(1).map((c) => c()));
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  let renamed = false;
  try {
    if (signal?.aborted) throw new RenderCancelled();
    let ffmpeg: FfmpegProcess | null = null;
    let intake: FrameIntake | null = null;
    if (request.path === 'ffmpeg') {
      const metadataFile = join(work, 'chapters.ffmeta');
      await writeFile(metadataFile, toFfmetadata(chapters, request.lessonTitle));
      const subtitlesFile = cues.length > 0 ? join(work, 'narration.vtt') : undefined;
      if (subtitlesFile) await writeFile(subtitlesFile, toWebVtt(cues));
      const encoder = new FfmpegProcess(ffmpegArgs({ fps: settings.fps, format: request.format, codec: request.codec, metadataFile, subtitlesFile, output: temp }));
      ffmpeg = encoder;
      cleanups.push(() => encoder.kill());
      const stream = new MatroskaFrames(settings.width, settings.height);
      const writer = { write: (index: number, png: Buffer) => encoder.write(Buffer.concat(stream.frame(frameMs(index, settings.fps), png))) };
      intake = new FrameIntake(writer, span.frames, (n) => request.onProgress?.(n, span.frames));
    }
    const server = await serveStatic(request.dist, intake?.route);
    const { chromium } = await import('playwright-core');
    if (cancelled) throw new RenderCancelled();
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...(request.path === 'ffmpeg' ? SOFTWARE_2D_ARGS : [])], headless: true });
    // Browser first: its keep-alive connections would hold the server open.
    cleanups.push(() => browser.close().then(() => server.close()));
    if (cancelled) throw new RenderCancelled();
    const tab = await browser.newPage({ viewport: { width: 800, height: 600 } });
    if (request.path === 'in-page') await tab.exposeFunction('__isolabExportProgress', (p: { frame: number; frames: number }) => request.onProgress?.(p.frame, p.frames));
    await tab.goto(`${server.url}/${request.page}`);
    await tab.waitForFunction(() => typeof window.__isolabExportFrames === 'function', undefined, { timeout: 60_000 });
    const started = performance.now();
    let drawMs: number;
    let codec: string;
    if (ffmpeg && intake) {
      const frameIntake = intake;
      const result = await tab
        .evaluate(([text, s, endpoint]) => (window.__isolabExportFrames as NonNullable<typeof window.__isolabExportFrames>)(text, s, endpoint), [request.text, { ...settings, renderer: 'canvas' as const }, `${server.url}${FRAME_PATH}`] as const)
        .catch((error: unknown) => {
          frameIntake.fail(error as Error);
          // A page error caused by ffmpeg dying says less than ffmpeg does: prefer its message.
          throw ffmpeg.exitError ?? error;
        });
      await ffmpeg.finish();
      if (frameIntake.written !== span.frames) throw new Error(`export: ${frameIntake.written} of ${span.frames} frames reached the encoder`);
      drawMs = result.renderMs;
      codec = request.format === 'mp4' ? 'h264' : request.codec;
    } else {
      const result = await tab.evaluate(([text, s]) => (window.__isolabExport as NonNullable<typeof window.__isolabExport>)(text, s), [request.text, { ...settings, codec: request.codec }] as const);
      await writeFile(temp, Buffer.from(result.base64, 'base64'));
      drawMs = result.renderMs;
      codec = result.codec;
    }
    const exportSeconds = (performance.now() - started) / 1000;
    if (cancelled) throw new RenderCancelled();
    if (request.subtitlesFile) {
      const sideTemp = join(dirname(request.subtitlesFile), `.${basename(request.subtitlesFile)}.${process.pid}.partial`);
      await writeFile(sideTemp, toWebVtt(cues));
      await rename(sideTemp, request.subtitlesFile);
    }
    await rename(temp, request.output);
    renamed = true;
    const bytes = (await stat(request.output)).size;
    return {
      frames: span.frames,
      bytes,
      codec,
      path: request.path,
      chapters: request.path === 'ffmpeg' ? chapters.length : 0,
      subtitles: cues.length,
      videoSeconds: span.durationMs / 1000,
      exportSeconds,
      drawSeconds: drawMs / 1000,
    };
  } catch (error) {
    if (cancelled || signal?.aborted) throw new RenderCancelled();
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await Promise.allSettled(cleanups.map((c) => c()));
    if (!renamed) await unlink(temp).catch(() => undefined);
  }
}
