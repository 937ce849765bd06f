// The main window's size, position and maximized flag, remembered in userData. A saved position
// is only reused when the window would still be visible (a monitor may have been unplugged):
// otherwise the window is centred on the primary display at the saved size (shrunk to fit).

import { z } from 'zod';
import { readJsonFile, writeJsonFile } from './json-store';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** Absent: let the OS place the window. */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 820, maximized: false };
export const MIN_WIDTH = 800;
export const MIN_HEIGHT = 560;
/** How much of the title bar must lie on a display for a saved position to count as visible. */
const MIN_VISIBLE_PX = 100;

const stateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean(),
});

function overlap(a: Rect, b: Rect): { w: number; h: number } {
  return {
    w: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    h: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * Fits a saved state to the current displays' work areas (primary first). Size is clamped to
 * [MIN, primary work area]; the position is kept only if the top strip of the window (where the
 * title bar is) overlaps some display by at least MIN_VISIBLE_PX in width.
 */
export function fitToDisplays(state: WindowState, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0];
  if (!primary) return { ...state };
  const width = Math.max(Math.min(state.width, primary.width), Math.min(MIN_WIDTH, primary.width));
  const height = Math.max(Math.min(state.height, primary.height), Math.min(MIN_HEIGHT, primary.height));
  if (state.x !== undefined && state.y !== undefined) {
    const titleBar = { x: state.x, y: state.y, width, height: 32 };
    const visible = workAreas.some((wa) => {
      const o = overlap(titleBar, wa);
      return o.w >= Math.min(MIN_VISIBLE_PX, width) && o.h > 0;
    });
    if (visible) return { x: state.x, y: state.y, width, height, maximized: state.maximized };
  }
  return {
    x: Math.round(primary.x + (primary.width - width) / 2),
    y: Math.round(primary.y + (primary.height - height) / 2),
    width,
    height,
    maximized: state.maximized,
  };
}

export function loadWindowState(file: string): WindowState {
  const parsed = stateSchema.safeParse(readJsonFile(file));
  return parsed.success ? parsed.data : { ...DEFAULT_WINDOW_STATE };
}

/** The parts of a BrowserWindow needed to capture its state. */
export interface MeasurableWindow {
  isMaximized(): boolean;
  isMinimized(): boolean;
  isFullScreen(): boolean;
  /** Bounds when not maximized/minimized (what to restore to). */
  getNormalBounds(): Rect;
}

export function captureWindowState(win: MeasurableWindow): WindowState {
  const b = win.getNormalBounds();
  return { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() || win.isFullScreen() };
}

export function saveWindowState(file: string, state: WindowState): void {
  writeJsonFile(file, state, 0o644);
}
