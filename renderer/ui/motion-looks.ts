/**
 * How short-lived marks look with full and with reduced motion (pure, so it is tested without
 * Pixi). Reduced motion keeps every mark where it is: it may fade, never grow or travel.
 */

/** A change mark `age` frames old (of `framesVisible`): it grows outwards and fades; reduced, it only fades. */
export function pulseLook(age: number, framesVisible: number, reduced: boolean): { grow: number; alpha: number } {
  return { grow: reduced ? 3 : 3 + age, alpha: 1 - age / framesVisible };
}
