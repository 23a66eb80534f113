/**
 * Typed engine errors (SimPy has `EmptySchedule` and `StopSimulation`): callers can tell a
 * programming error in a lesson or model (unknown kind, bad write path) from a handler's own error.
 */
export class EngineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** An event kind no handler is registered for. */
export class UnknownEventKind extends EngineError {
  constructor(readonly kind: string) {
    super(`no handler registered for event kind "${kind}"`);
  }
}

/** `ctx.mut(...path)` named a chunk that does not exist or is not an object. */
export class BadWritePath extends EngineError {
  constructor(readonly path: readonly (string | number)[]) {
    super(`ctx.mut: no object at ${path.map(String).join('.')}`);
  }
}

/** Time travel asked for a state the engine cannot reach (it has not run yet). */
export class NoKeyframe extends EngineError {
  constructor() {
    super('no keyframe to rewind to (the engine has not run yet)');
  }
}

/**
 * The engine stopped at a batch that failed and could not be undone: a run without keyframes
 * (`isolab run`, which never goes back) or a replay that failed too. `failure` is the first failure.
 */
export class EngineStopped extends EngineError {
  constructor(readonly failure: unknown) {
    super(`the engine stopped at a failed batch it cannot undo (no keyframe before it, or its replay failed as well): ${failure instanceof Error ? failure.message : String(failure)}`);
  }
}

/** Handlers kept emitting notifications within one event (`ctx.emit` calling itself). */
export class EmitTooDeep extends EngineError {
  constructor(
    readonly kind: string,
    readonly depth: number,
  ) {
    super(`ctx.emit nested more than ${depth} deep while handling "${kind}"`);
  }
}
