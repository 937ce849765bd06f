// The application menu keeps the theme for the next start and follows the shell's state.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { AppMenu } from '../../../electron/shell/app-menu';
import { RecentSessions } from '../../../electron/shell/recent-sessions';
import { FakeElectron } from '../../integration/shell/fake-electron';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'backflow-app-menu-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const noop = () => undefined;
function menu(fake: FakeElectron, recording: boolean) {
  return new AppMenu({
    el: fake.el,
    platform: 'linux',
    prefsFile: path.join(dir, 'preferences.json'),
    recent: new RecentSessions(path.join(dir, 'recent.json')),
    recording: () => recording,
    sessionOpen: () => false,
    commands: {
      newRecording: noop,
      stopRecording: noop,
      openSession: noop,
      openRecent: noop,
      compareSessions: noop,
      saveCopy: noop,
      exportReport: noop,
      showKeyboardMap: noop,
    },
  });
}

/** Every item of the template, submenus included. */
const items = (t: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
  t.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? items(i.submenu) : [])]);

it('sets the chosen theme at once and again at the next start', () => {
  const fake = new FakeElectron(dir);
  const m = menu(fake, false);
  m.rebuild();
  (items(fake.menu).find((i) => i.id === 'theme-dark')!.click as () => void)();
  expect(fake.el.nativeTheme.themeSource).toBe('dark');
  expect(items(fake.menu).find((i) => i.id === 'theme-dark')!.checked).toBe(true);

  const next = new FakeElectron(dir);
  menu(next, false).applyTheme();
  expect(next.el.nativeTheme.themeSource).toBe('dark');
});

it('offers Stop Recording while recording', () => {
  const fake = new FakeElectron(dir);
  menu(fake, true).rebuild();
  expect(items(fake.menu).map((i) => i.id)).toContain('stop-recording');
  expect(items(fake.menu).map((i) => i.id)).not.toContain('new-recording');
});
