// Compact encoding of one VertexFrame (all subtasks × all metrics of one vertex at one tick).
//
// Layout, before compression: u8 codec=1 | varint parallelism | varint columns | per column:
//   varint metricId | u8 mode | u8 exp | varint byteLength | payload
// mode 1 (quantised): q = round(value × 10^exp); payload = one varint per subtask holding
//   zigzag(q − base) + 1, 0 = NaN. base = the same subtask's q in the previous frame of this vertex
//   when that frame had this column quantised with the same exp and parallelism, else 0.
//   Counters thus store their increase since the last tick, gauges their change.
// mode 2 (raw): payload = parallelism × float64 LE, exact (used when a value does not fit mode 1).
// The whole buffer is deflated (raw) behind a one-byte prefix 0x01; prefix 0x00 = stored as is.
//
// Precision: exp 0 columns are exact (only chosen when every value is an integer); exp e > 0
// columns are within ±0.5·10^-e of the reported value (see metricExponent); raw columns are exact.

import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { SubtaskMetric } from '../../shared/model';
import { errorText } from '../../shared/error-text';

const CODEC_VERSION = 1;
const MODE_QUANTISED = 1;
const MODE_RAW = 2;
/** |q| and |delta| bounds that keep zigzag(delta)+1 an exact double. */
const MAX_Q = 2 ** 50;

/** Fractions (0..1, usages may exceed 1): ±0.00005. */
const FRACTION_EXP = 4;
/** Time accounting in ms per second (0..1000): ±0.05 ms/s. */
const MS_PER_SECOND_EXP = 1;
/** Per-second rates: ±0.005 per second (Flink's 60 s meters move in steps of 1/60). */
const RATE_EXP = 2;

const EXPONENTS: Record<SubtaskMetric, number> = {
  backPressuredTimeMsPerSecond: MS_PER_SECOND_EXP,
  idleTimeMsPerSecond: MS_PER_SECOND_EXP,
  busyTimeMsPerSecond: MS_PER_SECOND_EXP,
  softBackPressuredTimeMsPerSecond: MS_PER_SECOND_EXP,
  hardBackPressuredTimeMsPerSecond: MS_PER_SECOND_EXP,
  accumulateBackPressuredTimeMs: 0,
  accumulateIdleTimeMs: 0,
  accumulateBusyTimeMs: 0,
  backPressureRatio: FRACTION_EXP,
  isBackPressured: FRACTION_EXP,
  inPoolUsage: FRACTION_EXP,
  outPoolUsage: FRACTION_EXP,
  inputFloatingBuffersUsage: FRACTION_EXP,
  inputExclusiveBuffersUsage: FRACTION_EXP,
  inputQueueLength: 0,
  outputQueueLength: 0,
  numRecordsIn: 0,
  numRecordsOut: 0,
  numBytesOut: 0,
  numBuffersOut: 0,
  numBytesInLocal: 0,
  numBytesInRemote: 0,
  numBuffersInLocal: 0,
  numBuffersInRemote: 0,
  numRecordsInPerSecond: RATE_EXP,
  numRecordsOutPerSecond: RATE_EXP,
};

/** Decimal exponent a metric is quantised with; 0 = integers kept exactly. */
export function metricExponent(metric: string): number | null {
  return Object.hasOwn(EXPONENTS, metric) ? EXPONENTS[metric as SubtaskMetric] : null;
}

export interface FrameColumn {
  metricId: number;
  /** null = always raw float64. */
  exp: number | null;
  values: Float64Array;
}

/** Quantised values of the previous frame per metric id, the base for the next frame's deltas. */
export interface CodecState {
  parallelism: number;
  columns: Map<number, { exp: number; q: Float64Array }>;
}

export interface EncodeOptions {
  /** zlib level; 0 stores the buffer uncompressed. */
  level?: number;
}

class ByteWriter {
  buf: Buffer;
  pos = 0;
  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size);
  }
  ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + extra));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }
  /** Unsigned varint for non-negative integers up to 2^53. */
  varint(v: number): void {
    this.ensure(8);
    const b = this.buf;
    let p = this.pos;
    if (v < 0x100000000) {
      // Bit operations are exact below 2^32, which covers nearly every delta.
      while (v > 0x7f) {
        b[p++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      b[p++] = v;
      this.pos = p;
      return;
    }
    while (v >= 0x80) {
      b[p++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    b[p++] = v;
    this.pos = p;
  }
}

function quantise(values: Float64Array, exp: number): Float64Array | null {
  const scale = 10 ** exp;
  const q = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) {
      q[i] = NaN;
      continue;
    }
    if (exp === 0 && !Number.isInteger(v)) return null;
    const r = Math.round(v * scale);
    if (!(Math.abs(r) <= MAX_Q)) return null; // also rejects ±Infinity
    q[i] = r;
  }
  return q;
}

/** Encodes one frame; `base` = state after the previous frame of the vertex, null for a key frame. */
export function encodeFrame(
  parallelism: number,
  columns: readonly FrameColumn[],
  base: CodecState | null,
  options: EncodeOptions = {},
): { data: Buffer; state: CodecState } {
  const w = new ByteWriter(16 + columns.length * (parallelism * 3 + 16));
  w.u8(CODEC_VERSION);
  w.varint(parallelism);
  w.varint(columns.length);
  const state: CodecState = { parallelism, columns: new Map() };
  const usableBase = base !== null && base.parallelism === parallelism ? base : null;
  for (const col of columns) {
    if (col.values.length !== parallelism)
      throw new RangeError(`metric ${col.metricId}: ${col.values.length} values for parallelism ${parallelism}`);
    w.varint(col.metricId);
    const q = col.exp === null ? null : quantise(col.values, col.exp);
    if (q === null) {
      w.u8(MODE_RAW);
      w.u8(0);
      w.varint(parallelism * 8);
      w.ensure(parallelism * 8);
      for (let i = 0; i < parallelism; i++) w.pos = w.buf.writeDoubleLE(col.values[i]!, w.pos);
      continue;
    }
    const exp = col.exp!;
    const prev = usableBase?.columns.get(col.metricId);
    const prevQ = prev !== undefined && prev.exp === exp ? prev.q : null;
    // Payload is written to a scratch writer first because its byte length precedes it.
    const payload = new ByteWriter(parallelism * 3 + 8);
    for (let i = 0; i < parallelism; i++) {
      const qi = q[i]!;
      if (Number.isNaN(qi)) {
        payload.varint(0);
        continue;
      }
      const b = prevQ === null ? 0 : prevQ[i]!;
      const d = Number.isNaN(b) ? qi : qi - b;
      payload.varint((d >= 0 ? d * 2 : -d * 2 - 1) + 1);
    }
    w.u8(MODE_QUANTISED);
    w.u8(exp);
    w.varint(payload.pos);
    w.ensure(payload.pos);
    payload.buf.copy(w.buf, w.pos, 0, payload.pos);
    w.pos += payload.pos;
    state.columns.set(col.metricId, { exp, q });
  }
  const raw = w.buf.subarray(0, w.pos);
  const level = options.level ?? 6;
  const body = level === 0 ? raw : deflateRawSync(raw, { level });
  const data = Buffer.allocUnsafe(body.length + 1);
  data[0] = level === 0 ? 0 : 1;
  body.copy(data, 1);
  return { data, state };
}

export interface DecodedFrame {
  parallelism: number;
  columns: Map<number, Float64Array>;
  state: CodecState;
}

/**
 * Memory for decoded frames that are dropped together (a vertex detail's chunk): their values are
 * views into one buffer used again after reset(), and each frame's quantised state into one of two
 * that take turns (a frame's state is read only by the next frame's decoding). Decoding a day of a
 * 256-subtask vertex otherwise allocates ≈ 500 MB of short-lived arrays, and the thread's allocator
 * keeps much of that high-water mark as RSS long after they are garbage.
 */
export class FrameMemory {
  private values = new Float64Array(0);
  private used = 0;
  private readonly q: Float64Array[] = [new Float64Array(0), new Float64Array(0)];
  private turn = 0;

  /** Every frame decoded into this memory since the last reset() is garbage from now on. */
  reset(): void {
    this.used = 0;
  }

  /** Room for n values, valid until reset() (a new buffer when the current one is full). */
  takeValues(n: number): Float64Array {
    if (this.used + n > this.values.length) {
      // The frames decoded so far keep the full buffer alive through their views.
      this.values = new Float64Array(Math.max(n, this.values.length * 2, 1 << 16));
      this.used = 0;
    }
    const out = this.values.subarray(this.used, this.used + n);
    this.used += n;
    return out;
  }

  /** Room for n quantised values, valid until the call after next. */
  takeState(n: number): Float64Array {
    this.turn ^= 1;
    if (this.q[this.turn]!.length < n) this.q[this.turn] = new Float64Array(n);
    return this.q[this.turn]!.subarray(0, n);
  }
}

/** Thrown for a blob that does not decode; the reader turns it into a 'corrupt' SessionFileError. */
export class FrameDecodeError extends Error {
  override name = 'FrameDecodeError';
}

/**
 * Decodes one frame. `wanted` limits the columns decoded (others are skipped by length); the
 * returned state then covers only those, which is enough as long as the same set is used for
 * the following frames.
 */
export function decodeFrame(
  data: Uint8Array,
  base: CodecState | null,
  wanted?: ReadonlySet<number>,
  memory?: FrameMemory,
): DecodedFrame {
  let b: Uint8Array;
  try {
    const body = data.subarray(1);
    b = data[0] === 0 ? body : data[0] === 1 ? inflateRawSync(body) : fail(`unknown frame compression ${data[0]}`);
  } catch (err) {
    if (err instanceof FrameDecodeError) throw err;
    throw new FrameDecodeError(`frame does not inflate: ${errorText(err)}`);
  }
  // Position lives in a plain local (no closure captures it) so the hot loop below stays fast.
  let p = 0;
  const end = b.length;
  if (b[p++] !== CODEC_VERSION) fail(`unknown frame codec ${b[0]}`);
  const parallelism = varintAt(b, p, end);
  p = varintEnd;
  const count = varintAt(b, p, end);
  p = varintEnd;
  const columns = new Map<number, Float64Array>();
  const state: CodecState = { parallelism, columns: new Map() };
  const usableBase = base !== null && base.parallelism === parallelism ? base : null;
  // One allocation for every column's values and one for their quantised state (views into them):
  // a replay decodes thousands of frames, and one small buffer per column and frame is what made
  // the process' memory grow.
  const slots = wanted === undefined ? count : Math.min(count, wanted.size);
  const valueStore = memory ? memory.takeValues(slots * parallelism) : new Float64Array(slots * parallelism);
  const qStore = memory ? memory.takeState(slots * parallelism) : new Float64Array(slots * parallelism);
  let slot = 0;
  for (let c = 0; c < count; c++) {
    const metricId = varintAt(b, p, end);
    p = varintEnd;
    const mode = b[p++];
    const exp = b[p++]!;
    const len = varintAt(b, p, end);
    p = varintEnd;
    const stop = p + len;
    if (stop > end) fail('frame column runs past its end');
    if (wanted !== undefined && !wanted.has(metricId)) {
      p = stop;
      continue;
    }
    if (slot === slots) fail('frame has more columns than it says');
    const values = valueStore.subarray(slot * parallelism, (slot + 1) * parallelism);
    const q = qStore.subarray(slot * parallelism, (slot + 1) * parallelism);
    slot++;
    if (mode === MODE_RAW) {
      if (len !== parallelism * 8) fail('raw column has the wrong length');
      const view = new DataView(b.buffer, b.byteOffset + p, len);
      for (let i = 0; i < parallelism; i++) values[i] = view.getFloat64(i * 8, true);
    } else if (mode === MODE_QUANTISED) {
      const prev = usableBase?.columns.get(metricId);
      const prevQ = prev !== undefined && prev.exp === exp ? prev.q : null;
      const scale = 10 ** exp;
      for (let i = 0; i < parallelism; i++) {
        // Inline varint read: this loop is the hot path of every replay.
        let v = 0;
        let mul = 1;
        for (;;) {
          if (p >= stop) fail('quantised column ends inside a number');
          const byte = b[p++]!;
          v += (byte & 0x7f) * mul;
          if (byte < 0x80) break;
          mul *= 0x80;
        }
        if (v === 0) {
          q[i] = NaN;
          values[i] = NaN;
          continue;
        }
        const zz = v - 1;
        const d = zz % 2 === 0 ? zz / 2 : -(zz + 1) / 2;
        const bq = prevQ === null ? NaN : prevQ[i]!;
        const qi = Number.isNaN(bq) ? d : bq + d;
        q[i] = qi;
        values[i] = exp === 0 ? qi : qi / scale;
      }
      if (p !== stop) fail('quantised column has the wrong length');
      state.columns.set(metricId, { exp, q });
    } else {
      fail(`unknown column mode ${mode}`);
    }
    p = stop;
    columns.set(metricId, values);
  }
  return { parallelism, columns, state };
}

/** Position after the varint last read by varintAt (avoids allocating a result pair per call). */
let varintEnd = 0;

function varintAt(b: Uint8Array, p: number, end: number): number {
  let v = 0;
  let mul = 1;
  for (;;) {
    if (p >= end) fail('frame ends inside a number');
    const byte = b[p++]!;
    v += (byte & 0x7f) * mul;
    if (byte < 0x80) {
      varintEnd = p;
      return v;
    }
    mul *= 0x80;
  }
}

function fail(message: string): never {
  throw new FrameDecodeError(message);
}

/**
 * The values decodeFrame will return for `columns` once encoded into `state` (encodeFrame's), without
 * decoding: quantised columns as q / 10^exp (a zero always +0, as decoding gives), raw ones as given.
 * The writer derives per-frame samples from these, so they match what any reader decodes.
 */
export function decodedColumns(columns: readonly FrameColumn[], state: CodecState): Map<number, Float64Array> {
  const out = new Map<number, Float64Array>();
  for (const col of columns) {
    const quantised = state.columns.get(col.metricId);
    if (quantised === undefined) {
      out.set(col.metricId, Float64Array.from(col.values));
      continue;
    }
    const { exp, q } = quantised;
    const scale = 10 ** exp;
    const values = new Float64Array(q.length);
    for (let i = 0; i < q.length; i++) {
      const qi = q[i]! + 0;
      values[i] = exp === 0 ? qi : qi / scale;
    }
    out.set(col.metricId, values);
  }
  return out;
}
