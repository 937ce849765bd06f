// One cluster: connects (version, fetcher interval, TaskManagers), follows the chosen jobs, and
// turns each poll into one TickBatch. It never throws for a cluster problem: an unreachable or
// misbehaving JobManager becomes an 'error' tick with a specific message, so the session keeps a
// gap with its reason and the other clusters go on.
import { SUPPORTED_RELEASES } from '../../shared/flink-versions';
import {
  FlinkApiError,
  FlinkClient,
  combineTaskManagerValues,
  gcCollectorValues,
  resolveTaskManagerMetrics,
  taskManagerRequestIds,
  type FlinkCapabilities,
  type FlinkConnectionOptions,
  type GcCollectorValues,
  type JobOverview,
  type TaskManagerMetricResolution,
} from '../flink/index';
import { EndpointBackoff, openTickBudget, withTickBudget, type TickBudget } from '../flink/budget';
import type { TickBatch } from '../session/index';
import { gcWindowsFromSamples, type GcSample } from '../../shared/analysis/gc';
import type {
  ClusterId,
  EdgeInfo,
  GcWindow,
  JobInfo,
  TaskManagerFrame,
  TickInfo,
  TickProblem,
  TickStatus,
  VertexInfo,
} from '../../shared/model';
import { durationMs, type EpochMs } from '../../shared/time';
import { EvidenceCapture, type CaptureRequestAnswer } from './evidence/capture';
import { FetchSettle, settleMs } from './fetch-settle';
import { JobPoller, type DetailLevel } from './job-poller';
import { nameForMessage } from './normalise';

const TERMINAL = new Set(['FINISHED', 'CANCELED', 'FAILED', 'SUSPENDED']);
/** TaskManagers come and go (restarts, autoscaling): re-list them every this many fresh ticks. */
const TM_RELIST_EVERY = 6;

export interface ClusterTarget {
  connection: FlinkConnectionOptions;
  /** Job ids or names to follow; empty = every job that is not finished. */
  jobs: readonly string[];
}

/** What one tick may cost one cluster (`record --max-requests/--max-bytes`). */
export interface TickCaps {
  maxRequests: number;
  maxBytes: number;
}

export const DEFAULT_TICK_CAPS: TickCaps = { maxRequests: 1000, maxBytes: 64 * 1024 * 1024 };

/**
 * A tick must end before the next one is due: what is not answered by then is missing from it.
 * The slack leaves time to write the tick; very short intervals still get a second.
 */
export function tickDeadlineMs(intervalMs: number): number {
  return Math.max(MIN_TICK_DEADLINE_MS, Math.round(intervalMs * 0.8));
}

/** Below this a busy JobManager cannot answer even a small job's tick; a 1 s interval then skips a slot. */
const MIN_TICK_DEADLINE_MS = 1_000;

/** A slow endpoint sits out at most this many ticks between attempts. */
const BACKOFF_MAX_TICKS = 30;

export interface ClusterPollResult {
  batch: TickBatch;
  /** Learned on connect; write with updateCluster. */
  cluster: { flinkVersion: string | null; fetchIntervalMs: number } | null;
  declarations: Array<{ job: JobInfo; vertices: VertexInfo[]; edges: EdgeInfo[] }>;
  /** One-time messages for the user (shown once, not per tick). */
  notices: string[];
}

export class ClusterPoller {
  readonly client: FlinkClient;
  private caps: FlinkCapabilities | null = null;
  /** `metrics.fetcher.update-interval` once connected (Flink's default before). */
  fetchIntervalMs = 10_000;
  private readonly jobs = new Map<string, JobPoller>();
  /** This tick's `/jobs/overview` by job id: jobs ask for their graph only when it can have changed. */
  private overview = new Map<string, JobOverview>();
  private tms = new Map<string, TaskManagerMetricResolution>();
  /** Per TaskManager and collector, the last sample with a time: the next raw GC window starts there. */
  private readonly lastGc = new Map<string, Map<string | null, GcSample>>();
  private freshTicks = 0;
  private relistTms = false;
  private unmatchedFilterReported = false;
  private readonly backoff: EndpointBackoff;
  /** What the last tick left out (for the status line). */
  lastSkipped = { requests: 0, vertices: 0 };
  private readonly evidence: EvidenceCapture | null;
  /** One wait per JobManager metric fetch, shared by this cluster's jobs (null: nothing to wait on). */
  private readonly settle: FetchSettle | null;

  constructor(
    readonly clusterId: ClusterId,
    private readonly target: ClusterTarget,
    private readonly pollIntervalMs: number,
    private readonly detail: DetailLevel,
    private readonly caps_: TickCaps = DEFAULT_TICK_CAPS,
    /** Capture evidence when episodes turn sustained (null: `--evidence off`). */
    evidence: { sustainedAfterMs?: number } | null = null,
    settleWait: ((ms: number) => Promise<void>) | null = null,
  ) {
    this.settle = settleWait && new FetchSettle(() => settleMs(this.pollIntervalMs), settleWait);
    this.client = new FlinkClient(target.connection);
    this.backoff = new EndpointBackoff(BACKOFF_MAX_TICKS);
    this.evidence = evidence && new EvidenceCapture(clusterId, this.client, evidence.sustainedAfterMs);
  }

  get url(): string {
    return this.client.redactedUrl;
  }

  /** A user asks for evidence of one vertex now (captured from the next tick on). */
  requestEvidence(jobId: string, vertexId: string): CaptureRequestAnswer {
    if (!this.evidence)
      return { accepted: false, message: 'evidence capture is off for this recording (--evidence off)' };
    return this.evidence.request(jobId, vertexId);
  }

  async poll(ts: EpochMs): Promise<ClusterPollResult> {
    const started = performance.now();
    this.backoff.beginTick();
    const budget = openTickBudget({
      deadline: started + tickDeadlineMs(this.pollIntervalMs),
      maxRequests: this.caps_.maxRequests,
      maxBytes: this.caps_.maxBytes,
      backoff: this.backoff,
    });
    return withTickBudget(budget, () => this.pollWithin(ts, started, budget));
  }

  private async pollWithin(ts: EpochMs, started: number, budget: TickBudget): Promise<ClusterPollResult> {
    const requestsBefore = this.client.stats.requests;
    const result: Omit<ClusterPollResult, 'batch'> = { cluster: null, declarations: [], notices: [] };
    const records: Omit<TickBatch, 'tick'> = { vertexFrames: [], vertexAggregates: [], checkpoints: [], events: [] };
    let status: TickStatus = 'ok';
    let error: string | null = null;
    let fresh = false;
    let serverTs: EpochMs | null = null;
    try {
      // Connecting (version, settings) is a one-time cost: it may take up to one more interval (within
      // a request's timeout), and the tick's own deadline then counts from its end.
      if (!this.caps) {
        const tick = tickDeadlineMs(this.pollIntervalMs);
        const connectBudget = openTickBudget({
          ...budget,
          deadline: performance.now() + Math.max(tick, Math.min(this.client.timeoutMs, tick + this.pollIntervalMs)),
        });
        await withTickBudget(connectBudget, () => this.connect(result));
        budget.deadline = performance.now() + tickDeadlineMs(this.pollIntervalMs);
      }
      await this.followJobs(this.caps!, result);
      const errors: string[] = [];
      let notPolled = 0;
      let vertices = 0;
      // Jobs plan within what is left after the TaskManagers' share (list, metric lists, values).
      budget.reserved = Math.min(Math.max(this.tms.size, 8) * 2 + 1, Math.floor(budget.maxRequests / 5));
      // Jobs concurrently (the client bounds requests in flight), so many jobs do not add up to a late tick.
      const results = await Promise.all(
        [...this.jobs.values()].map(async (job) => {
          try {
            return { job, r: await job.tick(ts, this.overview.get(job.info.jobId)) };
          } catch (e) {
            if (!(e instanceof FlinkApiError)) throw e;
            return { job, e };
          }
        }),
      );
      for (const { job, r, e } of results) {
        if (e) {
          // A job that vanished (404) is simply no longer followed; other errors mark the tick.
          if (e.kind === 'not-found') this.jobs.delete(job.info.jobId);
          else if (e.kind !== 'not-asked') errors.push(`${nameForMessage(job.info.name)}: ${e.message}`);
          continue;
        }
        if (r.declare) result.declarations.push(r.declare);
        records.vertexFrames!.push(...r.frames);
        records.vertexAggregates!.push(...r.aggregates);
        records.checkpoints!.push(...r.checkpoints);
        records.events!.push(...r.events);
        errors.push(...r.errors);
        notPolled += r.notPolled;
        vertices += job.vertexCount;
        fresh ||= r.fresh;
        if (r.serverTs !== null)
          serverTs = serverTs === null ? r.serverTs : (Math.max(serverTs, r.serverTs) as EpochMs);
        if (TERMINAL.has(r.state)) this.jobs.delete(job.info.jobId);
      }
      if (this.jobs.size === 0) fresh = true;
      budget.reserved = 0;
      if (fresh) await this.pollTaskManagers(ts, records, errors);
      if (this.evidence) {
        const input = { ts, fresh, serverTs, frames: records.vertexFrames!, declarations: result.declarations };
        records.evidence = await this.evidence.tick(
          { ...input, caps: this.caps!, versionText: this.client.versionText, intervalMs: this.sampleIntervalMs() },
          result.notices,
        );
      }
      errors.unshift(...skippedMessages(budget, notPolled, vertices));
      this.lastSkipped = {
        requests: budget.skipped.deadline + budget.skipped.budget + budget.skipped.backedOff,
        vertices: notPolled,
      };
      if (errors.length) {
        status = 'partial';
        error = errors.slice(0, 3).join('; ') + (errors.length > 3 ? ` (+${errors.length - 3} more)` : '');
      }
    } catch (e) {
      if (!(e instanceof FlinkApiError)) throw e;
      // The cluster could not be polled at all: keep the tick (a gap with its reason), no records.
      return {
        ...result,
        batch: {
          tick: {
            ...this.tickInfo(ts, started, requestsBefore, 'error', e.message, false, null),
            ...problemsOf(budget),
          },
        },
      };
    }
    return {
      ...result,
      batch: {
        ...records,
        tick: { ...this.tickInfo(ts, started, requestsBefore, status, error, fresh, serverTs), ...problemsOf(budget) },
      },
    };
  }

  private tickInfo(
    ts: EpochMs,
    started: number,
    requestsBefore: number,
    status: TickStatus,
    error: string | null,
    fresh: boolean,
    serverTs: EpochMs | null,
  ): TickInfo {
    return {
      clusterId: this.clusterId,
      ts,
      status,
      latencyMs: durationMs(Math.round(performance.now() - started)),
      serverTs,
      fresh,
      requests: this.client.stats.requests - requestsBefore,
      error,
    };
  }

  close(): void {
    this.client.close();
  }

  /** Fresh samples come at the slower of the poll and the JobManager's metric refresh. */
  private sampleIntervalMs(): number {
    return Math.max(this.pollIntervalMs, this.fetchIntervalMs);
  }

  private async connect(result: Omit<ClusterPollResult, 'batch'>): Promise<void> {
    const caps = await this.client.detectVersion();
    const settings = await this.client.getJobManagerSettings();
    this.fetchIntervalMs = settings.fetchIntervalMs;
    result.cluster = { flinkVersion: this.client.versionText, fetchIntervalMs: settings.fetchIntervalMs };
    if (!caps.supported) {
      result.notices.push(
        `${this.url}: Flink ${this.client.versionText ?? '(unknown version)'} is outside ${SUPPORTED_RELEASES.oldest}–${SUPPORTED_RELEASES.newestMajor}.x; recording with the newest naming`,
      );
    }
    if (this.pollIntervalMs < settings.fetchIntervalMs) {
      result.notices.push(
        `${this.url}: polling every ${this.pollIntervalMs / 1000}s, but the JobManager refreshes metrics only every ` +
          `${settings.fetchIntervalMs / 1000}s (metrics.fetcher.update-interval): repeated answers are marked, not stored`,
      );
    }
    if (this.client.isInsecure) result.notices.push(`${this.url}: TLS certificate verification is OFF (--insecure)`);
    for (const w of settings.warnings) result.notices.push(`${this.url}: ${w}`);
    this.caps = caps;
  }

  private async followJobs(caps: FlinkCapabilities, result: Omit<ClusterPollResult, 'batch'>): Promise<void> {
    const overview = await this.client.getJobsOverview();
    this.overview = new Map(overview.map((j) => [j.jobId, j]));
    const wanted = this.target.jobs;
    const matches = (j: { jobId: string; name: string }): boolean =>
      wanted.length === 0 || wanted.includes(j.jobId) || wanted.includes(j.name);
    for (const j of overview) {
      if (TERMINAL.has(j.state) || this.jobs.has(j.jobId) || !matches(j)) continue;
      this.jobs.set(
        j.jobId,
        new JobPoller(this.client, this.clusterId, j.jobId, j.name, caps, this.detail, this.settle),
      );
    }
    if (wanted.length > 0 && this.jobs.size === 0 && !this.unmatchedFilterReported) {
      this.unmatchedFilterReported = true;
      result.notices.push(`${this.url}: no running job matches --job ${wanted.join(', ')} (yet); waiting for one`);
    }
  }

  private async pollTaskManagers(ts: EpochMs, batch: Omit<TickBatch, 'tick'>, errors: string[]): Promise<void> {
    if (this.tms.size === 0 || this.relistTms || this.freshTicks % TM_RELIST_EVERY === 0) {
      // A failed listing keeps what was known; TaskManagers whose metric list failed are asked again next tick.
      this.relistTms = false;
      try {
        const list = await this.client.getTaskManagers();
        const next = new Map<string, TaskManagerMetricResolution>();
        for (const tm of list) {
          const known = this.tms.get(tm.id);
          if (known) next.set(tm.id, known);
          else {
            try {
              next.set(tm.id, resolveTaskManagerMetrics(await this.client.listTaskManagerMetrics(tm.id)));
            } catch (e) {
              this.relistTms = true;
              tmError(e, `TaskManager ${tm.id}`, errors);
            }
          }
        }
        this.tms = next;
      } catch (e) {
        this.relistTms = true;
        tmError(e, 'TaskManagers', errors);
      }
    }
    this.freshTicks++;
    const frames: TaskManagerFrame[] = [];
    const gcSamples = new Map<string, GcSample[]>();
    await Promise.all(
      [...this.tms].map(async ([tmId, res]) => {
        try {
          const values = await this.client.getTaskManagerMetrics(tmId, taskManagerRequestIds(res));
          const frame: TaskManagerFrame = {
            clusterId: this.clusterId,
            taskManagerId: tmId,
            ts,
            values: combineTaskManagerValues(res, values),
          };
          frames.push(frame);
          gcSamples.set(tmId, this.gcSamplesOf(frame, gcCollectorValues(res, values)));
        } catch (e) {
          tmError(e, `TaskManager ${tmId}`, errors);
        }
      }),
    );
    frames.sort((a, b) => a.taskManagerId.localeCompare(b.taskManagerId));
    batch.taskManagerFrames = frames;
    const windows: GcWindow[] = [];
    for (const f of frames) {
      const last = this.lastGc.get(f.taskManagerId) ?? new Map<string | null, GcSample>();
      const samples = gcSamples.get(f.taskManagerId)!;
      windows.push(...gcWindowsFromSamples([...last.values(), ...samples]));
      // A sample without a time leaves the previous one as the start of the next window.
      for (const s of samples) if (Number.isFinite(s.timeMs)) last.set(s.collector, s);
      this.lastGc.set(f.taskManagerId, last);
    }
    batch.gcWindows = windows;
  }

  /** Per collector when the cluster names them; otherwise the frame's sum over all (collector null). */
  private gcSamplesOf(f: TaskManagerFrame, collectors: GcCollectorValues[]): GcSample[] {
    const at = { clusterId: f.clusterId, taskManagerId: f.taskManagerId, ts: f.ts };
    if (collectors.length > 0)
      return collectors.map((c) => ({ ...at, collector: c.collector, timeMs: c.timeMs, count: c.count }));
    return [{ ...at, collector: null, timeMs: f.values.gcTimeMs ?? Number.NaN, count: f.values.gcCount ?? null }];
  }
}

/** What the tick's limits left out, in words: said first in the tick's error, counted apart. */
function skippedMessages(b: TickBudget, notPolled: number, vertices: number): string[] {
  const out: string[] = [];
  if (notPolled > 0)
    out.push(
      `${notPolled} of ${vertices} vertices not polled this tick (${b.maxRequests}-request budget; the rest are polled in turn)`,
    );
  if (b.skipped.deadline > 0) out.push(`${b.skipped.deadline} requests not answered by the tick's deadline`);
  if (b.skipped.backedOff > 0) out.push(`${b.skipped.backedOff} requests to slow endpoints backed off`);
  if (b.skipped.budget > 0) out.push(`${b.skipped.budget} requests over the tick's budget`);
  return out;
}

/** A TaskManager request's failure for the tick's error (what the budget left out is counted apart). */
function tmError(e: unknown, what: string, errors: string[]): void {
  if (!(e instanceof FlinkApiError)) throw e;
  if (e.kind !== 'not-asked') errors.push(`${what}: ${e.message}`);
}

function problemsOf(b: TickBudget): { problems?: TickProblem[] } {
  if (b.problems.size === 0) return {};
  return {
    problems: [...b.problems].map(([key, count]) => {
      const at = key.indexOf(' ');
      return { kind: key.slice(0, at), endpoint: key.slice(at + 1), count };
    }),
  };
}
