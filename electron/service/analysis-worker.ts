// Worker-thread entry (bundled as out/cli/analysis-worker.mjs), in one of three roles:
// - the query worker (started with QueryWorkerData, see query-worker.ts): answers the heavy
//   read-only calls, so the thread serving HTTP/IPC keeps answering small ones meanwhile;
// - the analysis (no worker data): analyses a whole session off the thread that answers the
//   calls, on its own read-only connection (the file was validated by the main side already),
//   and answers with the analysis document and each vertex's level series;
// - a comparison of two sessions (CompareWorkerData, see compare-run.ts).

import { parentPort, workerData } from 'node:worker_threads';
import { SessionReader } from '../session/reader';
import { laneBuffers, SessionAnalyser, type AnalysisReply, type AnalysisRequest } from './analysis-runner';
import { isCompareWorkerData, runCompare } from './compare-run';
import { isQueryWorkerData, serveQueries } from './query-worker';
import { errorText } from '../../shared/error-text';

const port = parentPort;
if (!port) throw new Error('analysis-worker must run in a worker thread');

if (isQueryWorkerData(workerData)) serveQueries(port, workerData);
else if (isCompareWorkerData(workerData)) runCompare(port, workerData);
else {
  // The session's analyser is kept between runs: a live recording is analysed again on what it
  // gained since (see SessionAnalyser). The runner ends this thread when runs stop coming.
  let kept: { path: string; reader: SessionReader; analyser: SessionAnalyser } | null = null;
  port.on('message', (req: AnalysisRequest) => {
    let reply: AnalysisReply;
    try {
      if (kept?.path !== req.path) {
        kept?.reader.close();
        kept = null;
        const reader = SessionReader.open(req.path, { skipQuickCheck: true });
        kept = { path: req.path, reader, analyser: new SessionAnalyser(reader) };
      }
      reply = { id: req.id, outcome: kept.analyser.run(req.sustainedAfterMs, req.lanes) };
    } catch (e) {
      reply = { id: req.id, error: errorText(e) };
      // Start from the file again next time rather than from a state a failure left half-read.
      kept?.reader.close();
      kept = null;
    }
    // The lanes' columns are moved, not copied: each is a fresh slice with a buffer of its own (a
    // day of a large job is ≈12 MB of them).
    port.postMessage(reply, 'outcome' in reply ? laneBuffers(reply.outcome) : []);
  });
}
