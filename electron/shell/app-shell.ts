// The desktop app's wiring: single instance, the app's events, and the parts put together —
// window, menu, session opening, recording, export, IPC and the quit guard. Everything
// Electron-specific arrives through `ShellElectron`, so this runs under plain Node in tests with
// a fake; each part lives in its own module and the decisions in the small pure ones they call.

import path from 'node:path';
import type { LiveEvent } from '../../shared/api';
import { IPC, type DesktopActions, type DesktopCommand } from '../../shared/desktop-bridge';
import { AppMenu } from './app-menu';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, isAppUrl, serveAppRequest } from './app-protocol';
import { CredentialStore } from './credentials';
import type { ShellElectron, ShellWindow } from './electron-like';
import { recordDemoOnLaunch } from './first-launch';
import { electronHtmlToPdf } from './report-export';
import { MAX_DROPPED } from './preload-api';
import { createIpcRouter, type IpcEventLike, type IpcRouter } from './ipc';
import { CASCADE_PX, MainWindow } from './main-window';
import { sessionFileFromArgv } from './open-args';
import { quitWhenAllClosed, shellQuitGuard, type QuitGuard } from './quit-guard';
import { errorText } from '../../shared/error-text';
import { RecentSessions } from './recent-sessions';
import type { RecordingJob } from './recorder-worker';
import { notifySustained, recordDemoAtFirstLaunch, recordingActions } from './recording-control';
import { RecordingHost, type RecorderThread } from './recording-host';
import { sessionExport } from './session-export';
import { SessionHost } from './session-host';
import { compareActions, SessionOpener } from './session-opener';
import { denyAllPermissions } from './window-security';

export interface ShellOptions {
  argv: readonly string[];
  cwd: string;
  platform: NodeJS.Platform;
  preloadPath: string;
  rendererRoot: string;
  appVersion: string;
  spawnRecorder(job: RecordingJob): RecorderThread;
  /** Clock for default file names. */
  now?: () => Date;
  /** Record the demo cluster when started with no file and no recent sessions (default true). */
  demoOnFirstLaunch?: boolean;
}

export interface Shell {
  /** Opens a session file (argv, open-file, drop, dialogs all end here): in the front window when it shows none, else in the window already showing it or a new one. */
  openFile(file: string): Promise<boolean>;
  /** The front window (the one menu commands act on). */
  readonly window: ShellWindow | null;
  /** The front window's session file. */
  readonly sessionPath: string | null;
  /** Every session window, oldest first: its window and the session it shows. */
  readonly windows: readonly { window: ShellWindow | null; sessionPath: string | null }[];
  readonly recording: RecordingHost;
  readonly quitGuard: QuitGuard;
  /** The front window's actions. */
  readonly actions: DesktopActions;
}

/** One window and the sessions it holds. */
interface SessionWindow<W extends ShellWindow> {
  window: MainWindow<W>;
  sessions: SessionHost;
  opener: SessionOpener;
  actions: DesktopActions;
  exporting: ReturnType<typeof sessionExport>;
  router: IpcRouter;
  closeGuard: QuitGuard;
  dropped(files: string[]): Promise<void>;
}

const samePath = (a: string | null, b: string): boolean => a !== null && path.resolve(a) === path.resolve(b);

/** Returns null when another instance already runs (this one then quits after forwarding argv). */
export function startShell<W extends ShellWindow>(el: ShellElectron<W>, opts: ShellOptions): Shell | null {
  const { app } = el;
  if (!app.requestSingleInstanceLock()) {
    // Electron hands our argv to the first instance's 'second-instance' event.
    app.quit();
    return null;
  }
  el.protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

  const userData = app.getPath('userData');
  const recent = new RecentSessions(path.join(userData, 'recent-sessions.json'));
  const now = opts.now ?? (() => new Date());
  const credentials = new CredentialStore(path.join(userData, 'credentials.json'), el.safeStorage);
  let ready = false;

  /** Oldest first; there is always one (its window may be closed: macOS keeps the app running). */
  const all: SessionWindow<W>[] = [];
  let front: SessionWindow<W> | null = null;
  const current = (): SessionWindow<W> => front ?? all.at(-1)!;
  const showing = (file: string) => all.find((s) => samePath(s.sessions.path, file));
  const recordingWindow = () => {
    const file = recording.recordingFile;
    return (file && showing(file)) || current();
  };

  const recording = new RecordingHost(opts.spawnRecorder, {
    changed: () => menu.rebuild(),
    sustained: notifySustained(el, () => recordingWindow().window.focus()),
    failed: (message) => recordingWindow().window.showError('Recording stopped', message),
  });

  function makeWindow(): SessionWindow<W> {
    const window: MainWindow<W> = new MainWindow(
      el,
      { stateFile: path.join(userData, 'window-state.json'), preloadPath: opts.preloadPath },
      {
        title: () => (sessions.fileName ? `${sessions.fileName} — Backflow` : 'Backflow'),
        opened: () => closeGuard.windowOpened(),
        closing: (e) => closeGuard.onWindowClose(e),
        dropped: (file) => void opener.openFile(file),
        focused: () => {
          front = self;
          menu.rebuild();
        },
        closed: () => {
          // Another window stays: this one's sessions close with it. The last one keeps its
          // session (macOS: the app runs on, and its Dock icon shows it again).
          if (all.length > 1) {
            all.splice(all.indexOf(self), 1);
            sessions.close();
            if (front === self) front = null;
            menu.rebuild();
          }
        },
        cascade: () => CASCADE_PX * all.filter((s) => s !== self && s.window.current !== null).length,
      },
    );
    window.ready = ready;
    // "Capture now" reaches the recorder thread while it records the open file.
    const sessions = new SessionHost(
      (e: LiveEvent) => window.send(IPC.live, e),
      1000,
      (file) => ({
        active: () => samePath(recording.recordingFile, file),
        request: (r) => recording.requestEvidence(r),
      }),
    );
    const opener = new SessionOpener({
      sessions,
      recent,
      window,
      addRecentDocument: (file) => app.addRecentDocument(file),
      opened: () => menu.rebuild(),
      elsewhere: (file) => {
        const there = showing(file);
        if (there && there !== self && there.window.current) {
          there.window.focus();
          return Promise.resolve(true);
        }
        // An empty window, or none left (macOS keeps running): open here.
        return sessions.path === null || window.current === null ? null : openElsewhere(file);
      },
    });
    const exporting = sessionExport({ el, window, sessionPath: () => sessions.path });
    const { compare, ...comparing } = compareActions({
      sessions,
      recent,
      window,
      addRecentDocument: (file) => app.addRecentDocument(file),
      openSessions: () =>
        [self, ...all.filter((s) => s !== self)].flatMap((s) => (s.sessions.path ? [s.sessions.path] : [])),
      htmlToPdf: electronHtmlToPdf((o) => new el.BrowserWindow(o)),
    });
    const actions: DesktopActions = {
      ...opener.actions,
      ...comparing,
      exportReport: exporting.exportReport,
      ...recordingActions({
        recording,
        credentials,
        window,
        // A recording started from this window replaces what it shows, as before.
        openFile: (file) => opener.openFile(file, { here: true }),
        demoFolder: path.join(userData, 'sessions'),
        documentsFolder: () => app.getPath('documents'),
        appVersion: opts.appVersion,
        now,
      }),
    };
    // A call without a handle is about the window's session; the compared ones are named by theirs.
    const router = createIpcRouter({
      api: (handle) => sessions.handlersOf(handle),
      sessions: () => sessions.registry,
      actions,
      isTrustedUrl: isAppUrl,
    });
    // Closing asks about the recording when this window shows it, or when it is the last one.
    const closeGuard = shellQuitGuard(
      window,
      {
        get recordingFile() {
          const file = recording.recordingFile;
          const others = all.some((s) => s !== self && s.window.current !== null);
          return file && (samePath(sessions.path, file) || !others) ? file : null;
        },
        stop: () => recording.stop(),
      },
      () => app.quit(),
    );
    /** Files dropped together on the window: two open their comparison here, others open one by one. */
    const dropped = async (files: string[]): Promise<void> => {
      if (files.length === 2) {
        await compare(files[0]!, files[1]!);
        return;
      }
      for (const f of files) await opener.openFile(f);
    };
    const self: SessionWindow<W> = { window, sessions, opener, actions, exporting, router, closeGuard, dropped };
    all.push(self);
    return self;
  }

  /** A file for a window that shows a session already: the window showing it, or a new one. */
  async function openElsewhere(file: string): Promise<boolean> {
    const origin = current();
    const fresh = makeWindow();
    try {
      fresh.sessions.open(file);
    } catch (e) {
      all.splice(all.indexOf(fresh), 1);
      fresh.sessions.close();
      origin.window.showError(`Cannot open ${path.basename(file)}`, errorText(e));
      return false;
    }
    front = fresh;
    recent.add(file);
    app.addRecentDocument(file);
    menu.rebuild();
    fresh.window.showSession();
    return true;
  }

  const first = makeWindow();
  first.opener.pending = sessionFileFromArgv(opts.argv, opts.cwd);
  const openFile = (file: string): Promise<boolean> => current().opener.openFile(file);

  const command = (c: DesktopCommand): void => {
    const { window } = current();
    window.focus();
    window.send(IPC.command, c);
  };
  const menu = new AppMenu({
    el,
    platform: opts.platform,
    prefsFile: path.join(userData, 'preferences.json'),
    recent,
    recording: () => recording.recordingFile !== null,
    sessionOpen: () => current().sessions.path !== null,
    commands: {
      newRecording: () => command('new-recording'),
      stopRecording: () => void recording.stop(),
      openSession: () => void current().actions.openSessionDialog(),
      openRecent: (p) => void openFile(p),
      compareSessions: () => void current().actions.compareSessionsDialog(),
      saveCopy: () => void current().exporting.saveCopyDialog(),
      exportReport: () => command('export-report'),
      showKeyboardMap: () => command('show-keyboard-map'),
    },
  });
  // Quitting asks on the front window.
  const quitGuard = shellQuitGuard(
    {
      ask: (o) => current().window.ask(o),
      close: () => current().window.close(),
    },
    recording,
    () => app.quit(),
  );

  /** The window whose page sent an IPC call (the front one when it cannot be told). */
  const senderOf = (event: IpcEventLike): SessionWindow<W> =>
    (event.sender !== undefined && all.find((s) => s.window.current?.webContents === event.sender)) || current();

  // Registered before 'ready': macOS delivers open-file for the double-clicked file early.
  app.on('open-file', (e, file) => {
    e.preventDefault();
    void openFile(file);
  });
  app.on('second-instance', (_e, argv, cwd) => {
    const file = sessionFileFromArgv(argv, cwd);
    if (file) void openFile(file);
    else current().window.focus();
  });
  app.on('before-quit', (e) => quitGuard.onBeforeQuit(e));
  app.on('window-all-closed', () => {
    if (quitWhenAllClosed(opts.platform, recording.recordingFile !== null)) app.quit();
  });
  app.on('activate', () => current().window.focus());

  void app.whenReady().then(() => {
    ready = true;
    for (const s of all) s.window.ready = true;
    menu.applyTheme();
    app.setAboutPanelOptions({
      applicationName: 'Backflow',
      applicationVersion: opts.appVersion,
      copyright: 'Apache-2.0',
    });
    el.protocol.handle(APP_SCHEME, (request) => serveAppRequest(opts.rendererRoot, request));
    denyAllPermissions(el.session.defaultSession);
    el.ipcMain.handle(IPC.api, (event, method, params, session) =>
      senderOf(event).router.api(event, method, params, session),
    );
    el.ipcMain.handle(IPC.action, (event, name, arg) => senderOf(event).router.action(event, name, arg));
    // Only our own pages' preload sends it; anything but a short list of paths is ignored.
    el.ipcMain.handle(IPC.dropped, async (event, files) => {
      if (!isAppUrl(event.senderFrame?.url ?? '')) return;
      if (!Array.isArray(files) || files.length === 0 || files.length > MAX_DROPPED) return;
      if (!files.every((f): f is string => typeof f === 'string' && path.isAbsolute(f))) return;
      await senderOf(event).dropped(files);
    });
    menu.rebuild();
    const pending = first.opener.pending;
    first.opener.pending = null;
    if (pending) void first.opener.openFile(pending);
    else if ((opts.demoOnFirstLaunch ?? true) && recordDemoOnLaunch(opts.argv, opts.cwd, recent.list()))
      void recordDemoAtFirstLaunch(first.actions, first.window);
    else first.window.create();
  });

  return {
    openFile,
    get window() {
      return current().window.current;
    },
    get sessionPath() {
      return current().sessions.path;
    },
    get windows() {
      return all.map((s) => ({ window: s.window.current, sessionPath: s.sessions.path }));
    },
    recording,
    quitGuard,
    get actions() {
      return current().actions;
    },
  };
}
