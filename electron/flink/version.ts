// What the connected cluster can report, read from the one Flink release table
// (shared/flink-versions.ts). Capabilities steer which endpoints the recorder calls; metric ids
// are still resolved from the lists a cluster returns (metric-names.ts), never assumed from the
// version alone.

import {
  featuresOf,
  hasFeature,
  isSupported,
  type FlinkFeatures,
  type FlinkVersion,
} from '../../shared/flink-versions';

export type ExceptionsShape = 'legacy' | 'legacy+history' | 'history';

export interface FlinkCapabilities extends FlinkFeatures {
  /** Null when the version string could not be parsed; features then describe the newest release. */
  version: FlinkVersion | null;
  /** One of the versions Backflow is built for: 1.12–1.20 and 2.x. */
  supported: boolean;
  /** `/exceptions`: legacy root/all-exceptions (≤1.12), both (1.13–1.20), history only (2.0+). */
  exceptionsShape: ExceptionsShape;
  /** Latency histograms in task scope (1.20+) or job scope. */
  latencyScope: 'job' | 'task';
}

export function capabilitiesOf(version: FlinkVersion | null): FlinkCapabilities {
  const has = featuresOf(version);
  return {
    ...has,
    version,
    supported: isSupported(version),
    exceptionsShape: has.legacyExceptions ? (has.exceptionHistory ? 'legacy+history' : 'legacy') : 'history',
    latencyScope: hasFeature(version, 'taskScopeLatency') ? 'task' : 'job',
  };
}
