// Which calls of the contract may take seconds on a large session (they decode frames, render a
// report, fold every lane, list notes, or hang off the whole-session analysis), and their
// handlers on a SessionState. The service answers these in a query worker (query-client.ts), or in
// this thread when there is none; everything else (small calls, every write) stays on the main
// thread. The list is the one place that decides it: forwarding is generic over these names.

import type { ApiHandlers, ApiMethod } from '../../shared/api';
import { annotationHandlers } from './annotations';
import { evidenceHandlers } from './evidence';
import { jobGraphQuery } from './job-graph';
import { reportPreview } from './report-preview';
import { overviewQuery } from './session-queries';
import type { SessionState } from './session-state';
import { vertexDetail } from './vertex-detail';

export const QUERY_METHODS = [
  'overview',
  'analysis',
  // Reads the analysis' lanes, so it lives where the analysis does.
  'jobGraph',
  'vertexDetail',
  'annotations',
  'reportPreview',
  // Inflate blobs (a flame graph of 20 000 frames): off the thread serving small calls.
  'evidence',
  'evidenceItem',
] as const satisfies readonly ApiMethod[];

export type QueryMethod = (typeof QUERY_METHODS)[number];
export type QueryHandlers = Pick<ApiHandlers, QueryMethod>;

export function isQueryMethod(method: ApiMethod): method is QueryMethod {
  return (QUERY_METHODS as readonly string[]).includes(method);
}

/** The heavy, read-only part of the service over one session's state. */
export function queryHandlers(session: SessionState): QueryHandlers {
  // Without a writer: the note list only reads.
  const notes = annotationHandlers({ reader: session.reader, meta: session.meta });
  const evidence = evidenceHandlers(session.reader);
  return {
    overview: overviewQuery(session),
    analysis: async (p) => session.analysis.result(session.meta().lastTs, p),
    jobGraph: jobGraphQuery(session),
    vertexDetail: (p) => vertexDetail(session, p),
    annotations: notes.annotations,
    reportPreview: (p) => reportPreview(session.reader, p, session.now),
    evidence: evidence.evidence,
    evidenceItem: evidence.evidenceItem,
  };
}
