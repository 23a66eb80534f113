import { describe, expect, it } from 'vitest';
import { ReplayClient, type ReplayPort } from './replay-client';
import type { ReplayRequest, ReplayResponse } from './replay-protocol';

/** A port whose worker answers only when the test says so. */
function manualPort() {
  const ports: Array<{ posted: ReplayRequest[]; answer(r: ReplayResponse): void; crash(m: string): void; terminated: boolean }> = [];
  const create = (): ReplayPort => {
    let listener: (r: ReplayResponse) => void = () => undefined;
    let crashed: (m: string) => void = () => undefined;
    const port = { posted: [] as ReplayRequest[], answer: (r: ReplayResponse) => listener(r), crash: (m: string) => crashed(m), terminated: false };
    ports.push(port);
    return {
      post: (request) => port.posted.push(request),
      onMessage: (l) => (listener = l),
      onCrash: (l) => (crashed = l),
      terminate: () => (port.terminated = true),
    };
  };
  return { ports, create };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ReplayClient', () => {
  it('runs one request at a time, in order, and keeps only the newest waiting seek', async () => {
    const { ports, create } = manualPort();
    const progress: number[] = [];
    const client = new ReplayClient(create, (p) => progress.push(p.done));
    const answers: string[] = [];
    const track = (name: string, promise: Promise<ReplayResponse>) => void promise.then((r) => answers.push(`${name}:${r.type}`));
    track('open', client.request({ type: 'open', text: '', name: 'a', idleCapMs: 1 }));
    track('s1', client.request({ type: 'seek', p: 1 }));
    track('s2', client.request({ type: 'seek', p: 2 }));
    track('s3', client.request({ type: 'seek', p: 3 }));
    const port = ports[0];
    expect(port?.posted.map((r) => r.type)).toEqual(['open']);
    port?.answer({ type: 'progress', id: 1, stage: 'x', done: 1, total: 4 });
    port?.answer({ type: 'idle', id: 1 });
    await flush();
    // s1 and s2 were replaced by s3 before the worker got to them.
    expect(port?.posted.map((r) => (r.type === 'seek' ? r.p : r.type))).toEqual(['open', 3]);
    port?.answer({ type: 'idle', id: 4 });
    await flush();
    expect(answers.sort()).toEqual(['open:idle', 's1:idle', 's2:idle', 's3:idle']);
    expect(progress).toEqual([1]);
  });

  it('cancel stops the worker at once; the next request starts a fresh one', async () => {
    const { ports, create } = manualPort();
    const client = new ReplayClient(create, () => undefined);
    const open = client.request({ type: 'open', text: 'huge', name: 'a', idleCapMs: 1 });
    client.cancel();
    expect(await open).toMatchObject({ type: 'idle' });
    expect(ports[0]?.terminated).toBe(true);
    // A late answer from the stopped worker is ignored.
    ports[0]?.answer({ type: 'failed', id: 1, title: 't', message: 'm' });
    const next = client.request({ type: 'hash' });
    expect(ports).toHaveLength(2);
    ports[1]?.answer({ type: 'hash', id: 2, hash: 'h', eventIndex: 0, simTime: 0 });
    expect(await next).toMatchObject({ type: 'hash', hash: 'h' });
  });

  it('a crashed worker fails the running request with a message', async () => {
    const { ports, create } = manualPort();
    const client = new ReplayClient(create, () => undefined);
    const open = client.request({ type: 'open', text: '', name: 'a', idleCapMs: 1 });
    ports[0]?.crash('out of memory');
    expect(await open).toMatchObject({ type: 'failed', message: 'out of memory' });
  });
});
