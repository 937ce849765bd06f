// `backflow import prometheus`: a window of a Prometheus-compatible store turned into an ordinary
// session file, written through the same SessionWriter as a REST recording so every reader stays
// unaware of the source. The window is read in time slices small enough to hold in memory, each
// slice vertex by vertex (the transport bounds the requests in flight); on any failure the
// half-written file is removed.

import { rmSync } from 'node:fs';
import { gcWindowsFromSamples, type GcSample } from '../../../shared/analysis/gc';
import type { ClusterId, JobEvent, TaskManagerFrame, VertexFrame } from '../../../shared/model';
import { durationMs, epochMs, type EpochMs } from '../../../shared/time';
import { PrometheusClient, type PrometheusConnectionOptions } from '../../prometheus/client';
import { prometheusName, SCOPE } from '../../prometheus/flink-names';
import { pointsIn, type QueryRange } from '../../prometheus/range';
import { SessionWriter } from '../../session/writer';
import type { TickBatch } from '../../session/types';
import { discoverJobs, PROBE_FAMILY, selectJobs, type DiscoveredJob } from './discover';
import { promqlString, TASK_FAMILIES, TASK_FAMILY_PATTERN, taskManagerSelector, vertexSelector } from './families';
import { taskManagerFrames, vertexFrames } from './frames';
import { releaseFromTaskMetrics, type ReleaseBounds } from './release';
import { matchersOf, withMatchers } from './selectors';
import { detectScrapeInterval } from './step';

export interface PrometheusImportOptions {
  connection: PrometheusConnectionOptions;
  out: string;
  from: EpochMs;
  to: EpochMs;
  /** Job ids or names; all jobs in the window when empty. */
  jobs?: readonly string[];
  /** Label matchers added to every query (`{cluster="prod"}`). */
  match?: string;
  /** The step asked for; the store's scrape interval when absent. */
  stepMs?: number;
  appVersion: string;
  hostName?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface PrometheusImportResult {
  jobs: DiscoveredJob[];
  stepMs: number;
  /** The Flink release line the task metrics point to (the session's version when pinned down). */
  release: ReleaseBounds;
  ticks: number;
  queries: number;
}

/** Values held per slice at most (subtask values × instants), so memory does not grow with the window. */
const VALUES_PER_SLICE = 2_000_000;
/** Canonical metrics a frame can hold (an upper bound for the slice size). */
const METRICS_PER_FRAME = 26;

interface SliceOutput {
  frames: VertexFrame[];
  taskManagers: TaskManagerFrame[];
  gcSamples: GcSample[];
  restarts: Array<{ jobId: string; ts: EpochMs; numRestarts: number }>;
}

export async function importPrometheus(opts: PrometheusImportOptions): Promise<PrometheusImportResult> {
  if (!(opts.to > opts.from)) throw new Error('--to must be after --from');
  const client = new PrometheusClient(opts.connection);
  try {
    const matchers = matchersOf(opts.match);
    const window = { start: opts.from, end: opts.to };
    const all = await discoverJobs(client, window, matchers);
    if (all.length === 0) {
      throw new Error(
        `no Flink task metrics (${PROBE_FAMILY}) in ${client.redactedUrl} between the given times${matchers ? ` for {${matchers}}` : ''}`,
      );
    }
    const jobs = selectJobs(all, opts.jobs ?? []);
    const stepMs = opts.stepMs ?? (await probeStep(client, jobs[0]!, window, matchers));
    const release = await probeRelease(client, jobs, window, matchers);
    const ticks = await write(opts, client, jobs, { start: opts.from, end: opts.to, stepMs }, release, matchers);
    return { jobs, stepMs, release, ticks, queries: client.stats.requests };
  } finally {
    client.close();
  }
}

/** A regular expression matching exactly the jobs' ids. */
function jobIdPattern(jobs: readonly DiscoveredJob[]): string {
  return jobs.map((j) => j.jobId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
}

async function probeStep(
  client: PrometheusClient,
  job: DiscoveredJob,
  window: { start: number; end: number },
  matchers: string,
): Promise<number> {
  const v = job.vertices[0]!;
  const one = withMatchers(
    `${PROBE_FAMILY}{job_id=${promqlString(job.jobId)},task_id=${promqlString(v.vertexId)},subtask_index="0"}`,
    matchers,
  );
  const step = await detectScrapeInterval(client, one, window);
  if (step === null) throw new Error('cannot tell the scrape interval from the stored samples; give --step');
  return step;
}

/** The families the chosen jobs' tasks report, read as the Flink release that has them. */
async function probeRelease(
  client: PrometheusClient,
  jobs: DiscoveredJob[],
  window: { start: number; end: number },
  matchers: string,
): Promise<ReleaseBounds> {
  const names = await client.labelValues('__name__', window, [
    withMatchers(
      `{__name__=~${promqlString(TASK_FAMILY_PATTERN)},job_id=~${promqlString(jobIdPattern(jobs))}}`,
      matchers,
    ),
  ]);
  return releaseFromTaskMetrics(
    new Set(names.map((n) => TASK_FAMILIES.get(n)).filter((id): id is string => id !== undefined)),
  );
}

async function write(
  opts: PrometheusImportOptions,
  client: PrometheusClient,
  jobs: DiscoveredJob[],
  grid: QueryRange,
  release: ReleaseBounds,
  matchers: string,
): Promise<number> {
  const writer = SessionWriter.create(opts.out, { appVersion: opts.appVersion, hostName: opts.hostName });
  try {
    const clusterId = writer.addCluster({
      url: client.redactedUrl,
      flinkVersion: release.release,
      fetchIntervalMs: null,
      pollIntervalMs: grid.stepMs,
    });
    for (const job of jobs) {
      writer.upsertJob({ clusterId, jobId: job.jobId, name: job.name }, epochMs(grid.start));
      // The store has no job graph: vertices keep the order they were found in, without edges.
      writer.upsertVertices(
        epochMs(grid.start),
        job.vertices.map((v, topoIndex) => ({
          clusterId,
          jobId: job.jobId,
          vertexId: v.vertexId,
          name: v.name,
          parallelism: v.parallelism,
          maxParallelism: null,
          topoIndex,
        })),
      );
    }
    const subtasks = jobs.reduce((n, j) => n + j.vertices.reduce((m, v) => m + v.parallelism, 0), 0);
    const slicePoints = Math.max(1, Math.floor(VALUES_PER_SLICE / (subtasks * METRICS_PER_FRAME)));
    const total = pointsIn(grid);
    const lastGc = new Map<string, GcSample>();
    const lastRestarts = new Map<string, number>();
    let ticks = 0;
    for (let first = 0; first < total; first += slicePoints) {
      const slice = {
        start: grid.start + first * grid.stepMs,
        end: grid.start + (Math.min(total, first + slicePoints) - 1) * grid.stepMs,
        stepMs: grid.stepMs,
      };
      const out = await readSlice(client, clusterId, jobs, slice, matchers);
      ticks += writeSlice(writer, clusterId, out, lastGc, lastRestarts);
      opts.onProgress?.(Math.min(total, first + slicePoints), total);
    }
    writer.close();
    return ticks;
  } catch (e) {
    writer.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${opts.out}${suffix}`, { force: true });
    throw e;
  }
}

async function readSlice(
  client: PrometheusClient,
  clusterId: ClusterId,
  jobs: DiscoveredJob[],
  slice: QueryRange,
  matchers: string,
): Promise<SliceOutput> {
  const vertexReads = jobs.flatMap((job) =>
    job.vertices.map(async (v) => {
      const series = await client.queryRange(withMatchers(vertexSelector(job.jobId, v.vertexId), matchers), slice, {
        expectedSeries: v.parallelism * METRICS_PER_FRAME,
      });
      return vertexFrames(clusterId, job.jobId, v.vertexId, series, slice)?.frames ?? [];
    }),
  );
  const restartFamily = prometheusName(SCOPE.jobManagerJob, 'numRestarts');
  const jobIds = jobIdPattern(jobs);
  const [vertexFrameLists, tmSeries, restartSeries] = await Promise.all([
    Promise.all(vertexReads),
    client.queryRange(withMatchers(taskManagerSelector(), matchers), slice, { expectedSeries: 64 }),
    client.queryRange(withMatchers(`${restartFamily}{job_id=~${promqlString(jobIds)}}`, matchers), slice, {
      expectedSeries: jobs.length,
    }),
  ]);
  const tms = taskManagerFrames(clusterId, tmSeries, slice);
  const restarts = restartSeries.flatMap((s) =>
    s.timestamps.map((t, i) => ({ jobId: s.labels.job_id ?? '', ts: epochMs(t), numRestarts: s.values[i]! })),
  );
  return { frames: vertexFrameLists.flat(), taskManagers: tms.frames, gcSamples: tms.gcSamples, restarts };
}

/** One tick per instant that has any value; GC windows and restarts go with the tick where they end. */
function writeSlice(
  writer: SessionWriter,
  clusterId: ClusterId,
  out: SliceOutput,
  lastGc: Map<string, GcSample>,
  lastRestarts: Map<string, number>,
): number {
  const batches = new Map<number, TickBatch>();
  const batchAt = (ts: EpochMs): TickBatch => {
    const known = batches.get(ts);
    if (known) return known;
    const b: TickBatch = {
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
      vertexFrames: [],
      taskManagerFrames: [],
      gcWindows: [],
      events: [],
    };
    batches.set(ts, b);
    return b;
  };
  for (const f of out.frames) batchAt(f.ts).vertexFrames!.push(f);
  for (const f of out.taskManagers) batchAt(f.ts).taskManagerFrames!.push(f);
  const gcKey = (s: GcSample) => `${s.taskManagerId}\u0000${s.collector ?? ''}`;
  const previous = out.gcSamples.map((s) => lastGc.get(gcKey(s))).filter((s): s is GcSample => s !== undefined);
  for (const w of gcWindowsFromSamples([...new Set(previous), ...out.gcSamples]))
    if (batches.has(w.end)) batchAt(w.end).gcWindows!.push(w);
  for (const s of [...out.gcSamples].sort((a, b) => a.ts - b.ts))
    if (Number.isFinite(s.timeMs)) lastGc.set(gcKey(s), s);
  for (const r of [...out.restarts].sort((a, b) => a.ts - b.ts)) {
    const before = lastRestarts.get(r.jobId);
    lastRestarts.set(r.jobId, r.numRestarts);
    if (before !== undefined && r.numRestarts > before && batches.has(r.ts)) {
      const event: JobEvent = { kind: 'restart', clusterId, jobId: r.jobId, ts: r.ts, numRestarts: r.numRestarts };
      batchAt(r.ts).events!.push(event);
    }
  }
  const ordered = [...batches.values()].sort((a, b) => a.tick.ts - b.tick.ts);
  for (const b of ordered) writer.writeTick(b);
  return ordered.length;
}
