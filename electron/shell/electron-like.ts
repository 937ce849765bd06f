// The parts of the `electron` module the shell uses, as plain interfaces: main.ts passes the
// real module, unit tests pass a fake object. Nothing else in electron/shell imports electron at
// runtime (only its types).

import type {
  BrowserWindowConstructorOptions,
  CustomScheme,
  MenuItemConstructorOptions,
  MessageBoxOptions,
  OpenDialogOptions,
  SaveDialogOptions,
} from 'electron';
import type { SafeStorageLike } from './credentials';
import type { IpcEventLike } from './ipc';
import type { ThemeSource } from './menu';
import type { GuardedContents, PermissionSession } from './window-security';
import type { MeasurableWindow, Rect } from './window-state';

export interface Preventable {
  preventDefault(): void;
}

export interface ShellWebContents extends GuardedContents {
  send(channel: string, payload: unknown): void;
  reload(): void;
  printToPDF(options: { printBackground?: boolean; preferCSSPageSize?: boolean }): Promise<Buffer | Uint8Array>;
}

export interface ShellWindow extends MeasurableWindow {
  readonly webContents: ShellWebContents;
  loadURL(url: string): Promise<void>;
  on(event: 'close', listener: (e: Preventable) => void): unknown;
  on(event: 'closed' | 'focus', listener: () => void): unknown;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  focus(): void;
  restore(): void;
  maximize(): void;
  close(): void;
  destroy(): void;
  isDestroyed(): boolean;
  setTitle(title: string): void;
}

export interface ShellApp {
  readonly isPackaged: boolean;
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance', listener: (e: unknown, argv: string[], workingDirectory: string) => void): unknown;
  on(event: 'open-file', listener: (e: Preventable, path: string) => void): unknown;
  on(event: 'before-quit', listener: (e: Preventable) => void): unknown;
  on(event: 'window-all-closed' | 'activate', listener: () => void): unknown;
  whenReady(): Promise<unknown>;
  quit(): void;
  getPath(name: 'userData' | 'documents'): string;
  getName(): string;
  getVersion(): string;
  addRecentDocument(path: string): void;
  clearRecentDocuments(): void;
  setAboutPanelOptions(options: {
    applicationName?: string;
    applicationVersion?: string;
    copyright?: string;
    website?: string;
  }): void;
  showAboutPanel(): void;
}

export interface ShellNotification {
  on(event: 'click', listener: () => void): unknown;
  show(): void;
}

/** W is the window type: Electron's BrowserWindow in production (dialogs attach to it as sheets). */
export interface ShellElectron<W extends ShellWindow = ShellWindow> {
  app: ShellApp;
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => W;
  ipcMain: { handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void };
  protocol: {
    registerSchemesAsPrivileged(schemes: CustomScheme[]): void;
    handle(scheme: string, handler: (request: Request) => Promise<Response>): void;
  };
  dialog: {
    showOpenDialog(win: W, options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
    showSaveDialog(win: W, options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
    showMessageBox(win: W, options: MessageBoxOptions): Promise<{ response: number }>;
    showErrorBox(title: string, content: string): void;
  };
  Menu: { buildFromTemplate(template: MenuItemConstructorOptions[]): unknown; setApplicationMenu(menu: never): void };
  nativeTheme: { themeSource: ThemeSource };
  Notification: { isSupported(): boolean; new (options: { title: string; body: string }): ShellNotification };
  safeStorage: SafeStorageLike;
  screen: { getPrimaryDisplay(): { id: number; workArea: Rect }; getAllDisplays(): { id: number; workArea: Rect }[] };
  session: { defaultSession: PermissionSession };
}
