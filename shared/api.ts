// The API contract between the replay UI and the main side, defined once. Both bridges (HTTP in
// served mode, Electron IPC in the desktop app) validate params with the same zod schemas below
// and return the same result types. Results are plain JSON: NaN never crosses the bridge (null means
// "not reported"), the renderer never receives SQL, a file path it did not choose, or a whole
// session — every call is bounded by a time window and a bucket/column count, and every answer
// by MAX_ANSWER_BYTES (encodeAnswer, used by both bridges).

import { z } from 'zod';
import { finiteOrNull } from './finite';
import type {
  Annotation,
  CheckpointEvent,
  ClusterId,
  ClusterInfo,
  EdgeInfo,
  GcWindow,
  JobEvent,
  JobInfo,
  Level,
  VertexInfo,
} from './model';
import { BUFFER_USAGES, RECORD_RATES, TIME_GAUGES } from './model';
import type { EvidenceEntry, FlameGraph, ThreadDump } from './evidence';
import type { SessionSource } from './provenance';
import type { TimeRange } from './time';
import type { AlignMode, CompareDocument } from './compare/document';

/** Upper bounds so a caller cannot ask the main side to materialise huge arrays. */
export const MAX_BUCKETS = 4000;
export const MAX_COLUMNS = 2000;
/**
 * Vertex lanes one overview answer carries: 200 × MAX_BUCKETS codes of at most 5 bytes ("null,")
 * is 4 MB, a quarter of MAX_ANSWER_BYTES, whatever the job's size (a 10 000-vertex job is paged).
 */
export const MAX_OVERVIEW_LANES = 200;

const instant = z.number().finite().nonnegative();
const clusterId = z.number().int().positive();
const id = z.string().min(1).max(200);
const windowShape = { from: instant, to: instant };
const annotationId = z.number().int().positive();
/** Longest note the contract writes (a file written by other tools may hold longer ones). */
export const MAX_ANNOTATION_TEXT = 10_000;
/** Text is stored and shown as typed (never as HTML); bounded so one note cannot bloat the file. */
const annotationText = z.string().max(MAX_ANNOTATION_TEXT);
const annotationTag = z.string().max(60).nullable();
const fromBeforeTo = (p: { from: number; to: number }) => p.from < p.to;
const fromBeforeToMsg = { message: 'from must be before to', path: ['to'] };

/** The report's optional parts (shared/report ReportInclude); the desktop export action reuses it. */
export const reportIncludeSchema = z.strictObject({
  transientEpisodes: z.boolean(),
  annotations: z.boolean(),
  checkpointTable: z.boolean(),
  gcTable: z.boolean(),
});
const sustainedAfterMs = z.number().int().min(0).max(86_400_000);

export const paramSchemas = {
  sessionInfo: z.strictObject({}),
  overview: z
    .strictObject({
      ...windowShape,
      buckets: z.number().int().min(1).max(MAX_BUCKETS),
      /** Which vertex lanes, in the session's vertex order (sessionInfo.vertices); the first page when absent. */
      lanes: z
        .strictObject({
          offset: z.number().int().min(0),
          limit: z.number().int().min(1).max(MAX_OVERVIEW_LANES),
        })
        .optional(),
    })
    .refine(fromBeforeTo, fromBeforeToMsg),
  analysis: z.strictObject({
    /** An episode counts as sustained once it lasted this long (analysis default when absent). */
    sustainedAfterMs: z.number().int().min(0).max(86_400_000).optional(),
  }),
  /** Nearest tick to `at` (step 0), or the tick before/after it (step -1/+1). */
  tickNear: z.strictObject({ at: instant, step: z.union([z.literal(-1), z.literal(0), z.literal(1)]) }),
  jobGraph: z.strictObject({ clusterId, jobId: id, at: instant }),
  vertexDetail: z
    .strictObject({
      clusterId,
      jobId: id,
      vertexId: id,
      ...windowShape,
      columns: z.number().int().min(1).max(MAX_COLUMNS),
      /** What the subtask × time heatmap shows (backpressure when absent). */
      heatmap: z.enum(['backpressure', 'busy', 'idle']).optional(),
    })
    .refine(fromBeforeTo, fromBeforeToMsg),
  /** Per-subtask values of one vertex at the tick at or before `at` (cheap: scrubbing calls it). */
  subtaskValues: z.strictObject({ clusterId, jobId: id, vertexId: id, at: instant }),
  /**
   * Summaries of the annotations overlapping the window (all when absent) whose text or tag
   * contains `query`: each text cut to a preview, so the list stays small whatever the notes hold.
   */
  annotations: z.strictObject({
    query: z.string().max(200).optional(),
    from: instant.optional(),
    to: instant.optional(),
  }),
  /** One annotation with its whole text (the list only carries previews). */
  annotation: z.strictObject({ id: annotationId }),
  addAnnotation: z
    .strictObject({
      start: instant,
      /** null = a point annotation. */
      end: instant.nullable(),
      text: annotationText,
      tag: annotationTag,
      /** Attach to one vertex (all three) or to none (all null). */
      clusterId: clusterId.nullable(),
      jobId: id.nullable(),
      vertexId: id.nullable(),
      /** 'auto' pins an automatic annotation (an episode, checkpoint, …) under its stable autoKey. */
      source: z.enum(['user', 'auto']).optional(),
      autoKey: z.string().min(1).max(400).nullable().optional(),
      pinned: z.boolean().optional(),
    })
    .refine((a) => a.end === null || a.end >= a.start, { message: 'end must not be before start', path: ['end'] })
    .refine((a) => (a.clusterId === null) === (a.jobId === null) && (a.jobId === null) === (a.vertexId === null), {
      message: 'clusterId, jobId and vertexId are given together or not at all',
      path: ['vertexId'],
    })
    .refine((a) => (a.source === 'auto') === (a.autoKey !== undefined && a.autoKey !== null), {
      message: "an autoKey is required for source 'auto' and not allowed otherwise",
      path: ['autoKey'],
    }),
  updateAnnotation: z.strictObject({
    id: annotationId,
    patch: z
      .strictObject({
        start: instant.optional(),
        end: instant.nullable().optional(),
        text: annotationText.optional(),
        tag: annotationTag.optional(),
        pinned: z.boolean().optional(),
      })
      .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' }),
  }),
  deleteAnnotation: z.strictObject({ id: annotationId }),
  /**
   * The evidence captured in the session (flame graphs, thread dumps), without their data, in time
   * order: of one vertex (clusterId, jobId and vertexId together) and/or overlapping a window.
   */
  evidence: z
    .strictObject({
      clusterId: clusterId.optional(),
      jobId: id.optional(),
      vertexId: id.optional(),
      from: instant.optional(),
      to: instant.optional(),
    })
    .refine(
      (p) =>
        (p.clusterId === undefined) === (p.jobId === undefined) &&
        (p.jobId === undefined) === (p.vertexId === undefined),
      {
        message: 'clusterId, jobId and vertexId are given together or not at all',
        path: ['vertexId'],
      },
    )
    .refine((p) => p.from === undefined || p.to === undefined || p.from <= p.to, fromBeforeToMsg),
  /** One piece of evidence with its captured data (a flame graph's tree or a thread dump). */
  evidenceItem: z.strictObject({ id: z.number().int().positive() }),
  /**
   * Capture a vertex's flame graphs and thread dumps now (from the recorder's next tick), while this
   * process records the session (sessionInfo.canCapture); refused otherwise.
   */
  captureEvidence: z.strictObject({ clusterId, jobId: id, vertexId: id }),
  /** The incident report of a range as the self-contained HTML page the HTML writer produces. */
  reportPreview: z
    .strictObject({ ...windowShape, sustainedAfterMs: sustainedAfterMs.optional(), include: reportIncludeSchema })
    .refine(fromBeforeTo, fromBeforeToMsg),
} as const;

export type ApiMethod = keyof typeof paramSchemas;
export type ApiParams<M extends ApiMethod> = z.input<(typeof paramSchemas)[M]>;

// ---------------------------------------------------------------------------------- results

export interface SessionGap {
  clusterId: ClusterId;
  from: number;
  to: number;
  /** 'interval': no tick for more than 2× the resolution; 'error': the poll failed. */
  reason: 'interval' | 'error';
}

export interface SessionError {
  clusterId: ClusterId;
  ts: number;
  message: string;
}

export interface SessionInfoResult {
  /** File name only (never the directory), as the user chose it. */
  fileName: string;
  clusters: ClusterInfo[];
  jobs: JobInfo[];
  vertices: VertexInfo[];
  /** null for a session without a single tick. */
  range: TimeRange | null;
  /** Median interval between ticks (ms); null with fewer than two ticks. */
  resolutionMs: number | null;
  tickCount: number;
  gaps: SessionGap[];
  errors: SessionError[];
  /** True while a recorder is still appending to this file (served mode announces new ticks). */
  live: boolean;
  /** True while this same process records the session: evidence can be captured on demand (captureEvidence). */
  canCapture: boolean;
  /** Where the data came from when imported (a metrics store); null for a REST recording. */
  source?: SessionSource | null;
}

/** Level codes per bucket: index into the analysis' LEVELS (0 OK, 1 LOW, 2 HIGH); null = gap. */
export type LevelCode = 0 | 1 | 2;

export interface VertexLane {
  clusterId: ClusterId;
  jobId: string;
  vertexId: string;
  /** Max level per bucket over all subtasks and samples falling into it. */
  levels: (LevelCode | null)[];
}

export interface EpisodeSummary {
  /** Stable within one analysis run; used to select an episode. */
  id: string;
  clusterId: ClusterId;
  jobId: string;
  vertexId: string;
  start: number;
  end: number;
  peak: Level;
  sustained: boolean;
  /** Vertex the analysis blames (the bottleneck), when it found one. */
  bottleneckVertexId: string | null;
  /** What the rule that chose the bottleneck rests on ("busy subtasks 1", "not busy: aligning barriers of checkpoint 7"). */
  bottleneckBasis: string | null;
  hints: string[];
}

/**
 * One incident: the per-vertex episodes that share a bottleneck and overlap in time (the
 * analysis' IncidentDoc), as the UI lists it. Its time is counted once.
 */
export interface IncidentSummary {
  /** Stable within one analysis run: the lead episode's id. */
  id: string;
  clusterId: ClusterId;
  jobId: string;
  start: number;
  end: number;
  /** Time at least one of its vertices was backpressured, counted once. */
  durationMs: number;
  peak: Level;
  sustained: boolean;
  /** Its episodes, one per backpressured vertex, sources first (ids as in `episodes`). */
  vertices: { vertexId: string; episodeId: string; start: number; end: number; peak: Level; sustained: boolean }[];
  bottleneckVertexId: string | null;
  /** What the rule that chose the bottleneck rests on ("busy subtask 1"). */
  bottleneckBasis: string | null;
  /** The subtasks the bottleneck rule points at. */
  bottleneckSubtasks: number[];
  /** The incident in one line, like an alert: who, why, where, when (UTC), how long. */
  headline: string;
  /** The headline without its span, for a viewer that shows times in its own zone (headlineWithSpan). */
  lead: string;
  /** Its cause in a few words ("data skew", "checkpoint alignment"). */
  cause: string;
  /** Why no bottleneck could be named; null when one was. */
  ambiguity: string | null;
  /** One per cause, most explaining first. */
  hints: string[];
  /** Checkpoint, GC, restart or rescale, only where it explains part of the incident. */
  overlaps: string[];
  /** Records that passed the most affected vertex while it was backpressured; null when unknown. */
  recordsDelayed: number | null;
  /** Where to put the cursor: the lead vertex's worst sample in it. */
  focusAt: number;
}

export interface OverviewResult {
  from: number;
  to: number;
  bucketMs: number;
  /** One page of the vertex lanes, in the session's vertex order; markers below are for all vertices. */
  lanes: VertexLane[];
  /** Vertex lanes in the whole session, and the index of `lanes[0]` among them. */
  laneCount: number;
  laneOffset: number;
  checkpoints: CheckpointEvent[];
  gcWindows: GcWindow[];
  events: JobEvent[];
  gaps: SessionGap[];
}

export interface AnalysisResult {
  sustainedAfterMs: number;
  episodes: EpisodeSummary[];
  /** The episodes grouped into incidents, ranked: sustained first, then by impact. */
  incidents: IncidentSummary[];
  /** Time with backpressure anywhere, counted once. */
  backpressuredMs: number;
}

export interface TickNearResult {
  /** The tick instant, or null when there is no tick in that direction. */
  ts: number | null;
}

export interface GraphVertex extends VertexInfo {
  /** Max level over subtasks at the tick; null when not reported. */
  level: Level | null;
  /** Mean busy ratio (0..1) over subtasks; null when not reported. */
  busy: number | null;
  /** Max backpressure ratio (0..1) over subtasks (Flink's "Backpressured (max)"); null when not reported. */
  backPressure: number | null;
  /** The busiest subtask's busy ratio (Flink's "Busy (max)"), and which subtask that is; null when not reported. */
  busyMax: number | null;
  busiestSubtask: number | null;
  /** Subtasks busy (at least 50 %) out of those reporting busy time. */
  busySubtasks: number;
  reportingSubtasks: number;
  /** 'skew' when only some subtasks are busy, 'overloaded' when (nearly) all are; null when none is. */
  busySpread: 'skew' | 'overloaded' | null;
  /** Subtasks at LOW or HIGH, out of the vertex's parallelism. */
  backpressuredSubtasks: number;
  /**
   * The JobManager answered this tick with unchanged metrics (its fetch interval is longer than
   * the poll): the values are the last ones it fetched, measured at `sampleTs`.
   */
  repeated: boolean;
  /** When the values were measured; null when there are none. */
  sampleTs: number | null;
  /** Why there are no values ('no-baseline': the first sample, nothing to difference yet; …); null when there are. */
  gap: string | null;
}

export interface JobGraphResult {
  clusterId: ClusterId;
  jobId: string;
  jobName: string;
  /** The tick the values come from (nearest at or before `at`); null before the first tick. */
  ts: number | null;
  vertices: GraphVertex[];
  edges: EdgeInfo[];
  bottleneck: { vertexId: string; reason: string } | null;
  /** Why no bottleneck could be named while something was backpressured; null otherwise. */
  ambiguity: string | null;
}

/** Metrics drawn as vertex charts; each is downsampled to min/max (over subtasks and samples) per bucket. */
export const DETAIL_SERIES = [...TIME_GAUGES, ...BUFFER_USAGES, ...RECORD_RATES] as const;
export type DetailSeriesKey = (typeof DETAIL_SERIES)[number];

export interface MinMaxSeries {
  min: (number | null)[];
  max: (number | null)[];
}

export type HeatmapMetric = 'backpressure' | 'busy' | 'idle';

export interface VertexDetailResult {
  vertex: VertexInfo;
  from: number;
  to: number;
  columns: number;
  columnMs: number;
  /** Bucket start instants, one per column. */
  t: number[];
  /**
   * Rows = subtasks (by index), columns = time; the ratio 0..1 of `metric` (max per cell), null = no
   * data. A sample fills the interval it measured (since the previous sample), so the JobManager
   * answering with unchanged metrics between two fetches leaves no hole.
   */
  heatmap: { subtasks: number; metric: HeatmapMetric; values: (number | null)[][] };
  series: Record<DetailSeriesKey, MinMaxSeries>;
}

export type SubtaskValueKey = DetailSeriesKey | 'backPressureRatio';

export interface SubtaskValuesResult {
  /** The tick the values come from; null before the vertex's first frame. */
  ts: number | null;
  /** When the time accounting (busy, idle, backpressure) was measured: `ts`, or an earlier fetch when repeated. */
  sampleTs: number | null;
  /** The JobManager answered `ts` with unchanged metrics: the values are those of `sampleTs`. */
  repeated: boolean;
  /** Why busy, idle and backpressure are unknown ('no-baseline', 'error-tick', …); null when known. */
  gap: string | null;
  subtasks: { index: number; taskManagerId: string; values: Record<SubtaskValueKey, number | null> }[];
}

/** A note on the timeline, as stored in the session file (the domain model's Annotation). */
export type AnnotationItem = Annotation;

/** Characters of a note an annotation list carries (AnnotationSummary.preview). */
export const ANNOTATION_PREVIEW_CHARS = 300;

/** An annotation as lists carry it: the text only as a bounded preview. */
export interface AnnotationSummary extends Omit<Annotation, 'text'> {
  /** The first ANNOTATION_PREVIEW_CHARS characters of the text. */
  preview: string;
  /** True when the text is longer than the preview (fetch it whole with `annotation`). */
  previewCut: boolean;
  /** Length of the whole text in characters. */
  textLength: number;
}

export interface AnnotationsResult {
  annotations: AnnotationSummary[];
  /** True when more matched than MAX_ANNOTATIONS (the list holds the first ones by start). */
  truncated: boolean;
}

export const MAX_ANNOTATIONS = 5000;

export interface ReportPreviewResult {
  /** One self-contained page: inline CSS and SVG, no scripts, no external requests. */
  html: string;
}

/** Evidence entries one list carries at most (a session holds a few per sustained episode). */
export const MAX_EVIDENCE_ENTRIES = 2000;

export interface EvidenceListResult {
  entries: EvidenceEntry[];
  /** True when more matched than MAX_EVIDENCE_ENTRIES (the list holds the first ones by time). */
  truncated: boolean;
}

/** One piece of evidence and what it holds: null data when nothing was captured (see entry.note). */
export type EvidenceItemResult =
  | { entry: EvidenceEntry; kind: 'flamegraph'; data: FlameGraph | null }
  | { entry: EvidenceEntry; kind: 'thread-dump'; data: ThreadDump | null };

/** What a request to capture evidence now was told: accepted (captured from the next tick) or why not. */
export interface CaptureEvidenceResult {
  accepted: boolean;
  message: string;
}

export interface ApiResults {
  sessionInfo: SessionInfoResult;
  overview: OverviewResult;
  analysis: AnalysisResult;
  tickNear: TickNearResult;
  jobGraph: JobGraphResult;
  vertexDetail: VertexDetailResult;
  subtaskValues: SubtaskValuesResult;
  annotations: AnnotationsResult;
  annotation: AnnotationItem;
  addAnnotation: AnnotationItem;
  updateAnnotation: AnnotationItem;
  deleteAnnotation: { deleted: boolean };
  reportPreview: ReportPreviewResult;
  evidence: EvidenceListResult;
  evidenceItem: EvidenceItemResult;
  captureEvidence: CaptureEvidenceResult;
}

export type ApiResult<M extends ApiMethod> = ApiResults[M];

/** What an implementation of the contract provides; both bridges call exactly this. */
export type ApiHandlers = {
  [M in ApiMethod]: (params: z.output<(typeof paramSchemas)[M]>) => ApiResult<M> | Promise<ApiResult<M>>;
};

/** Served mode: the per-run token travels in this header (lower case, as Node names headers). */
export const TOKEN_HEADER = 'x-backflow-token';

/** Announced to live viewers (SSE in served mode) whenever the session grew. */
export type LiveEvent =
  | {
      type: 'tick';
      clusterId: ClusterId;
      ts: number;
      tickCount: number;
      /** Over IPC, the handle of the session that grew when it is not the window's own (compared ones). */
      session?: string;
    }
  /** Someone (another viewer, another window) added, changed or deleted an annotation. */
  | { type: 'annotations' };

// ---------------------------------------------------------------------------------- several sessions

/**
 * One server or window holds up to this many sessions open at once. Each call above is about one
 * of them, named by its handle (HTTP: `POST /api/<method>?session=<handle>` and
 * `GET /api/events?session=<handle>`; IPC: an argument); without one it is about the first.
 */
export const MAX_OPEN_SESSIONS = 8;
/** The query parameter (HTTP) naming the session a call is about. */
export const SESSION_QUERY = 'session';
/** The first session opened: what every call without a handle is about. */
export const DEFAULT_SESSION = 's1';
export const sessionHandleSchema = z
  .string()
  .regex(/^s[1-9][0-9]{0,8}$/, 'must be a session handle from the sessions call (s1, s2, …)');

const twoSessions = z
  .strictObject({
    a: sessionHandleSchema,
    b: sessionHandleSchema,
    /** How B's time lines up with A's (`backflow compare --align`); by their starts when absent. */
    align: z.enum(['start', 'episode', 'clock'] satisfies AlignMode[]).optional(),
  })
  .refine((p) => p.a !== p.b, { message: 'compare two different sessions', path: ['b'] });

/** Calls about the open sessions as a whole, not about one of them (no handle). */
export const registryParamSchemas = {
  /** The open sessions, in the order they were opened (the first is the default). */
  sessions: z.strictObject({}),
  /** Two open sessions compared by the model of `backflow compare` (its --json document). */
  compare: twoSessions,
  /** The compare report of two open sessions as the one HTML page `backflow compare --out x.html` writes. */
  compareReport: twoSessions,
} as const;

export type RegistryMethod = keyof typeof registryParamSchemas;
export type RegistryParams<M extends RegistryMethod> = z.input<(typeof registryParamSchemas)[M]>;

export interface SessionListEntry {
  handle: string;
  /** File name only, never the folder. */
  fileName: string;
  range: TimeRange | null;
  clusters: number;
  jobs: number;
  live: boolean;
}

export interface RegistryResults {
  sessions: { sessions: SessionListEntry[]; max: number };
  compare: CompareDocument;
  compareReport: ReportPreviewResult;
}
export type RegistryResult<M extends RegistryMethod> = RegistryResults[M];

export function isRegistryMethod(name: string): name is RegistryMethod {
  return Object.prototype.hasOwnProperty.call(registryParamSchemas, name);
}

// ---------------------------------------------------------------------------------- validation

export class ApiParamError extends Error {
  override name = 'ApiParamError';
}

/** The params were valid but name something the session does not hold (job, vertex, …). */
export class ApiNotFoundError extends Error {
  override name = 'ApiNotFoundError';
}

/** A valid call this session cannot serve: a read-only file, an answer over its byte budget. */
export class ApiRefusedError extends Error {
  override name = 'ApiRefusedError';
}

export function isApiMethod(name: string): name is ApiMethod {
  return Object.prototype.hasOwnProperty.call(paramSchemas, name);
}

/** Validates params of a call about the open sessions as a whole (as parseParams does). */
export function parseRegistryParams<M extends RegistryMethod>(
  method: M,
  raw: unknown,
): z.output<(typeof registryParamSchemas)[M]> {
  const r = registryParamSchemas[method].safeParse(raw);
  if (r.success) return r.data as z.output<(typeof registryParamSchemas)[M]>;
  const detail = r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(params)'}: ${i.message}`).join('; ');
  throw new ApiParamError(`${method}: ${detail}`);
}

/** A session handle as a caller gave it; null when none was given (the default session). */
export function parseSessionHandle(raw: unknown): string | null {
  if (raw === undefined || raw === null) return null;
  const r = sessionHandleSchema.safeParse(raw);
  if (!r.success) throw new ApiParamError(`${SESSION_QUERY}: ${r.error.issues[0]?.message ?? 'invalid'}`);
  return r.data;
}

/** Validates params for a method; throws ApiParamError naming the method, field and problem. */
export function parseParams<M extends ApiMethod>(method: M, raw: unknown): z.output<(typeof paramSchemas)[M]> {
  const r = paramSchemas[method].safeParse(raw);
  if (r.success) return r.data as z.output<(typeof paramSchemas)[M]>;
  const detail = r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(params)'}: ${i.message}`).join('; ');
  throw new ApiParamError(`${method}: ${detail}`);
}

// ---------------------------------------------------------------------------------- answers

/**
 * The most one answer may carry (UTF-8 bytes of its JSON). Calls are bounded by their params
 * (window, buckets, columns, previews); this catches what still grows with the session (lanes of a
 * huge job, a note written by another tool) as a clear refusal instead of hundreds of MB.
 */
export const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

/** JSON has no NaN/Infinity: they would silently become null, so make that explicit here. */
const finiteNumbers = (_key: string, value: unknown): unknown =>
  typeof value === 'number' ? finiteOrNull(value) : value;

/** UTF-8 length of a string, without an encoder (shared code runs without Node's Buffer). */
function utf8Bytes(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // 2 bytes up to U+07FF, 3 above; a surrogate pair (4 bytes) is two units of +1 each.
    if (c >= 0x80) n += c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 1 : 2;
  }
  return n;
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** One answer as both bridges send it: plain JSON (NaN as null), refused when over `budget` bytes. */
export function encodeAnswer(method: ApiMethod | RegistryMethod, value: unknown, budget = MAX_ANSWER_BYTES): string {
  const text = JSON.stringify(value, finiteNumbers) ?? 'null';
  // A UTF-8 byte count is at least the string's length and at most three times it.
  if (text.length * 3 > budget) {
    const bytes = text.length > budget ? text.length : utf8Bytes(text);
    if (bytes > budget) {
      throw new ApiRefusedError(
        `${method}: the answer would be ${text.length > budget ? 'over ' : ''}${mb(bytes)}, more than the ${mb(budget)} one answer may carry; ask for less (a shorter window, fewer buckets or columns)`,
      );
    }
  }
  return text;
}
