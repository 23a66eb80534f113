/// <reference lib="webworker" />
/**
 * Browser build: the simulator host runs in this module Web Worker so a long run never stalls
 * the page. Messages in are protocol commands (validated by SimHost); messages out are replies.
 */
import { SimHost } from '../../src/host';
import type { Reply } from '../../src/protocol/replies';

declare const self: DedicatedWorkerGlobalScope;

const host = new SimHost((reply: Reply) => self.postMessage(reply));
self.addEventListener('message', (event: MessageEvent<unknown>) => host.handle(event.data));
