import { contrastRatio, GRAPHIC_MIN, mix } from './ui/theme-contrast';

/**
 * One visual language across views (ARCHITECTURE §7). Tenant colours are the Okabe–Ito
 * colour-blind-safe set; each tenant also gets a pattern and a short glyph-free tag so colour is
 * never the only channel. The same tenant colours and patterns serve both themes.
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

const DARK_INK = 0x11141b;
const LIGHT_INK = 0xffffff;

/**
 * Text colour that stays readable on a fill (yellow and sky blue need dark text): whichever of
 * the dark and the light ink has the higher WCAG contrast, so every Okabe–Ito colour gets ≥ 4.5:1.
 * Fills are the same in both themes, so the ink is too.
 */
export function inkOn(color: number): number {
  return contrastRatio(DARK_INK, color) >= contrastRatio(LIGHT_INK, color) ? DARK_INK : LIGHT_INK;
}

export type ThemeName = 'dark' | 'projector';

/** Every canvas colour that differs between the themes. */
export interface UiColors {
  background: number;
  panel: number;
  panelRaised: number;
  border: number;
  text: number;
  /** Secondary text (a card's details): between text and muted. */
  textSoft: number;
  muted: number;
  faint: number;
  /** Hypervisor band, root mode (darker) and non-root (lighter): two shades of one hue. */
  hypervisor: number;
  hypervisorEdge: number;
  nonRoot: number;
  operator: number;
  nitroCard: number;
  nitroEdge: number;
  /** Nitro's security chip: its own card colour beside the other Nitro cards. */
  securityCard: number;
  securityEdge: number;
  /** A recessed area inside a card (the host's hardware box). */
  inset: number;
  /** Small chips and cores on a card. */
  chip: number;
  /** Hardware threads drawn inside a core chip. */
  thread: number;
  focus: number;
  selection: number;
  violation: number;
  /** The fill behind something in violation (a fault switched on, a red panel). */
  violationFill: number;
  building: number;
  running: number;
  dying: number;
  /** Access checks: allowed and refused (with ✓ and ✗, never colour alone). */
  allowed: number;
  refused: number;
  /** Words of a refused entry on a panel. */
  refusedText: number;
  /** A row just added to a list. */
  highlightRow: number;
  /** An administrator's node (the access view's admin hosts). */
  adminNode: number;
  /** Firewalls in the network view. */
  firewallFill: number;
  firewallEdge: number;
  /** An empty slot, and a host that holds instances, in the fleet. */
  empty: number;
  hostInUse: number;
  /** Outline on what the last event changed. */
  pulse: number;
  /** Hatching over cells that hold old data, and the scrubbing sweep's colour. */
  hatch: number;
  scrubbing: number;
  /** Disk block states (ARCHITECTURE §7: free/zero = empty, wiped = a cool tint with dots). */
  blockFree: number;
  blockAllocated: number;
  blockWiped: number;
  blockPendingWipe: number;
  blockLazy: number;
}

/** The dark theme: the app's look since the first release. */
export const DARK_UI: Readonly<UiColors> = Object.freeze({
  background: 0x0f1218,
  panel: 0x171c26,
  panelRaised: 0x1f2633,
  border: 0x2d3545,
  text: 0xe8ecf3,
  textSoft: 0xc9d3ea,
  muted: 0x9aa5b8,
  faint: 0x6b7689,
  hypervisor: 0x3c4a6b,
  hypervisorEdge: 0x7d92c4,
  nonRoot: 0x2a3246,
  operator: 0x8c96a8,
  nitroCard: 0x223d38,
  nitroEdge: 0x5fb3a1,
  securityCard: 0x2c2a44,
  securityEdge: 0x9d8fd6,
  inset: 0x131821,
  chip: 0x252d3c,
  thread: 0x7a869c,
  focus: 0xffffff,
  selection: 0x9ecbff,
  violation: 0xff4d4f,
  violationFill: 0x4a1c1f,
  building: 0x9aa5b8,
  running: 0x7bd88f,
  dying: 0xff8a65,
  allowed: 0x009e73,
  refused: 0xff8a65,
  refusedText: 0xffc2ad,
  highlightRow: 0x24324a,
  adminNode: 0x24324a,
  firewallFill: 0x4a2430,
  firewallEdge: 0xff8a65,
  empty: 0x262d3b,
  hostInUse: 0x6b7890,
  pulse: 0xfff3a0,
  hatch: 0xffffff,
  scrubbing: 0x9ce8d8,
  blockFree: 0x171c26,
  blockAllocated: 0x313a4d,
  blockWiped: 0x1d3b3f,
  blockPendingWipe: 0x4b4f5c,
  blockLazy: 0x252c3a,
});

/**
 * The projector theme: light and high contrast for a bright room, where a projector washes dark
 * greys into one. Fills are light tints; edges, text and state colours are dark enough to keep
 * 4.5:1 (text) and 3:1 (graphics) on every fill they sit on (tested in ui/theme-contrast.test.ts).
 */
export const PROJECTOR_UI: Readonly<UiColors> = Object.freeze({
  background: 0xffffff,
  panel: 0xf2f4f7,
  panelRaised: 0xe4e8ef,
  border: 0x7d8696,
  text: 0x0b0d12,
  textSoft: 0x262d3a,
  muted: 0x3b4352,
  faint: 0x5f6878,
  hypervisor: 0xc9d3ec,
  hypervisorEdge: 0x2f4680,
  nonRoot: 0xe6ebf6,
  operator: 0x5a6375,
  nitroCard: 0xd2ebe4,
  nitroEdge: 0x1b6b5a,
  securityCard: 0xe4dff6,
  securityEdge: 0x54449e,
  inset: 0xf8f9fb,
  chip: 0xdde2ea,
  thread: 0x6e7788,
  focus: 0x000000,
  selection: 0x0050b3,
  violation: 0xc8102e,
  violationFill: 0xfde3e4,
  building: 0x4f5868,
  running: 0x1a7f37,
  dying: 0xb23c00,
  allowed: 0x00795a,
  refused: 0xb23c00,
  refusedText: 0x8f2f00,
  highlightRow: 0xfff0c4,
  adminNode: 0xdde6f5,
  firewallFill: 0xfbe4e8,
  firewallEdge: 0xb23c00,
  empty: 0xdde2ea,
  hostInUse: 0x4f5868,
  pulse: 0x8a5a00,
  hatch: 0x11141b,
  scrubbing: 0x007f73,
  blockFree: 0xe4e8ef,
  blockAllocated: 0xc3cad6,
  blockWiped: 0xcde9e5,
  blockPendingWipe: 0x9aa1ae,
  blockLazy: 0xebeef3,
});

export const THEME_COLORS: Readonly<Record<ThemeName, Readonly<UiColors>>> = { dark: DARK_UI, projector: PROJECTOR_UI };

/**
 * The colours in use now. Views read `UI.x` when they draw, so the theme swaps these values in
 * place ({@link applyPalette}) and the stage rebuilds the view; nothing else changes.
 */
export const UI: UiColors = { ...DARK_UI };

let paletteTheme: ThemeName = 'dark';

/** Makes `UI` hold the colours of `theme` (renderer/ui/theme.ts calls it before telling the views). */
export function applyPalette(theme: ThemeName): void {
  paletteTheme = theme;
  Object.assign(UI, THEME_COLORS[theme]);
}

/** The theme whose colours `UI` holds now (for the few words that name a colour: "dark = zero"). */
export function paletteName(): ThemeName {
  return paletteTheme;
}

/**
 * A colour used as a line, an arrow or a small mark on the canvas background, moved towards the
 * text colour just enough to reach 3:1 against the background. The Okabe–Ito colours pass
 * unchanged on the dark theme; on the light one yellow, sky blue, orange and pink darken, keeping
 * their hue (the plots' dashes and the arrows' labels remain the second channel).
 */
export function legible(color: number, background: number = UI.background, min: number = GRAPHIC_MIN, toward: number = UI.text): number {
  let out = color;
  for (let amount = 0.05; contrastRatio(out, background) < min && amount <= 1; amount += 0.05) out = mix(color, toward, amount);
  return out;
}

/**
 * The outline a tenant-coloured shape needs so its edge reaches 3:1 against the background, or
 * null when the fill already does (every Okabe–Ito colour on the dark theme). On the projector
 * theme yellow, sky blue, orange and pink get a dark edge.
 */
export function tenantEdge(color: number, background: number = UI.background, outline: number = UI.text): number | null {
  return contrastRatio(color, background) >= GRAPHIC_MIN ? null : outline;
}

export const FONT = 'Inter, system-ui, sans-serif';

export function cssHex(color: number): string {
  return `#${color.toString(16).padStart(6, '0')}`;
}

/** `rgba(…)` of a palette colour, for textures painted on a 2D canvas. */
export function cssRgba(color: number, alpha: number): string {
  return `rgba(${(color >> 16) & 0xff},${(color >> 8) & 0xff},${color & 0xff},${alpha})`;
}
