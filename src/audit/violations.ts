import type { Draft } from 'immer';
import type { HandlerContext, Violation } from '../engine';
import type { ModelWriteContext } from '../model/events';
import type { SimState } from '../model/state';

/**
 * Records an isolation violation in the state (so time travel restores it) and traces it.
 * Every auditor reports through here, so the CLI, the UI and recordings see one format.
 */
export function recordViolation(
  draft: Draft<SimState>,
  ctx: HandlerContext,
  violation: Omit<Violation, 'eventIndex' | 'simTime'>,
): void {
  const record: Violation = { ...violation, eventIndex: ctx.eventIndex, simTime: ctx.now };
  draft.violations.push(record);
  ctx.trace('violation', `VIOLATION ${violation.invariant}: ${violation.explanation}`, { invariant: violation.invariant, entities: violation.entities });
}

/** {@link recordViolation} for direct-path code: the record is appended through `ctx.mut`. */
export function reportViolation(ctx: ModelWriteContext, violation: Omit<Violation, 'eventIndex' | 'simTime'>): void {
  const record: Violation = { ...violation, eventIndex: ctx.eventIndex, simTime: ctx.now };
  ctx.mut('violations').push(record);
  ctx.trace('violation', `VIOLATION ${violation.invariant}: ${violation.explanation}`, { invariant: violation.invariant, entities: violation.entities });
}
