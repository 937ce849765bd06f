// One slice of the import's grid: read from the store into columns (each vertex's families in as
// few queries as the answer budget allows, so label sets are not repeated per small time chunk),
// then written tick by tick, each tick's frames built just before it is written.

import { gcWindowsFromSamples, type GcSample } from '../../../shared/analysis/gc';
import type { CheckpointEvent, ClusterId, JobEvent, TaskManagerFrame, VertexFrame } from '../../../shared/model';
import { durationMs, epochMs, type EpochMs } from '../../../shared/time';
import type { PrometheusClient } from '../../prometheus/client';
import { prometheusName, SCOPE } from '../../prometheus/flink-names';
import { pointsIn, type QueryRange, type RangeSeries } from '../../prometheus/range';
import type { SessionWriter } from '../../session/writer';
import type { TickBatch } from '../../session/types';
import { checkpointEvents, checkpointSelector, type CheckpointCarry } from './checkpoints';
import { VertexColumns } from './columns';
import type { DiscoveredJob } from './discover';
import { promqlString, taskManagerSelector, vertexSelector } from './families';
import { taskManagerFrames } from './frames';
import { withMatchers } from './selectors';

/**
 * Samples one answer aims at: few enough that the answers in flight (parsed JSON is ~100 bytes a
 * sample) stay small; 250,000 peaked at 511 MB importing 240 instants of `large`, this at 429 MB.
 */
const SAMPLES_PER_QUERY = 125_000;

export interface SliceVertex {
  jobId: string;
  vertexId: string;
  columns: VertexColumns;
}

interface SliceRead {
  vertices: SliceVertex[];
  taskManagers: TaskManagerFrame[];
  gcSamples: GcSample[];
  restarts: Array<{ jobId: string; ts: EpochMs; numRestarts: number }>;
  /** The jobs' JobManager checkpoint families over the slice. */
  checkpointSeries: RangeSeries[];
}

/** The import's state carried from slice to slice. */
export interface Carry {
  lastGc: Map<string, GcSample>;
  lastRestarts: Map<string, number>;
  /** Per vertex, its columns' placement written last. */
  placements: Map<string, string>;
  /** Per job, the checkpoint counters last read. */
  checkpoints: CheckpointCarry;
}

/** `families` split into groups whose answers over the slice hold about `SAMPLES_PER_QUERY` samples. */
function familyGroups(families: readonly string[], parallelism: number, points: number): string[][] {
  const per = Math.max(1, Math.floor(SAMPLES_PER_QUERY / Math.max(1, parallelism * points)));
  const groups: string[][] = [];
  for (let k = 0; k < families.length; k += per) groups.push(families.slice(k, k + per));
  return groups;
}

export async function readSlice(
  client: PrometheusClient,
  clusterId: ClusterId,
  jobs: readonly DiscoveredJob[],
  families: readonly string[],
  slice: QueryRange,
  matchers: string,
  jobIds: string,
  /** Told the share of the slice's vertex queries answered so far (0..1]. */
  onRead?: (fraction: number) => void,
): Promise<SliceRead> {
  const vertices = jobs.flatMap((job) =>
    job.vertices.map((v) => ({
      jobId: job.jobId,
      vertexId: v.vertexId,
      parallelism: v.parallelism,
      columns: new VertexColumns(slice, v.parallelism),
    })),
  );
  const reads = vertices.flatMap((v) =>
    familyGroups(families, v.parallelism, pointsIn(slice)).map((group) =>
      client.queryRangeInto(withMatchers(vertexSelector(v.jobId, v.vertexId, group), matchers), slice, v.columns.sink, {
        expectedSeries: v.parallelism * group.length,
        samplesPerAnswer: SAMPLES_PER_QUERY,
      }),
    ),
  );
  let answered = 0;
  for (const r of reads) void r.then(() => onRead?.(++answered / reads.length)).catch(() => {});
  const restartFamily = prometheusName(SCOPE.jobManagerJob, 'numRestarts');
  const [, tmSeries, restartSeries, checkpointSeries] = await Promise.all([
    Promise.all(reads),
    client.queryRange(withMatchers(taskManagerSelector(), matchers), slice, { expectedSeries: 64 }),
    client.queryRange(withMatchers(`${restartFamily}{job_id=~${promqlString(jobIds)}}`, matchers), slice, {
      expectedSeries: jobs.length,
    }),
    client.queryRange(withMatchers(checkpointSelector(jobIds), matchers), slice, { expectedSeries: 9 * jobs.length }),
  ]);
  const tms = taskManagerFrames(clusterId, tmSeries, slice);
  const restarts = restartSeries.flatMap((s) =>
    s.timestamps.map((t, i) => ({ jobId: s.labels.job_id ?? '', ts: epochMs(t), numRestarts: s.values[i]! })),
  );
  return { vertices, taskManagers: tms.frames, gcSamples: tms.gcSamples, restarts, checkpointSeries };
}

const listAt = <T>(m: Map<number, T[]>, ts: number): T[] => {
  let l = m.get(ts);
  if (!l) m.set(ts, (l = []));
  return l;
};

/** One tick per instant that has any value; GC windows and restarts go with the tick where they end. */
export function writeSlice(
  writer: SessionWriter,
  clusterId: ClusterId,
  slice: QueryRange,
  read: SliceRead,
  carry: Carry,
): number {
  const tmAt = new Map<number, TaskManagerFrame[]>();
  for (const f of read.taskManagers) listAt(tmAt, f.ts).push(f);
  const gcKey = (s: GcSample) => `${s.taskManagerId}\u0000${s.collector ?? ''}`;
  const previous = read.gcSamples.map((s) => carry.lastGc.get(gcKey(s))).filter((s): s is GcSample => !!s);
  const gcAt = new Map<number, ReturnType<typeof gcWindowsFromSamples>>();
  for (const w of gcWindowsFromSamples([...new Set(previous), ...read.gcSamples])) listAt(gcAt, w.end).push(w);
  for (const s of [...read.gcSamples].sort((a, b) => a.ts - b.ts))
    if (Number.isFinite(s.timeMs)) carry.lastGc.set(gcKey(s), s);
  const eventsAt = new Map<number, JobEvent[]>();
  for (const r of [...read.restarts].sort((a, b) => a.ts - b.ts)) {
    const before = carry.lastRestarts.get(r.jobId);
    carry.lastRestarts.set(r.jobId, r.numRestarts);
    if (before !== undefined && r.numRestarts > before)
      listAt(eventsAt, r.ts).push({ kind: 'restart', clusterId, jobId: r.jobId, ts: r.ts, numRestarts: r.numRestarts });
  }
  const checkpointsAt = new Map<number, CheckpointEvent[]>();
  for (const c of checkpointEvents(clusterId, read.checkpointSeries, carry.checkpoints)) {
    // A checkpoint goes with the tick of the instant it was seen (its end may lie before it, 2.0+).
    const seen = slice.start + Math.ceil((c.endTs - slice.start) / slice.stepMs) * slice.stepMs;
    listAt(checkpointsAt, Math.min(seen, slice.end)).push(c);
  }
  for (const v of read.vertices) v.columns.lastPlacement = carry.placements.get(`${v.jobId}/${v.vertexId}`) ?? '';
  let ticks = 0;
  for (let i = 0; i < pointsIn(slice); i++) {
    const ts = epochMs(slice.start + i * slice.stepMs);
    const vertexFrames: VertexFrame[] = [];
    for (const v of read.vertices) {
      const f = v.columns.frameAt(i, clusterId, v.jobId, v.vertexId);
      if (f) vertexFrames.push(f);
    }
    const tmFrames = tmAt.get(ts) ?? [];
    if (vertexFrames.length === 0 && tmFrames.length === 0) continue;
    const batch: TickBatch = {
      tick: {
        clusterId,
        ts,
        status: 'ok',
        latencyMs: durationMs(0),
        serverTs: ts,
        fresh: true,
        requests: 0,
        error: null,
      },
      vertexFrames,
      taskManagerFrames: tmFrames,
      gcWindows: gcAt.get(ts) ?? [],
      events: eventsAt.get(ts) ?? [],
      checkpoints: checkpointsAt.get(ts) ?? [],
    };
    writer.writeTick(batch);
    ticks++;
  }
  for (const v of read.vertices) carry.placements.set(`${v.jobId}/${v.vertexId}`, v.columns.lastPlacement);
  return ticks;
}
