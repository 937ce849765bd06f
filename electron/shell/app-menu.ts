// The application menu, rebuilt from the shell's state whenever that changes (recent list,
// recording, theme), and the theme preference it sets, kept in userData for the next start.

import path from 'node:path';
import { z } from 'zod';
import type { ShellElectron } from './electron-like';
import { readJsonFile, writeJsonFile } from './json-store';
import { buildMenuTemplate, type MenuCommands, type ThemeSource } from './menu';
import type { RecentSessions } from './recent-sessions';

const prefsSchema = z.object({ theme: z.enum(['system', 'light', 'dark']) });

export interface AppMenuDeps {
  el: Pick<ShellElectron, 'app' | 'Menu' | 'nativeTheme'>;
  platform: NodeJS.Platform;
  prefsFile: string;
  recent: RecentSessions;
  recording(): boolean;
  sessionOpen(): boolean;
  /** What the items do elsewhere in the shell; the menu handles recent list, theme and about itself. */
  commands: Omit<MenuCommands, 'clearRecent' | 'setTheme' | 'about'>;
}

export class AppMenu {
  private theme: ThemeSource;

  constructor(private readonly deps: AppMenuDeps) {
    const prefs = prefsSchema.safeParse(readJsonFile(deps.prefsFile));
    this.theme = prefs.success ? prefs.data.theme : 'system';
  }

  /** Once Electron is ready: the theme chosen last time. */
  applyTheme(): void {
    this.deps.el.nativeTheme.themeSource = this.theme;
  }

  rebuild(): void {
    const { el, recent } = this.deps;
    const template = buildMenuTemplate(
      {
        platform: this.deps.platform,
        appName: 'Backflow',
        recent: recent.list().map((p) => ({ path: p, fileName: path.basename(p) })),
        theme: this.theme,
        recording: this.deps.recording(),
        sessionOpen: this.deps.sessionOpen(),
        devTools: !el.app.isPackaged,
      },
      {
        ...this.deps.commands,
        clearRecent: () => {
          recent.clear();
          el.app.clearRecentDocuments();
          this.rebuild();
        },
        setTheme: (t) => {
          this.theme = t;
          el.nativeTheme.themeSource = t;
          writeJsonFile(this.deps.prefsFile, { theme: t }, 0o644);
          this.rebuild();
        },
        about: () => el.app.showAboutPanel(),
      },
    );
    el.Menu.setApplicationMenu(el.Menu.buildFromTemplate(template) as never);
  }
}
