// Backpressure, busy and idle fractions per subtask for one sample, from the best source the
// frame offers. Preference: differenced accumulate*TimeMs counters (exact, 1.16+) → the same
// counters summed over subtasks by the JobManager (exact vertex mean, spread over subtasks by the
// gauge) → the backPressuredTimeMsPerSecond gauge (5 s average, 60 s from 1.17) → `/backpressure`
// ratio → isBackPressured (1.10+, instantaneous) → outPoolUsage ≈ 1 (oldest versions).

import { TIME_COUNTERS, type TimeCounter, type VertexFrame } from '../model';
import { OUT_POOL_BACKPRESSURED } from './thresholds';

export const RATIO_SOURCES = [
  'accumulated',
  'accumulated-sum',
  'gauge',
  'backpressure-endpoint',
  'is-backpressured',
  'out-pool-usage',
] as const;
export type RatioSource = (typeof RATIO_SOURCES)[number];
/** Source code for "no value": the subtask contributes nothing to this sample. */
export const SOURCE_NONE = 255;
export const SRC_ACCUMULATED = 0;
export const SRC_ACCUMULATED_SUM = 1;
export const SRC_GAUGE = 2;
export const SRC_ENDPOINT = 3;
export const SRC_IS_BP = 4;
export const SRC_OUT_POOL = 5;

export interface SubtaskBuffers {
  ratio: Float64Array;
  busy: Float64Array;
  idle: Float64Array;
  source: Uint8Array;
  /** 1 where an accumulate counter went down (new attempt): that interval is a gap. */
  reset: Uint8Array;
}

export function allocSubtaskBuffers(n: number): SubtaskBuffers {
  return {
    ratio: new Float64Array(n),
    busy: new Float64Array(n),
    idle: new Float64Array(n),
    source: new Uint8Array(n),
    reset: new Uint8Array(n),
  };
}

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/**
 * Fills `out[0..cur.parallelism)`. `prev` is the previous usable frame of the same vertex (or
 * null), `wallMs` the wall time between the two. Counters are only differenced when both frames
 * have the same parallelism. Returns how many subtasks had a counter reset.
 */
export function computeSubtaskRatios(
  prev: VertexFrame | null,
  cur: VertexFrame,
  wallMs: number,
  out: SubtaskBuffers,
): number {
  const n = cur.parallelism;
  const s = cur.subtasks;
  const canDiff = prev !== null && prev.parallelism === n && wallMs > 0;
  const p = canDiff ? prev.subtasks : null;
  // Counters without a previous value to difference against (the first sample, after a gap, a
  // rescale): the interval is unknown. The gauges are no stand-in then: a task that has just
  // started reads busy 1000 ms/s (Flink derives busy as 1000 − idle − backpressured, and those
  // TimerGauges are 0 before their first measurement).
  const noBaseline = !canDiff;
  const aBp1 = s.accumulateBackPressuredTimeMs;
  const aBu1 = s.accumulateBusyTimeMs;
  const aId1 = s.accumulateIdleTimeMs;
  const aBp0 = p?.accumulateBackPressuredTimeMs;
  const aBu0 = p?.accumulateBusyTimeMs;
  const aId0 = p?.accumulateIdleTimeMs;
  const gBp = s.backPressuredTimeMsPerSecond;
  const gBu = s.busyTimeMsPerSecond;
  const gId = s.idleTimeMsPerSecond;
  const ep = s.backPressureRatio;
  const isBp = s.isBackPressured;
  const outPool = s.outPoolUsage;
  let resets = 0;
  // Without per-subtask counters, the summed ones still give the exact vertex mean.
  const bpMean = aBp0 && aBp1 ? NaN : totalMean(canDiff ? prev : null, cur, 'accumulateBackPressuredTimeMs', wallMs);
  const busyMean = aBu0 && aBu1 ? NaN : busyMeanOf(canDiff ? prev : null, cur, wallMs);
  const idleMean = aId0 && aId1 ? NaN : totalMean(canDiff ? prev : null, cur, 'accumulateIdleTimeMs', wallMs);
  const totalsReset = bpMean < 0 || busyMean < 0 || idleMean < 0;
  const bpShare = bpMean >= 0 ? shares(gBp ?? ep, gBp ? 1000 : 1, n) : null;
  const busyShare = busyMean >= 0 ? shares(gBu, 1000, n) : null;
  const idleShare = idleMean >= 0 ? shares(gId, 1000, n) : null;

  const bpCounted = noBaseline && coversAll(cur, 'accumulateBackPressuredTimeMs');
  const busyCounted = noBaseline && coversAll(cur, 'accumulateBusyTimeMs');
  const idleCounted = noBaseline && coversAll(cur, 'accumulateIdleTimeMs');
  for (let i = 0; i < n; i++) {
    let ratio = NaN;
    let busy = NaN;
    let idle = NaN;
    let src = SOURCE_NONE;
    let reset = 0;
    if (aBp0 && aBp1) {
      const d = aBp1[i]! - aBp0[i]!;
      if (d < 0) reset = 1;
      else if (d >= 0) {
        ratio = clamp01(d / wallMs);
        src = SRC_ACCUMULATED;
      }
    }
    if (aBu0 && aBu1) {
      // Going down a little is no reset: see busyMeanOf.
      const d = aBu1[i]! - aBu0[i]!;
      if (d < -BUSY_CATCH_UP_MS) reset = 1;
      else if (d === d) busy = clamp01(d / wallMs);
    }
    if (aId0 && aId1) {
      const d = aId1[i]! - aId0[i]!;
      if (d < 0) reset = 1;
      else if (d >= 0) idle = clamp01(d / wallMs);
    }
    if (totalsReset && !(aBp0 && aBp1)) reset = 1;
    if (reset) {
      // A new attempt restarted its counters: the interval straddles two attempts, so it is
      // unknown, and a gauge read now would describe the new attempt's first seconds only.
      ratio = busy = idle = NaN;
      src = SOURCE_NONE;
      resets++;
    } else {
      if (src === SOURCE_NONE && bpMean >= 0) {
        ratio = spread(bpMean, bpShare, i);
        src = SRC_ACCUMULATED_SUM;
      }
      if (!(busy >= 0) && busyMean >= 0) busy = spread(busyMean, busyShare, i);
      if (!(idle >= 0) && idleMean >= 0) idle = spread(idleMean, idleShare, i);
      if (src === SOURCE_NONE && !(bpCounted || (noBaseline && aBp1 && aBp1[i]! >= 0))) {
        let v: number;
        if (gBp && (v = gBp[i]!) >= 0) {
          ratio = clamp01(v / 1000);
          src = SRC_GAUGE;
        } else if (ep && (v = ep[i]!) >= 0) {
          ratio = clamp01(v);
          src = SRC_ENDPOINT;
        } else if (isBp && (v = isBp[i]!) >= 0) {
          ratio = v >= 0.5 ? 1 : 0;
          src = SRC_IS_BP;
        } else if (outPool && (v = outPool[i]!) >= 0) {
          ratio = v >= OUT_POOL_BACKPRESSURED ? 1 : 0;
          src = SRC_OUT_POOL;
        }
      }
      // Busy is NaN for legacy SourceFunction tasks: it stays NaN, never 0.
      const busyNoBase = busyCounted || (noBaseline && aBu1 !== undefined && aBu1[i]! >= 0);
      const idleNoBase = idleCounted || (noBaseline && aId1 !== undefined && aId1[i]! >= 0);
      if (!(busy >= 0) && gBu && !busyNoBase) busy = gBu[i]! >= 0 ? clamp01(gBu[i]! / 1000) : NaN;
      if (!(idle >= 0) && gId && !idleNoBase) idle = gId[i]! >= 0 ? clamp01(gId[i]! / 1000) : NaN;
    }
    out.ratio[i] = ratio;
    out.busy[i] = busy;
    out.idle[i] = idle;
    out.source[i] = src;
    out.reset[i] = reset;
  }
  return resets;
}

/** The frame carries this counter for every subtask (summed by the JobManager over all of them). */
function coversAll(f: VertexFrame, counter: TimeCounter): boolean {
  const t = f.totals?.[counter];
  return t !== undefined && t.subtasks === f.parallelism;
}

/** The frame carries monotonic time counters (per subtask or summed): it can only be differenced. */
export function hasTimeCounters(f: VertexFrame): boolean {
  for (const c of TIME_COUNTERS) {
    if (coversAll(f, c)) return true;
    const a = f.subtasks[c];
    if (a) for (let i = 0; i < a.length; i++) if (a[i]! >= 0) return true;
  }
  return false;
}

/**
 * Mean fraction over subtasks from the JobManager's sums of one counter: NaN when unknown (no
 * previous total, or the sums do not cover every subtask at both ends), −1 when the sum went down
 * over the same subtasks (a new attempt restarted its counters).
 */
function totalMean(prev: VertexFrame | null, cur: VertexFrame, counter: TimeCounter, wallMs: number): number {
  const a = prev?.totals?.[counter];
  const b = cur.totals?.[counter];
  const n = cur.parallelism;
  if (!a || !b || a.subtasks !== n || b.subtasks !== n || !(wallMs > 0)) return NaN;
  const d = b.sum - a.sum;
  return d < 0 ? -1 : clamp01(d / (n * wallMs));
}

/**
 * How far the busy counter can fall back without a new attempt: Flink's metric views update the
 * timers every 5 s; twice that, so a restart (which zeroes a long-running counter) still shows.
 */
const BUSY_CATCH_UP_MS = 10_000;

/**
 * Flink derives accumulateBusyTimeMs as (time since the task started − idle − backpressured), and the
 * idle and backpressured timers take in a running measurement only at their periodic update, so the
 * busy counter runs ahead during a long idle or blocked stretch and drops back when the timers catch
 * up (seen on real 1.17: a source's summed busy time fell 107 ms between two fetches). Going down is
 * therefore no new attempt — the idle and backpressured counters tell that — just little busy time.
 */
function busyMeanOf(prev: VertexFrame | null, cur: VertexFrame, wallMs: number): number {
  const m = totalMean(prev, cur, 'accumulateBusyTimeMs', wallMs);
  if (m >= 0) return m;
  if (m !== -1) return NaN;
  const drop = prev!.totals!.accumulateBusyTimeMs!.sum - cur.totals!.accumulateBusyTimeMs!.sum;
  return drop > cur.parallelism * BUSY_CATCH_UP_MS ? -1 : 0;
}

/**
 * Each subtask's share of the vertex mean, from a smoothed per-subtask value (the gauge averages
 * longer than the interval, but who was blocked or busy changes slowly). Null: spread evenly.
 */
function shares(values: Float64Array | undefined, scale: number, n: number): Float64Array | null {
  if (!values) return null;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v >= 0) {
      sum += v / scale;
      count++;
    }
  }
  if (count < n || sum <= 0) return null;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (values[i]! / scale) * (n / sum);
  return out;
}

function spread(mean: number, share: Float64Array | null, i: number): number {
  return clamp01(share === null ? mean : mean * share[i]!);
}
