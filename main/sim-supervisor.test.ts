import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { Reply } from '../src/protocol/replies';
import { ReplyHub, type ReplyTarget } from './reply-hub';
import { SimSupervisor, type WorkerLike } from './sim-supervisor';

class FakeWorker extends EventEmitter implements WorkerLike {
  readonly posted: unknown[] = [];
  terminated = false;
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  async terminate(): Promise<number> {
    this.terminated = true;
    return 0;
  }
}

function fakeSetup(options: { maxRestarts?: number } = {}) {
  const workers: FakeWorker[] = [];
  const replies: Reply[] = [];
  let clock = 0;
  const supervisor = new SimSupervisor(
    () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker;
    },
    (reply) => replies.push(reply),
    { ...options, now: () => clock },
  );
  return { supervisor, workers, replies, advance: (ms: number) => (clock += ms) };
}

describe('SimSupervisor', () => {
  it('relays commands to the worker and its replies back', () => {
    const { supervisor, workers, replies } = fakeSetup();
    supervisor.send({ type: 'play' });
    expect(workers[0]?.posted).toEqual([{ type: 'play' }]);
    workers[0]?.emit('message', { type: 'status', status: {} });
    expect(replies).toEqual([{ type: 'status', status: {} }]);
  });

  it('restarts a dead worker once per death and says so', () => {
    const { supervisor, workers, replies } = fakeSetup();
    workers[0]?.emit('error', new Error('boom'));
    workers[0]?.emit('exit', 1);
    expect(workers.length).toBe(2);
    expect(replies.length).toBe(1);
    expect(replies[0]).toMatchObject({ type: 'error' });
    expect((replies[0] as { message: string }).message).toMatch(/stopped unexpectedly \(boom\) and was restarted/);
    // Messages from the dead worker are ignored; the new one is used.
    workers[0]?.emit('message', { type: 'status' });
    expect(replies.length).toBe(1);
    supervisor.send({ type: 'pause' });
    expect(workers[1]?.posted).toEqual([{ type: 'pause' }]);
  });

  it('stops restarting in a tight loop, then restarts on the next command', () => {
    const { supervisor, workers, replies, advance } = fakeSetup({ maxRestarts: 2 });
    for (let i = 0; i < 3; i++) workers[i]?.emit('exit', 134);
    expect(workers.length).toBe(3);
    expect(supervisor.running).toBe(false);
    expect((replies.at(-1) as { message: string }).message).toMatch(/keeps stopping/);
    advance(1000);
    supervisor.send({ type: 'snapshot' });
    expect(workers.length).toBe(4);
    expect(workers[3]?.posted).toEqual([{ type: 'snapshot' }]);
  });

  it('reports a worker that cannot be created instead of throwing', () => {
    const replies: Reply[] = [];
    const supervisor = new SimSupervisor(() => {
      throw new Error('no such file');
    }, (reply) => replies.push(reply));
    expect(() => supervisor.send({ type: 'play' })).not.toThrow();
    expect(replies.map((r) => r.type)).toEqual(['error', 'error']);
  });

  it('tells the caller whether the restart restored the session (so a cached lesson is kept only then)', () => {
    const restarts: boolean[] = [];
    const workers: FakeWorker[] = [];
    const supervisor = new SimSupervisor(
      () => {
        const worker = new FakeWorker();
        workers.push(worker);
        return worker;
      },
      () => undefined,
      { maxRestarts: 2, now: () => 0, onRestart: (restored) => restarts.push(restored) },
    );
    workers[0]?.emit('exit', 1); // nothing loaded yet: nothing to restore
    supervisor.send({ type: 'load', lessonId: 'hello-host' });
    workers[1]?.emit('message', { type: 'loaded', lesson: {}, state: {}, status: { seed: 1, eventIndex: 0, simTime: 0 } });
    workers[1]?.emit('exit', 1); // restored
    workers[2]?.emit('exit', 1); // keeps stopping: not restarted, the lesson is gone
    expect(restarts).toEqual([false, true, false]);
    expect(workers[2]?.posted[0]).toMatchObject({ type: 'restore', lessonId: 'hello-host' });
    void supervisor.dispose();
  });

  it('does not restart after dispose', async () => {
    const { supervisor, workers } = fakeSetup();
    await supervisor.dispose();
    workers[0]?.emit('exit', 0);
    expect(workers.length).toBe(1);
    expect(workers[0]?.terminated).toBe(true);
  });
});

describe('ReplyHub', () => {
  const target = (id: number) => {
    const got: Reply[] = [];
    let destroyed = false;
    const t: ReplyTarget & { got: Reply[]; destroy(): void } = { id, got, send: (r) => got.push(r), isDestroyed: () => destroyed, destroy: () => (destroyed = true) };
    return t;
  };

  it('broadcasts to every window and catches up a late one with the lesson', () => {
    const hub = new ReplyHub();
    const a = target(1);
    hub.add(a);
    expect(hub.catchUp(a)).toBe(false);
    const loaded = { type: 'loaded', lesson: { id: 'x' }, state: {}, status: {} } as unknown as Reply;
    hub.broadcast(loaded);
    const b = target(2);
    hub.add(b);
    expect(hub.catchUp(b)).toBe(true);
    hub.broadcast({ type: 'error', message: 'm' });
    expect(a.got.map((r) => r.type)).toEqual(['loaded', 'error']);
    expect(b.got.map((r) => r.type)).toEqual(['loaded', 'error']);
    a.destroy();
    hub.broadcast({ type: 'error', message: 'n' });
    expect(hub.size).toBe(1);
    hub.forgetLesson();
    expect(hub.catchUp(target(3))).toBe(false);
  });
});

describe('the real simulator worker', () => {
  it('loads hello-host and steps in a worker thread', async () => {
    // The built app runs out/main/sim-worker.js; here tsx compiles the TypeScript source on the fly.
    const file = new URL('./sim-worker.ts', import.meta.url).href;
    const tsxRoot = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
    const tsxApi = pathToFileURL(join(tsxRoot, 'dist/esm/api/index.mjs')).href;
    const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ tsImport }) => tsImport(${JSON.stringify(file)}, ${JSON.stringify(file)}))`;
    const replies: Reply[] = [];
    let notify = () => {};
    const supervisor = new SimSupervisor(
      () => new Worker(bootstrap, { eval: true }),
      (reply) => {
        replies.push(reply);
        notify();
      },
    );
    const waitFor = (type: Reply['type']) =>
      new Promise<Reply>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${type} reply; got ${JSON.stringify(replies).slice(0, 800)}`)), 30_000);
        notify = () => {
          const found = replies.find((r) => r.type === type);
          if (found) {
            clearTimeout(timer);
            resolve(found);
          }
        };
        notify();
      });
    try {
      supervisor.send({ type: 'load', lessonId: 'hello-host', seed: 1 });
      const loaded = await waitFor('loaded');
      expect(loaded.type === 'loaded' && loaded.status.eventIndex).toBe(0);
      supervisor.send({ type: 'step', count: 1 });
      const frame = await waitFor('frame');
      expect(frame.type === 'frame' && frame.status.eventIndex).toBe(1);
    } finally {
      await supervisor.dispose();
    }
  });
});

describe('the watchdog', () => {
  it('pings, and replaces a worker that misses the deadline with one that gets the session back', () => {
    const workers: FakeWorker[] = [];
    const replies: Reply[] = [];
    let clock = 0;
    let tick = () => {};
    const supervisor = new SimSupervisor(
      () => {
        const worker = new FakeWorker();
        workers.push(worker);
        return worker;
      },
      (reply) => replies.push(reply),
      { now: () => clock, deadlineMs: 5000, startupDeadlineMs: 5000, pingEveryMs: 1000, timers: { setInterval: (fn) => (tick = fn), clearInterval: () => undefined } },
    );
    const first = workers[0] as FakeWorker;
    supervisor.send({ type: 'load', lessonId: 'hello-host' });
    first.emit('message', { type: 'loaded', lesson: {}, state: {}, status: { seed: 3, eventIndex: 0, simTime: 0 } });
    supervisor.send({ type: 'input', action: { type: 'cpu.syscall', domain: 'g' } });
    const input = first.posted[1] as { requestId: number };
    // The journal gave the input an id, learns where it went, and hides its id from the UI.
    first.emit('message', { type: 'status', requestId: input.requestId, status: { seed: 3, eventIndex: 4, simTime: 900 } });
    expect(replies.at(-1)).toMatchObject({ type: 'status', requestId: undefined });
    supervisor.send({ type: 'input', action: { type: 'cpu.syscall', domain: 'g' } }); // never answered
    tick();
    const ping = first.posted.at(-1) as { type: string; requestId: number };
    expect(ping.type).toBe('ping');
    first.emit('message', { type: 'status', requestId: ping.requestId, status: { seed: 3, eventIndex: 9, simTime: 2000 } });
    expect(replies.filter((r) => r.type === 'status')).toHaveLength(1); // pongs are not passed on
    tick(); // next ping…
    clock += 4000;
    tick();
    expect(workers).toHaveLength(1); // within the deadline
    clock += 2000;
    tick();
    expect(first.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(workers[1]?.posted[0]).toEqual({ type: 'restore', lessonId: 'hello-host', seed: 3, faults: [], inputs: [{ e: 4, t: 900, action: { type: 'cpu.syscall', domain: 'g' } }], eventIndex: 9, simTime: 2000 });
    expect((replies.at(-1) as { message: string }).message).toMatch(/stopped responding .* restored \(same lesson, seed and 1 input, at event 9\); 1 input sent just before was not applied/);
    void supervisor.dispose();
  });

  it('terminates a worker stuck in a handler, restarts it and restores the session at the same state hash', async () => {
    const file = new URL('./testing/hanging-sim-worker.ts', import.meta.url).href;
    const tsxRoot = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
    const tsxApi = pathToFileURL(join(tsxRoot, 'dist/esm/api/index.mjs')).href;
    const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ tsImport }) => tsImport(${JSON.stringify(file)}, ${JSON.stringify(file)}))`;
    const replies: Reply[] = [];
    const waiters = new Set<() => void>();
    const workers: Worker[] = [];
    const supervisor = new SimSupervisor(
      () => {
        const worker = new Worker(bootstrap, { eval: true });
        workers.push(worker);
        return worker;
      },
      (reply) => {
        replies.push(reply);
        for (const waiter of [...waiters]) waiter();
      },
      { pingEveryMs: 250, deadlineMs: 1500 },
    );
    const waitFor = (match: (r: Reply) => boolean, what: string) =>
      new Promise<Reply>((resolve, reject) => {
        const from = replies.length;
        const timer = setTimeout(() => reject(new Error(`no ${what}; got ${JSON.stringify(replies.slice(from)).slice(0, 800)}`)), 30_000);
        const check = () => {
          const found = replies.slice(from).find(match);
          if (found) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve(found);
          }
        };
        waiters.add(check);
        check();
      });
    const hashNow = async (requestId: number) => {
      const pending = waitFor((r) => r.type === 'hash' && r.requestId === requestId, 'hash');
      supervisor.send({ type: 'hash', requestId });
      return (await pending) as Extract<Reply, { type: 'hash' }>;
    };
    try {
      const loaded = waitFor((r) => r.type === 'loaded', 'loaded');
      supervisor.send({ type: 'load', lessonId: 'hello-host', seed: 7 });
      await loaded;
      supervisor.send({ type: 'step', count: 20 });
      supervisor.send({ type: 'input', action: { type: 'guest.launch', host: 'host-1', guest: { id: 'late', tenant: 'alice', mode: 'hvm', vcpus: 1, memoryMiB: 1024 } } });
      supervisor.send({ type: 'step', count: 15 });
      const before = await hashNow(1);
      const restored = waitFor((r) => r.type === 'error' && /stopped responding .* restored \(same lesson, seed and 1 input, at event \d+\)/.test(r.message), 'restore message');
      const snapshot = waitFor((r) => r.type === 'snapshot', 'snapshot after restore');
      supervisor.send({ type: 'setSpeed', speed: 42 }); // the test-only handler that never returns
      await restored;
      await snapshot;
      expect(workers.length).toBe(2);
      const after = await hashNow(2);
      expect(after.eventIndex).toBe(before.eventIndex);
      expect(after.hash).toBe(before.hash);
    } finally {
      await supervisor.dispose();
    }
  }, 60_000);
});

