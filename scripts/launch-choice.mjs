// What `npm start` does on this machine: the desktop app when Electron can start, else the
// served UI. Electron cannot start when its binary was not installed (ELECTRON_SKIP_BINARY_DOWNLOAD)
// or, on Linux, when there is no display to open a window on.

/**
 * @param {{ electronBinary: string | null, platform: string, env: Record<string, string | undefined> }} machine
 * @returns {{ mode: 'electron', binary: string } | { mode: 'served', reason: string }}
 */
export function chooseLaunch({ electronBinary, platform, env }) {
  if (!electronBinary) return { mode: 'served', reason: 'the Electron binary is not installed' };
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY)
    return { mode: 'served', reason: 'there is no display' };
  return { mode: 'electron', binary: electronBinary };
}
