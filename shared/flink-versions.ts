// What each Flink release has: the one table the Flink client (which endpoints to call), the
// analysis (how a recorded value must be read) and the simulator (what to answer as a given
// release) all read. Every feature names the release that introduced it (`since`) or the first
// one without it (`until`), with its JIRA where one is known; metric
// ids that exist only with a feature are listed with it, so tests can check every simulated
// release against this table. A new Flink release that adds or removes something is one entry.
// A cluster's metric names are still resolved from the lists it returns, never from this table.

/** A release line, "1.17" or "2.0": patch releases never add or remove these features. */
export type Release = `${number}.${number}`;

/** A parsed `flink-version`. */
export interface FlinkVersion {
  major: number;
  minor: number;
  /** Null for "2.1-SNAPSHOT" or "1.20". */
  patch: number | null;
  /** "SNAPSHOT", "rc1", "vvr-8.0.4" … or null. */
  qualifier: string | null;
  raw: string;
}

/** Metric ids by the scope whose `/metrics` lists them (task ids without the `<i>.` prefix). */
export interface FeatureMetrics {
  task?: readonly string[];
  taskManager?: readonly string[];
  job?: readonly string[];
  jobManager?: readonly string[];
}

export interface FeatureEntry {
  /** First release with the feature; absent = every release Backflow knows. */
  since?: Release;
  /** First release without it; absent = still there. */
  until?: Release;
  jira?: string;
  what: string;
  /** Ids registered exactly while the feature exists. */
  metrics?: FeatureMetrics;
}

const NETTY_BUFFERS = [
  'inPoolUsage',
  'inputFloatingBuffersUsage',
  'inputExclusiveBuffersUsage',
  'inputQueueLength',
  'outPoolUsage',
  'outputQueueLength',
];

export const FLINK_FEATURES = {
  // ---- backpressure and time accounting ----
  metricBackpressure: {
    since: '1.13',
    jira: 'FLINK-20852',
    what: '/backpressure reads backPressuredTimeMsPerSecond from the metric store (before: sampling Task#isBackPressured on demand)',
  },
  timeMsPerSecond: {
    since: '1.13',
    jira: 'FLINK-20717',
    what: 'backPressuredTimeMsPerSecond and busyTimeMsPerSecond (busy: FLINK-20718)',
    metrics: { task: ['backPressuredTimeMsPerSecond', 'busyTimeMsPerSecond'] },
  },
  softHard: {
    since: '1.15',
    jira: 'FLINK-25414',
    what: 'soft/hard backpressured time gauges and the longest single stall of each',
    metrics: {
      task: [
        'softBackPressuredTimeMsPerSecond',
        'hardBackPressuredTimeMsPerSecond',
        'maxSoftBackPressureTimeMs',
        'maxHardBackPressureTimeMs',
      ],
    },
  },
  accumulated: {
    since: '1.16',
    jira: 'FLINK-28308',
    what: 'monotonic accumulate*TimeMs counters, and accumulated-*-time in job vertex metrics',
    metrics: { task: ['accumulateIdleTimeMs', 'accumulateBusyTimeMs', 'accumulateBackPressuredTimeMs'] },
  },
  gauges60s: {
    since: '1.17',
    jira: 'FLINK-30090',
    what: 'the idle/backpressured/busy TimerGauges (and /backpressure ratios) average 60 s instead of 5 s',
  },
  camelBackpressureLevel: {
    since: '1.15',
    jira: 'FLINK-29503',
    what: '`backpressureLevel` next to `backpressure-level` (1.16.1 and 1.15.3 on, backported; real 1.15.4 sends it; 1.15.0–1.15.2 and 1.16.0 do not)',
  },
  skew: { since: '1.20', jira: 'FLINK-34025', what: '`agg=skew` on aggregated metric endpoints' },
  inPoolUsageAllBuffers: {
    since: '1.9',
    jira: 'FLINK-11082',
    what: 'inPoolUsage counts exclusive and floating buffers (up to 1.8 only floating ones, so 100 % is common)',
  },

  // ---- network buffers ----
  legacyNetworkMetrics: {
    until: '2.0',
    jira: 'FLINK-36355',
    what: 'legacy `buffers.*` task metrics and TaskManager `Status.Network.*` next to the Shuffle.Netty ones',
    metrics: {
      task: NETTY_BUFFERS.map((n) => `buffers.${n}`),
      taskManager: ['Status.Network.AvailableMemorySegments', 'Status.Network.TotalMemorySegments'],
    },
  },
  queueSize: {
    since: '1.15',
    jira: 'FLINK-24657',
    what: 'inputQueueSize/outputQueueSize in bytes',
    metrics: { task: ['Shuffle.Netty.Input.Buffers.inputQueueSize', 'Shuffle.Netty.Output.Buffers.outputQueueSize'] },
  },
  requestedMemoryUsage: {
    since: '1.15',
    what: 'Status.Shuffle.Netty.RequestedMemoryUsage',
    metrics: { taskManager: ['Status.Shuffle.Netty.RequestedMemoryUsage'] },
  },
  tmMemorySegments: { until: '2.0', what: 'memorySegmentsAvailable/Total in /taskmanagers/:tmid' },

  // ---- JVM ----
  gcRates: {
    since: '1.19',
    jira: 'FLINK-33318',
    what: 'GC TimeMsPerSecond per collector and the Status.JVM.GarbageCollector.All.* aggregate',
    metrics: {
      taskManager: [
        'Status.JVM.GarbageCollector.All.Count',
        'Status.JVM.GarbageCollector.All.Time',
        'Status.JVM.GarbageCollector.All.TimeMsPerSecond',
      ],
    },
  },
  fileDescriptors: {
    since: '2.1',
    what: 'Status.JVM.FileDescriptor.Max/Open',
    metrics: { taskManager: ['Status.JVM.FileDescriptor.Max', 'Status.JVM.FileDescriptor.Open'] },
  },
  pendingTaskManagers: {
    since: '1.15',
    what: 'numPendingTaskManagers on the JobManager',
    metrics: { jobManager: ['numPendingTaskManagers'] },
  },
  taskScopeLatency: {
    since: '1.20',
    jira: 'FLINK-35750',
    what: 'latency histograms in task scope instead of job scope',
  },
  pekkoRpc: { since: '1.18', what: 'pekko (not akka) as the RPC system in TaskManager paths' },

  // ---- endpoints and fields ----
  jobStatusEndpoint: { since: '1.16', jira: 'FLINK-26641', what: 'GET /jobs/:jobid/status' },
  jobMaxParallelism: { since: '1.13', what: 'maxParallelism in /jobs/:jobid' },
  initializingState: { since: '1.13', what: 'the INITIALIZING execution state' },
  jobType: { since: '1.20', what: 'job-type in /jobs/:jobid and slotSharingGroupId of vertices' },
  adaptiveGraph: { since: '2.0', what: 'pending-operators and stream-graph (adaptive graph)' },
  subtaskHost: { until: '2.0', what: '`host` of vertex subtasks' },
  subtaskEndpoint: { since: '1.19', what: '`endpoint` of vertex subtasks' },
  flameGraph: {
    since: '1.13',
    jira: 'FLINK-13550',
    what: 'GET /jobs/:jobid/vertices/:vertexid/flamegraph (answers only with rest.flamegraph.enabled: true)',
  },
  flameGraphSubtask: { since: '1.17', what: '`subtaskindex` of the flame graph endpoint' },
  threadDump: { since: '1.13', what: 'GET /taskmanagers/:taskmanagerid/thread-dump' },
  subtaskStatusDuration: {
    since: '1.16',
    what: 'status-duration (always CREATED, SCHEDULED, DEPLOYING, INITIALIZING, RUNNING: StatusDurationUtils), other-concurrent-attempts and aggregated in vertex details',
  },
  blocklist: {
    since: '1.16',
    what: 'taskmanagers-blocked, slots-free-and-blocked in /overview; TaskManager `blocked`, written only when true (@JsonInclude NON_DEFAULT)',
  },
  tmAssignedTasks: { since: '2.3', what: 'assignedTasks of TaskManagers' },
  schedulerType: {
    since: '2.3',
    what: 'schedulerType in /jobs/:jobid and /jobs/overview, and jobType in /jobs/overview',
  },
  applicationId: {
    since: '2.3',
    what: 'application-id in /jobs/:jobid (the job id for a job submitted as a session job)',
  },
  tmJmxPort: { since: '1.13', what: 'jmxPort of TaskManagers' },
  tmAllocatedSlots: { since: '1.16', what: 'allocatedSlots in /taskmanagers/:tmid' },
  configWebCancel: { since: '1.14', what: 'features.web-cancel in /config' },
  configWebHistory: { since: '1.16', what: 'features.web-history in /config' },
  configWebRescale: { since: '1.18', what: 'features.web-rescale in /config' },

  // ---- exceptions ----
  exceptionHistory: { since: '1.13', what: 'exceptionHistory in /jobs/:jobid/exceptions' },
  legacyExceptions: {
    until: '2.0',
    what: 'root-exception, all-exceptions, timestamp and truncated in /jobs/:jobid/exceptions',
  },
  exceptionLocation: { until: '2.0', what: '`location` of exception entries' },
  exceptionEndpoint: { since: '1.19', what: '`endpoint` of exception entries' },
  exceptionTaskManagerId: { since: '1.18', what: '`taskManagerId` of exception entries' },
  failureLabels: { since: '1.18', what: 'failureLabels in the exception history' },

  // ---- checkpoints ----
  checkpointPercentiles: {
    since: '1.14',
    jira: 'FLINK-23144',
    what: 'p50…p999 in checkpoint summaries: numbers in /checkpoints ("NaN" before the first completed one), always "NaN" in the per-subtask details (no histogram there), 0 for the constant alignment_buffered',
  },
  checkpointConfigV2: {
    since: '1.14',
    what: 'checkpoints_after_tasks_finish, aligned_checkpoint_timeout and changelog fields in the checkpoint config',
  },
  checkpointedSize: {
    since: '1.15',
    jira: 'FLINK-25557',
    what: 'checkpointed_size (incremental) apart from state_size (full)',
  },
  lastCheckpointFullSize: {
    since: '1.15',
    what: 'the lastCheckpointFullSize job metric',
    metrics: { job: ['lastCheckpointFullSize'] },
  },
  savepointFormat: { since: '1.17', what: 'savepointFormat in checkpoint statistics (null for checkpoints)' },
  lastCompletedCheckpointId: {
    since: '1.17',
    what: 'the lastCompletedCheckpointId job metric',
    metrics: { job: ['lastCompletedCheckpointId'] },
  },
  unalignedCheckpointType: { since: '1.18', jira: 'FLINK-31959', what: 'UNALIGNED_CHECKPOINT as checkpoint_type' },
  flink2JobMetrics: {
    since: '2.0',
    what: 'numRescales and lastCheckpointCompletedTimestamp job metrics (fullRestarts removed)',
    metrics: { job: ['numRescales', 'lastCheckpointCompletedTimestamp'] },
  },
} as const satisfies Record<string, FeatureEntry>;

export type FlinkFeature = keyof typeof FLINK_FEATURES;
export type FlinkFeatures = Readonly<Record<FlinkFeature, boolean>>;

export const FLINK_FEATURE_NAMES = Object.keys(FLINK_FEATURES) as FlinkFeature[];

/** The releases Backflow is built for: 1.12 up to every 2.x. */
export const SUPPORTED_RELEASES = { oldest: '1.12', newestMajor: 2 } as const;

const VERSION_RE = /^\s*(\d+)\.(\d+)(?:\.(\d+))?(?:[-.]?([A-Za-z][\w.-]*))?\s*$/;
const PREFIX_RE = /^\s*(\d+)\.(\d+)(?:\.(\d+))?/;

/**
 * Parses "1.20.1", "2.1-SNAPSHOT", "1.14.0-rc1"; null for "<unknown>" and other text. `prefix`
 * reads a recorded text by its leading "major.minor" whatever follows (the analysis reads what
 * a session holds); `exact` (the client, deciding whether to ask elsewhere) wants a version only.
 */
export function parseFlinkVersion(
  text: string | null | undefined,
  mode: 'exact' | 'prefix' = 'exact',
): FlinkVersion | null {
  if (!text) return null;
  const m = VERSION_RE.exec(text);
  if (m) {
    return {
      major: Number(m[1]),
      minor: Number(m[2]),
      patch: m[3] === undefined ? null : Number(m[3]),
      qualifier: m[4] ?? null,
      raw: text.trim(),
    };
  }
  if (mode === 'exact') return null;
  const p = PREFIX_RE.exec(text);
  if (!p) return null;
  return {
    major: Number(p[1]),
    minor: Number(p[2]),
    patch: p[3] === undefined ? null : Number(p[3]),
    qualifier: null,
    raw: text.trim(),
  };
}

function releaseParts(r: Release): [number, number] {
  const [major = 0, minor = 0] = r.split('.').map(Number);
  return [major, minor];
}

/** True when `v` is at least the release line `r` (patch and qualifier ignored). */
export function atLeast(v: Pick<FlinkVersion, 'major' | 'minor'>, r: Release): boolean {
  const [major, minor] = releaseParts(r);
  return v.major > major || (v.major === major && v.minor >= minor);
}

/**
 * Whether `v` has the feature. An unknown version (null) is read as the newest release: what was
 * added is there, what was removed is gone, so a short burst is never over-reported and endpoint
 * fallbacks and name resolution cover the rest.
 */
export function hasFeature(v: Pick<FlinkVersion, 'major' | 'minor'> | null, feature: FlinkFeature): boolean {
  const e: FeatureEntry = FLINK_FEATURES[feature];
  if (v === null) return e.until === undefined;
  return (e.since === undefined || atLeast(v, e.since)) && (e.until === undefined || !atLeast(v, e.until));
}

/** Every feature of `v` (null: the newest release). */
export function featuresOf(v: Pick<FlinkVersion, 'major' | 'minor'> | null): FlinkFeatures {
  return Object.fromEntries(FLINK_FEATURE_NAMES.map((f) => [f, hasFeature(v, f)])) as Record<FlinkFeature, boolean>;
}

/** One of the releases Backflow is built for (an unknown version is not). */
export function isSupported(v: Pick<FlinkVersion, 'major' | 'minor'> | null): boolean {
  if (v === null) return false;
  return (
    v.major === SUPPORTED_RELEASES.newestMajor ||
    (v.major < SUPPORTED_RELEASES.newestMajor && atLeast(v, SUPPORTED_RELEASES.oldest))
  );
}

/**
 * Averaging window of the `*TimeMsPerSecond` gauges (and so of `/backpressure` ratios on 1.13+):
 * 5 s on 1.13–1.16, 60 s from 1.17. Unknown versions are read as the newer, smoother behaviour.
 */
export function gaugeWindowMs(v: Pick<FlinkVersion, 'major' | 'minor'> | null): number {
  return hasFeature(v, 'gauges60s') ? 60_000 : 5_000;
}

/** Up to 1.8 `inPoolUsage` counts only floating buffers and 100 % is common. */
export function hasInPoolCaveat(v: Pick<FlinkVersion, 'major' | 'minor'> | null): boolean {
  return !hasFeature(v, 'inPoolUsageAllBuffers');
}
