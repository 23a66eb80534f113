/// <reference lib="webworker" />
/**
 * The replay worker: parses an opened recording, resolves its lesson and moves its engine off the
 * page thread (renderer/ui/replay-session.ts), so a large recording never freezes the page. Used
 * by both builds: Vite bundles it from the `new Worker(new URL(…))` in renderer/ui/replay-client.ts.
 */
import type { ReplayRequest, ReplayResponse } from '../ui/replay-protocol';
import { ReplaySession } from '../ui/replay-session';

declare const self: DedicatedWorkerGlobalScope;

const session = new ReplaySession((response: ReplayResponse) => self.postMessage(response));
self.addEventListener('message', (event: MessageEvent<ReplayRequest>) => session.handle(event.data));
