import type { Lesson } from '../../src/lessons/schema';
import type { CommandInput } from '../../src/protocol/commands';
import type { LabApi } from '../../src/protocol/lab-api';
import type { HostStatus, Reply } from '../../src/protocol/replies';
import { hashValue } from '../../src/engine/hash';
import { findLesson } from '../../src/lessons';
import { APP_VERSION, SessionRecorder } from '../../src/recording';
import { h } from './dom';
import { indexedDbRecordingStore } from './recording-store';

/** How long Stop waits for the host's final state hash before ending the file without it. */
const FINISH_TIMEOUT_MS = 3000;

/**
 * What the Electron preload may add to `window.lab` so a recording is written to disk as it goes
 * (main appends each chunk to the file the user chose). Absent in the browser build, where the
 * lines stay in memory until Download.
 */
export interface RecordingFileApi {
  recordingStart?(suggestedName: string): Promise<boolean>;
  recordingAppend?(text: string): void;
  recordingClose?(): void;
  onRecordingFailed?(listener: (message: string) => void): () => void;
}

export interface RecorderOptions {
  lab: LabApi & RecordingFileApi;
  /** Sends straight to the host (bypassing the recorder). */
  send: (command: CommandInput) => void;
  viewport: () => { width: number; height: number };
  activeView: () => string | null;
  /** The loaded lesson and the latest status (from the shell's mirror). */
  current: () => { lesson: Lesson | null; status: HostStatus | null };
}

export interface RecorderUi {
  readonly element: HTMLElement;
  readonly recording: boolean;
  /** The commands to send instead of `command` (the recorder adds request ids and probes). */
  command(command: CommandInput): CommandInput[];
  reply(reply: Reply): void;
  /** The recorded text so far (for Download and for opening it in the replayer). */
  text(): string;
}

/**
 * The Record button, Marker form and Download link. While recording, every command the UI sends
 * and every reply pass through a {@link SessionRecorder}; view changes are noticed on each reply.
 * In the browser build the file also goes to IndexedDB as it is written, so a crash or reload does
 * not lose it: the next visit offers it back for download. In Electron a failed disk write stops
 * the recording (main closes the file with what it had) and the copy in memory stays downloadable.
 * Stop ends the file with the final state hash, so the whole recording is verifiable.
 */
export function createRecorder(options: RecorderOptions): RecorderUi {
  let session: SessionRecorder | null = null;
  /** A session whose end line waits for the host's final hash. */
  let ending: SessionRecorder | null = null;
  let chunks: string[] = [];
  /** Where the recording stands when something went wrong (shown instead of the line count). */
  let notice = '';
  /** The disk refused a write: nothing more goes to the file (the copy in memory continues to the end). */
  let fileFailed = false;
  const store = options.lab.platform === 'web' ? indexedDbRecordingStore((message) => ((notice = message), update())) : null;
  let lastView: string | null = null;
  let lessonId = 'recording';

  const recordButton = h('button', { type: 'button', class: 'record-button', 'aria-pressed': 'false', 'data-testid': 'record', title: 'Record this session (inputs, navigation, markers)' }, '● Record');
  const label = h('input', { type: 'text', maxlength: 200, placeholder: 'Marker label', 'aria-label': 'Marker label', 'data-testid': 'marker-label' });
  const narration = h('input', { type: 'text', maxlength: 2000, placeholder: 'Narration (optional)', 'aria-label': 'Marker narration', 'data-testid': 'marker-narration' });
  const chapter = h('input', { type: 'checkbox', 'aria-label': 'Marker starts a chapter', 'data-testid': 'marker-chapter' });
  const markerButton = h('button', { type: 'button', disabled: true, 'data-testid': 'add-marker' }, 'Add marker');
  const download = h('button', { type: 'button', disabled: true, 'data-testid': 'download-recording' }, 'Download');
  const state = h('span', { class: 'recorder-state', role: 'status', 'aria-live': 'polite', 'data-testid': 'recorder-state' });
  const element = h('div', { class: 'recorder', role: 'group', 'aria-label': 'Recording' }, recordButton, label, narration, h('label', {}, chapter, ' chapter'), markerButton, download, state);

  const sink = (text: string): void => {
    chunks.push(text);
    store?.append(text);
    if (!fileFailed) options.lab.recordingAppend?.(text);
  };

  const update = (): void => {
    const on = session !== null;
    recordButton.setAttribute('aria-pressed', String(on));
    recordButton.textContent = on ? '■ Stop' : '● Record';
    markerButton.disabled = !on;
    download.disabled = chunks.length === 0;
    state.textContent = notice || (on ? `Recording: ${session?.writer.lineCount ?? 0} lines` : ending ? 'Finishing the recording…' : chunks.length > 0 ? 'Recording stopped' : '');
  };

  // View tabs change no simulator state, so nothing replies: look for view changes on a timer too.
  let viewWatch = 0;
  const noticeView = (): void => {
    const view = options.activeView();
    if (session && view && view !== lastView) {
      lastView = view;
      session.view(view);
    }
  };

  /**
   * Ends the recording. Normally the end line waits for the final state hash; `immediate` (the
   * page is going away, the file failed) ends it at once without one (partly verifiable).
   */
  const stop = (immediate = false): void => {
    window.clearInterval(viewWatch);
    const current = session;
    if (!current) return;
    session = null;
    ending = current;
    const closeFile = (): void => {
      if (ending !== current) return;
      ending = null;
      if (!fileFailed) options.lab.recordingClose?.();
      store?.finish();
      update();
    };
    if (immediate) {
      current.close();
      closeFile();
      return;
    }
    current.finish(closeFile);
    // A host that does not answer (hung, restarting) must not keep the file open forever.
    window.setTimeout(() => current.close(), FINISH_TIMEOUT_MS);
    update();
  };

  const start = async (): Promise<void> => {
    const { lesson, status } = options.current();
    if (!lesson || !status) return;
    lessonId = lesson.id;
    if (options.lab.recordingStart && !(await options.lab.recordingStart(`${lesson.id}.isolab-rec.ndjson`))) return;
    chunks = [];
    notice = '';
    fileFailed = false;
    store?.begin(`${lesson.id}.isolab-rec.ndjson`);
    session = new SessionRecorder({
      app: APP_VERSION,
      lesson,
      status,
      viewport: options.viewport(),
      now: () => performance.now(),
      sink,
      send: options.send,
      // A lesson opened from a file travels inside the recording.
      embedLesson: !isBuiltin(lesson),
    });
    viewWatch = window.setInterval(noticeView, 250);
    lastView = options.activeView();
    if (lastView) session.view(lastView);
    update();
  };

  recordButton.addEventListener('click', () => (session ? stop() : void start()));
  options.lab.onRecordingFailed?.((message) => {
    fileFailed = true;
    notice = `${message} Download keeps the full recording.`;
    stop(true);
    update();
  });
  // A recording kept from a page that crashed or was closed is offered back.
  void store?.kept().then((kept) => {
    if (!kept || session || chunks.length > 0) return;
    chunks = [kept.text];
    lessonId = kept.name.replace(/\.isolab-rec\.ndjson$/, '');
    notice = kept.finished
      ? 'A recording from your last visit was kept: Download saves it.'
      : 'A recording from your last visit was kept up to where the page closed (no end line: partly verifiable): Download saves it.';
    update();
  });
  markerButton.addEventListener('click', () => {
    session?.marker(label.value.trim() || `Marker ${(session?.writer.lineCount ?? 0) + 1}`, narration.value.trim(), chapter.checked);
    label.value = '';
    narration.value = '';
    chapter.checked = false;
  });
  download.addEventListener('click', () => {
    const blob = new Blob(chunks, { type: 'application/x-ndjson' });
    const a = h('a', { href: URL.createObjectURL(blob), download: `${lessonId}.isolab-rec.ndjson` });
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  });
  // Closing the tab or window ends the file cleanly; everything before is already written.
  window.addEventListener('pagehide', () => stop(true));

  return {
    element,
    get recording() {
      return session !== null;
    },
    command(command) {
      if (!session) return [command];
      if (command.type === 'load') {
        // Another lesson ends this recording (a recording covers one lesson).
        stop();
        return [command];
      }
      return session.command(command);
    },
    reply(reply) {
      ending?.reply(reply);
      if (!session) return update();
      session.reply(reply);
      noticeView();
      update();
    },
    text: () => chunks.join(''),
  };
}

function isBuiltin(lesson: Lesson): boolean {
  const builtin = findLesson(lesson.id);
  return builtin !== undefined && hashValue(builtin) === hashValue(lesson);
}
