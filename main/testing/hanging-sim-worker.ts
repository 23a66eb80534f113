import { parentPort } from 'node:worker_threads';
import { SimHost } from '../../src/host';
import type { Reply } from '../../src/protocol/replies';

/**
 * Test only: the simulator worker with a handler that never returns. `setSpeed` to exactly 42
 * spins forever, as a simulator bug stuck in a loop would; everything else is the real host. The
 * watchdog test uses it to check that a hung worker is terminated and the session restored.
 */
const port = parentPort;
if (!port) throw new Error('must run inside a worker thread');
const host = new SimHost((reply: Reply) => port.postMessage(reply));
port.on('message', (message: unknown) => {
  const command = message as { type?: unknown; speed?: unknown };
  if (command.type === 'setSpeed' && command.speed === 42) for (;;);
  host.handle(message);
});
