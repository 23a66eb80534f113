/** One `isolab` subcommand. Each lives in `cli/commands/<name>.ts` and is listed in `cli/commands/index.ts`. */
export interface CliCommand {
  name: string;
  /** One line for `isolab --help`. */
  summary: string;
  usage: string;
  /** Returns the exit code: 0 ok, 1 a check failed, 2 bad input. Writes through `io`. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Output channels, injectable so tests run commands in-process and read what they print. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Working directory that relative paths resolve against. */
  cwd: string;
  /** Rewrites one live status line (a progress bar); present only when stderr is a terminal. */
  status?(line: string): void;
}

/** Thrown for bad input: the CLI prints the message (no stack trace) and exits 2. */
export class UsageError extends Error {}
