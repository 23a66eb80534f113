import 'pixi.js/unsafe-eval';
import { Application, Container, RendererType, UPDATE_PRIORITY } from 'pixi.js';
import type { Patch } from 'immer';
import type { Lesson } from '../src/lessons/schema';
import type { SimState } from '../src/model/state';
import type { HostStatus } from '../src/protocol/replies';
import { UI } from './palette';
import { onThemeChange } from './ui/theme';
import { VIEW_FACTORIES } from './views';
import { Camera, toScreen, type Box, type CameraPose } from './views/camera';
import { FocusTagLayer } from './views/focus-tag-layer';
import { focusTags, type FocusTag } from './views/focus-tags';
import { canvasTexts, type CanvasText } from './views/probe';
import { changedEntities, Pulses } from './views/pulse';
import type { EntityRef, LabView, SceneNode, ViewContext, ViewId } from './views/view';
import { SceneOutline } from './ui/scene-outline';
import { panToShow } from './ui/scene-pan';
import { RenderDemand, type RenderStats } from './render-demand';

export type RendererKind = 'webgl' | 'webgpu' | 'canvas';

/** How the stage draws: chosen once, when the WebGL context is created. */
export interface RenderSettings {
  antialias: boolean;
  resolution: number;
  /** WebGL rasterised on the CPU (SwiftShader, llvmpipe). */
  softwareGl: boolean;
  /** Redraw every display frame (`?render=continuous`), the old behaviour, for measuring. */
  continuous: boolean;
}

/** True when WebGL runs on the CPU, where multisampling costs a large share of every frame. */
function isSoftwareGl(): boolean {
  try {
    const gl = document.createElement('canvas').getContext('webgl');
    if (!gl) return false;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return /swiftshader|llvmpipe|softpipe|software|basic render/i.test(name);
  } catch {
    return false;
  }
}

/**
 * Antialiasing (MSAA) only smooths the edges of shapes — text is rasterised by the browser at
 * the renderer's resolution either way, so turning it off keeps labels crisp. On software GL it
 * cost 1.4–1.6× per frame (issue 15; about 2× Chromium CPU per frame in bench/render.ts), so it is
 * off there; `?antialias=on|off` overrides. Resolution stays the display's (at most 2): lowering
 * it would blur text, which legibility on a projector can't afford.
 */
export function renderSettings(search: string = location.search): RenderSettings {
  const query = new URLSearchParams(search);
  const softwareGl = isSoftwareGl();
  const asked = query.get('antialias');
  return {
    antialias: asked === 'on' ? true : asked === 'off' ? false : !softwareGl,
    resolution: Math.min(2, window.devicePixelRatio || 1),
    softwareGl,
    continuous: query.get('render') === 'continuous',
  };
}

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
  /** The scene tree's focused item, outlined (renderer/ui/scene-outline.ts). */
  private readonly sceneOutline = new SceneOutline();
  /** Names of focused boxes whose headers the camera cut off, pinned to the top edge. */
  private readonly focusTagLayer = new FocusTagLayer();

  /** Called when a view throws: the shell shows it instead of freezing the UI. */
  onViewError: (view: ViewId, error: unknown) => void = () => {};

  /** Render only on change: the ticker runs while a frame, an animation or an interaction needs it. */
  private readonly demand: RenderDemand;

  private constructor(readonly app: Application, private readonly host: HTMLElement, readonly settings: RenderSettings) {
    this.camera = new Camera(app.ticker);
    this.camera.resize(app.screen.width, app.screen.height);
    this.demand = new RenderDemand(app.ticker, () => performance.now(), () => this.camera.moving, settings.continuous);
    this.camera.onMove = () => this.demand.request();
    // Before Pixi renders (LOW), after the camera moved (NORMAL): the sticky names follow the camera.
    app.ticker.add(() => this.guard(() => this.updateFocusTags()), undefined, UPDATE_PRIORITY.LOW + 1);
    // After Pixi's own render listener (LOW): count the frame, sleep if nothing needs another.
    app.ticker.add(() => this.demand.afterRender(), undefined, UPDATE_PRIORITY.UTILITY);
  }

  /**
   * Asks for a frame soon, or for frames until `untilMs` (performance.now() clock) — for anything
   * that changes the picture outside a simulation frame (a theme rebuild, an overlay, a view's own
   * animation). Without it the loop may be asleep, and the change would show only when something
   * else asks for a frame.
   */
  requestRender(untilMs?: number): void {
    if (untilMs === undefined) this.demand.request();
    else this.demand.keepAlive(untilMs);
  }

  /** Test hook: frames rendered so far and whether the render loop sleeps. */
  renderStats(): RenderStats & Pick<RenderSettings, 'antialias' | 'resolution' | 'softwareGl'> {
    return { ...this.demand.stats, antialias: this.settings.antialias, resolution: this.settings.resolution, softwareGl: this.settings.softwareGl };
  }

  /** The sticky names where the camera is now (a moving camera carries them along). */
  private focusTagsNow(pose: CameraPose): FocusTag[] {
    const view = this.view;
    if (!view?.nameOf || this.focus.length === 0) return [];
    const entries = this.focus.map((id) => {
      const box = view.boundsOf?.(id) ?? null;
      return { id, box: box ? toScreen(pose, box) : null, name: view.nameOf?.(id) ?? null };
    });
    return focusTags(entries, this.app.screen.width, this.app.screen.height);
  }

  private updateFocusTags(): void {
    this.focusTagLayer.show(this.focusTagsNow(this.camera.current));
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
    // Hover and selection redraw inside Pixi's pointer handlers: any pointer activity on the canvas wakes the loop.
    for (const type of ['pointermove', 'pointerdown', 'pointerup', 'pointerleave', 'wheel'] as const) {
      canvas.addEventListener(type, () => this.demand.request(), { passive: true });
    }
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

  static async create(host: HTMLElement, settings: RenderSettings = renderSettings()): Promise<Stage> {
    const app = new Application();
    await app.init({
      preference: 'webgl',
      resizeTo: host,
      background: UI.background,
      antialias: settings.antialias,
      autoDensity: true,
      resolution: settings.resolution,
      // The stage starts its ticker only when something needs drawing (RenderDemand).
      autoStart: false,
    });
    // A named picture for screen readers (its contents are described in words beside it and in
    // the live region); Stage.show names the view it shows.
    app.canvas.setAttribute('role', 'img');
    app.canvas.setAttribute('aria-label', 'Simulation canvas');
    app.canvas.dataset.testid = 'stage-canvas';
    host.append(app.canvas);
    const stage = new Stage(app, host, settings);
    stage.listenForCameraInput(app.canvas);
    // A theme switch: the background here; the shell rebuilds the view in the new colours (app.ts).
    onThemeChange(() => {
      app.renderer.background.color = UI.background;
      stage.focusTagLayer.reset();
      stage.requestRender();
    });
    // Resizing a canvas clears it, and Pixi's own resize (window resize) lands a frame later:
    // keep drawing briefly after any resize. Theme and motion switches restyle the scene.
    const RESIZE_SETTLE_MS = 300;
    window.addEventListener('resize', () => stage.demand.request(RESIZE_SETTLE_MS));
    // Views with their own keys (the fleet view's I / O zoom) redraw inside their key handlers.
    window.addEventListener('keydown', () => stage.demand.request(), { passive: true });
    new MutationObserver(() => stage.demand.request()).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'data-motion'] });
    stage.demand.request();
    // resizeTo follows window resizes; panels collapsing changes the container without one.
    new ResizeObserver(() => {
      app.resize();
      stage.demand.request(RESIZE_SETTLE_MS);
      stage.camera.resize(app.screen.width, app.screen.height);
      stage.guard(() => {
        stage.view?.resize(app.screen.width, app.screen.height);
        stage.frameFocus(false);
        stage.redrawMarks();
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
    this.app.canvas.setAttribute('aria-label', `Simulation canvas: ${view.title} view`);
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
      view.mount(root, state, lesson, { ...ctx, ticker: this.app.ticker, requestRender: (untilMs) => this.requestRender(untilMs) });
      view.resize(this.app.screen.width, this.app.screen.height);
      view.highlight(this.focus);
      this.frameFocus(false);
    });
    this.pulses.attach(root);
    this.sceneOutline.attach(root);
    // Above the view, in screen space.
    this.app.stage.addChild(this.focusTagLayer.root);
    this.demand.request();
  }

  update(state: SimState, patches: readonly Patch[], status: HostStatus): void {
    this.guard(() => this.view?.update(state, patches, status));
    this.guard(() => this.pulses.frame(patches.length > 0 ? changedEntities(patches) : [], this.locate));
    this.guard(() => this.sceneOutline.redraw(this.locate, this.camera.heading.zoom));
    this.demand.request();
    this.followFocus();
  }

  highlight(entities: readonly string[]): void {
    this.focus = entities;
    this.guard(() => {
      this.view?.highlight(entities);
      // A view may lay itself out again for a new focus (the Rings view shows the focused
      // domains' columns): the change marks and the scene outline follow their entities.
      this.redrawMarks();
      this.frameFocus(true);
    });
    this.demand.request();
  }

  /** Test hook: every visible canvas text with its size in screen pixels. */
  canvasTexts(): CanvasText[] {
    if (!this.viewRoot) return [];
    const { width, height } = this.app.screen;
    // The sticky names as they will be once the camera arrives (the layer itself is in screen space).
    const tags = new FocusTagLayer();
    tags.show(this.focusTagsNow(this.camera.heading));
    const texts = [...canvasTexts(this.viewRoot, this.camera.heading, width, height), ...canvasTexts(tags.root, { x: 0, y: 0, zoom: 1 }, width, height)];
    tags.root.destroy({ children: true });
    return texts;
  }

  /** Test hook: the sticky names of cut-off focused boxes, where the camera is heading. */
  focusTags(): FocusTag[] {
    return this.focusTagsNow(this.camera.heading);
  }

  /** Draws the change marks and the scene outline again where their entities are now. */
  private redrawMarks(): void {
    this.pulses.redraw(this.locate);
    this.sceneOutline.redraw(this.locate, this.camera.heading.zoom);
  }

  /** Where the view draws an entity now (view coordinates; null: the view does not locate it). */
  private readonly locate = (id: string): Box | null => this.view?.boundsOf?.(id) ?? null;

  /**
   * Test hook: each change mark (pulse) with the box it was drawn around and where its entity
   * is now (view coordinates; null: no longer located).
   */
  pulseMarks(): Array<{ id: string; drawn: Box; now: Box | null }> {
    return this.pulses.marks.map(({ id, box }) => ({ id, drawn: box, now: this.locate(id) }));
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


  /** The active view's scene in words (renderer/ui/scene-tree.ts); empty when it has none or fails. */
  scene(state: SimState): SceneNode[] {
    try {
      return this.view?.scene?.(state) ?? [];
    } catch (error) {
      console.error(error);
      return [];
    }
  }

  /**
   * Outlines the scene tree's focused item: the first of `candidates` the view locates (null
   * clears it). The camera pans just enough to show it when it is off-screen.
   */
  outlineScene(candidates: readonly string[] | null): void {
    this.guard(() => {
      const found = this.sceneOutline.show(candidates, this.locate, this.camera.heading.zoom);
      if (found) {
        const caption = this.host.parentElement?.querySelector('[data-testid="caption"]')?.getBoundingClientRect().height ?? 0;
        const { dx, dy } = panToShow(toScreen(this.camera.heading, found.box), this.app.screen.width, this.app.screen.height, caption);
        if (dx !== 0 || dy !== 0) this.camera.panBy(dx, dy);
      }
    });
    this.demand.request();
  }

  /** Test hook: the scene outline's entity and its box on screen where the camera is heading. */
  sceneOutlineBox(): { id: string; box: Box } | null {
    const found = this.sceneOutline.current;
    return found ? { id: found.id, box: toScreen(this.camera.heading, found.box) } : null;
  }

  private unmount(): void {
    this.camera.attach(null);
    this.pulses.attach(null);
    this.sceneOutline.attach(null);
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
