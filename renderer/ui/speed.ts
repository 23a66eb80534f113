import { MAX_SPEED, MIN_SPEED } from '../../src/protocol/commands';

/** Speeds offered by the speed control and the +/− keys, relative to the lesson's time scale. */
export const SPEEDS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 50, 100] as const;

/** The next speed up (+1) or down (−1) the ladder from any current speed, clamped to the protocol's range. */
export function nextSpeed(current: number, direction: 1 | -1): number {
  if (direction > 0) return SPEEDS.find((s) => s > current + 1e-9) ?? MAX_SPEED;
  return [...SPEEDS].reverse().find((s) => s < current - 1e-9) ?? MIN_SPEED;
}

export function formatSpeed(speed: number): string {
  return `${Number(speed.toFixed(2))}×`;
}
