import type { CommandInput } from '../../src/protocol/commands';
import type { LabApi } from '../../src/protocol/lab-api';
import type { Reply } from '../../src/protocol/replies';
import type { Lesson } from '../../src/lessons/schema';
import type { HostStatus } from '../../src/protocol/replies';
import { h, icon } from './dom';
import type { LayoutSlots } from './layout';
import { createRecorder, type RecordingFileApi } from './recorder';
import { createReplayer } from './replayer';

export interface RecordingControlsOptions {
  /** Where the Record / Open recording controls go (appended). */
  slot: HTMLElement;
  viewport: () => { width: number; height: number };
  activeView: () => string | null;
  showError: (title: string, message: string) => void;
}

/**
 * Record, Open recording and Export, as a layer around the shell's LabApi: the shell talks to the
 * returned `lab` exactly as to the real one. While recording, commands and replies pass through
 * the recorder; while a recording is open, the replayer answers instead of the live simulator
 * (whose replies are held back) and the shell's controls steer the playback.
 */
export function createRecordingControls(real: LabApi & RecordingFileApi, options: RecordingControlsOptions): { lab: LabApi } {
  const listeners = new Set<(reply: Reply) => void>();
  const deliver = (reply: Reply): void => {
    for (const listener of listeners) listener(reply);
  };
  let lesson: Lesson | null = null;
  let status: HostStatus | null = null;
  let liveLesson: { lesson: Lesson; seed: number; faults: string[] } | null = null;

  const recorder = createRecorder({
    lab: real,
    send: (command) => real.send(command),
    viewport: options.viewport,
    activeView: options.activeView,
    current: () => ({ lesson, status }),
  });
  const replayer = createReplayer({
    emit: deliver,
    showView: (view) => document.querySelector<HTMLButtonElement>(`[role="tab"][data-view="${CSS.escape(view)}"]`)?.click(),
    showError: options.showError,
    // Back to the live simulator: reload what it had, so the mirror matches it again.
    onClose: () => {
      if (liveLesson) real.send({ type: 'load', ...liveLesson });
    },
  });

  const fileInput = h('input', { type: 'file', accept: '.ndjson,.jsonl,application/x-ndjson', hidden: true, 'data-testid': 'open-recording-input' });
  const openButton = h('button', { type: 'button', 'data-testid': 'open-recording', title: 'Open a recorded session to play it back or export it' }, 'Open recording…');
  openButton.addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (!file) return;
    if (recorder.recording) {
      options.showError('Stop recording first', 'A recording cannot be opened while this session is being recorded.');
      return;
    }
    real.send({ type: 'pause' });
    void file.text().then((text) => replayer.open(text, file.name));
  });
  options.slot.append(h('div', { class: 'recording-controls' }, recorder.element, openButton, fileInput), replayer.element);
  // The marker form (label, narration, chapter, Add marker) and the recorder's state get their own
  // row under the transport bar while recording, so the bar never wraps (styles.css .marker-form).
  const markerForm = h('div', { class: 'marker-form', role: 'group', 'aria-label': 'Marker' });
  for (const selector of ['[data-testid="marker-label"]', '[data-testid="marker-narration"]', 'label:has([data-testid="marker-chapter"])', '[data-testid="add-marker"]', '[data-testid="recorder-state"]']) {
    const part = recorder.element.querySelector(selector);
    if (part) markerForm.append(part);
  }
  (options.slot.parentElement ?? options.slot).append(markerForm);

  real.onReply((reply) => {
    if (reply.type === 'loaded') {
      lesson = reply.lesson;
      liveLesson = { lesson: reply.lesson, seed: reply.status.seed, faults: reply.status.faults };
    }
    if ('status' in reply) status = reply.status;
    recorder.reply(reply);
    if (!replayer.active) deliver(reply);
  });

  const send = (command: CommandInput): void => {
    if (replayer.handleCommand(command)) return;
    for (const c of recorder.command(command)) real.send(c);
  };

  return {
    lab: {
      platform: real.platform,
      send,
      onReply(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      // Electron's File > Open hands over any file: recordings go to the replayer, lessons to the shell.
      onOpenFile: (listener) =>
        real.onOpenFile((file) => {
          if (/\.(ndjson|jsonl)$/i.test(file.name)) replayer.open(file.text, file.name);
          else listener(file);
        }),
      onDeepLink: (listener) => real.onDeepLink(listener),
      onMenu: (listener) => real.onMenu(listener),
      openFileDialog: () => real.openFileDialog(),
    },
  };
}

/**
 * The shell's one call: adds the controls to the transport bar and returns the LabApi the shell
 * should use. (`createErrorPanel` gives recordings their own alert, beside the shell's.)
 */
export function withRecording(real: LabApi, slots: Pick<LayoutSlots, 'transport' | 'errors' | 'canvasHost'>, activeView: () => string | null): LabApi {
  const errors = createRecordingAlert(slots.errors);
  return createRecordingControls(real, {
    slot: slots.transport,
    viewport: () => ({ width: Math.round(slots.canvasHost.clientWidth), height: Math.round(slots.canvasHost.clientHeight) }),
    activeView,
    showError: errors.show,
  }).lab;
}

/** Recording problems get their own alert (same look as the shell's), so neither hides the other. */
function createRecordingAlert(slot: HTMLElement): { show(title: string, message: string): void } {
  const title = h('strong', { class: 'error-title' });
  const detail = h('p', { class: 'error-detail' });
  const panel = h('section', { class: 'error-panel', role: 'alert', 'data-testid': 'recording-error', hidden: true });
  const close = h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Dismiss error', onclick: () => (panel.hidden = true) }, icon('close'));
  panel.append(h('header', {}, title, close), detail);
  slot.append(panel);
  return {
    show(heading, message) {
      title.textContent = heading;
      detail.textContent = message;
      panel.hidden = false;
    },
  };
}
