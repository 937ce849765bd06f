// What one job did in one session, read off its analysis document: incidents, checkpoints, GC
// per TaskManager and restarts. Nothing is recomputed from samples here.

import type { AnalysisDocument } from '../analysis/document';
import { causeWords } from '../analysis/explain';
import { timeCountedOnce } from '../analysis/incidents';
import type { JobInfo } from '../model';

export interface JobMeasures {
  cluster: string;
  durationMs: number;
  incidents: number;
  sustainedIncidents: number;
  backpressuredMs: number;
  /** Durations of the completed checkpoints (savepoints left out: they are asked for, not periodic). */
  checkpointMs: number[];
  checkpoints: number;
  failedCheckpoints: number;
  restarts: number;
  /** GC time in GC windows per TaskManager of the job's cluster, most first. */
  gc: { taskManager: string; gcTimeMs: number; msPerMinute: number }[];
  /** Vertex id → time it was a bottleneck, counted once. */
  bottlenecks: Map<string, number>;
  /** Vertex id → the cause of the best-ranked incident it was the bottleneck of, in the analysis' words. */
  causes: Map<string, string>;
  /** Vertices with an episode. */
  backpressured: Set<string>;
}

export function jobMeasures(doc: AnalysisDocument, job: JobInfo): JobMeasures {
  const ofJob = <T extends { clusterId: number; jobId: string }>(xs: readonly T[]): T[] =>
    xs.filter((x) => x.clusterId === job.clusterId && x.jobId === job.jobId);
  const durationMs = doc.session.end - doc.session.start;
  const episodes = ofJob(doc.episodes);
  const incidents = ofJob(doc.incidents);
  const checkpoints = ofJob(doc.windows.checkpoints).filter((c) => !c.isSavepoint);
  const perTm = new Map<string, number>();
  for (const w of doc.windows.gc) {
    if (w.clusterId === job.clusterId) perTm.set(w.taskManager, (perTm.get(w.taskManager) ?? 0) + w.gcTimeMs);
  }
  const minutes = durationMs / 60_000;
  const cluster = doc.session.clusters.find((c) => c.id === job.clusterId)?.url ?? `cluster ${job.clusterId}`;
  const bottlenecks = new Map<string, number>();
  for (const b of doc.summary.bottlenecks) {
    if (b.jobId === job.jobId && b.cluster === cluster) bottlenecks.set(b.vertexId, b.durationMs);
  }
  const causes = new Map<string, string>();
  for (const x of incidents) {
    if (x.bottleneck && !causes.has(x.bottleneck.vertexId)) causes.set(x.bottleneck.vertexId, causeWords(x));
  }
  return {
    cluster,
    durationMs,
    incidents: incidents.length,
    sustainedIncidents: incidents.filter((x) => x.class === 'sustained').length,
    backpressuredMs: timeCountedOnce(episodes),
    checkpointMs: checkpoints.filter((c) => c.status === 'COMPLETED').map((c) => c.end - c.start),
    checkpoints: checkpoints.length,
    failedCheckpoints: checkpoints.filter((c) => c.status === 'FAILED').length,
    restarts: ofJob(doc.windows.restarts).length,
    gc: [...perTm]
      .map(([taskManager, gcTimeMs]) => ({
        taskManager,
        gcTimeMs,
        msPerMinute: minutes > 0 ? gcTimeMs / minutes : NaN,
      }))
      .sort((x, y) => y.gcTimeMs - x.gcTimeMs || x.taskManager.localeCompare(y.taskManager)),
    bottlenecks,
    causes,
    backpressured: new Set(episodes.map((e) => e.vertexId)),
  };
}
