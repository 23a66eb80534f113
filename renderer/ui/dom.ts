/** Tiny DOM builder: text always goes in as text nodes, never as HTML. */
type Attrs = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.replace(/^on/, '').toLowerCase(), value);
    else if (key === 'class') el.className = String(value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) el.append(child);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Icons as SVG paths (24×24), so no glyph depends on a font having it. */
const ICONS = {
  play: 'M8 5v14l11-7z',
  pause: 'M6 5h4v14H6zM14 5h4v14h-4z',
  step: 'M6 6l8.5 6L6 18zM16 6h2v12h-2z',
  stepBack: 'M18 6l-8.5 6 8.5 6zM6 6h2v12H6z',
  prev: 'M15.5 6L9.5 12l6 6-1.4 1.4L6.7 12l7.4-7.4z',
  next: 'M8.5 6l6 6-6 6 1.4 1.4 7.4-7.4-7.4-7.4z',
  help: 'M11 18h2v-2h-2zm1-16a10 10 0 100 20 10 10 0 000-20zm0 18a8 8 0 110-16 8 8 0 010 16zm0-14a4 4 0 00-4 4h2a2 2 0 114 0c0 2-3 1.75-3 5h2c0-2.25 3-2.5 3-5a4 4 0 00-4-4z',
  close: 'M19 6.4L17.6 5 12 10.6 6.4 5 5 6.4 10.6 12 5 17.6 6.4 19 12 13.4 17.6 19 19 17.6 13.4 12z',
  panel: 'M3 4h18v16H3zm2 2v12h5V6zm7 0v12h7V6z',
  file: 'M6 2h8l6 6v14H6zm7 1.5V9h5.5z',
} as const;

export type IconName = keyof typeof ICONS;

export function icon(name: IconName): SVGSVGElement {
  return pathIcon(ICONS[name]);
}

/** A 24×24 icon from one SVG path (decorative: the control's name says what it does). */
export function pathIcon(d: string): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'icon');
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', d);
  svg.append(path);
  return svg;
}

export function setIcon(button: HTMLElement, name: IconName): void {
  button.querySelector('svg.icon')?.replaceWith(icon(name));
}
