import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  captureWindowState,
  DEFAULT_WINDOW_STATE,
  fitToDisplays,
  loadWindowState,
  MIN_HEIGHT,
  MIN_WIDTH,
  saveWindowState,
} from '../../../electron/shell/window-state';

const primary = { x: 0, y: 0, width: 1920, height: 1050 };
const right = { x: 1920, y: 0, width: 2560, height: 1410 };
const dir = mkdtempSync(path.join(tmpdir(), 'backflow-window-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('window state', () => {
  it('keeps a position that is still on a display', () => {
    expect(fitToDisplays({ x: 2200, y: 100, width: 1400, height: 900, maximized: true }, [primary, right])).toEqual({
      x: 2200,
      y: 100,
      width: 1400,
      height: 900,
      maximized: true,
    });
  });

  it('re-centres a window whose monitor was unplugged', () => {
    const s = fitToDisplays({ x: 2200, y: 100, width: 1400, height: 900, maximized: false }, [primary]);
    expect(s).toEqual({ x: 260, y: 75, width: 1400, height: 900, maximized: false });
  });

  it('re-centres a window whose title bar is above every display or barely visible', () => {
    expect(fitToDisplays({ x: 100, y: -500, width: 1000, height: 700, maximized: false }, [primary])).toMatchObject({
      x: 460,
      y: 175,
    });
    expect(fitToDisplays({ x: 1880, y: 10, width: 1000, height: 700, maximized: false }, [primary])).toMatchObject({
      x: 460,
      y: 175,
    });
  });

  it('shrinks a window larger than the display and enlarges one below the minimum', () => {
    expect(fitToDisplays({ x: 0, y: 0, width: 5000, height: 3000, maximized: false }, [primary])).toMatchObject({
      width: 1920,
      height: 1050,
    });
    expect(fitToDisplays({ x: 0, y: 0, width: 100, height: 100, maximized: false }, [primary])).toMatchObject({
      width: MIN_WIDTH,
      height: MIN_HEIGHT,
    });
    const tiny = { x: 0, y: 0, width: 640, height: 480 };
    expect(fitToDisplays({ x: 0, y: 0, width: 100, height: 100, maximized: false }, [tiny])).toMatchObject({
      width: 640,
      height: 480,
    });
  });

  it('places a first-run window centred on the primary display', () => {
    expect(fitToDisplays(DEFAULT_WINDOW_STATE, [primary])).toEqual({
      x: 320,
      y: 115,
      width: 1280,
      height: 820,
      maximized: false,
    });
  });

  it('round-trips through the userData file and falls back on damage', () => {
    const file = path.join(dir, 'window-state.json');
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
    const state = captureWindowState({
      isMaximized: () => true,
      isMinimized: () => false,
      isFullScreen: () => false,
      getNormalBounds: () => ({ x: 40, y: 50, width: 1100, height: 760 }),
    });
    saveWindowState(file, state);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ x: 40, y: 50, width: 1100, height: 760, maximized: true });
    expect(loadWindowState(file)).toEqual(state);
    writeFileSync(file, '{"width": -3');
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
    writeFileSync(file, '{"width": "wide", "height": 3, "maximized": false}');
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
  });
});
