import { UsageError, type CliCommand, type CliIo } from './command';
import { COMMANDS } from './commands';
import { printable, quoted } from '../src/lessons/printable';

/** `isolab --help`: every command with its one-line summary. */
export function helpText(commands: readonly CliCommand[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'isolab: the Isolation Lab simulator on the command line (same engine as the app).',
    '',
    'usage: isolab <command> [options]',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `isolab help <command>` or `isolab <command> --help` for its options.',
    'Exit codes: 0 ok, 1 a check failed, 2 bad input.',
  ].join('\n');
}

/**
 * Parses argv, dispatches to a command and maps failures to exit codes: a {@link UsageError}
 * prints its message (no stack trace) and exits 2; anything unexpected prints one line, exits 2.
 */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly CliCommand[] = COMMANDS): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.err(helpText(commands));
    return 2;
  }
  if (name === '--help' || name === '-h') {
    io.out(helpText(commands));
    return 0;
  }
  if (name === 'help') {
    const topic = rest[0] === undefined ? undefined : commands.find((c) => c.name === rest[0]);
    if (rest[0] !== undefined && !topic) return unknownCommand(rest[0], io, commands);
    io.out(topic ? commandHelp(topic) : helpText(commands));
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) return unknownCommand(name, io, commands);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(commandHelp(command));
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(error.message);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err(`isolab ${command.name}: ${printable(message.split('\n')[0] ?? '')}`);
    return 2;
  }
}

export function commandHelp(command: CliCommand): string {
  return `usage: ${command.usage}\n\n${command.summary}`;
}

function unknownCommand(name: string, io: CliIo, commands: readonly CliCommand[]): number {
  io.err(`isolab: unknown command ${quoted(name, 60)}; commands are ${commands.map((c) => c.name).join(', ')} (see isolab --help)`);
  return 2;
}

/** The real terminal: stdout/stderr of this process, paths relative to its working directory. */
export function processIo(): CliIo {
  return {
    out: (text) => void process.stdout.write(`${text}\n`),
    err: (text) => void process.stderr.write(`${text}\n`),
    cwd: process.cwd(),
    // `\r` + erase-line redraws in place; an empty line clears it.
    status: process.stderr.isTTY ? (line) => void process.stderr.write(`\r\x1b[2K${line}`) : undefined,
  };
}
