// The Flink REST client: one instance per cluster. Every method is one (or a few, for chunked
// metric lists) GET through the shared transport, validated with the endpoint's zod schema, and
// returned in a version-independent shape. Failures are FlinkApiError, never a wrong value.

import type { z } from 'zod';
import { chunkMetricIds, metricQuery } from './chunk';
import { resolveConnection, type FlinkConnectionOptions } from './connection';
import { FlinkApiError } from './errors';
import { readJobManagerSettings, type JobManagerSettings } from './jm-config';
import { parseMetricValue, parseWatermark } from './metric-value';
import { backpressureSchema, type VertexBackpressure } from './schemas/backpressure';
import {
  checkpointConfigSchema,
  checkpointDetailsSchema,
  checkpointStatsSchema,
  checkpointSubtasksSchema,
  type CheckpointConfig,
  type CheckpointDetails,
  type CheckpointStats,
  type CheckpointSubtaskDetails,
} from './schemas/checkpoints';
import {
  clusterOverviewSchema,
  dashboardConfigSchema,
  jobManagerConfigSchema,
  taskManagersSchema,
  type ClusterOverview,
  type DashboardConfig,
  type JobManagerConfigEntry,
  type TaskManagerSummary,
} from './schemas/cluster';
import { describeZodError } from './schemas/common';
import { flameGraphSchema, threadDumpSchema, type FlameGraphAnswer } from './schemas/evidence';
import { exceptionsSchema, type JobExceptions } from './schemas/exceptions';
import type { FlameGraphType, ThreadDump } from '../../shared/evidence';
import {
  jobDetailsSchema,
  jobPlanSchema,
  jobStatusSchema,
  jobsOverviewSchema,
  type JobDetails,
  type JobOverview,
  type JobPlan,
} from './schemas/jobs';
import {
  aggregatedMetricsSchema,
  metricListSchema,
  metricValuesSchema,
  type AggMode,
  type AggregatedValue,
} from './schemas/metrics';
import { vertexDetailsSchema, type VertexDetails } from './schemas/vertex';
import { Transport, type TransportStats } from './transport';
import { parseFlinkVersion } from '../../shared/flink-versions';
import { capabilitiesOf, type FlinkCapabilities } from './version';

/** Path segment for an id (job, vertex, TaskManager). `:` stays readable, as the web UI sends it. */
function seg(id: string | number): string {
  return encodeURIComponent(String(id)).replace(/%3A/gi, ':');
}

/** `[0,1,2,5,7,8]` → `0-2,5,7-8`, the `subtasks=` syntax. */
export function formatSubtaskRanges(indices: Iterable<number>): string {
  const sorted = [...new Set(indices)].filter((i) => Number.isInteger(i) && i >= 0).sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

export interface AggregationOptions {
  /** Modes to compute; all (that the version has) when omitted. `skew` needs 1.20+. */
  agg?: readonly AggMode[];
  /** Subtask indices to aggregate over; all when omitted. */
  subtasks?: Iterable<number>;
}

export interface WatermarkValue {
  subtask: number;
  /** Epoch ms; null when the subtask has no watermark yet; NaN when unparseable. */
  watermark: number | null;
}

const MAX_REQUEST_LINE = 3500;

/**
 * Flink's 404 for a job without checkpoint settings: "Checkpointing has not been enabled." from
 * `/checkpoints`, "Checkpointing is not enabled for this job (…)." from `/checkpoints/config`.
 */
function isCheckpointingNotEnabled(e: unknown): boolean {
  return (
    e instanceof FlinkApiError &&
    e.kind === 'not-found' &&
    /checkpointing (has not been|is not) enabled/i.test(e.serverMessage ?? '')
  );
}

function noCheckpointStats(): CheckpointStats {
  return {
    enabled: false,
    counts: { restored: 0, total: 0, inProgress: 0, completed: 0, failed: 0 },
    latestCompletedId: null,
    latestFailedId: null,
    restored: null,
    history: [],
  };
}

export class FlinkClient {
  readonly redactedUrl: string;
  readonly isInsecure: boolean;
  /** One request attempt's deadline (ms). */
  readonly timeoutMs: number;
  /** Set by detectVersion(); null until then (methods then probe instead of assuming). */
  capabilities: FlinkCapabilities | null = null;
  /** `flink-version` as the cluster reported it, even when unparseable. */
  versionText: string | null = null;
  private readonly transport: Transport;

  /** Throws a plain Error naming a bad option (URL, TLS files, limits). */
  constructor(options: FlinkConnectionOptions) {
    const conn = resolveConnection(options);
    this.redactedUrl = conn.redactedUrl;
    this.isInsecure = conn.insecure;
    this.timeoutMs = conn.timeoutMs;
    this.transport = new Transport(conn);
  }

  /** Requests sent and bytes received so far (for status lines). */
  get stats(): Readonly<TransportStats> {
    return { ...this.transport.stats };
  }

  /** Closes kept-alive connections. */
  close(): void {
    this.transport.close();
  }

  // ---- cluster ----

  getConfig(): Promise<DashboardConfig> {
    return this.get('/config', dashboardConfigSchema);
  }

  getOverview(): Promise<ClusterOverview> {
    return this.get('/overview', clusterOverviewSchema);
  }

  /** Reads `flink-version` from /config (falls back to /overview) and sets `capabilities`. */
  async detectVersion(): Promise<FlinkCapabilities> {
    let text: string | null = null;
    try {
      text = (await this.getConfig()).flinkVersion;
    } catch (e) {
      if (!(e instanceof FlinkApiError) || (e.kind !== 'not-found' && e.kind !== 'schema')) throw e;
    }
    if (parseFlinkVersion(text) === null) {
      text = (await this.getOverview()).flinkVersion ?? text;
    }
    this.versionText = text;
    this.capabilities = capabilitiesOf(parseFlinkVersion(text));
    return this.capabilities;
  }

  getJobManagerConfig(): Promise<JobManagerConfigEntry[]> {
    return this.get('/jobmanager/config', jobManagerConfigSchema);
  }

  /** `metrics.fetcher.update-interval` (default 10000), `web.checkpoints.history`, … */
  async getJobManagerSettings(): Promise<JobManagerSettings> {
    return readJobManagerSettings(await this.getJobManagerConfig());
  }

  listJobManagerMetrics(): Promise<string[]> {
    return this.get('/jobmanager/metrics', metricListSchema);
  }

  getJobManagerMetrics(ids: readonly string[]): Promise<Map<string, number>> {
    return this.metricValues('/jobmanager/metrics', ids);
  }

  getTaskManagers(): Promise<TaskManagerSummary[]> {
    return this.get('/taskmanagers', taskManagersSchema);
  }

  listTaskManagerMetrics(tmId: string): Promise<string[]> {
    return this.get(`/taskmanagers/${seg(tmId)}/metrics`, metricListSchema);
  }

  getTaskManagerMetrics(tmId: string, ids: readonly string[]): Promise<Map<string, number>> {
    return this.metricValues(`/taskmanagers/${seg(tmId)}/metrics`, ids);
  }

  // ---- jobs ----

  getJobsOverview(): Promise<JobOverview[]> {
    return this.get('/jobs/overview', jobsOverviewSchema);
  }

  getJob(jobId: string): Promise<JobDetails> {
    return this.get(`/jobs/${seg(jobId)}`, jobDetailsSchema);
  }

  getJobPlan(jobId: string): Promise<JobPlan> {
    return this.get(`/jobs/${seg(jobId)}/plan`, jobPlanSchema);
  }

  /**
   * The job's state via the cheap `/status` (1.16+). Before 1.16 (or when that endpoint answers
   * 404 on a cluster of unknown version) it reads `state` from `/jobs/:jid`.
   */
  async getJobStatus(jobId: string): Promise<string> {
    const caps = this.capabilities;
    if (caps?.version && !caps.jobStatusEndpoint) return (await this.getJob(jobId)).state;
    try {
      return await this.get(`/jobs/${seg(jobId)}/status`, jobStatusSchema);
    } catch (e) {
      const versionSaysItExists = caps?.version != null && caps.jobStatusEndpoint;
      if (e instanceof FlinkApiError && e.kind === 'not-found' && !versionSaysItExists) {
        return (await this.getJob(jobId)).state;
      }
      throw e;
    }
  }

  listJobMetrics(jobId: string): Promise<string[]> {
    return this.get(`/jobs/${seg(jobId)}/metrics`, metricListSchema);
  }

  getJobMetrics(jobId: string, ids: readonly string[]): Promise<Map<string, number>> {
    return this.metricValues(`/jobs/${seg(jobId)}/metrics`, ids);
  }

  getJobExceptions(jobId: string, maxExceptions = 16): Promise<JobExceptions> {
    return this.get(
      `/jobs/${seg(jobId)}/exceptions`,
      exceptionsSchema,
      `maxExceptions=${Math.max(1, Math.floor(maxExceptions))}`,
    );
  }

  // ---- checkpoints ----

  /**
   * Statistics and the recent history. A job without checkpoint settings (a batch job, or one whose
   * execution graph does not exist yet) answers 404 "Checkpointing has not been enabled."; that is
   * no error but a job with no checkpoints: `enabled: false`, empty history. Any other 404 (the
   * job is gone) still throws.
   */
  async getCheckpoints(jobId: string): Promise<CheckpointStats> {
    try {
      return await this.get(`/jobs/${seg(jobId)}/checkpoints`, checkpointStatsSchema);
    } catch (e) {
      if (isCheckpointingNotEnabled(e)) return noCheckpointStats();
      throw e;
    }
  }

  /**
   * The job's checkpoint settings; null when it has none at all (404 "Checkpointing is not enabled
   * for this job"). A streaming job without periodic checkpoints has settings with `periodic`
   * false and `intervalMs` null (Flink sends Long.MAX_VALUE as the interval).
   */
  async getCheckpointConfig(jobId: string): Promise<CheckpointConfig | null> {
    try {
      return await this.get(`/jobs/${seg(jobId)}/checkpoints/config`, checkpointConfigSchema);
    } catch (e) {
      if (isCheckpointingNotEnabled(e)) return null;
      throw e;
    }
  }

  /** 404 (kind 'not-found') once the checkpoint left the history. */
  getCheckpointDetails(jobId: string, checkpointId: number): Promise<CheckpointDetails> {
    return this.get(`/jobs/${seg(jobId)}/checkpoints/details/${seg(checkpointId)}`, checkpointDetailsSchema);
  }

  getCheckpointSubtasks(jobId: string, checkpointId: number, vertexId: string): Promise<CheckpointSubtaskDetails> {
    return this.get(
      `/jobs/${seg(jobId)}/checkpoints/details/${seg(checkpointId)}/subtasks/${seg(vertexId)}`,
      checkpointSubtasksSchema,
    );
  }

  // ---- vertices ----

  getVertex(jobId: string, vertexId: string): Promise<VertexDetails> {
    return this.get(this.vertexPath(jobId, vertexId), vertexDetailsSchema);
  }

  /** Vertex metric ids with the `<i>.` subtask prefix. */
  listVertexMetrics(jobId: string, vertexId: string): Promise<string[]> {
    return this.get(`${this.vertexPath(jobId, vertexId)}/metrics`, metricListSchema);
  }

  /** Values of `<i>.<metric>` ids (chunked to respect the request-line limit). */
  getVertexMetrics(jobId: string, vertexId: string, ids: readonly string[]): Promise<Map<string, number>> {
    return this.metricValues(`${this.vertexPath(jobId, vertexId)}/metrics`, ids);
  }

  /** Metric ids of the vertex without the index prefix (from the aggregating endpoint). */
  listSubtasksMetrics(jobId: string, vertexId: string): Promise<string[]> {
    return this.get(`${this.vertexPath(jobId, vertexId)}/subtasks/metrics`, metricListSchema);
  }

  /** min/max/avg/sum(/skew) over subtasks; NaN for a mode not requested or not reported. */
  async getAggregatedSubtaskMetrics(
    jobId: string,
    vertexId: string,
    ids: readonly string[],
    options: AggregationOptions = {},
  ): Promise<Map<string, AggregatedValue>> {
    const out = new Map<string, AggregatedValue>();
    let agg = options.agg ? [...new Set(options.agg)] : null;
    // `skew` is 1.20+; older servers reject the whole request, so it is left out (stays NaN).
    if (agg && this.capabilities?.version && !this.capabilities.skew) agg = agg.filter((m) => m !== 'skew');
    if (ids.length === 0 || (agg && agg.length === 0)) return out;
    let extra = agg ? `&agg=${agg.join(',')}` : '';
    if (options.subtasks !== undefined) {
      const ranges = formatSubtaskRanges(options.subtasks);
      if (ranges === '') return out;
      extra += `&subtasks=${ranges}`;
    }
    const apiPath = `${this.vertexPath(jobId, vertexId)}/subtasks/metrics`;
    const chunks = chunkMetricIds(this.transport.serverPath(apiPath), ids, MAX_REQUEST_LINE - extra.length);
    const results = await this.allChunks(chunks, (chunk) =>
      this.get(apiPath, aggregatedMetricsSchema, metricQuery(chunk) + extra),
    );
    for (const list of results) {
      for (const m of list) {
        out.set(m.id, {
          min: m.min ?? Number.NaN,
          max: m.max ?? Number.NaN,
          avg: m.avg ?? Number.NaN,
          sum: m.sum ?? Number.NaN,
          skew: m.skew ?? Number.NaN,
        });
      }
    }
    return out;
  }

  listSubtaskMetrics(jobId: string, vertexId: string, subtask: number): Promise<string[]> {
    return this.get(`${this.vertexPath(jobId, vertexId)}/subtasks/${seg(subtask)}/metrics`, metricListSchema);
  }

  getSubtaskMetrics(
    jobId: string,
    vertexId: string,
    subtask: number,
    ids: readonly string[],
  ): Promise<Map<string, number>> {
    return this.metricValues(`${this.vertexPath(jobId, vertexId)}/subtasks/${seg(subtask)}/metrics`, ids);
  }

  getBackpressure(jobId: string, vertexId: string): Promise<VertexBackpressure> {
    return this.get(`${this.vertexPath(jobId, vertexId)}/backpressure`, backpressureSchema);
  }

  /** One entry per subtask that reported, sorted by index. */
  async getWatermarks(jobId: string, vertexId: string): Promise<WatermarkValue[]> {
    const apiPath = `${this.vertexPath(jobId, vertexId)}/watermarks`;
    const list = await this.get(apiPath, metricValuesSchema);
    const out: WatermarkValue[] = [];
    for (const m of list) {
      const match = /^(\d+)\.currentInputWatermark$/.exec(m.id);
      if (match) out.push({ subtask: Number(match[1]), watermark: parseWatermark(m.value) });
    }
    return out.sort((a, b) => a.subtask - b.subtask);
  }

  /**
   * Per-subtask values of task-scope metrics (ids without prefix, e.g. `accumulateBusyTimeMs`)
   * for subtasks 0..parallelism-1, from the vertex `/metrics` endpoint with `<i>.<metric>` ids in
   * as few request-line-limited chunks as possible. Each array has one slot per subtask; NaN where
   * the cluster did not report a value.
   */
  async fetchVertexSubtaskValues(
    jobId: string,
    vertexId: string,
    metricIds: readonly string[],
    parallelism: number,
  ): Promise<Map<string, Float64Array>> {
    if (!Number.isInteger(parallelism) || parallelism < 0) {
      throw new Error(`invalid parallelism ${parallelism} for vertex ${vertexId}: must be a whole number ≥ 0`);
    }
    const out = new Map<string, Float64Array>();
    for (const m of metricIds) out.set(m, new Float64Array(parallelism).fill(Number.NaN));
    const ids: string[] = [];
    for (let i = 0; i < parallelism; i++) for (const m of metricIds) ids.push(`${i}.${m}`);
    const values = await this.getVertexMetrics(jobId, vertexId, ids);
    for (const [id, value] of values) {
      const dot = id.indexOf('.');
      const index = Number(id.slice(0, dot));
      const arr = out.get(id.slice(dot + 1));
      if (arr && Number.isInteger(index) && index >= 0 && index < parallelism) arr[index] = value;
    }
    return out;
  }

  // ---- internals ----

  // ---- evidence (1.13+) ----

  /**
   * The vertex's flame graph of `type`, or the placeholder while sampling runs (the first call
   * starts it), when the task ended, or when `rest.flamegraph.enabled` is false. `subtask` samples
   * one subtask: pass it only where `capabilities.flameGraphSubtask` (older clusters ignore it).
   */
  getFlameGraph(jobId: string, vertexId: string, type: FlameGraphType, subtask?: number): Promise<FlameGraphAnswer> {
    const query = `type=${type}${subtask === undefined ? '' : `&subtaskindex=${subtask}`}`;
    return this.get(`${this.vertexPath(jobId, vertexId)}/flamegraph`, flameGraphSchema, query);
  }

  /** Every thread of the TaskManager with its state and (cut) stack. */
  getThreadDump(taskManagerId: string): Promise<ThreadDump> {
    return this.get(`/taskmanagers/${seg(taskManagerId)}/thread-dump`, threadDumpSchema);
  }

  private vertexPath(jobId: string, vertexId: string): string {
    return `/jobs/${seg(jobId)}/vertices/${seg(vertexId)}`;
  }

  private async get<S extends z.ZodType>(apiPath: string, schema: S, query = ''): Promise<z.output<S>> {
    const data = await this.transport.getJson(apiPath, query);
    const parsed = schema.safeParse(data);
    if (parsed.success) return parsed.data;
    const { field, message } = describeZodError(parsed.error);
    throw new FlinkApiError({
      kind: 'schema',
      method: 'GET',
      path: apiPath,
      url: `${this.redactedUrl}${apiPath}`,
      detail: `unexpected response: field ${field}: ${message}`,
      field,
    });
  }

  /** `get=` values of any metric endpoint, chunked; values parsed with parseMetricValue. */
  private async metricValues(apiPath: string, ids: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (ids.length === 0) return out;
    const chunks = chunkMetricIds(this.transport.serverPath(apiPath), ids, MAX_REQUEST_LINE);
    const results = await this.allChunks(chunks, (chunk) => this.get(apiPath, metricValuesSchema, metricQuery(chunk)));
    for (const list of results) for (const m of list) out.set(m.id, parseMetricValue(m.value));
    return out;
  }

  /** Runs all chunk requests (the transport bounds concurrency) and waits for every one of them. */
  private async allChunks<T>(chunks: string[][], fetch: (chunk: string[]) => Promise<T>): Promise<T[]> {
    const settled = await Promise.allSettled(chunks.map(fetch));
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
  }
}
