// Options of the main window: remembered bounds fitted to today's displays, and the secure
// webPreferences. Shown only once painted, so it never flashes white.

import type { BrowserWindowConstructorOptions } from 'electron';
import { MIN_HEIGHT, MIN_WIDTH, type WindowState } from './window-state';
import { secureWebPreferences } from './window-security';

export function mainWindowOptions(
  state: WindowState,
  preloadPath: string,
  title: string,
): BrowserWindowConstructorOptions {
  return {
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    show: false,
    title,
    webPreferences: secureWebPreferences(preloadPath),
  };
}
