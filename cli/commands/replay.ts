import { printable, quoted } from '../../src/lessons/printable';
import { parseRecording } from '../../src/recording/ndjson';
import { replayRecording, type ReplayResult } from '../../src/recording/replay';
import { expectPositionals, parseArgs } from '../args';
import { UsageError, type CliCommand, type CliIo } from '../command';
import { readTextFile } from '../files';

const USAGE = 'isolab replay <recording.ndjson> --verify [--json]';
/** Recordings are input logs, far smaller than this even for hours of a session. */
export const MAX_RECORDING_BYTES = 256 * 1024 * 1024;

export const replayCommand: CliCommand = {
  name: 'replay',
  summary: 're-simulate a recording and check every recorded state hash, through its final one (exit 1 if anything is not verified)',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseArgs(args, { verify: 'boolean', json: 'boolean' }, 'replay');
    const [file] = expectPositionals(parsed, 1, USAGE) as [string];
    if (!parsed.switches.has('verify')) throw new UsageError(`replay: the command line only verifies recordings; pass --verify (open the file in the app to watch it)\nusage: ${USAGE}`);
    const json = parsed.switches.has('json');
    const read = await readTextFile(io.cwd, file, MAX_RECORDING_BYTES);
    if (!read.ok) return badFile(io, json, file, `${printable(file)}: ${read.error}`);
    const recording = parseRecording(read.text, printable(file));
    if (recording.error || !recording.recording) {
      return badFile(io, json, file, printable(recording.error?.message ?? `${file}: not a recording`, 2000));
    }
    const result = replayRecording(recording.recording, {
      lineNumbers: recording.lineNumbers,
      // Long verifications say where they are (Ctrl-C stops them).
      onProgress: (p) => io.status?.(`replay: line ${p.line} of ${p.lines + 1}, event ${p.eventIndex} (Ctrl-C stops)`),
    });
    io.status?.('');
    return report(io, json, file, result);
  },
};

function badFile(io: CliIo, json: boolean, file: string, message: string): number {
  if (json) io.out(JSON.stringify({ file, ok: false, error: message }));
  io.err(message);
  return 2;
}

function report(io: CliIo, json: boolean, file: string, result: ReplayResult): number {
  const shown = printable(file);
  if (result.ok) {
    const hashes = `${result.checked} state hash${result.checked === 1 ? '' : 'es'}`;
    if (json) {
      const { checked, events, finalHash, coverage, coveredThroughEvent, uncovered } = result;
      io.out(JSON.stringify({ file, ok: true, verified: coverage === 'full', coverage, checked, events, finalHash, coveredThroughEvent, uncovered }));
    } else if (result.coverage === 'full') {
      io.out(`ok: ${hashes} verified over ${result.events} events, through the final state (final hash ${result.finalHash})`);
    } else {
      io.out(`partly verifiable: ${hashes} checked, covering every input, through event ${result.coveredThroughEvent}; not covered: ${result.uncovered.map((u) => printable(u)).join('; ')}`);
    }
    return 0;
  }
  if (result.kind === 'bad-file') return badFile(io, json, file, `${shown}:${result.error.line}: ${printable(result.error.message, 2000)}`);
  if (result.kind === 'unverified') {
    const message = `${shown}:${result.line}: not verified: ${printable(result.reason, 2000)} (${result.checked} hash${result.checked === 1 ? '' : 'es'} checked)`;
    if (json) io.out(JSON.stringify({ file, ok: false, verified: false, checked: result.checked, line: result.line, reason: result.reason }));
    io.err(message);
    return 1;
  }
  const m = result.mismatch;
  const message = `${shown}:${m.line}: marker ${quoted(m.label)} after event ${m.eventIndex}: expected state hash ${m.expected}, got ${printable(m.actual)} (${result.checked} earlier hash${result.checked === 1 ? '' : 'es'} matched)`;
  if (json) io.out(JSON.stringify({ file, ok: false, verified: false, checked: result.checked, mismatch: m }));
  io.err(message);
  return 1;
}
