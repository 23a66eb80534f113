/**
 * Run with tsx from the recording e2e spec (Playwright's loader cannot import the lessons' JSON):
 * `tsx e2e/web/recording-tool.ts <file.ndjson> <lineIndex>...` prints, as JSON, the recording's
 * playback duration, the built-in lesson's content hash, the verification result and the hash
 * of the mirrored state (hashValue) right after each given line.
 */
import { readFileSync } from 'node:fs';
import { hashValue } from '../../src/engine/hash';
import { findLesson } from '../../src/lessons';
import { parseRecording, RecordingPlayer, replayRecording, resolveRecordingLesson } from '../../src/recording';

const [file, ...lines] = process.argv.slice(2);
const parsed = parseRecording(readFileSync(file as string, 'utf8'), file);
if (!parsed.recording) throw new Error(parsed.error?.message ?? 'not a recording');
const resolved = resolveRecordingLesson(parsed.recording);
if (!resolved.ok) throw new Error(resolved.error.message);
const player = new RecordingPlayer(parsed.recording, resolved.lesson);
const states: Record<string, string> = {};
for (const line of lines) states[line] = hashValue(player.seekLine(Number(line)).state);
process.stdout.write(
  JSON.stringify({
    duration: player.duration,
    builtinLessonHash: hashValue(findLesson(parsed.recording.header.lessonId) ?? null),
    replay: replayRecording(parsed.recording, { lineNumbers: parsed.lineNumbers }),
    states,
  }),
);
