import { SimHost, type HostClock } from '../host/sim-host';
import type { Lesson } from '../lessons/schema';
import type { CommandInput } from '../protocol/commands';
import type { Reply } from '../protocol/replies';
import { SessionRecorder } from './session';

/** A wall clock for tests: time moves only when told, and due timers fire in order. */
export class FakeClock implements HostClock {
  time = 0;
  private timers: Array<{ at: number; id: number; fn: () => void }> = [];
  private nextId = 1;

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, id, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.time = next.at;
      next.fn();
    }
    this.time = end;
  }
}

/**
 * A recorded UI session against an in-process host: what the page does, without a page. Commands
 * go through the recorder exactly as the renderer's Record button routes them.
 */
export function startRecordedSession(lessonOrId: string | Lesson, options: { seed?: number; tickMs?: number } = {}): {
  clock: FakeClock;
  host: SimHost;
  recorder: SessionRecorder;
  ui: (command: CommandInput) => void;
  text: () => string;
  replies: Reply[];
} {
  const clock = new FakeClock();
  const replies: Reply[] = [];
  let recorder: SessionRecorder | null = null;
  const host = new SimHost((reply) => {
    replies.push(reply);
    recorder?.reply(reply);
  }, { clock, tickMs: options.tickMs });
  const lessonId = typeof lessonOrId === 'string' ? lessonOrId : lessonOrId.id;
  host.handle(typeof lessonOrId === 'string' ? { type: 'load', lessonId, seed: options.seed } : { type: 'load', lesson: lessonOrId, seed: options.seed });
  const loaded = replies.find((r): r is Extract<Reply, { type: 'loaded' }> => r.type === 'loaded');
  if (!loaded) throw new Error(`could not load ${lessonId}: ${JSON.stringify(replies[replies.length - 1])}`);
  let file = '';
  recorder = new SessionRecorder({
    app: 'test',
    lesson: loaded.lesson,
    status: loaded.status,
    viewport: { width: 1280, height: 720 },
    now: () => clock.now(),
    sink: (text) => (file += text),
    send: (command) => host.handle(command),
  });
  const active = recorder;
  return {
    clock,
    host,
    recorder: active,
    ui: (command) => {
      for (const c of active.command(command)) host.handle(c);
    },
    text: () => file,
    replies,
  };
}
