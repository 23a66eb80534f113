import { dialog } from 'electron';
import { Channels } from './channels';
import { parseDeepLink } from './deep-link';
import { deepLinkPrompt } from './window-recovery';
import type { WindowService } from './window-service';

export interface DeepLinkServiceDeps {
  windows: WindowService;
  /** What a link that replaces the lesson would throw away. */
  work(): { recording: boolean; inputs: number };
}

/**
 * `isolab://` links from the OS (command line, second instance, macOS open-url). A link that
 * comes before the app is ready waits; a bad one is refused with a message; any web page can fire
 * one, so a link that would end a recording or drop the session's changes asks first.
 */
export class DeepLinkService {
  private pending: string | undefined;
  private ready = false;

  constructor(
    private readonly deps: DeepLinkServiceDeps,
    /** A link on the command line that started the app. */
    initial?: string,
  ) {
    this.pending = initial;
  }

  /** A link arrived; kept until `start` when the app is not ready yet (the latest one wins). */
  receive(raw: string): void {
    if (this.ready) this.handle(raw);
    else this.pending = raw;
  }

  /** The app is ready and has a window: handle the link that waited, if any. */
  start(): void {
    this.ready = true;
    const link = this.pending;
    this.pending = undefined;
    if (link) this.handle(link);
  }

  private handle(raw: string): void {
    const { windows } = this.deps;
    const win = windows.focusMain();
    const parsed = parseDeepLink(raw);
    if (!parsed.ok) {
      windows.sendToMain(Channels.reply, { type: 'error', message: parsed.error });
      return;
    }
    const prompt = deepLinkPrompt(parsed.link.lessonId, this.deps.work());
    if (!prompt) {
      windows.sendToMain(Channels.deepLink, parsed.link);
      return;
    }
    void dialog.showMessageBox(win, { type: 'question', ...prompt, defaultId: 1, cancelId: 1 }).then(({ response }) => {
      if (response === 0 && !win.isDestroyed()) windows.sendToMain(Channels.deepLink, parsed.link);
    });
  }
}
