// The desktop app's wiring: single instance, window, menu, IPC, sessions, recording, quit
// guard. Everything Electron-specific arrives through `ShellElectron`, so this runs under plain
// Node in tests with a fake; the decisions themselves live in the small pure modules it calls.

import { existsSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { LiveEvent } from '../../shared/api';
import { DEFAULT_DEMO_SCENARIO, IPC, type DesktopActions, type DesktopCommand, type RecordingState } from '../../shared/desktop-bridge';
import type { ClusterTarget } from '../recorder/cluster-poller';
import { saveCopy } from '../session/index';
import { APP_INDEX_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, isAppUrl, serveAppRequest } from './app-protocol';
import { CredentialStore } from './credentials';
import type { ShellElectron, ShellWindow } from './electron-like';
import { DEMO_INTERVAL_MS, DEMO_SPEED, demoSessionFile, recordDemoOnLaunch } from './first-launch';
import { createIpcRouter, RefusedError } from './ipc';
import { readJsonFile, writeJsonFile } from './json-store';
import { buildMenuTemplate, type ThemeSource } from './menu';
import { notificationText } from './notification';
import { electronHtmlToPdf, exportReportRange, reportSaveOptions } from './report-export';
import { SESSION_EXTENSION, isSessionFileName, sessionFileFromArgv } from './open-args';
import { answerOf, closeDialog, QuitGuard, quitDialog, quitWhenAllClosed } from './quit-guard';
import { RecentSessions } from './recent-sessions';
import type { RecordingJob } from './recorder-worker';
import { RecordingHost, type RecorderThread } from './recording-host';
import { SessionHost } from './session-host';
import { mainWindowOptions } from './window-options';
import { denyAllPermissions, guardContents } from './window-security';
import { captureWindowState, fitToDisplays, loadWindowState, saveWindowState } from './window-state';

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

const prefsSchema = z.object({ theme: z.enum(['system', 'light', 'dark']) });

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
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
  const files = {
    windowState: path.join(userData, 'window-state.json'),
    recent: path.join(userData, 'recent-sessions.json'),
    credentials: path.join(userData, 'credentials.json'),
    prefs: path.join(userData, 'preferences.json'),
    /** Demo recordings go here: the user never picked a place for them. */
    sessions: path.join(userData, 'sessions'),
  };
  const recent = new RecentSessions(files.recent);
  const credentials = new CredentialStore(files.credentials, el.safeStorage);
  const prefs = prefsSchema.safeParse(readJsonFile(files.prefs));
  let theme: ThemeSource = prefs.success ? prefs.data.theme : 'system';
  const now = opts.now ?? (() => new Date());

  let win: W | null = null;
  let ready = false;
  let pendingFile: string | null = sessionFileFromArgv(opts.argv, opts.cwd);

  const send = (channel: string, payload: unknown) => {
    if (win && !win.isDestroyed()) win.webContents.send(channel, payload);
  };
  const sessions = new SessionHost((e: LiveEvent) => send(IPC.live, e));

  const showError = (message: string, detail: string) => {
    if (win && !win.isDestroyed()) void el.dialog.showMessageBox(win, { type: 'error', message, detail, buttons: ['OK'] });
    else el.dialog.showErrorBox(message, detail);
  };

  const recording = new RecordingHost(opts.spawnRecorder, {
    changed: () => rebuildMenu(),
    sustained: (n) => {
      if (!el.Notification.isSupported()) return;
      const note = new el.Notification(notificationText(n));
      note.on('click', () => focusWindow());
      note.show();
    },
    failed: (message) => showError('Recording stopped', message),
  });

  const quitGuard = new QuitGuard({
    recordingFile: () => (recording.recordingFile ? path.basename(recording.recordingFile) : null),
    askQuit: async (fileName) => {
      const d = quitDialog(fileName);
      const r = win && !win.isDestroyed() ? await el.dialog.showMessageBox(win, d.options) : { response: 0 };
      return answerOf(d.answers, r.response, 'cancel');
    },
    askClose: async (fileName) => {
      const d = closeDialog(fileName);
      const r = await el.dialog.showMessageBox(win!, d.options);
      return answerOf(d.answers, r.response, 'cancel');
    },
    stopRecording: async () => void (await recording.stop()),
    quit: () => app.quit(),
    closeWindow: () => win?.close(),
  });

  function rebuildMenu(): void {
    const template = buildMenuTemplate(
      {
        platform: opts.platform,
        appName: 'Backflow',
        recent: recent.list().map((p) => ({ path: p, fileName: path.basename(p) })),
        theme,
        recording: recording.recordingFile !== null,
        sessionOpen: sessions.path !== null,
        devTools: !app.isPackaged,
      },
      {
        newRecording: () => command('new-recording'),
        stopRecording: () => void recording.stop(),
        openSession: () => void actions.openSessionDialog(),
        openRecent: (p) => void openFile(p),
        clearRecent: () => {
          recent.clear();
          app.clearRecentDocuments();
          rebuildMenu();
        },
        saveCopy: () => void saveCopyDialog(),
        // The window's export dialog chooses range, parts and format, then calls exportReport.
        exportReport: () => command('export-report'),
        setTheme: (t) => {
          theme = t;
          el.nativeTheme.themeSource = t;
          writeJsonFile(files.prefs, { theme: t }, 0o644);
          rebuildMenu();
        },
        showKeyboardMap: () => command('show-keyboard-map'),
        about: () => app.showAboutPanel(),
      },
    );
    el.Menu.setApplicationMenu(el.Menu.buildFromTemplate(template) as never);
  }

  function command(c: DesktopCommand): void {
    focusWindow();
    send(IPC.command, c);
  }

  function focusWindow(): void {
    if (!ready) return;
    if (!win || win.isDestroyed()) {
      createWindow();
      return;
    }
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  }

  function createWindow(): void {
    const displays = [el.screen.getPrimaryDisplay(), ...el.screen.getAllDisplays()].map((d) => d.workArea);
    const state = fitToDisplays(loadWindowState(files.windowState), displays);
    const w = new el.BrowserWindow(mainWindowOptions(state, opts.preloadPath, windowTitle()));
    win = w;
    quitGuard.windowOpened();
    if (state.maximized) w.maximize();
    guardContents(w.webContents, (file) => void openFile(file));
    w.once('ready-to-show', () => w.show());
    w.on('close', (e) => {
      saveWindowState(files.windowState, captureWindowState(w));
      quitGuard.onWindowClose(e);
    });
    w.on('closed', () => {
      if (win === w) win = null;
    });
    void w.loadURL(APP_INDEX_URL);
  }

  function windowTitle(): string {
    return sessions.fileName ? `${sessions.fileName} — Backflow` : 'Backflow';
  }

  async function openFile(file: string): Promise<boolean> {
    if (!ready) {
      pendingFile = file;
      return false;
    }
    if (!isSessionFileName(file)) {
      showError('Not a Backflow session', `${path.basename(file)} is not a ${SESSION_EXTENSION} session file.`);
      return false;
    }
    try {
      sessions.open(file);
    } catch (e) {
      showError(`Cannot open ${path.basename(file)}`, e instanceof Error ? e.message : String(e));
      return false;
    }
    recent.add(file);
    app.addRecentDocument(file);
    rebuildMenu();
    if (!win || win.isDestroyed()) createWindow();
    else {
      win.setTitle(windowTitle());
      // The renderer asks sessionInfo again on load: a reload shows the new session cleanly.
      win.webContents.reload();
      focusWindow();
    }
    return true;
  }

  async function saveCopyDialog(): Promise<void> {
    const src = sessions.path;
    if (!src || !win) return;
    const r = await el.dialog.showSaveDialog(win, {
      title: 'Save a Copy',
      defaultPath: path.join(path.dirname(src), `${path.basename(src, SESSION_EXTENSION)}-copy${SESSION_EXTENSION}`),
      filters: [{ name: 'Backflow session', extensions: [SESSION_EXTENSION.slice(1)] }],
    });
    if (r.canceled || !r.filePath) return;
    try {
      saveCopy(src, r.filePath);
    } catch (e) {
      showError('Could not save the copy', e instanceof Error ? e.message : String(e));
    }
  }

  const state = (): RecordingState => recording.state();

  const actions: DesktopActions = {
    async exportReport(req) {
      const src = sessions.path;
      if (!src) throw new RefusedError('no session is open: open a session file first');
      if (!win) return null;
      const r = await el.dialog.showSaveDialog(win, { title: 'Export Report', ...reportSaveOptions(src, req.format) });
      if (r.canceled || !r.filePath) return null;
      try {
        const files = await exportReportRange(src, r.filePath, req, electronHtmlToPdf((o) => new el.BrowserWindow(o)));
        return path.basename(files[0]!);
      } catch (e) {
        throw new Error(`could not export the report: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
    async openSessionDialog() {
      if (!win) return null;
      const r = await el.dialog.showOpenDialog(win, {
        title: 'Open Session',
        properties: ['openFile'],
        filters: [{ name: 'Backflow session', extensions: [SESSION_EXTENSION.slice(1)] }],
      });
      const file = r.filePaths[0];
      if (r.canceled || !file) return null;
      return (await openFile(file)) ? path.basename(file) : null;
    },
    async recentSessions() {
      return recent.entries();
    },
    async openRecent(id) {
      const file = recent.pathOf(id);
      if (!file) throw new RefusedError('that session is no longer in the recent list (moved or deleted?)');
      return (await openFile(file)) ? path.basename(file) : null;
    },
    async startRecording(req) {
      if (recording.recordingFile) throw new RefusedError(`already recording into ${path.basename(recording.recordingFile)}; stop it first`);
      const connection: ClusterTarget['connection'] = { url: req.url };
      if (req.useSavedCredential) {
        const cred = credentials.get(req.url);
        if (!cred) throw new RefusedError(`no saved credential for ${req.url}`);
        Object.assign(connection, cred);
      }
      if (!win) return null;
      const r = await el.dialog.showSaveDialog(win, {
        title: 'Record into',
        defaultPath: path.join(app.getPath('documents'), `backflow-${stamp(now())}${SESSION_EXTENSION}`),
        filters: [{ name: 'Backflow session', extensions: [SESSION_EXTENSION.slice(1)] }],
      });
      if (r.canceled || !r.filePath) return null;
      const out = isSessionFileName(r.filePath) ? r.filePath : `${r.filePath}${SESSION_EXTENSION}`;
      try {
        await recording.start({
          out,
          targets: [{ connection, jobs: req.jobs }],
          intervalMs: req.intervalMs,
          detail: req.detail,
          appVersion: opts.appVersion,
          hostName: hostname(),
        });
      } catch (e) {
        throw new RefusedError(e instanceof Error ? e.message : String(e));
      }
      await openFile(out);
      return state();
    },
    async startDemoRecording(req) {
      if (recording.recordingFile) throw new RefusedError(`already recording into ${path.basename(recording.recordingFile)}; stop it first`);
      const scenario = req.scenario ?? DEFAULT_DEMO_SCENARIO;
      let out: string;
      try {
        mkdirSync(files.sessions, { recursive: true });
        out = demoSessionFile(files.sessions, scenario, now(), existsSync);
        await recording.start({
          out,
          demo: { scenario, speed: DEMO_SPEED },
          intervalMs: DEMO_INTERVAL_MS,
          detail: 'hot',
          appVersion: opts.appVersion,
          hostName: hostname(),
        });
      } catch (e) {
        throw new RefusedError(e instanceof Error ? e.message : String(e));
      }
      await openFile(out);
      return state();
    },
    async stopRecording() {
      return recording.stop();
    },
    async recordingState() {
      return state();
    },
    async saveCredential(input) {
      credentials.save(input);
    },
    async savedCredentialUrls() {
      return credentials.urls();
    },
    async forgetCredential(url) {
      credentials.forget(url);
    },
  };

  const router = createIpcRouter({ api: () => sessions.handlers(), actions, isTrustedUrl: isAppUrl });

  // Registered before 'ready': macOS delivers open-file for the double-clicked file early.
  app.on('open-file', (e, file) => {
    e.preventDefault();
    void openFile(file);
  });
  app.on('second-instance', (_e, argv, cwd) => {
    const file = sessionFileFromArgv(argv, cwd);
    if (file) void openFile(file);
    else focusWindow();
  });
  app.on('before-quit', (e) => quitGuard.onBeforeQuit(e));
  app.on('window-all-closed', () => {
    if (quitWhenAllClosed(opts.platform, recording.recordingFile !== null)) app.quit();
  });
  app.on('activate', () => focusWindow());

  void app.whenReady().then(() => {
    ready = true;
    el.nativeTheme.themeSource = theme;
    app.setAboutPanelOptions({ applicationName: 'Backflow', applicationVersion: opts.appVersion, copyright: 'Apache-2.0' });
    el.protocol.handle(APP_SCHEME, (request) => serveAppRequest(opts.rendererRoot, request));
    denyAllPermissions(el.session.defaultSession);
    el.ipcMain.handle(IPC.api, (event, method, params) => router.api(event, method, params));
    el.ipcMain.handle(IPC.action, (event, name, arg) => router.action(event, name, arg));
    rebuildMenu();
    const first = pendingFile;
    pendingFile = null;
    if (first) void openFile(first);
    else if ((opts.demoOnFirstLaunch ?? true) && recordDemoOnLaunch(opts.argv, opts.cwd, recent.list())) void firstLaunch();
    else createWindow();
  });

  /** Opens the window on the demo recording; on failure, the start screen and the reason. */
  async function firstLaunch(): Promise<void> {
    try {
      await actions.startDemoRecording({});
    } catch (e) {
      if (!win) createWindow();
      showError('Could not record the demo cluster', e instanceof Error ? e.message : String(e));
    }
  }

  return {
    openFile,
    get window() {
      return win;
    },
    get sessionPath() {
      return sessions.path;
    },
    recording,
    quitGuard,
    actions,
  };
}
