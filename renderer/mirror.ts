import type { Patch } from 'immer';
import { applySharedPatches, type TraceRecord } from '../src/engine';
import type { Lesson } from '../src/lessons/schema';
import type { SimState } from '../src/model/state';
import type { HostStatus, Reply } from '../src/protocol/replies';


/** What a reply did to the mirror, so the shell knows what to redraw. */
export type MirrorChange =
  | { kind: 'loaded' }
  | { kind: 'snapshot' }
  | { kind: 'frame'; patches: readonly Patch[]; trace: readonly TraceRecord[] }
  | { kind: 'status' }
  /** A frame was missed or did not apply; a snapshot has been requested. */
  | { kind: 'resync' }
  | { kind: 'error'; message: string; errors: NonNullable<Extract<Reply, { type: 'error' }>['errors']> }
  | { kind: 'ignored' };

/**
 * The renderer's copy of the simulation state. It starts from `loaded`/`snapshot` and applies
 * each `frame`'s patches with `applySharedPatches` (structural sharing, no proxies: 3–10× faster
 * than immer's on large seeks). Frames carry a sequence number: when one is missing the
 * patches would apply to the wrong base, so the mirror stops applying and asks for a snapshot.
 */
export class StateMirror {
  state: SimState | null = null;
  lesson: Lesson | null = null;
  status: HostStatus | null = null;
  /** Sequence number of the last frame applied; null right after `loaded` (it carries none). */
  private lastSeq: number | null = null;
  private awaitingSnapshot = false;

  constructor(private readonly requestSnapshot: () => void) {}

  apply(reply: Reply): MirrorChange {
    switch (reply.type) {
      case 'loaded':
        this.lesson = reply.lesson;
        this.state = reply.state;
        this.status = reply.status;
        this.lastSeq = null;
        this.awaitingSnapshot = false;
        return { kind: 'loaded' };
      case 'snapshot':
        if (!this.lesson) return { kind: 'ignored' };
        this.state = reply.state;
        this.status = reply.status;
        this.lastSeq = reply.seq;
        this.awaitingSnapshot = false;
        return { kind: 'snapshot' };
      case 'status':
        if (!this.lesson) return { kind: 'ignored' };
        this.status = reply.status;
        return { kind: 'status' };
      case 'error':
        return { kind: 'error', message: reply.message, errors: reply.errors ?? [] };
      case 'frame':
        return this.applyFrame(reply);
      default:
        // Replies for other clients (e.g. `hash`) leave the mirror as it is.
        return { kind: 'ignored' };
    }
  }

  private applyFrame(frame: Extract<Reply, { type: 'frame' }>): MirrorChange {
    if (!this.state || this.awaitingSnapshot) return { kind: 'ignored' };
    if (this.lastSeq !== null && frame.seq <= this.lastSeq) return { kind: 'ignored' };
    if (this.lastSeq !== null && frame.seq !== this.lastSeq + 1) return this.resync();
    try {
      this.state = frame.patches.length > 0 ? applySharedPatches(this.state, frame.patches) : this.state;
    } catch {
      return this.resync();
    }
    this.lastSeq = frame.seq;
    this.status = frame.status;
    return { kind: 'frame', patches: frame.patches, trace: frame.trace };
  }

  private resync(): MirrorChange {
    this.awaitingSnapshot = true;
    this.requestSnapshot();
    return { kind: 'resync' };
  }
}
