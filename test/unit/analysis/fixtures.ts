// Hand-built session data for the analysis tests: plain values, no recorder involved.

import type { AnalysisInput } from '../../../shared/analysis/input';
import type { ClusterInfo, EdgeInfo, SubtaskMetric, TickInfo, VertexFrame, VertexInfo } from '../../../shared/model';
import { durationMs, epochMs } from '../../../shared/time';

export const T0 = 1_700_000_000_000;
export const JOB = 'job-1';
export const STEP = 10_000;

export function cluster(flinkVersion: string | null = '1.20.1', id = 1): ClusterInfo {
  return { id, url: `http://jm-${id}:8081`, flinkVersion, fetchIntervalMs: 10_000, pollIntervalMs: 10_000 };
}

export function vertex(vertexId: string, parallelism: number, topoIndex = 0, name = vertexId): VertexInfo {
  return { clusterId: 1, jobId: JOB, vertexId, name, parallelism, maxParallelism: null, topoIndex };
}

export function edge(source: string, target: string): EdgeInfo {
  return { clusterId: 1, jobId: JOB, source, target, shipStrategy: 'HASH' };
}

export function tick(ts: number, over: Partial<TickInfo> = {}): TickInfo {
  return {
    clusterId: 1,
    ts: epochMs(ts),
    status: 'ok',
    latencyMs: durationMs(50),
    serverTs: epochMs(ts),
    fresh: true,
    requests: 1,
    error: null,
    ...over,
  };
}

export function frame(
  vertexId: string,
  ts: number,
  metrics: Partial<Record<SubtaskMetric, number[]>>,
  taskManagers?: string[],
): VertexFrame {
  const subtasks: Partial<Record<SubtaskMetric, Float64Array>> = {};
  let parallelism = 0;
  for (const [k, v] of Object.entries(metrics)) {
    subtasks[k as SubtaskMetric] = Float64Array.from(v);
    parallelism = v.length;
  }
  const f: VertexFrame = { clusterId: 1, jobId: JOB, vertexId, ts: epochMs(ts), parallelism, subtasks };
  if (taskManagers) f.taskManagers = taskManagers;
  return f;
}

export interface ChainSpec {
  /** Backpressured fraction per interval (rows) per subtask (columns). */
  bp: number[][];
  /** Busy fraction per interval per subtask; defaults to 1 − bp (saturated). */
  busy?: number[][];
  /** Extra per-frame metrics (same row index as the interval). */
  extra?: (row: number, subtasks: number) => Partial<Record<SubtaskMetric, number[]>>;
  taskManagers?: string[];
  start?: number;
  step?: number;
}

/**
 * Frames with monotonic accumulate counters: frame 0 is the baseline (counters only), frame k
 * ends interval k−1. Ratios come out exact from differencing.
 */
export function chain(vertexId: string, spec: ChainSpec): VertexFrame[] {
  const step = spec.step ?? STEP;
  const start = spec.start ?? T0;
  const p = spec.bp[0]?.length ?? 1;
  const acc = {
    bp: new Array<number>(p).fill(0),
    busy: new Array<number>(p).fill(0),
    idle: new Array<number>(p).fill(0),
  };
  const frames: VertexFrame[] = [
    frame(
      vertexId,
      start,
      {
        accumulateBackPressuredTimeMs: acc.bp.slice(),
        accumulateBusyTimeMs: acc.busy.slice(),
        accumulateIdleTimeMs: acc.idle.slice(),
      },
      spec.taskManagers,
    ),
  ];
  spec.bp.forEach((row, k) => {
    for (let i = 0; i < p; i++) {
      const bp = row[i]!;
      const busy = spec.busy?.[k]?.[i] ?? 1 - bp;
      acc.bp[i]! += bp * step;
      acc.busy[i]! += busy * step;
      acc.idle[i]! += Math.max(0, 1 - bp - busy) * step;
    }
    frames.push(
      frame(vertexId, start + (k + 1) * step, {
        accumulateBackPressuredTimeMs: acc.bp.slice(),
        accumulateBusyTimeMs: acc.busy.slice(),
        accumulateIdleTimeMs: acc.idle.slice(),
        ...(spec.extra?.(k, p) ?? {}),
      }),
    );
  });
  return frames;
}

/** A column of `n` identical rows. */
export const rows = (n: number, row: number[]): number[][] => Array.from({ length: n }, () => row.slice());

export function session(parts: Partial<AnalysisInput> = {}): AnalysisInput {
  return {
    clusters: [cluster()],
    jobs: [{ clusterId: 1, jobId: JOB, name: 'orders' }],
    vertices: [],
    edges: [],
    ticks: [],
    frames: [],
    placements: [],
    taskManagerFrames: [],
    checkpoints: [],
    gcWindows: [],
    events: [],
    ...parts,
  };
}

/** Frames carrying only the backPressuredTimeMsPerSecond/busy gauges, one per row, from `start`. */
export function gauges(
  vertexId: string,
  bp: number[][],
  busy?: number[][],
  start = T0 + STEP,
  step = STEP,
): VertexFrame[] {
  return bp.map((row, k) =>
    frame(vertexId, start + k * step, {
      backPressuredTimeMsPerSecond: row.map((r) => r * 1000),
      busyTimeMsPerSecond: row.map((r, i) => (busy?.[k]?.[i] ?? 1 - r) * 1000),
    }),
  );
}

/** Rows built from a per-row level: 'H' → 0.9, 'L' → 0.3, '.' → 0, for `p` subtasks. */
export function pattern(s: string, p = 1): number[][] {
  return [...s].map((c) => new Array<number>(p).fill(c === 'H' ? 0.9 : c === 'L' ? 0.3 : 0));
}
