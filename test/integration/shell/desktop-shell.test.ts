// The desktop shell's wiring (startShell) driven through a fake Electron: real session files,
// the real IPC router and app:// protocol, and — for recording — the real recorder thread
// (bundled main.cjs as a worker) against the simulated cluster.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { MenuItemConstructorOptions } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../electron/server/security';
import { SessionWriter } from '../../../electron/session/index';
import { startShell, type Shell } from '../../../electron/shell/app-shell';
import { RECORDER_WORKER_ROLE, type RecordingJob } from '../../../electron/shell/recorder-worker';
import type { RecorderThread } from '../../../electron/shell/recording-host';
import { startSimulatedCluster, type SimulatedCluster } from '../../../electron/simulator/index';
import { IPC } from '../../../shared/desktop-bridge';
import { buildMain } from './built-main';
import { FakeElectron, settle, type FakeWindow } from './fake-electron';

const ALL_PARTS = { transientEpisodes: true, annotations: true, checkpointTable: true, gcTable: true };
const APP = 'app://backflow/index.html';
let dir: string;
let rendererRoot: string;
let mainBundle: string;
let cluster: SimulatedCluster;
let n = 0;

function sessionFile(name: string): string {
  const file = path.join(dir, name);
  SessionWriter.create(file, { appVersion: 'test' }).close();
  return file;
}

function boot(
  argv: string[] = ['/opt/Backflow/backflow'],
  lock = true,
  demoOnFirstLaunch = false,
  userData = path.join(dir, `userData-${n++}`),
): { fake: FakeElectron; shell: Shell | null } {
  const fake = new FakeElectron(userData, lock);
  const shell = startShell(fake.el, {
    argv,
    cwd: dir,
    platform: 'linux',
    preloadPath: '/app/out/preload/preload.cjs',
    rendererRoot,
    appVersion: '0.1.0',
    demoOnFirstLaunch,
    spawnRecorder: (job: RecordingJob) =>
      new Worker(mainBundle, { workerData: { role: RECORDER_WORKER_ROLE, job } }) as unknown as RecorderThread,
  });
  return { fake, shell };
}

const submenu = (items: MenuItemConstructorOptions[], label: string) =>
  (items.find((i) => i.label === label)?.submenu ?? []) as MenuItemConstructorOptions[];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-desktop-shell-'));
  rendererRoot = path.join(dir, 'renderer');
  mkdirSync(rendererRoot);
  writeFileSync(path.join(rendererRoot, 'index.html'), '<!doctype html><title>Backflow</title>');
  mainBundle = await buildMain();
  cluster = await startSimulatedCluster({ scenario: 'healthy', seed: 2, clock: 'realtime', speed: 10 });
}, 60_000);

afterAll(async () => {
  await cluster?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('desktop shell wiring', () => {
  it('a second instance quits at once and leaves its argv to the first', () => {
    const { fake, shell } = boot(['/opt/Backflow/backflow', 'x.backflow'], false);
    expect(shell).toBeNull();
    expect(fake.quits).toBe(1);
    expect(fake.privileged).toEqual([]);
  });

  it('opens the session from argv in a secure window loaded from app://', async () => {
    const file = sessionFile('first.backflow');
    const { fake, shell } = boot(['/opt/Backflow/backflow', '--enable-logging', 'first.backflow']);
    expect(fake.privileged).toEqual([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
    expect(fake.windows).toHaveLength(0);
    await fake.makeReady();

    expect(shell!.sessionPath).toBe(file);
    const w = fake.window;
    expect(w.loaded).toEqual([APP]);
    expect(w.title).toBe('first.backflow — Backflow');
    expect(w.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: '/app/out/preload/preload.cjs',
    });
    expect(w.webContents.openHandler!({ url: 'https://evil.example' })).toEqual({ action: 'deny' });
    expect(w.webContents.fire('will-navigate', 'https://evil.example')).toBe(true);

    const res = await fake.protocols.get('app')!(new Request(APP));
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const granted: boolean[] = [];
    fake.permissionRequest!(null, 'media', (g) => granted.push(g));
    expect(granted).toEqual([false]);

    expect(await fake.invoke(IPC.api, APP, 'sessionInfo', {})).toMatchObject({
      ok: true,
      value: { fileName: 'first.backflow', tickCount: 0 },
    });
    expect(await fake.invoke(IPC.api, 'https://evil.example/', 'sessionInfo', {})).toMatchObject({
      ok: false,
      kind: 'refused',
    });
    expect(await fake.invoke(IPC.api, APP, 'overview', { from: 5, to: 1, buckets: 10 })).toEqual({
      ok: false,
      kind: 'params',
      message: 'overview: to: from must be before to',
    });
  });

  it('second instance, open-file and drag-and-drop open sessions: the empty window first, then a window each, listed in Open Recent', async () => {
    const a = sessionFile('a.backflow');
    const b = sessionFile('b.backflow');
    const c = sessionFile('c.backflow');
    const { fake, shell } = boot();
    await fake.makeReady();
    const w = fake.window;
    expect(await fake.invoke(IPC.api, APP, 'sessionInfo', {})).toMatchObject({
      ok: false,
      kind: 'refused',
      message: expect.stringContaining('no session is open'),
    });

    fake.app.emitPlain('second-instance', {}, ['/usr/bin/backflow', 'a.backflow'], dir);
    await settle();
    expect(shell!.sessionPath).toBe(a);
    expect(fake.windows).toHaveLength(1);
    expect(fake.app.fire('open-file', b)).toBe(true);
    await settle();
    expect(shell!.sessionPath).toBe(b);
    expect(w.webContents.fire('will-navigate', `file://${c}`)).toBe(true);
    await settle();
    expect(shell!.sessionPath).toBe(c);

    expect(fake.windows).toHaveLength(3);
    expect(fake.windows.map((x) => x.title)).toEqual([
      'a.backflow — Backflow',
      'b.backflow — Backflow',
      'c.backflow — Backflow',
    ]);
    expect(shell!.windows.map((x) => x.sessionPath)).toEqual([a, b, c]);
    expect(w.webContents.reloads).toBe(1);
    expect(fake.recentDocuments).toEqual([a, b, c]);
    const recent = submenu(submenu(fake.menu, 'File'), 'Open Recent');
    expect(recent.filter((i) => i.label && i.id !== 'clear-recent').map((i) => i.label)).toEqual([
      'c.backflow',
      'b.backflow',
      'a.backflow',
    ]);

    // The renderer sees ids and names only, and can reopen by id.
    const list = (await fake.invoke(IPC.action, APP, 'recentSessions')) as {
      ok: true;
      value: { id: string; fileName: string }[];
    };
    expect(list.value.map((e) => e.fileName)).toEqual(['c.backflow', 'b.backflow', 'a.backflow']);
    expect(JSON.stringify(list)).not.toContain(dir);
    // Reopening a session already shown brings its window to the front instead of another copy.
    const focusedBefore = w.focused;
    expect(await fake.invoke(IPC.action, APP, 'openRecent', list.value[2]!.id)).toEqual({
      ok: true,
      value: 'a.backflow',
    });
    expect(shell!.sessionPath).toBe(a);
    expect(shell!.window).toBe(w);
    expect(w.focused).toBe(focusedBefore + 1);
    expect(fake.windows).toHaveLength(3);

    // A second instance without a file just brings the window forward.
    const focused = w.focused;
    fake.app.emitPlain('second-instance', {}, ['/usr/bin/backflow'], dir);
    expect(w.focused).toBe(focused + 1);
  });

  it('reports a file it cannot open and keeps the current session', async () => {
    const good = sessionFile('good.backflow');
    const broken = path.join(dir, 'broken.backflow');
    writeFileSync(broken, 'this is not SQLite');
    const { fake, shell } = boot(['/opt/Backflow/backflow', good]);
    await fake.makeReady();
    fake.app.fire('open-file', broken);
    await settle();
    expect(shell!.sessionPath).toBe(good);
    expect(fake.messageBoxes.at(-1)).toMatchObject({ type: 'error', message: 'Cannot open broken.backflow' });
    fake.app.fire('open-file', path.join(dir, 'notes.txt'));
    await settle();
    expect(fake.messageBoxes.at(-1)).toMatchObject({ message: 'Not a Backflow session' });

    // Exporting a session without ticks says why instead of writing an empty report.
    fake.saveDialogPath = path.join(dir, 'empty-report.html');
    const empty = await fake.invoke(IPC.action, APP, 'exportReport', {
      from: 0,
      to: 1,
      include: ALL_PARTS,
      format: 'html',
    });
    expect(empty).toMatchObject({
      ok: false,
      message: expect.stringContaining('the session has no ticks yet: nothing to report'),
    });
    expect(existsSync(fake.saveDialogPath)).toBe(false);
  });

  it('remembers the theme and the window bounds for the next start', async () => {
    const { fake } = boot();
    await fake.makeReady();
    const theme = submenu(submenu(fake.menu, 'View'), 'Theme');
    (theme.find((i) => i.label === 'Dark')!.click as () => void)();
    expect(fake.el.nativeTheme.themeSource).toBe('dark');
    fake.window.bounds = { x: 300, y: 200, width: 1000, height: 700 };
    fake.window.close();
    expect(fake.quits).toBe(1); // last window closed on Linux, nothing recording

    const next = new FakeElectron(fake.userData);
    startShell(next.el, {
      argv: ['x'],
      cwd: dir,
      platform: 'linux',
      preloadPath: 'p',
      rendererRoot,
      appVersion: '0',
      demoOnFirstLaunch: false,
      spawnRecorder: () => {
        throw new Error('unused');
      },
    });
    await next.makeReady();
    expect(next.el.nativeTheme.themeSource).toBe('dark');
    expect(next.window.options).toMatchObject({ x: 300, y: 200, width: 1000, height: 700 });
  });

  it('records off the UI thread, asks before quitting, and can keep recording without a window', async () => {
    const { fake, shell } = boot();
    await fake.makeReady();
    const out = path.join(dir, 'recording.backflow');
    fake.saveDialogPath = out;
    const started = await fake.invoke(IPC.action, APP, 'startRecording', {
      url: cluster.url,
      intervalMs: 1000,
      jobs: [],
      detail: 'hot',
      useSavedCredential: false,
    });
    expect(started).toMatchObject({ ok: true, value: { recording: true, fileName: 'recording.backflow' } });
    expect(shell!.sessionPath).toBe(out);
    expect(submenu(fake.menu, 'File').some((i) => i.id === 'stop-recording')).toBe(true);
    expect(
      await fake.invoke(IPC.action, APP, 'startRecording', {
        url: cluster.url,
        intervalMs: 1000,
        jobs: [],
        detail: 'hot',
        useSavedCredential: false,
      }),
    ).toMatchObject({
      ok: false,
      kind: 'refused',
      message: 'already recording into recording.backflow; stop it first',
    });

    // Export Report… on the live session (its ticks so far): the menu opens the renderer's export
    // dialog, which saves through the exportReport action — as HTML, and as PDF via Electron's printer.
    for (let i = 0; i < 300 && shell!.recording.state().ticks < 2; i++) await settle();
    const exportItem = submenu(fake.menu, 'File').find((i) => i.id === 'export-report')!;
    expect(exportItem.enabled).toBe(true);
    (exportItem.click as () => void)();
    expect(
      fake.windows.some((w) =>
        w.webContents.sent.some((m) => m.channel === IPC.command && m.payload === 'export-report'),
      ),
    ).toBe(true);
    const whole = { from: 0, to: Number.MAX_SAFE_INTEGER, include: ALL_PARTS };
    fake.saveDialogPath = path.join(dir, 'incident-report.html');
    const html = await fake.invoke(IPC.action, APP, 'exportReport', { ...whole, format: 'html' });
    expect(html).toMatchObject({ ok: true, value: 'incident-report.html' });
    expect(readFileSync(fake.saveDialogPath, 'utf8')).toMatch(/^<!doctype html>/i);
    fake.saveDialogPath = path.join(dir, 'incident-report.pdf');
    expect(await fake.invoke(IPC.action, APP, 'exportReport', { ...whole, format: 'pdf' })).toMatchObject({
      ok: true,
      value: 'incident-report.pdf',
    });
    expect(readFileSync(fake.saveDialogPath, 'utf8')).toMatch(/^%PDF-1.7 fake print of file:\/\/.*report\.html$/);
    const printer = fake.windows.find((w) => w.options.webPreferences?.javascript === false)!;
    expect(printer.destroyed).toBe(true);

    // Quit → asked → Cancel: still recording, no quit.
    fake.answers = [1];
    expect(fake.app.fire('before-quit')).toBe(true);
    await settle();
    expect(fake.messageBoxes.at(-1)?.buttons).toEqual(['Stop Recording and Quit', 'Cancel']);
    expect(shell!.recording.state().recording).toBe(true);
    expect(fake.quits).toBe(0);

    // Close the window → Keep Recording: the window goes, the app stays, recording continues.
    fake.answers = [0];
    const main = shell!.window as unknown as FakeWindow;
    main.close();
    for (let i = 0; i < 100 && !main.destroyed; i++) await settle();
    expect(main.destroyed).toBe(true);
    expect(shell!.window).toBeNull();
    expect(fake.quits).toBe(0);
    expect(shell!.recording.state().recording).toBe(true);

    // Reopening (second instance) shows a new window on the live session; then quit → Stop and Quit.
    const before = fake.windows.length;
    fake.app.emitPlain('second-instance', {}, ['/usr/bin/backflow'], dir);
    expect(fake.windows).toHaveLength(before + 1);
    expect(fake.window.loaded).toEqual([APP]);
    fake.answers = [0];
    fake.app.fire('before-quit');
    for (let i = 0; i < 200 && fake.quits === 0; i++) await settle();
    expect(fake.quits).toBe(1);
    expect(shell!.recording.state()).toMatchObject({ recording: false, fileName: 'recording.backflow' });
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
  }, 30_000);

  it('the very first launch records the demo cluster into userData/sessions and shows it live', async () => {
    const userData = path.join(dir, `userData-${n++}`);
    const { fake, shell } = boot(['/opt/Backflow/backflow'], true, true, userData);
    await fake.makeReady();
    for (let i = 0; i < 300 && !shell!.sessionPath; i++) await settle();
    const file = shell!.sessionPath!;
    expect(path.dirname(file)).toBe(path.join(userData, 'sessions'));
    expect(path.basename(file)).toMatch(/^demo-incident-\d{8}-\d{6}\.backflow$/);
    expect(shell!.recording.state()).toMatchObject({
      recording: true,
      demo: 'incident',
      fileName: path.basename(file),
    });
    expect(fake.windows).toHaveLength(1);
    expect(fake.window.loaded).toEqual([APP]);
    expect(fake.window.title).toBe(`${path.basename(file)} — Backflow`);
    for (let i = 0; i < 300 && shell!.recording.state().ticks < 1; i++) await settle();
    expect(await fake.invoke(IPC.api, APP, 'sessionInfo', {})).toMatchObject({
      ok: true,
      value: { tickCount: expect.any(Number), jobs: [expect.objectContaining({ name: expect.any(String) })] },
    });

    // Already recording: the start-screen button is refused; Stop works as for any recording.
    expect(await fake.invoke(IPC.action, APP, 'startDemoRecording', { scenario: 'gc-pauses' })).toMatchObject({
      ok: false,
      kind: 'refused',
      message: expect.stringMatching(/^already recording into demo-incident-/),
    });
    expect(await fake.invoke(IPC.action, APP, 'stopRecording')).toMatchObject({
      ok: true,
      value: { recording: false, demo: 'incident' },
    });

    // The button with another scenario: a new file, opened in the same window (a recording
    // started from a window replaces what it shows).
    const other = await fake.invoke(IPC.action, APP, 'startDemoRecording', { scenario: 'gc-pauses' });
    expect(other).toMatchObject({
      ok: true,
      value: { recording: true, demo: 'gc-pauses', fileName: expect.stringMatching(/^demo-gc-pauses-/) },
    });
    expect(path.basename(shell!.sessionPath!)).toMatch(/^demo-gc-pauses-/);
    expect(fake.window.webContents.reloads).toBe(1);
    await fake.invoke(IPC.action, APP, 'stopRecording');

    // The next start has recent sessions: the start screen, no new recording.
    const again = boot(['/opt/Backflow/backflow'], true, true, userData);
    await again.fake.makeReady();
    await settle();
    expect(again.shell!.recording.state().recording).toBe(false);
    expect(again.shell!.sessionPath).toBeNull();
    expect(again.fake.windows).toHaveLength(1);
  }, 30_000);

  it('refuses to record with a saved credential that does not exist', async () => {
    const { fake } = boot();
    await fake.makeReady();
    fake.saveDialogPath = path.join(dir, 'never.backflow');
    expect(
      await fake.invoke(IPC.action, APP, 'startRecording', {
        url: 'https://jm.prod:8081',
        intervalMs: 1000,
        jobs: [],
        detail: 'hot',
        useSavedCredential: true,
      }),
    ).toEqual({
      ok: false,
      kind: 'refused',
      message: 'no saved credential for https://jm.prod:8081',
    });
    expect(
      await fake.invoke(IPC.action, APP, 'saveCredential', { url: 'https://jm.prod:8081', bearerToken: 't' }),
    ).toMatchObject({
      ok: false,
      kind: 'refused',
      message: expect.stringContaining('no encryption'),
    });
    expect(existsSync(path.join(dir, 'never.backflow'))).toBe(false);
  });
});
