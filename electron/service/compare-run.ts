// Comparing two open sessions off the thread that answers the calls: both whole-session analyses
// take seconds on large sessions, so the bundled worker entry (analysis-worker.ts) runs
// compareFiles on its own read-only connections, and the thread serving HTTP/IPC keeps answering
// lanes and graphs meanwhile. Without a worker bundle (tests from source) it runs in-thread.

import { Worker, type MessagePort } from 'node:worker_threads';
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

/** The worker's side: one comparison, answered once. */
export function runCompare(port: MessagePort, data: CompareWorkerData): void {
  let reply: CompareReply;
  try {
    // The files were validated by the main side when they were opened.
    reply = { ok: true, doc: compareNow(data, (f) => SessionReader.open(f, { skipQuickCheck: true })) };
  } catch (e) {
    reply = { ok: false, refused: e instanceof CompareInputError, message: errorText(e) };
  }
  port.postMessage(reply);
}

/** The comparison, in the worker `script` when there is one, else here (with the given readers). */
export function compareOffThread(
  script: string | null,
  data: CompareWorkerData,
  inThread: () => CompareDocument,
): Promise<CompareDocument> {
  if (!script) {
    try {
      return Promise.resolve(inThread());
    } catch (e) {
      return Promise.reject(e instanceof CompareInputError ? new ApiRefusedError(e.message) : e);
    }
  }
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: data });
    let settled = false;
    const done = (f: () => void) => {
      if (settled) return;
      settled = true;
      f();
      void worker.terminate();
    };
    worker.once('message', (r: CompareReply) =>
      done(() => (r.ok ? resolve(r.doc) : reject(r.refused ? new ApiRefusedError(r.message) : new Error(r.message)))),
    );
    worker.once('error', (e) => done(() => reject(e)));
    worker.once('exit', (code) => done(() => reject(new Error(`the compare worker stopped (exit ${code})`))));
  });
}
