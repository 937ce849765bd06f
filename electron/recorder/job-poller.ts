// One job of one cluster: what to fetch each tick, and how it becomes domain records.
// Requests per tick are O(vertices): per vertex one `/backpressure` (per-subtask ratio, busy and
// idle in one answer) and one aggregated `/subtasks/metrics`, which also sums the exact time
// counters (1.16+) so every vertex has its exact mean ratio every tick; per-subtask counters and
// buffer usages only for vertices the detail policy selects, in request-line-limited chunks.
import {
  FlinkApiError,
  resolveSubtaskMetrics,
  type FlinkCapabilities,
  type FlinkClient,
  type JobDetails,
  type JobOverview,
  type SubtaskMetricResolution,
  type VertexBackpressure,
} from '../flink/index';
import type { VertexAggregate } from '../session/index';
import {
  BUFFER_USAGES,
  counterTotal,
  RECORD_RATES,
  TIME_COUNTERS,
  TIME_GAUGES,
  type ClusterId,
  type CounterTotal,
  type EdgeInfo,
  type JobEvent,
  type JobInfo,
  type SubtaskMetric,
  type TimeCounter,
  type VertexFrame,
  type VertexInfo,
} from '../../shared/model';
import type { EpochMs } from '../../shared/time';
import { newCheckpointTracker, trackCheckpoints, type CheckpointTrackerState } from './checkpoint-tracker';
import type { FetchSettle } from './fetch-settle';
import { JobDetailsSource } from './job-details';
import { trackJob, type JobTrackerState } from './job-tracker';
import { backpressureArrays, checkpointEvent, exceptionEvents, nameForMessage } from './normalise';
import { HOT_BACKPRESSURE, HOT_BUSY, planPoll, pollOrder, type PlanVertex } from './poll-plan';
import { requestsLeft } from '../flink/budget';
import type { CheckpointEvent } from '../../shared/model';
import { finiteOrNull } from '../../shared/finite';

export type DetailLevel = 'all' | 'hot' | 'none';

/** Aggregated over subtasks every tick (cheap: one request per vertex). */
const AGGREGATED: readonly SubtaskMetric[] = [
  ...TIME_GAUGES,
  ...BUFFER_USAGES,
  ...RECORD_RATES,
  // Summed and differenced: the exact vertex mean even where per-subtask detail is not fetched.
  ...TIME_COUNTERS,
];

/** Per subtask for selected vertices: exact time accounting, buffers and remote traffic. */
const DETAIL: readonly SubtaskMetric[] = [
  ...TIME_COUNTERS,
  ...BUFFER_USAGES,
  'numRecordsIn',
  'numRecordsOut',
  'numBytesInRemote',
  'numBuffersInRemote',
];

/**
 * Before 1.13 there is no metric-based `/backpressure` (calling it starts stack sampling on the
 * TaskManagers), so every vertex gets these per subtask instead.
 */
const LEGACY_ALWAYS: readonly SubtaskMetric[] = ['isBackPressured', 'outPoolUsage', 'inPoolUsage'];

/** A vertex is also hot when its summed backpressured time is a quarter of one subtask's time (a skewed start). */
const HOT_BACKPRESSURED_SUBTASKS = 0.25;
/** Completed checkpoints per tick whose per-vertex alignment is fetched (bounds requests). */
const ALIGNMENT_FETCHES_PER_TICK = 2;
/** A vertex's metric list is complete once it has one of these (every version has one of them). */
const TIME_METRICS_SEEN: readonly SubtaskMetric[] = [
  'busyTimeMsPerSecond',
  'backPressuredTimeMsPerSecond',
  'isBackPressured',
  'numRecordsIn',
];
/** Ticks after a restart on which the exception history is asked until it names the failure. */
const EXCEPTION_POLLS = 10;
/** Vertices per checkpoint whose alignment is fetched: the hot ones first (bounds a huge job). */
const ALIGNMENT_VERTICES = 16;
/** Share of a tight request budget kept for the per-subtask detail of hot vertices. */
const DETAIL_RESERVE = 0.25;

interface VertexState {
  info: VertexInfo;
  /** Metric ids of this vertex, looked up from its metric list the first time it is polled. */
  resolution: SubtaskMetricResolution | null;
  /** The list lacked the time metrics (not in the metric store yet): look it up again. */
  relistMetrics: boolean;
  taskManagers: string[];
  placementDirty: boolean;
  /** What the last poll of it showed (exact where counters exist), for the poll plan. */
  backpressure: number;
  busy: number;
  /** Sequence number of the fresh tick that last polled it (−1: never). */
  lastPolled: number;
  /** Counter totals of the last fresh tick, at the JobManager's fetch time (or the tick's). */
  lastTotals: { at: number; totals: Partial<Record<TimeCounter, CounterTotal>> } | null;
}

type Aggregates = Map<SubtaskMetric, { max: number; sum: number | null; avg: number | null }>;

export interface JobTickResult {
  fresh: boolean;
  serverTs: EpochMs | null;
  frames: VertexFrame[];
  aggregates: VertexAggregate[];
  checkpoints: CheckpointEvent[];
  events: JobEvent[];
  /** Per-vertex problems that did not stop the tick (the tick is then 'partial'). */
  errors: string[];
  /** Vertices the request budget left out this tick (polled on a later one, round-robin). */
  notPolled: number;
  /** Structure to (re)declare to the session before the batch. */
  declare: { job: JobInfo; vertices: VertexInfo[]; edges: EdgeInfo[] } | null;
  state: string;
}

export class JobPoller {
  readonly info: JobInfo;
  private vertices: VertexState[] = [];
  private edges: EdgeInfo[] = [];
  private readonly jobTracker: JobTrackerState = { last: null };
  private readonly checkpointTracker: CheckpointTrackerState = newCheckpointTracker();
  /** Max alignment per checkpoint id, fetched once when it completed (null: not measurable). */
  private readonly alignments = new Map<number, number | null>();
  private lastServerTs: number | null = null;
  /** Fresh ticks so far: the poll plan's round-robin clock. */
  private seq = 0;
  /** The structure changed and no tick has returned it to be declared yet. */
  private undeclared = false;
  private lastSignature = '';
  private lastExceptionTs = 0;
  /** Ticks left to look for the exception behind a restart. */
  private exceptionPolls = 0;
  private restarts: number | null = null;
  private readonly details: JobDetailsSource;

  constructor(
    private readonly client: FlinkClient,
    private readonly clusterId: ClusterId,
    jobId: string,
    name: string,
    private readonly caps: FlinkCapabilities,
    private readonly detail: DetailLevel,
    private readonly settle: FetchSettle | null = null,
  ) {
    this.info = { clusterId, jobId, name };
    this.details = new JobDetailsSource(() => this.client.getJob(jobId));
  }

  get vertexCount(): number {
    return this.vertices.length;
  }

  /** One tick of this job; `overview` is its entry in this tick's `/jobs/overview`, if it had one. */
  async tick(ts: EpochMs, overview?: JobOverview): Promise<JobTickResult> {
    const jobId = this.info.jobId;
    const result: JobTickResult = {
      fresh: false,
      serverTs: null,
      frames: [],
      aggregates: [],
      checkpoints: [],
      events: [],
      errors: [],
      notPolled: 0,
      declare: null,
      state: 'UNKNOWN',
    };
    const details = await this.details.get(overview);
    result.state = details.state;
    if (this.structureChanged(details)) {
      await this.describe(details);
      this.undeclared = true;
    }
    // Declared with the first tick that returns: one that failed after describing (a slow answer,
    // the deadline) must not leave frames of vertices the session never heard of.
    if (this.undeclared)
      result.declare = { job: this.info, vertices: this.vertices.map((v) => v.info), edges: this.edges };
    const restarts = await this.fetchRestarts();
    result.events.push(
      ...trackJob(
        this.jobTracker,
        this.clusterId,
        jobId,
        {
          state: details.state,
          numRestarts: restarts,
          parallelism: new Map(details.vertices.map((v) => [v.id, v.parallelism])),
          edges: this.edges,
        },
        ts,
      ),
    );
    if (restarts !== null && this.restarts !== null && restarts > this.restarts) {
      // A new attempt may run elsewhere; exceptions explain why it restarted.
      for (const v of this.vertices) v.placementDirty = true;
      this.exceptionPolls = EXCEPTION_POLLS;
    }
    this.restarts = restarts ?? this.restarts;
    // The exception history is written after numRestarts grows (2.x: entries [] at that moment), so
    // ask on the following ticks too, until the failure that explains the restart is there.
    if (this.exceptionPolls > 0) {
      this.exceptionPolls--;
      try {
        const found = await this.fetchExceptions();
        result.events.push(...found);
        if (found.length > 0) this.exceptionPolls = 0;
      } catch (e) {
        if (!(e instanceof FlinkApiError)) throw e;
      }
    }
    await this.pollCheckpoints(ts, result);
    if (details.state === 'RUNNING') await this.pollVertices(ts, result);
    this.undeclared = false;
    return result;
  }

  private structureChanged(d: JobDetails): boolean {
    if (this.vertices.length !== d.vertices.length) return true;
    const byId = new Map(this.vertices.map((v) => [v.info.vertexId, v]));
    return d.vertices.some((v) => {
      const known = byId.get(v.id);
      return !known || known.info.parallelism !== v.parallelism || known.info.name !== v.name;
    });
  }

  /**
   * Reads the plan. Metric ids are looked up per vertex when it is first polled (a new
   * parallelism registers new metrics), so a huge job's first tick stays within its budget.
   */
  private async describe(d: JobDetails): Promise<void> {
    const plan = d.plan ?? (await this.client.getJobPlan(this.info.jobId));
    const order = new Map(d.topoOrder.map((id, i) => [id, i]));
    const known = new Map(this.vertices.map((v) => [v.info.vertexId, v]));
    this.vertices = d.vertices.map((v): VertexState => {
      const prev = known.get(v.id);
      const same = prev !== undefined && prev.info.parallelism === v.parallelism;
      return {
        info: {
          clusterId: this.clusterId,
          jobId: this.info.jobId,
          vertexId: v.id,
          name: v.name,
          parallelism: v.parallelism,
          maxParallelism: v.maxParallelism,
          topoIndex: order.get(v.id) ?? d.vertices.length,
        },
        resolution: same ? prev.resolution : null,
        relistMetrics: same ? prev.relistMetrics : false,
        taskManagers: [],
        placementDirty: true,
        lastTotals: same ? prev.lastTotals : null,
        backpressure: prev?.backpressure ?? 0,
        busy: prev?.busy ?? 0,
        lastPolled: prev?.lastPolled ?? -1,
      };
    });
    this.vertices.sort((a, b) => a.info.topoIndex - b.info.topoIndex);
    this.edges = plan.edges.map((e) => ({
      clusterId: this.clusterId,
      jobId: this.info.jobId,
      source: e.source,
      target: e.target,
      shipStrategy: e.shipStrategy,
    }));
  }

  private async fetchRestarts(): Promise<number | null> {
    const m = await this.client.getJobMetrics(this.info.jobId, ['numRestarts', 'fullRestarts']);
    const n = m.get('numRestarts') ?? m.get('fullRestarts');
    return n === undefined ? null : finiteOrNull(n);
  }

  private async fetchExceptions(): Promise<JobEvent[]> {
    const ex = await this.client.getJobExceptions(this.info.jobId);
    const events = exceptionEvents(this.clusterId, this.info.jobId, ex.entries, this.lastExceptionTs);
    for (const e of events) this.lastExceptionTs = Math.max(this.lastExceptionTs, e.ts);
    return events;
  }

  private async pollCheckpoints(ts: EpochMs, out: JobTickResult): Promise<void> {
    const stats = await this.client.getCheckpoints(this.info.jobId);
    const needAlignment = stats.history
      .filter((c) => c.status === 'COMPLETED' && !this.alignments.has(c.id))
      .slice(0, ALIGNMENT_FETCHES_PER_TICK);
    const withInputs = new Set(this.edges.map((e) => e.target));
    const aligning = pollOrder(this.planVertices().filter((p) => withInputs.has(p.id))).slice(0, ALIGNMENT_VERTICES);
    for (const c of needAlignment) {
      this.alignments.set(c.id, null);
      try {
        const perVertex = await Promise.all(
          aligning.map((p) => this.client.getCheckpointSubtasks(this.info.jobId, c.id, p.id)),
        );
        const max = Math.max(...perVertex.map((d) => d.maxAlignmentMs).filter(Number.isFinite));
        if (Number.isFinite(max)) this.alignments.set(c.id, max);
      } catch (e) {
        // Details leave the history quickly (404); the checkpoint itself is still recorded.
        if (!(e instanceof FlinkApiError)) throw e;
      }
    }
    const inHistory = new Set(stats.history.map((c) => c.id));
    for (const id of this.alignments.keys()) if (!inHistory.has(id)) this.alignments.delete(id);
    const events = stats.history.map((c) =>
      checkpointEvent(this.clusterId, this.info.jobId, c, this.alignments.get(c.id) ?? null, ts),
    );
    const update = trackCheckpoints(this.checkpointTracker, events, ts);
    out.checkpoints.push(...update.changed);
    if (update.gap) out.events.push(update.gap);
  }

  private async pollVertices(ts: EpochMs, out: JobTickResult): Promise<void> {
    const first = this.vertices[0];
    if (!first) return;
    const jobId = this.info.jobId;
    // The JobManager refreshes its metric store at most every fetch interval; `/backpressure`'s
    // end-timestamp is the only trace of that refresh. Same timestamp = same data: skip the rest.
    const bp = new Map<string, VertexBackpressure>();
    if (this.caps.metricBackpressure) {
      const firstBp = await this.client.getBackpressure(jobId, first.info.vertexId);
      bp.set(first.info.vertexId, firstBp);
      out.serverTs =
        firstBp.endTimestamp !== null && firstBp.endTimestamp > 0 ? (firstBp.endTimestamp as EpochMs) : null;
      if (out.serverTs !== null && out.serverTs === this.lastServerTs) return;
      // Not on the first poll: a busy tick already (metric lists), and it only sets the baseline.
      if (out.serverTs !== null && this.lastServerTs !== null && this.settle) {
        // This answer may predate the fetch it is stamped with (see fetch-settle.ts): ask it again after.
        await this.settle.after(out.serverTs);
        bp.delete(first.info.vertexId);
      }
    }
    this.seq++;
    const budget = requestsLeft();
    const { poll, skipped } = planPoll(
      this.planVertices(),
      budget,
      Number.isFinite(budget) ? Math.floor(budget * DETAIL_RESERVE) : 0,
    );
    const at = out.serverTs ?? ts;
    const polled = await this.pollGroup(
      poll.map((p) => p.state),
      true,
      ts,
      at,
      bp,
      out,
    );
    // What the detail reserve did not need goes to more vertices, basic values only.
    const more = skipped.length > 0 ? planPoll(skipped, requestsLeft()).poll : [];
    if (more.length > 0)
      polled.push(
        ...(await this.pollGroup(
          more.map((p) => p.state),
          false,
          ts,
          at,
          bp,
          out,
        )),
      );
    out.notPolled = skipped.length - more.length;
    // Before 1.13 there is no server timestamp: identical aggregates mean the store did not refresh.
    const signature = out.serverTs === null ? JSON.stringify(out.aggregates.map((a) => [a.max, a.avg, a.min])) : '';
    out.fresh = out.serverTs !== null ? true : signature !== this.lastSignature;
    this.lastSignature = signature;
    if (out.serverTs !== null) this.lastServerTs = out.serverTs;
    if (out.fresh) for (const { v, totals } of polled) v.lastTotals = { at, totals };
    if (!out.fresh) {
      out.frames = [];
      out.aggregates = [];
    }
  }

  /**
   * Polls `group`: backpressure and aggregates of each, then per-subtask detail for the hot ones
   * (when `detail`), in poll order so a tight budget spends what is left on the likeliest
   * bottleneck. Frames and aggregates go to `out`; returns each vertex with its counter totals.
   */
  private async pollGroup(
    group: VertexState[],
    detail: boolean,
    ts: EpochMs,
    at: number,
    bp: Map<string, VertexBackpressure>,
    out: JobTickResult,
  ): Promise<Array<{ v: VertexState; totals: Partial<Record<TimeCounter, CounterTotal>> }>> {
    const jobId = this.info.jobId;
    const aggregates = new Map<string, Aggregates>();
    await Promise.all(
      group.map(async (v) => {
        try {
          if (v.resolution === null || v.relistMetrics) {
            v.resolution = resolveSubtaskMetrics(await this.client.listSubtasksMetrics(jobId, v.info.vertexId));
            // A job that has just started may not be in the JobManager's metric store yet (it fetches
            // every metrics.fetcher.update-interval): an incomplete list is asked again next tick.
            v.relistMetrics = !TIME_METRICS_SEEN.some((m) => v.resolution!.ids[m] !== undefined);
          }
          if (this.caps.metricBackpressure && !bp.has(v.info.vertexId)) {
            bp.set(v.info.vertexId, await this.client.getBackpressure(jobId, v.info.vertexId));
          }
          aggregates.set(v.info.vertexId, await this.fetchAggregates(v, ts, out));
        } catch (e) {
          out.errors.push(...vertexError(v, e));
        }
      }),
    );
    const totals = new Map(group.map((v) => [v.info.vertexId, vertexTotals(aggregates.get(v.info.vertexId))]));
    const hot = this.hotVertices(group, bp, aggregates, totals, at);
    const frames = await Promise.all(
      group.map(async (v) => {
        if (v.resolution === null) return null;
        try {
          const frame = await this.fetchFrame(v, ts, bp.get(v.info.vertexId), detail && hot.has(v.info.vertexId), out);
          const t = totals.get(v.info.vertexId)!;
          if (Object.keys(t).length > 0) frame.totals = t;
          v.lastPolled = this.seq;
          // Nothing answered for it this tick: no frame rather than an empty one.
          return Object.keys(frame.subtasks).length > 0 || frame.totals ? frame : null;
        } catch (e) {
          out.errors.push(...vertexError(v, e));
          return null;
        }
      }),
    );
    out.frames.push(...frames.filter((f): f is VertexFrame => f !== null));
    return group.map((v) => ({ v, totals: totals.get(v.info.vertexId)! }));
  }

  private async fetchAggregates(v: VertexState, ts: EpochMs, out: JobTickResult): Promise<Aggregates> {
    const ids = v.resolution!.ids;
    const keys = AGGREGATED.filter((k) => ids[k] !== undefined);
    const byKey: Aggregates = new Map();
    if (keys.length === 0) return byKey;
    const values = await this.client.getAggregatedSubtaskMetrics(
      this.info.jobId,
      v.info.vertexId,
      keys.map((k) => ids[k]!),
      { agg: ['min', 'max', 'avg', 'sum', 'skew'] },
    );
    for (const k of keys) {
      const a = values.get(ids[k]!);
      if (!a) continue;
      byKey.set(k, a);
      out.aggregates.push({
        clusterId: this.clusterId,
        jobId: this.info.jobId,
        vertexId: v.info.vertexId,
        ts,
        metric: k,
        min: a.min,
        max: a.max,
        avg: a.avg,
        sum: a.sum,
        skew: a.skew,
      });
    }
    return byKey;
  }

  /**
   * Backpressured or busy vertices, plus the downstream neighbours of backpressured ones. The
   * exact mean from the summed counters decides first: from 1.17 the gauges and `/backpressure`
   * average 60 s, so a 5 s burst never lifts them over the threshold.
   */
  private hotVertices(
    polled: readonly VertexState[],
    bp: Map<string, VertexBackpressure>,
    aggregates: Map<string, Aggregates>,
    totals: Map<string, Partial<Record<TimeCounter, CounterTotal>>>,
    at: number,
  ): Set<string> {
    const hot = new Set<string>();
    for (const v of polled) {
      const id = v.info.vertexId;
      const agg = aggregates.get(id);
      const subtasks = bp.get(id)?.subtasks ?? [];
      const exact = (c: TimeCounter): number => exactMean(v, totals.get(id)?.[c], c, at);
      const bpExact = exact('accumulateBackPressuredTimeMs');
      v.backpressure = Math.max(
        (agg?.get('backPressuredTimeMsPerSecond')?.max ?? 0) / 1000,
        ...subtasks.map((s) => s.ratio),
        bpExact,
      );
      v.busy = Math.max(
        (agg?.get('busyTimeMsPerSecond')?.max ?? 0) / 1000,
        ...subtasks.map((s) => s.busyRatio),
        exact('accumulateBusyTimeMs'),
      );
      if (v.backpressure > HOT_BACKPRESSURE || bpExact * v.info.parallelism >= HOT_BACKPRESSURED_SUBTASKS) {
        hot.add(id);
        for (const e of this.edges) if (e.source === id) hot.add(e.target);
      }
      if (v.busy > HOT_BUSY) hot.add(id);
    }
    if (this.detail === 'all') return new Set(polled.map((v) => v.info.vertexId));
    return this.detail === 'none' ? new Set() : hot;
  }

  /** Each vertex as the poll plan sees it (the state rides along). */
  private planVertices(): Array<PlanVertex & { state: VertexState }> {
    const backpressured = new Set(
      this.vertices.filter((v) => v.backpressure > HOT_BACKPRESSURE).map((v) => v.info.vertexId),
    );
    const downstream = new Set(this.edges.filter((e) => backpressured.has(e.source)).map((e) => e.target));
    return this.vertices.map((v) => ({
      id: v.info.vertexId,
      backpressure: v.backpressure,
      busy: v.busy,
      downstreamOfBackpressure: downstream.has(v.info.vertexId),
      lastPolled: v.lastPolled,
      // backpressure + aggregates, plus the first-time metric list and placement lookups.
      cost:
        (this.caps.metricBackpressure ? 1 : 0) +
        1 +
        (v.resolution && !v.relistMetrics ? 0 : 1) +
        (v.placementDirty ? 1 : 0),
      state: v,
    }));
  }

  /**
   * The vertex's frame: what the basic poll brought, plus per-subtask values where wanted and
   * the placement when it may have changed. Those extras failing (a slow endpoint, the tick's
   * budget spent) costs only them: the frame is kept and the problem reported.
   */
  private async fetchFrame(
    v: VertexState,
    ts: EpochMs,
    bp: VertexBackpressure | undefined,
    hot: boolean,
    out: JobTickResult,
  ): Promise<VertexFrame> {
    const p = v.info.parallelism;
    const ids = v.resolution!.ids;
    const subtasks: Partial<Record<SubtaskMetric, Float64Array>> = bp ? backpressureArrays(bp, p) : {};
    const wanted = new Set<SubtaskMetric>(this.caps.metricBackpressure ? [] : LEGACY_ALWAYS);
    if (hot) for (const k of DETAIL) wanted.add(k);
    const keys = [...wanted].filter((k) => ids[k] !== undefined);
    const frame: VertexFrame = {
      clusterId: this.clusterId,
      jobId: this.info.jobId,
      vertexId: v.info.vertexId,
      ts,
      parallelism: p,
      subtasks,
    };
    try {
      if (keys.length > 0) {
        const values = await this.client.fetchVertexSubtaskValues(
          this.info.jobId,
          v.info.vertexId,
          keys.map((k) => ids[k]!),
          p,
        );
        for (const k of keys) {
          const arr = values.get(ids[k]!);
          if (arr) subtasks[k] = arr;
        }
      }
      if (v.placementDirty) {
        const details = await this.client.getVertex(this.info.jobId, v.info.vertexId);
        v.taskManagers = details.taskManagerIds;
        v.placementDirty = false;
        frame.taskManagers = v.taskManagers;
      }
    } catch (e) {
      out.errors.push(...vertexError(v, e));
    }
    return frame;
  }
}

/** The summed time counters of one vertex's aggregate answer, where they cover every subtask. */
function vertexTotals(agg: Aggregates | undefined): Partial<Record<TimeCounter, CounterTotal>> {
  const out: Partial<Record<TimeCounter, CounterTotal>> = {};
  for (const c of TIME_COUNTERS) {
    const a = agg?.get(c);
    const t = a ? counterTotal(a.sum, a.avg) : null;
    if (t) out[c] = t;
  }
  return out;
}

/** Mean fraction over subtasks since the vertex's last fresh tick; 0 when it cannot be told. */
function exactMean(v: VertexState, cur: CounterTotal | undefined, c: TimeCounter, at: number): number {
  const prev = v.lastTotals?.totals[c];
  const n = v.info.parallelism;
  const dt = at - (v.lastTotals?.at ?? at);
  if (!cur || !prev || cur.subtasks !== n || prev.subtasks !== n || dt <= 0) return 0;
  return Math.max(0, Math.min(1, (cur.sum - prev.sum) / (n * dt)));
}

/** A vertex's problem for the tick's error; what the tick's budget left out is counted there instead. */
function vertexError(v: VertexState, e: unknown): string[] {
  if (!(e instanceof FlinkApiError)) throw e;
  return e.kind === 'not-asked' ? [] : [`${nameForMessage(v.info.name)}: ${e.message}`];
}
