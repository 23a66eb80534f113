import 'pixi.js/unsafe-eval';
import { Application, Container, RendererType } from 'pixi.js';
import type { Patch } from 'immer';
import type { Lesson } from '../src/lessons/schema';
import type { SimState } from '../src/model/state';
import type { HostStatus } from '../src/protocol/replies';
import { UI } from './palette';
import { VIEW_FACTORIES } from './views';
import { Camera, toScreen, type Box, type CameraPose } from './views/camera';
import { canvasTexts, type CanvasText } from './views/probe';
import { changedEntities, Pulses } from './views/pulse';
import type { EntityRef, LabView, ViewContext, ViewId } from './views/view';

export type RendererKind = 'webgl' | 'webgpu' | 'canvas';

/**
 * The Pixi application and the one active view. The canvas follows its container's size; views
 * are mounted into a fresh Container and get the frame's patches on every update.
 */
export class Stage {
  private view: LabView | null = null;
  private viewRoot: Container | null = null;
  private focus: readonly string[] = [];
  /** The active view's camera: framed on each step's focus; the user zooms and pans it. */
  readonly camera: Camera;
  /** Outlines on what the last events changed. */
  private readonly pulses = new Pulses();

  /** Called when a view throws: the shell shows it instead of freezing the UI. */
  onViewError: (view: ViewId, error: unknown) => void = () => {};

  private constructor(readonly app: Application, private readonly host: HTMLElement) {
    this.camera = new Camera(app.ticker);
    this.camera.resize(app.screen.width, app.screen.height);
  }

  private focusBoxesLocal(): Box[] {
    const boxes: Box[] = [];
    for (const id of this.focus) {
      const box = this.view?.boundsOf?.(id);
      if (box) boxes.push(box);
    }
    return boxes;
  }

  /** Frames the focused entities the view can locate (instantly after a resize). */
  private frameFocus(animate: boolean): void {
    if (this.view) this.camera.frame(this.focusBoxesLocal(), animate);
  }

  /** After frames change the layout, the camera follows the focus — checked at most every 200 ms. */
  private followPending = false;
  private followFocus(): void {
    if (this.followPending || this.focus.length === 0) return;
    this.followPending = true;
    setTimeout(() => {
      this.followPending = false;
      this.guard(() => this.camera.follow(this.focusBoxesLocal()));
    }, 200);
  }

  /** Wheel zooms about the pointer; dragging pans (a short move stays a click). */
  private listenForCameraInput(canvas: HTMLCanvasElement): void {
    canvas.addEventListener(
      'wheel',
      (event) => {
        event.preventDefault();
        const rect = canvas.getBoundingClientRect();
        this.camera.zoomBy(Math.exp(-event.deltaY * 0.0015), { x: event.clientX - rect.left, y: event.clientY - rect.top });
      },
      { passive: false },
    );
    let drag: { x: number; y: number; moved: boolean } | null = null;
    canvas.addEventListener('pointerdown', (event) => {
      if (event.button === 0) drag = { x: event.clientX, y: event.clientY, moved: false };
    });
    window.addEventListener('pointermove', (event) => {
      if (!drag) return;
      const dx = event.clientX - drag.x;
      const dy = event.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < 6) return;
      drag = { x: event.clientX, y: event.clientY, moved: true };
      this.camera.panBy(dx, dy);
    });
    window.addEventListener('pointerup', () => {
      drag = null;
    });
  }

  /** Views are built by different people at different times; one failing must not take the shell down. */
  private guard(action: () => void): void {
    try {
      action();
    } catch (error) {
      if (this.view) this.onViewError(this.view.id, error);
    }
  }

  static async create(host: HTMLElement): Promise<Stage> {
    const app = new Application();
    await app.init({
      preference: 'webgl',
      resizeTo: host,
      background: UI.background,
      antialias: true,
      autoDensity: true,
      resolution: Math.min(2, window.devicePixelRatio || 1),
    });
    app.canvas.setAttribute('aria-hidden', 'true');
    app.canvas.dataset.testid = 'stage-canvas';
    host.append(app.canvas);
    const stage = new Stage(app, host);
    stage.listenForCameraInput(app.canvas);
    // resizeTo follows window resizes; panels collapsing changes the container without one.
    new ResizeObserver(() => {
      app.resize();
      stage.camera.resize(app.screen.width, app.screen.height);
      stage.guard(() => {
        stage.view?.resize(app.screen.width, app.screen.height);
        stage.frameFocus(false);
        stage.pulses.redraw((id) => stage.view?.boundsOf?.(id) ?? null);
      });
    }).observe(host);
    return stage;
  }

  get rendererType(): RendererKind {
    const type = this.app.renderer.type;
    return type === RendererType.WEBGPU ? 'webgpu' : type === RendererType.WEBGL ? 'webgl' : 'canvas';
  }

  get activeViewId(): ViewId | null {
    return this.view?.id ?? null;
  }

  describe(state: SimState): string {
    try {
      return this.view?.describe(state) ?? '';
    } catch {
      return '';
    }
  }

  /** The active view's own description of an entity it selected, if it has one. */
  inspect(state: SimState, entity: EntityRef): Record<string, unknown> | undefined {
    try {
      return this.view?.inspect?.(state, entity);
    } catch {
      return undefined;
    }
  }

  /** Mounts a view (or remounts the current one after a snapshot or a new lesson). */
  show(id: ViewId, state: SimState, lesson: Lesson, ctx: Omit<ViewContext, 'ticker'>): void {
    this.unmount();
    const view = VIEW_FACTORIES[id]();
    const root = new Container({ label: `view:${id}` });
    this.app.stage.addChild(root);
    this.view = view;
    this.viewRoot = root;
    this.camera.resize(this.app.screen.width, this.app.screen.height);
    this.camera.attach(root, () => {
      const b = root.getLocalBounds();
      return b.width > 0 ? { x: Math.min(0, b.minX), y: Math.min(0, b.minY), width: b.maxX - Math.min(0, b.minX), height: b.maxY - Math.min(0, b.minY) } : null;
    });
    this.guard(() => {
      view.mount(root, state, lesson, { ...ctx, ticker: this.app.ticker });
      view.resize(this.app.screen.width, this.app.screen.height);
      view.highlight(this.focus);
      this.frameFocus(false);
    });
    this.pulses.attach(root);
  }

  update(state: SimState, patches: readonly Patch[], status: HostStatus): void {
    this.guard(() => this.view?.update(state, patches, status));
    this.guard(() => this.pulses.frame(patches.length > 0 ? changedEntities(patches) : [], (id) => this.view?.boundsOf?.(id) ?? null));
    this.followFocus();
  }

  highlight(entities: readonly string[]): void {
    this.focus = entities;
    this.guard(() => {
      this.view?.highlight(entities);
      this.frameFocus(true);
    });
  }

  /** Test hook: every visible canvas text with its size in screen pixels. */
  canvasTexts(): CanvasText[] {
    return this.viewRoot ? canvasTexts(this.viewRoot, this.camera.heading, this.app.screen.width, this.app.screen.height) : [];
  }

  /**
   * Test hook: the focused entities' boxes on screen where the camera is heading (null: the
   * view does not locate that entity).
   */
  focusBoxes(): Array<{ id: string; box: Box | null }> {
    const view = this.view;
    const pose = this.camera.heading;
    return this.focus.map((id) => {
      const box = view?.boundsOf?.(id) ?? null;
      return { id, box: box ? toScreen(pose, box) : null };
    });
  }

  /** Test hook: the camera now, and whether it is still moving. */
  cameraState(): CameraPose & { moving: boolean } {
    return { ...this.camera.current, moving: this.camera.moving };
  }


  private unmount(): void {
    this.camera.attach(null);
    this.pulses.attach(null);
    const view = this.view;
    if (view) this.guard(() => view.unmount());
    this.viewRoot?.destroy({ children: true });
    this.view = null;
    this.viewRoot = null;
  }

  get element(): HTMLElement {
    return this.host;
  }
}
