import { Container, Graphics, Text } from 'pixi.js';
import type { IoCause, IoSample } from '../../src/model/storage/types';
import { FONT, UI, legible } from '../palette';

/**
 * Live plot of I/O latency over simulated time (log scale, 100 µs – 100 ms). One dot per
 * completed I/O, coloured and shaped by cause. Latencies are illustrative (see the model's
 * latency.ts), and the plot says so.
 */
/** Read when drawn (getters): the theme swaps the palette, and the dots must reach 3:1 on it. */
export const CAUSE_COLORS: Readonly<Record<IoCause, number>> = {
  get steady() {
    return UI.muted;
  },
  get 'lazy-fetch'() {
    return legible(0xe69f00);
  },
  get 'first-touch-wipe'() {
    return legible(0xcc79a7);
  },
};
const CAUSE_WORDS: Record<IoCause, string> = { steady: 'steady', 'lazy-fetch': 'first touch (lazy fetch)', 'first-touch-wipe': 'history: first-touch wipe' };
const MIN_NS = 100_000;
const MAX_NS = 100_000_000;

function text(value: string, size = 11, fill: number = UI.muted): Text {
  return new Text({ text: value, resolution: 2, style: { fontFamily: FONT, fontSize: size, fill } });
}

export interface LatencyPlot {
  root: Container;
  layout(width: number, height: number): void;
  draw(samples: readonly IoSample[]): void;
}

export function createLatencyPlot(): LatencyPlot {
  const root = new Container({ label: 'latency-plot' });
  const frame = new Graphics();
  const dotsLayer = new Graphics();
  const title = text('I/O latency (illustrative) · ● read ■ write', 14, UI.text);
  const ticks = [MIN_NS, 1_000_000, 10_000_000, MAX_NS].map((ns) => ({ ns, label: text(ns >= 1_000_000 ? `${ns / 1_000_000} ms` : `${ns / 1000} µs`, 14) }));
  const legend = new Container();
  const keys: Container[] = [];
  for (const cause of Object.keys(CAUSE_COLORS) as IoCause[]) {
    const key = new Container();
    const swatch = new Graphics().circle(5, 9, 5).fill(CAUSE_COLORS[cause]);
    const words = text(CAUSE_WORDS[cause], 14);
    words.x = 14;
    key.addChild(swatch, words);
    keys.push(key);
    legend.addChild(key);
  }
  const empty = text('no I/O yet', 14);
  root.addChild(frame, title, legend, ...ticks.map((t) => t.label), dotsLayer, empty);
  let w = 400;
  let h = 120;
  const axisLeft = 64;
  /** Below the title and the cause key (which flows into rows). */
  let top = 44;
  let last: readonly IoSample[] = [];

  const yOf = (ns: number) => {
    const clamped = Math.min(MAX_NS, Math.max(MIN_NS, ns));
    const f = Math.log10(clamped / MIN_NS) / Math.log10(MAX_NS / MIN_NS);
    return top + (h - top - 8) * (1 - f);
  };

  const plot = {
    root,
    layout(width: number, height: number) {
      w = Math.max(200, width);
      h = Math.max(110, height);
      let x = 0;
      let y = 0;
      for (const key of keys) {
        if (x > 0 && x + key.width > w - 20) {
          x = 0;
          y += 20;
        }
        key.position.set(x, y);
        x += key.width + 14;
      }
      top = 26 + y + 20 + 12;
      h = Math.max(h, top + 80);
      frame.clear();
      frame.roundRect(0, 0, w, h, 8).fill(UI.panel).stroke({ color: UI.border, width: 1 });
      for (const t of ticks) {
        frame.moveTo(axisLeft, yOf(t.ns)).lineTo(w - 10, yOf(t.ns)).stroke({ color: UI.border, width: 1, alpha: 0.6 });
        t.label.position.set(6, yOf(t.ns) - 7);
      }
      title.position.set(10, 6);
      legend.position.set(10, 26);
      empty.position.set(axisLeft + 10, top + 10);
      plot.draw(last);
    },
    draw(samples: readonly IoSample[]) {
      last = samples;
      dotsLayer.clear();
      empty.visible = samples.length === 0;
      if (samples.length === 0) return;
      let min = Number.POSITIVE_INFINITY;
      let max = 0;
      for (const s of samples) {
        min = Math.min(min, s.at);
        max = Math.max(max, s.at);
      }
      const span = Math.max(1, max - min);
      const plotW = w - axisLeft - 20;
      for (const s of samples) {
        const px = axisLeft + 6 + ((s.at - min) / span) * plotW;
        const py = yOf(s.latencyNs);
        // Shape as a second channel: writes are squares, reads are circles.
        if (s.op === 'write') dotsLayer.rect(px - 3.5, py - 3.5, 7, 7).fill(CAUSE_COLORS[s.cause]);
        else dotsLayer.circle(px, py, 4).fill(CAUSE_COLORS[s.cause]);
      }
    },
  };
  return plot;
}
