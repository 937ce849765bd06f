// Flink version facts that change how a recorded value must be read.

export interface FlinkVersion {
  major: number;
  minor: number;
}

/** Parses "1.20.1", "2.0-SNAPSHOT", "1.8"; null when unknown or unparsable. */
export function parseFlinkVersion(text: string | null | undefined): FlinkVersion | null {
  if (!text) return null;
  const m = /^\s*(\d+)\.(\d+)/.exec(text);
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]) };
}

export function versionAtLeast(v: FlinkVersion, major: number, minor: number): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}

/**
 * Averaging window of the `backPressuredTimeMsPerSecond` gauge (and so of `/backpressure` ratios
 * on 1.13+): 5 s on 1.13–1.16, 60 s from 1.17 (FLINK-30090). Unknown versions are read as the
 * newer, smoother behaviour so that a short burst is never over-reported as sustained.
 */
export function gaugeWindowMs(v: FlinkVersion | null): number {
  if (v === null) return 60_000;
  return versionAtLeast(v, 1, 17) ? 60_000 : 5_000;
}

/** Up to 1.8 `inPoolUsage` counts only floating buffers and 100 % is common (FLINK-11082). */
export function hasInPoolCaveat(v: FlinkVersion | null): boolean {
  return v !== null && !versionAtLeast(v, 1, 9);
}
