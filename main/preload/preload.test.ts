import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { LabApi } from '../../src/protocol/lab-api';
import { Channels } from '../channels';

type Handler = (event: unknown, value: unknown) => void;

const electron = vi.hoisted(() => {
  const state = {
    exposed: new Map<string, unknown>(),
    handlers: new Map<string, Handler>(),
    sent: [] as [string, unknown][],
    invokeResult: { ok: true, file: null } as unknown,
  };
  return {
    state,
    module: {
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => state.exposed.set(key, value) },
      ipcRenderer: {
        on: (channel: string, handler: Handler) => state.handlers.set(channel, handler),
        send: (channel: string, value: unknown) => state.sent.push([channel, value]),
        invoke: async () => state.invokeResult,
      },
    },
  };
});
vi.mock('electron', () => electron.module);

const emit = (channel: string, value: unknown) => electron.state.handlers.get(channel)?.(undefined, value);

describe('preload window.lab', () => {
  let lab: LabApi;
  beforeEach(async () => {
    vi.resetModules();
    electron.state.exposed.clear();
    electron.state.handlers.clear();
    electron.state.sent.length = 0;
    await import('./index');
    lab = electron.state.exposed.get('lab') as LabApi;
  });

  it('exposes exactly the LabApi, frozen, and nothing else', () => {
    expect([...electron.state.exposed.keys()]).toEqual(['lab']);
    expect(Object.keys(lab).sort()).toEqual(['onDeepLink', 'onMenu', 'onOpenFile', 'onRecordingFailed', 'onReply', 'openFileDialog', 'platform', 'recordingAppend', 'recordingClose', 'recordingStart', 'send']);
    expect(Object.isFrozen(lab)).toBe(true);
    expect(lab.platform).toBe('electron');
    expect(JSON.stringify(Object.values(lab))).not.toMatch(/ipcRenderer/);
  });

  it('sends commands only on the command channel', () => {
    lab.send({ type: 'play' });
    expect(electron.state.sent).toEqual([[Channels.command, { type: 'play' }]]);
  });

  it('delivers replies to every listener and stops after unsubscribe', () => {
    const a: unknown[] = [];
    const b: unknown[] = [];
    const offA = lab.onReply((r) => a.push(r));
    lab.onReply((r) => b.push(r));
    emit(Channels.reply, { type: 'status' });
    offA();
    offA();
    emit(Channels.reply, { type: 'error' });
    expect(a).toEqual([{ type: 'status' }]);
    expect(b).toEqual([{ type: 'status' }, { type: 'error' }]);
  });

  it('keeps a deep link that arrives before the renderer subscribes', async () => {
    emit(Channels.deepLink, { lessonId: 'tour', step: 2 });
    const got: unknown[] = [];
    lab.onDeepLink((link) => got.push(link));
    expect(got).toEqual([]);
    await Promise.resolve();
    expect(got).toEqual([{ lessonId: 'tour', step: 2 }]);
  });

  it('bounds the early buffer', async () => {
    for (let i = 0; i < 1000; i++) emit(Channels.menu, `m${i}`);
    const got: string[] = [];
    lab.onMenu((m) => got.push(m));
    await Promise.resolve();
    expect(got.length).toBe(256);
    expect(got[0]).toBe('m0');
  });

  it('isolates a throwing listener', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const got: unknown[] = [];
    lab.onOpenFile(() => {
      throw new Error('bad listener');
    });
    lab.onOpenFile((f) => got.push(f));
    emit(Channels.openFile, { path: '/a.json', name: 'a.json', text: '{}' });
    expect(got.length).toBe(1);
    expect(errors).toHaveBeenCalledOnce();
    errors.mockRestore();
  });

  it('rejects non-function listeners', () => {
    expect(() => lab.onReply('nope' as unknown as () => void)).toThrow(TypeError);
  });

  it('turns a failed open into a rejected promise with the message', async () => {
    electron.state.invokeResult = { ok: false, message: 'huge.json: file is 5 MiB, larger than the 4 MiB limit' };
    await expect(lab.openFileDialog()).rejects.toThrow(/huge\.json/);
    electron.state.invokeResult = { ok: true, file: { path: '/a.json', name: 'a.json', text: '{}' } };
    await expect(lab.openFileDialog()).resolves.toEqual({ path: '/a.json', name: 'a.json', text: '{}' });
  });
});
