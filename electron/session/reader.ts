// Read-only access to a session file: never writes, never migrates. Follows a file that is being
// recorded (WAL): every query sees the latest commit; call refresh() to pick up new metric names
// or vertices in the lookup caches (lookups also refresh on a miss).
//
// The SQL is in sql/ by domain, frame decoding in decode-frames.ts; this class checks arguments,
// resolves names to the file's ids (reader-ids.ts) and maps failures to SessionFileErrors.

import { existsSync, statSync } from 'node:fs';
import type {
  CheckpointEvent,
  ClusterId,
  ClusterInfo,
  EdgeInfo,
  GcWindow,
  JobEvent,
  JobEventKind,
  JobInfo,
  SubtaskMetric,
  TaskManagerFrame,
  TaskManagerMetric,
  TickInfo,
  VertexFrame,
  VertexInfo,
} from '../../shared/model';
import { epochMs, type EpochMs, type TimeRange } from '../../shared/time';
import type { EvidenceEntry } from '../../shared/evidence';
import { decodeVertexFrames } from './decode-frames';
import { DecodedRuns, lazyVertexFrames, type Connection } from './lazy-frames';
import { hasFrameSamples } from './sql/samples';
import { SessionFileError, toSessionError } from './errors';
import { FrameDecodeError, type FrameMemory } from './frame-codec';
import { summarize } from './info';
import { readSource } from './sql/source';
import type { SessionSource } from '../../shared/provenance';
import { openChecked, type OpenOptions } from './open';
import { ReaderIds } from './reader-ids';
import {
  getAnnotation,
  hasAnnotations,
  listAnnotations,
  listAnnotationSummaries,
  type SummaryQuery,
} from './sql/annotations';
import { isSubtaskMetric, readHeader } from './sql/catalog';
import {
  aggregatesIn,
  keyFramesStart,
  lastFrameTs,
  placementsAt,
  rollupRows,
  summaryMaxRows,
  taskManagerFramesIn,
  tickOutcomes,
  tickRange,
  ticksIn,
} from './sql/frames';
import type { Db } from './sql/statements';
import { evidenceData, listEvidence } from './sql/evidence';
import { endpointProblems } from './sql/tick-problems';
import { edgesAt, listClusters, listJobs, vertexCountsByJob, verticesAsOf } from './sql/topology';
import { checkpointsIn, eventsIn, gcWindowsIn } from './sql/windows';
import { decodeTaskManagerValues } from './taskmanager-codec';
import type { Annotation, Placement, RollupBucket, SessionHeader, SessionInfo, VertexAggregate } from './types';

const FOREVER = Number.MAX_SAFE_INTEGER;
/** Failing endpoints `info` lists per cluster. */
const INFO_PROBLEMS = 10;

function checkRange(range: TimeRange): void {
  if (!(Number.isFinite(range.from) && Number.isFinite(range.to)) || range.to < range.from) {
    throw new SessionFileError('invalid-input', `invalid time range ${range.from}..${range.to}`);
  }
}

/**
 * SQLite's page cache of a reader's connection (KiB). better-sqlite3 builds SQLite with 16 MB a
 * connection, and the served mode holds three or four (the HTTP thread, the query worker, the
 * analysis worker): each fills up on a long session. Pages come back from the OS' file cache.
 */
export const READER_CACHE_KB = 2048;

/**
 * Bytes of decoded frame values an analysis input keeps at most (its lazily decoded runs). 24 h
 * `large`, the analysis process' peak RSS (two runs each): 16 MB 226–229, 8 MB 223–226, 4 MB
 * 209–215 MB; first analysis 1.7–1.8 s and the live re-analysis p95 (12 / 23 ms at 1 h / 24 h) the same.
 */
export const ANALYSIS_DECODE_BYTES = 4 * 1024 * 1024;

export class SessionReader {
  private readonly ids: ReaderIds;
  /** Opened when frames handed out lazily are decoded after close(). */
  private detached: { db: Db; ids: ReaderIds } | null = null;

  private constructor(
    private readonly db: Db,
    readonly path: string,
  ) {
    this.ids = this.run(() => new ReaderIds(db));
  }

  /** Opens read-only after validating the file (see open.ts for the error kinds). */
  static open(path: string, options: OpenOptions = {}): SessionReader {
    const db = openChecked(path, options);
    db.pragma(`cache_size = -${READER_CACHE_KB}`);
    return new SessionReader(db, path);
  }

  /** Reloads the lookup caches (metric names, vertices) from the file. */
  refresh(): void {
    this.run(() => this.ids.reload());
  }

  private run<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof FrameDecodeError)
        throw new SessionFileError(
          'corrupt',
          `session file ${this.path} has a damaged frame: ${err.message}`,
          this.path,
        );
      throw toSessionError(err, this.path, 'reading');
    }
  }

  header(): SessionHeader {
    return this.run(() => {
      const h = readHeader(this.db);
      if (h === null) throw new SessionFileError('corrupt', `session file ${this.path} has no header`, this.path);
      return h;
    });
  }

  /** Where an imported session's data came from; null for a REST recording (or a file before format 7). */
  source(): SessionSource | null {
    return this.run(() => readSource(this.db));
  }

  clusters(): ClusterInfo[] {
    return this.run(() => listClusters(this.db));
  }

  jobs(): JobInfo[] {
    return this.run(() => listJobs(this.db));
  }

  /** Every vertex known at `asOf` (default: now) with its name and parallelism as of then. */
  vertices(asOf: EpochMs = epochMs(FOREVER)): VertexInfo[] {
    return this.run(() => verticesAsOf(this.db, asOf));
  }

  /** The edge set of every job as of `ts`. */
  edgesAt(ts: EpochMs): EdgeInfo[] {
    return this.run(() => edgesAt(this.db, ts));
  }

  /** First and last tick over all clusters; null for a session without ticks. */
  timeRange(): TimeRange | null {
    return this.run(() => tickRange(this.db));
  }

  ticks(range: TimeRange, clusterId?: ClusterId): TickInfo[] {
    checkRange(range);
    return this.run(() => ticksIn(this.db, range, clusterId ?? null));
  }

  /**
   * Decoded frames of one vertex inside the range, oldest first. `metrics` limits what is decoded.
   * `taskManagers` is set on the first frame (placement as of then) and where placement changed.
   * With `memory` the values live in it, until its next reset (frame-codec.ts).
   */
  vertexFrames(
    clusterId: ClusterId,
    jobId: string,
    vertexId: string,
    range: TimeRange,
    metrics?: readonly SubtaskMetric[],
    memory?: FrameMemory,
  ): VertexFrame[] {
    checkRange(range);
    const v = this.ids.vertex(clusterId, jobId, vertexId);
    if (v === null) return [];
    return this.run(() => decodeVertexFrames(this.db, this.ids, v, range.from, range.to, metrics, memory));
  }

  /**
   * Every vertex's frames inside the range for the analysis. Each frame decodes its values only
   * when they are read (even after close(): the file is then opened again, read-only), within a
   * bounded cache of decoded runs; in a file with stored samples (format 6+) it carries its
   * sample, so most are never decoded. An older file's frames are all decoded once, one run at a
   * time, instead of all held at once (a day of a large job would be ≈ 5 GB of values).
   */
  analysisFrames(
    range: TimeRange,
    vertices: ReadonlyArray<{ clusterId: ClusterId; jobId: string; vertexId: string }>,
    decode: number | DecodedRuns = ANALYSIS_DECODE_BYTES,
  ): {
    frames: VertexFrame[];
    runs: DecodedRuns;
  } {
    checkRange(range);
    // Bytes to decode at most, or the decoded runs of an earlier read (a growing session's).
    const runs = typeof decode === 'number' ? new DecodedRuns(decode) : decode;
    const sampled = this.run(() => hasFrameSamples(this.db));
    const connection: Connection = () => {
      if (this.db.open) return { db: this.db, ids: this.ids };
      if (this.detached === null) {
        const db = openChecked(this.path, { skipQuickCheck: true });
        this.detached = { db, ids: new ReaderIds(db) };
      }
      return this.detached;
    };
    const frames = vertices.flatMap((x) => {
      const v = this.ids.vertex(x.clusterId, x.jobId, x.vertexId);
      return v === null
        ? []
        : this.run(() => lazyVertexFrames(connection, v, range.from, range.to, runs, (fn) => this.run(fn), sampled));
    });
    return { frames, runs };
  }

  /**
   * The earliest of every vertex's latest key frame at or before `ts`, or null: reading frames from
   * there, the first one of each vertex decodes alone (frames recorded together share key frames).
   */
  keyFramesBefore(ts: EpochMs): EpochMs | null {
    const k = this.run(() => keyFramesStart(this.db, ts));
    return k === null ? null : epochMs(k);
  }

  /** The latest frame of every vertex at or before `ts` (what the UI shows while scrubbing). */
  stateAt(ts: EpochMs, metrics?: readonly SubtaskMetric[]): VertexFrame[] {
    return this.run(() => {
      this.ids.reload(); // vertices added since open must be included
      return this.ids.allVertices().flatMap((v) => {
        const last = lastFrameTs(this.db, v.ref, ts);
        return last === null ? [] : decodeVertexFrames(this.db, this.ids, v, last, last, metrics);
      });
    });
  }

  /** TaskManager per subtask of every vertex as of `ts`. */
  placementAt(ts: EpochMs): Placement[] {
    return this.run(() => placementsAt(this.db, ts));
  }

  /**
   * min/max/mean of one metric over all subtasks and ticks per bucket, from the per-tick summaries
   * written with each frame (no frame blob is decoded). Always returns `buckets` entries.
   */
  vertexRollup(
    clusterId: ClusterId,
    jobId: string,
    vertexId: string,
    metric: SubtaskMetric,
    range: TimeRange,
    buckets: number,
  ): RollupBucket[] {
    checkRange(range);
    if (!(Number.isSafeInteger(buckets) && buckets >= 1))
      throw new SessionFileError('invalid-input', `bucket count must be a positive integer, got ${buckets}`);
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
    const v = this.ids.vertex(clusterId, jobId, vertexId);
    const metricId = this.ids.subtaskMetricId(metric);
    if (v === null || metricId === undefined) return out;
    return this.run(() => {
      for (const r of rollupRows(this.db, v.ref, metricId, range, buckets))
        Object.assign(out[r.b]!, { min: r.mn, max: r.mx, mean: r.mean, ticks: r.n });
      return out;
    });
  }

  /**
   * The max over all subtasks of one metric at every tick inside the range that has it, from the
   * per-tick summaries (no frame blob is decoded), oldest first; NaN where no subtask had a value.
   */
  vertexSummaryMax(
    clusterId: ClusterId,
    jobId: string,
    vertexId: string,
    metric: SubtaskMetric,
    range: TimeRange,
  ): { ts: Float64Array; max: Float64Array } {
    checkRange(range);
    const v = this.ids.vertex(clusterId, jobId, vertexId);
    const metricId = this.ids.subtaskMetricId(metric);
    if (v === null || metricId === undefined) return { ts: new Float64Array(0), max: new Float64Array(0) };
    return this.run(() => summaryMaxRows(this.db, v.ref, metricId, range));
  }

  /** Cluster-side aggregates inside the range, optionally of one vertex. */
  vertexAggregates(
    range: TimeRange,
    vertex?: { clusterId: ClusterId; jobId: string; vertexId: string },
  ): VertexAggregate[] {
    checkRange(range);
    const v = vertex === undefined ? null : this.ids.vertex(vertex.clusterId, vertex.jobId, vertex.vertexId);
    if (vertex !== undefined && v === null) return [];
    return this.run(() =>
      aggregatesIn(this.db, range, v?.ref ?? null).flatMap((a) => {
        if (!isSubtaskMetric(a.metric)) return [];
        const k = this.ids.vertexByRefOf(a.ref)!;
        return [
          {
            clusterId: k.clusterId,
            jobId: k.jobId,
            vertexId: k.vertexId,
            ts: a.ts,
            metric: a.metric,
            min: a.min,
            max: a.max,
            avg: a.avg,
            sum: a.sum,
            skew: a.skew,
          },
        ];
      }),
    );
  }

  taskManagerFrames(range: TimeRange, clusterId?: ClusterId): TaskManagerFrame[] {
    checkRange(range);
    return this.run(() =>
      taskManagerFramesIn(this.db, range, clusterId ?? null).map((r) => {
        const values: Partial<Record<TaskManagerMetric, number>> = {};
        for (const [id, value] of decodeTaskManagerValues(r.data)) {
          const name = this.ids.taskManagerMetricName(id);
          if (name !== undefined) values[name] = value;
        }
        return { clusterId: r.clusterId, taskManagerId: r.taskManagerId, ts: r.ts, values };
      }),
    );
  }

  /** Checkpoints whose [trigger, end] overlaps the range, by trigger time. */
  checkpoints(range: TimeRange): CheckpointEvent[] {
    checkRange(range);
    return this.run(() => checkpointsIn(this.db, range));
  }

  /**
   * Raw GC windows overlapping the range, as recorded: one per sample pair and collector (or of
   * the sum over all collectors, collector null). Show them through `mergeGcWindows`.
   */
  gcWindows(range: TimeRange): GcWindow[] {
    checkRange(range);
    return this.run(() => gcWindowsIn(this.db, range));
  }

  events(range: TimeRange, kinds?: readonly JobEventKind[]): JobEvent[] {
    checkRange(range);
    return this.run(() => eventsIn(this.db, range, kinds));
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

  /** Flame graphs and thread dumps captured while recording, in time order, without their data. */
  evidence(): EvidenceEntry[] {
    return this.run(() => listEvidence(this.db));
  }

  /** One piece of evidence's captured answer (FlameGraph or ThreadDump); null when none was stored. */
  evidenceData(id: number): unknown {
    return this.run(() => evidenceData(this.db, id));
  }

  /** Summary for `backflow info`. */
  info(): SessionInfo {
    return this.run(() => {
      const counts = new Map(
        vertexCountsByJob(this.db).map((r) => [JSON.stringify([r.clusterId, r.jobId]), r.vertices]),
      );
      const wal = `${this.path}-wal`;
      const fileBytes = statSync(this.path).size + (existsSync(wal) ? statSync(wal).size : 0);
      return summarize({
        header: this.header(),
        source: readSource(this.db),
        clusters: this.clusters(),
        jobs: this.jobs().map((j) => ({ ...j, vertices: counts.get(JSON.stringify([j.clusterId, j.jobId])) ?? 0 })),
        ticks: tickOutcomes(this.db),
        problems: endpointProblems(this.db, INFO_PROBLEMS),
        fileBytes,
      });
    });
  }

  close(): void {
    if (this.db.open) this.db.close();
    if (this.detached?.db.open) this.detached.db.close();
    this.detached = null;
  }
}
