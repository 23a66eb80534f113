import { createIconToggle } from './icon-toggle';
import { currentTheme, onThemeChange, themeLabel } from './theme';

/** A contrast symbol (a circle, half filled): the usual sign for a light / dark or contrast switch. */
const CONTRAST_ICON = 'M12 2a10 10 0 100 20 10 10 0 000-20zm0 2v16a8 8 0 010-16z';

/**
 * The header's theme switch (key T, View › Projector Theme): pressed while the light projector
 * theme is on; each change is said aloud.
 */
export function createThemeButton(toggle: () => void, announce: (text: string) => void): HTMLButtonElement {
  const { button, setPressed } = createIconToggle({
    testId: 'theme-toggle',
    name: 'Projector theme',
    title: 'Projector theme: light and high contrast, for a bright room (T)',
    key: 'T',
    className: 'header-theme',
    iconPath: CONTRAST_ICON,
    pressed: currentTheme() === 'projector',
    onToggle: toggle,
  });
  onThemeChange((theme) => {
    setPressed(theme === 'projector');
    announce(themeLabel(theme));
  });
  return button;
}
