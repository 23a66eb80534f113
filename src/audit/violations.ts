import type { Violation } from '../engine';
import type { ModelWriteContext } from '../model/events';

/**
 * Records an isolation violation in the state (so time travel restores it, appended through
 * `ctx.mut`) and traces it. Every auditor reports through here, so the CLI, the UI and recordings
 * see one format.
 */
export function reportViolation(ctx: ModelWriteContext, violation: Omit<Violation, 'eventIndex' | 'simTime'>): void {
  const record: Violation = { ...violation, eventIndex: ctx.eventIndex, simTime: ctx.now };
  ctx.mut('violations').push(record);
  ctx.trace('violation', `VIOLATION ${violation.invariant}: ${violation.explanation}`, { invariant: violation.invariant, entities: violation.entities });
}
