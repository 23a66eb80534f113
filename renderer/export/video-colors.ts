import { currentTheme, type Theme } from '../ui/theme';

/** Colours of what only a video draws (caption band, title card), per theme. */
export interface VideoColors {
  /** The caption band and the title card's background. */
  band: string;
  /** A caption's label and the title card's date line. */
  accent: string;
  text: string;
  /** Fact footnotes and the app's name on the title card. */
  soft: string;
}

/**
 * Dark: light type on near-black, as in the app. Projector: dark type on white (each ≥ 7:1 against
 * its background), so a light view is not followed by a black band in a bright room.
 */
const COLORS: Record<Theme, VideoColors> = {
  dark: { band: '#08090d', accent: '#ffd27a', text: '#ffffff', soft: '#aab4c6' },
  projector: { band: '#ffffff', accent: '#7a4100', text: '#0b0d12', soft: '#3d4757' },
};

/** The colours for the theme the page draws in (`?theme=` on the export page). */
export function videoColors(): VideoColors {
  return COLORS[currentTheme()];
}
