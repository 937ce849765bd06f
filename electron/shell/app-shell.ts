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
import { createIpcRouter } from './ipc';
import { MainWindow } from './main-window';
import { sessionFileFromArgv } from './open-args';
import { quitWhenAllClosed, shellQuitGuard, type QuitGuard } from './quit-guard';
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
  /** Opens a session file in the window (argv, open-file, drop, dialogs all end here). */
  openFile(file: string): Promise<boolean>;
  readonly window: ShellWindow | null;
  readonly sessionPath: string | null;
  readonly recording: RecordingHost;
  readonly quitGuard: QuitGuard;
  readonly actions: DesktopActions;
}

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

  const window: MainWindow<W> = new MainWindow(
    el,
    { stateFile: path.join(userData, 'window-state.json'), preloadPath: opts.preloadPath },
    {
      title: () => (sessions.fileName ? `${sessions.fileName} — Backflow` : 'Backflow'),
      opened: () => quitGuard.windowOpened(),
      closing: (e) => quitGuard.onWindowClose(e),
      dropped: (file) => void opener.openFile(file),
    },
  );
  // "Capture now" reaches the recorder thread while it records the open file.
  const sessions = new SessionHost(
    (e: LiveEvent) => window.send(IPC.live, e),
    1000,
    (file) => ({
      active: () => recording.recordingFile !== null && path.resolve(recording.recordingFile) === path.resolve(file),
      request: (r) => recording.requestEvidence(r),
    }),
  );
  const recording = new RecordingHost(opts.spawnRecorder, {
    changed: () => menu.rebuild(),
    sustained: notifySustained(el, () => window.focus()),
    failed: (message) => window.showError('Recording stopped', message),
  });
  const opener = new SessionOpener(
    {
      sessions,
      recent,
      window,
      addRecentDocument: (file) => app.addRecentDocument(file),
      opened: () => menu.rebuild(),
    },
    sessionFileFromArgv(opts.argv, opts.cwd),
  );
  const exporting = sessionExport({ el, window, sessionPath: () => sessions.path });
  const actions: DesktopActions = {
    ...opener.actions,
    ...compareActions({
      sessions,
      recent,
      window,
      addRecentDocument: (file) => app.addRecentDocument(file),
      htmlToPdf: electronHtmlToPdf((o) => new el.BrowserWindow(o)),
    }),
    exportReport: exporting.exportReport,
    ...recordingActions({
      recording,
      credentials: new CredentialStore(path.join(userData, 'credentials.json'), el.safeStorage),
      window,
      openFile: (file) => opener.openFile(file),
      demoFolder: path.join(userData, 'sessions'),
      documentsFolder: () => app.getPath('documents'),
      appVersion: opts.appVersion,
      now,
    }),
  };
  const command = (c: DesktopCommand): void => {
    window.focus();
    window.send(IPC.command, c);
  };
  const menu = new AppMenu({
    el,
    platform: opts.platform,
    prefsFile: path.join(userData, 'preferences.json'),
    recent,
    recording: () => recording.recordingFile !== null,
    sessionOpen: () => sessions.path !== null,
    commands: {
      newRecording: () => command('new-recording'),
      stopRecording: () => void recording.stop(),
      openSession: () => void actions.openSessionDialog(),
      openRecent: (p) => void opener.openFile(p),
      compareSessions: () => void actions.compareSessionsDialog(),
      saveCopy: () => void exporting.saveCopyDialog(),
      exportReport: () => command('export-report'),
      showKeyboardMap: () => command('show-keyboard-map'),
    },
  });
  const quitGuard = shellQuitGuard(window, recording, () => app.quit());

  // A call without a handle is about the window's session; the compared ones are named by theirs.
  const router = createIpcRouter({
    api: (handle) => sessions.handlersOf(handle),
    sessions: () => sessions.registry,
    actions,
    isTrustedUrl: isAppUrl,
  });

  // Registered before 'ready': macOS delivers open-file for the double-clicked file early.
  app.on('open-file', (e, file) => {
    e.preventDefault();
    void opener.openFile(file);
  });
  app.on('second-instance', (_e, argv, cwd) => {
    const file = sessionFileFromArgv(argv, cwd);
    if (file) void opener.openFile(file);
    else window.focus();
  });
  app.on('before-quit', (e) => quitGuard.onBeforeQuit(e));
  app.on('window-all-closed', () => {
    if (quitWhenAllClosed(opts.platform, recording.recordingFile !== null)) app.quit();
  });
  app.on('activate', () => window.focus());

  void app.whenReady().then(() => {
    window.ready = true;
    menu.applyTheme();
    app.setAboutPanelOptions({
      applicationName: 'Backflow',
      applicationVersion: opts.appVersion,
      copyright: 'Apache-2.0',
    });
    el.protocol.handle(APP_SCHEME, (request) => serveAppRequest(opts.rendererRoot, request));
    denyAllPermissions(el.session.defaultSession);
    el.ipcMain.handle(IPC.api, (event, method, params, session) => router.api(event, method, params, session));
    el.ipcMain.handle(IPC.action, (event, name, arg) => router.action(event, name, arg));
    menu.rebuild();
    const first = opener.pending;
    opener.pending = null;
    if (first) void opener.openFile(first);
    else if ((opts.demoOnFirstLaunch ?? true) && recordDemoOnLaunch(opts.argv, opts.cwd, recent.list()))
      void recordDemoAtFirstLaunch(actions, window);
    else window.create();
  });

  return {
    openFile: (file) => opener.openFile(file),
    get window() {
      return window.current;
    },
    get sessionPath() {
      return sessions.path;
    },
    recording,
    quitGuard,
    actions,
  };
}
