import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { DEFAULT_SEED } from '../../src/host';
import { formatDuration, parseDuration, type TraceRecord, type Violation } from '../../src/engine';
import { expectPositionals, parseArgs } from '../args';
import { UsageError, type CliCommand } from '../command';
import { resolvePath } from '../files';
import { ScriptedRecorder } from '../record';
import { checkFaults, DEFAULT_MAX_EVENTS, runHeadless, type HeadlessRun } from '../simulate';
import { loadTarget } from '../target';
import { printable, quoted } from '../../src/lessons/printable';

const USAGE =
  'isolab run <lesson-id | scenario.json> [--seed N] [--until DURATION] [--fault NAME]... [--json] ' +
  '[--dump-state FILE] [--trace FILE.ndjson] [--record FILE.ndjson] [--max-events N]';

const FLAGS = { seed: 'string', until: 'string', fault: 'repeat', json: 'boolean', 'dump-state': 'string', trace: 'string', record: 'string', 'max-events': 'string' } as const;

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'run a lesson or scenario headless and print its state hash and violations',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseArgs(args, FLAGS, 'run');
    const [targetArg] = expectPositionals(parsed, 1, USAGE) as [string];
    const seed = parseSeed(parsed.values.get('seed'));
    const until = parseUntil(parsed.values.get('until'));
    const maxEvents = parseMaxEvents(parsed.values.get('max-events'));
    const target = await loadTarget(targetArg, io.cwd);

    const faults = parsed.lists.get('fault') ?? [];
    checkFaults(faults);
    const tracePath = parsed.values.get('trace');
    const trace = tracePath === undefined ? undefined : openForWriting(resolvePath(io.cwd, tracePath), '--trace');
    const recordPath = parsed.values.get('record');
    let recorder: ScriptedRecorder | undefined;
    let result: HeadlessRun;
    try {
      recorder =
        recordPath === undefined
          ? undefined
          : new ScriptedRecorder(resolvePath(io.cwd, recordPath), target.lesson, {
              seed: seed ?? target.lesson.seed ?? DEFAULT_SEED,
              faults,
              embedLesson: target.source !== 'builtin',
            });
      result = runHeadless(target.lesson, {
        seed,
        until,
        maxEvents,
        faults,
        onTrace: trace === undefined ? undefined : (records) => writeTrace(trace, records),
        checkpoints: recorder?.checkpoints.map((c) => c.at),
        onCheckpoint: recorder ? (index, engine) => recorder?.mark(index, engine) : undefined,
        // Long runs say where they are (Ctrl-C stops them; a recording keeps what was written).
        onProgress: (engine) => io.status?.(`run: ${engine.eventIndex} events, sim time ${formatDuration(engine.now)}, still running (Ctrl-C stops)`),
      });
      io.status?.('');
      recorder?.finish(result.engine);
      recorder = undefined;
    } finally {
      if (trace !== undefined) closeSync(trace);
      // A run that failed part-way leaves a valid, shorter recording (no end line).
      recorder?.close();
    }

    const summary = {
      target: target.name,
      seed: result.seed,
      events: result.events,
      simTimeNs: result.simTimeNs,
      stateHash: result.stateHash,
      violations: result.violations,
    };
    const dumpPath = parsed.values.get('dump-state');
    if (dumpPath !== undefined) {
      const dump = { ...summary, faults: result.faults, state: result.engine.state, pending: result.engine.pending() };
      writeOrFail(resolvePath(io.cwd, dumpPath), `${JSON.stringify(dump, null, 2)}\n`, '--dump-state');
    }
    if (parsed.switches.has('json')) io.out(JSON.stringify(summary));
    else io.out(humanSummary(summary, result.faults));
    return 0;
  },
};

function parseSeed(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\d{1,10}$/.test(text) ? Number(text) : NaN;
  if (!(value <= 0xffffffff)) throw new UsageError(`run: --seed expects an integer from 0 to 4294967295, got ${quoted(text, 40)}`);
  return value;
}

function parseUntil(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new UsageError(`run: --until: ${printable(parsed.error)}`);
  return parsed.ns;
}

function parseMaxEvents(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_EVENTS;
  const value = /^\d{1,10}$/.test(text) ? Number(text) : NaN;
  if (!(value >= 1 && value <= 1e9)) throw new UsageError(`run: --max-events expects an integer from 1 to 1000000000, got ${quoted(text, 40)}`);
  return value;
}

function openForWriting(path: string, flag: string): number {
  try {
    return openSync(path, 'w');
  } catch (error) {
    throw new UsageError(`run: ${flag} ${printable(path)}: cannot write (${printable((error as NodeJS.ErrnoException).code ?? (error as Error).message)})`);
  }
}

function writeOrFail(path: string, text: string, flag: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new UsageError(`run: ${flag} ${printable(path)}: cannot write (${printable((error as NodeJS.ErrnoException).code ?? (error as Error).message)})`);
  }
}

function writeTrace(fd: number, records: readonly TraceRecord[]): void {
  if (records.length === 0) return;
  writeSync(fd, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
}

function humanSummary(s: { target: string; seed: number; events: number; simTimeNs: number; stateHash: string; violations: Violation[] }, faults: string[]): string {
  const lines = [
    `${printable(s.target)} (seed ${s.seed}${faults.length > 0 ? `, faults: ${faults.map((f) => printable(f)).join(', ')}` : ''})`,
    `  events      ${s.events}`,
    `  sim time    ${formatDuration(s.simTimeNs)} (${s.simTimeNs} ns)`,
    `  state hash  ${s.stateHash}`,
    `  violations  ${s.violations.length === 0 ? 'none' : s.violations.length}`,
  ];
  for (const v of s.violations) {
    lines.push(`    ${printable(v.invariant)} at ${formatDuration(v.simTime)} (event ${v.eventIndex}): ${printable(v.explanation, 2000)}`);
  }
  return lines.join('\n');
}
