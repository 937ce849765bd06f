// The API contract implemented on a session file. Bounded work per call, whatever the session's
// size: metadata from small tables, overview lanes from the per-tick summaries, vertex detail
// decoding only the requested vertex, metrics and window, and the whole-session analysis cached
// per threshold. Both bridges (HTTP served mode, Electron IPC) call exactly this service; params
// arrive validated. The calls that may take seconds (query-methods.ts) are answered by a query
// worker when the bundle has one, so a slow call never blocks a small one; small calls and every
// write are answered here. This file only puts the parts together.

import type { ApiHandlers } from '../../shared/api';
import type { SessionReader } from '../session/reader';
import type { SessionWriter } from '../session/writer';
import { analysisWorkerPath } from './analysis-worker-path';
import { annotationHandlers } from './annotations';
import { captureHandler, type CaptureControl } from './capture';
import { encodeCall, type Answering, type HandlerParams } from './answer';
import { LiveWatch } from './live';
import { QUERY_METHODS, isQueryMethod, queryHandlers, type QueryHandlers, type QueryMethod } from './query-methods';
import { queryClient } from './query-client';
import { releaseDeadBuffers } from './release-buffers';
import { SessionCache } from './session-cache';
import { sessionInfo, tickNear } from './session-queries';
import { openSessionState, type SessionState, type SessionStateOptions } from './session-state';
import { subtaskValuesQuery } from './subtask-values';

export interface ServiceOptions extends SessionStateOptions {
  /** Opens a writer on the same file for annotations; without it annotations are read-only. */
  openWriter?: () => SessionWriter;
  /** Called after an annotation was added, changed or deleted. */
  annotationsChanged?: () => void;
  /**
   * The bundled worker entry that answers the heavy calls (and runs their analysis) off this
   * thread; by default the one beside this bundle (analysis-worker-path.ts), null: none. The
   * worker reads the wall clock: `now` then only applies to the calls answered here.
   */
  worker?: string | null;
  /** Where a fall back from the worker to this thread is told (stderr by default). */
  log?: (line: string) => void;
  /** The recorder of this session when this process records it: evidence can be captured on demand. */
  captureEvidence?: CaptureControl;
}

export type Service = ApiHandlers & Answering & { close(): void };

export function createService(reader: SessionReader, options: ServiceOptions = {}): Service {
  const now = options.now ?? Date.now;
  const script = options.worker === undefined ? analysisWorkerPath() : options.worker;

  // The heavy calls in this thread: without a worker, or once it failed (then without nested workers).
  let state: SessionState | null = null;
  let local: QueryHandlers | null = null;
  const inThread = (): QueryHandlers => {
    if (!local) {
      state = openSessionState(reader, script ? { ...options, analysisWorker: null } : options);
      local = queryHandlers(state);
    }
    return local;
  };
  const remote = script
    ? queryClient({
        script,
        sessionPath: reader.path,
        analysisMinAgeMs: options.analysisMinAgeMs,
        inThread: () => (method, params) => encodeCall(inThread(), method, params),
        log: options.log ?? ((line) => console.error(line)),
      })
    : null;
  if (!remote) inThread();

  // One metadata cache in this thread: the in-thread state's when there is one.
  let cache: SessionCache | null = null;
  const meta = () => state?.meta() ?? (cache ??= new SessionCache(reader)).get();
  const liveWatch = new LiveWatch(reader.path, now);
  const notes = annotationHandlers({
    reader,
    meta,
    ...(options.openWriter ? { openWriter: options.openWriter } : {}),
    changed: () => {
      // Our own note writes touch the log too: remember them, so they never read as a recording.
      liveWatch.wroteOurselves();
      options.annotationsChanged?.();
    },
  });
  const capture = captureHandler(options.captureEvidence, meta);
  const here: Omit<ApiHandlers, QueryMethod> = {
    sessionInfo: () => sessionInfo({ reader, meta, liveWatch }, capture.canCapture()),
    captureEvidence: capture.captureEvidence,
    tickNear: (p) => tickNear(meta().tickTimes, p),
    subtaskValues: subtaskValuesQuery({ reader, meta }),
    annotation: notes.annotation,
    addAnnotation: notes.addAnnotation,
    updateAnnotation: notes.updateAnnotation,
    deleteAnnotation: notes.deleteAnnotation,
  };
  const ask = (method: QueryMethod, params: HandlerParams<QueryMethod>): Promise<string> =>
    remote ? remote.answer(method, params) : encodeCall(inThread(), method, params);
  // Direct callers (tests, the desktop export) get the values; the bridges take `answer`.
  const heavy = Object.fromEntries(
    QUERY_METHODS.map((m) => [
      m,
      async (p: HandlerParams<typeof m>) =>
        remote ? (JSON.parse(await ask(m, p)) as unknown) : (inThread()[m] as (q: typeof p) => unknown)(p),
    ]),
  ) as unknown as QueryHandlers;

  return {
    ...here,
    ...heavy,
    answer: (method, params) => {
      const text = isQueryMethod(method)
        ? ask(method, params as HandlerParams<QueryMethod>)
        : encodeCall(here, method, params);
      // Once answered: what the call left behind (decoded frames, answer text) is garbage now.
      const later = () => void setImmediate(releaseDeadBuffers);
      text.then(later, later);
      return text;
    },
    close: () => {
      remote?.close();
      state?.close();
      notes.close();
    },
  };
}
