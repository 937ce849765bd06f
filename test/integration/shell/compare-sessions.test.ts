// File › Compare Sessions… in the desktop shell, driven through a fake Electron with real session
// files and the real IPC router: two files chosen (A, then B) open beside the window's session,
// the window reloads onto the compare view, every call names its session by handle over IPC, the
// comparison is the model of `backflow compare`, the recent list keeps both, and a bad file is
// reported while the window's session stays open.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startShell, type Shell } from '../../../electron/shell/app-shell';
import { IPC } from '../../../shared/desktop-bridge';
import { writeSession } from '../../e2e/fixtures/make-session';
import { FakeElectron, settle } from './fake-electron';

const APP = 'app://backflow/index.html';
let dir: string;
let rendererRoot: string;
const file = (name: string) => path.join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-desktop-compare-'));
  rendererRoot = path.join(dir, 'renderer');
  mkdirSync(rendererRoot);
  writeFileSync(path.join(rendererRoot, 'index.html'), '<!doctype html><title>Backflow</title>');
  for (const name of ['mine.backflow', 'before.backflow', 'after.backflow']) writeSession(file(name));
  writeFileSync(file('broken.backflow'), 'not a session');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function boot(argv: string[]): { fake: FakeElectron; shell: Shell } {
  const fake = new FakeElectron(path.join(dir, `userData-${Math.random()}`));
  const shell = startShell(fake.el, {
    argv: ['/opt/Backflow/backflow', ...argv],
    cwd: dir,
    platform: 'linux',
    preloadPath: '/app/out/preload/preload.cjs',
    rendererRoot,
    appVersion: '0.1.0',
    demoOnFirstLaunch: false,
    spawnRecorder: () => {
      throw new Error('no recording in this test');
    },
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

it('opens two chosen files beside the window session and answers each by its handle', async () => {
  const { fake, shell } = boot(['mine.backflow']);
  await fake.makeReady();
  const w = fake.window;
  expect(fileMenu(fake).find((i) => i.id === 'compare-sessions')?.label).toBe('Compare Sessions…');

  fake.openDialogPaths = [file('before.backflow'), file('after.backflow')];
  const reloads = w.webContents.reloads;
  click(fake, 'compare-sessions');
  await settle();
  expect(w.webContents.reloads).toBe(reloads + 1);
  expect(shell.sessionPath).toBe(file('mine.backflow'));

  // What the renderer asks after the reload: the pair, then each side by its handle.
  const pair = (await fake.invoke(IPC.action, APP, 'comparePair')) as {
    ok: true;
    value: { a: { handle: string; fileName: string }; b: { handle: string; fileName: string } };
  };
  expect(pair.ok).toBe(true);
  expect([pair.value.a.fileName, pair.value.b.fileName]).toEqual(['before.backflow', 'after.backflow']);
  const { a, b } = pair.value;
  expect(await fake.invoke(IPC.api, APP, 'sessionInfo', {}, b.handle)).toMatchObject({
    ok: true,
    value: { fileName: 'after.backflow' },
  });
  // Without a handle: the window's own session, as before.
  expect(await fake.invoke(IPC.api, APP, 'sessionInfo', {})).toMatchObject({
    ok: true,
    value: { fileName: 'mine.backflow' },
  });
  const compared = (await fake.invoke(IPC.api, APP, 'compare', { a: a.handle, b: b.handle })) as {
    ok: boolean;
    value: { format: string; a: { file: string }; b: { file: string } };
  };
  expect(compared.ok).toBe(true);
  expect(compared.value).toMatchObject({
    format: 'backflow-compare',
    a: { file: 'before.backflow' },
    b: { file: 'after.backflow' },
  });
  expect(await fake.invoke(IPC.api, APP, 'sessionInfo', {}, 's42')).toMatchObject({
    ok: false,
    kind: 'not-found',
  });
  // Compare report: saved where the user says, the same page `backflow compare --out` writes.
  fake.saveDialogPath = file('compare.html');
  expect(await fake.invoke(IPC.action, APP, 'exportCompareReport', { align: 'start', format: 'html' })).toEqual({
    ok: true,
    value: 'compare.html',
  });
  const html = readFileSync(file('compare.html'), 'utf8');
  expect(html).toContain('<h1>Backflow comparison</h1>');
  expect(html).toContain('before.backflow');
  fake.saveDialogPath = file('compare.md');
  expect(await fake.invoke(IPC.action, APP, 'exportCompareReport', { align: 'episode', format: 'md' })).toEqual({
    ok: true,
    value: 'compare.md',
  });
  expect(readFileSync(file('compare.md'), 'utf8')).toMatch(/^# Backflow comparison/);
  // PDF: printed by Electron in a hidden, script-less window that is gone afterwards, as Export Report;
  // a name typed without the extension gets it.
  const before = fake.windows.length;
  fake.saveDialogPath = file('compare-print');
  expect(await fake.invoke(IPC.action, APP, 'exportCompareReport', { align: 'start', format: 'pdf' })).toEqual({
    ok: true,
    value: 'compare-print.pdf',
  });
  expect(readFileSync(file('compare-print.pdf'), 'utf8')).toMatch(/^%PDF-.*report\.html$/);
  const printer = fake.windows.at(-1)!;
  expect(fake.windows.length).toBe(before + 1);
  expect(printer.options).toMatchObject({ show: false, webPreferences: { javascript: false, sandbox: true } });
  expect(printer.destroyed).toBe(true);
  expect(w.destroyed).toBe(false);
  const recent = (await fake.invoke(IPC.action, APP, 'recentSessions')) as { value: { fileName: string }[] };
  expect(recent.value.map((r) => r.fileName).slice(0, 2)).toEqual(['after.backflow', 'before.backflow']);

  // Opening another session (drag-and-drop, Open…) replaces everything: no pair any more.
  await shell.openFile(file('before.backflow'));
  expect(await fake.invoke(IPC.action, APP, 'comparePair')).toEqual({ ok: true, value: null });
  expect(await fake.invoke(IPC.api, APP, 'sessionInfo', {})).toMatchObject({
    value: { fileName: 'before.backflow' },
  });
});

it('reports a file it cannot compare and keeps the window session', async () => {
  const { fake, shell } = boot(['mine.backflow']);
  await fake.makeReady();
  fake.openDialogPaths = [file('before.backflow'), file('broken.backflow')];
  expect(await fake.invoke(IPC.action, APP, 'compareSessionsDialog')).toEqual({ ok: true, value: null });
  expect(fake.messageBoxes.at(-1)).toMatchObject({ message: 'Cannot compare these sessions' });
  expect(shell.sessionPath).toBe(file('mine.backflow'));
  expect(await fake.invoke(IPC.action, APP, 'comparePair')).toEqual({ ok: true, value: null });
  expect(await fake.invoke(IPC.action, APP, 'exportCompareReport', { align: 'start', format: 'html' })).toMatchObject({
    ok: false,
    kind: 'refused',
  });
  // Cancelled at the second file: nothing opens.
  fake.openDialogPaths = [file('before.backflow')];
  expect(await fake.invoke(IPC.action, APP, 'compareSessionsDialog')).toEqual({ ok: true, value: null });
  expect(await fake.invoke(IPC.action, APP, 'comparePair')).toEqual({ ok: true, value: null });
});
