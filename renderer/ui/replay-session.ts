import type { Lesson } from '../../src/lessons/schema';
import type { SimState } from '../../src/model/state';
import { parseRecording, RecordingPlayer, resolveRecordingLesson, type PlaybackPoint, type PlayerMove, type Recording } from '../../src/recording';
import { playbackStatus, stepIndexAt } from '../export/playback-status';
import type { ReplayRequest, ReplayResponse, TimelineSummary } from './replay-protocol';

/** A move with more patches than this goes to the page as a whole state. */
export const MAX_PATCHES = 20_000;
const OPEN_STAGES = 4;
const START: PlaybackPoint = { lineIndex: -1, simTime: 0, eventIndex: 0, playing: false, speed: 1, view: null, focus: [], marker: null };

interface Open {
  recording: Recording;
  lesson: Lesson;
  player: RecordingPlayer;
}

/**
 * The replay worker's side (renderer/web/replay-worker.ts): one open recording, its lesson and
 * its RecordingPlayer. Free of the DOM and of Worker APIs, so it is unit tested directly; the
 * page talks to it only through messages (renderer/ui/replay-protocol.ts).
 */
export class ReplaySession {
  private open: Open | null = null;
  /** Where the last move landed (a snapshot repeats it). */
  private landed: PlaybackPoint = START;
  private position = 0;

  constructor(private readonly post: (response: ReplayResponse) => void) {}

  handle(request: ReplayRequest): void {
    try {
      this.dispatch(request);
    } catch (error) {
      this.post({ type: 'failed', id: request.id, title: 'The recording could not be replayed here', message: (error as Error).message });
    }
  }

  private dispatch(request: ReplayRequest): void {
    if (request.type === 'open') return this.openRecording(request);
    const open = this.open;
    if (!open) return this.post({ type: 'failed', id: request.id, title: 'No recording is open', message: 'Open a recording first.' });
    const { player } = open;
    const atLine = (line: number) => this.postMove(request.id, player.seekLine(line), player.timeline.times[line] ?? 0);
    switch (request.type) {
      case 'seek': {
        const p = Math.min(player.duration, Math.max(0, request.p));
        return this.postMove(request.id, player.seek(p), p);
      }
      case 'seekLine':
        return atLine(request.line);
      case 'stepLine': {
        const last = open.recording.lines.length - 1;
        return atLine(Math.max(-1, Math.min(last, player.timeline.lineAt(request.p) + request.delta)));
      }
      case 'seekWhere': {
        const line = this.lineWhere(open, request);
        return line < 0 ? this.post({ type: 'idle', id: request.id }) : atLine(line);
      }
      case 'setIdleCap': {
        const fraction = request.p / Math.max(1, player.duration);
        const rebuilt = new RecordingPlayer(open.recording, open.lesson, request.idleCapMs);
        this.open = { ...open, player: rebuilt };
        const p = fraction * rebuilt.duration;
        // A new engine: its first move's patches start from its own initial state, not the page's.
        return this.postMove(request.id, { ...rebuilt.seek(p), patches: null }, p, timelineOf(rebuilt));
      }
      case 'snapshot':
        return this.postMove(request.id, { point: this.landed, state: player.state, patches: null }, this.position);
      case 'hash':
        return this.post({ type: 'hash', id: request.id, hash: player.hash(), eventIndex: player.state.eventIndex, simTime: player.state.time });
    }
  }

  private openRecording(request: Extract<ReplayRequest, { type: 'open' }>): void {
    const { id, name } = request;
    const progress = (done: number, stage: string) => this.post({ type: 'progress', id, stage, done, total: OPEN_STAGES });
    progress(0, 'Reading the recording');
    const parsed = parseRecording(request.text, name);
    if (!parsed.recording) return this.post({ type: 'failed', id, title: `Could not open ${name}`, message: parsed.error?.message ?? 'not a recording' });
    progress(1, 'Checking its lesson');
    const resolved = resolveRecordingLesson(parsed.recording);
    if (!resolved.ok) return this.post({ type: 'failed', id, title: `Could not open ${name}`, message: `${name}:${resolved.error.line}: ${resolved.error.message}` });
    progress(2, 'Building the timeline');
    const recording = parsed.recording;
    const lesson = resolved.lesson;
    const player = new RecordingPlayer(recording, lesson, request.idleCapMs);
    progress(3, 'Going to the start');
    const move = player.seek(0);
    this.open = { recording, lesson, player };
    this.landed = move.point;
    this.position = 0;
    this.post({
      type: 'opened',
      id,
      lesson,
      state: move.state,
      status: playbackStatus(lesson, recording.header, move.point, move.state),
      view: move.point.view,
      timeline: timelineOf(player),
      // A damaged file still plays up to its first bad line; the page says where it stops.
      ...(parsed.error ? { warning: parsed.error.message } : {}),
    });
  }

  /** Sends a move as patches, or as the whole state when it is big or starts from another engine (patches null). */
  private postMove(id: number, move: { point: PlaybackPoint; state: SimState; patches: PlayerMove['patches'] | null }, p: number, timeline?: TimelineSummary): void {
    const open = this.open as Open;
    this.landed = move.point;
    this.position = p;
    const whole = move.patches === null || move.patches.length > MAX_PATCHES;
    this.post({
      type: 'move',
      id,
      p,
      patches: whole ? null : move.patches,
      state: whole ? move.state : null,
      status: playbackStatus(open.lesson, open.recording.header, move.point, move.state),
      view: move.point.view,
      ...(timeline ? { timeline } : {}),
    });
  }

  private lineWhere(open: Open, where: Extract<ReplayRequest, { type: 'seekWhere' }>): number {
    const lines = open.recording.lines;
    if (where.eventIndex !== undefined) return lines.findIndex((l) => l.e >= (where.eventIndex as number));
    if (where.simTime !== undefined) return lines.findIndex((l) => l.t >= (where.simTime as number));
    if (where.step !== undefined) return lines.findIndex((l) => stepIndexAt(open.lesson, l.t) >= (where.step as number));
    return -1;
  }
}

function timelineOf(player: RecordingPlayer): TimelineSummary {
  return { duration: player.duration, chapters: player.timeline.chapters.map((c) => ({ lineIndex: c.lineIndex, p: c.p, label: c.label })) };
}
