import type { Reply } from '../src/protocol/replies';

/** A window that receives simulator replies (a BrowserWindow's webContents, see main/window-service.ts). */
export interface ReplyTarget {
  readonly id: number;
  send(reply: Reply): void;
  isDestroyed(): boolean;
}

type Loaded = Extract<Reply, { type: 'loaded' }>;

/**
 * Fans the one simulator's replies out to every app window, so the presenter window and the
 * audience window of presenter mode show the same simulation. A window that opens later is
 * caught up with the lesson (the last `loaded` reply); main then asks the worker for a snapshot,
 * which brings every window to the current state.
 */
export class ReplyHub {
  private readonly targets = new Map<number, ReplyTarget>();
  private lastLoaded: Loaded | null = null;

  add(target: ReplyTarget): void {
    this.targets.set(target.id, target);
  }

  remove(id: number): void {
    this.targets.delete(id);
  }

  get size(): number {
    return this.targets.size;
  }

  broadcast(reply: Reply): void {
    if (reply.type === 'loaded') this.lastLoaded = reply;
    for (const [id, target] of this.targets) {
      if (target.isDestroyed()) {
        this.targets.delete(id);
        continue;
      }
      target.send(reply);
    }
  }

  /** Sends the lesson to a late window; false when nothing is loaded yet (no snapshot needed). */
  catchUp(target: ReplyTarget): boolean {
    if (!this.lastLoaded || target.isDestroyed()) return false;
    target.send(this.lastLoaded);
    return true;
  }

  /** The worker restarted: its lesson is gone, so a new window must not be shown the old one. */
  forgetLesson(): void {
    this.lastLoaded = null;
  }
}
