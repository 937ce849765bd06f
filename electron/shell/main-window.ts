// A session's window: made where the last one was left (a second one cascaded off the first),
// secured, and closed through the quit guard. The other parts reach the user through it (messages, dialogs attached as sheets, IPC
// sends) and never hold the window themselves: it may be closed, or not made yet.

import type { MessageBoxOptions, OpenDialogOptions, SaveDialogOptions } from 'electron';
import { APP_INDEX_URL } from './app-protocol';
import type { Preventable, ShellElectron, ShellWindow } from './electron-like';
import { mainWindowOptions } from './window-options';
import { guardContents } from './window-security';
import { captureWindowState, fitToDisplays, loadWindowState, saveWindowState } from './window-state';

export interface MainWindowHooks {
  title(): string;
  opened(): void;
  /** The user closes the window: the quit guard may prevent it. */
  closing(e: Preventable): void;
  /** A session file dropped on the window. */
  dropped(file: string): void;
  /** The window came to the front (menu commands then act on it). */
  focused?(): void;
  /** The window is gone. */
  closed?(): void;
  /** How far to shift the remembered position, off the windows already open. */
  cascade?(): number;
}

/** How far each further window is shifted right and down off the one before. */
export const CASCADE_PX = 28;

type WindowElectron<W extends ShellWindow> = Pick<ShellElectron<W>, 'BrowserWindow' | 'dialog' | 'screen'>;

export class MainWindow<W extends ShellWindow = ShellWindow> {
  private win: W | null = null;
  /** Electron is ready: before that no window can be made. */
  ready = false;

  constructor(
    private readonly el: WindowElectron<W>,
    private readonly opts: { stateFile: string; preloadPath: string },
    private readonly hooks: MainWindowHooks,
  ) {}

  /** The window, until its 'closed' event (it may be destroyed already). */
  get current(): W | null {
    return this.win;
  }

  private get alive(): W | null {
    return this.win && !this.win.isDestroyed() ? this.win : null;
  }

  send(channel: string, payload: unknown): void {
    this.alive?.webContents.send(channel, payload);
  }

  showError(message: string, detail: string): void {
    const w = this.alive;
    if (w) void this.el.dialog.showMessageBox(w, { type: 'error', message, detail, buttons: ['OK'] });
    else this.el.dialog.showErrorBox(message, detail);
  }

  /** The button chosen in a message box on the window; null when there is no window to ask on. */
  async ask(options: MessageBoxOptions): Promise<number | null> {
    const w = this.alive;
    return w ? (await this.el.dialog.showMessageBox(w, options)).response : null;
  }

  /** The path chosen in a save dialog; null when cancelled or without a window. */
  async askSavePath(options: SaveDialogOptions): Promise<string | null> {
    if (!this.win) return null;
    const r = await this.el.dialog.showSaveDialog(this.win, options);
    return r.canceled || !r.filePath ? null : r.filePath;
  }

  /** The file chosen in an open dialog; null when cancelled or without a window. */
  async askOpenPath(options: OpenDialogOptions): Promise<string | null> {
    if (!this.win) return null;
    const r = await this.el.dialog.showOpenDialog(this.win, options);
    const file = r.filePaths[0];
    return r.canceled || !file ? null : file;
  }

  /** Brings the window to the front, making it when there is none (once Electron is ready). */
  focus(): void {
    if (!this.ready) return;
    const w = this.alive;
    if (!w) {
      this.create();
      return;
    }
    if (w.isMinimized()) w.restore();
    w.show();
    w.focus();
    this.hooks.focused?.();
  }

  create(): void {
    const displays = [this.el.screen.getPrimaryDisplay(), ...this.el.screen.getAllDisplays()].map((d) => d.workArea);
    const saved = loadWindowState(this.opts.stateFile);
    const shift = this.hooks.cascade?.() ?? 0;
    const state = fitToDisplays(
      shift && saved.x !== undefined && saved.y !== undefined
        ? { ...saved, x: saved.x + shift, y: saved.y + shift, maximized: false }
        : saved,
      displays,
    );
    const w = new this.el.BrowserWindow(mainWindowOptions(state, this.opts.preloadPath, this.hooks.title()));
    this.win = w;
    this.hooks.opened();
    if (state.maximized) w.maximize();
    guardContents(w.webContents, (file) => this.hooks.dropped(file));
    w.once('ready-to-show', () => w.show());
    w.on('close', (e) => {
      saveWindowState(this.opts.stateFile, captureWindowState(w));
      this.hooks.closing(e);
    });
    w.on('focus', () => this.hooks.focused?.());
    w.on('closed', () => {
      if (this.win === w) this.win = null;
      this.hooks.closed?.();
    });
    void w.loadURL(APP_INDEX_URL);
  }

  /** Shows the session just opened: a new window, or a reload (the renderer asks sessionInfo again). */
  showSession(): void {
    const w = this.alive;
    if (!w) {
      this.create();
      return;
    }
    w.setTitle(this.hooks.title());
    w.webContents.reload();
    this.focus();
  }

  close(): void {
    this.win?.close();
  }
}
