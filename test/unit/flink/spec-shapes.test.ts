// Answers of the endpoints the recorder uses, as Flink 1.19, 1.20, 2.0, 2.1/2.2 (identical specs)
// and 2.3 write them: every field the version's OpenAPI spec declares (rest_v1_dispatcher-<v>.yml,
// from apache/flink; the 1.20 and 2.1 bodies are checked against the copies in
// test/fixtures/flink-specs below), with the values only a running cluster produces: in-progress
// checkpoints without acknowledgements (-1), nulls Jackson writes for @Nullable fields, "NaN"
// doubles, "(unassigned)" subtasks, Long.MAX_VALUE intervals, aggregated rows without the modes
// that were not asked for. The client must accept all of them (added fields are ignored) and
// read exactly the fields it uses.

import { describe, expect, it } from 'vitest';
import { backpressureSchema } from '../../../electron/flink/schemas/backpressure';
import {
  checkpointConfigSchema,
  checkpointStatsSchema,
  checkpointSubtasksSchema,
} from '../../../electron/flink/schemas/checkpoints';
import { taskManagersSchema } from '../../../electron/flink/schemas/cluster';
import {
  jobDetailsSchema,
  jobPlanSchema,
  jobStatusSchema,
  jobsOverviewSchema,
} from '../../../electron/flink/schemas/jobs';
import { aggregatedMetricsSchema } from '../../../electron/flink/schemas/metrics';
import { vertexDetailsSchema } from '../../../electron/flink/schemas/vertex';
import { checkpointEvent } from '../../../electron/recorder/normalise';
import { epochMs } from '../../../shared/time';
import { loadSpecValidator } from '../../integration/simulator/spec-validator';
import { JOB, MAP, SINK, SRC } from './canned';

type Line = '1.19' | '1.20' | '2.0' | '2.1' | '2.3';
const LINES: Line[] = ['1.19', '1.20', '2.0', '2.1', '2.3'];
const from = (v: Line, major: number, minor: number) => {
  const [a, b] = v.split('.').map(Number) as [number, number];
  return a > major || (a === major && b >= minor);
};

const T = 1764118000000;
const TM0 = '10.0.0.7:36541-6c1f4e';
const SSG = '7b2a1f0e9c8d4b3a2f1e0d9c8b7a6f5e';

// ---------------------------------------------------------------- /subtasks/metrics?get=…&agg=…

describe('aggregated /jobs/:jid/vertices/:vid/subtasks/metrics', () => {
  it('1.19: min/max/avg/sum as JSON doubles, no skew', () => {
    const body = [
      { id: 'backPressuredTimeMsPerSecond', min: 0.0, max: 812.0, avg: 203.25, sum: 813.0 },
      { id: 'numRecordsInPerSecond', min: 1520.4, max: 1688.9, avg: 1601.2, sum: 6404.8 },
    ];
    const rows = aggregatedMetricsSchema.parse(body);
    expect(rows[0]).toEqual({ id: 'backPressuredTimeMsPerSecond', min: 0, max: 812, avg: 203.25, sum: 813 });
    expect(rows[0]!.skew).toBeUndefined();
  });

  it('1.20+: skew; a mode that was not asked for is left out, not null', () => {
    const rows = aggregatedMetricsSchema.parse([{ id: 'busyTimeMsPerSecond', max: 1000.0, skew: 66.66666666666667 }]);
    expect(rows[0]).toEqual({ id: 'busyTimeMsPerSecond', max: 1000, skew: 66.66666666666667 });
  });

  it('a NaN (a legacy source\'s busy time poisons every mode) as Jackson\'s "NaN", or as null', () => {
    const rows = aggregatedMetricsSchema.parse([
      { id: 'busyTimeMsPerSecond', min: 'NaN', max: 'NaN', avg: 'NaN', sum: 'NaN', skew: 'NaN' },
      { id: 'idleTimeMsPerSecond', min: null, max: null, avg: null, sum: null, skew: null },
      { id: 'numRecordsOutPerSecond', min: 'Infinity', max: '-Infinity', avg: 1e308, sum: 0 },
    ]);
    for (const r of rows.slice(0, 2))
      for (const k of ['min', 'max', 'avg', 'sum', 'skew'] as const) expect(r[k]).toBeNaN();
    expect(rows[2]!.min).toBeNaN();
    expect(rows[2]!.avg).toBe(1e308);
  });

  it('fields a newer server adds (percentiles) are ignored; a row without id is refused', () => {
    expect(aggregatedMetricsSchema.parse([{ id: 'x', max: 1, p50: 0.5, p90: 0.9, p99: 1 }])[0]).toEqual({
      id: 'x',
      max: 1,
    });
    expect(aggregatedMetricsSchema.safeParse([{ max: 1 }]).success).toBe(false);
    expect(aggregatedMetricsSchema.safeParse([{ id: 'x', max: '12' }]).success).toBe(false);
  });
});

// ---------------------------------------------------------------- /jobs/:jid/status

describe('/jobs/:jid/status', () => {
  it.each([
    'INITIALIZING',
    'CREATED',
    'RUNNING',
    'FAILING',
    'FAILED',
    'CANCELLING',
    'CANCELED',
    'FINISHED',
    'RESTARTING',
    'SUSPENDED',
    'RECONCILING',
  ])('JobStatus %s (the enum of every spec 1.19–2.3)', (status) => {
    expect(jobStatusSchema.parse({ status })).toBe(status);
  });
});

// ---------------------------------------------------------------- /jobs/:jid/checkpoints

/** CheckpointStatistics with the discriminator and every base field (all Java primitives). */
const cpBase = (
  v: Line,
  className: 'completed' | 'failed' | 'in_progress',
  id: number,
  extra: Record<string, unknown>,
) => ({
  className,
  id,
  status: { completed: 'COMPLETED', failed: 'FAILED', in_progress: 'IN_PROGRESS' }[className],
  is_savepoint: false,
  // @Nullable, 1.17+: null for a checkpoint.
  savepointFormat: null,
  trigger_timestamp: T + id * 60_000,
  latest_ack_timestamp: T + id * 60_000 + 2_000,
  checkpointed_size: 52_428,
  state_size: 1_048_576,
  end_to_end_duration: 2_000,
  alignment_buffered: 0,
  processed_data: 0,
  persisted_data: 0,
  num_subtasks: 8,
  num_acknowledged_subtasks: 8,
  checkpoint_type: from(v, 2, 0) ? 'UNALIGNED_CHECKPOINT' : 'CHECKPOINT',
  tasks: {},
  ...extra,
});

function checkpointsBody(v: Line) {
  const stats = (min: number, max: number) => ({
    min,
    max,
    avg: Math.round((min + max) / 2),
    p50: (min + max) / 2,
    p90: max,
    p95: max,
    p99: max,
    p999: max,
  });
  // Nothing acknowledged yet: Flink reports -1 for the latest ack and the duration.
  const pending = cpBase(v, 'in_progress', 42, {
    latest_ack_timestamp: -1,
    end_to_end_duration: -1,
    num_acknowledged_subtasks: 0,
    checkpointed_size: 0,
    state_size: 0,
  });
  const acking = cpBase(v, 'in_progress', 41, { end_to_end_duration: 1_500, num_acknowledged_subtasks: 5 });
  const completed = cpBase(v, 'completed', 40, { external_path: null, discarded: false });
  // Expired before any subtask acknowledged; the @Nullable message written as null.
  const failedNoMessage = cpBase(v, 'failed', 39, {
    latest_ack_timestamp: -1,
    end_to_end_duration: 600_000,
    num_acknowledged_subtasks: 0,
    failure_timestamp: T + 39 * 60_000 + 600_000,
    failure_message: null,
  });
  const failed = cpBase(v, 'failed', 38, {
    end_to_end_duration: 4_000,
    num_acknowledged_subtasks: 3,
    failure_timestamp: T + 38 * 60_000 + 4_000,
    failure_message: 'Checkpoint was declined (task is closing)',
  });
  return {
    counts: { restored: 1, total: 42, in_progress: 2, completed: 37, failed: 3 },
    summary: {
      checkpointed_size: stats(1, 60_000),
      state_size: stats(1, 1_048_576),
      end_to_end_duration: stats(900, 4_000),
      alignment_buffered: stats(0, 0),
      processed_data: stats(0, 0),
      persisted_data: stats(0, 0),
    },
    latest: {
      completed: { ...completed, external_path: 'file:/checkpoints/chk-40' },
      savepoint: null,
      failed,
      restored: { id: 12, restore_timestamp: T, is_savepoint: true, external_path: 'file:/savepoints/sp-12' },
    },
    history: [pending, acking, completed, failedNoMessage, failed],
  };
}

describe('/jobs/:jid/checkpoints history', () => {
  it.each(LINES)('%s: in-progress, completed and failed entries as the server writes them', (v) => {
    const s = checkpointStatsSchema.parse(checkpointsBody(v));
    expect(s.enabled).toBe(true);
    expect(s.counts).toEqual({ restored: 1, total: 42, inProgress: 2, completed: 37, failed: 3 });
    expect(s.latestCompletedId).toBe(40);
    expect(s.latestFailedId).toBe(38);
    expect(s.restored).toEqual({ id: 12, restoreTimestamp: T, isSavepoint: true });
    expect(s.history.map((h) => [h.id, h.status, h.latestAckTimestamp === null, h.failureMessage])).toEqual([
      [42, 'IN_PROGRESS', true, null],
      [41, 'IN_PROGRESS', false, null],
      [40, 'COMPLETED', false, null],
      [39, 'FAILED', true, null],
      [38, 'FAILED', false, 'Checkpoint was declined (task is closing)'],
    ]);
    expect(s.history[2]!.externalPath).toBeNull();
  });

  it('their windows: an unacknowledged one ends now, an acknowledging one at its last ack, a failed one at its failure', () => {
    const s = checkpointStatsSchema.parse(checkpointsBody('2.3'));
    const now = epochMs(T + 42 * 60_000 + 30_000);
    const w = s.history.map((c) => checkpointEvent(1, JOB, c, null, now)).map((e) => [e.id, e.triggerTs, e.endTs]);
    expect(w).toEqual([
      [42, T + 42 * 60_000, now],
      [41, T + 41 * 60_000, T + 41 * 60_000 + 2_000],
      [40, T + 40 * 60_000, T + 40 * 60_000 + 2_000],
      [39, T + 39 * 60_000, T + 39 * 60_000 + 600_000],
      [38, T + 38 * 60_000, T + 38 * 60_000 + 4_000],
    ]);
  });

  it('a job that never checkpointed: latest entries all null, empty history', () => {
    const s = checkpointStatsSchema.parse({
      counts: { restored: 0, total: 0, in_progress: 0, completed: 0, failed: 0 },
      summary: {},
      latest: { completed: null, savepoint: null, failed: null, restored: null },
      history: [],
    });
    expect(s).toMatchObject({ latestCompletedId: null, latestFailedId: null, restored: null, history: [] });
  });

  it('strict on what is used: a history entry without trigger_timestamp is refused', () => {
    const body = checkpointsBody('1.20');
    const { trigger_timestamp: _t, ...broken } = body.history[0]!;
    expect(checkpointStatsSchema.safeParse({ ...body, history: [broken] }).success).toBe(false);
  });
});

// ---------------------------------------------------------------- /checkpoints/details/:cid/subtasks/:vid

function subtaskDetailsBody() {
  const dto = (min: number, max: number, p: number | string = (min + max) / 2) => ({
    min,
    max,
    avg: Math.round((min + max) / 2),
    p50: p,
    p90: p,
    p95: p,
    p99: p,
    p999: p,
  });
  return {
    id: 40,
    status: 'COMPLETED',
    latest_ack_timestamp: T + 40 * 60_000 + 2_000,
    checkpointed_size: 6_553,
    state_size: 131_072,
    end_to_end_duration: 2_000,
    alignment_buffered: 0,
    processed_data: 0,
    persisted_data: 0,
    num_subtasks: 3,
    num_acknowledged_subtasks: 2,
    summary: {
      checkpointed_size: dto(3_000, 3_553),
      state_size: dto(65_536, 65_536),
      end_to_end_duration: dto(1_200, 2_000),
      checkpoint_duration: { sync: dto(1, 4), async: dto(20, 95) },
      alignment: { buffered: dto(0, 0), processed: dto(0, 0), persisted: dto(0, 0), duration: dto(310, 1_450) },
      // Percentiles are doubles: "NaN" when Flink has no histogram values.
      start_delay: dto(2, 600, 'NaN'),
    },
    subtasks: [
      { className: 'pending', index: 2, status: 'pending_or_failed' },
      {
        className: 'completed',
        index: 0,
        status: 'completed',
        ack_timestamp: T + 40 * 60_000 + 1_200,
        end_to_end_duration: 1_200,
        checkpointed_size: 3_000,
        state_size: 65_536,
        checkpoint: { sync: 1, async: 20 },
        alignment: { buffered: 0, processed: 0, persisted: 0, duration: 310 },
        start_delay: 2,
        unaligned_checkpoint: false,
        aborted: false,
      },
      {
        className: 'completed',
        index: 1,
        status: 'completed',
        ack_timestamp: T + 40 * 60_000 + 2_000,
        end_to_end_duration: 2_000,
        checkpointed_size: 3_553,
        state_size: 65_536,
        checkpoint: { sync: 4, async: 95 },
        alignment: { buffered: 0, processed: 12_288, persisted: 12_288, duration: 1_450 },
        start_delay: 600,
        unaligned_checkpoint: true,
        aborted: false,
      },
    ],
  };
}

describe('/jobs/:jid/checkpoints/details/:cid/subtasks/:vid', () => {
  it('StatsSummaryDto summaries (percentiles may be "NaN"), completed and pending subtasks', () => {
    const d = checkpointSubtasksSchema.parse(subtaskDetailsBody());
    expect(d.maxAlignmentMs).toBe(1_450);
    expect(d.maxStartDelayMs).toBe(600);
    expect(d.subtasks.map((s) => [s.index, s.completed, s.alignmentMs, s.unaligned])).toEqual([
      [0, true, 310, false],
      [1, true, 1_450, true],
      [2, false, Number.NaN, null],
    ]);
  });
});

// ---------------------------------------------------------------- /jobs/:jid/checkpoints/config

describe('/jobs/:jid/checkpoints/config', () => {
  const config = (interval: number) => ({
    mode: 'exactly_once',
    interval,
    timeout: 600_000,
    min_pause: 0,
    max_concurrent: 1,
    externalization: { enabled: true, delete_on_cancellation: false },
    state_backend: 'EmbeddedRocksDBStateBackend',
    checkpoint_storage: 'FileSystemCheckpointStorage',
    unaligned_checkpoints: false,
    tolerable_failed_checkpoints: 0,
    aligned_checkpoint_timeout: 0,
    checkpoints_after_tasks_finish: true,
    state_changelog_enabled: false,
    changelog_periodic_materialization_interval: 600_000,
    // @Nullable and written as null when the changelog is off.
    changelog_storage: null,
  });

  it('Long.MAX_VALUE (as JSON.parse reads 9223372036854775807) means periodic checkpointing is off', () => {
    const parsed = JSON.parse(
      JSON.stringify(config(0)).replace('"interval":0', '"interval":9223372036854775807'),
    ) as ReturnType<typeof config>;
    expect(parsed.interval).toBe(2 ** 63);
    expect(checkpointConfigSchema.parse(parsed)).toMatchObject({
      periodic: false,
      intervalMs: null,
      timeoutMs: 600_000,
    });
  });

  it('an interval is exact; Flink never sends one ≤ 0, but that is "off" too', () => {
    expect(checkpointConfigSchema.parse(config(10_000))).toMatchObject({ periodic: true, intervalMs: 10_000 });
    expect(checkpointConfigSchema.parse(config(0))).toMatchObject({ periodic: false, intervalMs: null });
  });
});

// ---------------------------------------------------------------- /jobs/:jid

const VERTEX_STATES = [
  'CREATED',
  'SCHEDULED',
  'DEPLOYING',
  'RUNNING',
  'FINISHED',
  'CANCELING',
  'CANCELED',
  'FAILED',
  'RECONCILING',
  'INITIALIZING',
];

function ioMetrics(busy: number | string | null) {
  return {
    'read-bytes': 1_024,
    'read-bytes-complete': true,
    'write-bytes': 2_048,
    'write-bytes-complete': true,
    'read-records': 10,
    'read-records-complete': true,
    'write-records': 20,
    'write-records-complete': true,
    'accumulated-backpressured-time': 12_000,
    'accumulated-idle-time': 3_000,
    'accumulated-busy-time': busy,
  };
}

function planBody(v: Line, sinkShipStrategy: string | null = 'FORWARD') {
  // Up to 2.0 the plan is raw JSON from JsonPlanGenerator (a source has no `inputs`); from 2.1 the
  // typed JobPlanInfo.Plan writes `inputs: []` and its @Nullable strategies as null.
  const typed = from(v, 2, 1);
  const input = (id: string, ship: string | null) => ({
    num: 0,
    id,
    ship_strategy: ship,
    exchange: 'pipelined_bounded',
    ...(typed ? { local_strategy: null, caching: null } : {}),
  });
  const node = (id: string, description: string, inputs: object[]) => ({
    id,
    parallelism: 4,
    operator: '',
    operator_strategy: '',
    description,
    ...(typed || inputs.length ? { inputs } : {}),
    optimizer_properties: {},
  });
  return {
    jid: JOB,
    name: 'orders-enrichment',
    type: 'STREAMING',
    nodes: [
      node(SINK, 'Sink: Writer<br/>', [input(MAP, sinkShipStrategy)]),
      node(SRC, 'Source: Kafka', []),
      node(MAP, 'Map -&gt; Filter', [input(SRC, 'HASH')]),
    ],
  };
}

function jobBody(v: Line) {
  const vertex = (id: string, name: string, status: string, busy: number | string | null) => ({
    id,
    ...(from(v, 1, 20) ? { slotSharingGroupId: SSG } : {}),
    name,
    maxParallelism: 128,
    parallelism: 4,
    status,
    'start-time': status === 'CREATED' ? -1 : T,
    'end-time': -1,
    duration: status === 'CREATED' ? -1 : 60_000,
    tasks: Object.fromEntries(VERTEX_STATES.map((s) => [s, s === status ? 4 : 0])),
    metrics: ioMetrics(busy),
  });
  return {
    ...(from(v, 2, 3) ? { 'application-id': '1f0e2d3c4b5a69788796a5b4c3d2e1f0' } : {}),
    jid: JOB,
    name: 'orders-enrichment',
    isStoppable: false,
    state: 'RUNNING',
    ...(from(v, 1, 20) ? { 'job-type': 'STREAMING' } : {}),
    'start-time': T,
    'end-time': -1,
    duration: 60_000,
    maxParallelism: -1,
    now: T + 60_000,
    timestamps: {
      INITIALIZING: T - 500,
      CREATED: T - 400,
      RUNNING: T,
      FAILING: 0,
      FAILED: 0,
      CANCELLING: 0,
      CANCELED: 0,
      FINISHED: 0,
      RESTARTING: 0,
      SUSPENDED: 0,
      RECONCILING: 0,
    },
    vertices: [
      // A legacy SourceFunction's busy time is NaN, which Jackson writes as the string "NaN".
      vertex(SRC, 'Source: Kafka', 'RUNNING', 'NaN'),
      vertex(MAP, 'Map -> Filter', 'RUNNING', 45_000.5),
      vertex(SINK, 'Sink: Writer', from(v, 2, 0) ? 'INITIALIZING' : 'DEPLOYING', 0),
    ],
    'status-counts': Object.fromEntries(VERTEX_STATES.map((s) => [s, s === 'RUNNING' ? 2 : 0])),
    plan: planBody(v),
    ...(from(v, 2, 0) ? { 'pending-operators': 0, 'stream-graph': { nodes: [] } } : {}),
    ...(from(v, 2, 3) ? { schedulerType: 'Adaptive' } : {}),
  };
}

describe('/jobs/:jid and /jobs/:jid/plan', () => {
  it.each(LINES)(
    '%s: every declared field, vertex statuses and slot sharing ids are accepted; the used fields read',
    (v) => {
      const j = jobDetailsSchema.parse(jobBody(v));
      expect(j.vertices.map((x) => [x.id, x.status, x.parallelism, x.maxParallelism])).toEqual([
        [SRC, 'RUNNING', 4, 128],
        [MAP, 'RUNNING', 4, 128],
        [SINK, from(v, 2, 0) ? 'INITIALIZING' : 'DEPLOYING', 4, 128],
      ]);
      expect(j.vertices[0]!.accumulatedBusyMs).toBeNaN();
      expect(j.vertices[1]).toMatchObject({
        accumulatedBusyMs: 45_000.5,
        accumulatedBackPressuredMs: 12_000,
        accumulatedIdleMs: 3_000,
      });
      expect(j.plan!.edges).toEqual([
        { source: MAP, target: SINK, shipStrategy: 'FORWARD', exchange: 'pipelined_bounded' },
        { source: SRC, target: MAP, shipStrategy: 'HASH', exchange: 'pipelined_bounded' },
      ]);
      expect(j.topoOrder).toEqual([SRC, MAP, SINK]);
      expect(jobPlanSchema.parse({ plan: planBody(v) }).edges).toEqual(j.plan!.edges);
    },
  );

  it.each(VERTEX_STATES)('vertex status %s is kept as sent', (status) => {
    const body = jobBody('2.3');
    body.vertices[1] = { ...body.vertices[1]!, status };
    expect(jobDetailsSchema.parse(body).vertices[1]!.status).toBe(status);
  });

  it('2.1+: a @Nullable ship_strategy written as null is an edge of unknown strategy, not a failed answer', () => {
    const plan = jobPlanSchema.parse({ plan: planBody('2.1', null) });
    expect(plan.edges.find((e) => e.target === SINK)).toMatchObject({ source: MAP, shipStrategy: 'UNKNOWN' });
  });

  it('a non-finite double written as JSON null (mappers that do so) reads as NaN, not as a failed answer', () => {
    const body = jobBody('2.3');
    body.vertices[0] = { ...body.vertices[0]!, metrics: ioMetrics(null) };
    expect(jobDetailsSchema.parse(body).vertices[0]!.accumulatedBusyMs).toBeNaN();
  });

  it('strict on what is used: a vertex without parallelism is refused', () => {
    const body = jobBody('2.1');
    const { parallelism: _p, ...broken } = body.vertices[0]!;
    expect(jobDetailsSchema.safeParse({ ...body, vertices: [broken] }).success).toBe(false);
  });
});

// ---------------------------------------------------------------- /jobs/overview

describe('/jobs/overview', () => {
  it.each(LINES)('%s', (v) => {
    const job = {
      jid: JOB,
      name: 'orders-enrichment',
      ...(from(v, 2, 3) ? { jobType: 'STREAMING', schedulerType: 'Default' } : {}),
      'start-time': T,
      'end-time': -1,
      duration: 60_000,
      state: 'RUNNING',
      'last-modification': T,
      tasks: {
        running: 3,
        canceling: 0,
        canceled: 0,
        total: 3,
        created: 0,
        scheduled: 0,
        deploying: 0,
        reconciling: 0,
        finished: 0,
        initializing: 0,
        failed: 0,
      },
      ...(from(v, 2, 0) ? { 'pending-operators': 0 } : {}),
    };
    expect(jobsOverviewSchema.parse({ jobs: [job] })[0]).toMatchObject({ jobId: JOB, state: 'RUNNING', endTime: null });
  });
});

// ---------------------------------------------------------------- /jobs/:jid/vertices/:vid

function vertexBody(v: Line) {
  const subtask = (i: number, placed: boolean, status: string) => ({
    subtask: i,
    status,
    attempt: 0,
    ...(from(v, 2, 0) ? {} : { host: placed ? '10.0.0.7' : '(unassigned)' }),
    endpoint: placed ? '10.0.0.7:36541' : '(unassigned)',
    'start-time': placed ? T : -1,
    'end-time': -1,
    duration: placed ? 60_000 : -1,
    metrics: ioMetrics(1_000),
    'taskmanager-id': placed ? TM0 : '(unassigned)',
    'status-duration': {
      CREATED: 3,
      SCHEDULED: placed ? 40 : 0,
      DEPLOYING: placed ? 120 : 0,
      INITIALIZING: placed ? 800 : 0,
      RUNNING: placed ? 59_000 : 0,
    },
    'other-concurrent-attempts': [],
  });
  return {
    id: MAP,
    name: 'Map -> Filter',
    maxParallelism: 128,
    parallelism: 3,
    now: T + 60_000,
    subtasks: [subtask(0, true, 'RUNNING'), subtask(1, false, 'SCHEDULED'), subtask(2, true, 'RUNNING')],
    aggregated: {},
  };
}

describe('/jobs/:jid/vertices/:vid', () => {
  it.each(LINES)('%s: "(unassigned)" subtasks have no TaskManager, never one called "(unassigned)"', (v) => {
    const d = vertexDetailsSchema.parse(vertexBody(v));
    expect(d.taskManagerIds).toEqual([TM0, '', TM0]);
    expect(d.subtasks.map((s) => s.endpoint)).toEqual(['10.0.0.7:36541', null, '10.0.0.7:36541']);
    expect(d.subtasks[1]!.startTime).toBeNull();
  });
});

// ---------------------------------------------------------------- /backpressure

describe('/jobs/:jid/vertices/:vid/backpressure', () => {
  it.each(LINES)('%s: speculative attempts nested in other-concurrent-attempts are ignored', () => {
    const sub = (i: number, ratio: number, level: string) => ({
      subtask: i,
      'attempt-number': 0,
      backpressureLevel: level,
      'backpressure-level': level,
      ratio,
      idleRatio: 0.1,
      busyRatio: 'NaN',
      'other-concurrent-attempts': [
        { subtask: i, 'attempt-number': 1, backpressureLevel: 'ok', ratio: 0, idleRatio: 1, busyRatio: 0 },
      ],
    });
    const b = backpressureSchema.parse({
      status: 'ok',
      backpressureLevel: 'high',
      'backpressure-level': 'high',
      'end-timestamp': T,
      subtasks: [sub(1, 0.2, 'low'), sub(0, 0.9, 'high')],
    });
    expect(b.subtasks.map((s) => [s.subtask, s.level, s.ratio, s.attemptNumber])).toEqual([
      [0, 'HIGH', 0.9, 0],
      [1, 'LOW', 0.2, 0],
    ]);
    expect(b.subtasks[0]!.busyRatio).toBeNaN();
  });
});

describe('/backpressure with non-finite doubles written as null', () => {
  it('reads as NaN', () => {
    const b = backpressureSchema.parse({
      status: 'ok',
      backpressureLevel: 'ok',
      'end-timestamp': T,
      subtasks: [{ subtask: 0, backpressureLevel: 'ok', ratio: 0, idleRatio: null, busyRatio: null }],
    });
    expect(b.subtasks[0]!.busyRatio).toBeNaN();
    expect(b.subtasks[0]!.idleRatio).toBeNaN();
  });
});

// ---------------------------------------------------------------- /taskmanagers

function taskManagersBody(v: Line) {
  const resource = {
    cpuCores: 2.0,
    taskHeapMemory: 512,
    taskOffHeapMemory: 0,
    managedMemory: 512,
    networkMemory: 128,
    extendedResources: {},
  };
  return {
    taskmanagers: [
      {
        id: TM0,
        path: 'pekko.tcp://flink@10.0.0.7:6122/user/rpc/taskmanager_0',
        dataPort: 36541,
        jmxPort: -1,
        timeSinceLastHeartbeat: T + 59_000,
        slotsNumber: 4,
        freeSlots: 0,
        totalResource: resource,
        freeResource: { ...resource, cpuCores: 0.0 },
        hardware: { cpuCores: 4, physicalMemory: 16_777_216_000, freeMemory: 536_870_912, managedMemory: 536_870_912 },
        memoryConfiguration: {
          frameworkHeap: 134_217_728,
          taskHeap: 536_870_912,
          frameworkOffHeap: 134_217_728,
          taskOffHeap: 0,
          networkMemory: 134_217_728,
          managedMemory: 536_870_912,
          jvmMetaspace: 268_435_456,
          jvmOverhead: 201_326_592,
          totalFlinkMemory: 1_476_395_008,
          totalProcessMemory: 1_946_157_056,
        },
        blocked: false,
        ...(from(v, 2, 3) ? { assignedTasks: 4 } : {}),
      },
    ],
  };
}

describe('/taskmanagers', () => {
  it.each(LINES)('%s', (v) => {
    expect(taskManagersSchema.parse(taskManagersBody(v))).toEqual([
      {
        id: TM0,
        path: 'pekko.tcp://flink@10.0.0.7:6122/user/rpc/taskmanager_0',
        dataPort: 36541,
        lastHeartbeat: T + 59_000,
        slots: 4,
        freeSlots: 0,
        blocked: false,
      },
    ]);
  });
});

// ---------------------------------------------------------------- the bodies against the specs

/** The spec cannot say "may be null" (@Nullable fields written as null): those keys are left out for the check. */
function withoutNulls(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(withoutNulls);
  if (x && typeof x === 'object')
    return Object.fromEntries(
      Object.entries(x)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, withoutNulls(v)]),
    );
  return x;
}

describe('these bodies follow the published specs (the copies in test/fixtures/flink-specs)', () => {
  it.each(['1.20', '2.1'] as const)('%s', (v) => {
    const spec = loadSpecValidator(v);
    expect(spec.validate('/jobs/:jobid/checkpoints', withoutNulls(checkpointsBody(v)))).toEqual([]);
    expect(
      spec.validate(
        '/jobs/:jobid/checkpoints/details/:checkpointid/subtasks/:vertexid',
        withoutNulls(subtaskDetailsBody()),
      ),
    ).toEqual([]);
    expect(spec.validate('/jobs/:jobid', withoutNulls(jobBody(v)))).toEqual([]);
    expect(spec.validate('/jobs/:jobid/vertices/:vertexid', withoutNulls(vertexBody(v)))).toEqual([]);
    expect(spec.validate('/taskmanagers', withoutNulls(taskManagersBody(v)))).toEqual([]);
  });
});
