// Entry of the bundled out/cli/analysis-worker.mjs, in one of four roles:
// - the analysis process (a child process started with ANALYSIS_PROCESS_ROLE, see
//   analysis-host.ts), or the analysis thread (a worker thread without worker data): analyses a
//   whole session off the thread that answers the calls, on its own read-only connection (the
//   file was validated by the main side already), and answers with the analysis document and
//   each vertex's level series; the process also compares two sessions (compare-run.ts);
// - the query worker (started with QueryWorkerData, see query-worker.ts): answers the heavy
//   read-only calls, so the thread serving HTTP/IPC keeps answering small ones meanwhile;
// - a comparison of two sessions in a thread, where no process starts (CompareWorkerData).

import { parentPort, workerData } from 'node:worker_threads';
import { SessionReader } from '../session/reader';
import { ANALYSIS_PROCESS_ROLE, type HostReady } from './analysis-host';
import { laneBuffers, SessionAnalyser, type AnalysisReply, type AnalysisRequest } from './analysis-runner';
import { compareReply, isCompareWorkerData, runCompare, type CompareRequest } from './compare-run';
import { isQueryWorkerData, serveQueries } from './query-worker';
import { errorText } from '../../shared/error-text';

if (process.argv.includes(ANALYSIS_PROCESS_ROLE)) {
  const send = process.send?.bind(process);
  if (!send) throw new Error('the analysis process must be started with an IPC channel');
  // Its parent gone (closed, crashed), nothing is left to answer.
  process.on('disconnect', () => process.exit(0));
  // Copied through the channel at once (structured clone): the lanes can be the series' own columns.
  process.on(
    'message',
    (req: AnalysisRequest | CompareRequest) =>
      void send('compare' in req ? compareReply(req.compare) : analyse(req, true)),
  );
  send({ ready: true } satisfies HostReady);
} else {
  const port = parentPort;
  if (!port) throw new Error('analysis-worker must run in a worker thread or as the analysis process');
  if (isQueryWorkerData(workerData)) serveQueries(port, workerData);
  else if (isCompareWorkerData(workerData)) runCompare(port, workerData);
  else
    port.on('message', (req: AnalysisRequest) => {
      const reply = analyse(req);
      // The lanes' columns are moved, not copied: each is a fresh slice with a buffer of its own (a
      // day of a large job is ≈12 MB of them).
      port.postMessage(reply, 'outcome' in reply ? laneBuffers(reply.outcome) : []);
    });
}

// The session's analyser is kept between runs: a live recording is analysed again on what it
// gained since (see SessionAnalyser). The runner ends this process or thread when runs stop coming.
let kept: { path: string; reader: SessionReader; analyser: SessionAnalyser } | null = null;

function analyse(req: AnalysisRequest, shareLanes = false): AnalysisReply {
  try {
    if (kept?.path !== req.path) {
      kept?.reader.close();
      kept = null;
      const reader = SessionReader.open(req.path, { skipQuickCheck: true });
      kept = { path: req.path, reader, analyser: new SessionAnalyser(reader) };
    }
    return { id: req.id, outcome: kept.analyser.run(req.sustainedAfterMs, req.lanes, shareLanes) };
  } catch (e) {
    // Start from the file again next time rather than from a state a failure left half-read.
    kept?.reader.close();
    kept = null;
    return { id: req.id, error: errorText(e) };
  }
}
