import { createIconToggle } from './icon-toggle';
import { currentMotion, motionLabel, onMotionChange } from './motion';

/** Motion lines, crossed out (not a pause sign: that belongs to the transport). */
const STILL_ICON = 'M3 7h10v2H3zm0 4h14v2H3zm0 4h10v2H3zM4.4 2.6l17 17-1.4 1.4-17-17z';

/**
 * The header's reduced-motion switch (key M, View › Reduce Motion): pressed while motion is
 * reduced (the camera jumps, nothing glides); each change is said aloud.
 */
export function createMotionButton(toggle: () => void, announce: (text: string) => void): HTMLButtonElement {
  const { button, setPressed } = createIconToggle({
    testId: 'motion-toggle',
    name: 'Reduce motion',
    title: 'Reduced motion: the camera jumps and nothing glides (M)',
    key: 'M',
    className: 'header-motion',
    iconPath: STILL_ICON,
    pressed: currentMotion() === 'reduced',
    onToggle: toggle,
  });
  onMotionChange((motion) => {
    setPressed(motion === 'reduced');
    announce(motionLabel(motion));
  });
  return button;
}
