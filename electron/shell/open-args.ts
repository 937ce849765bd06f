// Which session file to open from a command line (first start, or a second instance forwarding
// its argv) or from the OS `open-file` event. Only `.backflow` files count; Electron's and
// Chromium's own switches and the app path are ignored.

import path from 'node:path';

export const SESSION_EXTENSION = '.backflow';

export function isSessionFileName(p: string): boolean {
  return p.toLowerCase().endsWith(SESSION_EXTENSION) && path.basename(p).length > SESSION_EXTENSION.length;
}

/**
 * The last `.backflow` argument, resolved against the caller's working directory (a second
 * instance started elsewhere forwards its own cwd). Null when there is none.
 */
export function sessionFileFromArgv(argv: readonly string[], cwd: string): string | null {
  // argv[0] is the executable; the packaged app has no script argument, `electron .` has one.
  let found: string | null = null;
  for (const arg of argv.slice(1)) {
    if (arg.startsWith('-')) continue;
    if (isSessionFileName(arg)) found = path.resolve(cwd, arg);
  }
  return found;
}
