// Per-subtask time accounting as a TaskManager keeps it: busy/idle/backpressured time goes into
// 5 s buckets; the 5 s gauges (Flink 1.13–1.16) read the last bucket, the 60 s gauges (1.17+,
// FLINK-30090) the last 12. Record meters are MeterViews: (count now − count 60 s ago) / 60,
// refreshed every 5 s.

import type { SimSubtask, SimTimeShares } from '../types';

export const BUCKET_MS = 5000;
const BUCKETS = 12;
// busy, idle, soft, hard, length
const F = 5;

/**
 * Accounting for all subtasks of one vertex, stored column-wise: at benchmark scale (5120
 * subtasks) per-subtask objects spend most of their time on cache misses. All subtasks of a
 * vertex are deployed together, so they share the bucket clock.
 */
export class VertexAccounting {
  private readonly cur: Float64Array;
  private readonly ring: Float64Array;
  /** Running sum of the ring (the 60 s window), kept incrementally. */
  private readonly sum: Float64Array;
  private filled = 0;
  private head = 0;
  // MeterView rings: records in, records out, bytes out at each bucket boundary.
  private readonly meters: Float64Array;
  private meterHead = 0;
  // Per subtask: soft run, hard run, soft max, hard max (ms). A run is the stall still going on.
  private readonly stalls: Float64Array;

  constructor(readonly parallelism: number) {
    this.cur = new Float64Array(parallelism * F);
    this.ring = new Float64Array(parallelism * BUCKETS * F);
    this.sum = new Float64Array(parallelism * F);
    this.meters = new Float64Array(parallelism * (BUCKETS + 1) * 3);
    this.stalls = new Float64Array(parallelism * 4);
  }

  add(i: number, busyMs: number, idleMs: number, softMs: number, hardMs: number, stepMs: number): void {
    const c = this.cur;
    const at = i * F;
    c[at]! += busyMs;
    c[at + 1]! += idleMs;
    c[at + 2]! += softMs;
    c[at + 3]! += hardMs;
    c[at + 4]! += stepMs;
    // A step that is backpressured throughout continues one stall; a partly backpressured
    // step is many short waits for single buffers, roughly a tenth of the step each.
    const st = this.stalls;
    const r = i * 4;
    st[r] = softMs >= stepMs - 1e-6 ? st[r]! + softMs : softMs / 10;
    st[r + 1] = hardMs >= stepMs - 1e-6 ? st[r + 1]! + hardMs : hardMs / 10;
    if (st[r]! > st[r + 2]!) st[r + 2] = st[r]!;
    if (st[r + 1]! > st[r + 3]!) st[r + 3] = st[r + 1]!;
  }

  /** Closes the current 5 s bucket and refreshes every subtask's windowed gauges in place. */
  roll(subs: readonly SimSubtask[]): void {
    const p = this.parallelism;
    const evict = this.filled === BUCKETS;
    const c = this.cur;
    const ring = this.ring;
    const sum = this.sum;
    const st = this.stalls;
    const m = this.meters;
    const mSlot = this.meterHead * 3;
    const mOld = ((this.meterHead + 1) % (BUCKETS + 1)) * 3;
    const mStride = (BUCKETS + 1) * 3;
    const span = (BUCKETS * BUCKET_MS) / 1000;
    for (let i = 0; i < p; i++) {
      const sub = subs[i]!;
      const at = i * F;
      const rAt = (i * BUCKETS + this.head) * F;
      for (let k = 0; k < F; k++) {
        sum[at + k]! += c[at + k]! - (evict ? ring[rAt + k]! : 0);
        ring[rAt + k] = c[at + k]!;
      }
      writeShares(sub.shares5s, c, at);
      writeShares(sub.shares60s, sum, at);
      for (let k = 0; k < F; k++) c[at + k] = 0;
      const r = i * 4;
      sub.maxSoftBackPressureTimeMs = Math.round(st[r + 2]!);
      sub.maxHardBackPressureTimeMs = Math.round(st[r + 3]!);
      st[r + 2] = st[r]!;
      st[r + 3] = st[r + 1]!;
      const mb = i * mStride;
      m[mb + mSlot] = sub.numRecordsIn;
      m[mb + mSlot + 1] = sub.numRecordsOut;
      m[mb + mSlot + 2] = sub.numBytesOut;
      sub.numRecordsInPerSecond = (m[mb + mSlot]! - m[mb + mOld]!) / span;
      sub.numRecordsOutPerSecond = (m[mb + mSlot + 1]! - m[mb + mOld + 1]!) / span;
      sub.numBytesOutPerSecond = (m[mb + mSlot + 2]! - m[mb + mOld + 2]!) / span;
    }
    this.head = (this.head + 1) % BUCKETS;
    if (this.filled < BUCKETS) this.filled++;
    this.meterHead = (this.meterHead + 1) % (BUCKETS + 1);
  }
}

function writeShares(out: SimTimeShares, v: Float64Array, at: number): void {
  const len = v[at + 4]!;
  if (!(len > 0)) return;
  const k = 1000 / len;
  // The 60 s sums are kept incrementally; clamp the float residue of subtracting old buckets.
  out.busy = Math.max(0, v[at]! * k);
  out.idle = Math.max(0, v[at + 1]! * k);
  out.softBackPressured = Math.max(0, v[at + 2]! * k);
  out.hardBackPressured = Math.max(0, v[at + 3]! * k);
  out.backPressured = out.softBackPressured + out.hardBackPressured;
}
