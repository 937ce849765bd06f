// `backflow serve`: one session file, read-only, to any number of browser viewers on this
// machine. New ticks appended by a recorder (another process writing the same file) are
// announced to viewers over server-sent events.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { epochMs } from '../../shared/time';
import { SessionReader } from '../session/reader';
import { SessionWriter } from '../session/writer';
import type { CaptureControl } from '../service/capture';
import { createService } from '../service/service';
import type { ServerLimits } from './limits';
import { listen, type RunningServer } from './listen';

export interface ServeOptions {
  sessionPath: string;
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
  sessionPath: string;
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
  // The file first: a bad session file is the same error (and exit code) as for `backflow info`.
  const reader = SessionReader.open(opts.sessionPath);
  const staticRoot = opts.staticRoot ?? defaultStaticRoot();
  if (!existsSync(path.join(staticRoot, 'index.html'))) {
    reader.close();
    throw new Error(`the UI is not built (no ${path.join(staticRoot, 'index.html')}); run npm run build`);
  }
  let server: RunningServer | null = null;
  // Annotations are the one thing viewers write: through one writer, opened on the first write.
  const service = createService(reader, {
    openWriter: () => SessionWriter.openForAppend(opts.sessionPath),
    annotationsChanged: () => server?.live.publish({ type: 'annotations' }),
    ...(opts.captureEvidence ? { captureEvidence: opts.captureEvidence } : {}),
    // The heavy calls (the analysis, reports, overviews, vertex detail, note lists) run in the
    // bundled query worker, so the thread serving the API answers small calls meanwhile.
  });
  try {
    server = await listen({
      handlers: service,
      host: opts.host ?? '127.0.0.1',
      port: opts.port ?? 0,
      ...(opts.token === undefined ? {} : { token: opts.token }),
      staticRoot,
      ...(opts.limits === undefined ? {} : { limits: opts.limits }),
    });
  } catch (err) {
    reader.close();
    throw err;
  }
  const running: RunningServer = server;

  // Poll the file for ticks written since the last look; cheap (an indexed range query).
  let lastTs = reader.timeRange()?.to ?? -1;
  const timer = setInterval(() => {
    if (running.live.size === 0) return;
    try {
      const range = reader.timeRange();
      if (!range || range.to <= lastTs) return;
      const fresh = reader.ticks({ from: epochMs(lastTs + 1), to: range.to });
      lastTs = range.to;
      const newest = new Map(fresh.map((t) => [t.clusterId, t.ts]));
      for (const [clusterId, ts] of newest)
        running.live.publish({ type: 'tick', clusterId, ts, tickCount: fresh.length });
    } catch {
      // A momentarily busy file is read again on the next poll.
    }
  }, opts.pollMs ?? 1000);
  timer.unref();

  return {
    ...running,
    sessionPath: opts.sessionPath,
    close: async () => {
      clearInterval(timer);
      await running.close();
      // Reader first: the writer then is the file's last connection here and can fold its WAL back.
      reader.close();
      service.close();
    },
  };
}
