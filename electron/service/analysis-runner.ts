// Runs the whole-session analysis either in a worker thread (the bundled out/cli/analysis-worker.mjs,
// when there is one) or, failing that, in this thread. Analysing a large session takes seconds;
// in a worker the HTTP/IPC thread keeps answering the cursor's calls meanwhile.

import { Worker } from 'node:worker_threads';
import { analyzeSession, indexInput, vertexLevelSeries, type AnalysisDocument } from '../../shared/analysis';
import { readAnalysisInput } from '../session/analysis-input';
import type { SessionReader } from '../session/reader';

/**
 * One vertex's level at every sample, as the analysis measured it (differenced counters where
 * recorded): the overview lanes show these, so lanes and episodes always agree.
 */
export interface AnalysedLane {
  /** `clusterId/jobId/vertexId`. */
  key: string;
  ts: Float64Array;
  /** Start of the interval each sample describes. */
  spanStart: Float64Array;
  /** 0 OK, 1 LOW, 2 HIGH, −1 gap. */
  level: Int8Array;
  /** Max backpressure ratio over subtasks; NaN in gaps. */
  ratio: Float64Array;
  /** Index into GAP_REASONS (0: not a gap). */
  gapReason: Uint8Array;
  /** The series' effective sample interval. */
  intervalMs: number;
  /** What the job graph shows of each sample: busy (max, mean, which subtask), how many busy, backpressured. */
  busyMax: Float64Array;
  busyMean: Float64Array;
  busyArg: Int32Array;
  busyHot: Int32Array;
  busyValid: Int32Array;
  affected: Int32Array;
}

export interface AnalysisOutcome {
  doc: AnalysisDocument;
  lanes: AnalysedLane[];
}

export interface AnalysisRequest {
  id: number;
  path: string;
  sustainedAfterMs?: number | undefined;
}
export type AnalysisReply = { id: number; outcome: AnalysisOutcome } | { id: number; error: string };

export interface AnalysisRunner {
  run(sustainedAfterMs: number | undefined): Promise<AnalysisOutcome>;
  close(): void;
}

/** analyzeSession over a whole file, and every vertex's level series, from one read of it. */
export function analyzeSessionFile(reader: SessionReader, sustainedAfterMs: number | undefined): AnalysisOutcome {
  const input = readAnalysisInput(reader);
  const ix = indexInput(input);
  const doc = analyzeSession(input, sustainedAfterMs === undefined ? {} : { sustainedAfterMs }, ix);
  const lanes: AnalysedLane[] = [];
  for (const key of ix.frames.keys()) {
    const s = vertexLevelSeries(ix, key);
    const n = s.n;
    lanes.push({
      key,
      ts: s.ts.slice(0, n),
      spanStart: s.spanStart.slice(0, n),
      level: s.level.slice(0, n),
      ratio: s.ratio.slice(0, n),
      gapReason: s.gapReason.slice(0, n),
      intervalMs: s.intervalMs,
      busyMax: s.busyMax.slice(0, n),
      busyMean: s.busyMean.slice(0, n),
      busyArg: s.busyArg.slice(0, n),
      busyHot: s.busyHot.slice(0, n),
      busyValid: s.busyValid.slice(0, n),
      affected: s.affected.slice(0, n),
    });
  }
  return { doc, lanes };
}

/** In this thread: blocks it for the whole run (source mode, where no worker bundle exists). */
export function inThreadRunner(reader: SessionReader): AnalysisRunner {
  return {
    run: async (sustainedAfterMs) => analyzeSessionFile(reader, sustainedAfterMs),
    close: () => {},
  };
}

/**
 * A smaller young generation than V8's default (48 MB): an analysis allocates short-lived samples
 * and decoded frames by the hundred thousand. Measured on a 24 h `large` session through the
 * built worker, three runs each: process peak RSS 284–289 MB → 269–277 MB, 1.54–1.59 s →
 * 1.58–1.63 s.
 */
export const ANALYSIS_WORKER_LIMITS = { maxYoungGenerationSizeMb: 16 };

/**
 * In a worker thread on `script`, started when a run is asked for and ended when no run is left
 * waiting. If it dies, the runs waiting on it fail with its error and the next run starts a fresh
 * one.
 */
export function workerRunner(sessionPath: string, script: string): AnalysisRunner {
  let worker: Worker | null = null;
  let nextId = 1;
  const waiting = new Map<number, { resolve: (d: AnalysisOutcome) => void; reject: (e: Error) => void }>();
  const failAll = (e: Error) => {
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
    worker = null;
  };
  const start = (): Worker => {
    const w = new Worker(script, { resourceLimits: ANALYSIS_WORKER_LIMITS });
    w.on('message', (m: AnalysisReply) => {
      const p = waiting.get(m.id);
      if (!p) return;
      waiting.delete(m.id);
      if ('outcome' in m) p.resolve(m.outcome);
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
