// Flink version detection and what each version can report. Capabilities steer which endpoints
// the recorder calls; metric ids are still resolved from the lists a cluster returns
// (metric-names.ts), never assumed from the version alone.

export interface FlinkVersion {
  major: number;
  minor: number;
  /** Null for "2.1-SNAPSHOT" or "1.20". */
  patch: number | null;
  /** "SNAPSHOT", "rc1", … or null. */
  qualifier: string | null;
  raw: string;
}

export type ExceptionsShape = 'legacy' | 'legacy+history' | 'history';

export interface FlinkCapabilities {
  /** Null when the version string could not be parsed; flags then describe the newest release. */
  version: FlinkVersion | null;
  /** One of the versions Backflow is built for: 1.12–1.20 and 2.x. */
  supported: boolean;
  /** `backPressuredTimeMsPerSecond`, `busyTimeMsPerSecond`; `/backpressure` reads metrics (1.13+). */
  hasBackpressureMetrics: boolean;
  /** `soft`/`hardBackPressuredTimeMsPerSecond` (1.15+). */
  hasSoftHardBackpressure: boolean;
  /** Monotonic `accumulate*TimeMs` counters (1.16+). */
  hasAccumulateTimes: boolean;
  /** Time-accounting gauges average over 60 s instead of 5 s (1.17+). */
  gauges60s: boolean;
  /** `agg=skew` on `/subtasks/metrics` (1.20+). */
  hasSkew: boolean;
  /** Legacy `buffers.*`, task `Network.*`, TM `Status.Network.*` are still registered (≤ 1.20). */
  legacyNetworkNames: boolean;
  /** `GET /jobs/:jid/status` (1.16+). */
  hasJobStatusEndpoint: boolean;
  /** `backpressureLevel` key next to `backpressure-level` (1.16+). */
  hasCamelBackpressureLevel: boolean;
  /** Subtask `endpoint` (1.19+) next to or instead of `host` (removed in 2.0). */
  hasEndpointField: boolean;
  hasHostField: boolean;
  /** `/exceptions`: legacy root/all-exceptions (≤1.12), both (1.13–1.20), history only (2.0+). */
  exceptionsShape: ExceptionsShape;
  /** `Status.JVM.GarbageCollector.All.*` (1.19+). */
  hasGcAllAggregate: boolean;
  /** Latency histograms in task scope (1.20+) or job scope. */
  latencyScope: 'job' | 'task';
}

const VERSION_RE = /^\s*(\d+)\.(\d+)(?:\.(\d+))?(?:[-.]?([A-Za-z][\w.-]*))?\s*$/;

/** Parses "1.20.1", "2.1-SNAPSHOT", "1.14.0-rc1"; null for "<unknown>" and other text. */
export function parseFlinkVersion(text: string | null | undefined): FlinkVersion | null {
  if (!text) return null;
  const m = VERSION_RE.exec(text);
  if (!m) return null;
  return {
    major: Number(m[1]),
    minor: Number(m[2]),
    patch: m[3] === undefined ? null : Number(m[3]),
    qualifier: m[4] ?? null,
    raw: text.trim(),
  };
}

/** True when `v` is at least major.minor (patch and qualifier ignored). */
export function atLeast(v: FlinkVersion, major: number, minor: number): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}

export function capabilitiesOf(version: FlinkVersion | null): FlinkCapabilities {
  // Unknown: assume the newest behaviour; endpoint fallbacks and name resolution cover the rest.
  const ge = (maj: number, min: number): boolean => (version ? atLeast(version, maj, min) : true);
  return {
    version,
    supported: version !== null && (version.major === 2 || (version.major === 1 && version.minor >= 12)),
    hasBackpressureMetrics: ge(1, 13),
    hasSoftHardBackpressure: ge(1, 15),
    hasAccumulateTimes: ge(1, 16),
    gauges60s: ge(1, 17),
    hasSkew: ge(1, 20),
    legacyNetworkNames: version !== null && !ge(2, 0),
    hasJobStatusEndpoint: ge(1, 16),
    hasCamelBackpressureLevel: ge(1, 16),
    hasEndpointField: ge(1, 19),
    hasHostField: version !== null && !ge(2, 0),
    exceptionsShape: ge(2, 0) ? 'history' : ge(1, 13) ? 'legacy+history' : 'legacy',
    hasGcAllAggregate: ge(1, 19),
    latencyScope: ge(1, 20) ? 'task' : 'job',
  };
}
