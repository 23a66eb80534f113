import { Menu } from 'electron';
import { Channels } from './channels';
import type { FileService } from './file-service';
import { menuTemplate } from './menu';
import type { RecentService } from './recent-service';
import type { WindowService } from './window-service';

export interface AppMenuDeps {
  appName: string;
  windows: WindowService;
  files: FileService;
  recent: RecentService;
}

/** The application menu (its shape is main/menu.ts), rebuilt when the recent list or presenter mode changes. */
export class AppMenu {
  constructor(private readonly deps: AppMenuDeps) {}

  rebuild(): void {
    const { windows, files, recent, appName } = this.deps;
    const template = menuTemplate(
      { recent: recent.list, presenterOn: windows.presenterOn, platform: process.platform, appName },
      {
        open: () => files.openWithDialog(),
        openRecent: (path) => void files.openPath(path),
        clearRecent: () => void recent.clear(),
        togglePresenter: () => windows.togglePresenter(),
        sendToRenderer: (command) => windows.sendToMain(Channels.menu, command),
      },
    );
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }
}
