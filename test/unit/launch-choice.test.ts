import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types (scripts/ run under Node directly)
import { chooseLaunch } from '../../scripts/launch-choice.mjs';

describe('npm start: desktop app or served UI', () => {
  it.each([
    [null, 'linux', { DISPLAY: ':0' }, { mode: 'served', reason: 'the Electron binary is not installed' }],
    ['/e/electron', 'linux', {}, { mode: 'served', reason: 'there is no display' }],
    [null, 'linux', {}, { mode: 'served', reason: 'there is no display' }],
    ['/e/electron', 'linux', { WAYLAND_DISPLAY: 'wayland-0' }, { mode: 'electron', binary: '/e/electron' }],
    ['/e/electron', 'linux', { DISPLAY: ':0' }, { mode: 'electron', binary: '/e/electron' }],
    ['/e/Electron.app', 'darwin', {}, { mode: 'electron', binary: '/e/Electron.app' }],
    ['C:/e/electron.exe', 'win32', {}, { mode: 'electron', binary: 'C:/e/electron.exe' }],
  ])('binary %s on %s with %j', (electronBinary, platform, env, expected) => {
    expect(chooseLaunch({ electronBinary, platform, env })).toEqual(expected);
  });
});
