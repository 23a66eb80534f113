import { parentPort } from 'node:worker_threads';
import { SimHost } from '../src/host';
import type { Reply } from '../src/protocol/replies';

/**
 * The simulator host in a worker thread of the main process, so a long run (or a heavy seek)
 * never blocks the event loop that drives the windows. Messages arrive already validated by
 * main/ipc-guard.ts; SimHost validates again, because a worker must not trust its port either.
 */
const port = parentPort;
if (!port) throw new Error('main/sim-worker must run inside a worker thread');

const host = new SimHost((reply: Reply) => port.postMessage(reply));
port.on('message', (message: unknown) => host.handle(message));
port.on('close', () => host.dispose());
