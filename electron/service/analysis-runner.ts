// Runs the whole-session analysis either in a worker thread (the bundled out/cli/analysis-worker.mjs,
// when there is one) or, failing that, in this thread. Analysing a large session takes seconds;
// in a worker the HTTP/IPC thread keeps answering the cursor's calls meanwhile.

import { Worker } from 'node:worker_threads';
import { analyzeSession, type AnalysisDocument } from '../../shared/analysis';
import { readAnalysisInput } from '../session/analysis-input';
import type { SessionReader } from '../session/reader';

export interface AnalysisRequest {
  id: number;
  path: string;
  sustainedAfterMs?: number | undefined;
}
export type AnalysisReply = { id: number; doc: AnalysisDocument } | { id: number; error: string };

export interface AnalysisRunner {
  run(sustainedAfterMs: number | undefined): Promise<AnalysisDocument>;
  close(): void;
}

/** In this thread: blocks it for the whole run (source mode, where no worker bundle exists). */
export function inThreadRunner(reader: SessionReader): AnalysisRunner {
  return {
    run: async (sustainedAfterMs) => analyzeSession(readAnalysisInput(reader), sustainedAfterMs === undefined ? {} : { sustainedAfterMs }),
    close: () => {},
  };
}

/**
 * In a worker thread on `script`, started when a run is asked for and ended when no run is left
 * waiting. If it dies, the runs waiting on it fail with its error and the next run starts a fresh
 * one.
 */
export function workerRunner(sessionPath: string, script: string): AnalysisRunner {
  let worker: Worker | null = null;
  let nextId = 1;
  const waiting = new Map<number, { resolve: (d: AnalysisDocument) => void; reject: (e: Error) => void }>();
  const failAll = (e: Error) => {
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
    worker = null;
  };
  const start = (): Worker => {
    const w = new Worker(script);
    w.on('message', (m: AnalysisReply) => {
      const p = waiting.get(m.id);
      if (!p) return;
      waiting.delete(m.id);
      if ('doc' in m) p.resolve(m.doc);
      else p.reject(new Error(m.error));
      // Idle: let the thread go, and the memory of the decoded session with it (a run takes
      // seconds; starting a worker for the next one costs a fraction of that).
      if (waiting.size === 0 && worker === w) {
        worker = null;
        void w.terminate();
      }
    });
    w.on('error', (e) => failAll(e));
    w.on('exit', (code) => {
      if (worker === w) failAll(new Error(`analysis worker exited (code ${code})`));
    });
    return w;
  };
  return {
    run(sustainedAfterMs) {
      worker ??= start();
      const w = worker;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        w.postMessage({ id, path: sessionPath, sustainedAfterMs } satisfies AnalysisRequest);
      });
    },
    close() {
      const w = worker;
      worker = null;
      failAll(new Error('the session was closed during its analysis'));
      void w?.terminate();
    },
  };
}
