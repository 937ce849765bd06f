// What differs between the Flink versions the simulator can impersonate. Each flag names the
// release (and JIRA) that introduced or removed the behaviour, per /work/shared/flink/REFERENCE.md.

export const FLINK_VERSIONS = ['1.12', '1.14', '1.16', '1.18', '1.20', '2.1'] as const;
export type FlinkVersion = (typeof FLINK_VERSIONS)[number];

export interface VersionProfile {
  version: FlinkVersion;
  /** `flink-version` in /config and /overview. */
  release: string;
  revision: string;
  /** Legacy `buffers.*` task group and TM `Status.Network.*` (removed in 2.0, FLINK-36355). */
  legacyNetworkMetrics: boolean;
  /** backPressuredTimeMsPerSecond / busyTimeMsPerSecond (1.13+, FLINK-20717/20718). */
  timeMsPerSecond: boolean;
  /** soft/hard backpressure gauges and max*BackPressureTimeMs (1.15+, FLINK-25414). */
  softHard: boolean;
  /** accumulate*TimeMs counters and accumulated-*-time IO metrics (1.16+, FLINK-28308). */
  accumulated: boolean;
  /** TimerGauge window: 5 s up to 1.16, 60 s from 1.17 (FLINK-30090). */
  gaugeWindow: '5s' | '60s';
  /** /backpressure by sampling Task#isBackPressured (1.10–1.12) instead of the metric store. */
  samplingBackpressure: boolean;
  /** `backpressureLevel` next to `backpressure-level` (1.16+, FLINK-29503). */
  camelBackpressureLevel: boolean;
  /** GET /jobs/:jid/status (1.16+, FLINK-26641). */
  jobStatusEndpoint: boolean;
  /** `skew` aggregation (1.20+, FLINK-34025). */
  skew: boolean;
  /** exceptionHistory (1.13+). */
  exceptionHistory: boolean;
  /** root-exception / all-exceptions / timestamp / truncated (removed in 2.0). */
  legacyExceptions: boolean;
  /** `location` in exception entries (until 1.20) and `endpoint` (1.19+). */
  exceptionLocation: boolean;
  exceptionEndpoint: boolean;
  /** failureLabels in exception history (1.18+). */
  failureLabels: boolean;
  /** `host` in vertex subtasks (removed in 2.0) and `endpoint` (1.19+). */
  subtaskHost: boolean;
  subtaskEndpoint: boolean;
  /** status-duration, other-concurrent-attempts, aggregated (1.16+). */
  subtaskStatusDuration: boolean;
  /** p50…p999 in checkpoint summaries (1.14+, FLINK-23144). */
  checkpointPercentiles: boolean;
  /** UNALIGNED_CHECKPOINT checkpoint_type (1.18+, FLINK-31959). */
  unalignedCheckpointType: boolean;
  /** savepointFormat in checkpoint statistics (1.17+). */
  savepointFormat: boolean;
  /** checkpointed_size vs state_size split (1.15+, FLINK-25557). */
  checkpointedSize: boolean;
  /** maxParallelism in /jobs/:jid (1.13+). */
  jobMaxParallelism: boolean;
  /** Blocklist: taskmanagers-blocked, slots-free-and-blocked, TM `blocked` (1.16+). */
  blocklist: boolean;
  /** job-type and vertex slotSharingGroupId (1.20+). */
  jobType: boolean;
  /** pending-operators, stream-graph (2.0+). */
  adaptiveGraph: boolean;
  /** TM details memorySegmentsAvailable/Total (removed in 2.0). */
  tmMemorySegments: boolean;
  /** GC TimeMsPerSecond and Status.JVM.GarbageCollector.All.* (1.19+, FLINK-33318). */
  gcRates: boolean;
  /** inputQueueSize/outputQueueSize (1.15+, FLINK-24657). */
  queueSize: boolean;
  /** Job metrics: lastCompletedCheckpointId (1.17+), lastCheckpointCompletedTimestamp and numRescales (2.0+), fullRestarts (< 2.0). */
  lastCompletedCheckpointId: boolean;
  flink2JobMetrics: boolean;
  /** Status.JVM.FileDescriptor.* (2.1+). */
  fileDescriptors: boolean;
  /** RPC system in TM `path`: akka until 1.17, pekko from 1.18. */
  rpc: 'akka' | 'pekko';
  /** checkpoints_after_tasks_finish, aligned_checkpoint_timeout, changelog fields (1.14/1.15+). */
  checkpointConfigV2: boolean;
}

const base = {
  legacyNetworkMetrics: true,
  timeMsPerSecond: true,
  softHard: true,
  accumulated: true,
  gaugeWindow: '60s',
  samplingBackpressure: false,
  camelBackpressureLevel: true,
  jobStatusEndpoint: true,
  skew: false,
  exceptionHistory: true,
  legacyExceptions: true,
  exceptionLocation: true,
  exceptionEndpoint: false,
  failureLabels: true,
  subtaskHost: true,
  subtaskEndpoint: false,
  subtaskStatusDuration: true,
  checkpointPercentiles: true,
  unalignedCheckpointType: true,
  savepointFormat: true,
  checkpointedSize: true,
  jobMaxParallelism: true,
  blocklist: true,
  jobType: false,
  adaptiveGraph: false,
  tmMemorySegments: true,
  gcRates: false,
  queueSize: true,
  lastCompletedCheckpointId: true,
  flink2JobMetrics: false,
  fileDescriptors: false,
  rpc: 'pekko',
  checkpointConfigV2: true,
} as const satisfies Omit<VersionProfile, 'version' | 'release' | 'revision'>;

const v1_18 = { ...base };
const v1_16 = {
  ...v1_18,
  gaugeWindow: '5s',
  unalignedCheckpointType: false,
  savepointFormat: false,
  lastCompletedCheckpointId: false,
  failureLabels: false,
  rpc: 'akka',
} as const;
const v1_14 = {
  ...v1_16,
  softHard: false,
  accumulated: false,
  camelBackpressureLevel: false,
  jobStatusEndpoint: false,
  subtaskStatusDuration: false,
  checkpointedSize: false,
  blocklist: false,
  queueSize: false,
} as const;
const v1_12 = {
  ...v1_14,
  timeMsPerSecond: false,
  samplingBackpressure: true,
  exceptionHistory: false,
  checkpointPercentiles: false,
  jobMaxParallelism: false,
  checkpointConfigV2: false,
} as const;
const v1_20 = {
  ...v1_18,
  skew: true,
  exceptionEndpoint: true,
  subtaskEndpoint: true,
  jobType: true,
  gcRates: true,
} as const;
const v2_1 = {
  ...v1_20,
  legacyNetworkMetrics: false,
  legacyExceptions: false,
  exceptionLocation: false,
  subtaskHost: false,
  adaptiveGraph: true,
  tmMemorySegments: false,
  flink2JobMetrics: true,
  fileDescriptors: true,
} as const;

// A real JobManager reports `<commit> @ <build date>`; the simulator does not pretend to be a build.
const SIMULATED_REVISION = '0000000 @ simulated';

export const PROFILES: Record<FlinkVersion, VersionProfile> = {
  '1.12': { ...v1_12, version: '1.12', release: '1.12.7', revision: SIMULATED_REVISION },
  '1.14': { ...v1_14, version: '1.14', release: '1.14.6', revision: SIMULATED_REVISION },
  '1.16': { ...v1_16, version: '1.16', release: '1.16.3', revision: SIMULATED_REVISION },
  '1.18': { ...v1_18, version: '1.18', release: '1.18.1', revision: SIMULATED_REVISION },
  '1.20': { ...v1_20, version: '1.20', release: '1.20.1', revision: SIMULATED_REVISION },
  '2.1': { ...v2_1, version: '2.1', release: '2.1.0', revision: SIMULATED_REVISION },
};

export function isFlinkVersion(v: string): v is FlinkVersion {
  return (FLINK_VERSIONS as readonly string[]).includes(v);
}

export function profileFor(v: string): VersionProfile {
  if (!isFlinkVersion(v)) {
    throw new Error(`unknown Flink version "${v}": choose one of ${FLINK_VERSIONS.join(', ')}`);
  }
  return PROFILES[v];
}

/** True when the profile's release line is at least `minor` ("1.15", "2.0"). */
export function atLeast(p: VersionProfile, minor: string): boolean {
  const [a = 0, b = 0] = p.version.split('.').map(Number);
  const [c = 0, d = 0] = minor.split('.').map(Number);
  return a !== c ? a > c : b >= d;
}
