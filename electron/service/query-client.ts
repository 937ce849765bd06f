// The main side of the query worker: forwards (method, params) of the heavy calls and awaits the
// encoded answer, so the thread serving HTTP/IPC stays free for small calls meanwhile. If the
// worker cannot start or dies, the service falls back to answering in this thread (blocking, as
// without a worker) and says so once; no call is left waiting: if it never started, the calls
// sent to it are answered here; if it died, they fail (one of them may be what killed it).

import { Worker } from 'node:worker_threads';
import { errorText } from '../../shared/error-text';
import { fromWire, type HandlerParams } from './answer';
import type { QueryMethod } from './query-methods';
import { QUERY_ROLE, type QueryReply, type QueryRequest, type QueryWorkerData } from './query-worker';

export type Answer = (method: QueryMethod, params: HandlerParams<QueryMethod>) => Promise<string>;

/**
 * A small young generation (V8's default is 48 MB): the query worker's answers are short-lived
 * garbage (decoded frames, folded columns, JSON text) that would otherwise grow its heap by tens
 * of MB, kept in the process' RSS long after. Served mode on a 1 h `large` session, the whole UI
 * bench run (test/bench/ui-measure.ts), two runs each: peak RSS 309–315 MB → 255–268 MB.
 */
export const QUERY_WORKER_LIMITS = { maxYoungGenerationSizeMb: 8 };

export interface QueryClientOptions {
  /** The bundled worker entry (analysis-worker-path.ts). */
  script: string;
  sessionPath: string;
  analysisMinAgeMs?: number | undefined;
  /** Answers in this thread; asked for only once the worker failed. */
  inThread: () => Answer;
  log: (line: string) => void;
}

export interface QueryClient {
  answer: Answer;
  close(): void;
}

interface Waiting {
  method: QueryMethod;
  params: HandlerParams<QueryMethod>;
  resolve: (text: string) => void;
  reject: (e: Error) => void;
}

export function queryClient(o: QueryClientOptions): QueryClient {
  let worker: Worker | null = null;
  let ready = false;
  let closed = false;
  let nextId = 1;
  const waiting = new Map<number, Waiting>();

  const fallBack = (why: string) => {
    const w = worker;
    if (!w) return;
    worker = null;
    void w.terminate();
    o.log(`backflow: the query worker ${why}; answering every call in the main thread from now on`);
    const local = o.inThread();
    for (const c of waiting.values()) {
      if (ready) c.reject(new Error(`the query worker stopped (${why}) while answering ${c.method}`));
      else local(c.method, c.params).then(c.resolve, c.reject);
    }
    waiting.clear();
  };

  const settle = (m: QueryReply) => {
    if ('ready' in m) {
      ready = true;
      return;
    }
    const c = waiting.get(m.id);
    if (!c) return;
    waiting.delete(m.id);
    if ('text' in m) c.resolve(m.text);
    else c.reject(fromWire(m.error));
    // Idle, the worker must not keep a process alive that is otherwise done (served mode ends on SIGINT).
    if (waiting.size === 0) worker?.unref();
  };

  try {
    const data: QueryWorkerData = {
      role: QUERY_ROLE,
      sessionPath: o.sessionPath,
      script: o.script,
      analysisMinAgeMs: o.analysisMinAgeMs,
    };
    const w = new Worker(o.script, { workerData: data, resourceLimits: QUERY_WORKER_LIMITS });
    worker = w;
    w.unref();
    w.on('message', settle);
    w.on('error', (e) => {
      if (worker === w) fallBack(`failed (${errorText(e)})`);
    });
    w.on('exit', (code) => {
      if (worker === w) fallBack(`exited (code ${code})`);
    });
  } catch (e) {
    o.log(`backflow: the query worker could not start (${errorText(e)}); answering every call in the main thread`);
  }

  return {
    answer(method, params) {
      if (closed) return Promise.reject(new Error('the session was closed'));
      const w = worker;
      if (!w) return o.inThread()(method, params);
      const id = nextId++;
      w.ref();
      return new Promise((resolve, reject) => {
        waiting.set(id, { method, params, resolve, reject });
        w.postMessage({ id, method, params } satisfies QueryRequest);
      });
    },
    close() {
      closed = true;
      const w = worker;
      worker = null;
      for (const c of waiting.values()) c.reject(new Error(`the session was closed before ${c.method} was answered`));
      waiting.clear();
      if (!w) return;
      // Let it close its connection and analysis; a worker busy with a long call is ended anyway.
      w.postMessage({ close: true } satisfies QueryRequest);
      setTimeout(() => void w.terminate(), 2000).unref();
    },
  };
}
