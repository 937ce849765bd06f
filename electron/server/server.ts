// `backflow serve`: one or several session files (up to MAX_OPEN_SESSIONS), read-only but for
// notes, to any number of browser viewers on this machine. New ticks appended by a recorder
// (another process writing the same file) are announced to each session's viewers over
// server-sent events.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { SessionWriter } from '../session/writer';
import type { CaptureControl } from '../service/capture';
import { SessionRegistry } from '../service/sessions';
import type { ServerLimits } from './limits';
import { listen, type RunningServer } from './listen';

export interface ServeOptions {
  sessionPath: string;
  /** Several files served at once (the first is the default session); `sessionPath` alone otherwise. */
  sessionPaths?: string[];
  host?: '127.0.0.1';
  port?: number;
  token?: string;
  /** Built renderer; defaults to out/renderer next to the bundled CLI. */
  staticRoot?: string;
  /** How often to look for new ticks in the file (ms). */
  pollMs?: number;
  /** Socket deadlines and the connection cap (limits.ts); tests shorten them. */
  limits?: Partial<ServerLimits>;
  /** The recorder of this session when this process records it (`demo --serve`): "Capture now". */
  captureEvidence?: CaptureControl;
}

export interface ServedSession extends RunningServer {
  /** The first (default) session's file. */
  sessionPath: string;
  /** The open sessions, by handle. */
  sessions: SessionRegistry;
}

/** out/renderer relative to this module, whether run from out/cli/ (bundled) or from source. */
export function defaultStaticRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [path.resolve(here, '../renderer'), path.resolve(here, '../../out/renderer')]) {
    // A built UI has hashed bundles under assets/ (the source renderer/index.html does not).
    if (existsSync(path.join(candidate, 'index.html')) && existsSync(path.join(candidate, 'assets'))) return candidate;
  }
  return path.resolve(here, '../../out/renderer');
}

export async function startServer(opts: ServeOptions): Promise<ServedSession> {
  const files = opts.sessionPaths ?? [opts.sessionPath];
  let server: RunningServer | null = null;
  // Annotations are the one thing viewers write: through one writer per file, opened on the first write.
  const sessions = new SessionRegistry((file, handle) => ({
    openWriter: () => SessionWriter.openForAppend(file),
    annotationsChanged: () => server?.live.publish({ type: 'annotations' }, handle),
    ...(opts.captureEvidence && file === opts.sessionPath ? { captureEvidence: opts.captureEvidence } : {}),
    // The heavy calls (the analysis, reports, overviews, vertex detail, note lists) run in each
    // session's bundled query worker, so the thread serving the API answers small calls meanwhile.
  }));
  // The files first: a bad session file is the same error (and exit code) as for `backflow info`.
  try {
    for (const file of files) sessions.open(file);
  } catch (err) {
    sessions.closeAll();
    throw err;
  }
  const staticRoot = opts.staticRoot ?? defaultStaticRoot();
  if (!existsSync(path.join(staticRoot, 'index.html'))) {
    sessions.closeAll();
    throw new Error(`the UI is not built (no ${path.join(staticRoot, 'index.html')}); run npm run build`);
  }
  try {
    server = await listen({
      handlers: sessions.session(null),
      sessions,
      host: opts.host ?? '127.0.0.1',
      port: opts.port ?? 0,
      ...(opts.token === undefined ? {} : { token: opts.token }),
      staticRoot,
      ...(opts.limits === undefined ? {} : { limits: opts.limits }),
    });
  } catch (err) {
    sessions.closeAll();
    throw err;
  }
  const running: RunningServer = server;

  // Poll the files for ticks written since the last look; cheap (an indexed range query each).
  const timer = setInterval(() => {
    if (running.live.size === 0) return;
    sessions.poll((event, handle) => running.live.publish(event, handle));
  }, opts.pollMs ?? 1000);
  timer.unref();

  return {
    ...running,
    sessionPath: files[0]!,
    sessions,
    close: async () => {
      clearInterval(timer);
      await running.close();
      sessions.closeAll();
    },
  };
}
