// The main window and opening sessions into it, on a fake Electron under plain Node: nothing is
// made before Electron is ready, errors reach the user with or without a window, and a file is
// opened only when it is a session that can be read.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MainWindow } from '../../../electron/shell/main-window';
import { RecentSessions } from '../../../electron/shell/recent-sessions';
import { SessionOpener } from '../../../electron/shell/session-opener';
import { FakeElectron } from '../../integration/shell/fake-electron';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-main-window-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function setup() {
  const fake = new FakeElectron(dir);
  const events: string[] = [];
  const window = new MainWindow(
    fake.el,
    { stateFile: path.join(dir, 'window-state.json'), preloadPath: '/preload.cjs' },
    {
      title: () => 'Backflow',
      opened: () => events.push('opened'),
      closing: () => events.push('closing'),
      dropped: (file) => events.push(`dropped ${file}`),
    },
  );
  return { fake, window, events };
}

describe('MainWindow', () => {
  it('makes no window before Electron is ready, then one on focus', () => {
    const { fake, window, events } = setup();
    window.focus();
    expect(fake.windows).toHaveLength(0);
    window.ready = true;
    window.focus();
    expect(fake.windows).toHaveLength(1);
    expect(events).toEqual(['opened']);
    expect(fake.window.loaded).toEqual(['app://backflow/index.html']);
  });

  it('shows errors on the window, or in a box of their own without one', () => {
    const { fake, window } = setup();
    window.showError('Recording stopped', 'disk full');
    expect(fake.errorBoxes).toEqual(['Recording stopped: disk full']);
    window.create();
    window.showError('Recording stopped', 'disk full');
    expect(fake.messageBoxes).toEqual([
      expect.objectContaining({ type: 'error', message: 'Recording stopped', detail: 'disk full' }),
    ]);
  });

  it('asks nothing without a window, and forgets the window once it closed', async () => {
    const { fake, window, events } = setup();
    expect(await window.ask({ message: 'Quit?' })).toBeNull();
    expect(await window.askSavePath({})).toBeNull();
    window.create();
    fake.saveDialogPath = '/tmp/x.backflow';
    expect(await window.askSavePath({})).toBe('/tmp/x.backflow');
    window.close();
    expect(events).toEqual(['opened', 'closing']);
    expect(window.current).toBeNull();
  });
});

describe('SessionOpener', () => {
  function opener(open: (file: string) => void) {
    const { fake, window } = setup();
    const opened: string[] = [];
    const o = new SessionOpener({
      sessions: { open },
      recent: new RecentSessions(path.join(dir, 'recent.json')),
      window,
      addRecentDocument: (f) => opened.push(f),
      opened: () => undefined,
    });
    return { fake, window, o, opened };
  }

  it('keeps a file asked for before Electron is ready', async () => {
    const { o, fake } = opener(() => undefined);
    expect(await o.openFile('/s/a.backflow')).toBe(false);
    expect(o.pending).toBe('/s/a.backflow');
    expect(fake.windows).toHaveLength(0);
  });

  it('opens a session into a new window, listed as recent', async () => {
    const { o, window, fake, opened } = opener(() => undefined);
    window.ready = true;
    const file = path.join(dir, 'a.backflow');
    writeFileSync(file, '');
    expect(await o.openFile(file)).toBe(true);
    expect(fake.windows).toHaveLength(1);
    expect(opened).toEqual([file]);
    expect((await o.actions.recentSessions()).map((e) => e.fileName)).toEqual(['a.backflow']);
  });

  it('says why it does not open a file that is not a session, or cannot be read', async () => {
    const { o, window, fake, opened } = opener(() => {
      throw new Error('not a Backflow session file (no format marker)');
    });
    window.ready = true;
    expect(await o.openFile('/s/notes.txt')).toBe(false);
    expect(await o.openFile('/s/b.backflow')).toBe(false);
    expect(fake.errorBoxes).toEqual([
      'Not a Backflow session: notes.txt is not a .backflow session file.',
      'Cannot open b.backflow: not a Backflow session file (no format marker)',
    ]);
    expect(opened).toEqual([]);
  });
});
