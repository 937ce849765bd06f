// The small steps of describing an episode that read plain data only: how long it counts, how
// many subtasks it touched, what it overlapped and what it cost.

import type { GcWindow, JobEvent } from '../model';
import type { EpisodeClass, Overlap, SubtaskScope } from './document';
import type { RawEpisode } from './episodes';
import { RATIO_SOURCES, SRC_ENDPOINT, SRC_GAUGE } from './ratios';
import { CATCH_UP_MS } from './thresholds';
import { gaugeWindowMs, hasFeature, type FlinkVersion } from '../flink-versions';

export interface EpisodeTiming {
  /** Smoothing window of the ratio the episode was seen in (0: instantaneous readings). */
  windowMs: number;
  effectiveDurationMs: number;
  cls: EpisodeClass;
}

/**
 * Gauges (and /backpressure on 1.13+, which reads them) are moving averages: a burst shows for
 * burst + window. Classification subtracts the part of the window beyond one sample.
 */
export function episodeTiming(
  raw: Pick<RawEpisode, 'source' | 'durationMs'>,
  intervalMs: number,
  version: FlinkVersion | null,
  sustainedAfterMs: number,
): EpisodeTiming {
  const smoothed =
    raw.source === SRC_GAUGE || (raw.source === SRC_ENDPOINT && hasFeature(version, 'metricBackpressure'));
  const windowMs = smoothed ? gaugeWindowMs(version) : 0;
  const effectiveDurationMs = Math.max(0, raw.durationMs - Math.max(0, windowMs - intervalMs));
  return { windowMs, effectiveDurationMs, cls: effectiveDurationMs >= sustainedAfterMs ? 'sustained' : 'transient' };
}

/** Indexes of the subtasks flagged in `affected`, and whether that is one, some or all of `total`. */
export function affectedSpread(
  affected: ArrayLike<number>,
  total: number,
): { affectedSubtasks: number[]; scope: SubtaskScope } {
  const affectedSubtasks: number[] = [];
  for (let i = 0; i < affected.length; i++) if (affected[i]) affectedSubtasks.push(i);
  const n = affectedSubtasks.length;
  return { affectedSubtasks, scope: n >= total && total > 0 ? 'all' : n <= 1 ? 'one' : 'some' };
}

export interface JobEventsAround {
  restarts: JobEvent[];
  rescales: JobEvent[];
  /** The latest restart or rescale at or before the start (within CATCH_UP_MS): the job may be catching up. */
  catchUp: { kind: 'restart' | 'rescale'; msBefore: number } | null;
}

/** A job's restarts and rescales from CATCH_UP_MS before the episode's start to its end. */
export function jobEventsAround(events: readonly JobEvent[], start: number, end: number): JobEventsAround {
  const near = events.filter((e) => e.ts >= start - CATCH_UP_MS && e.ts <= end);
  const restarts = near.filter((e) => e.kind === 'restart');
  const rescales = near.filter((e) => e.kind === 'rescale');
  const before = near.filter((e) => (e.kind === 'restart' || e.kind === 'rescale') && e.ts <= start);
  const latest = before[before.length - 1];
  const catchUp =
    latest && (latest.kind === 'restart' || latest.kind === 'rescale')
      ? { kind: latest.kind, msBefore: start - latest.ts }
      : null;
  return { restarts, rescales, catchUp };
}

/** What happened during the episode, in the document's order. */
export function overlapsOf(during: {
  checkpoints: readonly unknown[];
  gc: readonly unknown[];
  restarts: readonly unknown[];
  rescales: readonly unknown[];
  rescaled: boolean;
}): Overlap[] {
  const overlaps: Overlap[] = [];
  if (during.checkpoints.length > 0) overlaps.push('checkpoint');
  if (during.gc.length > 0) overlaps.push('gc');
  if (during.restarts.length > 0) overlaps.push('restart');
  if (during.rescales.length > 0 || during.rescaled) overlaps.push('rescale');
  return overlaps;
}

export interface EpisodeImpact {
  throughputRecordsPerSec: number | null;
  impact: number;
  impactBasis: 'records' | 'subtasks';
}

/**
 * Records the vertex moved while backpressured (output, else input rate × seconds); without
 * record rates, subtask-seconds: the share of subtasks affected × seconds.
 */
export function impactOf(
  rates: { recordsOutPerSec: number; recordsInPerSec: number },
  durationMs: number,
  affectedShare: number,
): EpisodeImpact {
  const throughput = Number.isFinite(rates.recordsOutPerSec) ? rates.recordsOutPerSec : rates.recordsInPerSec;
  const hasThroughput = Number.isFinite(throughput);
  const secs = durationMs / 1000;
  return {
    throughputRecordsPerSec: hasThroughput ? Math.round(throughput * 100) / 100 : null,
    impact: Math.round((hasThroughput ? secs * throughput : secs * affectedShare) * 100) / 100,
    impactBasis: hasThroughput ? 'records' : 'subtasks',
  };
}

/** Names of the ratio sources that saw the episode at least once. */
export function ratioSourcesOf(sourceCounts: readonly number[]): string[] {
  const sources: string[] = [];
  sourceCounts.forEach((c, i) => {
    if (c > 0) sources.push(RATIO_SOURCES[i]!);
  });
  return sources;
}

/** GC time per TaskManager, by TaskManager id. */
export function summariseGc(windows: readonly GcWindow[]): { taskManager: string; gcTimeMs: number }[] {
  const by = new Map<string, number>();
  for (const w of windows) by.set(w.taskManagerId, (by.get(w.taskManagerId) ?? 0) + w.gcTimeMs);
  return [...by].sort((a, b) => a[0].localeCompare(b[0])).map(([taskManager, gcTimeMs]) => ({ taskManager, gcTimeMs }));
}
