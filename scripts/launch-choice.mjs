// What `npm start` does on this machine: the desktop app when Electron can start, else the
// served UI. Electron cannot start on Linux without a display to open a window on, or without its
// binary (not fetched: offline, ELECTRON_SKIP_BINARY_DOWNLOAD; see electron-binary.mjs).

/** Whether a window can open here (a Linux session without X11 or Wayland cannot show one). */
export function hasDisplay(platform, env) {
  return platform !== 'linux' || Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/**
 * @param {{ electronBinary: string | null, platform: string, env: Record<string, string | undefined>, missingBecause?: string }} machine
 * @returns {{ mode: 'electron', binary: string } | { mode: 'served', reason: string }}
 */
export function chooseLaunch({ electronBinary, platform, env, missingBecause }) {
  if (!hasDisplay(platform, env)) return { mode: 'served', reason: 'there is no display' };
  if (!electronBinary) return { mode: 'served', reason: missingBecause ?? 'the Electron binary is not installed' };
  return { mode: 'electron', binary: electronBinary };
}
