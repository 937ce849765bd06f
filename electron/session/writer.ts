// The only code that writes a session file. One transaction per tick: a crash (even kill -9)
// loses at most the tick being written. WAL with synchronous=NORMAL: a commit is in the WAL
// (handed to the OS) before writeTick returns, so a process crash never loses it; only a power
// loss or kernel crash can drop the last commits, and never corrupts the file. FULL would add an
// fsync per tick for that case, which a flight recorder on a laptop does not need.

import { existsSync, linkSync, renameSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import Database from 'better-sqlite3';
import {
  SUBTASK_METRICS,
  TASKMANAGER_METRICS,
  type ClusterId,
  type EdgeInfo,
  type JobEvent,
  type JobInfo,
  type VertexFrame,
  type VertexInfo,
} from '../../shared/model';
import { epochMs, type EpochMs } from '../../shared/time';
import * as annotations from './annotations';
import { SessionFileError, toSessionError } from './errors';
import { encodeFrame, metricExponent, type CodecState, type FrameColumn } from './frame-codec';
import { applyMigrations, hasTable } from './migrate';
import { openChecked } from './open';
import { APPLICATION_ID, MIGRATIONS, type Migration } from './schema';
import { encodeTaskManagerValues } from './taskmanager-codec';
import type { Annotation, AnnotationPatch, NewAnnotation, TickBatch } from './types';
import { sanitizeClusterUrl } from './url';

/** A key frame every this many frames of a vertex bounds the work to decode any single frame. */
export const KEY_FRAME_INTERVAL = 32;

const TICK_STATUSES = new Set(['ok', 'partial', 'error']);
const EVENT_KINDS = new Set(['state', 'restart', 'rescale', 'plan-change', 'exception', 'checkpoint-history-gap', 'recorder-error']);
const SUBTASK_METRIC_SET = new Set<string>(SUBTASK_METRICS);
const TASKMANAGER_METRIC_SET = new Set<string>(TASKMANAGER_METRICS);

export interface WriterOptions {
  /** zlib level for frame blobs (0 = uncompressed); default 6. */
  compressionLevel?: number;
  /** Clock for annotation timestamps and migration records. */
  now?: () => number;
  /**
   * Caps the main file's size (PRAGMA max_page_count). Beyond it writes fail exactly like a full
   * disk ('disk-full'), which is also how tests simulate one.
   */
  maxBytes?: number;
  /** For migration tests only: the migrations to apply. */
  migrations?: readonly Migration[];
}

export interface NewSessionHeader {
  appVersion: string;
  hostName?: string;
  createdTs?: EpochMs;
}

export interface NewCluster {
  url: string;
  flinkVersion: string | null;
  fetchIntervalMs: number | null;
  pollIntervalMs: number;
}

interface VertexVersion {
  name: string;
  parallelism: number;
  maxParallelism: number | null;
  topoIndex: number;
}

interface VertexTrack {
  lastTs: number;
  state: CodecState | null;
  sinceKey: number;
  placement: string | null;
}

const key = (...parts: Array<string | number>): string => JSON.stringify(parts);

function invalid(message: string): SessionFileError {
  return new SessionFileError('invalid-input', message);
}

function checkInstant(what: string, v: number): void {
  if (!Number.isSafeInteger(v)) throw invalid(`${what} must be integer epoch milliseconds, got ${v}`);
}

/** Gives a finished file its final name without ever replacing an existing one. */
function publish(tmp: string, path: string): void {
  try {
    linkSync(tmp, path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // Some file systems (FAT, some network shares) have no hard links; the existence check above
    // then is the only guard.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw err;
    if (existsSync(path)) throw Object.assign(new Error(`${path} exists`), { code: 'EEXIST' });
    renameSync(tmp, path);
  }
}

export class SessionWriter {
  private failure: SessionFileError | null = null;
  private readonly level: number;
  private readonly now: () => number;
  private readonly subtaskMetricIds = new Map<string, number>();
  private readonly tmMetricIds = new Map<string, number>();
  private readonly clusters = new Set<number>();
  private readonly lastTickTs = new Map<number, number>();
  private readonly jobs = new Map<string, string>();
  private readonly vertexRefs = new Map<string, number>();
  private readonly vertexVersions = new Map<number, VertexVersion>();
  private readonly tracks = new Map<number, VertexTrack>();
  private readonly edgeSets = new Map<string, string>();
  private readonly tmRefs = new Map<string, number>();
  /** The file has per-collector GC windows (format 3+; tests write older formats too). */
  private readonly gcCollectorWindows: boolean;
  /** Whether the file has tick_problems (format 4+). */
  private readonly tickProblems: boolean;

  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
    options: WriterOptions,
  ) {
    this.level = options.compressionLevel ?? 6;
    this.now = options.now ?? Date.now;
    if (options.maxBytes !== undefined) {
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      db.pragma(`max_page_count = ${Math.max(1, Math.floor(options.maxBytes / pageSize))}`);
    }
    this.gcCollectorWindows = hasTable(db, 'gc_collector_windows');
    this.tickProblems = hasTable(db, 'tick_problems');
    this.loadCaches();
  }

  /** Creates a new session file; refuses to overwrite an existing one. */
  static create(path: string, header: NewSessionHeader, options: WriterOptions = {}): SessionWriter {
    if (existsSync(path)) throw new SessionFileError('exists', `${path} already exists; choose another file name`, path);
    // Built under a temporary name and published with link(): a reader (the UI following a new
    // recording) never finds the file without its schema, and an existing file is never replaced.
    const tmp = `${path}.creating-${process.pid}`;
    let db: Database.Database | undefined;
    try {
      db = new Database(tmp);
      const conn = db;
      const now = options.now ?? Date.now;
      conn.transaction(() => {
        conn.pragma(`application_id = ${APPLICATION_ID}`);
        applyMigrations(conn, path, options.migrations ?? MIGRATIONS, now);
        conn
          .prepare('INSERT INTO header (id, app_version, created_ts, host_name) VALUES (1, ?, ?, ?)')
          .run(header.appVersion, header.createdTs ?? now(), header.hostName ?? hostname());
      })();
      conn.close();
      db = undefined;
      publish(tmp, path);
    } catch (err) {
      db?.close();
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new SessionFileError('exists', `${path} already exists; choose another file name`, path);
      }
      throw toSessionError(err, path, 'creating');
    } finally {
      for (const p of [tmp, `${tmp}-journal`]) rmSync(p, { force: true });
    }
    return SessionWriter.openWal(path, options, false);
  }

  static openForAppend(path: string, options: WriterOptions = {}): SessionWriter {
    // Validate read-only first so a file we refuse is never opened for writing.
    openChecked(path, { migrations: options.migrations }).close();
    return SessionWriter.openWal(path, options, true);
  }

  private static openWal(path: string, options: WriterOptions, migrate: boolean): SessionWriter {
    let db: Database.Database | undefined;
    try {
      db = new Database(path, { fileMustExist: true });
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      if (migrate) applyMigrations(db, path, options.migrations ?? MIGRATIONS, options.now ?? Date.now);
      return new SessionWriter(db, path, options);
    } catch (err) {
      db?.close();
      throw toSessionError(err, path, 'opening');
    }
  }

  private loadCaches(): void {
    const db = this.db;
    const ensure = db.prepare('INSERT OR IGNORE INTO metrics (scope, name) VALUES (?, ?)');
    db.transaction(() => {
      for (const m of SUBTASK_METRICS) ensure.run('subtask', m);
      for (const m of TASKMANAGER_METRICS) ensure.run('taskmanager', m);
    })();
    for (const r of db.prepare('SELECT id, scope, name FROM metrics').all() as Array<{ id: number; scope: string; name: string }>) {
      (r.scope === 'subtask' ? this.subtaskMetricIds : this.tmMetricIds).set(r.name, r.id);
    }
    for (const r of db.prepare('SELECT id FROM clusters').all() as Array<{ id: number }>) this.clusters.add(r.id);
    for (const r of db.prepare('SELECT cluster_id, max(ts) AS ts FROM ticks GROUP BY cluster_id').all() as Array<{ cluster_id: number; ts: number }>) {
      this.lastTickTs.set(r.cluster_id, r.ts);
    }
    for (const r of db.prepare('SELECT cluster_id, job_id, name FROM jobs').all() as Array<{ cluster_id: number; job_id: string; name: string }>) {
      this.jobs.set(key(r.cluster_id, r.job_id), r.name);
    }
    const vertices = db.prepare('SELECT ref, cluster_id, job_id, vertex_id FROM vertices').all() as Array<{
      ref: number;
      cluster_id: number;
      job_id: string;
      vertex_id: string;
    }>;
    const latestVersion = db.prepare(
      'SELECT name, parallelism, max_parallelism AS maxParallelism, topo_index AS topoIndex FROM vertex_versions WHERE vertex_ref = ? ORDER BY ts DESC LIMIT 1',
    );
    const lastFrame = db.prepare('SELECT max(ts) AS ts FROM vertex_frames WHERE vertex_ref = ?');
    const lastPlacement = db.prepare('SELECT task_managers FROM placements WHERE vertex_ref = ? ORDER BY ts DESC LIMIT 1');
    for (const v of vertices) {
      this.vertexRefs.set(key(v.cluster_id, v.job_id, v.vertex_id), v.ref);
      const version = latestVersion.get(v.ref) as VertexVersion | undefined;
      if (version) this.vertexVersions.set(v.ref, version);
      const last = (lastFrame.get(v.ref) as { ts: number | null }).ts;
      const placement = lastPlacement.get(v.ref) as { task_managers: string } | undefined;
      // No codec state after reopening: the next frame of every vertex is a key frame.
      this.tracks.set(v.ref, { lastTs: last ?? -Infinity, state: null, sinceKey: 0, placement: placement?.task_managers ?? null });
    }
    const edges = db.prepare(
      'SELECT e.cluster_id, e.job_id, e.edges FROM edge_sets e WHERE e.ts = (SELECT max(ts) FROM edge_sets x WHERE x.cluster_id = e.cluster_id AND x.job_id = e.job_id)',
    );
    for (const r of edges.all() as Array<{ cluster_id: number; job_id: string; edges: string }>) this.edgeSets.set(key(r.cluster_id, r.job_id), r.edges);
    for (const r of db.prepare('SELECT ref, cluster_id, tm_id FROM taskmanagers').all() as Array<{ ref: number; cluster_id: number; tm_id: string }>) {
      this.tmRefs.set(key(r.cluster_id, r.tm_id), r.ref);
    }
  }

  /** Runs a write; SQLite failures become SessionFileErrors, and disk-full / I/O errors stop the writer. */
  private guard<T>(doing: string, fn: () => T): T {
    if (this.failure) throw new SessionFileError('closed', `session ${this.path} no longer accepts writes: ${this.failure.message}`, this.path);
    try {
      return fn();
    } catch (err) {
      const mapped = toSessionError(err, this.path, doing);
      if (mapped instanceof SessionFileError && mapped.kind !== 'invalid-input') this.failure = mapped;
      throw mapped;
    }
  }

  addCluster(cluster: NewCluster): ClusterId {
    const url = sanitizeClusterUrl(cluster.url);
    if (!(Number.isFinite(cluster.pollIntervalMs) && cluster.pollIntervalMs > 0)) throw invalid(`poll interval must be positive, got ${cluster.pollIntervalMs}`);
    return this.guard('writing to', () => {
      const info = this.db
        .prepare('INSERT INTO clusters (url, flink_version, fetch_interval_ms, poll_interval_ms) VALUES (?, ?, ?, ?)')
        .run(url, cluster.flinkVersion, cluster.fetchIntervalMs, cluster.pollIntervalMs);
      const id = Number(info.lastInsertRowid);
      this.clusters.add(id);
      return id;
    });
  }

  /** Fills in what the recorder learns after connecting (Flink version, fetch interval). */
  updateCluster(id: ClusterId, patch: { flinkVersion?: string | null; fetchIntervalMs?: number | null }): void {
    this.requireCluster(id);
    this.guard('writing to', () => {
      if (patch.flinkVersion !== undefined) this.db.prepare('UPDATE clusters SET flink_version = ? WHERE id = ?').run(patch.flinkVersion, id);
      if (patch.fetchIntervalMs !== undefined) this.db.prepare('UPDATE clusters SET fetch_interval_ms = ? WHERE id = ?').run(patch.fetchIntervalMs, id);
    });
  }

  private requireCluster(id: ClusterId): void {
    if (!this.clusters.has(id)) throw invalid(`unknown cluster ${id}; call addCluster first`);
  }

  /** Records a job the first time it is seen (at `ts`) and keeps its latest name. */
  upsertJob(job: JobInfo, ts: EpochMs): void {
    this.requireCluster(job.clusterId);
    checkInstant('job time', ts);
    const k = key(job.clusterId, job.jobId);
    if (this.jobs.get(k) === job.name) return;
    this.guard('writing to', () => {
      this.db
        .prepare('INSERT INTO jobs (cluster_id, job_id, name, first_ts) VALUES (?, ?, ?, ?) ON CONFLICT (cluster_id, job_id) DO UPDATE SET name = excluded.name')
        .run(job.clusterId, job.jobId, job.name, ts);
      this.jobs.set(k, job.name);
    });
  }

  /** Records vertices; a new version is stored only when name, parallelism or position changed. */
  upsertVertices(ts: EpochMs, vertices: readonly VertexInfo[]): number {
    checkInstant('vertex time', ts);
    for (const v of vertices) {
      if (!this.jobs.has(key(v.clusterId, v.jobId))) throw invalid(`vertex ${v.vertexId} belongs to unknown job ${v.jobId}; call upsertJob first`);
      if (!(Number.isSafeInteger(v.parallelism) && v.parallelism >= 1)) throw invalid(`vertex ${v.vertexId}: parallelism must be a positive integer`);
    }
    return this.guard('writing to', () => {
      const insertVertex = this.db.prepare('INSERT INTO vertices (cluster_id, job_id, vertex_id) VALUES (?, ?, ?)');
      const insertVersion = this.db.prepare(
        'INSERT OR REPLACE INTO vertex_versions (vertex_ref, ts, name, parallelism, max_parallelism, topo_index) VALUES (?, ?, ?, ?, ?, ?)',
      );
      const added = new Map<string, number>();
      const versions = new Map<number, VertexVersion>();
      this.db.transaction(() => {
        for (const v of vertices) {
          const k = key(v.clusterId, v.jobId, v.vertexId);
          let ref = this.vertexRefs.get(k) ?? added.get(k);
          if (ref === undefined) {
            ref = Number(insertVertex.run(v.clusterId, v.jobId, v.vertexId).lastInsertRowid);
            added.set(k, ref);
          }
          const next: VertexVersion = { name: v.name, parallelism: v.parallelism, maxParallelism: v.maxParallelism, topoIndex: v.topoIndex };
          const prev = versions.get(ref) ?? this.vertexVersions.get(ref);
          if (prev && prev.name === next.name && prev.parallelism === next.parallelism && prev.maxParallelism === next.maxParallelism && prev.topoIndex === next.topoIndex) continue;
          insertVersion.run(ref, ts, next.name, next.parallelism, next.maxParallelism, next.topoIndex);
          versions.set(ref, next);
        }
      })();
      for (const [k, ref] of added) {
        this.vertexRefs.set(k, ref);
        this.tracks.set(ref, { lastTs: -Infinity, state: null, sinceKey: 0, placement: null });
      }
      for (const [ref, v] of versions) this.vertexVersions.set(ref, v);
      return versions.size;
    });
  }

  /** Stores the job's edge set at `ts` if it differs from the last one; returns whether it did. */
  setEdges(clusterId: ClusterId, jobId: string, ts: EpochMs, edges: ReadonlyArray<Pick<EdgeInfo, 'source' | 'target' | 'shipStrategy'>>): boolean {
    checkInstant('edge time', ts);
    if (!this.jobs.has(key(clusterId, jobId))) throw invalid(`unknown job ${jobId} on cluster ${clusterId}; call upsertJob first`);
    const canonical = JSON.stringify(
      edges.map((e) => [e.source, e.target, e.shipStrategy]).sort((a, b) => (a.join('\u0000') < b.join('\u0000') ? -1 : a.join('\u0000') > b.join('\u0000') ? 1 : 0)),
    );
    const k = key(clusterId, jobId);
    if (this.edgeSets.get(k) === canonical) return false;
    return this.guard('writing to', () => {
      this.db.prepare('INSERT OR REPLACE INTO edge_sets (cluster_id, job_id, ts, edges) VALUES (?, ?, ?, ?)').run(clusterId, jobId, ts, canonical);
      this.edgeSets.set(k, canonical);
      return true;
    });
  }

  private vertexRef(clusterId: number, jobId: string, vertexId: string): number {
    const ref = this.vertexRefs.get(key(clusterId, jobId, vertexId));
    if (ref === undefined) throw invalid(`vertex ${vertexId} of job ${jobId} on cluster ${clusterId} was not declared with upsertVertices`);
    return ref;
  }

  private describeRef(ref: number): string {
    for (const [k, r] of this.vertexRefs) if (r === ref) return (JSON.parse(k) as [number, string, string])[2];
    return String(ref);
  }

  private subtaskMetricId(metric: string): number {
    const id = this.subtaskMetricIds.get(metric);
    if (id === undefined || !SUBTASK_METRIC_SET.has(metric)) throw invalid(`unknown subtask metric "${metric}"`);
    return id;
  }

  private tmRef(clusterId: number, tmId: string): number {
    const k = key(clusterId, tmId);
    let ref = this.tmRefs.get(k);
    if (ref === undefined) {
      this.db.prepare('INSERT OR IGNORE INTO taskmanagers (cluster_id, tm_id) VALUES (?, ?)').run(clusterId, tmId);
      ref = (this.db.prepare('SELECT ref FROM taskmanagers WHERE cluster_id = ? AND tm_id = ?').get(clusterId, tmId) as { ref: number }).ref;
      this.tmRefs.set(k, ref);
    }
    return ref;
  }

  /** Writes everything one poll produced in one transaction; on any error nothing of it is stored. */
  writeTick(batch: TickBatch): void {
    const { tick } = batch;
    this.requireCluster(tick.clusterId);
    checkInstant('tick time', tick.ts);
    if (!TICK_STATUSES.has(tick.status)) throw invalid(`unknown tick status "${tick.status}"`);
    const lastTs = this.lastTickTs.get(tick.clusterId);
    if (lastTs !== undefined && tick.ts <= lastTs) {
      throw invalid(`tick at ${tick.ts} is not after the previous tick of cluster ${tick.clusterId} at ${lastTs}`);
    }
    for (const p of tick.problems ?? []) {
      if (typeof p.endpoint !== 'string' || typeof p.kind !== 'string' || !Number.isSafeInteger(p.count) || p.count < 1) {
        throw invalid(`a tick problem needs an endpoint, a kind and a positive count`);
      }
    }
    const frames = (batch.vertexFrames ?? []).map((f) => this.prepareFrame(f, tick.clusterId));
    // Each frame is delta-encoded against the vertex's previous one: two in one batch would share a base.
    const seen = new Set<number>();
    for (const p of frames) {
      if (seen.has(p.ref)) throw invalid(`two frames of vertex ${this.describeRef(p.ref)} in one tick`);
      seen.add(p.ref);
    }
    const aggregates = (batch.vertexAggregates ?? []).map((a) => {
      checkInstant('aggregate time', a.ts);
      return [this.vertexRef(a.clusterId, a.jobId, a.vertexId), this.subtaskMetricId(a.metric), a.ts, a.min, a.max, a.avg, a.sum, a.skew].map((v) =>
        typeof v === 'number' && Number.isNaN(v) ? null : v,
      );
    });
    for (const e of batch.events ?? []) {
      if (!EVENT_KINDS.has(e.kind)) throw invalid(`unknown job event kind "${(e as JobEvent).kind}"`);
      checkInstant('event time', e.ts);
    }
    for (const c of batch.checkpoints ?? []) {
      checkInstant('checkpoint trigger time', c.triggerTs);
      checkInstant('checkpoint end time', c.endTs);
    }
    for (const g of batch.gcWindows ?? []) {
      checkInstant('GC window start', g.start);
      checkInstant('GC window end', g.end);
      if (g.collector !== null && !this.gcCollectorWindows) throw invalid(`GC windows per collector need format 3; ${this.path} is older`);
    }
    const tmFrames = (batch.taskManagerFrames ?? []).map((f) => {
      checkInstant('TaskManager frame time', f.ts);
      const entries: Array<[number, number]> = [];
      for (const [name, value] of Object.entries(f.values)) {
        if (!TASKMANAGER_METRIC_SET.has(name)) throw invalid(`unknown TaskManager metric "${name}"`);
        if (value !== undefined) entries.push([this.tmMetricIds.get(name)!, value]);
      }
      return { f, data: encodeTaskManagerValues(entries) };
    });

    this.guard('writing to', () => {
      const db = this.db;
      // TaskManager ids first, in their own statements: harmless if the tick then fails.
      const tmFrameRefs = tmFrames.map(({ f }) => this.tmRef(f.clusterId, f.taskManagerId));
      const gcRefs = (batch.gcWindows ?? []).map((g) => this.tmRef(g.clusterId, g.taskManagerId));
      db.transaction(() => {
        db.prepare(
          'INSERT INTO ticks (cluster_id, ts, status, latency_ms, server_ts, fresh, requests, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        ).run(tick.clusterId, tick.ts, tick.status, tick.latencyMs, tick.serverTs, tick.fresh ? 1 : 0, tick.requests, tick.error);
        // A file older than format 4 keeps only the tick's error text.
        if (this.tickProblems && tick.problems?.length) {
          const insProblem = db.prepare('INSERT INTO tick_problems (cluster_id, ts, endpoint, kind, count) VALUES (?, ?, ?, ?, ?)');
          for (const p of tick.problems) insProblem.run(tick.clusterId, tick.ts, p.endpoint, p.kind, p.count);
        }
        const insFrame = db.prepare('INSERT INTO vertex_frames (vertex_ref, ts, key, parallelism, data) VALUES (?, ?, ?, ?, ?)');
        const insSummary = db.prepare('INSERT OR REPLACE INTO vertex_summaries (vertex_ref, metric_id, ts, min, max, mean, count) VALUES (?, ?, ?, ?, ?, ?, ?)');
        const insPlacement = db.prepare('INSERT OR REPLACE INTO placements (vertex_ref, ts, task_managers) VALUES (?, ?, ?)');
        for (const p of frames) {
          insFrame.run(p.ref, p.ts, p.key ? 1 : 0, p.parallelism, p.data);
          for (const s of p.summaries) insSummary.run(p.ref, s.metricId, p.ts, s.min, s.max, s.mean, s.count);
          if (p.placement !== null) insPlacement.run(p.ref, p.ts, p.placement);
        }
        const insAggregate = db.prepare('INSERT OR REPLACE INTO vertex_aggregates (vertex_ref, metric_id, ts, min, max, avg, sum, skew) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
        for (const a of aggregates) insAggregate.run(...a);
        const insTm = db.prepare('INSERT OR REPLACE INTO taskmanager_frames (tm_ref, ts, data) VALUES (?, ?, ?)');
        tmFrames.forEach(({ f, data }, i) => insTm.run(tmFrameRefs[i], f.ts, data));
        const upsertCheckpoint = db.prepare(
          `INSERT INTO checkpoints (cluster_id, job_id, checkpoint_id, status, is_savepoint, trigger_ts, end_ts, checkpointed_size, state_size, alignment_ms, failure_message)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (cluster_id, job_id, checkpoint_id) DO UPDATE SET status = excluded.status, is_savepoint = excluded.is_savepoint,
             trigger_ts = excluded.trigger_ts, end_ts = excluded.end_ts, checkpointed_size = excluded.checkpointed_size,
             state_size = excluded.state_size, alignment_ms = excluded.alignment_ms, failure_message = excluded.failure_message`,
        );
        for (const c of batch.checkpoints ?? []) {
          upsertCheckpoint.run(c.clusterId, c.jobId, c.id, c.status, c.isSavepoint ? 1 : 0, c.triggerTs, c.endTs, c.checkpointedSize, c.stateSize, c.alignmentMs, c.failureMessage);
        }
        // Raw windows: of one collector, or (collector unknown) of the sum over all of them.
        const insGc = db.prepare('INSERT OR REPLACE INTO gc_windows (tm_ref, start_ts, end_ts, gc_time_ms, gc_count) VALUES (?, ?, ?, ?, ?)');
        const insGcCollector = this.gcCollectorWindows
          ? db.prepare('INSERT OR REPLACE INTO gc_collector_windows (tm_ref, collector, start_ts, end_ts, gc_time_ms, gc_count) VALUES (?, ?, ?, ?, ?, ?)')
          : null;
        (batch.gcWindows ?? []).forEach((g, i) => {
          if (g.collector === null) insGc.run(gcRefs[i], g.start, g.end, g.gcTimeMs, g.gcCount);
          else insGcCollector!.run(gcRefs[i], g.collector, g.start, g.end, g.gcTimeMs, g.gcCount);
        });
        const insEvent = db.prepare('INSERT INTO events (cluster_id, job_id, ts, kind, data) VALUES (?, ?, ?, ?, ?)');
        for (const e of batch.events ?? []) insEvent.run(e.clusterId, e.jobId, e.ts, e.kind, JSON.stringify(e));
      })();
      // Only after the commit: a failed tick must leave the delta bases where the file has them.
      this.lastTickTs.set(tick.clusterId, tick.ts);
      for (const p of frames) {
        const track = this.tracks.get(p.ref)!;
        track.lastTs = p.ts;
        track.state = p.state;
        track.sinceKey = p.key ? 1 : track.sinceKey + 1;
        if (p.placement !== null) track.placement = p.placement;
      }
    });
  }

  private prepareFrame(f: VertexFrame, clusterId: number) {
    if (f.clusterId !== clusterId) throw invalid(`frame of vertex ${f.vertexId} belongs to cluster ${f.clusterId}, the tick to cluster ${clusterId}`);
    checkInstant('frame time', f.ts);
    const ref = this.vertexRef(f.clusterId, f.jobId, f.vertexId);
    const track = this.tracks.get(ref)!;
    if (f.ts <= track.lastTs) throw invalid(`frame of vertex ${f.vertexId} at ${f.ts} is not after its previous frame at ${track.lastTs}`);
    const n = f.parallelism;
    if (!(Number.isSafeInteger(n) && n >= 1)) throw invalid(`frame of vertex ${f.vertexId}: parallelism must be a positive integer`);
    const columns: FrameColumn[] = [];
    const summaries: Array<{ metricId: number; min: number; max: number; mean: number; count: number }> = [];
    for (const [metric, values] of Object.entries(f.subtasks)) {
      if (values === undefined) continue;
      const metricId = this.subtaskMetricId(metric);
      if (values.length !== n) throw invalid(`frame of vertex ${f.vertexId}: ${metric} has ${values.length} values for parallelism ${n}`);
      columns.push({ metricId, exp: metricExponent(metric), values });
      let min = Infinity;
      let max = -Infinity;
      let sum = 0;
      let count = 0;
      for (let i = 0; i < n; i++) {
        const v = values[i]!;
        if (!Number.isFinite(v)) continue;
        if (v < min) min = v;
        if (v > max) max = v;
        sum += v;
        count++;
      }
      if (count > 0) summaries.push({ metricId, min, max, mean: sum / count, count });
    }
    let placement: string | null = null;
    if (f.taskManagers !== undefined) {
      if (f.taskManagers.length !== n) throw invalid(`frame of vertex ${f.vertexId}: ${f.taskManagers.length} TaskManagers for parallelism ${n}`);
      const json = JSON.stringify(f.taskManagers);
      if (json !== track.placement) placement = json;
    }
    const isKey = track.state === null || track.sinceKey >= KEY_FRAME_INTERVAL || track.state.parallelism !== n;
    const { data, state } = encodeFrame(n, columns, isKey ? null : track.state, { level: this.level });
    return { ref, ts: f.ts, parallelism: n, key: isKey, data, state, summaries, placement };
  }

  addAnnotation(a: NewAnnotation): Annotation {
    return this.guard('writing to', () => annotations.insertAnnotation(this.db, a, epochMs(this.now())));
  }

  updateAnnotation(id: number, patch: AnnotationPatch): Annotation {
    return this.guard('writing to', () => annotations.updateAnnotation(this.db, id, patch, epochMs(this.now())));
  }

  deleteAnnotation(id: number): boolean {
    return this.guard('writing to', () => annotations.deleteAnnotation(this.db, id));
  }

  listAnnotations(): Annotation[] {
    return annotations.listAnnotations(this.db);
  }

  /**
   * Checkpoints the WAL into the main file and leaves WAL mode, so a finished session is one
   * self-contained file and readers of it create no -wal/-shm files. Safe to call twice.
   */
  close(): void {
    if (!this.db.open) return;
    try {
      if (!this.failure) this.db.pragma('journal_mode = DELETE');
    } catch {
      // Busy (a reader has it open) or disk full: the WAL stays and SQLite replays it on open.
    }
    this.db.close();
    this.failure ??= new SessionFileError('closed', `session ${this.path} is closed`, this.path);
  }
}
