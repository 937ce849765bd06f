// The network between two vertices: per-sender output queues, per-receiver input queues and the
// credit-based flow control between them, as fluid quantities (records). A sender can only move
// data a receiver has credit (free input buffers) for; on an all-to-all edge the most
// constrained channel governs the whole sender, because records are interleaved and a sender
// whose buffers for one channel are exhausted blocks on the next record for it.

import type { ModelShipStrategy } from './spec';

export const BUFFER_BYTES = 32 * 1024;
const EXCLUSIVE_PER_CHANNEL = 2;
const FLOATING_PER_GATE = 8;

export interface EdgeEnd {
  parallelism: number;
  /** TaskManager index per subtask. */
  tm: Int32Array;
  capacity: number;
  selectivity: number;
}

/** Buffer counts of one input gate of one receiver (written into a caller's object). */
export interface InputGauges {
  used: number;
  total: number;
  exclusiveUsed: number;
  exclusiveTotal: number;
  floatingUsed: number;
}

export interface SubtaskFlowCounters {
  bytesInLocal: number;
  bytesInRemote: number;
  buffersInLocal: number;
  buffersInRemote: number;
}

export class EdgeRt {
  readonly outQ: Float64Array;
  readonly inQ: Float64Array;
  /** Key-group weight of each receiver (sums to 1); FORWARD ignores it. */
  readonly weights: Float64Array;
  readonly recordsPerBuffer: number;
  /** Capacities in records. */
  readonly outCap: number;
  readonly inCap: number;
  /** Fraction of each receiver's input that arrives over remote channels. */
  readonly remoteFraction: Float64Array;
  readonly remoteChannels: Float64Array;
  readonly channelsPerReceiver: number;
  /** Records/s one remote channel can carry (credit round trip); Infinity when unconstrained. */
  linkLimit = Infinity;
  private readonly sentByTm: Float64Array;
  /** Per-receiver records that arrived this step (reported as input fill). */
  readonly arrivedLocal: Float64Array;
  readonly arrivedRemote: Float64Array;

  constructor(
    readonly ship: ModelShipStrategy,
    readonly src: EdgeEnd,
    readonly dst: EdgeEnd,
    readonly recordBytes: number,
    stepMs: number,
  ) {
    if (ship === 'FORWARD' && src.parallelism !== dst.parallelism) {
      throw new Error(`FORWARD edge needs equal parallelism (${src.parallelism} → ${dst.parallelism})`);
    }
    const dt = stepMs / 1000;
    this.outQ = new Float64Array(src.parallelism);
    this.inQ = new Float64Array(dst.parallelism);
    this.arrivedLocal = new Float64Array(dst.parallelism);
    this.arrivedRemote = new Float64Array(dst.parallelism);
    this.weights = new Float64Array(dst.parallelism).fill(1 / dst.parallelism);
    this.recordsPerBuffer = Math.max(1, Math.floor(BUFFER_BYTES / recordBytes));
    const subpartitions = ship === 'FORWARD' ? 1 : dst.parallelism;
    this.channelsPerReceiver = ship === 'FORWARD' ? 1 : src.parallelism;
    // Flink's pools: output = subpartitions × 2 + 8 buffers, input gate = 2 per channel + 8
    // floating. A step must fit in them, else the discretisation itself would throttle.
    const outPhysical = (subpartitions * EXCLUSIVE_PER_CHANNEL + FLOATING_PER_GATE) * this.recordsPerBuffer;
    const inPhysical = (this.channelsPerReceiver * EXCLUSIVE_PER_CHANNEL + FLOATING_PER_GATE) * this.recordsPerBuffer;
    this.outCap = Math.max(outPhysical, 2 * src.capacity * src.selectivity * dt);
    this.inCap = Math.max(inPhysical, 2 * dst.capacity * dt);
    let maxTm = 0;
    for (const t of src.tm) maxTm = Math.max(maxTm, t);
    for (const t of dst.tm) maxTm = Math.max(maxTm, t);
    this.sentByTm = new Float64Array(maxTm + 1);
    this.remoteFraction = new Float64Array(dst.parallelism);
    this.remoteChannels = new Float64Array(dst.parallelism);
    for (let j = 0; j < dst.parallelism; j++) {
      if (ship === 'FORWARD') {
        const remote = src.tm[j] !== dst.tm[j] ? 1 : 0;
        this.remoteFraction[j] = remote;
        this.remoteChannels[j] = remote;
      } else {
        let remote = 0;
        for (let i = 0; i < src.parallelism; i++) if (src.tm[i] !== dst.tm[j]) remote++;
        this.remoteFraction[j] = remote / src.parallelism;
        this.remoteChannels[j] = remote;
      }
    }
  }

  /** Each receiver's share without a hot key (uniform unless the job set key-group shares). */
  private base: Float64Array | null = null;

  /** The shares receivers get of an even key space (a keyBy: key groups per subtask, hash noise). */
  setBaseWeights(w: Float64Array): void {
    if (w.length !== this.dst.parallelism) throw new Error('one weight per receiver');
    this.base = w;
    this.weights.set(w);
  }

  /** Concentrates `share` of the keys on one receiver (a hot key), or resets to the base shares. */
  setSkew(hot: number | null, share: number): void {
    const p = this.dst.parallelism;
    const base = this.base;
    if (hot === null || p === 1) {
      if (base) this.weights.set(base);
      else this.weights.fill(1 / p);
      return;
    }
    const others = base ? 1 - base[hot]! : (p - 1) / p;
    for (let j = 0; j < p; j++) this.weights[j] = ((1 - share) * (base ? base[j]! : 1 / p)) / others;
    this.weights[hot] = share;
  }

  /**
   * Moves records from senders' output queues into receivers' input queues for one step.
   * `srcBlocked[i]`/`dstBlocked[j]` mark subtasks that cannot send/accept (paused JVM, not
   * running). Returns nothing; counters go to `dstCounters`.
   */
  transfer(dt: number, srcBlocked: Uint8Array, dstBlocked: Uint8Array, dstCounters: SubtaskFlowCounters[]): void {
    const { outQ, inQ, weights, src, dst } = this;
    this.arrivedLocal.fill(0);
    this.arrivedRemote.fill(0);
    const perChannel = this.linkLimit * dt;
    if (this.ship === 'FORWARD') {
      for (let i = 0; i < src.parallelism; i++) {
        if (srcBlocked[i] || dstBlocked[i] || outQ[i]! <= 0) continue;
        const remote = src.tm[i] !== dst.tm[i];
        let move = Math.min(outQ[i]!, this.inCap - inQ[i]!);
        if (remote) move = Math.min(move, perChannel);
        if (move <= 0) continue;
        outQ[i]! -= move;
        inQ[i]! += move;
        if (remote) this.arrivedRemote[i] = move;
        else this.arrivedLocal[i] = move;
      }
    } else {
      let total = 0;
      for (let i = 0; i < src.parallelism; i++) if (!srcBlocked[i]) total += outQ[i]!;
      if (total <= 0) return;
      let fmin = 1;
      for (let j = 0; j < dst.parallelism; j++) {
        const w = weights[j]!;
        if (w <= 0) continue;
        const free = dstBlocked[j] ? 0 : Math.max(0, this.inCap - inQ[j]!);
        const f = free / (w * total);
        if (f < fmin) fmin = f;
      }
      if (fmin <= 0) return;
      // With a slow credit round trip, a sender's busiest remote channel caps it.
      let maxRemoteW: Float64Array | null = null;
      if (Number.isFinite(perChannel)) maxRemoteW = this.maxRemoteWeightPerTm();
      let sent = 0;
      const sentByTm = this.sentByTm;
      sentByTm.fill(0);
      for (let i = 0; i < src.parallelism; i++) {
        if (srcBlocked[i] || outQ[i]! <= 0) continue;
        let f = fmin;
        if (maxRemoteW) {
          const w = maxRemoteW[src.tm[i]!]!;
          if (w > 0) f = Math.min(f, perChannel / (outQ[i]! * w));
        }
        const s = outQ[i]! * f;
        outQ[i]! -= s;
        sent += s;
        sentByTm[src.tm[i]!]! += s;
      }
      for (let j = 0; j < dst.parallelism; j++) {
        const w = weights[j]!;
        const arrived = w * sent;
        const local = w * sentByTm[dst.tm[j]!]!;
        inQ[j]! += arrived;
        this.arrivedLocal[j] = local;
        this.arrivedRemote[j] = arrived - local;
      }
    }
    const rb = this.recordBytes;
    for (let j = 0; j < dst.parallelism; j++) {
      const c = dstCounters[j]!;
      const l = this.arrivedLocal[j]! * rb;
      const r = this.arrivedRemote[j]! * rb;
      c.bytesInLocal += l;
      c.bytesInRemote += r;
      c.buffersInLocal += l / BUFFER_BYTES;
      c.buffersInRemote += r / BUFFER_BYTES;
    }
  }

  private remoteWCache: Float64Array | null = null;
  private maxRemoteWeightPerTm(): Float64Array {
    const out = this.remoteWCache ?? new Float64Array(this.sentByTm.length);
    out.fill(0);
    for (let tm = 0; tm < out.length; tm++) {
      for (let j = 0; j < this.dst.parallelism; j++) {
        if (this.dst.tm[j] !== tm && this.weights[j]! > out[tm]!) out[tm] = this.weights[j]!;
      }
    }
    this.remoteWCache = out;
    return out;
  }

  /**
   * Input buffer gauges of receiver j at its fill level: only remote channels use the gate's
   * buffers (a local channel reads the producer's subpartition directly, FLINK-12576).
   * Floating buffers are handed out first for announced backlog, so they fill before the
   * exclusive ones.
   */
  inputGauges(j: number, out: InputGauges): InputGauges {
    const remote = this.remoteChannels[j]!;
    if (remote === 0) {
      out.used = out.total = out.exclusiveUsed = out.exclusiveTotal = out.floatingUsed = 0;
      return out;
    }
    const fill = Math.min(1, this.inQ[j]! / this.inCap);
    out.exclusiveTotal = remote * EXCLUSIVE_PER_CHANNEL;
    out.floatingUsed = FLOATING_PER_GATE * Math.min(1, fill * 2);
    out.exclusiveUsed = out.exclusiveTotal * fill * fill;
    out.used = out.floatingUsed + out.exclusiveUsed;
    out.total = out.exclusiveTotal + FLOATING_PER_GATE;
    return out;
  }

  /** Buffers the input queue of receiver j holds on remote channels. */
  inputQueueBuffers(j: number): number {
    return Math.ceil((this.inQ[j]! * this.remoteFraction[j]!) / this.recordsPerBuffer);
  }

  outputBuffers(i: number): number {
    return Math.ceil(this.outQ[i]! / this.recordsPerBuffer);
  }

  outputPoolBuffers(): number {
    return this.outCap / this.recordsPerBuffer;
  }

  clear(): void {
    this.outQ.fill(0);
    this.inQ.fill(0);
  }
}
