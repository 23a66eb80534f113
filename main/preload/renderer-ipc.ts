import type { IpcRenderer } from 'electron';
import type { InvokeChannel, PayloadArgs, PushChannel, PushPayloads, ReplyOf, RequestOf, SendChannel } from '../ipc-contract';

/**
 * The preload's side of the IPC contract (main/ipc-contract.ts): send, invoke and listen, each
 * typed by channel, so a payload that does not match its channel fails to compile. Types only
 * come from the contract; nothing here validates (main does).
 */
export interface RendererIpc {
  send<C extends SendChannel>(channel: C, ...payload: PayloadArgs<RequestOf<C>>): void;
  invoke<C extends InvokeChannel>(channel: C, ...payload: PayloadArgs<RequestOf<C>>): Promise<ReplyOf<C>>;
  on<C extends PushChannel>(channel: C, listener: (payload: PushPayloads[C]) => void): void;
}

export function rendererIpc(ipc: Pick<IpcRenderer, 'send' | 'invoke' | 'on'>): RendererIpc {
  return {
    send: (channel, ...payload) => ipc.send(channel, ...payload),
    // Electron types the answer as `any`; the contract says what main's handler returns for this channel.
    invoke: (channel, ...payload) => ipc.invoke(channel, ...payload),
    on: (channel, listener) => {
      ipc.on(channel, (_event, payload: Parameters<typeof listener>[0]) => listener(payload));
    },
  };
}
