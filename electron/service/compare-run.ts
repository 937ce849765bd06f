// Comparing two open sessions off the thread that answers the calls: both whole-session analyses
// take seconds on large sessions, so the bundled worker entry (analysis-worker.ts) runs
// compareFiles on its own read-only connections, and the thread serving HTTP/IPC keeps answering
// lanes and graphs meanwhile. It runs as an analysis process that ends with the answer (its memory
// goes with it, see analysis-host.ts), in a worker thread when no process can start, and without
// a worker bundle (tests from source) in this thread.

import { Worker, type MessagePort } from 'node:worker_threads';
import { forkAnalysisProcess, PROCESS_START_MS, type HostReady } from './analysis-host';
import { ApiRefusedError } from '../../shared/api';
import { CompareInputError } from '../../shared/compare/index';
import type { AlignMode, CompareDocument } from '../../shared/compare/document';
import { errorText } from '../../shared/error-text';
import { compareFiles } from '../report/compare-sessions';
import { SessionReader } from '../session/reader';

export interface CompareWorkerData {
  role: 'compare';
  a: { path: string; label: string };
  b: { path: string; label: string };
  mode: AlignMode;
}

type CompareReply = { ok: true; doc: CompareDocument } | { ok: false; refused: boolean; message: string };

/** What the analysis process is sent to compare (it answers with a CompareReply). */
export interface CompareRequest {
  compare: CompareWorkerData;
}

export function isCompareWorkerData(d: unknown): d is CompareWorkerData {
  return typeof d === 'object' && d !== null && (d as { role?: unknown }).role === 'compare';
}

function compareNow(data: CompareWorkerData, open: (file: string) => SessionReader): CompareDocument {
  const readers: SessionReader[] = [];
  try {
    const ra = open(data.a.path);
    readers.push(ra);
    const rb = open(data.b.path);
    readers.push(rb);
    return compareFiles(
      { label: data.a.label, reader: ra, asked: null },
      { label: data.b.label, reader: rb, asked: null },
      { mode: data.mode },
    );
  } finally {
    for (const r of readers) r.close();
  }
}

/** The worker's or process' side: one comparison's answer. */
export function compareReply(data: CompareWorkerData): CompareReply {
  try {
    // The files were validated by the main side when they were opened.
    return { ok: true, doc: compareNow(data, (f) => SessionReader.open(f, { skipQuickCheck: true })) };
  } catch (e) {
    return { ok: false, refused: e instanceof CompareInputError, message: errorText(e) };
  }
}

/** The worker thread's side: one comparison, answered once. */
export function runCompare(port: MessagePort, data: CompareWorkerData): void {
  port.postMessage(compareReply(data));
}

/** A reply's document, or its failure (refused: the inputs cannot be compared) as an error. */
function answered(r: CompareReply, resolve: (d: CompareDocument) => void, reject: (e: Error) => void): void {
  if (r.ok) resolve(r.doc);
  else reject(r.refused ? new ApiRefusedError(r.message) : new Error(r.message));
}

/** Thrown when the analysis process did not start: the comparison then runs in a thread. */
class NotStarted extends Error {}

function inProcess(script: string, data: CompareWorkerData, startMs: number): Promise<CompareDocument> {
  return new Promise((resolve, reject) => {
    const child = forkAnalysisProcess(script);
    let started = false;
    let settled = false;
    const done = (f: () => void) => {
      clearTimeout(slow);
      if (settled) return;
      settled = true;
      f();
      child.kill();
    };
    const slow = setTimeout(
      () => done(() => reject(new NotStarted(`the compare process did not start within ${startMs / 1000} s`))),
      startMs,
    );
    child.on('message', (m: CompareReply | HostReady) => {
      if ('ready' in m) {
        started = true;
        clearTimeout(slow);
        child.send({ compare: data } satisfies CompareRequest);
      } else done(() => answered(m, resolve, reject));
    });
    child.once('error', (e) => done(() => reject(started ? e : new NotStarted(errorText(e)))));
    child.once('exit', (code, signal) =>
      done(() => {
        const why = `the compare process stopped (${code ?? signal})`;
        reject(started ? new Error(why) : new NotStarted(why));
      }),
    );
  });
}

function inThreadWorker(script: string, data: CompareWorkerData): Promise<CompareDocument> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: data });
    let settled = false;
    const done = (f: () => void) => {
      if (settled) return;
      settled = true;
      f();
      void worker.terminate();
    };
    worker.once('message', (r: CompareReply) => done(() => answered(r, resolve, reject)));
    worker.once('error', (e) => done(() => reject(e)));
    worker.once('exit', (code) => done(() => reject(new Error(`the compare worker stopped (exit ${code})`))));
  });
}

/**
 * The comparison, in an analysis process of the worker `script` when there is one (in a thread of
 * it when no process starts, said through `log`), else here (with the given readers).
 */
export function compareOffThread(
  script: string | null,
  data: CompareWorkerData,
  inThread: () => CompareDocument,
  log: (line: string) => void = (line) => console.error(line),
  startMs = PROCESS_START_MS,
): Promise<CompareDocument> {
  if (!script) {
    try {
      return Promise.resolve(inThread());
    } catch (e) {
      return Promise.reject(e instanceof CompareInputError ? new ApiRefusedError(e.message) : e);
    }
  }
  return inProcess(script, data, startMs).catch((e: unknown) => {
    if (!(e instanceof NotStarted)) throw e;
    log(`backflow: the compare process could not start (${e.message}); comparing in a worker thread`);
    return inThreadWorker(script, data);
  });
}
