// The bottleneck the job graph names at an instant: inside an incident of this job, the
// analysis' own answer for it (when an analysis was already computed — the graph never waits for
// one); otherwise the same downstream walk over the vertices' state at this tick.

import type { GraphVertex, JobGraphResult } from '../../shared/api';
import { bottleneckBasis, findBottleneck, type AnalysisDocument, type VertexState } from '../../shared/analysis';
import { formatDuration } from '../../shared/time';

export interface BottleneckQuestion {
  clusterId: number;
  jobId: string;
  at: number;
  /** The tick shown (null: before the first tick). */
  ts: number | null;
  vertices: GraphVertex[];
  /** Busy (max over subtasks) per vertex id, where known. */
  busyMax: Map<string, number>;
  /** The job's downstream adjacency (see SessionCache). */
  downstream: Map<string, string[]>;
}

export function bottleneckAt(
  doc: AnalysisDocument | null,
  q: BottleneckQuestion,
): Pick<JobGraphResult, 'bottleneck' | 'ambiguity'> {
  if (q.ts === null) return { bottleneck: null, ambiguity: null };
  const { vertices } = q;
  const name = (id: string) => vertices.find((v) => v.vertexId === id)?.name ?? id;
  const inIncident = doc?.incidents?.find(
    (x) => x.clusterId === q.clusterId && x.jobId === q.jobId && x.start <= q.at && q.at <= x.end && x.bottleneck,
  );
  if (inIncident?.bottleneck) {
    const on = inIncident.vertices.map((v) => v.vertexName).join(' and ');
    return {
      bottleneck: {
        vertexId: inIncident.bottleneck.vertexId,
        reason: `${bottleneckBasis(inIncident.bottleneck)}, downstream of the ${inIncident.class} backpressure on ${on} (${formatDuration(inIncident.durationMs)})`,
      },
      ambiguity: null,
    };
  }
  const start = [...vertices]
    .sort((a, b) => a.topoIndex - b.topoIndex)
    .find((v) => v.level === 'LOW' || v.level === 'HIGH');
  if (!start) return { bottleneck: null, ambiguity: null };
  const stateOf = (id: string): VertexState | undefined => {
    const v = vertices.find((x) => x.vertexId === id);
    if (!v) return undefined;
    return { backpressured: v.level === null ? null : v.level !== 'OK', busy: q.busyMax.get(id) ?? NaN };
  };
  const walk = findBottleneck(q.downstream, stateOf, start.vertexId);
  if (walk.vertexId) {
    const basis = bottleneckBasis({ rule: walk.basis[walk.vertexId] ?? 'busy', subtasks: [], evidence: {} });
    return {
      bottleneck: {
        vertexId: walk.vertexId,
        reason: `${basis} and not backpressured, downstream of backpressured ${name(start.vertexId)}`,
      },
      ambiguity: null,
    };
  }
  const why: Record<string, string> = {
    'multiple-candidates': `several busy vertices downstream: ${walk.candidates.map(name).join(', ')}`,
    'missing-data': `no data for ${walk.missing.map(name).join(', ')}`,
    'no-busy-downstream': `vertices after the backpressure are not busy: ${walk.idle.map(name).join(', ')}`,
    'no-downstream': 'the backpressured vertices have no downstream vertex',
  };
  return { bottleneck: null, ambiguity: walk.ambiguity ? why[walk.ambiguity]! : null };
}
