// Canned JobManager answers, shaped after Flink's REST documentation (field names and version
// differences as documented there; specs copied in test/fixtures/flink-specs). Ids are made up.

export const JOB = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
export const SRC = 'bc764cd8ddf7a0cff126f51c16239658';
export const MAP = '0a448493b4782967b150582570326227';
export const SINK = 'ea632d67b7d595e5b851708ae9ad79d6';

export const config120 = {
  'refresh-interval': 3000,
  'timezone-name': 'Coordinated Universal Time',
  'timezone-offset': 0,
  'flink-version': '1.20.1',
  'flink-revision': 'c0027e5 @ 2025-01-30T10:38:46+01:00',
  features: { 'web-submit': false, 'web-cancel': false, 'web-rescale': false, 'web-history': false },
};

export const overview = {
  taskmanagers: 2,
  'slots-total': 8,
  'slots-available': 2,
  'jobs-running': 1,
  'jobs-finished': 0,
  'jobs-cancelled': 0,
  'jobs-failed': 0,
  'flink-version': '1.20.1',
  'flink-commit': 'c0027e5',
  'taskmanagers-blocked': 0,
  'slots-free-and-blocked': 0,
};

export const jobsOverview = {
  jobs: [
    {
      jid: JOB,
      name: 'orders-enrichment',
      state: 'RUNNING',
      'start-time': 1764115200000,
      'end-time': -1,
      duration: 3600000,
      'last-modification': 1764115205000,
      tasks: {
        total: 3,
        created: 0,
        scheduled: 0,
        deploying: 0,
        running: 3,
        finished: 0,
        canceling: 0,
        canceled: 0,
        failed: 0,
        reconciling: 0,
        initializing: 0,
      },
    },
  ],
};

const planNodes = [
  // Not in topological order, as Flink sends them.
  {
    id: SINK,
    parallelism: 2,
    operator: '',
    operator_strategy: '',
    description: 'Sink: Print',
    inputs: [{ num: 0, id: MAP, ship_strategy: 'REBALANCE', exchange: 'pipelined_bounded' }],
    optimizer_properties: {},
  },
  {
    id: SRC,
    parallelism: 2,
    operator: '',
    operator_strategy: '',
    description: 'Source: Kafka',
    optimizer_properties: {},
  },
  {
    id: MAP,
    parallelism: 4,
    operator: '',
    operator_strategy: '',
    description: 'Map -&gt; Filter',
    inputs: [{ num: 0, id: SRC, ship_strategy: 'HASH', exchange: 'pipelined_bounded' }],
    optimizer_properties: {},
  },
];

const vmetrics = (extra: Record<string, unknown> = {}) => ({
  'read-bytes': 10,
  'read-bytes-complete': true,
  'write-bytes': 20,
  'write-bytes-complete': true,
  'read-records': 1,
  'read-records-complete': true,
  'write-records': 2,
  'write-records-complete': true,
  ...extra,
});

export const jobDetails116 = {
  jid: JOB,
  name: 'orders-enrichment',
  isStoppable: false,
  state: 'RUNNING',
  'start-time': 1764115200000,
  'end-time': -1,
  duration: 3600000,
  maxParallelism: -1,
  now: 1764118800000,
  timestamps: { RUNNING: 1764115201000, CREATED: 1764115200000, FAILED: 0 },
  vertices: [
    {
      id: SINK,
      name: 'Sink: Print',
      maxParallelism: 128,
      parallelism: 2,
      status: 'RUNNING',
      'start-time': 1764115202000,
      'end-time': -1,
      duration: 1,
      tasks: { RUNNING: 2 },
      metrics: vmetrics({
        'accumulated-backpressured-time': 0,
        'accumulated-idle-time': 100,
        'accumulated-busy-time': 50.5,
      }),
    },
    {
      id: SRC,
      name: 'Source: Kafka',
      maxParallelism: 128,
      parallelism: 2,
      status: 'RUNNING',
      'start-time': 1764115202000,
      'end-time': -1,
      duration: 1,
      tasks: { RUNNING: 2 },
      metrics: vmetrics({
        'accumulated-backpressured-time': 7000,
        'accumulated-idle-time': 0,
        'accumulated-busy-time': 'NaN',
      }),
    },
    {
      id: MAP,
      name: 'Map -> Filter',
      maxParallelism: 128,
      parallelism: 4,
      status: 'RUNNING',
      'start-time': 1764115202000,
      'end-time': -1,
      duration: 1,
      tasks: { RUNNING: 4 },
      metrics: vmetrics({
        'accumulated-backpressured-time': 10,
        'accumulated-idle-time': 20,
        'accumulated-busy-time': 30,
      }),
    },
  ],
  'status-counts': { RUNNING: 3 },
  plan: { jid: JOB, name: 'orders-enrichment', type: 'STREAMING', nodes: planNodes },
};

export const jobPlan = { plan: { jid: JOB, name: 'orders-enrichment', type: 'STREAMING', nodes: planNodes } };

export const vertex119 = {
  id: MAP,
  name: 'Map -> Filter',
  parallelism: 4,
  maxParallelism: 128,
  now: 1764118800000,
  subtasks: [0, 1, 2, 3].map((i) => ({
    subtask: i,
    status: 'RUNNING',
    attempt: 0,
    endpoint: `10.0.0.${i % 2}:41234`,
    host: `10.0.0.${i % 2}`,
    'start-time': 1764115202000,
    start_time: 1764115202000,
    'end-time': -1,
    duration: 1,
    metrics: vmetrics(),
    'taskmanager-id': `10.0.0.${i % 2}:41234-abcdef`,
    'status-duration': { RUNNING: 1764115202000 },
  })),
};

/** 1.13–1.15: only the dashed level key. */
export const backpressure114 = {
  status: 'ok',
  'backpressure-level': 'high',
  'end-timestamp': 1764118795000,
  subtasks: [
    { subtask: 1, 'backpressure-level': 'low', ratio: 0.3, idleRatio: 0.1, busyRatio: 0.6 },
    { subtask: 0, 'backpressure-level': 'high', ratio: 0.9, idleRatio: 0, busyRatio: 0.1 },
  ],
};

/** 1.16+: both keys; a legacy source reports busyRatio NaN. */
export const backpressure120 = {
  status: 'ok',
  'backpressure-level': 'low',
  backpressureLevel: 'low',
  'end-timestamp': 1764118795000,
  subtasks: [
    { subtask: 0, 'backpressure-level': 'ok', backpressureLevel: 'ok', ratio: 0.05, idleRatio: 0.95, busyRatio: 'NaN' },
    { subtask: 1, 'backpressure-level': 'low', backpressureLevel: 'low', ratio: 0.2, idleRatio: 0.8, busyRatio: 'NaN' },
  ],
};

/** ≤1.12 right after the first call: sampling started, nothing else yet. */
export const backpressure112Deprecated = { status: 'deprecated' };

export const exceptions112 = {
  'root-exception': 'java.lang.RuntimeException: boom\n\tat Foo.bar(Foo.java:1)',
  timestamp: 1764118000000,
  'all-exceptions': [
    {
      exception: 'java.io.IOException: disk full\n\tat X',
      task: 'Map -> Filter (2/4)',
      location: '10.0.0.1:41234',
      timestamp: 1764117999000,
    },
  ],
  truncated: false,
};

export const exceptions120 = {
  'root-exception': 'java.lang.RuntimeException: boom',
  timestamp: 1764118000000,
  'all-exceptions': [],
  truncated: false,
  exceptionHistory: {
    entries: [
      {
        exceptionName: 'java.lang.RuntimeException',
        stacktrace: 'java.lang.RuntimeException: boom',
        timestamp: 1764118000000,
        taskName: 'Map -> Filter (2/4)',
        location: '10.0.0.1:41234',
        endpoint: '10.0.0.1:41234',
        taskManagerId: '10.0.0.1:41234-abcdef',
        failureLabels: { type: 'user' },
        concurrentExceptions: [
          {
            exceptionName: 'java.lang.InterruptedException',
            stacktrace: 'java.lang.InterruptedException',
            timestamp: 1764118000001,
            taskName: 'Sink: Print (1/2)',
            endpoint: '10.0.0.0:41234',
            taskManagerId: 'tm0',
            failureLabels: {},
          },
        ],
      },
    ],
    truncated: false,
  },
};

/** 2.0+: legacy fields removed, `location` gone. */
export const exceptions21 = {
  exceptionHistory: {
    entries: [
      {
        exceptionName: 'org.apache.flink.util.FlinkException',
        stacktrace: 'org.apache.flink.util.FlinkException: lost TM',
        timestamp: 1764118000000,
        taskName: null,
        endpoint: null,
        taskManagerId: null,
        failureLabels: {},
        concurrentExceptions: [],
      },
    ],
    truncated: true,
  },
};

const cp = (id: number, status: string, extra: Record<string, unknown> = {}) => ({
  className: status.toLowerCase(),
  id,
  status,
  is_savepoint: false,
  savepointFormat: null,
  trigger_timestamp: 1764118000000 + id * 60000,
  latest_ack_timestamp: status === 'IN_PROGRESS' ? -1 : 1764118003000 + id * 60000,
  checkpointed_size: 1024,
  state_size: 4096,
  end_to_end_duration: 3000,
  alignment_buffered: 0,
  processed_data: 0,
  persisted_data: 0,
  num_subtasks: 8,
  num_acknowledged_subtasks: status === 'COMPLETED' ? 8 : 3,
  checkpoint_type: 'CHECKPOINT',
  tasks: {},
  ...extra,
});

export const checkpoints = {
  counts: { restored: 0, total: 12, in_progress: 1, completed: 10, failed: 1 },
  summary: {},
  latest: {
    completed: cp(11, 'COMPLETED', { external_path: '<checkpoint-not-externally-addressable>', discarded: false }),
    savepoint: null,
    failed: cp(10, 'FAILED', {
      failure_timestamp: 1764118700000,
      failure_message: 'Checkpoint expired before completing.',
    }),
    restored: null,
  },
  history: [
    cp(12, 'IN_PROGRESS'),
    cp(11, 'COMPLETED'),
    cp(10, 'FAILED', { failure_timestamp: 1764118700000, failure_message: 'Checkpoint expired before completing.' }),
  ],
};

export const checkpointConfig = {
  mode: 'exactly_once',
  interval: 60000,
  timeout: 600000,
  min_pause: 0,
  max_concurrent: 1,
  externalization: { enabled: false, delete_on_cancellation: true },
  state_backend: 'HashMapStateBackend',
  checkpoint_storage: 'JobManagerCheckpointStorage',
  unaligned_checkpoints: false,
  tolerable_failed_checkpoints: 0,
  aligned_checkpoint_timeout: 0,
  checkpoints_after_tasks_finish: true,
  state_changelog_enabled: false,
};

export const checkpointDetails = {
  ...cp(11, 'COMPLETED'),
  tasks: {
    [MAP]: {
      id: 11,
      status: 'COMPLETED',
      latest_ack_timestamp: 1764118663000,
      checkpointed_size: 512,
      state_size: 2048,
      end_to_end_duration: 2900,
      alignment_buffered: 0,
      processed_data: 0,
      persisted_data: 0,
      num_subtasks: 4,
      num_acknowledged_subtasks: 4,
    },
  },
};

const mma = (min: number, max: number) => ({
  min,
  max,
  avg: (min + max) / 2,
  p50: min,
  p90: max,
  p95: max,
  p99: max,
  p999: max,
});

export const checkpointSubtasks = {
  id: 11,
  status: 'COMPLETED',
  latest_ack_timestamp: 1764118663000,
  checkpointed_size: 512,
  state_size: 2048,
  end_to_end_duration: 2900,
  alignment_buffered: 0,
  processed_data: 0,
  persisted_data: 0,
  num_subtasks: 2,
  num_acknowledged_subtasks: 1,
  summary: {
    state_size: mma(1, 2),
    checkpointed_size: mma(1, 2),
    end_to_end_duration: mma(100, 2900),
    checkpoint_duration: { sync: mma(1, 5), async: mma(10, 50) },
    alignment: { buffered: mma(0, 0), processed: mma(0, 0), persisted: mma(0, 0), duration: mma(3, 1800) },
    start_delay: mma(0, 700),
  },
  subtasks: [
    { index: 1, status: 'pending_or_failed' },
    {
      index: 0,
      status: 'completed',
      ack_timestamp: 1764118663000,
      end_to_end_duration: 2900,
      state_size: 2048,
      checkpointed_size: 512,
      checkpoint: { sync: 5, async: 50 },
      alignment: { buffered: 0, processed: 0, persisted: 0, duration: 1800 },
      start_delay: 700,
      unaligned_checkpoint: false,
      aborted: false,
    },
  ],
};

export const taskManagers = {
  taskmanagers: [
    {
      id: '10.0.0.0:41234-abcdef',
      path: 'pekko.tcp://flink@10.0.0.0:6122/user/rpc/taskmanager_0',
      dataPort: 41234,
      jmxPort: -1,
      timeSinceLastHeartbeat: 1764118799000,
      slotsNumber: 4,
      freeSlots: 1,
      totalResource: {},
      freeResource: {},
      hardware: {},
      memoryConfiguration: {},
      blocked: false,
    },
    {
      id: '10.0.0.1:41234-abcdef',
      path: 'pekko.tcp://flink@10.0.0.1:6122/user/rpc/taskmanager_0',
      dataPort: 41234,
      jmxPort: -1,
      timeSinceLastHeartbeat: 1764118799500,
      slotsNumber: 4,
      freeSlots: 1,
      totalResource: {},
      freeResource: {},
      hardware: {},
      memoryConfiguration: {},
    },
  ],
};

/** A 1.20 TaskManager metric list (G1, plus the 1.19+ `All` aggregate, plus legacy Status.Network). */
export const tmMetricList120 = [
  'Status.JVM.GarbageCollector.G1_Young_Generation.Count',
  'Status.JVM.GarbageCollector.G1_Young_Generation.Time',
  'Status.JVM.GarbageCollector.G1_Young_Generation.TimeMsPerSecond',
  'Status.JVM.GarbageCollector.G1_Old_Generation.Count',
  'Status.JVM.GarbageCollector.G1_Old_Generation.Time',
  'Status.JVM.GarbageCollector.All.Count',
  'Status.JVM.GarbageCollector.All.Time',
  'Status.JVM.Memory.Heap.Used',
  'Status.JVM.Memory.Heap.Max',
  'Status.JVM.Memory.Heap.Committed',
  'Status.JVM.CPU.Load',
  'Status.Shuffle.Netty.AvailableMemorySegments',
  'Status.Shuffle.Netty.TotalMemorySegments',
  'Status.Shuffle.Netty.UsedMemorySegments',
  'Status.Network.AvailableMemorySegments',
  'Status.Network.TotalMemorySegments',
].map((id) => ({ id }));

/**
 * The body Flink's AbstractHandler sends for an unhandled exception (status 500): a generic first
 * entry, then the stack trace wrapped in "<Exception on server side:" … "End of exception on server side>".
 */
export function flink500(trace: string): string {
  return JSON.stringify({
    errors: ['Internal server error.', `<Exception on server side:\n${trace}\nEnd of exception on server side>`],
  });
}

/** A metric request that timed out inside the JobManager, as a 500's server-side trace. */
export const ASK_TIMEOUT_TRACE = [
  'java.util.concurrent.CompletionException: org.apache.flink.runtime.rpc.exceptions.RpcException: Could not query the metric store',
  '\tat java.base/java.util.concurrent.CompletableFuture.encodeThrowable(CompletableFuture.java:332)',
  '\tat org.apache.flink.runtime.rest.handler.job.metrics.AbstractMetricsHandler.handleRequest(AbstractMetricsHandler.java:84)',
  'Caused by: org.apache.flink.runtime.rpc.exceptions.RpcException: Could not query the metric store',
  '\t... 12 more',
  'Caused by: java.util.concurrent.TimeoutException: Invocation of [RemoteRpcInvocation(MetricQueryService.queryMetrics(Time))] timed out.',
  '\tat org.apache.flink.runtime.rpc.pekko.PekkoInvocationHandler.lambda$invokeRpc$1(PekkoInvocationHandler.java:260)',
  '\t... 30 more',
  '',
].join('\n');

/** What the recorder shows of ASK_TIMEOUT_TRACE. */
export const ASK_TIMEOUT_SUMMARY =
  'CompletionException: RpcException: Could not query the metric store (caused by TimeoutException: Invocation of [RemoteRpcInvocation(MetricQueryService.queryMetrics(Time))] timed out.)';
