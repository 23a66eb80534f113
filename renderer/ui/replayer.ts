import type { Lesson } from '../../src/lessons/schema';
import type { CommandInput } from '../../src/protocol/commands';
import type { HostStatus, Reply } from '../../src/protocol/replies';
import { h } from './dom';
import { createExportPanel } from './export-panel';
import { ReplayClient, replayWorkerPort, type ReplayPort } from './replay-client';
import type { ReplayResponse, TimelineSummary } from './replay-protocol';

export interface ReplayerOptions {
  /** Delivers a reply to the shell as if the host had sent it (mirror, views, narration, timeline, progress). */
  emit: (reply: Reply) => void;
  /** Switches the shell's view (the recorded view changes). */
  showView: (view: string) => void;
  /** Shows a problem (a bad file names its line). */
  showError: (title: string, message: string) => void;
  /** Puts the live simulator back in charge after the replay closes. */
  onClose: () => void;
  /** Where the replay runs (tests pass the session itself); default: the replay Web Worker. */
  createPort?: () => ReplayPort;
}

export interface ReplayerUi {
  readonly element: HTMLElement;
  readonly active: boolean;
  open(text: string, name: string): void;
  /** During a replay (or while one opens) the shell's commands steer it; returns true when consumed. */
  handleCommand(command: CommandInput): boolean;
  close(): void;
}

const IDLE_CAPS = [1000, 3000, 10_000, Number.POSITIVE_INFINITY];
const SPEEDS = [0.25, 0.5, 1, 2, 4, 8];

type Move = Extract<ReplayResponse, { type: 'move' }>;

/**
 * Plays a recording back in the app. Parsing, the lesson check and the recording's engine run in
 * the replay worker (renderer/ui/replay-session.ts), so a large recording never freezes the page:
 * opening reports progress through the app's progress indicator (Cancel stops it), and playback
 * asks the worker for the next position only when it has answered the last one. The worker's
 * moves feed the shell's mirror as `loaded`/`frame`/`snapshot` replies, so the same views,
 * narration and timeline show the replay, and the shell's own controls steer it: play/pause,
 * speed, the scrubber, lesson steps jump by chapter.
 */
export function createReplayer(options: ReplayerOptions): ReplayerUi {
  /** The open recording (null: none); `opening` counts opens so a cancelled or superseded one is ignored. */
  let open: { lesson: Lesson; timeline: TimelineSummary; status: HostStatus } | null = null;
  let opening = 0;
  let recordingText = '';
  let position = 0;
  let speed = 1;
  let playing = false;
  let seq = 0;
  let frameRequest = 0;
  let lastWall = 0;
  let lastView: string | null = null;

  /** The latest stage the worker reported while opening; repeated while one stage runs long (see below). */
  let stage: Reply | null = null;
  let keepAlive: ReturnType<typeof setInterval> | null = null;
  const client = new ReplayClient(options.createPort ?? replayWorkerPort, (progress) => {
    stage = { type: 'progress', operation: 'open', done: progress.done, total: progress.total };
    options.emit(stage);
  });
  // Parsing a big file is one long stage with no message from the worker; the indicator takes a
  // few silent seconds to mean "finished", so the last stage is repeated while the open runs.
  const stillOpening = (on: boolean): void => {
    if (keepAlive !== null) clearInterval(keepAlive);
    keepAlive = on ? setInterval(() => stage && options.emit(stage), 1000) : null;
    if (!on) stage = null;
  };

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

  const duration = (): number => open?.timeline.duration ?? 0;
  /** Play state and speed are the replay's own; the shell's transport bar shows them. */
  const withPlayback = (status: HostStatus): HostStatus => ({ ...status, playing, speed });

  const showTimeline = (timeline: TimelineSummary): void => {
    if (!open) return;
    open.timeline = timeline;
    chapters.replaceChildren(h('option', { value: '' }, 'Chapters…'), ...timeline.chapters.map((c) => h('option', { value: c.lineIndex }, c.label)));
  };

  const followView = (view: string | null): void => {
    if (view && view !== lastView) {
      lastView = view;
      options.showView(view);
    }
  };

  /** Applies one answer of the worker; a move changes the mirror, a failure stops playback. */
  const land = (response: Exclude<ReplayResponse, { type: 'progress' }>, keepPosition = false): void => {
    if (!open) return;
    if (response.type === 'failed') {
      setPlaying(false);
      options.showError(response.title, response.message);
      return;
    }
    if (response.type !== 'move') return;
    applyMove(response, keepPosition);
  };

  const applyMove = (move: Move, keepPosition: boolean): void => {
    if (!open) return;
    if (move.timeline) showTimeline(move.timeline);
    open.status = move.status;
    if (!keepPosition) position = move.p;
    const status = withPlayback(move.status);
    if (move.patches) options.emit({ type: 'frame', seq: ++seq, patches: move.patches, trace: [], status });
    else if (move.state) options.emit({ type: 'snapshot', seq: ++seq, state: move.state, status });
    followView(move.view);
    render();
  };

  const render = (): void => {
    scrub.max = String(Math.max(1, duration()));
    scrub.value = String(position);
    clock.textContent = `${mmss(position)} / ${mmss(duration())}`;
    playButton.textContent = playing ? '⏸' : '▶';
    playButton.setAttribute('aria-label', playing ? 'Pause recording' : 'Play recording');
    element.dataset.position = String(Math.round(position));
  };

  /** Playback and the scrubber: the page's position moves at once, the state follows when the worker answers. */
  const seek = (p: number): void => {
    if (!open) return;
    position = Math.min(duration(), Math.max(0, p));
    render();
    void client.request({ type: 'seek', p: position }).then((response) => land(response, true));
  };

  const jumpToLine = (line: number): void => {
    if (open) void client.request({ type: 'seekLine', line }).then((response) => land(response));
  };

  const tick = (wall: number): void => {
    if (!playing || !open) return;
    const dt = Math.min(250, Math.max(0, wall - lastWall));
    lastWall = wall;
    // While the worker is still on an earlier position (a big recording), the client keeps only
    // the newest one waiting, so playback keeps wall-clock pace and shows what the worker manages.
    seek(position + dt * speed);
    if (position >= duration()) setPlaying(false);
    else frameRequest = requestAnimationFrame(tick);
  };

  function setPlaying(on: boolean): void {
    playing = on && open !== null;
    cancelAnimationFrame(frameRequest);
    if (playing) {
      if (position >= duration()) position = 0;
      lastWall = performance.now();
      frameRequest = requestAnimationFrame(tick);
    }
    announce();
    render();
  }

  /** Tells the shell the replay's play state and speed (its transport bar shows them). */
  function announce(): void {
    if (open) options.emit({ type: 'status', status: withPlayback(open.status) });
  }

  const chapterJump = (delta: number): void => {
    if (!open) return;
    const list = open.timeline.chapters;
    const current = list.filter((c) => c.p <= position + 1).length - 1;
    const target = list[Math.min(list.length - 1, Math.max(0, current + delta))];
    if (target) jumpToLine(target.lineIndex);
  };

  playButton.addEventListener('click', () => setPlaying(!playing));
  scrub.addEventListener('input', () => seek(Number(scrub.value)));
  speedSelect.addEventListener('change', () => {
    speed = Number(speedSelect.value);
    announce();
  });
  idleSelect.addEventListener('change', () => {
    if (open) void client.request({ type: 'setIdleCap', idleCapMs: Number(idleSelect.value), p: position }).then((response) => land(response));
  });
  chapters.addEventListener('change', () => {
    if (chapters.value !== '') jumpToLine(Number(chapters.value));
    chapters.value = '';
  });
  closeButton.addEventListener('click', () => ui.close());

  const opened = (response: Extract<ReplayResponse, { type: 'opened' }>, text: string, name: string): void => {
    // A damaged file still plays up to its first bad line; say where it stops.
    if (response.warning) options.showError(`${name} is damaged; playing the part before the problem`, response.warning);
    open = { lesson: response.lesson, timeline: response.timeline, status: response.status };
    recordingText = text;
    position = 0;
    seq = 0;
    lastView = null;
    showTimeline(response.timeline);
    options.emit({ type: 'loaded', lesson: response.lesson, state: response.state, status: response.status });
    followView(response.view);
    title.textContent = `Replay: ${name}`;
    element.hidden = false;
    render();
  };

  const ui: ReplayerUi = {
    element,
    get active() {
      return open !== null;
    },
    open(text, name) {
      setPlaying(false);
      // Requests run in order: the worker finishes what it is doing, then opens this file, and
      // keeps the recording it has if this one fails. Only the newest open is shown.
      const ticket = ++opening;
      // Say at once that an open started: parsing a big file sends nothing until it is done.
      stage = { type: 'progress', operation: 'open', done: 0, total: 1 };
      options.emit(stage);
      stillOpening(true);
      void client.request({ type: 'open', text, name, idleCapMs: Number(idleSelect.value) }).then((response) => {
        if (ticket !== opening) return;
        opening = 0;
        // The indicator hears "done" before the new lesson arrives (a `loaded` alone reads as "stopped").
        if (response.type === 'opened' && stage?.type === 'progress') options.emit({ ...stage, done: stage.total });
        stillOpening(false);
        if (response.type === 'opened') opened(response, text, name);
        else if (response.type === 'failed') options.showError(response.title, response.message);
      });
    },
    handleCommand(command) {
      if (opening !== 0 && command.type === 'cancel') {
        // The progress indicator's Cancel: stop parsing at once; what was open before is gone.
        opening = 0;
        stillOpening(false);
        client.cancel();
        if (open) ui.close();
        return true;
      }
      if (!open) return false;
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
        case 'stepBack':
          setPlaying(false);
          void client.request({ type: 'stepLine', p: position, delta: command.type === 'step' ? 1 : -1 }).then((response) => land(response));
          return true;
        case 'seek':
          if (command.fraction !== undefined) seek(command.fraction * duration());
          else void client.request({ type: 'seekWhere', eventIndex: command.eventIndex, simTime: command.simTime, step: command.step }).then((response) => land(response));
          return true;
        case 'input':
          options.showError('A recording plays back as it was made', 'Close the replay to change the simulation yourself.');
          return true;
        case 'snapshot':
          void client.request({ type: 'snapshot' }).then((response) => land(response, true));
          return true;
        case 'hash': {
          const requestId = command.requestId;
          void client.request({ type: 'hash' }).then((response) => {
            if (response.type === 'hash') options.emit({ type: 'hash', requestId, hash: response.hash, eventIndex: response.eventIndex, simTime: response.simTime });
          });
          return true;
        }
      }
      return true;
    },
    close() {
      if (!open) return;
      setPlaying(false);
      exportPanel.cancel();
      client.cancel();
      open = null;
      element.hidden = true;
      options.onClose();
    },
  };

  return ui;
}

function mmss(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
