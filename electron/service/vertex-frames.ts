// What the per-vertex queries (job graph, vertex detail, subtask values) share: finding the
// vertex, which metrics to decode, how far back to read so the first sample can be differenced,
// and what makes the time between two samples a real gap.

import { ApiNotFoundError } from '../../shared/api';
import { GAP_FACTOR } from '../../shared/analysis/thresholds';
import { BUFFER_USAGES, RECORD_RATES, type SubtaskMetric, type VertexFrame, type VertexInfo } from '../../shared/model';
import { epochMs } from '../../shared/time';
import type { FrameMemory } from '../session/frame-codec';
import type { SessionReader } from '../session/reader';
import { RECORD_COUNTERS } from './gauge-fallback';
import { anyBetween, jobRunningAt } from './held';
import type { Meta } from './session-cache';

/** What a level series needs (counters, gauges and fallbacks of the ratio) and the charts add. */
const RATIO_METRICS: readonly SubtaskMetric[] = [
  'accumulateBackPressuredTimeMs',
  'accumulateBusyTimeMs',
  'accumulateIdleTimeMs',
  'backPressuredTimeMsPerSecond',
  'busyTimeMsPerSecond',
  'idleTimeMsPerSecond',
  'backPressureRatio',
  'isBackPressured',
  'outPoolUsage',
];
export const GAUGES = [...BUFFER_USAGES, ...RECORD_RATES] as const;
export const DETAIL_METRICS: readonly SubtaskMetric[] = [...new Set<SubtaskMetric>([...RATIO_METRICS, ...GAUGES])];
/** The subtask table also differences the record counters (record rates are never fetched per subtask). */
export const VALUES_METRICS: readonly SubtaskMetric[] = [...DETAIL_METRICS, ...RECORD_COUNTERS];

export function vertexOf(meta: Meta, clusterId: number, jobId: string, vertexId: string): VertexInfo {
  const v = meta.vertices.find((x) => x.clusterId === clusterId && x.jobId === jobId && x.vertexId === vertexId);
  if (!v) throw new ApiNotFoundError(`no vertex ${vertexId} in job ${jobId} of cluster ${clusterId} in this session`);
  return v;
}

/** The cluster's poll interval (ms), 10 s when unknown. */
export const intervalOf = (meta: Meta, clusterId: number): number => meta.intervalMs.get(clusterId) ?? 10_000;

/** The longest a sample is held across repeated ticks: GAP_FACTOR fetch intervals. */
export function holdMs(meta: Meta, clusterId: number): number {
  const c = meta.clusters.find((x) => x.id === clusterId);
  return GAP_FACTOR * Math.max(intervalOf(meta, clusterId), c?.fetchIntervalMs ?? 0);
}

/**
 * Frames of one vertex in [from, to] plus lead-in so the first sample can be differenced; their
 * values in `memory` when given (until its next reset).
 */
export function framesAround(
  reader: SessionReader,
  meta: Meta,
  v: VertexInfo,
  from: number,
  to: number,
  metrics: readonly SubtaskMetric[],
  memory?: FrameMemory,
): VertexFrame[] {
  // Far enough back for the first sample in range to have one to difference against, across repeated ticks.
  const lead = holdMs(meta, v.clusterId) + intervalOf(meta, v.clusterId);
  return reader.vertexFrames(
    v.clusterId,
    v.jobId,
    v.vertexId,
    { from: epochMs(Math.max(0, from - lead)), to: epochMs(to) },
    metrics,
    memory,
  );
}

export const ticksBetween = (meta: Meta, clusterId: number, from: number, to: number) =>
  meta.ticks.filter((t) => t.clusterId === clusterId && t.ts >= from && t.ts <= to);

/**
 * What makes the time between a sample and a later tick a real gap rather than ticks that
 * repeated the JobManager's last answer: a failed poll, or the job not running.
 */
export function gapBetween(meta: Meta, clusterId: number, jobId: string, sampleTs: number, ts: number): string | null {
  if (anyBetween(meta.errorTicks.get(clusterId) ?? [], sampleTs, ts)) return 'error-tick';
  if (!jobRunningAt(meta.events, clusterId, jobId, ts)) return 'job-not-running';
  return null;
}
