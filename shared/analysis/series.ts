// A vertex's backpressure over time: one sample per fresh frame, with level = max over subtasks
// (as Flink's own `backpressure-level`), how many subtasks are affected, which source the ratio
// came from, and explicit gaps. Columnar typed arrays: the UI plots them directly and the
// analysis scans them without allocating per sample.

import { TIME_COUNTERS, type FrameSample, type TickInfo, type VertexFrame } from '../model';
import { GAP_CODE, levelCode } from './levels';
import { firstAtOrAfter } from '../sorted';
import { allocSubtaskBuffers, computeSubtaskRatios, hasTimeCounters, SOURCE_NONE, type SubtaskBuffers } from './ratios';
import { BUSY_RATIO, GAP_FACTOR } from './thresholds';

export const GAP_REASONS = ['', 'error-tick', 'job-not-running', 'counter-reset', 'no-data', 'no-baseline'] as const;
export type GapReason = Exclude<(typeof GAP_REASONS)[number], ''>;
const GAP_ERROR = 1;
const GAP_NOT_RUNNING = 2;
const GAP_RESET = 3;
const GAP_NO_DATA = 4;
/** Time counters with nothing to difference them against yet (first sample, after a gap). */
const GAP_NO_BASELINE = 5;

/** Default sample interval when a series is too short to measure one (the fetcher's 10 s). */
export const DEFAULT_INTERVAL_MS = 10_000;

export interface SeriesContext {
  /** The tick a frame was recorded at (same cluster, same ts), if known. */
  tick(ts: number): TickInfo | undefined;
  /** False when the job is known not to be RUNNING at ts. */
  running(ts: number): boolean;
  /** Interval to assume when the samples cannot tell (poll/fetch interval), or null. */
  nominalIntervalMs: number | null;
}

export interface VertexSeries {
  key: string;
  /** The vertex's frames, sorted; samples point into it. */
  frames: VertexFrame[];
  /** Number of samples (fresh frames); arrays are at least this long. */
  n: number;
  /** Sample time (recorder clock, epoch ms). */
  ts: Float64Array;
  /** Start of the interval the sample describes (previous sample, or ts − interval). */
  spanStart: Float64Array;
  /** Max backpressure ratio over subtasks; NaN in gaps. */
  ratio: Float64Array;
  /** 0 OK, 1 LOW, 2 HIGH, −1 gap. */
  level: Int8Array;
  /** Subtasks at LOW or HIGH. */
  affected: Int32Array;
  /** Parallelism at this sample. */
  total: Int32Array;
  /** Subtasks that had a value. */
  valid: Int32Array;
  /** Least precise RATIO_SOURCES index any subtask needed; SOURCE_NONE in gaps. */
  source: Uint8Array;
  /** 1 when the sample carries no usable ratio. */
  gap: Uint8Array;
  /** Index into GAP_REASONS (0 = not a gap). */
  gapReason: Uint8Array;
  /** 1 when data is missing between the previous sample and this one. */
  gapBefore: Uint8Array;
  /** 1 when parallelism differs from the previous sample (rescale). */
  rescaled: Uint8Array;
  busyMax: Float64Array;
  busyMean: Float64Array;
  idleMean: Float64Array;
  /** Subtask index of busyMax (−1: busy not reported); of ratio (−1: gap). */
  busyArg: Int32Array;
  ratioArg: Int32Array;
  /** Subtasks busy at least BUSY_RATIO, and subtasks reporting busy time at all. */
  busyHot: Int32Array;
  busyValid: Int32Array;
  /** Index into frames of the sample, and of the frame it was differenced against (−1: none). */
  frameIdx: Int32Array;
  prevIdx: Int32Array;
  /** Wall time between the two frames (JobManager fetch times when known). */
  wallDt: Float64Array;
  /** Effective sample interval: median spacing of fresh samples. */
  intervalMs: number;
}

/** Same counters as before with time passing: the server had not refreshed (no tick to tell). */
function sameCounters(a: VertexFrame, b: VertexFrame): boolean {
  if (a.parallelism !== b.parallelism) return false;
  let compared = 0;
  for (const m of TIME_COUNTERS) {
    const x = a.subtasks[m];
    const y = b.subtasks[m];
    if (!x || !y) continue;
    for (let i = 0; i < x.length; i++) {
      const u = x[i]!;
      const v = y[i]!;
      if (u !== v && !(Number.isNaN(u) && Number.isNaN(v))) return false;
      if (u === u) compared++;
    }
  }
  return compared > 0;
}

/**
 * Where a series' build stands, so that frames appended to its `frames` later extend it
 * (extendSeries) instead of building it again: pass 1's and pass 2's running state, and the
 * sorted spacings its interval is the median of.
 */
interface SeriesBuild {
  /** Frames pass 1 has looked at, and the last of them (a re-sorted list is built again). */
  scanned: number;
  lastScanned: VertexFrame | null;
  lastServerTs: number | null;
  lastUsable: VertexFrame | null;
  /** Spacings between consecutive usable frames, ascending. */
  spacings: number[];
  nominalIntervalMs: number | null;
  prev: number;
  prevWall: number;
  prevHadServer: boolean;
  prevTs: number;
  prevParallelism: number;
  buf: SubtaskBuffers;
}

const builds = new WeakMap<VertexSeries, SeriesBuild>();

/** Pass 1 from frame `from` on: the frames that bring new information (not a repeat of old). */
function scanFrames(frames: VertexFrame[], b: SeriesBuild, ctx: SeriesContext): number[] {
  // Drop frames that repeat old information (tick not fresh, same JobManager fetch time, or,
  // without tick info, identical counters).
  const usable: number[] = [];
  for (let i = b.scanned; i < frames.length; i++) {
    const f = frames[i]!;
    const t = ctx.tick(f.ts);
    if (t) {
      if (!t.fresh && t.status !== 'error') continue;
      if (t.serverTs !== null && t.serverTs === b.lastServerTs) continue;
      if (t.serverTs !== null) b.lastServerTs = t.serverTs;
    } else if (b.lastUsable && f.ts > b.lastUsable.ts && sameCounters(b.lastUsable, f)) continue;
    if (b.lastUsable && f.ts === b.lastUsable.ts) continue;
    if (b.lastUsable) insertSorted(b.spacings, f.ts - b.lastUsable.ts);
    usable.push(i);
    b.lastUsable = f;
  }
  b.scanned = frames.length;
  b.lastScanned = frames.length > 0 ? frames[frames.length - 1]! : null;
  return usable;
}

function insertSorted(a: number[], v: number): void {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  if (lo === a.length) a.push(v);
  else a.splice(lo, 0, v);
}

/** The effective sample interval: median spacing of fresh samples, else the nominal one. */
function intervalOf(b: SeriesBuild): number {
  const d = b.spacings;
  const m = d.length >> 1;
  const measured = d.length === 0 ? NaN : d.length % 2 ? d[m]! : (d[m - 1]! + d[m]!) / 2;
  return measured > 0 ? measured : (b.nominalIntervalMs ?? DEFAULT_INTERVAL_MS);
}

function allocSeries(key: string, frames: VertexFrame[], n: number, intervalMs: number): VertexSeries {
  return {
    key,
    frames,
    n,
    intervalMs,
    ts: new Float64Array(n),
    spanStart: new Float64Array(n),
    ratio: new Float64Array(n),
    level: new Int8Array(n),
    affected: new Int32Array(n),
    total: new Int32Array(n),
    valid: new Int32Array(n),
    source: new Uint8Array(n),
    gap: new Uint8Array(n),
    gapReason: new Uint8Array(n),
    gapBefore: new Uint8Array(n),
    rescaled: new Uint8Array(n),
    busyMax: new Float64Array(n),
    busyMean: new Float64Array(n),
    idleMean: new Float64Array(n),
    busyArg: new Int32Array(n),
    ratioArg: new Int32Array(n),
    busyHot: new Int32Array(n),
    busyValid: new Int32Array(n),
    frameIdx: new Int32Array(n),
    prevIdx: new Int32Array(n),
    wallDt: new Float64Array(n),
  };
}

const COLUMNS = [
  'ts',
  'spanStart',
  'ratio',
  'level',
  'affected',
  'total',
  'valid',
  'source',
  'gap',
  'gapReason',
  'gapBefore',
  'rescaled',
  'busyMax',
  'busyMean',
  'idleMean',
  'busyArg',
  'ratioArg',
  'busyHot',
  'busyValid',
  'frameIdx',
  'prevIdx',
  'wallDt',
] as const satisfies ReadonlyArray<keyof VertexSeries>;

/** Room for `n` samples: each column copied into one twice as long when it is too short. */
function reserve(s: VertexSeries, n: number): void {
  if (s.ts.length >= n) return;
  const cap = Math.max(n, 2 * s.ts.length, 64);
  const grown = s as unknown as Record<(typeof COLUMNS)[number], Float64Array | Int32Array | Uint8Array | Int8Array>;
  for (const c of COLUMNS) {
    const old = grown[c];
    const next = new (old.constructor as new (n: number) => typeof old)(cap);
    next.set(old.subarray(0, s.n) as never);
    grown[c] = next;
  }
}

export function buildSeries(key: string, frames: VertexFrame[], ctx: SeriesContext): VertexSeries {
  const b: SeriesBuild = {
    scanned: 0,
    lastScanned: null,
    lastServerTs: null,
    lastUsable: null,
    spacings: [],
    nominalIntervalMs: ctx.nominalIntervalMs,
    prev: -1, // frame index to difference against
    prevWall: NaN,
    prevHadServer: false,
    prevTs: NaN,
    prevParallelism: -1,
    buf: allocSubtaskBuffers(64),
  };
  const usable = scanFrames(frames, b, ctx);
  const s = allocSeries(key, frames, usable.length, intervalOf(b));
  fillSamples(s, 0, usable, b, ctx);
  builds.set(s, b);
  return s;
}

/**
 * The series of the same vertex after frames were appended to `s.frames` (a growing session):
 * `s` itself, extended in place, when the new frames leave its sample interval as it was; null
 * when it must be built again (the interval changed, or the list was re-sorted).
 */
export function extendSeries(s: VertexSeries, ctx: SeriesContext): VertexSeries | null {
  const b = builds.get(s);
  if (!b || b.nominalIntervalMs !== ctx.nominalIntervalMs) return null;
  if (b.scanned > s.frames.length || (b.scanned > 0 && s.frames[b.scanned - 1] !== b.lastScanned)) return null;
  if (b.scanned === s.frames.length) return s;
  const usable = scanFrames(s.frames, b, ctx);
  if (intervalOf(b) !== s.intervalMs) {
    // Its build state has moved past its samples: it is built again, never extended.
    builds.delete(s);
    return null;
  }
  reserve(s, s.n + usable.length);
  fillSamples(s, s.n, usable, b, ctx);
  return s;
}

/** Pass 2: samples k0… from the usable frames, on the build's running state. */
function fillSamples(s: VertexSeries, k0: number, usable: number[], b: SeriesBuild, ctx: SeriesContext): void {
  const { frames, intervalMs } = s;
  const maxSpacing = GAP_FACTOR * intervalMs;
  for (let j = 0; j < usable.length; j++) {
    const k = k0 + j;
    const fi = usable[j]!;
    const f = frames[fi]!;
    const t = ctx.tick(f.ts);
    const hasServer = t !== undefined && t.serverTs !== null;
    const wall = hasServer ? t.serverTs! : f.ts;
    s.ts[k] = f.ts;
    s.frameIdx[k] = fi;
    s.total[k] = f.parallelism;
    s.rescaled[k] = b.prevParallelism > 0 && b.prevParallelism !== f.parallelism ? 1 : 0;
    b.prevParallelism = f.parallelism;
    const spacing = f.ts - b.prevTs;
    const hole = k > 0 && spacing > maxSpacing;
    s.gapBefore[k] = hole ? 1 : 0;
    s.spanStart[k] = k > 0 && !hole ? b.prevTs : f.ts - intervalMs;
    b.prevTs = f.ts;

    let reason = 0;
    if (t && t.status === 'error') reason = GAP_ERROR;
    else if (!ctx.running(f.ts)) reason = GAP_NOT_RUNNING;
    if (hole) b.prev = -1;
    const usePrev = b.prev >= 0 && reason === 0;
    const wallDt = usePrev ? (hasServer && b.prevHadServer ? wall - b.prevWall : f.ts - frames[b.prev]!.ts) : NaN;
    s.prevIdx[k] = usePrev ? b.prev : -1;
    s.wallDt[k] = wallDt;

    let r: FrameSample | null = null;
    if (reason === 0) {
      const base = usePrev ? frames[b.prev]! : null;
      const stored = f.sample;
      // Derived when the frame was written: valid as long as it was against the same frame and wall time.
      if (stored && stored.baseTs === (base ? base.ts : null) && (base === null || stored.wallMs === wallDt))
        r = stored;
      else {
        if (b.buf.ratio.length < f.parallelism) b.buf = allocSubtaskBuffers(f.parallelism);
        r = reduceSample(base, f, wallDt, b.buf);
      }
      if (r.valid === 0) reason = r.resets > 0 ? GAP_RESET : !usePrev && r.timeCounters ? GAP_NO_BASELINE : GAP_NO_DATA;
    }
    const busyN = r ? r.busyN : 0;
    s.gapReason[k] = reason;
    s.gap[k] = reason === 0 ? 0 : 1;
    s.ratio[k] = reason === 0 ? r!.ratio : NaN;
    s.level[k] = reason === 0 ? levelCode(r!.ratio) : GAP_CODE;
    s.affected[k] = reason === 0 ? r!.affected : 0;
    s.valid[k] = r ? r.valid : 0;
    s.source[k] = reason === 0 ? r!.source : SOURCE_NONE;
    s.busyMax[k] = busyN > 0 ? r!.busyMax : NaN;
    s.busyMean[k] = busyN > 0 ? r!.busyMean : NaN;
    s.idleMean[k] = r && r.idleN > 0 ? r.idleMean : NaN;
    s.busyArg[k] = busyN > 0 ? r!.busyArg : -1;
    s.ratioArg[k] = reason === 0 ? r!.ratioArg : -1;
    s.busyHot[k] = r ? r.busyHot : 0;
    s.busyValid[k] = busyN;

    // After an error tick or while the job is down, the next interval would straddle the gap.
    if (reason === GAP_ERROR || reason === GAP_NOT_RUNNING) b.prev = -1;
    else b.prev = fi;
    b.prevWall = wall;
    b.prevHadServer = hasServer;
  }
  s.n = k0 + usable.length;
}

/**
 * Bump when computeSubtaskRatios or reduceSample compute anything differently: samples stored with
 * another version are not used (their frames are decoded and reduced again).
 */
export const SAMPLE_RULES_VERSION = 1;

/**
 * One frame's subtasks reduced to what the level series holds: per-subtask fractions against
 * `base` (computeSubtaskRatios), then their maximum, counts and means. `buf` is sized ≥ the
 * parallelism. The session writer stores this per frame so the analysis need not decode subtasks.
 */
export function reduceSample(
  base: VertexFrame | null,
  f: VertexFrame,
  wallMs: number,
  buf: SubtaskBuffers,
): FrameSample {
  const resets = computeSubtaskRatios(base, f, wallMs, buf);
  let maxR = -1;
  let maxRArg = -1;
  let affected = 0;
  let valid = 0;
  let src = -1;
  let busyMax = -1;
  let busyArg = -1;
  let busyHot = 0;
  let busySum = 0;
  let busyN = 0;
  let idleSum = 0;
  let idleN = 0;
  for (let i = 0; i < f.parallelism; i++) {
    const r = buf.ratio[i]!;
    if (r >= 0) {
      valid++;
      if (r > maxR) {
        maxR = r;
        maxRArg = i;
      }
      if (levelCode(r) > 0) affected++;
      const c = buf.source[i]!;
      if (c > src) src = c;
    }
    const b = buf.busy[i]!;
    if (b >= 0) {
      busySum += b;
      busyN++;
      if (b >= BUSY_RATIO) busyHot++;
      if (b > busyMax) {
        busyMax = b;
        busyArg = i;
      }
    }
    const d = buf.idle[i]!;
    if (d >= 0) {
      idleSum += d;
      idleN++;
    }
  }
  return {
    baseTs: base ? base.ts : null,
    wallMs: base ? wallMs : NaN,
    ratio: maxR,
    ratioArg: maxRArg,
    affected,
    valid,
    source: src,
    resets,
    timeCounters: valid === 0 && hasTimeCounters(f),
    busyMax,
    busyArg,
    busyHot,
    busyMean: busyN > 0 ? busySum / busyN : NaN,
    busyN,
    idleMean: idleN > 0 ? idleSum / idleN : NaN,
    idleN,
  };
}

/** Recomputes the per-subtask values of sample k into `out` (sized ≥ its parallelism). */
export function sampleSubtasks(s: VertexSeries, k: number, out: SubtaskBuffers): number {
  const p = s.prevIdx[k]!;
  return computeSubtaskRatios(p >= 0 ? s.frames[p]! : null, s.frames[s.frameIdx[k]!]!, s.wallDt[k]!, out);
}

/** First sample index with ts ≥ t, or s.n. */
export const lowerBound = (s: VertexSeries, t: number): number => firstAtOrAfter(s.ts, t, s.n);

/** Instant of the highest ratio among the samples with ts in [start, end] (the earliest on ties); null without one. */
export function worstSampleTs(s: VertexSeries, start: number, end: number): number | null {
  let best = -1;
  let at: number | null = null;
  for (let k = lowerBound(s, start); k < s.n && s.ts[k]! <= end; k++) {
    const r = s.ratio[k]!;
    if (r > best) {
      best = r;
      at = s.ts[k]!;
    }
  }
  return at;
}
