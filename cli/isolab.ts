/** Entry point of `isolab` (run through `cli/bin/isolab.js`, `npm run isolab --` or `tsx cli/isolab.ts`). */
import { processIo, runCli } from './main';

// `isolab … | head` closes stdout early; that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2), processIo());
