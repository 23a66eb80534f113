import { describe, expect, it } from 'vitest';
import { RenderDemand, type TickerSwitch } from './render-demand';

function fakeTicker(): TickerSwitch & { starts: number } {
  const t = {
    started: false,
    starts: 0,
    start() {
      if (!t.started) t.starts++;
      t.started = true;
    },
    stop() {
      t.started = false;
    },
  };
  return t;
}

describe('render on demand', () => {
  it('sleeps until asked, renders one frame for a plain request, then sleeps again', () => {
    const ticker = fakeTicker();
    let now = 1000;
    const demand = new RenderDemand(ticker, () => now);
    expect(demand.stats).toEqual({ frames: 0, sleeping: true, continuous: false });
    demand.request();
    expect(ticker.started).toBe(true);
    now += 16;
    demand.afterRender();
    expect(demand.stats).toEqual({ frames: 1, sleeping: true, continuous: false });
  });

  it('keeps rendering until a keep-alive deadline passes', () => {
    const ticker = fakeTicker();
    let now = 0;
    const demand = new RenderDemand(ticker, () => now);
    demand.keepAlive(100);
    demand.request(); // a shorter request must not cut the longer one short
    for (now = 16; now < 100; now += 16) {
      demand.afterRender();
      expect(ticker.started).toBe(true);
    }
    demand.afterRender();
    expect(ticker.started).toBe(false);
    expect(demand.stats.frames).toBe(7);
    expect(ticker.starts).toBe(1);
  });

  it('keeps rendering while something animates on its own clock, then stops', () => {
    const ticker = fakeTicker();
    let moving = true;
    const demand = new RenderDemand(ticker, () => 0, () => moving);
    demand.request();
    demand.afterRender();
    demand.afterRender();
    expect(ticker.started).toBe(true);
    moving = false;
    demand.afterRender();
    expect(ticker.started).toBe(false);
  });

  it('in continuous mode never stops (the old always-render behaviour, for measuring)', () => {
    const ticker = fakeTicker();
    const demand = new RenderDemand(ticker, () => 1e9, () => false, true);
    demand.request();
    for (let i = 0; i < 5; i++) demand.afterRender();
    expect(ticker.started).toBe(true);
    expect(demand.stats.frames).toBe(5);
  });
});
