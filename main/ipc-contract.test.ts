import type { IpcMainEvent, IpcMainInvokeEvent } from 'electron';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Command } from '../src/protocol/commands';
import { Channels } from './channels';
import type { CheckedOf, ReplyOf, RequestOf } from './ipc-contract';
import type { SenderInfo } from './ipc-guard';
import { IpcRouter, push, type IpcEvent, type IpcMainLike, type PushTarget } from './ipc-router';
import { rendererIpc } from './preload/renderer-ipc';

/**
 * The IPC contract binds each channel to its payload types on both sides. The `@ts-expect-error`
 * lines are the point of this file: `npm run typecheck` fails if any of those mismatches
 * compiles (an unused @ts-expect-error is itself an error). The rest checks the router at run time.
 */

type Listener = (event: IpcEvent, ...args: unknown[]) => unknown;

function fakeIpcMain() {
  const listeners = new Map<string, Listener>();
  const ipc: IpcMainLike = {
    on: (channel, listener) => listeners.set(channel, listener as Listener),
    handle: (channel, listener) => listeners.set(channel, listener as Listener),
  };
  return { ipc, call: (channel: string, sender: SenderInfo | null, raw?: unknown) => listeners.get(channel)?.({ sender } as unknown as IpcEvent, raw) };
}

const trusted: SenderInfo = { url: 'app://lab/index.html', isAppMainFrame: true };
const senderOf = (event: IpcEvent) => (event as unknown as { sender: SenderInfo | null }).sender;

describe('the IPC contract (compile time)', () => {
  it('types the preload side by channel', () => {
    const sent: unknown[][] = [];
    const ipc = rendererIpc({ send: (...args: unknown[]) => void sent.push(args), invoke: async () => true, on: () => ({}) as never });
    ipc.send(Channels.command, { type: 'step' });
    ipc.send(Channels.recordingAppend, '{"k":"marker"}\n');
    ipc.send(Channels.recordingClose);
    // @ts-expect-error the command channel carries a protocol command, not a string
    ipc.send(Channels.command, 'play');
    // @ts-expect-error not a command the protocol knows
    ipc.send(Channels.command, { type: 'exec' });
    // @ts-expect-error recording lines are text
    ipc.send(Channels.recordingAppend, 42);
    // @ts-expect-error recording-close carries nothing
    ipc.send(Channels.recordingClose, 'now');
    // @ts-expect-error recording-start is a request (invoke), not a send
    ipc.send(Channels.recordingStart, 'a.ndjson');
    // @ts-expect-error main → renderer only
    ipc.send(Channels.reply, { type: 'error', message: 'x' });
    expectTypeOf(ipc.invoke(Channels.recordingStart, 'a.ndjson')).toEqualTypeOf<Promise<boolean>>();
    // @ts-expect-error recording-start answers with a boolean
    const wrong: Promise<string> = ipc.invoke(Channels.recordingStart, 'a.ndjson');
    ipc.on(Channels.deepLink, (link) => expectTypeOf(link.lessonId).toBeString());
    // @ts-expect-error a menu command is a string, not a number
    ipc.on(Channels.menu, (command: number) => command);
    void wrong;
    expect(sent[0]).toEqual([Channels.command, { type: 'step' }]);
  });

  it('derives payload types from the zod schemas main validates with', () => {
    expectTypeOf<CheckedOf<typeof Channels.command>>().toEqualTypeOf<Command>();
    expectTypeOf<RequestOf<typeof Channels.recordingStart>>().toEqualTypeOf<string>();
    expectTypeOf<ReplyOf<typeof Channels.openFileDialog>>().toHaveProperty('ok');
  });

  it('types main side by channel', () => {
    const router = new IpcRouter(fakeIpcMain().ipc, senderOf, ['app://lab']);
    router.on(Channels.recordingAppend, (_event: IpcMainEvent, text) => expectTypeOf(text).toBeString());
    // @ts-expect-error the listener's payload is the channel's checked type
    router.on(Channels.recordingAppend, (_event: IpcMainEvent, text: number) => text);
    // @ts-expect-error recording-start must answer a boolean
    router.handle(Channels.recordingStart, async (_event: IpcMainInvokeEvent) => 'yes', () => false);
    const target: PushTarget = { send: () => undefined, isDestroyed: () => false };
    push(target, Channels.menu, 'help.about');
    // @ts-expect-error a reply must be a protocol reply
    push(target, Channels.reply, { type: 'nonsense' });
    // @ts-expect-error renderer → main only
    push(target, Channels.recordingAppend, 'line');
  });
});

describe('IpcRouter (run time)', () => {
  it('passes only checked payloads from trusted senders to the listener', () => {
    const { ipc, call } = fakeIpcMain();
    const router = new IpcRouter(ipc, senderOf, ['app://lab']);
    const got: Command[] = [];
    const refused: string[] = [];
    router.on(Channels.command, (_event, command) => got.push(command), (_event, refusal) => refused.push(`${refusal.stage}: ${refusal.reason}`));
    call(Channels.command, trusted, { type: 'step' });
    call(Channels.command, trusted, { type: 'exec' });
    call(Channels.command, { url: 'https://evil.example/', isAppMainFrame: true }, { type: 'step' });
    call(Channels.command, trusted, JSON.parse('{"type":"input","action":{"__proto__":{}}}'));
    expect(got).toEqual([{ type: 'step', count: 1 }]);
    expect(refused).toEqual([expect.stringMatching(/^payload: \$\.type/), expect.stringMatching(/^sender: .*outside the app/), expect.stringMatching(/^payload: .*__proto__/)]);
  });

  it('answers a refused request without calling the handler', async () => {
    const { ipc, call } = fakeIpcMain();
    const router = new IpcRouter(ipc, senderOf, ['app://lab']);
    let calls = 0;
    router.handle(Channels.recordingStart, async () => ++calls > 0, () => false);
    expect(await call(Channels.recordingStart, trusted, 'a.ndjson')).toBe(true);
    expect(await call(Channels.recordingStart, trusted, { path: '/etc/passwd' })).toBe(false);
    expect(await call(Channels.recordingStart, null, 'a.ndjson')).toBe(false);
    expect(calls).toBe(1);
  });

  it('does not push to a destroyed window', () => {
    const sent: unknown[][] = [];
    push({ send: (...args: unknown[]) => void sent.push(args), isDestroyed: () => true }, Channels.menu, 'help.about');
    push({ send: (...args: unknown[]) => void sent.push(args), isDestroyed: () => false }, Channels.recordingFailed, 'disk full');
    expect(sent).toEqual([[Channels.recordingFailed, 'disk full']]);
  });
});
