/**
 * One visual language across views (ARCHITECTURE §7). Tenant colours are the Okabe–Ito
 * colour-blind-safe set; each tenant also gets a pattern and a short glyph-free tag so colour is
 * never the only channel.
 */
export const OKABE_ITO = [0xe69f00, 0x56b4e9, 0x009e73, 0xf0e442, 0x0072b2, 0xd55e00, 0xcc79a7] as const;

export type TenantPattern = 'diagonal' | 'dots' | 'vertical' | 'cross' | 'horizontal' | 'grid' | 'backslash';
const PATTERNS: readonly TenantPattern[] = ['diagonal', 'dots', 'vertical', 'cross', 'horizontal', 'grid', 'backslash'];

export function tenantColor(colorIndex: number): number {
  return OKABE_ITO[((colorIndex % OKABE_ITO.length) + OKABE_ITO.length) % OKABE_ITO.length] as number;
}

export function tenantPattern(colorIndex: number): TenantPattern {
  return PATTERNS[((colorIndex % PATTERNS.length) + PATTERNS.length) % PATTERNS.length] as TenantPattern;
}

/** Text colour that stays readable on a tenant colour (yellow and sky blue need dark text). */
export function inkOn(color: number): number {
  const r = (color >> 16) & 0xff;
  const g = (color >> 8) & 0xff;
  const b = color & 0xff;
  return 0.299 * r + 0.587 * g + 0.114 * b > 140 ? 0x11141b : 0xffffff;
}

/** Shared state colours (dark theme). */
export const UI = {
  background: 0x0f1218,
  panel: 0x171c26,
  panelRaised: 0x1f2633,
  border: 0x2d3545,
  text: 0xe8ecf3,
  muted: 0x9aa5b8,
  faint: 0x5d6779,
  /** Hypervisor band, root mode (darker) and non-root (lighter): two shades of one hue. */
  hypervisor: 0x3c4a6b,
  hypervisorEdge: 0x7d92c4,
  nonRoot: 0x2a3246,
  operator: 0x8c96a8,
  nitroCard: 0x2f4f4a,
  nitroEdge: 0x5fb3a1,
  focus: 0xffffff,
  selection: 0x9ecbff,
  violation: 0xff4d4f,
  building: 0x9aa5b8,
  dying: 0xff8a65,
} as const;

export const FONT = 'Inter, system-ui, sans-serif';

export function cssHex(color: number): string {
  return `#${color.toString(16).padStart(6, '0')}`;
}
