import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_EXPORT, parseFps, parsePosition, parseSize } from '../../src/recording/frame-plan';
import { formatRecording, parseRecording, PlaybackTimeline, resolveRecordingLesson } from '../../src/recording';
import type { VideoSettings } from '../../renderer/export/frame-source';
import { expectPositionals, parseArgs } from '../args';
import { UsageError, type CliCommand, type CliIo } from '../command';
import { CHROMIUM_PATH } from '../chromium';
import { readTextFile, resolvePath } from '../files';
import type { VideoFormat } from '../export/ffmpeg-args';
import { FFMPEG_PATH } from '../export/ffmpeg-process';
import { progressLine, throttled } from '../export/progress';
import { RenderCancelled, renderVideo, type EncodePath } from '../export/render-video';
import { MAX_RECORDING_BYTES } from './replay';

const USAGE =
  'isolab export-video <recording.ndjson> -o out.webm|out.mp4 [--format webm|mp4] [--size WxH] [--fps N] [--from T] [--to T] [--codec vp8|vp9] [--title-card] [--subtitles FILE.vtt] [--no-captions] [--theme dark|projector] [--reduced-motion] [--in-page] [--json]';
const FLAGS = {
  output: 'string',
  format: 'string',
  size: 'string',
  fps: 'string',
  from: 'string',
  to: 'string',
  codec: 'string',
  subtitles: 'string',
  'title-card': 'boolean',
  theme: 'string',
  'reduced-motion': 'boolean',
  'no-captions': 'boolean',
  'in-page': 'boolean',
  json: 'boolean',
  dist: 'string',
} as const;
const DEFAULT_DIST = fileURLToPath(new URL('../../dist-web/', import.meta.url));

/** Where a run can be cancelled from: SIGINT for the real CLI, an AbortSignal for tests. */
export interface ExportVideoOptions {
  signal?: AbortSignal;
  /** A live status line (the terminal's progress bar); absent when stderr is not a terminal. */
  status?: (line: string) => void;
}

/**
 * `isolab export-video`: renders a recording to a training video headless. The built browser app
 * draws the frames in Chromium (same views as the app); ffmpeg encodes them (VP9 WebM by default,
 * H.264 MP4 with --format mp4) with the recording's chapters and its narration as a subtitle
 * track. Without ffmpeg (or with --in-page) the page encodes with WebCodecs, slower.
 */
export const exportVideoCommand: CliCommand = {
  name: 'export-video',
  summary: 'render a recording to a video (WebM VP9, or MP4 H.264) with chapters and narration subtitles',
  usage: USAGE,
  run: (args, io) => {
    // Ctrl-C cancels cleanly (no half-written file) instead of killing the process mid-write.
    const controller = new AbortController();
    const onSigint = (): void => controller.abort();
    process.once('SIGINT', onSigint);
    return runExportVideo(args, io, { signal: controller.signal, status: io.status?.bind(io) }).finally(() => process.off('SIGINT', onSigint));
  },
};

export async function runExportVideo(rawArgs: string[], io: CliIo, options: ExportVideoOptions = {}): Promise<number> {
  // `-o` is the conventional spelling; the shared parser only knows long options.
  const args = rawArgs.map((a) => (a === '-o' ? '--output' : a));
  const parsed = parseArgs(args, FLAGS, 'export-video');
  const [file] = expectPositionals(parsed, 1, USAGE) as [string];
  const outArg = parsed.values.get('output');
  if (outArg === undefined) throw new UsageError(`export-video: -o FILE.webm is required\nusage: ${USAGE}`);
  const json = parsed.switches.has('json');
  const settings = readSettings(parsed.values, !parsed.switches.has('no-captions'), parsed.switches.has('title-card'));
  const format = readFormat(parsed.values.get('format'), outArg);
  const codec = settings.codec ?? 'vp9';
  if (format === 'mp4' && settings.codec !== undefined) throw new UsageError('export-video: --codec is for WebM (VP9/VP8); MP4 is always H.264');
  const theme = readTheme(parsed.values.get('theme'));
  const subtitlesArg = parsed.values.get('subtitles');
  if (subtitlesArg !== undefined && !subtitlesArg.endsWith('.vtt')) throw new UsageError('export-video: --subtitles: expected a FILE.vtt path');

  const read = await readTextFile(io.cwd, file, MAX_RECORDING_BYTES);
  if (!read.ok) throw new UsageError(`export-video: ${file}: ${read.error}`);
  const parsedRecording = parseRecording(read.text, file);
  const recording = parsedRecording.recording;
  if (!recording || (parsedRecording.error && recording.lines.length === 0)) throw new UsageError(parsedRecording.error?.message ?? `${file}: not a recording`);
  // A recording cut short (the app crashed, the disk filled) still has a valid prefix worth watching.
  const text = parsedRecording.error ? formatRecording(recording) : read.text;
  if (parsedRecording.error) io.err(`export-video: warning: ${parsedRecording.error.message}; exporting the valid prefix (${recording.lines.length} lines)`);
  const resolved = resolveRecordingLesson(recording);
  if (!resolved.ok) throw new UsageError(`${file}:${resolved.error.line}: ${resolved.error.message}`);
  const duration = new PlaybackTimeline(recording).duration;
  if (duration <= settings.fromMs && (settings.toMs === undefined || parsedRecording.error)) throw new UsageError(`export-video: --from is past the end of the recording (${Math.round(duration)} ms)`);
  if (settings.toMs !== undefined && settings.toMs > duration && parsedRecording.error) settings.toMs = Math.max(settings.fromMs + 1, duration);

  const dist = resolvePath(io.cwd, parsed.values.get('dist') ?? DEFAULT_DIST);
  const page = ['export/export.html', 'index.html'].find((p) => existsSync(`${dist}/${p}`));
  if (!page) throw new UsageError(`export-video: no built browser app in ${dist}; run \`npm run web:build\` first`);
  if (!existsSync(CHROMIUM_PATH)) throw new UsageError(`export-video: needs Chromium at ${CHROMIUM_PATH} (Debian package "chromium")`);
  let path: EncodePath = parsed.switches.has('in-page') ? 'in-page' : 'ffmpeg';
  if (path === 'ffmpeg' && !existsSync(FFMPEG_PATH)) {
    if (format === 'mp4') throw new UsageError(`export-video: --format mp4 needs ffmpeg at ${FFMPEG_PATH} (Debian package "ffmpeg")`);
    io.err(`export-video: warning: no ffmpeg at ${FFMPEG_PATH}; encoding in the page (slower, no chapters)`);
    path = 'in-page';
  }
  if (path === 'in-page' && format === 'mp4') throw new UsageError('export-video: --in-page writes WebM only; MP4 needs ffmpeg');

  const started = performance.now();
  const show = json ? undefined : options.status;
  const redraw = show ? throttled(show) : undefined;
  let firstFrameAt: number | undefined;
  try {
    const summary = await renderVideo({
      text,
      recording,
      lessonTitle: resolved.lesson.title,
      settings,
      format,
      codec,
      path,
      output: resolvePath(io.cwd, outArg),
      subtitlesFile: subtitlesArg === undefined ? undefined : resolvePath(io.cwd, subtitlesArg),
      dist,
      // Always explicit, so the video never depends on the machine's settings (prefers-reduced-motion).
      page: `${page}?theme=${theme}&motion=${parsed.switches.has('reduced-motion') ? 'reduced' : 'full'}`,
      signal: options.signal,
      // Speed and ETA count from the first frame: Chromium's start-up is not the export's pace.
      onProgress: redraw && ((frame, frames) => redraw(progressLine(frame, frames, performance.now() - (firstFrameAt ??= performance.now()), settings.fps), frame === frames)),
    });
    if (show) show('');
    const seconds = (performance.now() - started) / 1000;
    const speed = summary.videoSeconds / summary.exportSeconds;
    const report = {
      output: outArg,
      format,
      path: summary.path,
      frames: summary.frames,
      codec: summary.codec,
      bytes: summary.bytes,
      width: settings.width,
      height: settings.height,
      fps: settings.fps,
      chapters: summary.chapters,
      subtitles: summary.subtitles,
      seconds: round2(seconds),
      exportSeconds: round2(summary.exportSeconds),
      drawSeconds: round2(summary.drawSeconds),
      realTime: round2(speed),
    };
    io.out(
      json
        ? JSON.stringify(report)
        : `${outArg}: ${summary.frames} frames, ${settings.width}×${settings.height} at ${settings.fps} fps, ${summary.codec.toUpperCase()}, ${summary.chapters} chapters, ${summary.subtitles} subtitles, ${summary.bytes} bytes (${seconds.toFixed(1)} s, ${speed.toFixed(1)}× real time)`,
    );
    return 0;
  } catch (error) {
    if (show) show('');
    if (error instanceof RenderCancelled) {
      io.err('export-video: cancelled; no video written');
      return 130;
    }
    // Errors from the page (a bad lesson, an encoder refusal) come back as text: show the message.
    const message = (error as Error).message.replace(/^page\.evaluate: (Error: )?/, '').split('\n')[0] ?? 'export failed';
    io.err(`export-video: ${message}`);
    return 2;
  }
}

const round2 = (n: number): number => Number(n.toFixed(2));

function readTheme(text: string | undefined): 'dark' | 'projector' {
  if (text === undefined) return 'dark';
  if (text !== 'dark' && text !== 'projector') throw new UsageError(`export-video: --theme: expected dark or projector, got ${JSON.stringify(text.slice(0, 20))}`);
  return text;
}

function readFormat(text: string | undefined, output: string): VideoFormat {
  if (text === undefined) return output.toLowerCase().endsWith('.mp4') ? 'mp4' : 'webm';
  if (text !== 'webm' && text !== 'mp4') throw new UsageError(`export-video: --format: expected webm or mp4, got ${JSON.stringify(text.slice(0, 20))}`);
  return text;
}

function readSettings(values: Map<string, string>, captions: boolean, titleCard: boolean): VideoSettings {
  const settings: VideoSettings = { ...DEFAULT_EXPORT, fromMs: 0, captions, titleCard };
  const size = values.get('size');
  if (size !== undefined) {
    const parsed = parseSize(size);
    if (!parsed.ok) throw new UsageError(`export-video: --size: ${parsed.error}`);
    settings.width = parsed.width;
    settings.height = parsed.height;
  }
  const fps = values.get('fps');
  if (fps !== undefined) {
    const parsed = parseFps(fps);
    if (!parsed.ok) throw new UsageError(`export-video: --fps: ${parsed.error}`);
    settings.fps = parsed.fps;
  }
  for (const key of ['from', 'to'] as const) {
    const text = values.get(key);
    if (text === undefined) continue;
    const parsed = parsePosition(text);
    if (!parsed.ok) throw new UsageError(`export-video: --${key}: ${parsed.error}`);
    if (key === 'from') settings.fromMs = parsed.ms;
    else settings.toMs = parsed.ms;
  }
  const codec = values.get('codec');
  if (codec !== undefined) {
    if (codec !== 'vp8' && codec !== 'vp9') throw new UsageError(`export-video: --codec: expected vp8 or vp9, got ${JSON.stringify(codec.slice(0, 20))}`);
    settings.codec = codec;
  }
  if (settings.toMs !== undefined && settings.toMs <= settings.fromMs) throw new UsageError('export-video: --to must come after --from');
  return settings;
}
