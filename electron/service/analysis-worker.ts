// Worker-thread entry (bundled as out/cli/analysis-worker.mjs), in one of three roles:
// - the query worker (started with QueryWorkerData, see query-worker.ts): answers the heavy
//   read-only calls, so the thread serving HTTP/IPC keeps answering small ones meanwhile;
// - an analysis run (no worker data): analyses a whole session off the thread that answers the
//   calls. Opens its own read-only connection per run (the file was validated by the main side
//   already) and answers with the analysis document and each vertex's level series;
// - a comparison of two sessions (CompareWorkerData, see compare-run.ts).

import { parentPort, workerData } from 'node:worker_threads';
import { SessionReader } from '../session/reader';
import { analyzeSessionFile, type AnalysisReply, type AnalysisRequest } from './analysis-runner';
import { isCompareWorkerData, runCompare } from './compare-run';
import { isQueryWorkerData, serveQueries } from './query-worker';
import { errorText } from '../../shared/error-text';

const port = parentPort;
if (!port) throw new Error('analysis-worker must run in a worker thread');

if (isQueryWorkerData(workerData)) serveQueries(port, workerData);
else if (isCompareWorkerData(workerData)) runCompare(port, workerData);
else
  port.on('message', (req: AnalysisRequest) => {
    let reply: AnalysisReply;
    let reader: SessionReader | null = null;
    try {
      reader = SessionReader.open(req.path, { skipQuickCheck: true });
      reply = { id: req.id, outcome: analyzeSessionFile(reader, req.sustainedAfterMs) };
    } catch (e) {
      reply = { id: req.id, error: errorText(e) };
    } finally {
      reader?.close();
    }
    port.postMessage(reply);
  });
