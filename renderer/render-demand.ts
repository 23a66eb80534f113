/**
 * Render only on change. The stage's ticker runs while something needs frames — a simulation
 * frame arrived, an animation (camera move, a view's own motion) is in flight, the user is
 * interacting — and stops otherwise, so an idle view costs no rendering (issue 15: an idle Host
 * view under software GL used to redraw 5–11 times a second for nothing).
 *
 * Pure bookkeeping over a clock and a start/stop switch, so it is unit-tested without a browser.
 */
export interface TickerSwitch {
  readonly started: boolean;
  start(): void;
  stop(): void;
}

export interface RenderStats {
  /** Frames rendered since the stage was created. */
  frames: number;
  /** True while the ticker is stopped (nothing needs drawing). */
  sleeping: boolean;
  /** Rendering every display frame regardless of change (`?render=continuous`). */
  continuous: boolean;
}

export class RenderDemand {
  /** Keep rendering until this time (clock ms); at least one frame follows every request. */
  private until = Number.NEGATIVE_INFINITY;
  private rendered = 0;

  constructor(
    private readonly ticker: TickerSwitch,
    private readonly now: () => number,
    /** Something that animates on its own clock and needs frames while it moves (the camera). */
    private readonly busy: () => boolean = () => false,
    /** Render every display frame, as Pixi does by default (the "before" of the idle-cost measurement). */
    private readonly continuous = false,
  ) {}

  /** One more frame, and more frames for `forMs` after now (0: just the next one). */
  request(forMs = 0): void {
    this.keepAlive(this.now() + Math.max(0, forMs));
  }

  /** Frames until the clock reaches `untilMs` (an animation that ends then). */
  keepAlive(untilMs: number): void {
    if (untilMs > this.until) this.until = untilMs;
    if (!this.ticker.started) this.ticker.start();
  }

  /** Called once per rendered frame, after the render: stops the ticker when nothing needs more. */
  afterRender(): void {
    this.rendered++;
    if (!this.continuous && !this.busy() && this.now() >= this.until) this.ticker.stop();
  }

  get stats(): RenderStats {
    return { frames: this.rendered, sleeping: !this.ticker.started, continuous: this.continuous };
  }
}
