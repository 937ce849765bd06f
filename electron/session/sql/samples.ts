// Per-frame samples (format 6+): what the analysis reduces a vertex frame's subtasks to, derived
// by the writer (see migrations/0006-frame-samples.ts). Older files have none; the reader then
// decodes frames as before.

import type { FrameSample } from '../../../shared/model';
import type { EpochMs } from '../../../shared/time';
import { hasTable, prepare, type Db } from './statements';

export const hasFrameSamples = (db: Db): boolean => hasTable(db, 'frame_samples');

const nullIfNaN = (v: number): number | null => (Number.isNaN(v) ? null : v);
const nanIfNull = (v: number | null): number => (v === null ? NaN : v);

/** A frame's row: its parallelism, and its sample when there is one (`rules` = the rules it was computed by). */
export function insertSample(
  db: Db,
  ref: number,
  ts: EpochMs,
  parallelism: number,
  rules: number,
  s: FrameSample | null,
): void {
  prepare(
    db,
    `INSERT OR REPLACE INTO frame_samples (vertex_ref, ts, parallelism, rules, base_ts, wall_ms, ratio, ratio_arg, affected, valid,
       source, resets, time_counters, busy_max, busy_arg, busy_hot, busy_mean, busy_n, idle_mean, idle_n)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    ref,
    ts,
    parallelism,
    s ? rules : null,
    s ? s.baseTs : null,
    s ? nullIfNaN(s.wallMs) : null,
    s?.ratio ?? null,
    s?.ratioArg ?? null,
    s?.affected ?? null,
    s?.valid ?? null,
    s?.source ?? null,
    s?.resets ?? null,
    s ? (s.timeCounters ? 1 : 0) : null,
    s?.busyMax ?? null,
    s?.busyArg ?? null,
    s?.busyHot ?? null,
    s ? nullIfNaN(s.busyMean) : null,
    s?.busyN ?? null,
    s ? nullIfNaN(s.idleMean) : null,
    s?.idleN ?? null,
  );
}

/** A vertex frame's metadata in [from, to], with its sample when one of `rules` was stored. */
export interface FrameMeta {
  ts: number;
  key: number;
  parallelism: number;
  sample: FrameSample | null;
}

/**
 * The vertex's frames in [from, to] without their blobs, oldest first: instants and key frames
 * from vertex_frames' indexes, parallelism and sample from frame_samples, so no page of a blob is
 * read (a frame's blob fills most of a page). A frame without a row (written before the file was
 * upgraded to format 6) has its parallelism read from its own row.
 */
export function frameMetas(db: Db, ref: number, from: number, to: number, rules: number): FrameMeta[] {
  const all = prepare(db, 'SELECT ts FROM vertex_frames WHERE vertex_ref = ? AND ts BETWEEN ? AND ? ORDER BY ts')
    .pluck(true)
    .all(ref, from, to) as number[];
  const keys = new Set(
    prepare(db, 'SELECT ts FROM vertex_frames WHERE vertex_ref = ? AND key = 1 AND ts BETWEEN ? AND ?')
      .pluck(true)
      .all(ref, from, to) as number[],
  );
  // Rows as arrays: a day of a large job is 172,800 of them, and named rows cost twice as much.
  const rows = prepare(
    db,
    `SELECT ts, parallelism, rules, base_ts, wall_ms, ratio, ratio_arg, affected, valid, source, resets, time_counters,
       busy_max, busy_arg, busy_hot, busy_mean, busy_n, idle_mean, idle_n
     FROM frame_samples WHERE vertex_ref = ? AND ts BETWEEN ? AND ? ORDER BY ts`,
  )
    .raw(true)
    .all(ref, from, to) as Array<Array<number | null>>;
  const out: FrameMeta[] = new Array(all.length);
  let j = 0;
  for (let i = 0; i < all.length; i++) {
    const ts = all[i]!;
    while (j < rows.length && rows[j]![0]! < ts) j++;
    const r = j < rows.length && rows[j]![0] === ts ? rows[j]! : null;
    out[i] = {
      ts,
      key: keys.has(ts) ? 1 : 0,
      parallelism: r ? r[1]! : frameParallelism(db, ref, ts),
      sample:
        r === null || r[2] !== rules
          ? null
          : {
              baseTs: r[3] ?? null,
              wallMs: nanIfNull(r[4] ?? null),
              ratio: r[5]!,
              ratioArg: r[6]!,
              affected: r[7]!,
              valid: r[8]!,
              source: r[9]!,
              resets: r[10]!,
              timeCounters: r[11] === 1,
              busyMax: r[12]!,
              busyArg: r[13]!,
              busyHot: r[14]!,
              busyMean: nanIfNull(r[15] ?? null),
              busyN: r[16]!,
              idleMean: nanIfNull(r[17] ?? null),
              idleN: r[18]!,
            },
    };
  }
  return out;
}

function frameParallelism(db: Db, ref: number, ts: number): number {
  return prepare(db, 'SELECT parallelism FROM vertex_frames WHERE vertex_ref = ? AND ts = ?')
    .pluck(true)
    .get(ref, ts) as number;
}
