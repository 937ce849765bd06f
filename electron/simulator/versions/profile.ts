// The Flink releases the simulator can impersonate. What each one answers (metric ids, endpoints,
// fields, smoothing) is read from the one release table, shared/flink-versions.ts: a profile is
// its release and the features that release has there, never a list of its own.

import { featuresOf, parseFlinkVersion, type FlinkFeatures } from '../../../shared/flink-versions';

/** Profile ids: the release line each simulated cluster answers as. */
export const SIMULATED_VERSIONS = ['1.12', '1.14', '1.15', '1.16', '1.17', '1.18', '1.20', '2.1', '2.3'] as const;
export type SimulatedVersion = (typeof SIMULATED_VERSIONS)[number];

export interface VersionProfile extends FlinkFeatures {
  version: SimulatedVersion;
  /** `flink-version` in /config and /overview. */
  release: string;
  revision: string;
}

// A real JobManager reports `<commit> @ <build date>`; the simulator does not pretend to be a build.
const SIMULATED_REVISION = '0000000 @ simulated';

/** The patch release each profile reports. */
const RELEASES: Record<SimulatedVersion, string> = {
  '1.12': '1.12.7',
  '1.14': '1.14.6',
  '1.15': '1.15.4',
  '1.16': '1.16.3',
  '1.17': '1.17.2',
  '1.18': '1.18.1',
  '1.20': '1.20.1',
  '2.1': '2.1.0',
  '2.3': '2.3.0',
};

function profile(version: SimulatedVersion): VersionProfile {
  const release = RELEASES[version];
  return { ...featuresOf(parseFlinkVersion(release)), version, release, revision: SIMULATED_REVISION };
}

export const PROFILES: Readonly<Record<SimulatedVersion, VersionProfile>> = Object.fromEntries(
  SIMULATED_VERSIONS.map((v) => [v, profile(v)]),
) as Record<SimulatedVersion, VersionProfile>;

export function isSimulatedVersion(v: string): v is SimulatedVersion {
  return (SIMULATED_VERSIONS as readonly string[]).includes(v);
}

export function profileFor(v: string): VersionProfile {
  if (!isSimulatedVersion(v)) {
    throw new Error(`unknown Flink version "${v}": choose one of ${SIMULATED_VERSIONS.join(', ')}`);
  }
  return PROFILES[v];
}
