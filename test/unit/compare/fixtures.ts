// Hand-built sessions for the comparison tests: one small job (source → window [→ sink]) as a
// deployment records it, with its own job and vertex ids, the window slow or not.
import { analyzeSession } from '../../../shared/analysis/index';
import type { AnalysisInput } from '../../../shared/analysis/input';
import { alignSessions, compareSessions, type CompareDocument } from '../../../shared/compare/index';
import type { VertexFrame } from '../../../shared/model';
import { chain, rows, session, vertex } from '../analysis/fixtures';

const N = 18;

/** A copy of the frames as another deployment recorded them: new job and vertex ids. */
function redeployed(frames: VertexFrame[], jobId: string, vertexId: string): VertexFrame[] {
  return frames.map((f) => ({ ...f, jobId, vertexId }));
}

export function orders(
  jobId: string,
  ids: { src: string; win: string; sink?: string },
  slowWindow: boolean,
  name = 'orders',
  names = { src: 'Source: Kafka -> Map', win: 'Window(Tumbling(60000)) -> <b>Agg</b>' },
): AnalysisInput {
  const src = chain('src', { bp: rows(N, [slowWindow ? 0.9 : 0, slowWindow ? 0.9 : 0]), busy: rows(N, [0.1, 0.1]) });
  const win = chain('win', { bp: rows(N, [0, 0]), busy: rows(N, slowWindow ? [0.95, 0.95] : [0.4, 0.4]) });
  const vertices = [
    { ...vertex(ids.src, 2, 0, names.src), jobId },
    { ...vertex(ids.win, 2, 1, names.win), jobId },
  ];
  const frames = [...redeployed(src, jobId, ids.src), ...redeployed(win, jobId, ids.win)];
  const edges = [{ clusterId: 1, jobId, source: ids.src, target: ids.win, shipStrategy: 'HASH' }];
  if (ids.sink) {
    vertices.push({ ...vertex(ids.sink, 1, 2, 'Sink: Print'), jobId });
    frames.push(...redeployed(chain('sink', { bp: rows(N, [0]), busy: rows(N, [0.2]) }), jobId, ids.sink));
    edges.push({ clusterId: 1, jobId, source: ids.win, target: ids.sink, shipStrategy: 'FORWARD' });
  }
  return session({ jobs: [{ clusterId: 1, jobId, name }], vertices, edges, frames });
}

export function compare(a: AnalysisInput, b: AnalysisInput, jobName: string | null = null): CompareDocument {
  const docA = analyzeSession(a);
  const docB = analyzeSession(b);
  return compareSessions(
    { file: 'a.backflow', input: a, doc: docA },
    { file: 'b.backflow', input: b, doc: docB },
    {
      jobName,
      alignment: alignSessions(
        'start',
        { start: docA.session.start, doc: docA, jobIds: null },
        { start: docB.session.start, doc: docB, jobIds: null },
      ),
    },
  );
}
