import type { CommandInput } from '../protocol/commands';
import type { HostStatus, Reply } from '../protocol/replies';

/** Request ids the journal gives inputs that came without one (far above any UI's own). */
const JOURNAL_BASE = 2 ** 50;

type LoadCommand = Extract<CommandInput, { type: 'load' }>;
export type RestoreCommand = Extract<CommandInput, { type: 'restore' }>;

/**
 * What a supervisor needs to rebuild a session in a fresh simulator: the lesson as loaded, the
 * seed and faults, every input with where the host inserted it (from its `status` reply, as a
 * recording does), and the last position the host reported. Inputs still unanswered when the
 * host dies are counted, so the user is told exactly what did not survive.
 */
export class SessionJournal {
  private load: LoadCommand | null = null;
  private seed = 0;
  private inputs: Array<{ e: number; t: number; action: unknown }> = [];
  private readonly pending = new Map<number, { action: unknown; ours: boolean }>();
  private nextId = JOURNAL_BASE;
  private position: { eventIndex: number; simTime: number } = { eventIndex: 0, simTime: 0 };

  /** Call with each command on its way to the host; returns what to send (inputs get an id). */
  command(command: CommandInput): CommandInput {
    if (command.type === 'load') {
      this.load = command;
      this.pending.clear();
      return command;
    }
    if (command.type !== 'input' || this.load === null) return command;
    const ours = command.requestId === undefined;
    const requestId = command.requestId ?? this.nextId++;
    this.pending.set(requestId, { action: command.action, ours });
    return { ...command, requestId };
  }

  /** Call with each reply; returns the reply to pass on (the journal's own ids removed). */
  reply(reply: Reply): Reply {
    if (reply.type === 'loaded') {
      this.seed = reply.status.seed;
      this.inputs = [];
      this.position = { eventIndex: 0, simTime: 0 };
    }
    if ('status' in reply) this.note(reply.status);
    else if (reply.type === 'hash') this.position = { eventIndex: reply.eventIndex, simTime: reply.simTime };
    if (reply.type === 'frame') return reply;
    const id = reply.requestId;
    const pending = id === undefined ? undefined : this.pending.get(id);
    if (id === undefined || !pending) return reply;
    this.pending.delete(id);
    // A rejected input changed nothing; an accepted one is answered with where it went.
    if (reply.type === 'status') this.inputs.push({ e: reply.status.eventIndex, t: reply.status.simTime, action: pending.action });
    if (!pending.ours) return reply;
    return { ...reply, requestId: undefined };
  }

  /** Inputs sent but not answered (lost if the host dies now). */
  get unanswered(): number {
    return this.pending.size;
  }

  get inputCount(): number {
    return this.inputs.length;
  }

  get eventIndex(): number {
    return this.position.eventIndex;
  }

  /** The command that rebuilds the session in a fresh host, or null when no lesson was loaded. */
  restoreCommand(): RestoreCommand | null {
    const load = this.load;
    if (!load) return null;
    const lesson = load.lessonId !== undefined ? { lessonId: load.lessonId } : { lesson: load.lesson, source: load.source };
    return { type: 'restore', ...lesson, seed: this.seed, faults: load.faults ?? [], inputs: [...this.inputs], ...this.position };
  }

  /** Forgets unanswered inputs (after a restore, which could not include them). */
  dropUnanswered(): number {
    const count = this.pending.size;
    this.pending.clear();
    return count;
  }

  private note(status: HostStatus): void {
    this.position = { eventIndex: status.eventIndex, simTime: status.simTime };
  }
}
