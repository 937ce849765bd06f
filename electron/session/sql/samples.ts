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

/** Sample fields in the order FrameMetas keeps them (baseTs and wallMs: NaN for none). */
const SAMPLE_FIELDS = 16;

/**
 * A vertex's frames in [from, to] without their blobs, as columns: instants, key frames,
 * parallelism, and per frame the sample (when one of the asked rules was stored) in
 * SAMPLE_FIELDS numbers. A day of a large job is 172,800 frames; as objects they cost ≈ 420 B
 * each, as columns 142 B.
 */
export interface FrameMetas {
  n: number;
  ts: Float64Array;
  key: Uint8Array;
  parallelism: Int32Array;
  /** 1 where frame i has a sample. */
  hasSample: Uint8Array;
  /** Frame i's sample at [i × SAMPLE_FIELDS, (i + 1) × SAMPLE_FIELDS). */
  samples: Float64Array;
}

/** Frame i's stored sample, or null: a new object each call (the series reads it once). */
export function sampleAt(m: FrameMetas, i: number): FrameSample | null {
  if (m.hasSample[i] !== 1) return null;
  const c = m.samples;
  const o = i * SAMPLE_FIELDS;
  const baseTs = c[o]!;
  return {
    baseTs: Number.isNaN(baseTs) ? null : baseTs,
    wallMs: c[o + 1]!,
    ratio: c[o + 2]!,
    ratioArg: c[o + 3]!,
    affected: c[o + 4]!,
    valid: c[o + 5]!,
    source: c[o + 6]!,
    resets: c[o + 7]!,
    timeCounters: c[o + 8] === 1,
    busyMax: c[o + 9]!,
    busyArg: c[o + 10]!,
    busyHot: c[o + 11]!,
    busyMean: c[o + 12]!,
    busyN: c[o + 13]!,
    idleMean: c[o + 14]!,
    idleN: c[o + 15]!,
  };
}

/**
 * The vertex's frames in [from, to], oldest first: instants and key frames from vertex_frames'
 * indexes, parallelism and sample from frame_samples, so no page of a blob is read (a frame's blob
 * fills most of a page). A frame without a row (written before the file was upgraded to format 6)
 * has its parallelism read from its own row.
 */
export function frameMetas(
  db: Db,
  ref: number,
  from: number,
  to: number,
  rules: number,
  sampled = hasFrameSamples(db),
): FrameMetas {
  const all = prepare(db, 'SELECT ts FROM vertex_frames WHERE vertex_ref = ? AND ts BETWEEN ? AND ? ORDER BY ts')
    .pluck(true)
    .all(ref, from, to) as number[];
  const n = all.length;
  if (!sampled) return unsampledMetas(db, ref, from, to, all);
  const m: FrameMetas = {
    n,
    ts: Float64Array.from(all),
    key: new Uint8Array(n),
    parallelism: new Int32Array(n),
    hasSample: new Uint8Array(n),
    samples: new Float64Array(n * SAMPLE_FIELDS),
  };
  const keys = prepare(db, 'SELECT ts FROM vertex_frames WHERE vertex_ref = ? AND key = 1 AND ts BETWEEN ? AND ?')
    .pluck(true)
    .iterate(ref, from, to) as IterableIterator<number>;
  let k = 0;
  for (const ts of keys) {
    while (k < n && all[k]! < ts) k++;
    if (k < n && all[k] === ts) m.key[k] = 1;
  }
  // Rows as arrays, one at a time: named rows, all at once, cost several times the columns.
  const rows = prepare(
    db,
    `SELECT ts, parallelism, rules, base_ts, wall_ms, ratio, ratio_arg, affected, valid, source, resets, time_counters,
       busy_max, busy_arg, busy_hot, busy_mean, busy_n, idle_mean, idle_n
     FROM frame_samples WHERE vertex_ref = ? AND ts BETWEEN ? AND ? ORDER BY ts`,
  )
    .raw(true)
    .iterate(ref, from, to) as IterableIterator<Array<number | null>>;
  const filled = new Uint8Array(n);
  let i = 0;
  for (const r of rows) {
    const ts = r[0]!;
    while (i < n && all[i]! < ts) i++;
    if (i === n) break;
    if (all[i] !== ts) continue;
    filled[i] = 1;
    m.parallelism[i] = r[1]!;
    if (r[2] !== rules) continue;
    m.hasSample[i] = 1;
    const o = i * SAMPLE_FIELDS;
    for (let f = 0; f < SAMPLE_FIELDS; f++) m.samples[o + f] = nanIfNull(r[3 + f] ?? null);
  }
  for (let j = 0; j < n; j++) if (filled[j] === 0) m.parallelism[j] = frameParallelism(db, ref, all[j]!);
  return m;
}

/**
 * A file from before format 6 has no samples: instants, key frames and parallelism come from the
 * frames' own rows (their first bytes: a blob past the page's end is not read).
 */
function unsampledMetas(db: Db, ref: number, from: number, to: number, all: number[]): FrameMetas {
  const n = all.length;
  const m: FrameMetas = {
    n,
    ts: Float64Array.from(all),
    key: new Uint8Array(n),
    parallelism: new Int32Array(n),
    hasSample: new Uint8Array(n),
    samples: new Float64Array(0),
  };
  const rows = prepare(
    db,
    'SELECT key, parallelism FROM vertex_frames WHERE vertex_ref = ? AND ts BETWEEN ? AND ? ORDER BY ts',
  )
    .raw(true)
    .iterate(ref, from, to) as IterableIterator<[number, number]>;
  let i = 0;
  for (const [key, parallelism] of rows) {
    if (i === n) break;
    m.key[i] = key === 1 ? 1 : 0;
    m.parallelism[i++] = parallelism;
  }
  return m;
}

function frameParallelism(db: Db, ref: number, ts: number): number {
  return prepare(db, 'SELECT parallelism FROM vertex_frames WHERE vertex_ref = ? AND ts = ?')
    .pluck(true)
    .get(ref, ts) as number;
}
