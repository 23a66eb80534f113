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
  summary: 're-simulate a recording and check every recorded state hash (exit 1 on the first mismatch)',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseArgs(args, { verify: 'boolean', json: 'boolean' }, 'replay');
    const [file] = expectPositionals(parsed, 1, USAGE) as [string];
    if (!parsed.switches.has('verify')) throw new UsageError(`replay: the command line only verifies recordings; pass --verify (open the file in the app to watch it)\nusage: ${USAGE}`);
    const json = parsed.switches.has('json');
    const read = await readTextFile(io.cwd, file, MAX_RECORDING_BYTES);
    if (!read.ok) return badFile(io, json, file, `${file}: ${read.error}`);
    const recording = parseRecording(read.text, file);
    if (recording.error || !recording.recording) {
      return badFile(io, json, file, recording.error?.message ?? `${file}: not a recording`);
    }
    const result = replayRecording(recording.recording, { lineNumbers: recording.lineNumbers });
    return report(io, json, file, result);
  },
};

function badFile(io: CliIo, json: boolean, file: string, message: string): number {
  if (json) io.out(JSON.stringify({ file, ok: false, error: message }));
  io.err(message);
  return 2;
}

function report(io: CliIo, json: boolean, file: string, result: ReplayResult): number {
  if (result.ok) {
    if (json) io.out(JSON.stringify({ file, ok: true, checked: result.checked, events: result.events, finalHash: result.finalHash }));
    else io.out(`ok: ${result.checked} state hash${result.checked === 1 ? '' : 'es'} verified over ${result.events} events (final hash ${result.finalHash})`);
    return 0;
  }
  if (result.kind === 'bad-file') return badFile(io, json, file, `${file}:${result.error.line}: ${result.error.message}`);
  const m = result.mismatch;
  const message = `${file}:${m.line}: marker "${m.label}" after event ${m.eventIndex}: expected state hash ${m.expected}, got ${m.actual} (${result.checked} earlier hash${result.checked === 1 ? '' : 'es'} matched)`;
  if (json) io.out(JSON.stringify({ file, ok: false, checked: result.checked, mismatch: m }));
  io.err(message);
  return 1;
}
