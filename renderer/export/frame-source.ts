import { Application, Container } from 'pixi.js';
import type { Lesson } from '../../src/lessons/schema';
import type { HostStatus } from '../../src/protocol/replies';
import { parseRecording, RecordingPlayer, resolveRecordingLesson, type PlaybackPoint, type Recording } from '../../src/recording';
import { planFrames, type ExportSettings } from '../../src/recording/frame-plan';
import { tenantColor, UI } from '../palette';
import { VIEW_FACTORIES } from '../views';
import type { LabView, ViewId } from '../views/view';
import { captionBand, drawCaption, type CaptionBand, type CaptionContent } from './captions';
import { playbackStatus, stepFocusAt } from './playback-status';
import { sameSignature, sceneSignature } from './scene-signature';
import { videoSpan, type VideoSpan } from './timed-text';
import { drawTitleCard, titleCardDate } from './title-card';

/** Export settings plus what only a training video adds. */
export interface VideoSettings extends ExportSettings {
  /** Open with a card naming the lesson and the recording's date. */
  titleCard?: boolean;
  /**
   * Pixi's renderer for the frames. `webgl` (default) is what the app uses; headless, WebGL is
   * SwiftShader in Chromium's GPU process at ~150 ms of CPU per changed 720p frame, so
   * `isolab export-video` draws with Pixi's Canvas 2D renderer instead (software Skia, a few ms).
   */
  renderer?: 'webgl' | 'canvas';
}

/**
 * The frames of a video, drawn one at a time into one canvas: the title card (when asked for),
 * then the recorded view at each frame's playback instant with its caption in a band of its own
 * below the view. Nothing reads a clock: the frame index decides the instant, so one recording
 * gives the same frames every time, whichever encoder takes them.
 */
export interface FrameSource {
  readonly count: number;
  readonly canvas: OffscreenCanvas;
  /** The canvas's CPU-backed 2D context (read back to compare frames). */
  readonly context: OffscreenCanvasRenderingContext2D;
  readonly lesson: Lesson;
  readonly recording: Recording;
  readonly span: VideoSpan;
  /** Draws frame i into the canvas; false when its pixels are those of frame i - 1 (nothing was drawn). */
  draw(i: number): boolean;
  /** Time spent drawing (reported only; frames never depend on it). */
  readonly renderMs: number;
  dispose(): void;
}

export async function openFrameSource(text: string, settings: VideoSettings): Promise<FrameSource> {
  const parsed = parseRecording(text, 'recording');
  if (!parsed.recording) throw new Error(parsed.error?.message ?? 'not a recording');
  const recording = parsed.recording;
  const resolved = resolveRecordingLesson(recording);
  if (!resolved.ok) throw new Error(`recording:${resolved.error.line}: ${resolved.error.message}`);
  const lesson = resolved.lesson;
  const player = new RecordingPlayer(recording, lesson);
  const plan = planFrames(player.duration, settings);
  const span: VideoSpan & { titleFrames: number; frames: number } = videoSpan(player.duration, settings, lesson.title);
  const { titleFrames, frames: count } = span;

  const canvas = new OffscreenCanvas(settings.width, settings.height);
  // CPU-backed: every frame is read back (PNG for ffmpeg, or the WebCodecs encoder), and
  // SwiftShader makes GPU readback slow.
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('export: no 2D canvas');
  const band: CaptionBand = settings.captions ? captionBand(ctx, settings.width, settings.height, markerCaptions(recording)) : { height: 0, size: 0, pad: 0 };
  const viewHeight = settings.height - band.height;
  if (viewHeight < settings.height / 3) throw new Error(`export: ${settings.width}×${settings.height} is too small for the narration's captions; use a larger --size or --no-captions`);

  const app = new Application();
  await app.init({
    width: settings.width,
    height: viewHeight,
    preference: settings.renderer ?? 'webgl',
    autoStart: false,
    sharedTicker: false,
    antialias: false,
    resolution: 1,
    background: UI.background,
    preserveDrawingBuffer: true,
  });
  app.ticker.stop();
  const scene = new ViewScene(app, lesson, settings.width, viewHeight);
  let lastCaption: string | null = null;
  let lastScene: number[] | null = null;
  let renderMs = 0;

  const draw = (i: number): boolean => {
    if (i < titleFrames) {
      if (i > 0) return false;
      drawTitleCard(ctx, settings.width, settings.height, lesson.title, titleCardDate(recording.header.createdAt));
      return true;
    }
    const first = i === titleFrames;
    const move = player.seek(plan.playbackMs(i - titleFrames));
    const t0 = performance.now();
    let changed = scene.show(move.point, move.state, move.patches, playbackStatus(lesson, recording.header, move.point, move.state));
    const marker = settings.captions ? move.point.marker : null;
    const captionKey = marker ? `${marker.label}\n${marker.narration}` : '';
    // Views are updated whenever the clock moves, but most updates leave the scene as it was (the
    // host view has no clock): an unchanged scene draws the same pixels, so skip the render and the copy.
    if (changed) {
      const signature = sceneSignature(app.stage);
      changed = !sameSignature(lastScene, signature);
      lastScene = signature;
    }
    if (changed || first) {
      app.renderer.render(app.stage);
      ctx.drawImage(app.canvas, 0, 0);
    }
    // The caption has its own band, so it is repainted only when it changes.
    const captionChanged = first || captionKey !== lastCaption;
    if (captionChanged) drawCaption(ctx, settings.width, settings.height, band, marker);
    lastCaption = captionKey;
    renderMs += performance.now() - t0;
    return changed || first || captionChanged;
  };

  return {
    count,
    canvas,
    context: ctx,
    lesson,
    recording,
    span,
    draw,
    get renderMs() {
      return renderMs;
    },
    dispose() {
      scene.dispose();
      app.destroy(true, { children: true });
    },
  };
}

function markerCaptions(recording: Recording): CaptionContent[] {
  return recording.lines.flatMap((line) => (line.kind === 'marker' ? [{ label: line.label, narration: line.narration }] : []));
}

/** The one view shown, remounted when the recorded view changes. */
class ViewScene {
  private view: LabView | null = null;
  private root: Container | null = null;
  private viewId: ViewId | null = null;
  private focusKey = '';
  private simTime = -1;

  constructor(private readonly app: Application, private readonly lesson: Lesson, private readonly width: number, private readonly height: number) {}

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
      view.resize(this.width, this.height);
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
