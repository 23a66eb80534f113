import { printable, quoted } from '../src/lessons/printable';
import { UsageError } from './command';

/** How one `--flag` behaves: a switch, a single value, or a value that may repeat. */
export type FlagKind = 'boolean' | 'string' | 'repeat';

export interface ParsedArgs {
  positionals: string[];
  /** Switches that were given. */
  switches: Set<string>;
  /** The value of each single-valued flag that was given. */
  values: Map<string, string>;
  /** Every value of each repeatable flag, in order. */
  lists: Map<string, string[]>;
}

/**
 * A deliberately small argv parser: `--name`, `--name value` and `--name=value`, with every
 * problem reported as a {@link UsageError} naming the flag (so the CLI exits 2 with a clear line).
 * `--` ends the flags.
 */
export function parseArgs(args: readonly string[], flags: Readonly<Record<string, FlagKind>>, command: string): ParsedArgs {
  const parsed: ParsedArgs = { positionals: [], switches: new Set(), values: new Map(), lists: new Map() };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      parsed.positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg !== '-') throw new UsageError(`${command}: unknown option ${printable(arg, 60)}; options are ${known(flags)}`);
      parsed.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    // Own properties only: `--constructor` or `--toString` must not find Object.prototype's members.
    const kind = Object.hasOwn(flags, name) ? flags[name] : undefined;
    if (kind === undefined) throw new UsageError(`${command}: unknown option --${printable(name, 60)}; options are ${known(flags)}`);
    if (kind === 'boolean') {
      if (eq !== -1) throw new UsageError(`${command}: --${name} takes no value`);
      parsed.switches.add(name);
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else value = args[++i];
    if (value === undefined || (eq === -1 && value.startsWith('--'))) throw new UsageError(`${command}: --${name} needs a value`);
    if (kind === 'string') {
      if (parsed.values.has(name)) throw new UsageError(`${command}: --${name} given more than once`);
      parsed.values.set(name, value);
    } else {
      const list = parsed.lists.get(name) ?? [];
      list.push(value);
      parsed.lists.set(name, list);
    }
  }
  return parsed;
}

function known(flags: Readonly<Record<string, FlagKind>>): string {
  const names = Object.keys(flags);
  return names.length === 0 ? 'none' : names.map((n) => `--${n}`).join(', ');
}

/** Exactly `count` positional arguments, or a usage error that shows the usage line. */
export function expectPositionals(parsed: ParsedArgs, count: number, usage: string): string[] {
  if (parsed.positionals.length !== count) {
    const what = parsed.positionals.length < count ? 'missing argument' : `unexpected argument ${quoted(parsed.positionals[count] ?? '', 60)}`;
    throw new UsageError(`${what}\nusage: ${usage}`);
  }
  return parsed.positionals;
}
