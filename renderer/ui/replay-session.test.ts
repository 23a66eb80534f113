import { describe, expect, it } from 'vitest';
import { hashValue } from '../../src/engine/hash';
import { findLesson } from '../../src/lessons';
import type { Lesson } from '../../src/lessons/schema';
import { parseRecording, recordScriptedRun, RecordingPlayer, resolveRecordingLesson, type Recording } from '../../src/recording';
import type { ReplayRequest, ReplayRequestBody, ReplayResponse } from './replay-protocol';
import { ReplaySession } from './replay-session';

/** The replay worker's logic, driven directly (the worker file only forwards messages to it). */

function scripted(): string {
  let text = '';
  recordScriptedRun(findLesson('hello-host') as Lesson, { app: 'test', sink: (t) => (text += t) });
  return text;
}

function session() {
  const out: ReplayResponse[] = [];
  const s = new ReplaySession((r) => out.push(structuredClone(r)));
  let id = 0;
  const ask = (body: ReplayRequestBody): ReplayResponse => {
    const before = out.length;
    const request: ReplayRequest = { ...body, id: ++id };
    s.handle(request);
    const answers = out.slice(before).filter((r) => r.type !== 'progress');
    expect(answers).toHaveLength(1);
    return answers[0] as ReplayResponse;
  };
  return { out, ask };
}

describe('ReplaySession (the replay worker)', () => {
  const text = scripted();
  const recording = parseRecording(text, 'r.ndjson').recording as Recording;
  const lesson = (resolveRecordingLesson(recording) as { ok: true; lesson: Lesson }).lesson;

  it('opens a recording with progress through every stage, then the first state and the chapters', () => {
    const { out, ask } = session();
    const opened = ask({ type: 'open', text, name: 'r.ndjson', idleCapMs: 3000 });
    const progress = out.filter((r) => r.type === 'progress');
    expect(progress.map((p) => p.type === 'progress' && p.done)).toEqual([0, 1, 2, 3]);
    const reference = new RecordingPlayer(recording, lesson, 3000);
    const start = reference.seek(0).state;
    expect(opened).toMatchObject({ type: 'opened', lesson: { id: 'hello-host' }, status: { eventIndex: start.eventIndex, lessonId: 'hello-host' } });
    expect(opened.type === 'opened' && hashValue(opened.state)).toBe(hashValue(start));
    expect(opened.type === 'opened' && opened.timeline).toEqual({ duration: reference.duration, chapters: reference.timeline.chapters.map(({ lineIndex, p, label }) => ({ lineIndex, p, label })) });
  });

  it('lands where an in-page player lands (moves as patches, a new idle cap as a whole state)', () => {
    const { ask } = session();
    ask({ type: 'open', text, name: 'r.ndjson', idleCapMs: 3000 });
    const reference = new RecordingPlayer(recording, lesson, 3000);
    const last = recording.lines.length - 1;
    const moved = ask({ type: 'seekLine', line: last });
    expect(moved.type === 'move' && moved.p).toBe(reference.timeline.times[last]);
    expect(moved.type === 'move' && moved.patches?.length).toBeGreaterThan(0);
    expect(ask({ type: 'hash' })).toMatchObject({ hash: reference.seekLine(last) && reference.hash() });
    // Step forward and back by one recording line from the middle of the playback.
    const middle = reference.duration / 2;
    const here = reference.timeline.lineAt(middle);
    for (const delta of [1, -1]) {
      const stepped = ask({ type: 'stepLine', p: middle, delta });
      expect(stepped.type === 'move' && stepped.p).toBe(reference.timeline.times[here + delta]);
      expect(stepped.type === 'move' && stepped.status.eventIndex).toBe(reference.seekLine(here + delta).state.eventIndex);
    }
    expect(reference.timeline.times[here + 1]).toBeGreaterThan(reference.timeline.times[here - 1] as number);
    const retimed = ask({ type: 'setIdleCap', idleCapMs: 1000, p: 0 });
    expect(retimed).toMatchObject({ type: 'move', patches: null, timeline: { duration: new RecordingPlayer(recording, lesson, 1000).duration } });
    const snapshot = ask({ type: 'snapshot' });
    expect(snapshot.type === 'move' && hashValue(snapshot.state)).toBe(hashValue(new RecordingPlayer(recording, lesson, 1000).seek(0).state));
  });

  it('names the line of a damaged file and still opens the part before it', () => {
    const { ask } = session();
    const rows = text.trimEnd().split('\n');
    const cut = `${rows.slice(0, 6).join('\n')}\n${(rows[6] as string).slice(0, 15)}`;
    const opened = ask({ type: 'open', text: cut, name: 'cut.ndjson', idleCapMs: 3000 });
    expect(opened).toMatchObject({ type: 'opened', warning: expect.stringMatching(/^cut\.ndjson:7: /) });
  });

  it('refuses what is not a recording, keeping the one already open', () => {
    const { ask } = session();
    expect(ask({ type: 'seek', p: 0 })).toMatchObject({ type: 'failed', title: 'No recording is open' });
    ask({ type: 'open', text, name: 'r.ndjson', idleCapMs: 3000 });
    expect(ask({ type: 'open', text: text.replace('"version":2', '"version":99'), name: 'future.ndjson', idleCapMs: 3000 })).toMatchObject({ type: 'failed', message: expect.stringMatching(/newer than this app understands/) });
    expect(ask({ type: 'open', text: '{"kind":"header"', name: 'x.ndjson', idleCapMs: 3000 })).toMatchObject({ type: 'failed', title: 'Could not open x.ndjson' });
    expect(ask({ type: 'seek', p: 1e12 })).toMatchObject({ type: 'move' });
    expect(ask({ type: 'seekWhere', eventIndex: 1e9 })).toMatchObject({ type: 'idle' });
  });
});
