// Writes a session file while it is recorded and annotated (copy.ts writes copies and slices of
// finished ones). One transaction per tick: a crash (even kill -9) loses at most the tick being
// written. WAL with synchronous=NORMAL: a commit is in the WAL (handed to the OS) before
// writeTick returns, so a process crash never loses it; only a power loss or kernel crash can drop
// the last commits, and never corrupts the file. FULL would add an fsync per tick for that case,
// which a flight recorder on a laptop does not need.
//
// The SQL is in sql/ by domain; this class checks input (tick-input.ts), keeps the file's ids
// (writer-ids.ts), runs each write in its transaction and maps SQLite failures.

import Database from 'better-sqlite3';
import type { ClusterId, EdgeInfo, JobInfo, VertexInfo } from '../../shared/model';
import { SAMPLE_RULES_VERSION } from '../../shared/analysis/series';
import { epochMs, type EpochMs } from '../../shared/time';
import { createSessionFile, type NewSessionHeader } from './create';
import { SessionFileError, toSessionError } from './errors';
import { applyMigrations } from './migrate';
import { openChecked } from './open';
import { MIGRATIONS, type Migration } from './schema';
import * as annotations from './sql/annotations';
import {
  insertAggregate,
  insertFrame,
  insertPlacement,
  insertSummary,
  insertTaskManagerFrame,
  insertTick,
} from './sql/frames';
import type { Db } from './sql/statements';
import { hasEvidence, insertEvidence } from './sql/evidence';
import { hasFrameSamples, insertSample } from './sql/samples';
import { hasTickProblems, insertTickProblem } from './sql/tick-problems';
import { hasSource, setSourceEnd, writeSource } from './sql/source';
import type { SessionSource } from '../../shared/provenance';
import {
  encodeEdgeSet,
  insertCluster,
  insertEdgeSet,
  insertVertex,
  insertVertexVersion,
  sameVertexVersion,
  setClusterFetchInterval,
  setClusterFlinkVersion,
  upsertJob,
  type VertexVersion,
} from './sql/topology';
import { hasCollectorWindows, insertEvent, insertGcWindow, upsertCheckpoint } from './sql/windows';
import { checkInstant, invalid, requireCluster, requireJob, storedTick } from './tick-input';
import type { Annotation, AnnotationPatch, NewAnnotation, TickBatch } from './types';
import { sanitizeClusterUrl } from './url';
import { WriterIds } from './writer-ids';

export { KEY_FRAME_INTERVAL } from './tick-input';
export type { NewSessionHeader };

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

export interface NewCluster {
  url: string;
  flinkVersion: string | null;
  fetchIntervalMs: number | null;
  pollIntervalMs: number;
}

/** What the recorder learns about a cluster after connecting. */
export interface ClusterPatch {
  flinkVersion?: string | null;
  fetchIntervalMs?: number | null;
}

/**
 * Told what was written, after it was (a failed write tells nothing), in the order it was written:
 * how the recorder thread follows a recording for its live analysis without wrapping the writer.
 * An observer that throws fails the write call, though what it was told of is stored.
 */
export interface WriteObserver {
  clusterUpdated?(id: ClusterId, patch: ClusterPatch): void;
  jobUpserted?(job: JobInfo, ts: EpochMs): void;
  verticesUpserted?(ts: EpochMs, vertices: readonly VertexInfo[]): void;
  tickWritten?(batch: TickBatch): void;
}

export class SessionWriter {
  private failure: SessionFileError | null = null;
  private readonly level: number;
  private readonly now: () => number;
  private readonly ids: WriterIds;
  /** The file has per-collector GC windows (format 3+; tests write older formats too). */
  private readonly collectorWindows: boolean;
  /** Whether the file has tick_problems (format 4+). */
  private readonly tickProblems: boolean;
  /** Whether the file has the evidence table (format 5+). */
  private readonly evidence: boolean;
  /** Whether the file has frame_samples (format 6+). */
  private readonly samples: boolean;
  private readonly observers = new Set<WriteObserver>();

  private constructor(
    private readonly db: Db,
    readonly path: string,
    options: WriterOptions,
  ) {
    this.level = options.compressionLevel ?? 6;
    this.now = options.now ?? Date.now;
    if (options.maxBytes !== undefined) {
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      db.pragma(`max_page_count = ${Math.max(1, Math.floor(options.maxBytes / pageSize))}`);
    }
    this.collectorWindows = hasCollectorWindows(db);
    this.tickProblems = hasTickProblems(db);
    this.evidence = hasEvidence(db);
    this.samples = hasFrameSamples(db);
    this.ids = new WriterIds(db);
  }

  /** Creates a new session file; refuses to overwrite an existing one. */
  static create(path: string, header: NewSessionHeader, options: WriterOptions = {}): SessionWriter {
    createSessionFile(path, header, options.migrations ?? MIGRATIONS, options.now ?? Date.now);
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

  /** Tells `observer` of every write from now on; returns the function that stops it. */
  observe(observer: WriteObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  private tell(fn: (o: WriteObserver) => void): void {
    for (const o of this.observers) fn(o);
  }

  /** Runs a write; SQLite failures become SessionFileErrors, and disk-full / I/O errors stop the writer. */
  private guard<T>(doing: string, fn: () => T): T {
    if (this.failure)
      throw new SessionFileError(
        'closed',
        `session ${this.path} no longer accepts writes: ${this.failure.message}`,
        this.path,
      );
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
    if (!(Number.isFinite(cluster.pollIntervalMs) && cluster.pollIntervalMs > 0))
      throw invalid(`poll interval must be positive, got ${cluster.pollIntervalMs}`);
    return this.guard('writing to', () => {
      const id = insertCluster(this.db, {
        url,
        flinkVersion: cluster.flinkVersion,
        fetchIntervalMs: cluster.fetchIntervalMs,
        pollIntervalMs: cluster.pollIntervalMs,
      });
      this.ids.clusters.add(id);
      return id;
    });
  }

  /** Fills in what the recorder learns after connecting (Flink version, fetch interval). */
  updateCluster(id: ClusterId, patch: ClusterPatch): void {
    requireCluster(this.ids, id);
    this.guard('writing to', () => {
      if (patch.flinkVersion !== undefined) setClusterFlinkVersion(this.db, id, patch.flinkVersion);
      if (patch.fetchIntervalMs !== undefined) setClusterFetchInterval(this.db, id, patch.fetchIntervalMs);
    });
    this.tell((o) => o.clusterUpdated?.(id, patch));
  }

  /** Records a job the first time it is seen (at `ts`) and keeps its latest name. */
  upsertJob(job: JobInfo, ts: EpochMs): void {
    requireCluster(this.ids, job.clusterId);
    checkInstant('job time', ts);
    if (this.ids.jobName(job.clusterId, job.jobId) !== job.name) {
      this.guard('writing to', () => {
        upsertJob(this.db, job, ts);
        this.ids.setJobName(job.clusterId, job.jobId, job.name);
      });
    }
    this.tell((o) => o.jobUpserted?.(job, ts));
  }

  /** Records vertices; a new version is stored only when name, parallelism or position changed. */
  upsertVertices(ts: EpochMs, vertices: readonly VertexInfo[]): number {
    checkInstant('vertex time', ts);
    for (const v of vertices) {
      requireJob(this.ids, v.clusterId, v.jobId, `vertex ${v.vertexId} belongs to unknown job ${v.jobId}`);
      if (!(Number.isSafeInteger(v.parallelism) && v.parallelism >= 1))
        throw invalid(`vertex ${v.vertexId}: parallelism must be a positive integer`);
    }
    const stored = this.guard('writing to', () => {
      const added = new Map<string, { v: VertexInfo; ref: number }>();
      const versions = new Map<number, VertexVersion>();
      this.db.transaction(() => {
        for (const v of vertices) {
          const k = JSON.stringify([v.clusterId, v.jobId, v.vertexId]);
          let ref = this.ids.vertexRef(v.clusterId, v.jobId, v.vertexId) ?? added.get(k)?.ref;
          if (ref === undefined) {
            ref = insertVertex(this.db, v.clusterId, v.jobId, v.vertexId);
            added.set(k, { v, ref });
          }
          const next: VertexVersion = {
            name: v.name,
            parallelism: v.parallelism,
            maxParallelism: v.maxParallelism,
            topoIndex: v.topoIndex,
          };
          const prev = versions.get(ref) ?? this.ids.vertexVersions.get(ref);
          if (prev && sameVertexVersion(prev, next)) continue;
          insertVertexVersion(this.db, ref, ts, next);
          versions.set(ref, next);
        }
      })();
      // Only after the commit: a failed transaction leaves the ids as the file has them.
      for (const { v, ref } of added.values()) this.ids.addVertex(v.clusterId, v.jobId, v.vertexId, ref);
      for (const [ref, v] of versions) this.ids.vertexVersions.set(ref, v);
      return versions.size;
    });
    this.tell((o) => o.verticesUpserted?.(ts, vertices));
    return stored;
  }

  /** Stores the job's edge set at `ts` if it differs from the last one; returns whether it did. */
  setEdges(
    clusterId: ClusterId,
    jobId: string,
    ts: EpochMs,
    edges: ReadonlyArray<Pick<EdgeInfo, 'source' | 'target' | 'shipStrategy'>>,
  ): boolean {
    checkInstant('edge time', ts);
    requireJob(this.ids, clusterId, jobId, `unknown job ${jobId} on cluster ${clusterId}`);
    const encoded = encodeEdgeSet(edges);
    if (this.ids.edgeSet(clusterId, jobId) === encoded) return false;
    return this.guard('writing to', () => {
      insertEdgeSet(this.db, clusterId, jobId, ts, encoded);
      this.ids.setEdgeSet(clusterId, jobId, encoded);
      return true;
    });
  }

  /** Writes everything one poll produced in one transaction; on any error nothing of it is stored. */
  writeTick(batch: TickBatch): void {
    const { tick } = batch;
    const stored = storedTick(this.ids, batch, {
      collectorWindows: this.collectorWindows,
      path: this.path,
      level: this.level,
      samples: this.samples,
    });
    this.guard('writing to', () => {
      const db = this.db;
      // TaskManager ids first, in their own statements: harmless if the tick then fails.
      const tmFrameRefs = stored.taskManagerFrames.map((f) => this.ids.taskManagerRef(f.clusterId, f.taskManagerId));
      const gcRefs = (batch.gcWindows ?? []).map((g) => this.ids.taskManagerRef(g.clusterId, g.taskManagerId));
      db.transaction(() => {
        insertTick(db, tick);
        // A file older than format 4 keeps only the tick's error text.
        if (this.tickProblems) for (const p of tick.problems ?? []) insertTickProblem(db, tick.clusterId, tick.ts, p);
        for (const f of stored.frames) {
          insertFrame(db, f.ref, f.ts, f.key, f.parallelism, f.data);
          for (const s of f.summaries) insertSummary(db, f.ref, f.ts, s);
          if (f.placement !== null) insertPlacement(db, f.ref, f.ts, f.placement);
          if (this.samples) insertSample(db, f.ref, f.ts, f.parallelism, SAMPLE_RULES_VERSION, f.sample);
        }
        for (const a of stored.aggregates) insertAggregate(db, a.ref, a.metricId, a.ts, a.values);
        stored.taskManagerFrames.forEach((f, i) => insertTaskManagerFrame(db, tmFrameRefs[i]!, f.ts, f.data));
        for (const c of batch.checkpoints ?? []) upsertCheckpoint(db, c);
        (batch.gcWindows ?? []).forEach((g, i) => insertGcWindow(db, gcRefs[i]!, g));
        for (const e of batch.events ?? []) insertEvent(db, e);
        if (this.evidence) for (const e of batch.evidence ?? []) insertEvidence(db, e, this.level);
      })();
      // Only after the commit: a failed tick must leave the delta bases where the file has them.
      this.ids.lastTickTs.set(tick.clusterId, tick.ts);
      for (const f of stored.frames) {
        const track = this.ids.tracks.get(f.ref)!;
        track.lastTs = f.ts;
        track.state = f.state;
        track.sinceKey = f.key ? 1 : track.sinceKey + 1;
        if (f.placement !== null) track.placement = f.placement;
        if (f.nextBase !== undefined) this.ids.sampleBases.set(f.ref, f.nextBase);
      }
    });
    this.tell((o) => o.tickWritten?.(batch));
  }

  /** Records where an imported session's data came from (format 7+; the URL is stripped of credentials). */
  setSource(source: SessionSource): void {
    if (!hasSource(this.db)) throw invalid('this session file is older than format 7 and cannot record its source');
    const s = { ...source, url: sanitizeClusterUrl(source.url) };
    this.guard('writing to', () => writeSource(this.db, s));
  }

  /** Moves the source's window end to `to` (the last instant a followed import wrote). */
  setSourceEnd(to: EpochMs): void {
    this.guard('writing to', () => setSourceEnd(this.db, to));
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
