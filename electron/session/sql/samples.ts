// Per-frame samples (format 6+): what the analysis reduces a vertex frame's subtasks to, derived
// by the writer (see migrations/0006-frame-samples.ts). Older files have none; the reader then
// decodes frames as before.

import type { FrameSample } from '../../../shared/model';
import type { EpochMs } from '../../../shared/time';
import { hasTable, prepare, type Db } from './statements';

export const hasFrameSamples = (db: Db): boolean => hasTable(db, 'frame_samples');

const nullIfNaN = (v: number): number | null => (Number.isNaN(v) ? null : v);
const nanIfNull = (v: number | null): number => (v === null ? NaN : v);

export function insertSample(db: Db, ref: number, ts: EpochMs, rules: number, s: FrameSample): void {
  prepare(
    db,
    `INSERT OR REPLACE INTO frame_samples (vertex_ref, ts, rules, base_ts, wall_ms, ratio, ratio_arg, affected, valid, source,
       resets, time_counters, busy_max, busy_arg, busy_hot, busy_mean, busy_n, idle_mean, idle_n)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    ref,
    ts,
    rules,
    s.baseTs,
    nullIfNaN(s.wallMs),
    s.ratio,
    s.ratioArg,
    s.affected,
    s.valid,
    s.source,
    s.resets,
    s.timeCounters ? 1 : 0,
    s.busyMax,
    s.busyArg,
    s.busyHot,
    nullIfNaN(s.busyMean),
    s.busyN,
    nullIfNaN(s.idleMean),
    s.idleN,
  );
}

/** A vertex frame's metadata in [from, to], with its sample when one of `rules` was stored. */
export interface FrameMeta {
  ts: number;
  key: number;
  parallelism: number;
  sample: FrameSample | null;
}

interface MetaRow {
  ts: number;
  key: number;
  parallelism: number;
  rules: number | null;
  base_ts: number | null;
  wall_ms: number | null;
  ratio: number;
  ratio_arg: number;
  affected: number;
  valid: number;
  source: number;
  resets: number;
  time_counters: number;
  busy_max: number;
  busy_arg: number;
  busy_hot: number;
  busy_mean: number | null;
  busy_n: number;
  idle_mean: number | null;
  idle_n: number;
}

/** The vertex's frames in [from, to] without their blobs, oldest first. */
export function frameMetas(db: Db, ref: number, from: number, to: number, rules: number): FrameMeta[] {
  return prepare<MetaRow>(
    db,
    `SELECT f.ts, f.key, f.parallelism, s.rules, s.base_ts, s.wall_ms, s.ratio, s.ratio_arg, s.affected, s.valid, s.source,
       s.resets, s.time_counters, s.busy_max, s.busy_arg, s.busy_hot, s.busy_mean, s.busy_n, s.idle_mean, s.idle_n
     FROM vertex_frames f LEFT JOIN frame_samples s ON s.vertex_ref = f.vertex_ref AND s.ts = f.ts
     WHERE f.vertex_ref = ? AND f.ts BETWEEN ? AND ? ORDER BY f.ts`,
  )
    .all(ref, from, to)
    .map((r) => ({
      ts: r.ts,
      key: r.key,
      parallelism: r.parallelism,
      sample:
        r.rules !== rules
          ? null
          : {
              baseTs: r.base_ts,
              wallMs: nanIfNull(r.wall_ms),
              ratio: r.ratio,
              ratioArg: r.ratio_arg,
              affected: r.affected,
              valid: r.valid,
              source: r.source,
              resets: r.resets,
              timeCounters: r.time_counters === 1,
              busyMax: r.busy_max,
              busyArg: r.busy_arg,
              busyHot: r.busy_hot,
              busyMean: nanIfNull(r.busy_mean),
              busyN: r.busy_n,
              idleMean: nanIfNull(r.idle_mean),
              idleN: r.idle_n,
            },
    }));
}
