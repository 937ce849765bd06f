// Job structure endpoints: /jobs, /jobs/overview, /jobs/:jid, /jobs/:jid/plan, /jobs/:jid/status,
// /jobs/:jid/vertices/:vid. Served from the ExecutionGraph (the live model); their IO metrics come
// from the metric store, as Flink's MutableIOMetrics does.

import type { SimExecutionState, SimJob, SimJobState, SimSubtask, SimVertex } from '../types';
import type { WireContext } from './context';
import { findJob, findVertex } from './context';
import type { Metrics } from './metric-store';
import { hashOrder } from './order';
import type { VersionProfile } from './profile';

const JOB_STATES: SimJobState[] = [
  'INITIALIZING',
  'CREATED',
  'RUNNING',
  'FAILING',
  'FAILED',
  'CANCELLING',
  'CANCELED',
  'FINISHED',
  'RESTARTING',
];
const EXTRA_JOB_STATES = ['SUSPENDED', 'RECONCILING'];
const EXEC_STATES: SimExecutionState[] = [
  'CREATED',
  'SCHEDULED',
  'DEPLOYING',
  'RUNNING',
  'FINISHED',
  'CANCELING',
  'CANCELED',
  'FAILED',
];

/** ExecutionState values a version knows (INITIALIZING is 1.13+). */
function execStates(p: VersionProfile): string[] {
  return [...EXEC_STATES, 'RECONCILING', ...(p.initializingState ? ['INITIALIZING'] : [])];
}

function execState(p: VersionProfile, s: SimExecutionState): string {
  return s === 'INITIALIZING' && !p.initializingState ? 'DEPLOYING' : s;
}

/** Java longs: the model may carry fractional milliseconds. */
const long = Math.round;

const TERMINAL_EXEC = new Set<SimExecutionState>(['FINISHED', 'CANCELED', 'FAILED']);

function jobTimes(ctx: WireContext, job: SimJob) {
  const end = job.endTime === null ? -1 : long(job.endTime);
  return {
    'start-time': long(job.startTime),
    'end-time': end,
    duration: long((job.endTime ?? ctx.view.now) - job.startTime),
  };
}

export function jobsList(ctx: WireContext) {
  return { jobs: hashOrder(ctx.view.jobs, (j) => j.jobId, 'jobs').map((j) => ({ id: j.jobId, status: j.state })) };
}

export function jobsOverview(ctx: WireContext) {
  const p = ctx.profile;
  return {
    jobs: hashOrder(ctx.view.jobs, (j) => j.jobId, 'overview').map((job) => {
      const counts: Record<string, number> = { total: 0 };
      for (const s of execStates(p)) counts[s.toLowerCase()] = 0;
      // One count per subtask (execution vertex), keyed by its lower-case state.
      for (const t of job.vertices.flatMap((v) => v.subtasks)) {
        counts.total!++;
        const key = execState(p, t.status).toLowerCase();
        counts[key] = (counts[key] ?? 0) + 1;
      }
      return {
        jid: job.jobId,
        name: job.name,
        ...(p.schedulerType ? { jobType: 'STREAMING', schedulerType: 'Default' } : {}),
        state: job.state,
        ...jobTimes(ctx, job),
        'last-modification': lastModification(job),
        tasks: counts,
        ...(p.adaptiveGraph ? { 'pending-operators': 0 } : {}),
      };
    }),
  };
}

function lastModification(job: SimJob): number {
  return long(Math.max(job.startTime, ...Object.values(job.stateTimestamps).map((t) => t ?? 0)));
}

/** A vertex's aggregate state: the "most advanced" state any of its subtasks is in, as Flink computes it. */
function vertexState(job: SimJob, v: SimVertex): SimExecutionState {
  const order: SimExecutionState[] = [
    'FAILED',
    'CANCELING',
    'CANCELED',
    'RUNNING',
    'INITIALIZING',
    'DEPLOYING',
    'SCHEDULED',
    'CREATED',
    'FINISHED',
  ];
  for (const s of order) if (v.subtasks.some((t) => t.status === s)) return s;
  return job.state === 'RUNNING' ? 'RUNNING' : 'CREATED';
}

function subtaskTiming(ctx: WireContext, s: SimSubtask) {
  const ended = TERMINAL_EXEC.has(s.status);
  return {
    'start-time': long(s.startTime),
    'end-time': ended ? long(ctx.view.now) : -1,
    duration: long(ctx.view.now - s.startTime),
  };
}

/** IOMetricsInfo of one subtask from the metric store (Flink reads the same ids). */
function ioMetrics(p: VersionProfile, v: SimVertex, m: Metrics | undefined) {
  const num = (id: string) => long(Number(m?.get(id) ?? 0));
  const out: Record<string, number | boolean | string> = {
    // Network-level I/O only: a source reads nothing from the network, a sink writes nothing.
    'read-bytes': v.isSource ? 0 : num('numBytesIn'),
    'read-bytes-complete': m !== undefined,
    'write-bytes': v.isSink ? 0 : num('numBytesOut'),
    'write-bytes-complete': m !== undefined,
    'read-records': v.isSource ? 0 : num('numRecordsIn'),
    'read-records-complete': m !== undefined,
    'write-records': v.isSink ? 0 : num('numRecordsOut'),
    'write-records-complete': m !== undefined,
  };
  if (p.accumulated) {
    out['accumulated-backpressured-time'] = num('accumulateBackPressuredTimeMs');
    out['accumulated-idle-time'] = num('accumulateIdleTimeMs');
    const busy = Number(m?.get('accumulateBusyTimeMs') ?? 0);
    out['accumulated-busy-time'] = Number.isNaN(busy) ? 'NaN' : busy;
  }
  return out;
}

function sumIo(items: Record<string, number | boolean | string>[]) {
  const out: Record<string, number | boolean | string> = {};
  for (const key of Object.keys(items[0] ?? {})) {
    const values = items.map((i) => i[key]);
    if (key.endsWith('-complete')) out[key] = values.every((x) => x === true);
    else if (values.some((x) => x === 'NaN')) out[key] = 'NaN';
    else out[key] = values.reduce<number>((a, b) => a + Number(b), 0);
  }
  return out;
}

export function jobDetails(ctx: WireContext, jobId: string) {
  const p = ctx.profile;
  const job = findJob(ctx, jobId);
  const store = ctx.metrics.update().jobs.get(jobId);
  const timestamps: Record<string, number> = {};
  for (const s of [...JOB_STATES, ...EXTRA_JOB_STATES])
    timestamps[s] = long(job.stateTimestamps[s as SimJobState] ?? 0);
  const statusCounts: Record<string, number> = {};
  for (const s of execStates(p)) statusCounts[s] = 0;
  const vertices = job.vertices.map((v) => {
    const tasks: Record<string, number> = {};
    for (const s of execStates(p)) tasks[s] = 0;
    for (const t of v.subtasks) tasks[execState(p, t.status)]!++;
    const state = execState(p, vertexState(job, v));
    statusCounts[state]!++;
    const subs = store?.vertices.get(v.id);
    const start = Math.min(...v.subtasks.map((t) => t.startTime));
    const done = v.subtasks.every((t) => TERMINAL_EXEC.has(t.status));
    return {
      id: v.id,
      ...(p.jobType ? { slotSharingGroupId: slotSharingGroupId(job) } : {}),
      name: v.name,
      ...(p.jobMaxParallelism ? { maxParallelism: v.maxParallelism } : {}),
      parallelism: v.parallelism,
      status: state,
      'start-time': long(start),
      'end-time': done ? long(ctx.view.now) : -1,
      duration: long(ctx.view.now - start),
      tasks,
      metrics: sumIo(v.subtasks.map((t) => ioMetrics(p, v, subs?.get(t.index)))),
    };
  });
  return {
    jid: job.jobId,
    ...(p.applicationId ? { 'application-id': job.jobId } : {}),
    name: job.name,
    isStoppable: false,
    state: job.state,
    ...(p.jobType ? { 'job-type': 'STREAMING' } : {}),
    ...(p.schedulerType ? { schedulerType: 'Default' } : {}),
    ...jobTimes(ctx, job),
    ...(p.jobMaxParallelism ? { maxParallelism: Math.max(...job.vertices.map((v) => v.maxParallelism)) } : {}),
    now: long(ctx.view.now),
    timestamps,
    vertices,
    'status-counts': statusCounts,
    plan: plan(job),
    ...(p.adaptiveGraph ? { 'pending-operators': 0 } : {}),
  };
}

/** One slot sharing group ("default") per job; Flink writes the id as 32 hex characters. */
function slotSharingGroupId(job: SimJob): string {
  return [...job.jobId].reverse().join('');
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export function plan(job: SimJob) {
  // Nodes are not in topological order in Flink's JSON plan either.
  const nodes = hashOrder(job.vertices, (v) => v.id, 'plan').map((v) => {
    const inputs = job.edges
      .filter((e) => e.target === v.id)
      .map((e, num) => ({ num, id: e.source, ship_strategy: e.shipStrategy, exchange: 'pipelined_bounded' }));
    const description =
      v.operators.map((op, i) => (i === 0 ? escapeHtml(op) : `+- ${escapeHtml(op)}`)).join('<br/>') + '<br/>';
    return {
      id: v.id,
      parallelism: v.parallelism,
      operator: '',
      operator_strategy: '',
      description,
      ...(inputs.length > 0 ? { inputs } : {}),
      optimizer_properties: {},
    };
  });
  return { jid: job.jobId, name: job.name, type: 'STREAMING', nodes };
}

export function jobPlan(ctx: WireContext, jobId: string) {
  return { plan: plan(findJob(ctx, jobId)) };
}

export function jobStatus(ctx: WireContext, jobId: string) {
  return { status: findJob(ctx, jobId).state };
}

const PERCENTILES = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const q = (f: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(f * sorted.length) - 1))] ?? 0;
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    min: long(sorted[0] ?? 0),
    max: long(sorted[sorted.length - 1] ?? 0),
    avg: sorted.length ? long(sum / sorted.length) : 0,
    sum: long(sum),
    median: long(q(0.5)),
    p25: long(q(0.25)),
    p75: long(q(0.75)),
    p95: long(q(0.95)),
  };
};

/** StatusDurationUtils: these states only, whatever the attempt went through (real 1.17–2.3 alike). */
const DURATION_STATES = ['CREATED', 'SCHEDULED', 'DEPLOYING', 'INITIALIZING', 'RUNNING'];

function statusDuration(ctx: WireContext, p: VersionProfile, s: SimSubtask): Record<string, number> {
  const out: Record<string, number> = {};
  for (const st of DURATION_STATES) out[st] = 0;
  // The model keeps only the current attempt's start: it has been in its state since then.
  const st = execState(p, s.status);
  if (st in out) out[st] = long(ctx.view.now - s.startTime);
  return out;
}

export function vertexDetails(ctx: WireContext, jobId: string, vertexId: string) {
  const p = ctx.profile;
  const { job, vertex } = findVertex(ctx, jobId, vertexId);
  const subs = ctx.metrics.update().jobs.get(job.jobId)?.vertices.get(vertex.id);
  const tmHost = new Map(ctx.view.taskManagers.map((tm) => [tm.id, tm]));
  const rows = vertex.subtasks.map((s) => {
    const tm = tmHost.get(s.taskManagerId);
    const host = tm?.host ?? '(unassigned)';
    const timing = subtaskTiming(ctx, s);
    return {
      subtask: s.index,
      status: execState(p, s.status),
      attempt: s.attempt,
      ...(p.subtaskEndpoint ? { endpoint: tm ? `${tm.host}:${tm.dataPort}` : '(unassigned)' } : {}),
      ...(p.subtaskHost ? { host } : {}),
      ...timing,
      // Legacy duplicate of start-time, hidden from the OpenAPI spec but still sent.
      start_time: timing['start-time'],
      metrics: ioMetrics(p, vertex, subs?.get(s.index)),
      'taskmanager-id': s.taskManagerId,
      ...(p.subtaskStatusDuration ? { 'status-duration': statusDuration(ctx, p, s) } : {}),
    };
  });
  const aggregated = p.subtaskStatusDuration
    ? {
        metrics: Object.fromEntries(
          Object.keys(rows[0]?.metrics ?? {})
            .filter((k) => !k.endsWith('-complete'))
            .map((k) => [k, PERCENTILES(rows.map((r) => Number(r.metrics[k])).filter((x) => Number.isFinite(x)))]),
        ),
        'status-duration': Object.fromEntries(
          DURATION_STATES.map((st) => [st, PERCENTILES(rows.map((r) => r['status-duration']?.[st] ?? 0))]),
        ),
      }
    : undefined;
  return {
    id: vertex.id,
    name: vertex.name,
    ...(p.jobMaxParallelism ? { maxParallelism: vertex.maxParallelism } : {}),
    parallelism: vertex.parallelism,
    now: long(ctx.view.now),
    subtasks: rows,
    ...(aggregated ? { aggregated } : {}),
  };
}
