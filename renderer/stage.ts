import 'pixi.js/unsafe-eval';
import { Application, Container, RendererType } from 'pixi.js';
import type { Patch } from 'immer';
import type { Lesson } from '../src/lessons/schema';
import type { SimState } from '../src/model/state';
import type { HostStatus } from '../src/protocol/replies';
import { UI } from './palette';
import { VIEW_FACTORIES } from './views';
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

  /** Called when a view throws: the shell shows it instead of freezing the UI. */
  onViewError: (view: ViewId, error: unknown) => void = () => {};

  private constructor(readonly app: Application, private readonly host: HTMLElement) {}

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
    // resizeTo follows window resizes; panels collapsing changes the container without one.
    new ResizeObserver(() => {
      app.resize();
      stage.guard(() => stage.view?.resize(app.screen.width, app.screen.height));
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
    this.guard(() => {
      view.mount(root, state, lesson, { ...ctx, ticker: this.app.ticker });
      view.resize(this.app.screen.width, this.app.screen.height);
      view.highlight(this.focus);
    });
  }

  update(state: SimState, patches: readonly Patch[], status: HostStatus): void {
    this.guard(() => this.view?.update(state, patches, status));
  }

  highlight(entities: readonly string[]): void {
    this.focus = entities;
    this.guard(() => this.view?.highlight(entities));
  }

  private unmount(): void {
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
