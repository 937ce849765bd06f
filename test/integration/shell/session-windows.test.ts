// Several sessions in the desktop app, a window each, driven through a fake Electron with real
// session files, the real IPC router and — for the quit guard — the real recorder thread against
// the simulated cluster: each window's page is answered about its own session, a file already
// shown brings its window forward, a file that cannot be opened is said on the window it was
// dropped on, menu commands act on the front window, closing a window closes its session, the
// next window cascades off the open ones, a recording is guarded where it is shown, Compare
// Sessions… offers the sessions the windows show, and two files dropped at once are compared.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { MenuItemConstructorOptions } from 'electron';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startShell, type Shell } from '../../../electron/shell/app-shell';
import { RECORDER_WORKER_ROLE, type RecordingJob } from '../../../electron/shell/recorder-worker';
import type { RecorderThread } from '../../../electron/shell/recording-host';
import { startSimulatedCluster, type SimulatedCluster } from '../../../electron/simulator/index';
import { IPC } from '../../../shared/desktop-bridge';
import { writeSession } from '../../e2e/fixtures/make-session';
import { buildMain } from './built-main';
import { FakeElectron, settle, type FakeWindow } from './fake-electron';

const APP = 'app://backflow/index.html';
let dir: string;
let rendererRoot: string;
let mainBundle: string;
let cluster: SimulatedCluster;
const file = (name: string) => path.join(dir, name);

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-desktop-windows-'));
  rendererRoot = path.join(dir, 'renderer');
  mkdirSync(rendererRoot);
  writeFileSync(path.join(rendererRoot, 'index.html'), '<!doctype html><title>Backflow</title>');
  for (const name of ['one.backflow', 'two.backflow', 'three.backflow']) writeSession(file(name));
  writeFileSync(file('broken.backflow'), 'not a session');
  mainBundle = await buildMain();
  cluster = await startSimulatedCluster({ scenario: 'healthy', seed: 3, clock: 'realtime', speed: 10 });
}, 60_000);
afterAll(async () => {
  await cluster?.close();
  rmSync(dir, { recursive: true, force: true });
});

function boot(
  argv: string[] = [],
  userData = path.join(dir, `userData-${Math.random()}`),
  platform: NodeJS.Platform = 'linux',
) {
  const fake = new FakeElectron(userData);
  const shell: Shell = startShell(fake.el, {
    argv: ['/opt/Backflow/backflow', ...argv],
    cwd: dir,
    platform,
    preloadPath: '/app/out/preload/preload.cjs',
    rendererRoot,
    appVersion: '0.1.0',
    demoOnFirstLaunch: false,
    spawnRecorder: (job: RecordingJob) =>
      new Worker(mainBundle, { workerData: { role: RECORDER_WORKER_ROLE, job } }) as unknown as RecorderThread,
  })!;
  return { fake, shell };
}

const fileMenu = (fake: FakeElectron) =>
  (fake.menu.find((i) => i.label === 'File')?.submenu ?? []) as MenuItemConstructorOptions[];
const click = (fake: FakeElectron, id: string) => {
  const item = fileMenu(fake).find((i) => i.id === id);
  if (!item?.click) throw new Error(`no menu item ${id}`);
  (item.click as () => void)();
};
const fileNameIn = async (fake: FakeElectron, w: FakeWindow) =>
  ((await fake.invokeFrom(w, IPC.api, APP, 'sessionInfo', {})) as { value: { fileName: string } }).value.fileName;

it('opens each further session in a window of its own, answering each page about its own session', async () => {
  const { fake } = boot(['one.backflow']);
  await fake.makeReady();
  const first = fake.window;
  first.bounds = { x: 200, y: 100, width: 1100, height: 760 };
  first.close();
  // The last window closed on Linux quits; start again where it was left, with one session shown.
  const again = boot(['one.backflow'], fake.userData);
  await again.fake.makeReady();
  const w1 = again.fake.window;
  expect(w1.options).toMatchObject({ x: 200, y: 100 });

  // File › Open… in a window that shows a session: a new window, cascaded off the open one.
  again.fake.openDialogPath = file('two.backflow');
  click(again.fake, 'open-session');
  await settle();
  const w2 = again.fake.window;
  expect(again.fake.openWindows).toEqual([w1, w2]);
  expect(w2.options).toMatchObject({ x: 228, y: 128 });
  expect(w2.title).toBe('two.backflow — Backflow');
  expect(w1.title).toBe('one.backflow — Backflow');
  expect(w1.webContents.reloads).toBe(0);
  expect(await fileNameIn(again.fake, w1)).toBe('one.backflow');
  expect(await fileNameIn(again.fake, w2)).toBe('two.backflow');

  // Open Recent of a file already shown: its window comes to the front, no copy.
  const focused = w1.focused;
  const recent = fileMenu(again.fake).find((i) => i.label === 'Open Recent')!.submenu as MenuItemConstructorOptions[];
  (recent.find((i) => i.label === 'one.backflow')!.click as () => void)();
  await settle();
  expect(w1.focused).toBe(focused + 1);
  expect(again.fake.openWindows).toHaveLength(2);
  expect(again.shell.window).toBe(w1);

  // Menu commands act on the front window: Export Report… goes to w1's page now, to w2's once it is in front.
  click(again.fake, 'export-report');
  expect(w1.webContents.sent.filter((m) => m.channel === IPC.command)).toHaveLength(1);
  w2.focus();
  click(again.fake, 'export-report');
  expect(w2.webContents.sent.filter((m) => m.channel === IPC.command)).toHaveLength(1);

  // A damaged file dropped on w2: said on w2, no window for it, both sessions stay.
  w2.webContents.fire('will-navigate', `file://${file('broken.backflow')}`);
  await settle();
  expect(again.fake.messageBoxes.at(-1)).toMatchObject({ type: 'error', message: 'Cannot open broken.backflow' });
  expect(again.fake.openWindows).toHaveLength(2);
  expect(again.shell.windows.map((x) => x.sessionPath)).toEqual([file('one.backflow'), file('two.backflow')]);

  // Closing a window closes its session; the app stays for the other; its page is answered no more.
  w1.close();
  expect(again.fake.quits).toBe(0);
  expect(again.shell.windows.map((x) => x.sessionPath)).toEqual([file('two.backflow')]);
  expect(again.shell.sessionPath).toBe(file('two.backflow'));
  expect(await fileNameIn(again.fake, w2)).toBe('two.backflow');

  // Dropping a file on the one window left opens a second window again; every file is in Open Recent.
  w2.webContents.fire('will-navigate', `file://${file('three.backflow')}`);
  await settle();
  const w3 = again.fake.window;
  expect(again.fake.openWindows).toEqual([w2, w3]);
  expect(await fileNameIn(again.fake, w3)).toBe('three.backflow');
  const listed = (await again.fake.invokeFrom(w3, IPC.action, APP, 'recentSessions')) as {
    value: { fileName: string }[];
  };
  expect(listed.value.map((r) => r.fileName)).toEqual(['three.backflow', 'two.backflow', 'one.backflow']);
  w2.close();
  w3.close();
  expect(again.fake.quits).toBe(1);
});

it('asks about a running recording only when its window closes, or the last one, and before quitting', async () => {
  const { fake, shell } = boot(['one.backflow']);
  await fake.makeReady();
  const w1 = fake.window;
  // A recording started from w1 replaces what w1 shows; the other session opens beside it.
  const out = file('live.backflow');
  fake.saveDialogPath = out;
  expect(
    await fake.invokeFrom(w1, IPC.action, APP, 'startRecording', {
      url: cluster.url,
      intervalMs: 1000,
      jobs: [],
      detail: 'hot',
      useSavedCredential: false,
    }),
  ).toMatchObject({ ok: true, value: { recording: true, fileName: 'live.backflow' } });
  expect(await fileNameIn(fake, w1)).toBe('live.backflow');
  fake.app.fire('open-file', file('two.backflow'));
  await settle();
  const w2 = fake.window;
  expect(fake.openWindows).toEqual([w1, w2]);

  // w2 does not show the recording and w1 stays: it closes without a question.
  const asked = fake.messageBoxes.length;
  w2.close();
  expect(w2.destroyed).toBe(true);
  expect(fake.messageBoxes).toHaveLength(asked);

  // The recording's window: keep recording, stop, or cancel. Cancel keeps it.
  fake.answers = [2];
  w1.close();
  await settle();
  expect(fake.messageBoxes.at(-1)).toMatchObject({ message: 'Keep recording after the window closes?' });
  expect(w1.destroyed).toBe(false);

  // Quit asks on the front window; Stop Recording and Quit ends the recording and quits.
  fake.answers = [0];
  fake.app.fire('before-quit');
  for (let i = 0; i < 200 && fake.quits === 0; i++) await settle();
  expect(fake.messageBoxes.at(-1)?.buttons).toEqual(['Stop Recording and Quit', 'Cancel']);
  expect(fake.quits).toBe(1);
  expect(shell.recording.state()).toMatchObject({ recording: false, fileName: 'live.backflow' });
}, 30_000);

it('File › Compare Sessions… offers the sessions open in the windows before a file', async () => {
  const { fake } = boot(['one.backflow']);
  await fake.makeReady();
  const w1 = fake.window;
  fake.app.fire('open-file', file('two.backflow'));
  await settle();
  const w2 = fake.window;
  w1.focus();
  const pairIn = async (w: FakeWindow) =>
    (
      (await fake.invokeFrom(w, IPC.action, APP, 'comparePair')) as {
        value: { a: { fileName: string }; b: { fileName: string } } | null;
      }
    ).value;

  // A: this window's session; B: the other window's. The comparison shows in the front window.
  fake.answers = [0, 0];
  const reloads = w1.webContents.reloads;
  click(fake, 'compare-sessions');
  for (let i = 0; i < 50 && w1.webContents.reloads === reloads; i++) await settle();
  expect(fake.messageBoxes.slice(-2).map((m) => [m.message, m.buttons])).toEqual([
    ['Compare Sessions: choose A, the session before', ['one.backflow', 'two.backflow', 'Choose a File…', 'Cancel']],
    ['Compare Sessions: choose B, to compare with one.backflow', ['two.backflow', 'Choose a File…', 'Cancel']],
  ]);
  expect(w1.webContents.reloads).toBe(reloads + 1);
  expect(await pairIn(w1)).toMatchObject({ a: { fileName: 'one.backflow' }, b: { fileName: 'two.backflow' } });
  expect(await pairIn(w2)).toBeNull();
  expect(fake.openWindows).toEqual([w1, w2]);

  // From w2: A the other window's session, B a file chosen in the open dialog.
  fake.answers = [0, 1];
  fake.openDialogPaths = [file('three.backflow')];
  expect(await fake.invokeFrom(w2, IPC.action, APP, 'compareSessionsDialog')).toMatchObject({
    ok: true,
    value: { a: { fileName: 'two.backflow' }, b: { fileName: 'three.backflow' } },
  });
  expect(fake.messageBoxes.at(-2)?.buttons).toEqual(['two.backflow', 'one.backflow', 'Choose a File…', 'Cancel']);

  // Cancel: nothing changes.
  fake.answers = [3];
  expect(await fake.invokeFrom(w2, IPC.action, APP, 'compareSessionsDialog')).toEqual({ ok: true, value: null });
  expect(await pairIn(w2)).toMatchObject({ b: { fileName: 'three.backflow' } });
});

it('two session files dropped at once open their comparison in that window; one opens beside', async () => {
  const { fake, shell } = boot(['one.backflow']);
  await fake.makeReady();
  const w1 = fake.window;
  const reloads = w1.webContents.reloads;
  // What the preload sends for a drop: the files' paths, in the order dropped.
  await fake.invokeFrom(w1, IPC.dropped, APP, [file('two.backflow'), file('three.backflow')]);
  expect(w1.webContents.reloads).toBe(reloads + 1);
  expect(await fake.invokeFrom(w1, IPC.action, APP, 'comparePair')).toMatchObject({
    value: { a: { fileName: 'two.backflow' }, b: { fileName: 'three.backflow' } },
  });
  expect(shell.sessionPath).toBe(file('one.backflow'));
  expect(fake.openWindows).toEqual([w1]);

  // A pair with a file that is no session: said on the window, nothing else changes.
  await fake.invokeFrom(w1, IPC.dropped, APP, [file('two.backflow'), file('broken.backflow')]);
  expect(fake.messageBoxes.at(-1)).toMatchObject({ message: 'Cannot compare these sessions' });

  // One file dropped: as any opened file, a window of its own.
  await fake.invokeFrom(w1, IPC.dropped, APP, [file('two.backflow')]);
  expect(fake.openWindows).toHaveLength(2);
  expect(await fileNameIn(fake, fake.window)).toBe('two.backflow');

  // Only our pages' preload is heard, and only with absolute paths.
  await fake.invokeFrom(w1, IPC.dropped, 'https://evil.example/', [file('one.backflow'), file('three.backflow')]);
  await fake.invokeFrom(w1, IPC.dropped, APP, ['three.backflow']);
  await fake.invokeFrom(w1, IPC.dropped, APP, 'three.backflow');
  expect(fake.openWindows).toHaveLength(2);
  expect(await fake.invokeFrom(w1, IPC.action, APP, 'comparePair')).toMatchObject({
    value: { a: { fileName: 'two.backflow' }, b: { fileName: 'three.backflow' } },
  });
});

it('on macOS the app outlives its last window, and the next file opens in a window of its own again', async () => {
  const { fake, shell } = boot(['one.backflow'], undefined, 'darwin');
  await fake.makeReady();
  fake.app.fire('open-file', file('two.backflow'));
  await settle();
  const [w1, w2] = fake.openWindows;
  w1!.close();
  w2!.close();
  expect(fake.quits).toBe(0);
  expect(fake.openWindows).toEqual([]);
  // The Dock icon shows the last session again; with no window left, a file from Finder takes its place.
  fake.app.emitPlain('activate');
  expect(fake.openWindows).toHaveLength(1);
  expect(fake.window.title).toBe('two.backflow — Backflow');
  fake.window.close();
  fake.app.fire('open-file', file('three.backflow'));
  await settle();
  expect(fake.openWindows).toHaveLength(1);
  expect(shell.windows.map((x) => x.sessionPath)).toEqual([file('three.backflow')]);
  expect(await fileNameIn(fake, fake.window)).toBe('three.backflow');
});
