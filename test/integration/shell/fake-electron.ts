// A plain stand-in for the parts of Electron the shell uses (ShellElectron), recording what the
// shell asked for so tests can assert it and fire the events Electron would.
import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions, MessageBoxOptions } from 'electron';
import type { ShellElectron, ShellWindow } from '../../../electron/shell/electron-like';
import type { IpcEventLike } from '../../../electron/shell/ipc';
import type { SafeStorageLike } from '../../../electron/shell/credentials';

type Listener = (...args: any[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, l: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), l]);
    return this;
  }
  once(event: string, l: Listener) {
    return this.on(event, l);
  }
  /** Fires an event with a preventable event object; returns whether a listener prevented it. */
  fire(event: string, ...args: unknown[]): boolean {
    let prevented = false;
    const e = { preventDefault: () => (prevented = true) };
    for (const l of this.listeners.get(event) ?? []) l(e, ...args);
    return prevented;
  }
  emitPlain(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) l(...args);
  }
}

export class FakeContents extends Emitter {
  sent: { channel: string; payload: unknown }[] = [];
  reloads = 0;
  openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
  setWindowOpenHandler(h: (d: { url: string }) => { action: 'deny' }) {
    this.openHandler = h;
  }
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload });
  }
  reload() {
    this.reloads++;
  }
  /** Stands in for Chromium's printer: a PDF header and the page URL it printed. */
  printed: string[] = [];
  async printToPDF() {
    return Buffer.from(`%PDF-1.7 fake print of ${this.printed.at(-1) ?? ''}`);
  }
}

export class FakeWindow extends Emitter {
  readonly webContents = new FakeContents();
  loaded: string[] = [];
  title: string;
  shown = 0;
  focused = 0;
  maximized = false;
  destroyed = false;
  bounds = { x: 100, y: 80, width: 1200, height: 800 };
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    this.title = options.title ?? '';
    if (options.x !== undefined)
      this.bounds = { x: options.x, y: options.y!, width: options.width!, height: options.height! };
  }
  async loadURL(url: string) {
    this.loaded.push(url);
    this.webContents.printed.push(url);
  }
  destroy() {
    this.destroyed = true;
  }
  show() {
    this.shown++;
  }
  /** Like Electron: the window comes to the front and says so. */
  focus() {
    this.focused++;
    this.emitPlain('focus');
  }
  restore() {}
  maximize() {
    this.maximized = true;
  }
  isMaximized() {
    return this.maximized;
  }
  isMinimized() {
    return false;
  }
  isFullScreen() {
    return false;
  }
  getNormalBounds() {
    return this.bounds;
  }
  isDestroyed() {
    return this.destroyed;
  }
  setTitle(t: string) {
    this.title = t;
  }
  /** Like Electron: 'close' listeners may prevent it; otherwise the window is gone. */
  close() {
    if (this.fire('close')) return;
    this.destroyed = true;
    this.emitPlain('closed');
    fake.current?.windowClosed(this);
  }
}

const fake: { current: FakeElectron | null } = { current: null };

export class FakeElectron {
  readonly app: Emitter & Record<string, any>;
  readonly windows: FakeWindow[] = [];
  readonly ipc = new Map<string, (event: IpcEventLike, ...args: unknown[]) => unknown>();
  readonly protocols = new Map<string, (r: Request) => Promise<Response>>();
  readonly privileged: unknown[] = [];
  readonly messageBoxes: MessageBoxOptions[] = [];
  readonly errorBoxes: string[] = [];
  readonly notifications: { title: string; body: string }[] = [];
  permissionRequest: ((wc: unknown, p: string, cb: (g: boolean) => void) => void) | null = null;
  menu: MenuItemConstructorOptions[] = [];
  quits = 0;
  recentDocuments: string[] = [];
  /** Answers for showMessageBox, in order (button index); default 0. */
  answers: number[] = [];
  saveDialogPath: string | undefined;
  openDialogPath: string | undefined;
  /** Answers for the next open dialogs, in order (before openDialogPath). */
  openDialogPaths: string[] = [];
  private readyResolve!: () => void;
  readonly ready: Promise<void>;
  readonly el: ShellElectron<FakeWindow & ShellWindow>;

  constructor(
    readonly userData: string,
    readonly lock = true,
    safeStorage: SafeStorageLike = {
      isEncryptionAvailable: () => false,
      encryptString: () => Buffer.alloc(0),
      decryptString: () => '',
    },
  ) {
    fake.current = this;
    this.ready = new Promise((r) => (this.readyResolve = r));
    const self = this;
    const app = new Emitter() as Emitter & Record<string, any>;
    Object.assign(app, {
      isPackaged: true,
      requestSingleInstanceLock: () => self.lock,
      whenReady: () => self.ready,
      quit: () => {
        self.quits++;
        app.fire('before-quit');
      },
      getPath: (name: string) => (name === 'userData' ? self.userData : `${self.userData}/documents`),
      getName: () => 'Backflow',
      getVersion: () => '0.1.0',
      addRecentDocument: (p: string) => self.recentDocuments.push(p),
      clearRecentDocuments: () => (self.recentDocuments = []),
      setAboutPanelOptions: () => {},
      showAboutPanel: () => {},
    });
    this.app = app;
    class Notification {
      constructor(readonly o: { title: string; body: string }) {}
      static isSupported() {
        return true;
      }
      on() {
        return this;
      }
      show() {
        self.notifications.push(this.o);
      }
    }
    class BrowserWindow extends FakeWindow {
      constructor(o: BrowserWindowConstructorOptions) {
        super(o);
        self.windows.push(this);
      }
    }
    this.el = {
      app: app as never,
      BrowserWindow: BrowserWindow as never,
      ipcMain: { handle: (channel, l) => void self.ipc.set(channel, l) },
      protocol: {
        registerSchemesAsPrivileged: (s) => void self.privileged.push(...s),
        handle: (scheme, h) => void self.protocols.set(scheme, h),
      },
      dialog: {
        showOpenDialog: async () => {
          const next = self.openDialogPaths.shift() ?? self.openDialogPath;
          return next ? { canceled: false, filePaths: [next] } : { canceled: true, filePaths: [] };
        },
        showSaveDialog: async () =>
          self.saveDialogPath ? { canceled: false, filePath: self.saveDialogPath } : { canceled: true },
        showMessageBox: async (_w, o) => {
          self.messageBoxes.push(o);
          return { response: self.answers.shift() ?? 0 };
        },
        showErrorBox: (title, content) => void self.errorBoxes.push(`${title}: ${content}`),
      },
      Menu: {
        buildFromTemplate: (t) => t,
        setApplicationMenu: (m) => void (self.menu = m as unknown as MenuItemConstructorOptions[]),
      },
      nativeTheme: { themeSource: 'system' },
      Notification: Notification as never,
      safeStorage,
      screen: {
        getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1050 } }),
        getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1050 } }],
      },
      session: {
        defaultSession: {
          setPermissionRequestHandler: (h) => void (self.permissionRequest = h),
          setPermissionCheckHandler: () => {},
        },
      },
    };
  }

  async makeReady(): Promise<void> {
    this.readyResolve();
    await this.ready;
    await new Promise((r) => setTimeout(r, 0));
  }

  windowClosed(w: FakeWindow): void {
    if (this.windows.every((x) => x.destroyed) && w.destroyed) this.app.emitPlain('window-all-closed');
  }

  get window(): FakeWindow {
    const w = this.windows.at(-1);
    if (!w) throw new Error('no window was created');
    return w;
  }

  /** Calls an IPC handler the shell registered, as the renderer at `url` would. */
  invoke(channel: string, url: string, ...args: unknown[]): Promise<unknown> {
    const h = this.ipc.get(channel);
    if (!h) throw new Error(`no IPC handler for ${channel}`);
    return Promise.resolve(h({ senderFrame: { url } }, ...args));
  }

  /** The same, sent by the page in window `w` (Electron's event.sender is its webContents). */
  invokeFrom(w: FakeWindow, channel: string, url: string, ...args: unknown[]): Promise<unknown> {
    const h = this.ipc.get(channel);
    if (!h) throw new Error(`no IPC handler for ${channel}`);
    return Promise.resolve(h({ senderFrame: { url }, sender: w.webContents }, ...args));
  }

  /** The windows still open (print windows are destroyed right after printing). */
  get openWindows(): FakeWindow[] {
    return this.windows.filter((w) => !w.destroyed);
  }
}

export const settle = () => new Promise((r) => setTimeout(r, 10));
