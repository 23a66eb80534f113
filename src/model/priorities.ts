/**
 * Event priorities, in one place: among events at the same simulated time, a lower priority runs
 * first (then insertion order). Almost everything runs at `normal`; the others exist because an
 * event must see what every other event at that instant did.
 */
export const PRIORITY = {
  /** Inputs, scripted actions and the events they cause. */
  normal: 0,
  /** Background scrubbing is idle-loop work: it runs after everything else at the same instant. */
  scrub: 50,
  /** Reaping a dying domain runs last, so it sees every teardown hold set at that instant. */
  reap: 100,
} as const;
