import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate, type MenuCommands, type MenuState } from '../../../electron/shell/menu';

const base: MenuState = {
  platform: 'linux',
  appName: 'Backflow',
  recent: [],
  theme: 'system',
  recording: false,
  sessionOpen: true,
  devTools: false,
};

function commands() {
  const log: string[] = [];
  const cmd = new Proxy({} as MenuCommands, {
    get: (_t, p: string) => (arg?: unknown) => log.push(arg === undefined ? p : `${p}:${String(arg)}`),
  });
  return { cmd, log };
}

const sub = (item: MenuItemConstructorOptions | undefined) => (item?.submenu ?? []) as MenuItemConstructorOptions[];
const byLabel = (items: MenuItemConstructorOptions[], label: string) => items.find((i) => i.label === label);
const byId = (items: MenuItemConstructorOptions[], id: string) => items.find((i) => i.id === id);
const click = (i: MenuItemConstructorOptions | undefined) => (i!.click as () => void)();

describe('menu template', () => {
  it('has File, Edit, View and Help on Linux and Windows', () => {
    const t = buildMenuTemplate(base, commands().cmd);
    expect(t.map((m) => m.label ?? m.role)).toEqual(['File', 'Edit', 'View', 'help']);
    const file = sub(t[0]);
    expect(file.filter((i) => i.label).map((i) => i.label)).toEqual([
      'New Recording…',
      'Open Session…',
      'Open Recent',
      'Compare Sessions…',
      'Save a Copy…',
      'Export Report…',
      'Close Window',
    ]);
    expect(file.map((i) => i.role).filter(Boolean)).toEqual(['close', 'quit']);
  });

  it('lists recent sessions newest first and opens the chosen path', () => {
    const { cmd, log } = commands();
    const t = buildMenuTemplate(
      {
        ...base,
        recent: [
          { path: '/s/b.backflow', fileName: 'b.backflow' },
          { path: '/s/a.backflow', fileName: 'a.backflow' },
        ],
      },
      cmd,
    );
    const recent = sub(byLabel(sub(t[0]), 'Open Recent'));
    expect(recent.filter((i) => i.label).map((i) => i.label)).toEqual(['b.backflow', 'a.backflow', 'Clear Menu']);
    click(recent[1]);
    click(byId(recent, 'clear-recent'));
    expect(log).toEqual(['openRecent:/s/a.backflow', 'clearRecent']);
  });

  it('shows a disabled placeholder when there is no recent session', () => {
    const recent = sub(byLabel(sub(buildMenuTemplate(base, commands().cmd)[0]), 'Open Recent'));
    expect(recent).toEqual([{ id: 'no-recent', label: 'No Recent Sessions', enabled: false }]);
  });

  it('offers Stop Recording while recording and disables Save a Copy without a session', () => {
    const { cmd, log } = commands();
    const file = sub(buildMenuTemplate({ ...base, recording: true, sessionOpen: false }, cmd)[0]);
    expect(byId(file, 'new-recording')).toBeUndefined();
    click(byId(file, 'stop-recording'));
    expect(byId(file, 'save-copy')?.enabled).toBe(false);
    expect(byId(file, 'export-report')?.enabled).toBe(false);
    expect(log).toEqual(['stopRecording']);
  });

  it('has zoom roles and a theme choice that reflects and sets nativeTheme', () => {
    const { cmd, log } = commands();
    const view = sub(buildMenuTemplate({ ...base, theme: 'dark' }, cmd)[2]);
    expect(view.map((i) => i.role).filter(Boolean)).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
    const themes = sub(byId(view, 'theme'));
    expect(themes.map((i) => [i.label, i.type, i.checked])).toEqual([
      ['Follow System', 'radio', false],
      ['Light', 'radio', false],
      ['Dark', 'radio', true],
    ]);
    click(themes[1]);
    expect(log).toEqual(['setTheme:light']);
  });

  it('has the keyboard map and About in Help', () => {
    const { cmd, log } = commands();
    const help = sub(buildMenuTemplate(base, cmd)[3]);
    click(byId(help, 'keyboard-map'));
    click(byId(help, 'about'));
    expect(log).toEqual(['showKeyboardMap', 'about']);
  });

  it('puts About and Quit in the app menu on macOS and has no dev tools when packaged', () => {
    const t = buildMenuTemplate({ ...base, platform: 'darwin' }, commands().cmd);
    expect(t.map((m) => m.label ?? m.role)).toEqual(['Backflow', 'File', 'Edit', 'View', 'windowMenu', 'help']);
    expect(
      sub(t[0])
        .map((i) => i.role)
        .filter(Boolean),
    ).toContain('quit');
    expect(
      sub(t[1])
        .map((i) => i.role)
        .filter(Boolean),
    ).toEqual(['close']);
    expect(JSON.stringify(t)).not.toContain('toggleDevTools');
    expect(JSON.stringify(buildMenuTemplate({ ...base, devTools: true }, commands().cmd))).toContain('toggleDevTools');
  });
});
