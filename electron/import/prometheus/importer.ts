// `backflow import prometheus`: a window of a Prometheus-compatible store turned into an ordinary
// session file, written through the same SessionWriter as a REST recording so every reader stays
// unaware of the source. The window is read in time slices whose values fit in typed columns of
// bounded size (slice.ts; the transport bounds the requests in flight); on any failure the
// half-written file is removed.

import { rmSync } from 'node:fs';
import type { SessionSource } from '../../../shared/provenance';
import { epochMs, type EpochMs } from '../../../shared/time';
import { resolveSubtaskMetrics } from '../../flink/metric-names';
import { PrometheusClient, type PrometheusConnectionOptions } from '../../prometheus/client';
import { prometheusName, replaceInvalidChars, SCOPE } from '../../prometheus/flink-names';
import { pointsIn, type QueryRange } from '../../prometheus/range';
import { SessionFileError } from '../../session/errors';
import { SessionWriter } from '../../session/writer';
import { discoverJobs, PROBE_FAMILY, selectJobs, type DiscoveredJob } from './discover';
import { promqlString, TASK_FAMILIES, TASK_FAMILY_PATTERN } from './families';
import { releaseFromTaskMetrics, type ReleaseBounds } from './release';
import { matchersOf, withMatchers } from './selectors';
import { readSlice, writeSlice, type Carry } from './slice';
import { readTopology, type JobTopology, type LaterTopology } from './topology';
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
  /** `--topology-from`: a JobManager URL or a session file of the same job, for the job graph. */
  topologyFrom?: string;
  appVersion: string;
  hostName?: string;
  onProgress?: (done: number, total: number) => void;
  /** Keep importing new samples as they arrive until told to stop (`to` is then the first read's end). */
  follow?: FollowOptions;
}

export interface PrometheusImportResult {
  jobs: DiscoveredJob[];
  stepMs: number;
  /** The Flink release line the task metrics point to (the session's version when pinned down). */
  release: ReleaseBounds;
  ticks: number;
  queries: number;
  /** Per job id, where its graph came from; a job not in it has no edges. */
  topology: Map<string, JobTopology>;
}

/** Values held per slice at most (subtask values × instants: 50 MB of columns), so memory does not grow with the window. */
const VALUES_PER_SLICE = 5_000_000;

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
    const { url: _store, ...reach } = opts.connection;
    const { topology, later } = opts.topologyFrom
      ? await readTopology(opts.topologyFrom, jobs, reach)
      : { topology: new Map<string, JobTopology>(), later: null };
    const stepMs = opts.stepMs ?? (await probeStep(client, jobs[0]!, window, matchers));
    const { release, families } = await probeFamilies(client, jobs, window, matchers);
    // Following, the first read stops where scrapes are surely stored; the follow reads on from there.
    const end = opts.follow ? Math.min(opts.to, Date.now() - followLagMs(stepMs)) : opts.to;
    const grid = { start: opts.from, end, stepMs };
    const source: SessionSource = {
      kind: 'prometheus',
      url: client.redactedUrl,
      selector: opts.match?.trim() ? opts.match.trim() : null,
      jobs: [...(opts.jobs ?? [])],
      stepMs,
      stepFromScrape: opts.stepMs === undefined,
      from: opts.from,
      to: opts.to,
      follow: opts.follow !== undefined,
      topologyFrom: opts.topologyFrom ? withoutCredentials(opts.topologyFrom) : null,
    };
    const ticks = await write(opts, client, jobs, grid, { release, families, topology, later, source }, matchers);
    return { jobs, stepMs, release, ticks, queries: client.stats.requests, topology };
  } finally {
    client.close();
  }
}

/** A JobManager URL without userinfo, query or fragment (a file path as given). */
function withoutCredentials(source: string): string {
  if (!/^https?:\/\//i.test(source)) return source;
  try {
    const u = new URL(source);
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString().replace(/\/+$/, '');
  } catch {
    return source.replace(/\/\/[^/@\s]*@/, '//');
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

interface Families {
  release: ReleaseBounds;
  /** The task families to read: each canonical metric's best id the store has (one of `buffers_*` and `Shuffle_Netty_*`, not both). */
  families: string[];
}

/** The families the chosen jobs' tasks report, read as the Flink release that has them. */
async function probeFamilies(
  client: PrometheusClient,
  jobs: DiscoveredJob[],
  window: { start: number; end: number },
  matchers: string,
): Promise<Families> {
  const names = await client.labelValues('__name__', window, [
    withMatchers(
      `{__name__=~${promqlString(TASK_FAMILY_PATTERN)},job_id=~${promqlString(jobIdPattern(jobs))}}`,
      matchers,
    ),
  ]);
  const present = new Set(names.map((n) => TASK_FAMILIES.get(n)).filter((id): id is string => id !== undefined));
  const { ids } = resolveSubtaskMetrics(present);
  return {
    release: releaseFromTaskMetrics(present),
    families: Object.values(ids).map((id) => prometheusName(SCOPE.task, id)),
  };
}

async function write(
  opts: PrometheusImportOptions,
  client: PrometheusClient,
  jobs: DiscoveredJob[],
  grid: QueryRange,
  {
    release,
    families,
    topology,
    later,
    source,
  }: Families & { topology: Map<string, JobTopology>; later: LaterTopology | null; source: SessionSource },
  matchers: string,
): Promise<number> {
  const writer = SessionWriter.create(opts.out, { appVersion: opts.appVersion, hostName: opts.hostName });
  let kept = false;
  try {
    const clusterId = writer.addCluster({
      url: client.redactedUrl,
      flinkVersion: release.release,
      fetchIntervalMs: null,
      pollIntervalMs: grid.stepMs,
    });
    writer.setSource(source);
    const declare = (job: DiscoveredJob, at: EpochMs) => {
      writer.upsertJob({ clusterId, jobId: job.jobId, name: job.name }, at);
      // The store has no job graph: without --topology-from vertices keep the order they were
      // found in, without edges (the analysis says so rather than guess).
      const graph = topology.get(job.jobId);
      const position = (vertexId: string, found: number) =>
        graph ? (graph.topoIndex.get(vertexId) ?? graph.topoIndex.size + found) : found;
      writer.upsertVertices(
        at,
        job.vertices.map((v, found) => ({
          clusterId,
          jobId: job.jobId,
          vertexId: v.vertexId,
          name: v.name,
          parallelism: v.parallelism,
          maxParallelism: null,
          topoIndex: position(v.vertexId, found),
        })),
      );
      if (graph && graph.edges.length > 0) writer.setEdges(clusterId, job.jobId, at, graph.edges);
    };
    for (const job of jobs) declare(job, epochMs(grid.start));
    const slicePointsOf = () => {
      const subtasks = jobs.reduce((n, j) => n + j.vertices.reduce((m, v) => m + v.parallelism, 0), 0);
      return Math.max(1, Math.floor(VALUES_PER_SLICE / (subtasks * Math.max(1, families.length))));
    };
    let slicePoints = slicePointsOf();
    const carry: Carry = { lastGc: new Map(), lastRestarts: new Map(), placements: new Map(), checkpoints: new Map() };
    let jobIds = jobIdPattern(jobs);
    /** Following: jobs (re)deployed and vertices added or scaled up since, declared from `window.start` on. */
    const rediscover = async (window: { start: number; end: number }) => {
      const found = followedJobs(await discoverJobs(client, window, matchers), opts.jobs ?? []);
      let changed = false;
      for (const f of found) {
        const known = jobs.find((j) => j.jobId === f.jobId);
        const grown = known ? grownVertices(known, f) : f;
        if (!grown) continue;
        if (!known) {
          jobs.push(grown);
          // A job deployed since: its graph from --topology-from too (read again when it is a JobManager).
          const graph = later ? await later(grown) : { topology: null, why: null };
          if (graph.topology) topology.set(grown.jobId, graph.topology);
          opts.follow?.onJobJoined?.(grown, graph.topology, graph.why);
        } else known.vertices = grown.vertices;
        declare(grown, epochMs(window.start));
        changed = true;
      }
      if (!changed) return;
      jobIds = jobIdPattern(jobs);
      slicePoints = slicePointsOf();
    };
    /** Reads and writes `range` slice by slice; `progress` is told the instants done. */
    const importRange = async (range: QueryRange, progress?: (done: number, total: number) => void) => {
      const total = pointsIn(range);
      let written = 0;
      for (let first = 0; first < total; first += slicePoints) {
        const slice = {
          start: range.start + first * range.stepMs,
          end: range.start + (Math.min(total, first + slicePoints) - 1) * range.stepMs,
          stepMs: range.stepMs,
        };
        const points = pointsIn(slice);
        // Answers are most of the time: the slice's instants count as done in the share of its queries answered.
        const read = await readSlice(client, clusterId, jobs, families, slice, matchers, jobIds, (f) =>
          progress?.(first + Math.floor(f * points * 0.95), total),
        );
        written += writeSlice(writer, clusterId, slice, read, carry);
        progress?.(Math.min(total, first + slicePoints), total);
      }
      return written;
    };
    let ticks = await importRange(grid, opts.onProgress);
    if (opts.follow) {
      // From here on the file is a session worth keeping: a failure ends the follow, not the file.
      kept = true;
      ticks += await follow(opts.follow, writer, grid, importRange, rediscover, ticks);
    }
    writer.close();
    return ticks;
  } catch (e) {
    writer.close();
    if (kept) throw e;
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${opts.out}${suffix}`, { force: true });
    throw e;
  }
}

/** `--follow`: how long after an instant it is read (its scrape must have been stored), and when to stop. */
export interface FollowOptions {
  /** Resolves when the user stops (Ctrl-C, SIGTERM): the read in flight is written, then the file closed. */
  until: Promise<void>;
  /** Told after each poll: ticks written in all, the last instant read. */
  onPoll?: (ticks: number, lastTs: EpochMs) => void;
  /** A poll that failed (the store down): the next one retries from the same instant. */
  onError?: (error: Error) => void;
  /**
   * A job that joined after the follow started, with its graph from --topology-from; `why` says
   * why it has none when --topology-from was given.
   */
  onJobJoined?: (job: DiscoveredJob, topology: JobTopology | null, why: string | null) => void;
}

/** Every how many follow polls the store is asked again for its jobs and vertices. */
export const REDISCOVER_EVERY_POLLS = 5;

/** The jobs a follow keeps: those `--job` names (a redeployed job has a new id), all when none is named. */
function followedJobs(found: readonly DiscoveredJob[], asked: readonly string[]): DiscoveredJob[] {
  if (asked.length === 0) return [...found];
  return found.filter((j) => asked.some((a) => j.jobId === a || j.name === a || j.name === replaceInvalidChars(a)));
}

/** `known` with the vertices `found` adds or scales up (null when none): never shrinks what was declared. */
function grownVertices(known: DiscoveredJob, found: DiscoveredJob): DiscoveredJob | null {
  let grew = false;
  const vertices = known.vertices.map((v) => {
    const now = found.vertices.find((x) => x.vertexId === v.vertexId);
    if (!now || now.parallelism <= v.parallelism) return v;
    grew = true;
    return { ...v, parallelism: now.parallelism };
  });
  for (const v of found.vertices)
    if (!known.vertices.some((k) => k.vertexId === v.vertexId)) {
      vertices.push(v);
      grew = true;
    }
  return grew ? { ...known, vertices } : null;
}

/** How long after an instant the follow reads it: a scrape at that instant has been stored by then. */
export const followLagMs = (stepMs: number): number => stepMs + 1000;

/**
 * Keeps importing the grid's next instants as they are scraped, one poll per step, until
 * `follow.until` resolves; the source's window end moves with each poll. Returns the ticks written.
 */
async function follow(
  f: FollowOptions,
  writer: SessionWriter,
  grid: QueryRange,
  importRange: (range: QueryRange) => Promise<number>,
  rediscover: (window: { start: number; end: number }) => Promise<void>,
  before: number,
): Promise<number> {
  let polls = 0;
  let stopped = false;
  let wake: (() => void) | null = null;
  void f.until.then(() => {
    stopped = true;
    wake?.();
  });
  const lag = followLagMs(grid.stepMs);
  let last = grid.start + (pointsIn(grid) - 1) * grid.stepMs;
  let ticks = 0;
  writer.setSourceEnd(epochMs(last));
  while (!stopped) {
    const due = last + grid.stepMs + lag;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, due - Date.now()));
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    wake = null;
    if (stopped) break;
    // Every instant now due, so a slow poll (or a laptop that slept) catches up in one read.
    const end = grid.start + Math.floor((Date.now() - lag - grid.start) / grid.stepMs) * grid.stepMs;
    if (end <= last) continue;
    try {
      // New jobs and vertices are looked for now and then: the series listing is the store's heavy call.
      if (polls++ % REDISCOVER_EVERY_POLLS === REDISCOVER_EVERY_POLLS - 1)
        await rediscover({ start: last + grid.stepMs, end });
      ticks += await importRange({ start: last + grid.stepMs, end, stepMs: grid.stepMs });
    } catch (e) {
      if (e instanceof SessionFileError) throw e;
      f.onError?.(e as Error);
      continue;
    }
    last = end;
    writer.setSourceEnd(epochMs(last));
    f.onPoll?.(before + ticks, epochMs(last));
  }
  return ticks;
}
