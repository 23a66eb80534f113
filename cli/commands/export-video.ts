import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DEFAULT_EXPORT, parseFps, parsePosition, parseSize, type ExportSettings } from '../../src/recording/frame-plan';
import { parseRecording, PlaybackTimeline } from '../../src/recording';
import { expectPositionals, parseArgs } from '../args';
import { UsageError, type CliCommand } from '../command';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium';
import { readTextFile, resolvePath } from '../files';
import { serveStatic } from '../web-server';
import { MAX_RECORDING_BYTES } from './replay';

const USAGE = 'isolab export-video <recording.ndjson> -o out.webm [--size WxH] [--fps N] [--from T] [--to T] [--codec vp8|vp9] [--no-captions] [--json]';
const FLAGS = { output: 'string', size: 'string', fps: 'string', from: 'string', to: 'string', codec: 'string', 'no-captions': 'boolean', json: 'boolean', dist: 'string' } as const;
const DEFAULT_DIST = fileURLToPath(new URL('../../dist-web/', import.meta.url));

/**
 * `isolab export-video`: renders a recording to WebM through the built browser app in headless
 * Chromium. The page does the work (same views, same exporter as the app's Export button); this
 * command serves dist-web on 127.0.0.1, hands the recording in and writes the bytes it gets back.
 */
export const exportVideoCommand: CliCommand = {
  name: 'export-video',
  summary: 'render a recording to a WebM video (VP9/VP8) headless, frame by frame',
  usage: USAGE,
  async run(rawArgs, io) {
    // `-o` is the conventional spelling; the shared parser only knows long options.
    const args = rawArgs.map((a) => (a === '-o' ? '--output' : a));
    const parsed = parseArgs(args, FLAGS, 'export-video');
    const [file] = expectPositionals(parsed, 1, USAGE) as [string];
    const outArg = parsed.values.get('output');
    if (outArg === undefined) throw new UsageError(`export-video: -o FILE.webm is required\nusage: ${USAGE}`);
    const settings = readSettings(parsed.values, !parsed.switches.has('no-captions'));

    const read = await readTextFile(io.cwd, file, MAX_RECORDING_BYTES);
    if (!read.ok) throw new UsageError(`export-video: ${file}: ${read.error}`);
    const recording = parseRecording(read.text, file);
    if (!recording.recording || recording.error) throw new UsageError(recording.error?.message ?? `${file}: not a recording`);
    const duration = new PlaybackTimeline(recording.recording).duration;
    if (settings.toMs === undefined && duration <= settings.fromMs) throw new UsageError(`export-video: --from is past the end of the recording (${Math.round(duration)} ms)`);

    const dist = resolvePath(io.cwd, parsed.values.get('dist') ?? DEFAULT_DIST);
    const page = ['export/export.html', 'index.html'].find((p) => existsSync(`${dist}/${p}`));
    if (!page) throw new UsageError(`export-video: no built browser app in ${dist}; run \`npm run web:build\` first`);
    if (!existsSync(CHROMIUM_PATH)) throw new UsageError(`export-video: needs Chromium at ${CHROMIUM_PATH} (Debian package "chromium")`);

    const started = Date.now();
    const server = await serveStatic(dist);
    // Loaded only here: every other isolab command starts without the browser driver.
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
    try {
      const tab = await browser.newPage({ viewport: { width: 800, height: 600 } });
      let lastShown = -1;
      await tab.exposeFunction('__isolabExportProgress', (p: { frame: number; frames: number }) => {
        const percent = Math.floor((p.frame / p.frames) * 10) * 10;
        if (!parsed.switches.has('json') && percent !== lastShown) {
          lastShown = percent;
          io.err(`export-video: ${p.frame}/${p.frames} frames (${percent}%)`);
        }
      });
      await tab.goto(`${server.url}/${page}`);
      await tab.waitForFunction(() => typeof window.__isolabExport === 'function', undefined, { timeout: 60_000 });
      const result = await tab.evaluate(([text, s]) => (window.__isolabExport as NonNullable<typeof window.__isolabExport>)(text, s), [read.text, settings] as const);
      const out = resolvePath(io.cwd, outArg);
      try {
        await writeFile(out, Buffer.from(result.base64, 'base64'));
      } catch (error) {
        throw new UsageError(`export-video: ${out}: cannot write (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      }
      const seconds = (Date.now() - started) / 1000;
      const summary = {
        output: outArg,
        frames: result.frames,
        codec: result.codec,
        bytes: result.bytes,
        width: settings.width,
        height: settings.height,
        fps: settings.fps,
        seconds: Number(seconds.toFixed(2)),
        pageSeconds: Number((result.elapsedMs / 1000).toFixed(2)),
        drawSeconds: Number((result.renderMs / 1000).toFixed(2)),
        encodeSeconds: Number((result.encodeMs / 1000).toFixed(2)),
      };
      io.out(parsed.switches.has('json') ? JSON.stringify(summary) : `${outArg}: ${result.frames} frames, ${settings.width}×${settings.height} at ${settings.fps} fps, ${result.codec.toUpperCase()}, ${result.bytes} bytes (${seconds.toFixed(1)} s)`);
      return 0;
    } catch (error) {
      if (error instanceof UsageError) throw error;
      // Errors from the page (a bad lesson, an encoder refusal) come back as text: show the message.
      const message = (error as Error).message.replace(/^page\.evaluate: (Error: )?/, '').split('\n')[0] ?? 'export failed';
      io.err(`export-video: ${message}`);
      return 2;
    } finally {
      await browser.close();
      await server.close();
    }
  },
};

function readSettings(values: Map<string, string>, captions: boolean): ExportSettings {
  const settings: ExportSettings = { ...DEFAULT_EXPORT, fromMs: 0, captions };
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
