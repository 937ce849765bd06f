// Read-only access to a session file: never writes, never migrates. Follows a file that is being
// recorded (WAL): every query sees the latest commit; call refresh() to pick up new metric names,
// vertices or clusters in the lookup caches (lookups also refresh on a miss).

import { existsSync, statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import {
  counterTotal,
  SUBTASK_METRICS,
  TASKMANAGER_METRICS,
  TIME_COUNTERS,
  type CheckpointEvent,
  type CheckpointStatus,
  type ClusterId,
  type ClusterInfo,
  type CounterTotal,
  type EdgeInfo,
  type GcWindow,
  type JobEvent,
  type JobEventKind,
  type JobInfo,
  type SubtaskMetric,
  type TaskManagerFrame,
  type TaskManagerMetric,
  type TickInfo,
  type TimeCounter,
  type TickStatus,
  type VertexFrame,
  type VertexInfo,
} from '../../shared/model';
import { durationMs, epochMs, type EpochMs } from '../../shared/time';
import { getAnnotation, hasAnnotations, listAnnotations, listAnnotationSummaries, type SummaryQuery } from './annotations';
import { SessionFileError, toSessionError } from './errors';
import { decodeFrame, FrameDecodeError, type CodecState } from './frame-codec';
import { summarize } from './info';
import { hasTable } from './migrate';
import { openChecked, type OpenOptions } from './open';
import { decodeTaskManagerValues } from './taskmanager-codec';
import type { Annotation, EndpointProblem, Placement, RollupBucket, SessionHeader, SessionInfo, TimeRange, VertexAggregate } from './types';

const SUBTASK_METRIC_SET = new Set<string>(SUBTASK_METRICS);
const TASKMANAGER_METRIC_SET = new Set<string>(TASKMANAGER_METRICS);
const FOREVER = Number.MAX_SAFE_INTEGER;
const nanIfNull = (v: number | null): number => (v === null ? NaN : v);

interface VertexKey {
  ref: number;
  clusterId: number;
  jobId: string;
  vertexId: string;
}

function checkRange(range: TimeRange): void {
  if (!(Number.isFinite(range.from) && Number.isFinite(range.to)) || range.to < range.from) {
    throw new SessionFileError('invalid-input', `invalid time range ${range.from}..${range.to}`);
  }
}

export class SessionReader {
  private subtaskIds = new Map<string, number>();
  private subtaskNames = new Map<number, SubtaskMetric>();
  private tmNames = new Map<number, TaskManagerMetric>();
  private vertexByKey = new Map<string, VertexKey>();
  private vertexByRef = new Map<number, VertexKey>();

  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
  ) {
    this.refresh();
  }

  /** Opens read-only after validating the file (see open.ts for the error kinds). */
  static open(path: string, options: OpenOptions = {}): SessionReader {
    return new SessionReader(openChecked(path, options), path);
  }

  /** Reloads the lookup caches (metric names, vertices) from the file. */
  refresh(): void {
    this.run(() => {
      this.subtaskIds.clear();
      this.subtaskNames.clear();
      this.tmNames.clear();
      for (const r of this.db.prepare('SELECT id, scope, name FROM metrics').all() as Array<{ id: number; scope: string; name: string }>) {
        if (r.scope === 'subtask' && SUBTASK_METRIC_SET.has(r.name)) {
          this.subtaskIds.set(r.name, r.id);
          this.subtaskNames.set(r.id, r.name as SubtaskMetric);
        } else if (r.scope === 'taskmanager' && TASKMANAGER_METRIC_SET.has(r.name)) {
          this.tmNames.set(r.id, r.name as TaskManagerMetric);
        }
      }
      this.vertexByKey.clear();
      this.vertexByRef.clear();
      for (const r of this.db.prepare('SELECT ref, cluster_id AS clusterId, job_id AS jobId, vertex_id AS vertexId FROM vertices ORDER BY ref').all() as VertexKey[]) {
        this.vertexByKey.set(JSON.stringify([r.clusterId, r.jobId, r.vertexId]), r);
        this.vertexByRef.set(r.ref, r);
      }
    });
  }

  private run<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof FrameDecodeError) throw new SessionFileError('corrupt', `session file ${this.path} has a damaged frame: ${err.message}`, this.path);
      throw toSessionError(err, this.path, 'reading');
    }
  }

  private vertex(clusterId: ClusterId, jobId: string, vertexId: string): VertexKey | null {
    const k = JSON.stringify([clusterId, jobId, vertexId]);
    if (!this.vertexByKey.has(k)) this.refresh();
    return this.vertexByKey.get(k) ?? null;
  }

  header(): SessionHeader {
    return this.run(() => {
      const r = this.db.prepare('SELECT app_version, created_ts, host_name FROM header WHERE id = 1').get() as
        | { app_version: string; created_ts: number; host_name: string }
        | undefined;
      if (r === undefined) throw new SessionFileError('corrupt', `session file ${this.path} has no header`, this.path);
      return {
        formatVersion: this.db.pragma('user_version', { simple: true }) as number,
        appVersion: r.app_version,
        createdTs: epochMs(r.created_ts),
        hostName: r.host_name,
      };
    });
  }

  clusters(): ClusterInfo[] {
    return this.run(() =>
      this.db
        .prepare('SELECT id, url, flink_version AS flinkVersion, fetch_interval_ms AS fetchIntervalMs, poll_interval_ms AS pollIntervalMs FROM clusters ORDER BY id')
        .all() as ClusterInfo[],
    );
  }

  jobs(): JobInfo[] {
    return this.run(() => this.db.prepare('SELECT cluster_id AS clusterId, job_id AS jobId, name FROM jobs ORDER BY cluster_id, first_ts, job_id').all() as JobInfo[]);
  }

  /** Every vertex known at `asOf` (default: now) with its name and parallelism as of then. */
  vertices(asOf: EpochMs = epochMs(FOREVER)): VertexInfo[] {
    return this.run(() =>
      this.db
        .prepare(
          `SELECT v.cluster_id AS clusterId, v.job_id AS jobId, v.vertex_id AS vertexId, vv.name, vv.parallelism,
                  vv.max_parallelism AS maxParallelism, vv.topo_index AS topoIndex
           FROM vertices v JOIN vertex_versions vv ON vv.vertex_ref = v.ref
           WHERE vv.ts = (SELECT max(x.ts) FROM vertex_versions x WHERE x.vertex_ref = v.ref AND x.ts <= ?)
           ORDER BY v.cluster_id, v.job_id, vv.topo_index, v.vertex_id`,
        )
        .all(asOf) as VertexInfo[],
    );
  }

  /** The edge set of every job as of `ts`. */
  edgesAt(ts: EpochMs): EdgeInfo[] {
    return this.run(() => {
      const rows = this.db
        .prepare(
          `SELECT cluster_id, job_id, edges FROM edge_sets e
           WHERE e.ts = (SELECT max(x.ts) FROM edge_sets x WHERE x.cluster_id = e.cluster_id AND x.job_id = e.job_id AND x.ts <= ?)
           ORDER BY cluster_id, job_id`,
        )
        .all(ts) as Array<{ cluster_id: number; job_id: string; edges: string }>;
      return rows.flatMap((r) =>
        (JSON.parse(r.edges) as Array<[string, string, string]>).map(([source, target, shipStrategy]) => ({
          clusterId: r.cluster_id,
          jobId: r.job_id,
          source,
          target,
          shipStrategy,
        })),
      );
    });
  }

  /** First and last tick over all clusters; null for a session without ticks. */
  timeRange(): TimeRange | null {
    return this.run(() => {
      const r = this.db.prepare('SELECT min(ts) AS a, max(ts) AS b FROM ticks').get() as { a: number | null; b: number | null };
      return r.a === null || r.b === null ? null : { from: epochMs(r.a), to: epochMs(r.b) };
    });
  }

  ticks(range: TimeRange, clusterId?: ClusterId): TickInfo[] {
    checkRange(range);
    return this.run(() => {
      const rows = this.db
        .prepare(
          `SELECT cluster_id, ts, status, latency_ms, server_ts, fresh, requests, error FROM ticks
           WHERE ts BETWEEN ? AND ? AND (? IS NULL OR cluster_id = ?) ORDER BY ts, cluster_id`,
        )
        .all(range.from, range.to, clusterId ?? null, clusterId ?? null) as Array<{
        cluster_id: number;
        ts: number;
        status: TickStatus;
        latency_ms: number;
        server_ts: number | null;
        fresh: number;
        requests: number;
        error: string | null;
      }>;
      return rows.map((r) => ({
        clusterId: r.cluster_id,
        ts: epochMs(r.ts),
        status: r.status,
        latencyMs: durationMs(r.latency_ms),
        serverTs: r.server_ts === null ? null : epochMs(r.server_ts),
        fresh: r.fresh === 1,
        requests: r.requests,
        error: r.error,
      }));
    });
  }

  /**
   * Decoded frames of one vertex inside the range, oldest first. `metrics` limits what is decoded.
   * `taskManagers` is set on the first frame (placement as of then) and where placement changed.
   */
  vertexFrames(clusterId: ClusterId, jobId: string, vertexId: string, range: TimeRange, metrics?: readonly SubtaskMetric[]): VertexFrame[] {
    checkRange(range);
    const v = this.vertex(clusterId, jobId, vertexId);
    if (v === null) return [];
    return this.run(() => this.decodeRange(v, range.from, range.to, metrics));
  }

  private decodeRange(v: VertexKey, from: number, to: number, metrics?: readonly SubtaskMetric[]): VertexFrame[] {
    let wanted: Set<number> | undefined;
    if (metrics !== undefined) {
      if (metrics.some((m) => !this.subtaskIds.has(m))) this.refresh();
      wanted = new Set(metrics.flatMap((m) => this.subtaskIds.get(m) ?? []));
    }
    const key = this.db.prepare('SELECT max(ts) AS ts FROM vertex_frames WHERE vertex_ref = ? AND key = 1 AND ts <= ?').get(v.ref, from) as { ts: number | null };
    const rows = this.db
      .prepare('SELECT ts, key, data FROM vertex_frames WHERE vertex_ref = ? AND ts BETWEEN ? AND ? ORDER BY ts')
      .all(v.ref, key.ts ?? from, to) as Array<{ ts: number; key: number; data: Buffer }>;
    const placements = this.db
      .prepare(
        `SELECT ts, task_managers FROM placements WHERE vertex_ref = ? AND ts <= ? AND
           ts >= coalesce((SELECT max(ts) FROM placements WHERE vertex_ref = ? AND ts <= ?), ?) ORDER BY ts`,
      )
      .all(v.ref, to, v.ref, from, from) as Array<{ ts: number; task_managers: string }>;
    const totals = this.counterTotals(v, from, to);
    const out: VertexFrame[] = [];
    let state: CodecState | null = null;
    let pi = 0;
    for (const row of rows) {
      const decoded = decodeFrame(row.data, row.key === 1 ? null : state, wanted);
      state = decoded.state;
      if (row.ts < from) continue;
      const subtasks: Partial<Record<SubtaskMetric, Float64Array>> = {};
      for (const [id, values] of decoded.columns) {
        const name = this.subtaskNames.get(id);
        if (name !== undefined) subtasks[name] = values;
      }
      const frame: VertexFrame = { clusterId: v.clusterId, jobId: v.jobId, vertexId: v.vertexId, ts: epochMs(row.ts), parallelism: decoded.parallelism, subtasks };
      // Placement as of this frame: the latest placement at or before it.
      let placement: string | null = null;
      while (pi < placements.length && placements[pi]!.ts <= row.ts) placement = placements[pi++]!.task_managers;
      if (placement !== null || (out.length === 0 && pi > 0)) {
        frame.taskManagers = JSON.parse(placement ?? placements[pi - 1]!.task_managers) as string[];
      }
      const t = totals.get(row.ts);
      if (t) frame.totals = t;
      out.push(frame);
    }
    return out;
  }

  /** The time counters' sums the cluster reported for one vertex, by tick (see VertexFrame.totals). */
  private counterTotals(v: VertexKey, from: number, to: number): Map<number, Partial<Record<TimeCounter, CounterTotal>>> {
    const out = new Map<number, Partial<Record<TimeCounter, CounterTotal>>>();
    const ids = TIME_COUNTERS.flatMap((c) => {
      const id = this.subtaskIds.get(c);
      return id === undefined ? [] : [[id, c] as const];
    });
    if (ids.length === 0) return out;
    const names = new Map<number, TimeCounter>(ids);
    const rows = this.db
      .prepare(
        `SELECT metric_id, ts, sum, avg FROM vertex_aggregates WHERE vertex_ref = ? AND ts BETWEEN ? AND ?
           AND metric_id IN (${ids.map(() => '?').join(',')})`,
      )
      .all(v.ref, from, to, ...ids.map(([id]) => id)) as Array<{ metric_id: number; ts: number; sum: number | null; avg: number | null }>;
    for (const r of rows) {
      const t = counterTotal(r.sum, r.avg);
      if (!t) continue;
      const at = out.get(r.ts) ?? {};
      at[names.get(r.metric_id)!] = t;
      out.set(r.ts, at);
    }
    return out;
  }

  /** The latest frame of every vertex at or before `ts` (what the UI shows while scrubbing). */
  stateAt(ts: EpochMs, metrics?: readonly SubtaskMetric[]): VertexFrame[] {
    return this.run(() => {
      this.refresh(); // vertices added since open must be included
      const latest = this.db.prepare('SELECT max(ts) AS ts FROM vertex_frames WHERE vertex_ref = ? AND ts <= ?');
      return [...this.vertexByRef.values()].flatMap((v) => {
        const last = (latest.get(v.ref, ts) as { ts: number | null }).ts;
        return last === null ? [] : this.decodeRange(v, last, last, metrics);
      });
    });
  }

  /** TaskManager per subtask of every vertex as of `ts`. */
  placementAt(ts: EpochMs): Placement[] {
    return this.run(() => {
      const rows = this.db
        .prepare(
          `SELECT v.cluster_id, v.job_id, v.vertex_id, p.ts, p.task_managers FROM placements p JOIN vertices v ON v.ref = p.vertex_ref
           WHERE p.ts = (SELECT max(x.ts) FROM placements x WHERE x.vertex_ref = p.vertex_ref AND x.ts <= ?)
           ORDER BY v.cluster_id, v.job_id, v.vertex_id`,
        )
        .all(ts) as Array<{ cluster_id: number; job_id: string; vertex_id: string; ts: number; task_managers: string }>;
      return rows.map((r) => ({
        clusterId: r.cluster_id,
        jobId: r.job_id,
        vertexId: r.vertex_id,
        ts: epochMs(r.ts),
        taskManagers: JSON.parse(r.task_managers) as string[],
      }));
    });
  }

  /**
   * min/max/mean of one metric over all subtasks and ticks per bucket, from the per-tick summaries
   * written with each frame (no frame blob is decoded). Always returns `buckets` entries.
   */
  vertexRollup(clusterId: ClusterId, jobId: string, vertexId: string, metric: SubtaskMetric, range: TimeRange, buckets: number): RollupBucket[] {
    checkRange(range);
    if (!(Number.isSafeInteger(buckets) && buckets >= 1)) throw new SessionFileError('invalid-input', `bucket count must be a positive integer, got ${buckets}`);
    const span = range.to - range.from + 1;
    const out: RollupBucket[] = [];
    for (let i = 0; i < buckets; i++) {
      out.push({
        from: epochMs(range.from + Math.ceil((i * span) / buckets)),
        to: epochMs(range.from + Math.ceil(((i + 1) * span) / buckets)),
        min: NaN,
        max: NaN,
        mean: NaN,
        ticks: 0,
      });
    }
    const v = this.vertex(clusterId, jobId, vertexId);
    if (!this.subtaskIds.has(metric)) this.refresh();
    const metricId = this.subtaskIds.get(metric);
    if (v === null || metricId === undefined) return out;
    return this.run(() => {
      const rows = this.db
        .prepare(
          `SELECT ((ts - CAST(? AS INTEGER)) * CAST(? AS INTEGER)) / CAST(? AS INTEGER) AS b, min(min) AS mn, max(max) AS mx, sum(mean * count) / sum(count) AS mean, count(*) AS n
           FROM vertex_summaries WHERE vertex_ref = ? AND metric_id = ? AND ts BETWEEN ? AND ? GROUP BY b`,
        )
        .all(range.from, buckets, span, v.ref, metricId, range.from, range.to) as Array<{ b: number; mn: number; mx: number; mean: number; n: number }>;
      for (const r of rows) Object.assign(out[r.b]!, { min: r.mn, max: r.mx, mean: r.mean, ticks: r.n });
      return out;
    });
  }

  /** Cluster-side aggregates inside the range, optionally of one vertex. */
  vertexAggregates(range: TimeRange, vertex?: { clusterId: ClusterId; jobId: string; vertexId: string }): VertexAggregate[] {
    checkRange(range);
    const v = vertex === undefined ? null : this.vertex(vertex.clusterId, vertex.jobId, vertex.vertexId);
    if (vertex !== undefined && v === null) return [];
    return this.run(() => {
      const rows = this.db
        .prepare(
          `SELECT a.vertex_ref, m.name, a.ts, a.min, a.max, a.avg, a.sum, a.skew FROM vertex_aggregates a JOIN metrics m ON m.id = a.metric_id
           WHERE a.ts BETWEEN ? AND ? AND (? IS NULL OR a.vertex_ref = ?) ORDER BY a.ts, a.vertex_ref, a.metric_id`,
        )
        .all(range.from, range.to, v?.ref ?? null, v?.ref ?? null) as Array<{
        vertex_ref: number;
        name: string;
        ts: number;
        min: number | null;
        max: number | null;
        avg: number | null;
        sum: number | null;
        skew: number | null;
      }>;
      if (rows.some((r) => !this.vertexByRef.has(r.vertex_ref))) this.refresh();
      return rows
        .filter((r) => SUBTASK_METRIC_SET.has(r.name))
        .map((r) => {
          const k = this.vertexByRef.get(r.vertex_ref)!;
          return {
            clusterId: k.clusterId,
            jobId: k.jobId,
            vertexId: k.vertexId,
            ts: epochMs(r.ts),
            metric: r.name as SubtaskMetric,
            min: nanIfNull(r.min),
            max: nanIfNull(r.max),
            avg: nanIfNull(r.avg),
            sum: nanIfNull(r.sum),
            skew: nanIfNull(r.skew),
          };
        });
    });
  }

  taskManagerFrames(range: TimeRange, clusterId?: ClusterId): TaskManagerFrame[] {
    checkRange(range);
    return this.run(() => {
      const rows = this.db
        .prepare(
          `SELECT t.cluster_id, t.tm_id, f.ts, f.data FROM taskmanager_frames f JOIN taskmanagers t ON t.ref = f.tm_ref
           WHERE f.ts BETWEEN ? AND ? AND (? IS NULL OR t.cluster_id = ?) ORDER BY f.ts, t.cluster_id, t.tm_id`,
        )
        .all(range.from, range.to, clusterId ?? null, clusterId ?? null) as Array<{ cluster_id: number; tm_id: string; ts: number; data: Buffer }>;
      return rows.map((r) => {
        const values: Partial<Record<TaskManagerMetric, number>> = {};
        for (const [id, value] of decodeTaskManagerValues(r.data)) {
          const name = this.tmNames.get(id);
          if (name !== undefined) values[name] = value;
        }
        return { clusterId: r.cluster_id, taskManagerId: r.tm_id, ts: epochMs(r.ts), values };
      });
    });
  }

  /** Checkpoints whose [trigger, end] overlaps the range, by trigger time. */
  checkpoints(range: TimeRange): CheckpointEvent[] {
    checkRange(range);
    return this.run(() => {
      const rows = this.db
        .prepare('SELECT * FROM checkpoints WHERE trigger_ts <= ? AND end_ts >= ? ORDER BY trigger_ts, cluster_id, job_id, checkpoint_id')
        .all(range.to, range.from) as Array<{
        cluster_id: number;
        job_id: string;
        checkpoint_id: number;
        status: CheckpointStatus;
        is_savepoint: number;
        trigger_ts: number;
        end_ts: number;
        checkpointed_size: number | null;
        state_size: number | null;
        alignment_ms: number | null;
        failure_message: string | null;
      }>;
      return rows.map((r) => ({
        clusterId: r.cluster_id,
        jobId: r.job_id,
        id: r.checkpoint_id,
        status: r.status,
        isSavepoint: r.is_savepoint === 1,
        triggerTs: epochMs(r.trigger_ts),
        endTs: epochMs(r.end_ts),
        checkpointedSize: r.checkpointed_size,
        stateSize: r.state_size,
        alignmentMs: r.alignment_ms,
        failureMessage: r.failure_message,
      }));
    });
  }

  /**
   * Raw GC windows overlapping the range, as recorded: one per sample pair and collector (or of
   * the sum over all collectors, collector null). Show them through `mergeGcWindows`.
   */
  gcWindows(range: TimeRange): GcWindow[] {
    checkRange(range);
    return this.run(() => {
      // Format 3 added per-collector windows; a reader never migrates, so older files lack them.
      const perCollector = hasTable(this.db, 'gc_collector_windows')
        ? `UNION ALL SELECT t.cluster_id, t.tm_id, g.collector, g.start_ts, g.end_ts, g.gc_time_ms, g.gc_count
             FROM gc_collector_windows g JOIN taskmanagers t ON t.ref = g.tm_ref WHERE g.start_ts <= @to AND g.end_ts >= @from`
        : '';
      const rows = this.db
        .prepare(
          `SELECT t.cluster_id, t.tm_id, NULL AS collector, g.start_ts, g.end_ts, g.gc_time_ms, g.gc_count
             FROM gc_windows g JOIN taskmanagers t ON t.ref = g.tm_ref WHERE g.start_ts <= @to AND g.end_ts >= @from
           ${perCollector}
           ORDER BY start_ts, cluster_id, tm_id, collector`,
        )
        .all({ from: range.from, to: range.to }) as Array<{
        cluster_id: number;
        tm_id: string;
        collector: string | null;
        start_ts: number;
        end_ts: number;
        gc_time_ms: number;
        gc_count: number;
      }>;
      return rows.map((r) => ({
        clusterId: r.cluster_id,
        taskManagerId: r.tm_id,
        start: epochMs(r.start_ts),
        end: epochMs(r.end_ts),
        gcTimeMs: r.gc_time_ms,
        gcCount: r.gc_count,
        collector: r.collector,
      }));
    });
  }

  events(range: TimeRange, kinds?: readonly JobEventKind[]): JobEvent[] {
    checkRange(range);
    return this.run(() => {
      const rows = this.db.prepare('SELECT kind, data FROM events WHERE ts BETWEEN ? AND ? ORDER BY ts, id').all(range.from, range.to) as Array<{ kind: string; data: string }>;
      const wanted = kinds === undefined ? null : new Set<string>(kinds);
      return rows.filter((r) => wanted === null || wanted.has(r.kind)).map((r) => JSON.parse(r.data) as JobEvent);
    });
  }

  annotations(range?: TimeRange): Annotation[] {
    if (range !== undefined) checkRange(range);
    return this.run(() => listAnnotations(this.db, range));
  }

  /** Annotations with their text cut to a preview (see listAnnotationSummaries). */
  annotationSummaries(q: SummaryQuery): ReturnType<typeof listAnnotationSummaries> {
    if (q.range !== undefined) checkRange(q.range);
    return this.run(() => listAnnotationSummaries(this.db, q));
  }

  /** One annotation with its whole text; null when there is none with that id. */
  annotation(id: number): Annotation | null {
    return this.run(() => (hasAnnotations(this.db) ? getAnnotation(this.db, id) : null));
  }

  /** Summary for `backflow info`. */
  info(): SessionInfo {
    return this.run(() => {
      const ticks = this.db.prepare('SELECT cluster_id AS clusterId, ts, status FROM ticks ORDER BY cluster_id, ts').all() as Array<{
        clusterId: number;
        ts: number;
        status: TickStatus;
      }>;
      const vertexCounts = this.db.prepare('SELECT cluster_id, job_id, count(*) AS n FROM vertices GROUP BY cluster_id, job_id').all() as Array<{
        cluster_id: number;
        job_id: string;
        n: number;
      }>;
      const counts = new Map(vertexCounts.map((r) => [JSON.stringify([r.cluster_id, r.job_id]), r.n]));
      const wal = `${this.path}-wal`;
      const fileBytes = statSync(this.path).size + (existsSync(wal) ? statSync(wal).size : 0);
      return summarize({
        header: this.header(),
        clusters: this.clusters(),
        jobs: this.jobs().map((j) => ({ ...j, vertices: counts.get(JSON.stringify([j.clusterId, j.jobId])) ?? 0 })),
        ticks,
        problems: this.endpointProblems(),
        fileBytes,
      });
    });
  }

  /** Failing endpoints per cluster over the whole session, the 10 most frequent of each. */
  private endpointProblems(): Map<number, EndpointProblem[]> {
    const out = new Map<number, EndpointProblem[]>();
    if (!hasTable(this.db, 'tick_problems')) return out;
    const rows = this.db
      .prepare(
        `SELECT cluster_id, endpoint, kind, sum(count) AS count, count(*) AS ticks FROM tick_problems
         GROUP BY cluster_id, endpoint, kind ORDER BY cluster_id, count DESC, endpoint`,
      )
      .all() as Array<{ cluster_id: number; endpoint: string; kind: string; count: number; ticks: number }>;
    for (const r of rows) {
      const list = out.get(r.cluster_id) ?? [];
      if (list.length < 10) list.push({ endpoint: r.endpoint, kind: r.kind, count: r.count, ticks: r.ticks });
      out.set(r.cluster_id, list);
    }
    return out;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
