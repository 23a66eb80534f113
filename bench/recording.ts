import type { Lesson } from '../src/lessons/schema';
import { parseRecording, RecordingPlayer, replayRecording, type Recording } from '../src/recording';
import { startRecordedSession } from '../src/recording/test-session';
import { oneHourLesson } from './seek';
import type { BenchResult, BenchSection } from './types';

const SEEK_TARGET_MS = 50;

/**
 * Recorded sessions (issue 8): how big a recording is per minute, how fast a player lands at the
 * end of a one-hour recording (video export has its own section, bench/export.ts). The session is a scripted "trainer" against the in-process host (the same protocol
 * path the Record button uses): playing at 1×, an input every 30 s, a marker every minute, a view
 * change every 2 minutes, a pause and seek every 5 minutes.
 */
export const recordingBench: BenchSection = {
  id: 'recording',
  title: 'Recorded sessions',
  async run({ quick }) {
    const minutes = quick ? 3 : 60;
    // One call every 200 ms: 18,000 scripted actions, within the lesson budget the replay checks (20,000).
    const lesson = oneHourLesson(quick ? 1000 : 200);
    const { recording, bytes } = recordSession(lesson, minutes);
    const verified = replayRecording(recording, { resolveLesson: () => lesson });
    if (!verified.ok) throw new Error(`the benchmark's own recording does not verify: ${JSON.stringify(verified)}`);
    const perMinute = bytes / minutes;
    const snapshotPerMinute = snapshotBaselineBytes(recording, lesson) / minutes;

    const seek = seekAtEnd(recording, lesson, quick ? 5 : 20);
    const results: BenchResult[] = [
      {
        name: 'recording size per minute of session',
        value: perMinute / 1024,
        unit: 'KiB/min',
        baseline: { name: 'a full state snapshot at each marker instead', value: snapshotPerMinute / 1024 },
        ratio: snapshotPerMinute / Math.max(1, perMinute),
        notes: `${recording.lines.length.toLocaleString('en-US')} lines over ${minutes} min (position samples every 250 ms while playing); ratio = times smaller than snapshots; gzip would shrink it further`,
      },
      {
        name: `seek to the end of a ${minutes}-minute recording (warm player)`,
        value: seek.worstMs,
        unit: 'ms',
        baseline: { name: 'first seek to the end (re-simulates everything)', value: seek.coldMs },
        ratio: seek.coldMs / Math.max(1e-6, seek.worstMs),
        target: `≤ ${SEEK_TARGET_MS} ms`,
        met: seek.worstMs <= SEEK_TARGET_MS,
        notes: `worst of ${seek.samples} seeks to the end, each from a random point; median ${seek.medianMs.toFixed(1)} ms; ${verified.events.toLocaleString('en-US')} events; CPU time`,
      },
    ];
    return results;
  },
};

/** Plays the trainer's script against the in-process host and returns the recording. */
function recordSession(lesson: Lesson, minutes: number): { recording: Recording; bytes: number } {
  const s = startRecordedSession(lesson, { tickMs: 50 });
  s.recorder.view('host');
  s.ui({ type: 'play' });
  const views = ['host', 'rings', 'memory'];
  for (let second = 1; second <= minutes * 60; second++) {
    s.clock.advance(1000);
    if (second % 30 === 0) s.ui({ type: 'input', action: { type: 'cpu.syscall', domain: second % 60 ? 'web-a' : 'db-b', vcpu: 0 } });
    if (second % 60 === 0) s.recorder.marker(`Minute ${second / 60}`, `What happened in minute ${second / 60}.`, second % 600 === 0);
    if (second % 120 === 0) s.recorder.view(views[(second / 120) % views.length] as string);
    if (second % 300 === 0) {
      s.ui({ type: 'pause' });
      s.clock.advance(2000);
      s.ui({ type: 'stepBack', count: 5 });
      s.ui({ type: 'step', count: 5 });
      s.ui({ type: 'play' });
    }
  }
  s.recorder.close();
  const text = s.text();
  const parsed = parseRecording(text, 'bench');
  if (!parsed.recording || parsed.error) throw new Error(`bench recording did not parse: ${parsed.error?.message}`);
  return { recording: parsed.recording, bytes: new TextEncoder().encode(text).length };
}

/** What storing the state at every marker would cost (the "record pixels/state" alternative). */
function snapshotBaselineBytes(recording: Recording, lesson: Lesson): number {
  const player = new RecordingPlayer(recording, lesson);
  let bytes = 0;
  recording.lines.forEach((line, i) => {
    if (line.kind !== 'marker') return;
    bytes += JSON.stringify(player.seekLine(i).state).length;
  });
  return bytes;
}

function seekAtEnd(recording: Recording, lesson: Lesson, samples: number): { coldMs: number; worstMs: number; medianMs: number; samples: number } {
  const player = new RecordingPlayer(recording, lesson);
  const end = player.duration;
  const coldMs = cpuMs(() => player.seek(end));
  const random = lcg(11);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    player.seek(random() * end);
    times.push(cpuMs(() => player.seek(end)));
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { coldMs, worstMs: sorted[sorted.length - 1] ?? 0, medianMs: sorted[Math.floor(sorted.length / 2)] ?? 0, samples };
}

function cpuMs(action: () => unknown): number {
  const cpu0 = process.cpuUsage();
  action();
  const used = process.cpuUsage(cpu0);
  return (used.user + used.system) / 1000;
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
