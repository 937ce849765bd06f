// What a response builder may look at: the live model (for ExecutionGraph-backed endpoints),
// the metric store (for everything metric-shaped), and the cluster's configuration.

import type { EpochMs } from '../../../shared/time';
import type { SimClusterView, SimJob, SimVertex } from '../types';
import { notFound, RestError } from './errors';
import type { MetricStore } from './metric-store';
import type { VersionProfile } from './profile';

export interface MetricSource {
  update(): MetricStore;
  lastUpdateTime(): EpochMs | null;
}

export interface WireConfig {
  /** metrics.fetcher.update-interval */
  fetchIntervalMs: number;
  /** web.checkpoints.history */
  checkpointHistory: number;
  /** web.refresh-interval */
  refreshIntervalMs: number;
  /** web.exception-history-size */
  exceptionHistorySize: number;
}

export interface WireContext {
  profile: VersionProfile;
  view: SimClusterView;
  metrics: MetricSource;
  config: WireConfig;
}

const HEX32 = /^[0-9a-f]{32}$/;

/** Path ids are parsed before lookup: a malformed one is a 400, like Flink's parameter parsing. */
function checkId(kind: string, value: string): void {
  if (!HEX32.test(value)) {
    throw new RestError(
      400,
      `Bad request, could not parse parameters: Cannot resolve path parameter (${kind}) from value "${value}".`,
    );
  }
}

export function findJob(ctx: WireContext, jobId: string): SimJob {
  checkId('jobid', jobId);
  const job = ctx.view.jobs.find((j) => j.jobId === jobId);
  if (!job) throw notFound(`Job ${jobId} not found`);
  return job;
}

export function findVertex(ctx: WireContext, jobId: string, vertexId: string): { job: SimJob; vertex: SimVertex } {
  const job = findJob(ctx, jobId);
  checkId('vertexid', vertexId);
  const vertex = job.vertices.find((v) => v.id === vertexId);
  if (!vertex) throw notFound(`No vertex with ID '${vertexId}' exists.`);
  return { job, vertex };
}
