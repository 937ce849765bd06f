// Types for cluster.mjs (plain Node ESM, so the CLI runs without a build).

export type ApiFamily = 'flink1' | 'flink2';

export interface FlinkVersionInfo {
  /** Exact release, e.g. "1.20.5". */
  version: string;
  /** Which incident-jobs jar runs on it. */
  family: ApiFamily;
  /** As seen on this project's machines (Java 17, 2 cores). */
  status: 'verified' | 'untested' | 'fails';
  note: string;
}

export const FLINK_VERSIONS: readonly FlinkVersionInfo[];
export const JOBS_DIR: string;
export const INCIDENTS_MAIN: string;

/** The table row for "1.20.5" or "1.20"; throws for unknown versions. */
export function resolveVersion(version: string): FlinkVersionInfo;
/** Cache root ($BACKFLOW_FLINK_CACHE or <repo>/.cache/flink). */
export function cacheDir(): string;
export function distDir(version: string): string;
/** Downloads and unpacks a distribution once (PyPI's apache-flink-libraries); returns its folder. */
export function fetchFlink(version: string, options?: { log?: (line: string) => void }): Promise<string>;

export interface StartOptions {
  /** Exact ("1.20.5") or major.minor ("1.20"). */
  version: string;
  /** Default 2. */
  taskManagers?: number;
  /** Slots per TaskManager, default 4. */
  slots?: number;
  /** metrics.fetcher.update-interval: "10s" (Flink's default, the default here), "1s", "500ms", or seconds. */
  fetchInterval?: string | number;
  /** First port of the PrometheusReporter's range (one port per process). */
  prometheusPort?: number;
  /** rest.flamegraph.enabled. */
  flamegraph?: boolean;
  /** taskmanager.memory.segment-size, default "4kb" (see cluster.mjs). */
  segmentSize?: string;
  /** Extra Flink configuration, written as given. */
  conf?: Record<string, string | number | boolean>;
  /** JDK to run Flink with (default $BACKFLOW_FLINK_JAVA_HOME, $JAVA_HOME, then java on PATH). */
  javaHome?: string;
  /** How long to wait for every TaskManager to register, default "180s". */
  timeout?: string | number;
  /** SIGKILL the cluster when this Node process exits (default true; the CLI passes false). */
  killOnExit?: boolean;
  log?: (line: string) => void;
}

export interface FlinkCluster {
  id: string;
  /** REST base URL, e.g. "http://127.0.0.1:38211". */
  rest: string;
  version: string;
  family: ApiFamily;
  runDir: string;
  logDir: string;
  /** The JVMs, with their kernel start time (pass to isAlive so a recycled pid is not mistaken for them). */
  processes: { role: string; pid: number; startTicks?: string }[];
  /** From the call to REST showing every TaskManager (includes a download on first use). */
  startupMs: number;
  /** SIGTERM, then SIGKILL after 20 s; resolves when every process is gone. */
  stop(): Promise<void>;
}

export function startCluster(options: StartOptions): Promise<FlinkCluster>;

export interface ClusterState {
  id: string;
  version: string;
  rest: string;
  runDir: string;
  startedAt: string;
  processes: { role: string; pid: number; startTicks?: string; log: string; out: string }[];
}

/** Clusters recorded in the cache with at least one live process. */
export function listClusters(): ClusterState[];
/** Stops recorded clusters (all, or those matching id/rest); returns the ids stopped. */
export function stopClusters(filter?: { id?: string; rest?: string }): Promise<string[]>;
/** True while the process lives (pid and kernel start time match, not a zombie). */
export function isAlive(p: { pid: number; startTicks?: string }): boolean;

/** Upload (POST /jars/upload) and run (POST /jars/:id/run); returns the job id. */
export function submitJob(
  rest: string,
  jar: string,
  args?: string[],
  options?: { entryClass?: string; parallelism?: number },
): Promise<string>;
/** PATCH /jobs/:id?mode=cancel, then (by default) wait until CANCELED. */
export function cancelJob(rest: string, jobId: string, options?: { wait?: boolean; timeoutMs?: number }): Promise<void>;
/** Polls GET /jobs/:id until its state is one of `states`; returns the job details. */
export function waitForJobState(
  rest: string,
  jobId: string,
  states: string | string[],
  timeoutMs?: number,
): Promise<any>;
/** Polls until the job and all its vertices are RUNNING; returns the job details. */
export function waitForJobRunning(rest: string, jobId: string, timeoutMs?: number): Promise<any>;
/** GET, parsed JSON; throws a one-line error on HTTP errors. */
export function restGet(rest: string, pathname: string): Promise<any>;

/** The incident-jobs jar for a version ("1.20") or family. */
export function jobsJar(versionOrFamily: string): string;
/** mvn package of the jobs module; returns the jars built. */
export function buildJobs(options?: {
  families?: ApiFamily[];
  offline?: boolean;
  quiet?: boolean;
  ifStale?: boolean;
}): string[];
