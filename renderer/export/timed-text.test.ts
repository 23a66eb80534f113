import { describe, expect, it } from 'vitest';
import type { Recording, RecordingLine } from '../../src/recording';
import { toFfmetadata, toWebVtt, videoChapters, videoSpan, videoSubtitles } from './timed-text';

const marker = (w: number, label: string, narration: string, chapter: boolean): RecordingLine => ({ kind: 'marker', t: w * 1e6, e: 0, w, label, narration, chapter });

/** A 10 s recording: chapters at 0 and 6 s, plain markers at 2 s (cites a fact) and 4 s. */
const recording = {
  header: { kind: 'header', format: 'isolab-recording', version: 2, app: 't', lessonId: 'x', lessonHash: '0000000000000000', seed: 1, faults: [], viewport: { width: 1, height: 1 } },
  lines: [
    marker(0, 'Intro', 'Hello **there**.', true),
    marker(2000, 'Two', 'Xen [scrubs pages](fact:made-up-fact).', false),
    marker(4000, 'Three', '', false),
    marker(6000, 'Part two', 'Second part.', true),
    { kind: 'end', t: 10e9, e: 0, w: 10_000 },
  ],
} as Recording;

describe('chapters and subtitles of a video', () => {
  it('maps chapters and narration cues onto the video time, each ending where the next begins', () => {
    const span = videoSpan(10_000, { fps: 10, fromMs: 0 });
    expect(span).toMatchObject({ frames: 100, durationMs: 10_000, offsetMs: 0 });
    expect(videoChapters(recording, span)).toEqual([
      { startMs: 0, endMs: 6000, text: 'Intro' },
      { startMs: 6000, endMs: 10_000, text: 'Part two' },
    ]);
    expect(videoSubtitles(recording, span)).toEqual([
      { startMs: 0, endMs: 2000, text: 'Hello there.' },
      { startMs: 2000, endMs: 4000, text: 'Xen scrubs pages.\nSource: scrubs pages (fact sheet)' },
      { startMs: 4000, endMs: 6000, text: 'Three' },
      { startMs: 6000, endMs: 10_000, text: 'Second part.' },
    ]);
  });

  it('clips to --from/--to and shifts everything after a title card', () => {
    const span = videoSpan(10_000, { fps: 10, fromMs: 3000, toMs: 7000, titleCard: true }, 'Lesson');
    expect(span).toMatchObject({ titleFrames: 30, frames: 70, offsetMs: 3000, durationMs: 7000 });
    expect(videoChapters(recording, span)).toEqual([
      { startMs: 0, endMs: 3000, text: 'Lesson' },
      { startMs: 3000, endMs: 6000, text: 'Intro' },
      { startMs: 6000, endMs: 7000, text: 'Part two' },
    ]);
    expect(videoSubtitles(recording, span).map((c) => [c.startMs, c.endMs])).toEqual([
      [3000, 4000],
      [4000, 6000],
      [6000, 7000],
    ]);
  });

  it('writes WebVTT and escaped FFMETADATA', () => {
    const vtt = toWebVtt([{ startMs: 3_723_004, endMs: 3_725_000, text: 'a --> b' }]);
    expect(vtt).toBe('WEBVTT\n\n1\n01:02:03.004 --> 01:02:05.000\na → b\n');
    expect(toFfmetadata([{ startMs: 0, endMs: 5, text: 'A=B; #1' }], 'T\\x')).toBe(';FFMETADATA1\ntitle=T\\\\x\n\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=5\ntitle=A\\=B\\; \\#1\n');
  });
});
