// Deterministic synthetic recordings for the session tests and the benchmark: values look like a
// Flink job's (ratios in 0..1, integer ms/s, growing counters, 60 s rates) so compression and
// precision are measured on realistic shapes, and any frame can be regenerated to compare.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SubtaskMetric, VertexFrame, VertexInfo } from '../../../shared/model';
import { epochMs, type EpochMs } from '../../../shared/time';

export const METRICS_12: readonly SubtaskMetric[] = [
  'backPressuredTimeMsPerSecond',
  'idleTimeMsPerSecond',
  'busyTimeMsPerSecond',
  'accumulateBackPressuredTimeMs',
  'accumulateIdleTimeMs',
  'accumulateBusyTimeMs',
  'inPoolUsage',
  'outPoolUsage',
  'numRecordsIn',
  'numRecordsOut',
  'numRecordsInPerSecond',
  'numRecordsOutPerSecond',
];

/** Small, fast, deterministic hash → [0, 1). */
export function noise(...xs: number[]): number {
  let h = 0x9e3779b9;
  for (const x of xs) {
    h ^= Math.imul(x | 0, 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return (h >>> 0) / 2 ** 32;
}

export const T0 = epochMs(Date.UTC(2026, 10, 25, 8, 0, 0));
export const tickTs = (i: number, intervalMs = 10_000): EpochMs => epochMs(T0 + i * intervalMs);

/** Value of one metric of one subtask at tick i; NaN for a few (vertex, subtask, tick) spots. */
export function value(metric: SubtaskMetric, v: number, s: number, i: number, intervalS = 10): number {
  if (noise(v, s, i, 7) < 0.002) return NaN;
  const bp = Math.min(
    1000,
    Math.max(0, Math.round(400 * noise(v, s, Math.floor(i / 6)) + 50 * noise(v, s, i, 1) - 100)),
  );
  const idle = Math.round((1000 - bp) * 0.4 * noise(v, s, i, 2));
  const rate = 1000 + 50 * v + 3 * s;
  switch (metric) {
    case 'backPressuredTimeMsPerSecond':
      return bp;
    case 'idleTimeMsPerSecond':
      return idle;
    case 'busyTimeMsPerSecond':
      return Math.max(0, 1000 - bp - idle);
    case 'accumulateBackPressuredTimeMs':
      return Math.round(i * intervalS * 300 + 40 * i * noise(v, s, 3));
    case 'accumulateIdleTimeMs':
      return Math.round(i * intervalS * 200 + 30 * i * noise(v, s, 4));
    case 'accumulateBusyTimeMs':
      return Math.round(i * intervalS * 500 + 20 * i * noise(v, s, 5));
    case 'inPoolUsage':
      return Math.round(noise(v, s, i, 8) * bp * 0.032) / 32; // used/total of 32 buffers
    case 'outPoolUsage':
      return Math.round(noise(v, s, i, 9) * 32) / 32;
    case 'numRecordsIn':
      return Math.floor(1e9 * noise(v, s) + i * intervalS * rate);
    case 'numRecordsOut':
      return Math.floor(2e9 * noise(v, s, 1) + i * intervalS * rate * 0.9);
    case 'numRecordsInPerSecond':
      return Math.round((rate + 40 * noise(v, s, i, 10)) * 60) / 60;
    case 'numRecordsOutPerSecond':
      return Math.round((rate * 0.9 + 40 * noise(v, s, i, 11)) * 60) / 60;
    default:
      return noise(v, s, i, 12);
  }
}

export function vertexInfo(clusterId: number, jobId: string, v: number, parallelism: number): VertexInfo {
  return {
    clusterId,
    jobId,
    vertexId: `v${String(v).padStart(2, '0')}`,
    name: `Operator ${v}`,
    parallelism,
    maxParallelism: 32768,
    topoIndex: v,
  };
}

export function frame(
  clusterId: number,
  jobId: string,
  v: number,
  parallelism: number,
  i: number,
  metrics = METRICS_12,
  intervalMs = 10_000,
): VertexFrame {
  const subtasks: VertexFrame['subtasks'] = {};
  for (const m of metrics) {
    const a = new Float64Array(parallelism);
    for (let s = 0; s < parallelism; s++) a[s] = value(m, v, s, i, intervalMs / 1000);
    subtasks[m] = a;
  }
  return {
    clusterId,
    jobId,
    vertexId: `v${String(v).padStart(2, '0')}`,
    ts: tickTs(i, intervalMs),
    parallelism,
    subtasks,
  };
}

export function tempDir(): { dir: string; file: (name: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'backflow-session-'));
  return { dir, file: (name) => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
