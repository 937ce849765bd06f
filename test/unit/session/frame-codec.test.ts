import { describe, expect, it } from 'vitest';
import { SUBTASK_METRICS, type SubtaskMetric } from '../../../shared/model';
import {
  decodedColumns,
  decodeFrame,
  encodeFrame,
  FrameDecodeError,
  FrameMemory,
  metricExponent,
  type CodecState,
  type FrameColumn,
} from '../../../electron/session/frame-codec';

// Documented precision of the session file, per kind of metric (absolute error bound).
const BOUND: Record<string, number> = {
  fraction: 0.00005,
  msPerSecond: 0.05,
  rate: 0.005,
  exact: 0,
};
const KIND: Record<SubtaskMetric, keyof typeof BOUND> = {
  backPressuredTimeMsPerSecond: 'msPerSecond',
  idleTimeMsPerSecond: 'msPerSecond',
  busyTimeMsPerSecond: 'msPerSecond',
  softBackPressuredTimeMsPerSecond: 'msPerSecond',
  hardBackPressuredTimeMsPerSecond: 'msPerSecond',
  accumulateBackPressuredTimeMs: 'exact',
  accumulateIdleTimeMs: 'exact',
  accumulateBusyTimeMs: 'exact',
  backPressureRatio: 'fraction',
  isBackPressured: 'fraction',
  inPoolUsage: 'fraction',
  outPoolUsage: 'fraction',
  inputFloatingBuffersUsage: 'fraction',
  inputExclusiveBuffersUsage: 'fraction',
  inputQueueLength: 'exact',
  outputQueueLength: 'exact',
  numRecordsIn: 'exact',
  numRecordsOut: 'exact',
  numBytesOut: 'exact',
  numBuffersOut: 'exact',
  numBytesInLocal: 'exact',
  numBytesInRemote: 'exact',
  numBuffersInLocal: 'exact',
  numBuffersInRemote: 'exact',
  numRecordsInPerSecond: 'rate',
  numRecordsOutPerSecond: 'rate',
};

let seed = 12345;
const rand = (): number => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};

function sample(metric: SubtaskMetric, prev: number): number {
  switch (KIND[metric]) {
    case 'fraction':
      return metric === 'outPoolUsage' ? rand() * 1.3 : rand(); // overdraft buffers push outPoolUsage past 1
    case 'msPerSecond':
      return rand() * 1000;
    case 'rate':
      return rand() * 1e6;
    default:
      return (Number.isNaN(prev) ? Math.floor(rand() * 2 ** 40) : prev) + Math.floor(rand() * 1e6);
  }
}

function columns(n: number, values: Map<SubtaskMetric, Float64Array>, ids: Map<SubtaskMetric, number>): FrameColumn[] {
  return [...values].map(([m, a]) => ({ metricId: ids.get(m)!, exp: metricExponent(m), values: a }));
}

describe('frame codec', () => {
  const ids = new Map(SUBTASK_METRICS.map((m, i) => [m, i + 1] as const));

  it('round-trips 256 subtasks of every metric over a delta chain within the documented precision, NaN kept', () => {
    const n = 256;
    let prev = new Map<SubtaskMetric, Float64Array>(SUBTASK_METRICS.map((m) => [m, new Float64Array(n).fill(NaN)]));
    let encState: CodecState | null = null;
    let decState: CodecState | null = null;
    for (let tick = 0; tick < 40; tick++) {
      const values = new Map<SubtaskMetric, Float64Array>();
      for (const m of SUBTASK_METRICS) {
        const a = new Float64Array(n);
        for (let s = 0; s < n; s++) a[s] = rand() < 0.03 ? NaN : sample(m, prev.get(m)![s]!);
        values.set(m, a);
      }
      const key = tick % 16 === 0;
      const enc = encodeFrame(n, columns(n, values, ids), key ? null : encState);
      encState = enc.state;
      const dec = decodeFrame(enc.data, key ? null : decState);
      decState = dec.state;
      expect(dec.parallelism).toBe(n);
      for (const m of SUBTASK_METRICS) {
        const got = dec.columns.get(ids.get(m)!)!;
        const want = values.get(m)!;
        // One assertion per metric and tick: collect violations instead of 256 expect() calls.
        const bad: string[] = [];
        for (let s = 0; s < n; s++) {
          const w = want[s]!;
          const g = got[s]!;
          const ok = Number.isNaN(w) ? Number.isNaN(g) : Math.abs(g - w) <= BOUND[KIND[m]]! + 1e-12 * Math.abs(w);
          if (!ok) bad.push(`${m}[${s}] = ${g}, recorded ${w}`);
        }
        expect(bad).toEqual([]);
      }
      prev = values;
    }
  });

  it('keeps counters exact up to 2^50 and falls back to exact float64 for values that do not fit', () => {
    const n = 4;
    const cols: FrameColumn[] = [
      { metricId: 1, exp: 0, values: Float64Array.from([0, 2 ** 50, -5, NaN]) },
      { metricId: 2, exp: 0, values: Float64Array.from([1.5, 2, 3, 4]) }, // non-integer counter
      { metricId: 3, exp: 4, values: Float64Array.from([Infinity, 0.5, -Infinity, 0.25]) },
      { metricId: 4, exp: 0, values: Float64Array.from([2 ** 60, 1, 2, 3]) },
      { metricId: 5, exp: null, values: Float64Array.from([Math.PI, -0.1, 1e300, NaN]) },
    ];
    const dec = decodeFrame(encodeFrame(n, cols, null).data, null);
    for (const c of cols) expect(Array.from(dec.columns.get(c.metricId)!)).toEqual(Array.from(c.values));
  });

  it('decodes a frame after a parallelism change without using the old base (rescale)', () => {
    const a = encodeFrame(2, [{ metricId: 1, exp: 0, values: Float64Array.from([100, 200]) }], null);
    const b = encodeFrame(3, [{ metricId: 1, exp: 0, values: Float64Array.from([7, 8, 9]) }], a.state);
    const decA = decodeFrame(a.data, null);
    expect(Array.from(decodeFrame(b.data, decA.state).columns.get(1)!)).toEqual([7, 8, 9]);
  });

  it('decodes only the requested metrics and keeps their delta chain intact', () => {
    const f = (i: number): FrameColumn[] => [
      { metricId: 1, exp: 0, values: Float64Array.from([10 * i, 20 * i]) },
      { metricId: 2, exp: 4, values: Float64Array.from([i / 10, 1 - i / 10]) },
    ];
    const e1 = encodeFrame(2, f(1), null);
    const e2 = encodeFrame(2, f(2), e1.state);
    const wanted = new Set([2]);
    const d1 = decodeFrame(e1.data, null, wanted);
    const d2 = decodeFrame(e2.data, d1.state, wanted);
    expect([...d2.columns.keys()]).toEqual([2]);
    expect(Array.from(d2.columns.get(2)!)).toEqual([0.2, 0.8]);
  });

  it('decodes a delta chain into reused memory exactly as into fresh arrays, each frame valid until the reset', () => {
    // Counters that grow by a different step each tick: a frame decoded against the wrong base
    // (its own state overwritten by the next frame's) comes out wrong.
    const n = 64;
    const frames = Array.from({ length: 70 }, (_, t) => [
      { metricId: 1, exp: 0, values: Float64Array.from({ length: n }, (_v, s) => t * t * (s + 1) + s) },
      { metricId: 2, exp: 4, values: Float64Array.from({ length: n }, (_v, s) => ((t * 7 + s) % 100) / 100) },
    ]);
    let encState: CodecState | null = null;
    const encoded = frames.map((cols, t) => {
      const e = encodeFrame(n, cols, t % 32 === 0 ? null : encState);
      encState = e.state;
      return { data: e.data, key: t % 32 === 0 };
    });
    const memory = new FrameMemory();
    // Two "chunks" of 35 frames, as a vertex detail folds them: the first chunk's values are
    // overwritten by the second's (same memory), so each chunk is compared while it is current.
    let fresh: CodecState | null = null;
    let reused: CodecState | null = null;
    for (const [c0, c1] of [
      [0, 35],
      [35, 70],
    ] as const) {
      memory.reset();
      const got: Float64Array[][] = [];
      const want: number[][][] = [];
      for (let t = c0; t < c1; t++) {
        const f = decodeFrame(encoded[t]!.data, encoded[t]!.key ? null : fresh);
        fresh = f.state;
        const r = decodeFrame(encoded[t]!.data, encoded[t]!.key ? null : reused, undefined, memory);
        reused = r.state;
        got.push([r.columns.get(1)!, r.columns.get(2)!]);
        want.push([Array.from(f.columns.get(1)!), Array.from(f.columns.get(2)!)]);
      }
      // Every frame of the chunk still holds its own values after the later ones were decoded.
      expect(got.map((cols) => cols.map((c) => Array.from(c)))).toEqual(want);
      expect(want[want.length - 1]![0]).toEqual(Array.from(frames[c1 - 1]![0]!.values));
    }
  });

  it('stores a frame uncompressed at level 0 with the same values', () => {
    const cols: FrameColumn[] = [{ metricId: 9, exp: 1, values: Float64Array.from([999.9, 0, NaN]) }];
    expect(Array.from(decodeFrame(encodeFrame(3, cols, null, { level: 0 }).data, null).columns.get(9)!)).toEqual([
      999.9,
      0,
      NaN,
    ]);
  });

  it('rejects damaged blobs with a FrameDecodeError instead of returning wrong numbers', () => {
    const { data } = encodeFrame(
      64,
      [{ metricId: 1, exp: 0, values: new Float64Array(64).map((_, i) => i * 1000) }],
      null,
      { level: 0 },
    );
    expect(() => decodeFrame(data.subarray(0, data.length - 5), null)).toThrow(FrameDecodeError);
    expect(() => decodeFrame(Buffer.from([1, 0xff, 0xfe, 0x00]), null)).toThrow(FrameDecodeError);
    expect(() => decodeFrame(Buffer.from([7, 1, 2]), null)).toThrow(FrameDecodeError);
  });

  it('rejects a column whose length does not match the parallelism', () => {
    expect(() => encodeFrame(3, [{ metricId: 1, exp: 0, values: new Float64Array(2) }], null)).toThrow(
      /2 values for parallelism 3/,
    );
  });
});

describe('decodedColumns', () => {
  it('gives, value for value (sign of zero included), what decoding the encoded frames gives', () => {
    const n = 17;
    const metrics: Array<[number, number | null]> = [
      [1, metricExponent('accumulateBusyTimeMs')],
      [2, metricExponent('backPressureRatio')],
      [3, metricExponent('busyTimeMsPerSecond')],
      [4, metricExponent('numRecordsInPerSecond')],
      [5, null],
    ];
    let state: CodecState | null = null;
    let decoded: CodecState | null = null;
    for (let t = 0; t < 40; t++) {
      const cols: FrameColumn[] = metrics.map(([metricId, exp]) => ({
        metricId,
        exp,
        values: Float64Array.from({ length: n }, (_, i) => {
          const r = Math.sin(t * 7.3 + i * 1.7 + metricId);
          if ((t + i + metricId) % 23 === 0) return NaN;
          if ((t * i + metricId) % 29 === 0) return -0.00001 * r * r; // rounds to −0
          if (metricId === 1) return t === 20 && i === 3 ? 1.5 : Math.floor(1000 * t + 100 * r); // 1.5: raw column
          if (metricId === 4 && t === 9 && i === 2) return Infinity; // raw column
          return r * 10 ** (metricId % 3);
        }),
      }));
      const key = t % 8 === 0;
      const enc = encodeFrame(n, cols, key ? null : state);
      state = enc.state;
      const dec = decodeFrame(enc.data, key ? null : decoded);
      decoded = dec.state;
      const mine = decodedColumns(cols, enc.state);
      for (const [metricId] of metrics) {
        const a = [...mine.get(metricId)!];
        const b = [...dec.columns.get(metricId)!];
        a.forEach((x, i) =>
          expect(Object.is(x, b[i]), `t ${t} metric ${metricId} subtask ${i}: ${x} vs ${b[i]}`).toBe(true),
        );
      }
    }
  });
});
