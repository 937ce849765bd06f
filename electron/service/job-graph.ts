// The job graph at an instant: each vertex's level and busy share at the tick shown, as the
// analysis measured it up to where it has run and from Flink's own gauges after that (before any
// analysis, and for ticks newer than it), plus the bottleneck. Kept per tick and analysis run:
// a cursor drag asks for the same tick many times.

import { ApiNotFoundError, type GraphVertex, type JobGraphResult } from '../../shared/api';
import { busySpread, GAP_REASONS, LEVELS, levelCode } from '../../shared/analysis';
import type { SubtaskMetric, VertexInfo } from '../../shared/model';
import { finiteOrNull } from '../../shared/finite';
import { jobKey, vertexKey } from '../../shared/keys';
import { epochMs } from '../../shared/time';
import { lastAtOrBefore } from '../../shared/sorted';
import type { AnalysedLane } from './analysis-runner';
import { bottleneckAt } from './bottleneck-at';
import { sampleForTick } from './held';
import type { SessionAnalysis } from './session-analysis';
import type { Meta } from './session-cache';
import type { SessionState } from './session-state';
import { TickMemo } from './tick-memo';
import { gapBetween } from './vertex-frames';

export type GraphSource = Pick<SessionState, 'reader' | 'meta' | 'laneTrack'> & {
  analysis: Pick<SessionAnalysis, 'peek' | 'tag' | 'lanes'>;
};
type GraphAsk = { clusterId: number; jobId: string; at: number };
type GraphState = { vertices: GraphVertex[]; edges: JobGraphResult['edges']; busyMax: Map<string, number> };

const noValues = {
  level: null,
  busy: null,
  backPressure: null,
  busyMax: null,
  busiestSubtask: null,
  busySubtasks: 0,
  reportingSubtasks: 0,
  busySpread: null,
  backpressuredSubtasks: 0,
} as const;

export function jobGraphQuery(s: GraphSource): (p: GraphAsk) => JobGraphResult {
  const graphAtTick = new TickMemo<GraphState>();

  /** One tick's max and mean of a metric over subtasks, from the per-tick summaries. */
  const atTick = (v: VertexInfo, metric: SubtaskMetric, ts: number) => {
    const b = s.reader.vertexRollup(
      v.clusterId,
      v.jobId,
      v.vertexId,
      metric,
      { from: epochMs(ts), to: epochMs(ts) },
      1,
    )[0];
    return b && b.ticks > 0 ? { max: b.max, mean: b.mean } : null;
  };

  /** A vertex at tick `ts` from the per-tick summaries (Flink's gauges). */
  const fromRollup = (meta: Meta, v: VertexInfo, ts: number | null): GraphVertex => {
    // Only this very tick counts: an older sample would show a stale level.
    const track = s.laneTrack(meta, v);
    const i = ts === null ? -1 : lastAtOrBefore(track.ts, ts);
    const ratio = i >= 0 && track.ts[i] === ts ? track.ratio[i]! : NaN;
    // The first tick of a cluster has no baseline: a task that has just started reads busy 1000 ms/s.
    const ticks = meta.clusterTicks.get(v.clusterId) ?? new Float64Array(0);
    const k = ts === null ? -1 : lastAtOrBefore(ticks, ts);
    const baseline = k > 0 && gapBetween(meta, v.clusterId, v.jobId, ticks[k - 1]!, ts!) === null;
    const busy = ts === null || !baseline ? null : atTick(v, 'busyTimeMsPerSecond', ts);
    const code = levelCode(ratio);
    const busyMax = busy && Number.isFinite(busy.max) ? busy.max / 1000 : null;
    return {
      ...v,
      ...noValues,
      level: code >= 0 ? LEVELS[code]! : null,
      busy: busy && Number.isFinite(busy.mean) ? busy.mean / 1000 : null,
      backPressure: finiteOrNull(ratio),
      busyMax,
      repeated: false,
      sampleTs: ts,
      gap: ts === null ? null : !baseline ? 'no-baseline' : code < 0 ? 'no-data' : null,
    };
  };

  /** The job's vertices with their level and busy share at tick `ts` (null: before the first tick). */
  const graphState = (meta: Meta, p: GraphAsk, ts: number | null): GraphState => {
    const asOf = epochMs(ts ?? p.at);
    const vertices = s.reader.vertices(asOf).filter((v) => v.clusterId === p.clusterId && v.jobId === p.jobId);
    const edges = s.reader.edgesAt(asOf).filter((e) => e.clusterId === p.clusterId && e.jobId === p.jobId);
    const analysedTo = s.analysis.peek()?.doc.session.end ?? -Infinity;
    const lanes = s.analysis.lanes();
    const busyMax = new Map<string, number>();
    const out: GraphVertex[] = vertices.map((v) => {
      const lane = lanes?.get(vertexKey(v.clusterId, v.jobId, v.vertexId));
      const g =
        ts !== null && lane && lane.ts.length > 0 && ts <= analysedTo
          ? fromLane(meta, v, lane, ts)
          : fromRollup(meta, v, ts);
      if (g.busyMax !== null) busyMax.set(v.vertexId, g.busyMax);
      return g;
    });
    return { vertices: out, edges, busyMax };
  };

  return (p) => {
    const meta = s.meta();
    const job = meta.jobs.find((j) => j.clusterId === p.clusterId && j.jobId === p.jobId);
    if (!job) throw new ApiNotFoundError(`no job ${p.jobId} on cluster ${p.clusterId} in this session`);
    const ticks = meta.clusterTicks.get(p.clusterId) ?? new Float64Array(0);
    const k = lastAtOrBefore(ticks, p.at);
    const ts = k >= 0 ? ticks[k]! : null;
    const { vertices, edges, busyMax } =
      ts === null
        ? graphState(meta, p, null)
        : graphAtTick.get(meta, `${s.analysis.tag()}/${jobKey(p.clusterId, p.jobId)}/${ts}`, () =>
            graphState(meta, p, ts),
          );
    const downstream = meta.downstream.get(jobKey(p.clusterId, p.jobId)) ?? new Map();
    const bottleneck = bottleneckAt(s.analysis.peek()?.doc ?? null, { ...p, ts, vertices, busyMax, downstream });
    return { clusterId: p.clusterId, jobId: p.jobId, jobName: job.name, ts, vertices, edges, ...bottleneck };
  };
}

/** A vertex at tick `ts` as the analysis measured it: the sample at the tick, or the last one held across repeated ticks. */
function fromLane(meta: Meta, v: VertexInfo, lane: AnalysedLane, ts: number): GraphVertex {
  const hit = sampleForTick(lane.ts, ts, {
    intervalMs: lane.intervalMs,
    realGapBetween: (a, b) => gapBetween(meta, v.clusterId, v.jobId, a, b) !== null,
  });
  if (!hit) {
    const i = lastAtOrBefore(lane.ts, ts);
    const why = i >= 0 ? gapBetween(meta, v.clusterId, v.jobId, lane.ts[i]!, ts) : null;
    return { ...v, ...noValues, repeated: false, sampleTs: null, gap: why ?? 'no-data' };
  }
  const k = hit.index;
  const base = { repeated: hit.repeated, sampleTs: lane.ts[k]! };
  if (lane.level[k]! < 0) return { ...v, ...noValues, ...base, gap: GAP_REASONS[lane.gapReason[k]!] || 'no-data' };
  const hot = lane.busyHot[k]!;
  const valid = lane.busyValid[k]!;
  return {
    ...v,
    ...base,
    level: LEVELS[lane.level[k]!]!,
    busy: finiteOrNull(lane.busyMean[k]!),
    backPressure: finiteOrNull(lane.ratio[k]!),
    busyMax: finiteOrNull(lane.busyMax[k]!),
    busiestSubtask: lane.busyArg[k]! >= 0 ? lane.busyArg[k]! : null,
    busySubtasks: hot,
    reportingSubtasks: valid,
    busySpread: busySpread(hot, valid),
    backpressuredSubtasks: lane.affected[k]!,
    gap: null,
  };
}
