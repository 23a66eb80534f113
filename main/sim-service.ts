import { Channels } from './channels';
import { commandRefusal } from './ipc-guard';
import { push, type IpcRouter } from './ipc-router';
import type { ReplyHub } from './reply-hub';
import { SimSupervisor, type WorkerLike } from './sim-supervisor';
import type { WindowService } from './window-service';

export interface SimServiceDeps {
  createWorker(): WorkerLike;
  hub: ReplyHub;
  windows: WindowService;
}

/**
 * The simulator worker, wired to the windows: commands from the renderer (checked by the router)
 * go to the supervisor, which keeps one worker alive (watchdog, restart, session restore); its
 * replies fan out to every window through the hub.
 */
export class SimService {
  private supervisor: SimSupervisor | null = null;

  constructor(private readonly deps: SimServiceDeps) {}

  /** Starts the worker (once the app is ready). */
  start(): void {
    if (this.supervisor) return;
    const { hub } = this.deps;
    this.supervisor = new SimSupervisor(this.deps.createWorker, (reply) => hub.broadcast(reply), {
      // A restored session keeps its lesson, so a window opened later is still caught up with it
      // (the restore answers with a snapshot, not a new `loaded`); only a lost session forgets it.
      onRestart: (restored) => {
        if (!restored) hub.forgetLesson();
      },
    });
  }

  /** Inputs made since the lesson was loaded (a deep link that replaces the lesson would drop them). */
  get sessionInputs(): number {
    return this.supervisor?.sessionInputs ?? 0;
  }

  /** Brings a newly joined window to the current state. */
  requestSnapshot(): void {
    this.supervisor?.send({ type: 'snapshot' });
  }

  register(router: IpcRouter): void {
    const { windows } = this.deps;
    router.on(
      Channels.command,
      (event, command) => {
        // The audience window follows the presenter. Its renderer may ask for its default lesson on
        // start-up; obeying would reset the simulation the class is watching, so loads from it are
        // dropped (it is caught up with the presenter's lesson instead, see WindowService).
        if (command.type === 'load' && windows.isAudience(event.sender.id)) return;
        this.supervisor?.send(command);
      },
      (event, refusal, raw) => push(event.sender, Channels.reply, commandRefusal(refusal, raw)),
    );
  }

  async dispose(): Promise<void> {
    await this.supervisor?.dispose();
  }
}
