import type { IpcMainEvent, IpcMainInvokeEvent } from 'electron';
import type { z } from 'zod';
import type { CheckedOf, InvokeChannel, PayloadArgs, PushChannel, PushPayloads, ReplyOf, RendererChannel, RequestOf, SendChannel } from './ipc-contract';
import { guardPayload, type Refusal, type SenderInfo } from './ipc-guard';
import { ipcPayloadSchemas } from './ipc-payloads';

/** The part of Electron's ipcMain the router uses (a fake in tests). */
export interface IpcMainLike {
  on(channel: string, listener: (event: IpcMainEvent, ...args: unknown[]) => void): unknown;
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): unknown;
}

/** Anything main can push a message to (a WebContents). */
export interface PushTarget {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

export type IpcEvent = IpcMainEvent | IpcMainInvokeEvent;

/** Each channel's schema, seen through the contract's types (checked here, key by key). */
const schemas: { [C in RendererChannel]: z.ZodType<CheckedOf<C>, RequestOf<C>> } = ipcPayloadSchemas;

/**
 * Main's only way to listen to the renderer: every listener is registered by channel through the
 * IPC contract (main/ipc-contract.ts), and every message is checked first — sender (an app
 * window's main frame on an app origin), shape, then the channel's zod schema — so a listener
 * only ever sees a trusted, typed payload.
 */
export class IpcRouter {
  constructor(
    private readonly ipc: IpcMainLike,
    private readonly senderOf: (event: IpcEvent) => SenderInfo | null,
    private readonly appOrigins: readonly string[],
  ) {}

  /** A renderer → main message without an answer; `refused` hears about messages that failed a check. */
  on<C extends SendChannel>(channel: C, listener: (event: IpcMainEvent, payload: CheckedOf<C>) => void, refused?: (event: IpcMainEvent, refusal: Refusal, raw: unknown) => void): void {
    this.ipc.on(channel, (event, raw) => {
      const checked = this.check(channel, event, raw);
      if (checked.ok) listener(event, checked.value);
      else refused?.(event, checked, raw);
    });
  }

  /** A renderer → main request; a refused one is answered by `refused` without reaching the listener. */
  handle<C extends InvokeChannel>(
    channel: C,
    listener: (event: IpcMainInvokeEvent, payload: CheckedOf<C>) => Promise<ReplyOf<C>> | ReplyOf<C>,
    refused: (refusal: Refusal) => ReplyOf<C>,
  ): void {
    this.ipc.handle(channel, async (event, raw) => {
      const checked = this.check(channel, event, raw);
      return checked.ok ? listener(event, checked.value) : refused(checked);
    });
  }

  private check<C extends RendererChannel>(channel: C, event: IpcEvent, raw: unknown): { ok: true; value: CheckedOf<C> } | Refusal {
    return guardPayload(schemas[channel], raw, this.senderOf(event), this.appOrigins);
  }
}

/** Main → renderer, typed by channel: the payload must be the one the contract names. */
export function push<C extends PushChannel>(target: PushTarget, channel: C, ...payload: PayloadArgs<PushPayloads[C]>): void {
  if (!target.isDestroyed()) target.send(channel, ...payload);
}
