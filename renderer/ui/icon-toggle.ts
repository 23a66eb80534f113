import { h, pathIcon } from './dom';

export interface IconToggleSpec {
  testId: string;
  /** The accessible name: what the setting is (the pressed state says whether it is on). */
  name: string;
  /** Tooltip: what it does, with its key. */
  title: string;
  key: string;
  className: string;
  iconPath: string;
  pressed: boolean;
  onToggle: () => void;
}

/**
 * The header's setting switches (theme, motion): icon buttons with `aria-pressed`, so the whole
 * header fits one line at 1280 px while screen readers hear the setting's name and state.
 * Returns the button and a setter for its state.
 */
export function createIconToggle(spec: IconToggleSpec): { button: HTMLButtonElement; setPressed(on: boolean): void } {
  const button = h(
    'button',
    {
      type: 'button',
      class: `icon-button ${spec.className}`,
      'data-testid': spec.testId,
      'aria-label': spec.name,
      title: spec.title,
      'aria-keyshortcuts': spec.key,
      'aria-pressed': String(spec.pressed),
      onclick: spec.onToggle,
    },
    pathIcon(spec.iconPath),
  );
  return { button, setPressed: (on) => button.setAttribute('aria-pressed', String(on)) };
}
