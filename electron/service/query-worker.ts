// The query worker's side (run by the bundled worker entry, analysis-worker.ts, when started with
// QueryWorkerData): the heavy read-only calls of one session on the worker's own read-only
// connection to the file. It owns their state — metadata, level lanes, overview and graph memos,
// the analysis (which itself runs in an analysis process, analysis-host.ts) — so none of it is kept twice.
// Each answer goes back encoded, within the byte budget; an error as its kind and message.

import type { MessagePort } from 'node:worker_threads';
import { SessionReader } from '../session/reader';
import { encodeCall, toWire, type HandlerParams, type WireError } from './answer';
import { queryHandlers, type QueryMethod } from './query-methods';
import { releaseDeadBuffers } from './release-buffers';
import { openSessionState } from './session-state';

export const QUERY_ROLE = 'queries';

export interface QueryWorkerData {
  role: typeof QUERY_ROLE;
  sessionPath: string;
  /** This worker's own script: the whole-session analysis runs in another instance of it (a child process). */
  script: string;
  analysisMinAgeMs?: number | undefined;
}

export type QueryRequest = { id: number; method: QueryMethod; params: HandlerParams<QueryMethod> } | { close: true };
export type QueryReply = { ready: true } | { id: number; text: string } | { id: number; error: WireError };

export function isQueryWorkerData(data: unknown): data is QueryWorkerData {
  return (data as { role?: unknown } | null)?.role === QUERY_ROLE;
}

export function serveQueries(port: MessagePort, data: QueryWorkerData): void {
  // A failure to open throws: the main side sees the worker fail before `ready` and answers in its thread.
  const reader = SessionReader.open(data.sessionPath, { skipQuickCheck: true });
  const session = openSessionState(reader, {
    analysisWorker: data.script,
    ...(data.analysisMinAgeMs === undefined ? {} : { analysisMinAgeMs: data.analysisMinAgeMs }),
  });
  const handlers = queryHandlers(session);
  // After the answer went out: the buffers a call decoded are garbage now (release-buffers.ts).
  const done = () => setImmediate(releaseDeadBuffers);
  port.on('message', (m: QueryRequest) => {
    if ('close' in m) {
      session.close();
      reader.close();
      port.close();
      return;
    }
    encodeCall(handlers, m.method, m.params).then(
      (text) => {
        port.postMessage({ id: m.id, text } satisfies QueryReply);
        done();
      },
      (e: unknown) => {
        port.postMessage({ id: m.id, error: toWire(e) } satisfies QueryReply);
        done();
      },
    );
  });
  port.postMessage({ ready: true } satisfies QueryReply);
}
