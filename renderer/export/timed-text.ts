import { PlaybackTimeline, type Recording } from '../../src/recording';
import { planFrames, type ExportSettings } from '../../src/recording/frame-plan';
import { captionText, factFootnote } from './captions';

/** A span of the video (ms from its first frame) with a text: a chapter or a subtitle cue. */
export interface TimedText {
  startMs: number;
  endMs: number;
  text: string;
}

/** Where the recording sits in the video: which playback span, after how long an opening card. */
export interface VideoSpan {
  fromMs: number;
  toMs: number;
  /** Length of the title card before the recording's first frame (0 without one). */
  offsetMs: number;
  /** The video's length: offset plus the frames' duration. */
  durationMs: number;
  /** Names the opening chapter when there is a title card. */
  title?: string;
}

/** Length of the optional title card that opens a training video. */
export const TITLE_CARD_SECONDS = 3;

/** The video's frames and span for a recording of `durationMs` playback (the page and the CLI agree on it). */
export function videoSpan(durationMs: number, settings: Pick<ExportSettings, 'fps' | 'fromMs' | 'toMs'> & { titleCard?: boolean }, title?: string): VideoSpan & { titleFrames: number; frames: number } {
  const plan = planFrames(durationMs, settings);
  const titleFrames = settings.titleCard ? TITLE_CARD_SECONDS * settings.fps : 0;
  const frames = titleFrames + plan.count;
  return {
    fromMs: Math.max(0, settings.fromMs),
    toMs: settings.toMs ?? durationMs,
    offsetMs: (titleFrames * 1000) / settings.fps,
    durationMs: (frames * 1000) / settings.fps,
    title,
    titleFrames,
    frames,
  };
}

/**
 * The chapters a video carries: the recording's chapter markers mapped onto the video's time (the
 * chapter already running at `from` starts the video; the title card is a chapter of its own).
 * Each chapter ends where the next begins; the last at the end of the video. Pure: the same
 * recording and span give the same chapters, so the file they go into stays reproducible.
 */
export function videoChapters(recording: Recording, span: VideoSpan): TimedText[] {
  const timeline = new PlaybackTimeline(recording);
  const starts = timeline.chapters.map((c) => ({ at: c.p, text: c.label }));
  const chapters = spansFrom(starts, span);
  if (span.offsetMs > 0 && span.title) chapters.unshift({ startMs: 0, endMs: chapters[0]?.startMs ?? span.durationMs, text: span.title });
  return chapters.filter((c) => c.endMs > c.startMs);
}

/**
 * The narration as subtitle cues, timed to the steps: each marker's narration (its label when it
 * has none) from the marker to the next one, with the facts it cites named on a last line.
 */
export function videoSubtitles(recording: Recording, span: VideoSpan): TimedText[] {
  const timeline = new PlaybackTimeline(recording);
  const starts: Array<{ at: number; text: string }> = [];
  recording.lines.forEach((line, i) => {
    if (line.kind !== 'marker') return;
    const body = captionText(line.narration) || line.label;
    const footnote = factFootnote(line.narration);
    starts.push({ at: timeline.times[i] as number, text: footnote ? `${body}\n${footnote}` : body });
  });
  return spansFrom(starts, span).filter((c) => c.text !== '' && c.endMs > c.startMs);
}

/** Entries that start at playback times, clipped to the span and moved onto the video's time. */
function spansFrom(starts: ReadonlyArray<{ at: number; text: string }>, span: VideoSpan): TimedText[] {
  const toVideo = (p: number): number => Math.round(Math.min(span.durationMs, span.offsetMs + Math.max(0, p - span.fromMs)));
  const out: TimedText[] = [];
  starts.forEach((entry, i) => {
    const next = starts[i + 1];
    // Ended before the span (the next one has started by `from`) or starts after it: not shown.
    if ((next && next.at <= span.fromMs) || entry.at >= span.toMs) return;
    out.push({ startMs: toVideo(entry.at), endMs: next && next.at < span.toMs ? toVideo(next.at) : span.durationMs, text: entry.text });
  });
  return out;
}

/** A WebVTT file for the cues (the side file of `--subtitles`, and the embedded track's source). */
export function toWebVtt(cues: readonly TimedText[]): string {
  const body = cues.map((c, i) => `${i + 1}\n${vttTime(c.startMs)} --> ${vttTime(c.endMs)}\n${c.text.replace(/-->/g, '→').replace(/\n{2,}/g, '\n')}\n`);
  return ['WEBVTT', '', ...body.map((b) => `${b}`)].join('\n');
}

function vttTime(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}.${pad(ms % 1000, 3)}`;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** ffmpeg's FFMETADATA1 file: the video's title and its chapters (1 ms time base). */
export function toFfmetadata(chapters: readonly TimedText[], title: string): string {
  const lines = [';FFMETADATA1', `title=${escapeMeta(title)}`];
  for (const c of chapters) lines.push('', '[CHAPTER]', 'TIMEBASE=1/1000', `START=${c.startMs}`, `END=${c.endMs}`, `title=${escapeMeta(c.text)}`);
  return `${lines.join('\n')}\n`;
}

/** FFMETADATA escapes `=`, `;`, `#`, `\` and newlines with a backslash. */
function escapeMeta(text: string): string {
  return text.replace(/[=;#\\\n]/g, (c) => `\\${c}`);
}
