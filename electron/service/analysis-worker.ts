// Worker-thread entry (bundled as out/cli/analysis-worker.mjs): analyses a whole session off the
// thread that answers API calls, so scrubbing and zooming stay responsive while a large session
// is decoded and analysed. Opens its own read-only connection per run (the file was validated by
// the main side already) and answers with the analysis document and each vertex's level series.

import { parentPort } from 'node:worker_threads';
import { SessionReader } from '../session/reader';
import { analyzeSessionFile, type AnalysisReply, type AnalysisRequest } from './analysis-runner';
import { errorText } from '../../shared/error-text';

const port = parentPort;
if (!port) throw new Error('analysis-worker must run in a worker thread');

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
