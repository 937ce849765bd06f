// Reads the JobManager options a recorder depends on from `/jobmanager/config`, where a key only
// appears if it was set. Values are Flink's text form ("10000", "10 s", "1 min").

import type { JobManagerConfigEntry } from './schemas/cluster';

export const DEFAULT_FETCH_INTERVAL_MS = 10_000;
export const DEFAULT_CHECKPOINT_HISTORY = 10;
export const DEFAULT_WEB_REFRESH_INTERVAL_MS = 3_000;

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  nano: 1e-6,
  nanos: 1e-6,
  nanosecond: 1e-6,
  nanoseconds: 1e-6,
  µs: 1e-3,
  us: 1e-3,
  micro: 1e-3,
  micros: 1e-3,
  microsecond: 1e-3,
  microseconds: 1e-3,
  ms: 1,
  milli: 1,
  millis: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
};

/** Flink's duration text (a bare number is ms, as in TimeUtils) → ms; null when not parseable. */
export function parseFlinkDuration(text: string): number | null {
  const m = /^\s*(\d+)\s*([a-zµ]*)\s*$/i.exec(text);
  if (!m) return null;
  const unit = (m[2] ?? '').toLowerCase();
  const factor = unit === '' ? 1 : UNIT_MS[unit];
  if (factor === undefined) return null;
  return Number(m[1]) * factor;
}

export interface JobManagerSettings {
  /** `metrics.fetcher.update-interval`: how often metric data can change at all. */
  fetchIntervalMs: number;
  /** `web.refresh-interval`: job-detail and checkpoint JSON cache TTL. */
  webRefreshIntervalMs: number;
  /** `web.checkpoints.history`: length of the checkpoint `history[]`. */
  checkpointHistory: number;
  /** Keys present but not understood (the default was used instead), e.g. for a status line. */
  warnings: string[];
}

export function readJobManagerSettings(entries: readonly JobManagerConfigEntry[]): JobManagerSettings {
  const map = new Map(entries.map((e) => [e.key, e.value]));
  const warnings: string[] = [];
  const duration = (key: string, dflt: number): number => {
    const v = map.get(key);
    if (v === undefined) return dflt;
    const ms = parseFlinkDuration(v);
    if (ms === null || ms <= 0) {
      warnings.push(`${key} = "${v}" is not a duration; assuming ${dflt} ms`);
      return dflt;
    }
    return ms;
  };
  const int = (key: string, dflt: number): number => {
    const v = map.get(key);
    if (v === undefined) return dflt;
    if (!/^\s*\d+\s*$/.test(v)) {
      warnings.push(`${key} = "${v}" is not a whole number; assuming ${dflt}`);
      return dflt;
    }
    return Number(v);
  };
  return {
    fetchIntervalMs: duration('metrics.fetcher.update-interval', DEFAULT_FETCH_INTERVAL_MS),
    webRefreshIntervalMs: duration('web.refresh-interval', DEFAULT_WEB_REFRESH_INTERVAL_MS),
    checkpointHistory: int('web.checkpoints.history', DEFAULT_CHECKPOINT_HISTORY),
    warnings,
  };
}
