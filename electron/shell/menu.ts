// The native menu as a pure function of the app's state: rebuilt whenever the recent list,
// theme or recording state changes. Items call named commands; main.ts wires them to Electron.
// Items that need an open session are disabled without one: no dead menu items.

import type { MenuItemConstructorOptions } from 'electron';

export type ThemeSource = 'system' | 'light' | 'dark';

export interface MenuState {
  platform: NodeJS.Platform;
  appName: string;
  /** Newest first: absolute paths (main process only) and what to show. */
  recent: readonly { path: string; fileName: string }[];
  theme: ThemeSource;
  recording: boolean;
  /** A session is open (Save a Copy needs one). */
  sessionOpen: boolean;
  /** Developer tools only in unpackaged builds. */
  devTools: boolean;
}

export interface MenuCommands {
  newRecording(): void;
  stopRecording(): void;
  openSession(): void;
  openRecent(path: string): void;
  /** File › Compare Sessions…: two files side by side (the compare view). */
  compareSessions(): void;
  clearRecent(): void;
  saveCopy(): void;
  exportReport(): void;
  setTheme(theme: ThemeSource): void;
  showKeyboardMap(): void;
  about(): void;
}

export function buildMenuTemplate(s: MenuState, cmd: MenuCommands): MenuItemConstructorOptions[] {
  const mac = s.platform === 'darwin';
  const recentItems: MenuItemConstructorOptions[] = s.recent.length
    ? [
        ...s.recent.map((r): MenuItemConstructorOptions => ({
          label: r.fileName,
          toolTip: r.path,
          click: () => cmd.openRecent(r.path),
        })),
        { type: 'separator' },
        { id: 'clear-recent', label: 'Clear Menu', click: () => cmd.clearRecent() },
      ]
    : [{ id: 'no-recent', label: 'No Recent Sessions', enabled: false }];

  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      s.recording
        ? {
            id: 'stop-recording',
            label: 'Stop Recording',
            accelerator: 'CmdOrCtrl+Shift+R',
            click: () => cmd.stopRecording(),
          }
        : { id: 'new-recording', label: 'New Recording…', accelerator: 'CmdOrCtrl+N', click: () => cmd.newRecording() },
      { type: 'separator' },
      { id: 'open-session', label: 'Open Session…', accelerator: 'CmdOrCtrl+O', click: () => cmd.openSession() },
      { id: 'open-recent', label: 'Open Recent', submenu: recentItems },
      { id: 'compare-sessions', label: 'Compare Sessions…', click: () => cmd.compareSessions() },
      { type: 'separator' },
      {
        id: 'save-copy',
        label: 'Save a Copy…',
        accelerator: 'CmdOrCtrl+Shift+S',
        enabled: s.sessionOpen,
        click: () => cmd.saveCopy(),
      },
      {
        id: 'export-report',
        label: 'Export Report…',
        accelerator: 'CmdOrCtrl+E',
        enabled: s.sessionOpen,
        click: () => cmd.exportReport(),
      },
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'close', label: 'Close Window' },
      ...(mac ? [] : [{ role: 'quit' } as MenuItemConstructorOptions]),
    ],
  };

  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };

  const themes: { id: ThemeSource; label: string }[] = [
    { id: 'system', label: 'Follow System' },
    { id: 'light', label: 'Light' },
    { id: 'dark', label: 'Dark' },
  ];
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      {
        id: 'theme',
        label: 'Theme',
        submenu: themes.map((t): MenuItemConstructorOptions => ({
          id: `theme-${t.id}`,
          label: t.label,
          type: 'radio',
          checked: s.theme === t.id,
          click: () => cmd.setTheme(t.id),
        })),
      },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(s.devTools
        ? [
            { type: 'separator' } as MenuItemConstructorOptions,
            { role: 'reload' } as MenuItemConstructorOptions,
            { role: 'toggleDevTools' } as MenuItemConstructorOptions,
          ]
        : []),
    ],
  };

  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      { id: 'keyboard-map', label: 'Keyboard Shortcuts', accelerator: 'F1', click: () => cmd.showKeyboardMap() },
      ...(mac
        ? []
        : [
            { type: 'separator' } as MenuItemConstructorOptions,
            { id: 'about', label: `About ${s.appName}`, click: () => cmd.about() },
          ]),
    ],
  };

  const template: MenuItemConstructorOptions[] = [
    file,
    edit,
    view,
    ...(mac ? [{ role: 'windowMenu' } as MenuItemConstructorOptions] : []),
    help,
  ];
  if (mac) {
    template.unshift({
      label: s.appName,
      submenu: [
        { id: 'about', label: `About ${s.appName}`, click: () => cmd.about() },
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  return template;
}
