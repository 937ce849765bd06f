// The API contract implemented on a session file. Bounded work per call, whatever the session's
// size: metadata from small tables, overview lanes from the per-tick summaries, vertex detail
// decoding only the requested vertex, metrics and window, and the whole-session analysis cached
// per threshold. Both bridges (HTTP served mode, Electron IPC) call exactly these handlers;
// params arrive validated. This file only puts the parts together.

import type { ApiHandlers } from '../../shared/api';
import type { SessionReader } from '../session/reader';
import type { SessionWriter } from '../session/writer';
import { annotationHandlers } from './annotations';
import { jobGraphQuery } from './job-graph';
import { reportPreview } from './report-preview';
import { overviewQuery, sessionInfo, tickNear } from './session-queries';
import { openSessionState, type SessionStateOptions } from './session-state';
import { subtaskValuesQuery } from './subtask-values';
import { vertexDetail } from './vertex-detail';

export interface ServiceOptions extends SessionStateOptions {
  /** Opens a writer on the same file for annotations; without it annotations are read-only. */
  openWriter?: () => SessionWriter;
  /** Called after an annotation was added, changed or deleted. */
  annotationsChanged?: () => void;
}

export type Service = ApiHandlers & { close(): void };

export function createService(reader: SessionReader, options: ServiceOptions = {}): Service {
  const session = openSessionState(reader, options);
  const notes = annotationHandlers({
    reader,
    meta: session.meta,
    ...(options.openWriter ? { openWriter: options.openWriter } : {}),
    changed: () => {
      // Our own note writes touch the log too: remember them, so they never read as a recording.
      session.liveWatch.wroteOurselves();
      options.annotationsChanged?.();
    },
  });
  return {
    sessionInfo: () => sessionInfo(session),
    overview: overviewQuery(session),
    analysis: async (p) => session.analysis.result(session.meta().lastTs, p),
    tickNear: (p) => tickNear(session.meta().tickTimes, p),
    jobGraph: jobGraphQuery(session),
    vertexDetail: (p) => vertexDetail(session, p),
    subtaskValues: subtaskValuesQuery(session),
    annotations: notes.annotations,
    annotation: notes.annotation,
    addAnnotation: notes.addAnnotation,
    updateAnnotation: notes.updateAnnotation,
    deleteAnnotation: notes.deleteAnnotation,
    reportPreview: (p) => reportPreview(reader, p, session.now),
    close: () => {
      session.close();
      notes.close();
    },
  };
}
