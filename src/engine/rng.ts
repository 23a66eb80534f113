/**
 * Seeded PRNG (sfc32) whose whole state is four uint32 numbers. The state lives in the
 * simulation state, so snapshots, step back and seek restore the random stream exactly.
 */
export type RngState = [number, number, number, number];

/** Expands a seed into a well-mixed initial state (splitmix32), then discards a few outputs. */
export function seedRng(seed: number): RngState {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const state: RngState = [next(), next(), next(), next()];
  for (let i = 0; i < 12; i++) nextUint32(state);
  return state;
}

/** Advances `state` in place and returns a uint32. */
export function nextUint32(state: RngState): number {
  // Indexed reads, not `let [a, b, c, d] = state`: destructuring went through the array iterator
  // on this hot path (every random draw of every event).
  let a = state[0];
  let b = state[1];
  let c = state[2];
  let d = state[3];
  const t = (((a + b) >>> 0) + d) >>> 0;
  d = (d + 1) >>> 0;
  a = b ^ (b >>> 9);
  b = (c + (c << 3)) >>> 0;
  c = ((c << 21) | (c >>> 11)) >>> 0;
  c = (c + t) >>> 0;
  state[0] = a >>> 0;
  state[1] = b;
  state[2] = c;
  state[3] = d;
  return t;
}

/** A float in [0, 1). */
export function nextFloat(state: RngState): number {
  return nextUint32(state) / 4294967296;
}

/** An integer in [0, bound). */
export function nextInt(state: RngState, bound: number): number {
  return Math.floor(nextFloat(state) * bound);
}
