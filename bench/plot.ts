/**
 * Log-log line plots as standalone SVG text (pure: numbers in, markup out), for the scaling
 * runs of `npm run bench -- --write`. On log-log axes a power law y = c·xᵏ is a straight line
 * of slope k, so the fitted exponent stated under each plot can be read off the picture.
 */

export interface Point {
  x: number;
  y: number;
}

export interface Series {
  name: string;
  points: readonly Point[];
  /** Legend text after the name; default "slope k" fitted to these points. */
  legend?: string;
}

export interface PlotSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly Series[];
}

/** Least-squares slope of log y against log x: the growth exponent (1 = linear). NaN below two usable points. */
export function growthExponent(points: readonly Point[]): number {
  const usable = points.filter((p) => p.x > 0 && p.y > 0 && Number.isFinite(p.x) && Number.isFinite(p.y));
  if (usable.length < 2) return Number.NaN;
  const xs = usable.map((p) => Math.log(p.x));
  const ys = usable.map((p) => Math.log(p.y));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
    den += ((xs[i] as number) - mx) ** 2;
  }
  return den === 0 ? Number.NaN : num / den;
}

const WIDTH = 640;
const HEIGHT = 400;
const MARGIN = { left: 78, right: 24, top: 40, bottom: 56 };
/** Okabe–Ito: distinguishable with colour-vision deficiencies, as the app's own palette. */
const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'];

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** 1, 2, 5 × powers of ten between lo and hi (enough ticks on short ranges, few on long ones). */
export function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  const steps = Math.log10(hi / lo) > 3 ? [1] : [1, 2, 5];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of steps) {
      const v = m * 10 ** e;
      if (v >= lo * 0.999 && v <= hi * 1.001) ticks.push(v);
    }
  }
  return ticks;
}

/** Short tick label: 2000 → "2 K", 0.05 → "0.05". */
export function tickLabel(v: number): string {
  const units: Array<[number, string]> = [[1e9, ' G'], [1e6, ' M'], [1e3, ' K']];
  for (const [scale, suffix] of units) if (v >= scale) return `${Number((v / scale).toPrecision(3))}${suffix}`;
  return String(Number(v.toPrecision(3)));
}

/** Axis range padded to whole decades' neighbours so points never sit on the frame. */
function range(values: readonly number[]): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  if (lo === hi) return [lo / 2, hi * 2];
  return [lo / 1.5, hi * 1.5];
}

export function logLogSvg(spec: PlotSpec): string {
  const all = spec.series.flatMap((s) => s.points).filter((p) => p.x > 0 && p.y > 0);
  if (all.length === 0) throw new Error(`plot "${spec.title}": no positive points to draw`);
  const [x0, x1] = range(all.map((p) => p.x));
  const [y0, y1] = range(all.map((p) => p.y));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const sx = (x: number): number => MARGIN.left + ((Math.log(x) - Math.log(x0)) / (Math.log(x1) - Math.log(x0))) * plotW;
  const sy = (y: number): number => MARGIN.top + plotH - ((Math.log(y) - Math.log(y0)) / (Math.log(y1) - Math.log(y0))) * plotH;
  const f = (n: number): string => n.toFixed(1);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="Inter, Helvetica, Arial, sans-serif" font-size="12">`,
    `<title>${escapeXml(spec.title)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15" font-weight="600">${escapeXml(spec.title)}</text>`,
  ];
  for (const t of logTicks(x0, x1)) {
    out.push(`<line x1="${f(sx(t))}" y1="${MARGIN.top}" x2="${f(sx(t))}" y2="${MARGIN.top + plotH}" stroke="#e3e3e3"/>`);
    out.push(`<text x="${f(sx(t))}" y="${MARGIN.top + plotH + 16}" text-anchor="middle">${tickLabel(t)}</text>`);
  }
  for (const t of logTicks(y0, y1)) {
    out.push(`<line x1="${MARGIN.left}" y1="${f(sy(t))}" x2="${MARGIN.left + plotW}" y2="${f(sy(t))}" stroke="#e3e3e3"/>`);
    out.push(`<text x="${MARGIN.left - 6}" y="${f(sy(t) + 4)}" text-anchor="end">${tickLabel(t)}</text>`);
  }
  out.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#555"/>`);
  out.push(`<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 14}" text-anchor="middle">${escapeXml(spec.xLabel)} (log scale)</text>`);
  out.push(`<text transform="translate(18 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(spec.yLabel)} (log scale)</text>`);
  spec.series.forEach((series, i) => {
    const colour = COLOURS[i % COLOURS.length] as string;
    const pts = series.points.filter((p) => p.x > 0 && p.y > 0).sort((a, b) => a.x - b.x);
    if (pts.length === 0) return;
    out.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${pts.map((p) => `${f(sx(p.x))},${f(sy(p.y))}`).join(' ')}"/>`);
    for (const p of pts) out.push(`<circle cx="${f(sx(p.x))}" cy="${f(sy(p.y))}" r="4" fill="${colour}"><title>${escapeXml(`${series.name}: ${tickLabel(p.x)} → ${Number(p.y.toPrecision(3))}`)}</title></circle>`);
    const k = growthExponent(pts);
    const legend = `${series.name}${series.legend !== undefined ? (series.legend ? ` — ${series.legend}` : '') : Number.isFinite(k) ? ` — slope ${k.toFixed(2)}` : ''}`;
    const ly = MARGIN.top + 16 + i * 18;
    out.push(`<line x1="${MARGIN.left + 10}" y1="${ly - 4}" x2="${MARGIN.left + 28}" y2="${ly - 4}" stroke="${colour}" stroke-width="2"/>`);
    out.push(`<text x="${MARGIN.left + 34}" y="${ly}">${escapeXml(legend)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
