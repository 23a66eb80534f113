import type { CliIo } from './command';
import { runCli } from './main';

/** A CliIo that records what a command prints, for in-process tests. */
export interface CapturedIo extends CliIo {
  stdout: string[];
  stderr: string[];
}

export function captureIo(cwd = process.cwd()): CapturedIo {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, cwd, out: (t) => void stdout.push(t), err: (t) => void stderr.push(t) };
}

/** Runs `isolab <argv>` in-process and returns its exit code and output. */
export async function isolab(argv: string[], cwd?: string): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo(cwd);
  const code = await runCli(argv, io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}
