import type { Agenda } from './agenda';
import type { EventSink } from './batch-context';
import { UnknownEventKind } from './errors';
import type { Nanos } from './time';

/**
 * Where `ctx.schedule` puts events: the engine's agenda, each kind checked against the handler
 * table and given its queue id once. A later push of a kind costs one map lookup, or one string
 * comparison when it is the kind pushed last (most handlers schedule one kind again and again).
 *
 * A class, not a closure the engine makes: a closure per engine is a new call target, and each
 * new engine threw away the optimised batch loop ("wrong call target"): the bench measures a
 * fresh engine per run, and its second and third runs paid for it.
 */
export class HandlerQueue implements EventSink {
  private readonly kindIds = new Map<string, number>();
  private lastKind = '';
  private lastKindId = -1;

  constructor(
    private readonly agenda: Agenda,
    /** The engine's handlers by kind (only which kinds have some is read). */
    private readonly handlers: Readonly<Record<string, unknown>>,
  ) {}

  push(kind: string, payload: unknown, at: Nanos, priority: number): number {
    if (kind !== this.lastKind) {
      let id = this.kindIds.get(kind);
      if (id === undefined) {
        if (this.handlers[kind] === undefined) throw new UnknownEventKind(kind);
        id = this.agenda.kindId(kind);
        this.kindIds.set(kind, id);
      }
      this.lastKind = kind;
      this.lastKindId = id;
    }
    return this.agenda.pushKind(this.lastKindId, payload, at, priority);
  }
}
