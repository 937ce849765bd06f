// Detects what changed in a job between two polls: state transitions, restarts (numRestarts went
// up), rescales (a vertex's parallelism changed) and plan changes (the vertex or edge set changed).
// Pure: the poller feeds it what /jobs/:jid and /jobs/:jid/metrics returned.
import type { ClusterId, EdgeInfo, JobEvent } from '../../shared/model';
import type { EpochMs } from '../../shared/time';

export interface JobSnapshot {
  state: string;
  numRestarts: number | null;
  /** vertexId → parallelism. */
  parallelism: ReadonlyMap<string, number>;
  edges: readonly Pick<EdgeInfo, 'source' | 'target' | 'shipStrategy'>[];
}

export interface JobTrackerState {
  last: JobSnapshot | null;
}

const edgeKey = (edges: JobSnapshot['edges']): string =>
  edges
    .map((e) => `${e.source}>${e.target}:${e.shipStrategy}`)
    .sort()
    .join(',');

export function trackJob(
  state: JobTrackerState,
  clusterId: ClusterId,
  jobId: string,
  now: JobSnapshot,
  ts: EpochMs,
): JobEvent[] {
  const prev = state.last;
  state.last = now;
  const events: JobEvent[] = [];
  if (!prev) {
    events.push({ kind: 'state', clusterId, jobId, ts, from: null, to: now.state });
    return events;
  }
  if (prev.state !== now.state) events.push({ kind: 'state', clusterId, jobId, ts, from: prev.state, to: now.state });
  if (now.numRestarts !== null && prev.numRestarts !== null && now.numRestarts > prev.numRestarts) {
    events.push({ kind: 'restart', clusterId, jobId, ts, numRestarts: now.numRestarts });
  }
  const sameVertices =
    prev.parallelism.size === now.parallelism.size && [...now.parallelism.keys()].every((v) => prev.parallelism.has(v));
  if (!sameVertices || edgeKey(prev.edges) !== edgeKey(now.edges)) {
    events.push({ kind: 'plan-change', clusterId, jobId, ts });
  }
  for (const [vertexId, p] of now.parallelism) {
    const before = prev.parallelism.get(vertexId);
    if (before !== undefined && before !== p) {
      events.push({ kind: 'rescale', clusterId, jobId, ts, vertexId, from: before, to: p });
    }
  }
  return events;
}
