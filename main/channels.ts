/**
 * The fixed IPC channel names between the main process and the preload. One module so the
 * preload and main can never drift apart, and so a reviewer sees the whole surface at once.
 * There is deliberately no generic channel: each one carries one kind of message.
 */
export const Channels = {
  /** renderer → main (send): a protocol command for the simulator host. */
  command: 'lab:command',
  /** main → renderer: a reply from the simulator host (or a guard's error reply). */
  reply: 'lab:reply',
  /** main → renderer: a file opened from the menu (File > Open…, Open Recent). */
  openFile: 'lab:open-file',
  /** main → renderer: a validated deep link. */
  deepLink: 'lab:deep-link',
  /** main → renderer: a menu command the renderer handles (see MenuCommands). */
  menu: 'lab:menu',
  /** renderer → main (invoke): show the open dialog; resolves with an OpenFileResult. */
  openFileDialog: 'lab:open-file-dialog',
  /** renderer → main (invoke): ask where to save a recording and open it; resolves true when open. */
  recordingStart: 'lab:recording-start',
  /** renderer → main (send): NDJSON lines to append to the open recording, written at once. */
  recordingAppend: 'lab:recording-append',
  /** renderer → main (send): the recording ended. */
  recordingClose: 'lab:recording-close',
  /** main → renderer: the disk refused a write; the file was closed with what it had (a message). */
  recordingFailed: 'lab:recording-failed',
} as const;

export type Channel = (typeof Channels)[keyof typeof Channels];

/** Menu commands sent on Channels.menu. The renderer ignores ones it does not know. */
export const MenuCommands = {
  shortcuts: 'help.shortcuts',
  about: 'help.about',
  /** Presenter mode started: this window shows the presenter view (notes, next step). */
  presenterOn: 'presenter.on',
  presenterOff: 'presenter.off',
  /** View › Projector Theme: the renderer switches between the dark and the light theme. */
  theme: 'theme.toggle',
  /** View › Reduce Motion: the renderer switches reduced motion on or off (renderer/ui/motion.ts). */
  motion: 'motion.toggle',
} as const;

/** The answer to Channels.openFileDialog; the preload turns `error` into a rejected promise. */
export type OpenFileResult =
  | { ok: true; file: { path: string; name: string; text: string } | null }
  | { ok: false; message: string };

/**
 * The query parameter that tells the renderer which role its window plays. The audience window
 * of presenter mode loads the same page with `?view=audience`.
 */
export const VIEW_QUERY_PARAM = 'view';
export const AUDIENCE_VIEW = 'audience';
