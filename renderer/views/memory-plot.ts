import { Container, Graphics, Text } from 'pixi.js';
import { FONT, UI, legible } from '../palette';
import { TEXT_MIN } from '../ui/theme-contrast';

/** One sample of a host's frame counters at a simulated time. */
export interface MemorySample {
  at: number;
  clean: number;
  dirty: number;
  allocated: number;
  backlog: number;
}

/** Colours are read when drawn (getters): the theme swaps the palette; thin lines get 4.5:1 on it. */
const SERIES: Array<{ key: Exclude<keyof MemorySample, 'at'>; readonly color: number; label: string; dash: boolean }> = [
  { key: 'clean', get color() { return UI.muted; }, label: 'clean', dash: false },
  { key: 'allocated', get color() { return legible(0x56b4e9, UI.background, TEXT_MIN); }, label: 'allocated', dash: false },
  { key: 'dirty', get color() { return legible(0xe69f00, UI.background, TEXT_MIN); }, label: 'dirty', dash: true },
  { key: 'backlog', get color() { return legible(0xcc79a7, UI.background, TEXT_MIN); }, label: 'scrub backlog', dash: true },
];
const MAX_SAMPLES = 400;

/** A small live plot of clean / dirty / allocated frames and scrub backlog over simulated time. */
/** `samples` belongs to the caller, so the history survives the plot being rebuilt (resize, seek). */
export function createMemoryPlot(samples: MemorySample[]): { root: Container; add(sample: MemorySample, frames: number): void; layout(w: number, h: number): void } {
  const root = new Container({ label: 'memory-plot' });
  const lines = new Graphics();
  const box = new Graphics();
  const legend = new Container();
  const keys: Container[] = [];
  for (const s of SERIES) {
    const key = new Container();
    const swatch = new Graphics().rect(0, 7, 14, s.dash ? 4 : 2).fill(s.color);
    const words = new Text({ text: s.label, resolution: 2, style: { fontFamily: FONT, fontSize: 14, fill: UI.text } });
    words.x = 18;
    key.addChild(swatch, words);
    keys.push(key);
    legend.addChild(key);
  }
  /** The series key flows into rows within the plot's width; returns its height. */
  const flowLegend = (w: number): number => {
    let x = 0;
    let y = 0;
    for (const key of keys) {
      if (x > 0 && x + key.width > w) {
        x = 0;
        y += 20;
      }
      key.position.set(x, y);
      x += key.width + 12;
    }
    return y + 20;
  };
  root.addChild(box, lines, legend);
  let total = 1;
  let width = 240;
  let height = 80;

  const draw = (): void => {
    lines.clear();
    if (samples.length < 1) return;
    const t0 = (samples[0] as MemorySample).at;
    const t1 = Math.max(t0 + 1, (samples[samples.length - 1] as MemorySample).at);
    const px = (at: number) => ((at - t0) / (t1 - t0)) * width;
    const py = (n: number) => height - (n / total) * height;
    for (const s of SERIES) {
      samples.forEach((sample, i) => {
        const X = px(sample.at);
        const Y = py(sample[s.key]);
        if (i === 0) lines.moveTo(X, Y);
        else lines.lineTo(X, Y);
      });
      // Dashed series are told apart by width as well as colour.
      lines.stroke({ color: s.color, width: s.dash ? 2.5 : 1.5, alpha: 0.95 });
    }
  };

  return {
    root,
    add(sample, frames) {
      total = Math.max(1, frames);
      // Time went back (step back, seek): drop the samples from the abandoned future.
      while (samples.length > 0 && (samples[samples.length - 1] as MemorySample).at > sample.at) samples.pop();
      const last = samples[samples.length - 1];
      if (last && last.at === sample.at) samples[samples.length - 1] = sample;
      else samples.push(sample);
      if (samples.length > MAX_SAMPLES) samples.splice(0, samples.length - MAX_SAMPLES);
      draw();
    },
    layout(w, h) {
      width = w;
      height = Math.max(30, h - flowLegend(w) - 4);
      legend.y = height + 4;
      box.clear().rect(0, 0, width, height).stroke({ color: UI.border, width: 1 });
      draw();
    },
  };
}
