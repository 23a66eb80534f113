import { Application, Container } from 'pixi.js';
import { BufferTarget, CanvasSource, Output, QUALITY_HIGH, WebMOutputFormat } from 'mediabunny';
import type { Lesson } from '../../src/lessons/schema';
import type { HostStatus } from '../../src/protocol/replies';
import { playbackStatus, stepFocusAt } from './playback-status';
import { parseRecording, RecordingPlayer, resolveRecordingLesson, type PlaybackPoint } from '../../src/recording';
import { tenantColor, UI } from '../palette';
import { VIEW_FACTORIES } from '../views';
import type { LabView, ViewId } from '../views/view';
import { drawCaption } from './captions';
import { planFrames, type ExportSettings } from '../../src/recording/frame-plan';

export interface ExportProgress {
  frame: number;
  frames: number;
}

export interface ExportResult {
  bytes: Uint8Array;
  frames: number;
  codec: 'vp9' | 'vp8';
  mimeType: string;
  timing: { renderMs: number; encodeMs: number };
}

/** Thrown when the user cancels; the partial output is discarded. */
export class ExportCancelled extends Error {
  constructor() {
    super('export cancelled');
  }
}

/**
 * Renders a recording to WebM, frame by frame, in the page: an offscreen Pixi application draws the
 * recorded view at each frame's playback instant (the player seeks the simulation there), captions
 * are painted over it, and mediabunny's CanvasSource encodes each frame with WebCodecs. Nothing
 * reads a clock: the frame index decides the instant, so one recording gives the same frames.
 */
export async function exportRecording(text: string, settings: ExportSettings, options: { onProgress?: (p: ExportProgress) => void; signal?: AbortSignal } = {}): Promise<ExportResult> {
  const parsed = parseRecording(text, 'recording');
  if (!parsed.recording) throw new Error(parsed.error?.message ?? 'not a recording');
  const recording = parsed.recording;
  const resolved = resolveRecordingLesson(recording);
  if (!resolved.ok) throw new Error(`recording:${resolved.error.line}: ${resolved.error.message}`);
  const lesson = resolved.lesson;
  const player = new RecordingPlayer(recording, lesson);
  const plan = planFrames(player.duration, settings);
  const codec = await pickCodec(settings);

  const app = new Application();
  await app.init({
    width: settings.width,
    height: settings.height,
    preference: 'webgl',
    autoStart: false,
    sharedTicker: false,
    antialias: false,
    resolution: 1,
    background: UI.background,
    preserveDrawingBuffer: true,
  });
  app.ticker.stop();
  const canvas = new OffscreenCanvas(settings.width, settings.height);
  // CPU-backed: every frame is read back for the encoder, and SwiftShader makes GPU readback slow.
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('export: no 2D canvas');
  const output = new Output({ format: new WebMOutputFormat(), target: new BufferTarget() });
  const source = new CanvasSource(canvas, { codec, quality: QUALITY_HIGH, keyFrameInterval: 2, latencyMode: 'quality', hardwareAcceleration: 'prefer-software' });
  output.addVideoTrack(source, { frameRate: settings.fps });
  await output.start();

  const scene = new ViewScene(app, lesson, settings);
  let lastCaption: string | null = null;
  // Reported only (where an export spends its time); nothing drawn depends on it.
  const timing = { renderMs: 0, encodeMs: 0 };
  try {
    for (let i = 0; i < plan.count; i++) {
      if (options.signal?.aborted) throw new ExportCancelled();
      const move = player.seek(plan.playbackMs(i));
      const t0 = performance.now();
      const changed = scene.show(move.point, move.state, move.patches, playbackStatus(lesson, recording.header, move.point, move.state));
      const marker = settings.captions ? move.point.marker : null;
      // An unchanged scene and caption draw the same pixels: skip the (software) WebGL render.
      const captionKey = marker ? `${marker.label}\n${marker.narration}` : '';
      if (changed || i === 0 || captionKey !== lastCaption) {
        app.renderer.render(app.stage);
        ctx.drawImage(app.canvas, 0, 0);
        if (marker) drawCaption(ctx, settings.width, settings.height, marker.label, marker.narration);
        lastCaption = captionKey;
      }
      const t1 = performance.now();
      await source.add(plan.timestamp(i), plan.frameDuration);
      timing.renderMs += t1 - t0;
      timing.encodeMs += performance.now() - t1;
      options.onProgress?.({ frame: i + 1, frames: plan.count });
    }
    source.close();
    await output.finalize();
  } catch (error) {
    await output.cancel().catch(() => undefined);
    throw error;
  } finally {
    scene.dispose();
    app.destroy(true, { children: true });
  }
  const buffer = (output.target as BufferTarget).buffer;
  if (!buffer) throw new Error('export: the muxer produced no data');
  return { bytes: new Uint8Array(buffer), frames: plan.count, codec, mimeType: 'video/webm', timing };
}

/** The codec asked for (VP9 by default) if the browser can encode it at this size, else the other one. */
async function pickCodec(settings: ExportSettings): Promise<'vp9' | 'vp8'> {
  const all: Array<['vp9' | 'vp8', string]> = [['vp9', 'vp09.00.10.08'], ['vp8', 'vp8']];
  const configs = settings.codec === 'vp8' ? all.reverse() : all;
  for (const [name, codec] of configs) {
    const support = await VideoEncoder.isConfigSupported({ codec, width: settings.width, height: settings.height, framerate: settings.fps }).catch(() => null);
    if (support?.supported) return name;
  }
  throw new Error('export: this browser cannot encode VP9 or VP8 video (WebCodecs VideoEncoder)');
}

/** The one view shown, remounted when the recorded view changes. */
class ViewScene {
  private view: LabView | null = null;
  private root: Container | null = null;
  private viewId: ViewId | null = null;
  private focusKey = '';
  private simTime = -1;

  constructor(private readonly app: Application, private readonly lesson: Lesson, private readonly settings: ExportSettings) {}

  /** Brings the view to this point; returns whether anything it draws may have changed. */
  show(point: PlaybackPoint, state: Parameters<LabView['update']>[0], patches: Parameters<LabView['update']>[1], status: HostStatus): boolean {
    let changed = patches.length > 0;
    // A recording made in the app has no focus lines: the lesson step's focus is what it showed.
    const stepFocus = stepFocusAt(this.lesson, point.simTime);
    const wanted = viewIdOf(point.view) ?? viewIdOf(stepFocus?.view ?? null) ?? viewIdOf(this.lesson.steps.find((s) => s.focus)?.focus?.view ?? null) ?? 'host';
    const focus = point.focus.length > 0 ? point.focus : (stepFocus?.entities ?? []);
    if (wanted !== this.viewId || !this.view) {
      this.dispose();
      const view = VIEW_FACTORIES[wanted]();
      const root = new Container({ label: `export:${wanted}` });
      this.app.stage.addChild(root);
      view.mount(root, state, this.lesson, { select: () => {}, seekEvent: () => {}, input: () => {}, tenantColor, ticker: this.app.ticker });
      view.resize(this.settings.width, this.settings.height);
      this.view = view;
      this.root = root;
      this.viewId = wanted;
      this.focusKey = '';
      view.update(state, [], status);
      changed = true;
    } else if (patches.length > 0 || status.simTime !== this.simTime) {
      // Some views move with the clock itself (rings follows status.simTime), not only with events.
      this.view.update(state, patches, status);
      changed = true;
    }
    this.simTime = status.simTime;
    const key = focus.join('\n');
    if (key !== this.focusKey) {
      this.focusKey = key;
      this.view.highlight(focus);
      changed = true;
    }
    return changed;
  }

  dispose(): void {
    this.view?.unmount();
    this.root?.destroy({ children: true });
    this.view = null;
    this.root = null;
    this.viewId = null;
  }
}

function viewIdOf(id: string | null): ViewId | null {
  return id !== null && id in VIEW_FACTORIES ? (id as ViewId) : null;
}
