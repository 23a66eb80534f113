import type { Lesson } from '../../src/lessons/schema';
import type { CommandInput } from '../../src/protocol/commands';
import type { Reply } from '../../src/protocol/replies';
import { parseRecording, RecordingPlayer, resolveRecordingLesson, type PlayerMove, type Recording } from '../../src/recording';
import { playbackStatus, stepIndexAt } from '../export/playback-status';
import { h } from './dom';
import { createExportPanel } from './export-panel';

export interface ReplayerOptions {
  /** Delivers a reply to the shell as if the host had sent it (mirror, views, narration, timeline). */
  emit: (reply: Reply) => void;
  /** Switches the shell's view (the recorded view changes). */
  showView: (view: string) => void;
  /** Shows a problem (a bad file names its line). */
  showError: (title: string, message: string) => void;
  /** Puts the live simulator back in charge after the replay closes. */
  onClose: () => void;
}

export interface ReplayerUi {
  readonly element: HTMLElement;
  readonly active: boolean;
  open(text: string, name: string): void;
  /** During a replay the shell's commands steer the playback; returns true when consumed. */
  handleCommand(command: CommandInput): boolean;
  close(): void;
}

const IDLE_CAPS = [1000, 3000, 10_000, Number.POSITIVE_INFINITY];
const SPEEDS = [0.25, 0.5, 1, 2, 4, 8];
/** A move with more patches than this goes to the mirror as a snapshot. */
const MAX_PATCHES = 20_000;

/**
 * Plays a recording back in the app. It runs its own {@link RecordingPlayer} (the recording's
 * inputs replayed exactly where they were made, keyframes for seeking) and feeds the shell's
 * mirror with `loaded`/`frame` replies, so the same views, narration and timeline show it. The
 * shell's own controls steer it: play/pause, speed, the scrubber, lesson steps jump by chapter.
 */
export function createReplayer(options: ReplayerOptions): ReplayerUi {
  let player: RecordingPlayer | null = null;
  let recording: Recording | null = null;
  let recordingText = '';
  let lesson: Lesson | null = null;
  let position = 0;
  let speed = 1;
  let playing = false;
  let seq = 0;
  let frameRequest = 0;
  let lastWall = 0;
  let lastView: string | null = null;

  const playButton = h('button', { type: 'button', 'data-testid': 'replay-play', 'aria-label': 'Play recording' }, '▶');
  const scrub = h('input', { type: 'range', min: 0, max: 1, step: 'any', value: 0, 'aria-label': 'Recording position', 'data-testid': 'replay-scrub' });
  const clock = h('span', { class: 'replay-clock', 'data-testid': 'replay-clock' }, '0:00 / 0:00');
  const speedSelect = h('select', { 'aria-label': 'Playback speed', 'data-testid': 'replay-speed' }, ...SPEEDS.map((s) => h('option', { value: s, selected: s === 1 }, `${s}×`)));
  const idleSelect = h('select', { 'aria-label': 'Longest pause kept', 'data-testid': 'replay-idle' }, ...IDLE_CAPS.map((c) => h('option', { value: c, selected: c === 3000 }, Number.isFinite(c) ? `pauses ≤ ${c / 1000} s` : 'pauses as recorded')));
  const chapters = h('select', { 'aria-label': 'Jump to chapter', 'data-testid': 'replay-chapters' });
  const closeButton = h('button', { type: 'button', 'data-testid': 'replay-close' }, 'Close replay');
  const title = h('span', { class: 'replay-title', 'data-testid': 'replay-title' });
  const exportPanel = createExportPanel(() => recordingText, options.showError);
  const element = h('div', { class: 'replayer', role: 'group', 'aria-label': 'Recording playback', hidden: true, 'data-testid': 'replayer' }, title, playButton, scrub, clock, speedSelect, idleSelect, chapters, exportPanel.element, closeButton);

  const emitMove = (move: PlayerMove): void => {
    if (!lesson || !recording) return;
    // Play state and speed are the replay's own; the shell's transport bar shows them.
    const status = playbackStatus(lesson, recording.header, { ...move.point, playing, speed }, move.state);
    if (move.patches.length > MAX_PATCHES) options.emit({ type: 'snapshot', seq: ++seq, state: move.state, status });
    else options.emit({ type: 'frame', seq: ++seq, patches: move.patches, trace: [], status });
    if (move.point.view && move.point.view !== lastView) {
      lastView = move.point.view;
      options.showView(move.point.view);
    }
  };

  const render = (): void => {
    const duration = player?.duration ?? 0;
    scrub.max = String(Math.max(1, duration));
    scrub.value = String(position);
    clock.textContent = `${mmss(position)} / ${mmss(duration)}`;
    playButton.textContent = playing ? '⏸' : '▶';
    playButton.setAttribute('aria-label', playing ? 'Pause recording' : 'Play recording');
    element.dataset.position = String(Math.round(position));
  };

  const seek = (p: number): void => {
    if (!player) return;
    position = Math.min(player.duration, Math.max(0, p));
    try {
      emitMove(player.seek(position));
    } catch (error) {
      setPlaying(false);
      options.showError('The recording could not be replayed here', (error as Error).message);
    }
    render();
  };

  const jumpToLine = (lineIndex: number): void => {
    if (!player) return;
    position = player.timeline.times[lineIndex] ?? 0;
    emitMove(player.seekLine(lineIndex));
    render();
  };

  const tick = (wall: number): void => {
    if (!playing || !player) return;
    const dt = Math.min(250, Math.max(0, wall - lastWall));
    lastWall = wall;
    seek(position + dt * speed);
    if (position >= player.duration) setPlaying(false);
    else frameRequest = requestAnimationFrame(tick);
  };

  function setPlaying(on: boolean): void {
    playing = on && player !== null;
    cancelAnimationFrame(frameRequest);
    if (playing) {
      if (player && position >= player.duration) position = 0;
      lastWall = performance.now();
      frameRequest = requestAnimationFrame(tick);
    }
    announce();
    render();
  }

  /** Tells the shell the replay's play state and speed (its transport bar shows them). */
  function announce(): void {
    if (!player || !lesson || !recording) return;
    const point = player.timeline.pointAt(position);
    options.emit({ type: 'status', status: playbackStatus(lesson, recording.header, { ...point, playing, speed }, player.state) });
  }

  const chapterJump = (delta: number): void => {
    if (!player) return;
    const list = player.timeline.chapters;
    const current = list.filter((c) => c.p <= position + 1).length - 1;
    const target = list[Math.min(list.length - 1, Math.max(0, current + delta))];
    if (target) jumpToLine(target.lineIndex);
  };

  const buildPlayer = (cap: number): void => {
    if (!recording || !lesson) return;
    const fraction = player ? position / Math.max(1, player.duration) : 0;
    player = new RecordingPlayer(recording, lesson, cap);
    chapters.replaceChildren(h('option', { value: '' }, 'Chapters…'), ...player.timeline.chapters.map((c) => h('option', { value: c.lineIndex }, c.label)));
    position = fraction * player.duration;
  };

  playButton.addEventListener('click', () => setPlaying(!playing));
  scrub.addEventListener('input', () => seek(Number(scrub.value)));
  speedSelect.addEventListener('change', () => {
    speed = Number(speedSelect.value);
    announce();
  });
  idleSelect.addEventListener('change', () => {
    buildPlayer(Number(idleSelect.value));
    seek(position);
  });
  chapters.addEventListener('change', () => {
    if (chapters.value !== '') jumpToLine(Number(chapters.value));
    chapters.value = '';
  });
  closeButton.addEventListener('click', () => ui.close());

  const ui: ReplayerUi = {
    element,
    get active() {
      return player !== null;
    },
    open(text, name) {
      const parsed = parseRecording(text, name);
      if (!parsed.recording) {
        options.showError(`Could not open ${name}`, parsed.error?.message ?? 'not a recording');
        return;
      }
      // A damaged file still plays up to its first bad line; say where it stops.
      if (parsed.error) options.showError(`${name} is damaged; playing the part before the problem`, parsed.error.message);
      const resolved = resolveRecordingLesson(parsed.recording);
      if (!resolved.ok) {
        options.showError(`Could not open ${name}`, `${name}:${resolved.error.line}: ${resolved.error.message}`);
        return;
      }
      setPlaying(false);
      recording = parsed.recording;
      recordingText = text;
      lesson = resolved.lesson;
      player = null;
      lastView = null;
      buildPlayer(Number(idleSelect.value));
      const move = (player as unknown as RecordingPlayer).seek(0);
      position = 0;
      seq = 0;
      options.emit({ type: 'loaded', lesson, state: move.state, status: playbackStatus(lesson, recording.header, move.point, move.state) });
      if (move.point.view) {
        lastView = move.point.view;
        options.showView(move.point.view);
      }
      title.textContent = `Replay: ${name}`;
      element.hidden = false;
      render();
    },
    handleCommand(command) {
      if (!player) return false;
      switch (command.type) {
        case 'load':
          ui.close();
          return false;
        case 'play':
          setPlaying(true);
          return true;
        case 'pause':
          setPlaying(false);
          return true;
        case 'setSpeed':
          speed = command.speed;
          announce();
          return true;
        case 'stepLesson':
          chapterJump(command.delta < 0 ? -1 : 1);
          return true;
        case 'step':
        case 'stepBack': {
          setPlaying(false);
          const i = player.timeline.lineAt(position);
          jumpToLine(Math.max(-1, Math.min(player.recording.lines.length - 1, i + (command.type === 'step' ? 1 : -1))));
          return true;
        }
        case 'seek':
          seekCommand(command);
          return true;
        case 'input':
          options.showError('A recording plays back as it was made', 'Close the replay to change the simulation yourself.');
          return true;
        case 'snapshot':
          if (lesson && recording) options.emit({ type: 'snapshot', seq: ++seq, state: player.state, status: playbackStatus(lesson, recording.header, player.timeline.pointAt(position), player.state) });
          return true;
        case 'hash':
          options.emit({ type: 'hash', requestId: command.requestId, hash: player.hash(), eventIndex: player.state.eventIndex, simTime: player.state.time });
          return true;
      }
      return true;
    },
    close() {
      if (!player) return;
      setPlaying(false);
      exportPanel.cancel();
      player = null;
      recording = null;
      element.hidden = true;
      options.onClose();
    },
  };

  function seekCommand(command: Extract<CommandInput, { type: 'seek' }>): void {
    if (!player) return;
    const lines = player.recording.lines;
    if (command.fraction !== undefined) return seek(command.fraction * player.duration);
    const firstLine = (accept: (line: (typeof lines)[number]) => boolean): void => {
      const i = lines.findIndex(accept);
      if (i >= 0) jumpToLine(i);
    };
    if (command.eventIndex !== undefined) return firstLine((l) => l.e >= (command.eventIndex as number));
    if (command.simTime !== undefined) return firstLine((l) => l.t >= (command.simTime as number));
    if (command.step !== undefined && lesson) {
      const shown = lesson;
      const wanted = command.step;
      firstLine((l) => stepIndexAt(shown, l.t) >= wanted);
    }
  }

  return ui;
}

function mmss(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
