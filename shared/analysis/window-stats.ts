// What one vertex did during a time window, per subtask: the evidence behind the bottleneck
// walk and the cause hints. Computed on demand for the few (vertex, window) pairs asked about.

import type { SubtaskMetric } from '../model';
import { levelCode } from './levels';
import { allocSubtaskBuffers } from './ratios';
import { lowerBound, sampleSubtasks, type VertexSeries } from './series';
import { OUT_POOL_HIGH } from './thresholds';
import { lastAtOrBefore } from '../sorted';

export interface WindowStats {
  /** Non-gap samples whose interval ends inside the window. */
  samples: number;
  parallelism: number;
  /** Share of samples at LOW or HIGH. */
  bpShare: number;
  meanRatio: number;
  /** Per subtask: 1 when it was LOW/HIGH in any sample. */
  affected: Uint8Array;
  ratioBySubtask: Float64Array;
  busyBySubtask: Float64Array;
  idleBySubtask: Float64Array;
  /** Max over subtasks of the mean busy fraction; NaN when busy is not reported. */
  busyMax: number;
  /** Mean over samples of the max subtask outPoolUsage; share of samples with it ≥ OUT_POOL_HIGH. */
  outPoolMax: number;
  outPoolHighShare: number;
  inPoolMax: number;
  /** Per subtask mean inPoolUsage / outPoolUsage over the window's samples; NaN when not reported. */
  inPoolBySubtask: Float64Array;
  outPoolBySubtask: Float64Array;
  floatingBySubtask: Float64Array;
  exclusiveBySubtask: Float64Array;
  /** Sums over subtasks per second of wall time; NaN when not reported. */
  bytesOutPerSec: number;
  recordsOutPerSec: number;
  recordsInPerSec: number;
  remoteBytes: number;
  remoteBuffers: number;
}

function meanGauge(values: Float64Array | undefined, n: number, sum: Float64Array, cnt: Float64Array): number {
  if (!values) return NaN;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v >= 0) {
      sum[i]! += v;
      cnt[i]!++;
      if (v > max) max = v;
    }
  }
  return max;
}

/** The samples a window looks at: k0 ≤ k < k1 (those with ts ≤ end). */
export function windowSpan(s: VertexSeries, start: number, end: number): { k0: number; k1: number } {
  const k0 = lowerBound(s, start);
  return { k0, k1: Math.max(k0, lastAtOrBefore(s.ts, end, s.n) + 1) };
}

export function windowStats(s: VertexSeries, start: number, end: number): WindowStats {
  let maxP = 0;
  const k0 = lowerBound(s, start);
  let k1 = k0;
  // A sample describes the interval ending at its ts, so the window takes ts in (start, end]
  // (a zero-length window takes the sample at that instant).
  const inside = (t: number): boolean => t > start || (t === start && start === end);
  while (k1 < s.n && s.ts[k1]! <= end) {
    if (!s.gap[k1] && inside(s.ts[k1]!)) maxP = Math.max(maxP, s.total[k1]!);
    k1++;
  }
  const P = maxP;
  const buf = allocSubtaskBuffers(P);
  const z = (): Float64Array => new Float64Array(P);
  const rSum = z(),
    rCnt = z(),
    bSum = z(),
    bCnt = z(),
    iSum = z(),
    iCnt = z();
  const fSum = z(),
    fCnt = z(),
    eSum = z(),
    eCnt = z();
  const inSum = z(),
    inCnt = z(),
    outSum = z(),
    outCnt = z();
  const affected = new Uint8Array(P);
  let samples = 0,
    bp = 0,
    ratioSum = 0;
  let outMaxSum = 0,
    outMaxN = 0,
    outHigh = 0,
    inMaxSum = 0,
    inMaxN = 0;
  const delta = { bytesOut: 0, recOut: 0, recIn: 0, remB: 0, remN: 0 };
  const seen = { bytesOut: false, recOut: false, recIn: false, rem: false };
  let dtSum = 0;
  let rateOutSum = 0,
    rateInSum = 0,
    rateN = 0;

  for (let k = k0; k < k1; k++) {
    const t = s.ts[k]!;
    if (s.gap[k] || !inside(t)) continue;
    const f = s.frames[s.frameIdx[k]!]!;
    const p = f.parallelism;
    sampleSubtasks(s, k, buf);
    samples++;
    ratioSum += s.ratio[k]!;
    if (s.level[k]! >= 1) bp++;
    for (let i = 0; i < p; i++) {
      const r = buf.ratio[i]!;
      if (r >= 0) {
        rSum[i]! += r;
        rCnt[i]!++;
        if (levelCode(r) > 0) affected[i] = 1;
      }
      const b = buf.busy[i]!;
      if (b >= 0) {
        bSum[i]! += b;
        bCnt[i]!++;
      }
      const d = buf.idle[i]!;
      if (d >= 0) {
        iSum[i]! += d;
        iCnt[i]!++;
      }
    }
    const st = f.subtasks;
    const om = meanGauge(st.outPoolUsage, p, outSum, outCnt);
    if (om >= 0) {
      outMaxSum += om;
      outMaxN++;
      if (om >= OUT_POOL_HIGH) outHigh++;
    }
    const im = meanGauge(st.inPoolUsage, p, inSum, inCnt);
    if (im >= 0) {
      inMaxSum += im;
      inMaxN++;
    }
    meanGauge(st.inputFloatingBuffersUsage, p, fSum, fCnt);
    meanGauge(st.inputExclusiveBuffersUsage, p, eSum, eCnt);

    // Counter deltas against the frame this sample was differenced with.
    const pi = s.prevIdx[k]!;
    const dt = s.wallDt[k]!;
    if (pi >= 0 && dt > 0) {
      const pf = s.frames[pi]!;
      if (pf.parallelism === p) {
        dtSum += dt;
        const add = (m: SubtaskMetric): number => {
          const a = pf.subtasks[m];
          const b = st[m];
          if (!a || !b) return NaN;
          let sum = 0;
          let any = false;
          for (let i = 0; i < p; i++) {
            const d = b[i]! - a[i]!;
            if (d >= 0) {
              sum += d;
              any = true;
            }
          }
          return any ? sum : NaN;
        };
        let v = add('numBytesOut');
        if (v >= 0) {
          delta.bytesOut += v;
          seen.bytesOut = true;
        }
        v = add('numRecordsOut');
        if (v >= 0) {
          delta.recOut += v;
          seen.recOut = true;
        }
        v = add('numRecordsIn');
        if (v >= 0) {
          delta.recIn += v;
          seen.recIn = true;
        }
        const rb = add('numBytesInRemote');
        const rn = add('numBuffersInRemote');
        if (rb >= 0 && rn >= 0) {
          delta.remB += rb;
          delta.remN += rn;
          seen.rem = true;
        }
      }
    }
    // Meter fallbacks (60 s rates) when counters are not recorded.
    const ro = st.numRecordsOutPerSecond;
    const ri = st.numRecordsInPerSecond;
    if (ro || ri) {
      let so = 0,
        si = 0;
      for (let i = 0; i < p; i++) {
        if (ro && ro[i]! >= 0) so += ro[i]!;
        if (ri && ri[i]! >= 0) si += ri[i]!;
      }
      rateOutSum += ro ? so : NaN;
      rateInSum += ri ? si : NaN;
      rateN++;
    }
  }

  const div = (a: Float64Array, c: Float64Array): Float64Array => {
    const o = new Float64Array(P);
    for (let i = 0; i < P; i++) o[i] = c[i]! > 0 ? a[i]! / c[i]! : NaN;
    return o;
  };
  const busyBySubtask = div(bSum, bCnt);
  let busyMax = NaN;
  for (let i = 0; i < P; i++) {
    const b = busyBySubtask[i]!;
    if (b >= 0 && !(b <= busyMax)) busyMax = b;
  }
  const secs = dtSum / 1000;
  return {
    samples,
    parallelism: P,
    bpShare: samples > 0 ? bp / samples : NaN,
    meanRatio: samples > 0 ? ratioSum / samples : NaN,
    affected,
    ratioBySubtask: div(rSum, rCnt),
    busyBySubtask,
    idleBySubtask: div(iSum, iCnt),
    busyMax,
    outPoolMax: outMaxN > 0 ? outMaxSum / outMaxN : NaN,
    outPoolHighShare: outMaxN > 0 ? outHigh / outMaxN : NaN,
    inPoolMax: inMaxN > 0 ? inMaxSum / inMaxN : NaN,
    inPoolBySubtask: div(inSum, inCnt),
    outPoolBySubtask: div(outSum, outCnt),
    floatingBySubtask: div(fSum, fCnt),
    exclusiveBySubtask: div(eSum, eCnt),
    bytesOutPerSec: seen.bytesOut && secs > 0 ? delta.bytesOut / secs : NaN,
    recordsOutPerSec: seen.recOut && secs > 0 ? delta.recOut / secs : rateN > 0 ? rateOutSum / rateN : NaN,
    recordsInPerSec: seen.recIn && secs > 0 ? delta.recIn / secs : rateN > 0 ? rateInSum / rateN : NaN,
    remoteBytes: seen.rem ? delta.remB : NaN,
    remoteBuffers: seen.rem ? delta.remN : NaN,
  };
}

/** Bytes a WindowStats holds (its per-subtask arrays). */
export const windowStatsBytes = (w: WindowStats): number => 64 + 9 * 8 * w.parallelism;

/**
 * Window stats kept from one analysis of a growing session to the next (a recording analysed
 * again as it grows). Reusing one is sound when its window closed before the series' last sample:
 * the samples in it then come from frames, ticks and job events recorded before later ones (a
 * session only grows), and the key holds what else they depend on (the series' sample interval,
 * which sample indices the window spans). Least recently used out beyond `maxBytes`.
 */
export class WindowStatsMemo {
  private readonly entries = new Map<string, WindowStats>();
  private bytes = 0;
  hits = 0;

  constructor(private readonly maxBytes: number) {}

  /** The stats of [start, end] of `s`, computed once per closed window. */
  get(s: VertexSeries, start: number, end: number): WindowStats {
    const { k0, k1 } = windowSpan(s, start, end);
    if (k1 >= s.n) return windowStats(s, start, end);
    const key = `${s.key}|${start}|${end}|${s.intervalMs}|${k0}|${k1}|${s.ts[k0] ?? ''}`;
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      this.hits++;
      return hit;
    }
    const w = windowStats(s, start, end);
    this.entries.set(key, w);
    this.bytes += windowStatsBytes(w);
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= windowStatsBytes(v);
    }
    return w;
  }
}
