import type { Nanos } from '../engine/time';
import type { MarkerLine, Recording } from './format';

/** Gaps longer than this (wall ms) play back as this long: a trainer's pause is not a learner's wait. */
export const DEFAULT_IDLE_CAP_MS = 3000;

/** What the session showed at one point of the playback timeline. */
export interface PlaybackPoint {
  /** Index of the last recording line at or before this point (-1 before the first). */
  lineIndex: number;
  /** Simulated time to show (interpolated while the session was playing). */
  simTime: Nanos;
  /** Exact event index when the session stood still here; null while playing (seek by time). */
  eventIndex: number | null;
  playing: boolean;
  speed: number;
  view: string | null;
  focus: readonly string[];
  /** The latest marker at or before this point (captions, narration). */
  marker: MarkerLine | null;
}

export interface ChapterEntry {
  lineIndex: number;
  p: number;
  label: string;
  narration: string;
}

/**
 * The playback timeline of a recording: each line's playback time (wall offsets with idle gaps
 * capped) and the presentation state after it (playing, speed, view, focus, latest marker),
 * precomputed once so any point is found by a binary search.
 */
export class PlaybackTimeline {
  /** Playback time (ms) of each line. */
  readonly times: number[];
  readonly duration: number;
  readonly chapters: ChapterEntry[];
  private readonly playing: boolean[];
  private readonly speeds: number[];
  private readonly views: (string | null)[];
  private readonly focuses: (readonly string[])[];
  private readonly markers: (MarkerLine | null)[];

  constructor(readonly recording: Recording, readonly idleCapMs = DEFAULT_IDLE_CAP_MS) {
    const n = recording.lines.length;
    this.times = new Array<number>(n);
    this.playing = new Array<boolean>(n);
    this.speeds = new Array<number>(n);
    this.views = new Array<string | null>(n);
    this.focuses = new Array<readonly string[]>(n);
    this.markers = new Array<MarkerLine | null>(n);
    this.chapters = [];
    let p = 0;
    let lastW = 0;
    let playing = false;
    let speed = 1;
    let view: string | null = null;
    let focus: readonly string[] = [];
    let marker: MarkerLine | null = null;
    for (let i = 0; i < n; i++) {
      const line = recording.lines[i]!;
      p += Math.min(Math.max(0, line.w - lastW), idleCapMs);
      lastW = line.w;
      this.times[i] = p;
      if (line.kind === 'nav') {
        if (line.playing !== undefined) playing = line.playing;
        else if (line.op === 'play') playing = true;
        else if (line.op === 'pause' || line.op === 'step' || line.op === 'stepBack') playing = false;
        if (line.speed !== undefined) speed = line.speed;
      } else if (line.kind === 'view') view = line.view;
      else if (line.kind === 'focus') focus = line.entities;
      else if (line.kind === 'marker') {
        marker = line;
        if (line.chapter) this.chapters.push({ lineIndex: i, p, label: line.label, narration: line.narration });
      } else if (line.kind === 'end') playing = false;
      this.playing[i] = playing;
      this.speeds[i] = speed;
      this.views[i] = view;
      this.focuses[i] = focus;
      this.markers[i] = marker;
    }
    this.duration = p;
  }

  /** Index of the last line with playback time ≤ p (-1 when p is before every line). */
  lineAt(p: number): number {
    let lo = 0;
    let hi = this.times.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.times[mid] as number) <= p) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  pointAt(p: number): PlaybackPoint {
    return this.pointAtLine(this.lineAt(p), p);
  }

  /**
   * The point right after line i (at playback time p ≥ its own). Several lines can share one
   * playback time (a marker taken right after a step); jumping to a line lands between them.
   */
  pointAtLine(i: number, p = this.times[i] ?? 0): PlaybackPoint {
    const lines = this.recording.lines;
    if (i < 0) return { lineIndex: -1, simTime: 0, eventIndex: 0, playing: false, speed: 1, view: null, focus: [], marker: null };
    const line = lines[i]!;
    const next = lines[i + 1];
    const playing = this.playing[i] as boolean;
    let simTime = line.t;
    let eventIndex: number | null = line.e;
    if (playing && next && next.t > line.t) {
      const p0 = this.times[i] as number;
      const span = (this.times[i + 1] as number) - p0;
      const fraction = span > 0 ? Math.min(1, Math.max(0, (p - p0) / span)) : 0;
      if (fraction > 0) {
        simTime = line.t + Math.floor((next.t - line.t) * fraction);
        eventIndex = null;
      }
    }
    return {
      lineIndex: i,
      simTime,
      eventIndex,
      playing,
      speed: this.speeds[i] as number,
      view: this.views[i] ?? null,
      focus: this.focuses[i] ?? [],
      marker: this.markers[i] ?? null,
    };
  }
}
