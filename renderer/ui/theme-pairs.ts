import type { UiColors } from '../palette';

/**
 * Which canvas colours are drawn on which: every text-on-fill and meaningful-graphic-on-fill
 * pairing the views use, so ui/theme-contrast.test.ts can hold both themes to WCAG 2.2 (4.5:1 for
 * text, SC 1.4.3; 3:1 for graphics that carry meaning and focus indicators, SC 1.4.11). A view
 * that starts drawing a colour on a new fill adds its pair here.
 */
export interface CanvasPair {
  fg: keyof UiColors;
  bg: keyof UiColors;
  kind: 'text' | 'graphic';
}

const CARD_FILLS = ['background', 'panel', 'panelRaised'] as const;

function on(fg: keyof UiColors, bgs: ReadonlyArray<keyof UiColors>, kind: CanvasPair['kind']): CanvasPair[] {
  return bgs.map((bg) => ({ fg, bg, kind }));
}

export const CANVAS_PAIRS: readonly CanvasPair[] = [
  // Words: labels, captions on cards, legends, details.
  ...on('text', [...CARD_FILLS, 'hypervisor', 'nonRoot', 'nitroCard', 'securityCard', 'inset', 'chip', 'border', 'highlightRow', 'adminNode', 'violationFill', 'firewallFill', 'blockLazy'], 'text'),
  ...on('textSoft', ['hypervisor', 'panel', 'panelRaised'], 'text'),
  ...on('muted', [...CARD_FILLS, 'inset', 'chip', 'nitroCard', 'securityCard', 'nonRoot', 'highlightRow'], 'text'),
  ...on('refusedText', ['panel', 'panelRaised', 'highlightRow'], 'text'),
  ...on('refused', ['panel', 'panelRaised'], 'text'),
  ...on('violation', ['background', 'panel'], 'text'),
  // Marks that carry meaning: focus and selection outlines, states, edges that say what a box is.
  ...on('focus', [...CARD_FILLS], 'graphic'),
  ...on('selection', [...CARD_FILLS], 'graphic'),
  ...on('violation', [...CARD_FILLS, 'violationFill'], 'graphic'),
  ...on('hypervisorEdge', [...CARD_FILLS], 'graphic'),
  ...on('nitroEdge', [...CARD_FILLS], 'graphic'),
  ...on('securityEdge', [...CARD_FILLS], 'graphic'),
  ...on('operator', [...CARD_FILLS], 'graphic'),
  ...on('faint', ['background', 'panel'], 'graphic'),
  ...on('building', [...CARD_FILLS], 'graphic'),
  ...on('running', [...CARD_FILLS], 'graphic'),
  ...on('dying', [...CARD_FILLS], 'graphic'),
  ...on('allowed', [...CARD_FILLS], 'graphic'),
  ...on('refused', [...CARD_FILLS], 'graphic'),
  ...on('firewallEdge', ['background', 'panel', 'firewallFill'], 'graphic'),
  ...on('hostInUse', ['background', 'panel'], 'graphic'),
  ...on('pulse', [...CARD_FILLS], 'graphic'),
  ...on('scrubbing', ['background', 'panel'], 'graphic'),
  ...on('hatch', ['blockAllocated', 'blockPendingWipe'], 'graphic'),
  ...on('thread', ['chip'], 'graphic'),
];

/** A pair of CSS custom properties from styles.css (names without the leading `--`). */
export interface CssPair {
  fg: string;
  bg: string;
  kind: 'text' | 'graphic';
}

function css(fg: string, bgs: readonly string[], kind: CssPair['kind']): CssPair[] {
  return bgs.map((bg) => ({ fg, bg, kind }));
}

/** The DOM's pairings (styles.css and ui/*.css): which property is drawn on which. */
export const CSS_PAIRS: readonly CssPair[] = [
  // Text: panels, bars, dialogs, overlays, the checkpoint card, error and warning boxes.
  ...css('text', ['bg', 'panel', 'raised', 'chrome', 'hover-bg', 'overlay-bg', 'info-bg', 'deep-bg', 'notes-bg', 'danger-bg', 'warn-bg', 'ok-bg'], 'text'),
  ...css('text-soft', ['panel', 'bg'], 'text'),
  ...css('muted', ['bg', 'panel', 'raised', 'chrome', 'overlay-bg', 'deep-bg', 'notes-bg'], 'text'),
  ...css('faint', ['chrome', 'panel'], 'text'),
  ...css('accent', ['bg', 'panel', 'raised', 'chrome', 'overlay-bg', 'danger-bg'], 'text'),
  ...css('accent-strong', ['panel', 'overlay-bg'], 'text'),
  ...css('danger', ['bg', 'panel'], 'text'),
  ...css('danger-text', ['danger-bg', 'panel'], 'text'),
  ...css('danger-text-soft', ['danger-bg'], 'text'),
  ...css('on-danger', ['danger'], 'text'),
  ...css('primary-text', ['primary-bg'], 'text'),
  ...css('warn-text', ['overlay-bg', 'raised'], 'text'),
  ...css('ok-text', ['overlay-bg'], 'text'),
  // Graphics: the focus ring, selection marks, the edges of controls and of states.
  ...css('accent', ['bg', 'panel', 'raised', 'chrome', 'overlay-bg', 'primary-bg', 'hover-bg'], 'graphic'),
  ...css('accent-strong', ['bg', 'panel', 'raised', 'chrome', 'info-bg'], 'graphic'),
  ...css('control-border', ['bg', 'panel', 'chrome', 'overlay-bg'], 'graphic'),
  ...css('primary-border', ['chrome'], 'graphic'),
  ...css('danger', ['danger-bg', 'panel', 'bg'], 'graphic'),
  ...css('ok-border', ['overlay-bg', 'ok-bg'], 'graphic'),
  ...css('warn-border', ['panel'], 'graphic'),
  ...css('undone', ['chrome'], 'graphic'),
];
