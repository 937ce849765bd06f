// One job's flow physics. Each step: move data over every edge (credit-limited), then let every
// subtask process what it can: min(capacity × time, queued input, free output space). Whatever
// of the step it does not spend processing is idle when it lacked input and backpressured when
// its output was full. Everything a subtask reports (time shares, counters, buffer gauges,
// watermarks) follows from these same flows.

import type { JobParts } from './job-parts';
import { publishInputGauges, publishSubtask } from './job-metrics';
import { Prng } from './prng';
import { minWatermarkOf, type SubRt, type VertexRt } from './vertex-rt';

/** Bounded out-of-orderness of the sources' watermark strategy. */
const OUT_OF_ORDERNESS_MS = 5000;
/** Keyed state grows with the records a stateful vertex processes (new keys, window contents). */
const STATE_BYTES_PER_RECORD = 12;
/**
 * Per-step cost jitter (± per subtask and step), from real 1.20.5/2.3.0 recordings: it changes the
 * busy time the same records take below saturation (not throughput, which the model's lock-step
 * deliveries would let the slowest subtask dictate for all).
 */
const COST_JITTER = 0.15;

export class JobFlow {
  private readonly noise: Prng;
  private readonly jitter: Prng;
  /** Draws the instant isBackPressured is read at (its own stream: other noise stays put). */
  private readonly sampling: Prng;
  private readonly pausedByTm: Float64Array;

  /** `streams` prefixes the names of the job's random streams. */
  constructor(
    private readonly job: JobParts,
    streams: string,
  ) {
    this.pausedByTm = new Float64Array(job.tms.length);
    this.noise = new Prng(`${streams}:noise`);
    this.sampling = new Prng(`${streams}:isBackPressured`);
    this.jitter = new Prng(`${streams}:cost-jitter`);
  }

  /** While the job is down or deploying, records keep arriving in the external log. */
  accrueBacklog(dtMs: number): void {
    for (const v of this.job.vertices) {
      const rate = v.spec.sourceRate;
      if (rate === undefined) continue;
      for (const s of v.subs) s.backlog += (rate * dtMs) / 1000;
    }
  }

  /** Moves and processes the data of the step [t, t+stepMs) with the tasks running. */
  step(t: number, publish: boolean): void {
    const dt = this.job.stepMs;
    const { vertices, tms } = this.job;
    this.applyScript(t);
    const paused = this.pausedByTm;
    for (let k = 0; k < tms.length; k++) paused[k] = tms[k]!.pausedMs(t, dt);
    for (const v of vertices) {
      for (let i = 0; i < v.subs.length; i++) v.blocked[i] = paused[v.tm[i]!]! >= dt ? 1 : 0;
    }
    for (const v of vertices) {
      for (let k = 0; k < v.ins.length; k++) v.ins[k]!.transfer(dt / 1000, v.upstream[k]!.blocked, v.blocked, v.flows);
    }
    for (const v of vertices) this.process(v, t, dt, publish);
  }

  /** Scripted slowdowns, key skew and slow links in effect at `t`. */
  private applyScript(t: number): void {
    const { spec } = this.job;
    const off = t - this.job.start;
    for (const v of this.job.vertices) {
      v.factor.fill(1);
      for (const sd of spec.slowdowns ?? []) {
        if (sd.vertex !== v.key || off < sd.fromMs || off >= sd.toMs) continue;
        for (let i = 0; i < v.subs.length; i++) if (!sd.subtasks || sd.subtasks.includes(i)) v.factor[i]! *= sd.factor;
      }
      for (const e of v.ins) {
        const skew = (spec.skews ?? []).find((k) => k.vertex === v.key && off >= k.fromMs && off < k.toMs);
        if (e.ship === 'HASH')
          e.setSkew(skew && skew.hotSubtask < v.parallelism ? skew.hotSubtask : null, skew?.share ?? 0);
        const net = (spec.network ?? []).find((k) => k.vertex === v.key && off >= k.fromMs && off < k.toMs);
        // Two exclusive buffers of credit per round trip is all a channel can carry.
        e.linkLimit = net ? (2 * e.recordsPerBuffer * 1000) / net.rttMs : Infinity;
      }
    }
  }

  /**
   * One step of one vertex's subtasks. Reported gauges and counters are only written to the
   * views on the last step of an `advance` (`publish`): at benchmark scale the writes cost more
   * than the physics.
   */
  private process(v: VertexRt, t: number, dtMs: number, publish: boolean): void {
    const spec = v.spec;
    const sel = spec.selectivity;
    const align = v.isSource ? 0 : v.alignedFraction(t, dtMs);
    const sourceRate = spec.sourceRate;
    const ins = v.ins;
    const outs = v.outs;
    const nIn = ins.length;
    const nOut = outs.length;
    const bytesPerOut = spec.recordBytes * nOut;
    let edgeMinWm: number[] | null = null;
    const stateful = !v.isSource && (spec.stateBytes ?? 0) > 0;
    for (let i = 0; i < v.subs.length; i++) {
      const s = v.subs[i]!;
      const pausedMs = this.pausedByTm[s.tm]!;
      const runMs = dtMs - pausedMs;
      const cap = spec.capacity * v.factor[i]!;
      // Per-record cost varies between subtasks (speed) and from step to step (jitter), as real ones
      // do: below saturation the same records take a little more or less busy time. A saturated
      // subtask stays busy throughout (its throughput is what the capacity allows).
      const costScale = v.speed[i]! * (1 + this.jitter.range(-COST_JITTER, COST_JITTER));
      let queued = 0;
      if (sourceRate !== undefined) {
        s.backlog += (sourceRate * this.wobble(t, i) * dtMs) / 1000;
        queued = s.backlog;
      } else for (let k = 0; k < nIn; k++) queued += ins[k]!.inQ[i]!;
      const avail = queued * (1 - align);
      let outFree = Number.POSITIVE_INFINITY;
      if (sel > 0) {
        for (let k = 0; k < nOut; k++) {
          const e = outs[k]!;
          const free = (e.outCap - e.outQ[i]!) / sel;
          if (free < outFree) outFree = free;
        }
      }
      const maxWork = (cap * runMs) / 1000;
      const n = Math.max(0, Math.min(maxWork, avail, outFree));
      let busy = cap > 0 ? (n / cap) * 1000 * (n < maxWork - 1e-9 ? costScale : 1) : 0;
      let idle = 0;
      let bp = 0;
      const rest = runMs - busy;
      if (rest > 1e-9) {
        if (outFree < avail && outFree < maxWork) bp = rest;
        else idle = rest;
      } else busy = runMs;
      // A paused JVM freezes the task in whatever it was doing.
      if (pausedMs > 0) {
        busy += pausedMs * s.prevBusy;
        idle += pausedMs * s.prevIdle;
        bp += pausedMs * s.prevBp;
      }
      if (runMs > 0) {
        const total = busy + idle + bp;
        s.prevBusy = busy / total;
        s.prevIdle = idle / total;
        s.prevBp = bp / total;
      }
      // Fully blocked steps wait inside buffer requests (hard); partly blocked ones mostly wait
      // for output availability in the mailbox (soft).
      const hard = bp * (n <= 1e-9 ? 0.9 : 0.2);
      v.acc.add(i, busy, idle, bp - hard, hard, dtMs);
      s.busyMs += busy;
      s.idleMs += idle;
      s.bpMs += bp;
      s.rate = (n * 1000) / dtMs;

      const tm = this.job.tms[s.tm]!;
      if (publish) publishInputGauges(v, s, i, tm);
      if (sourceRate !== undefined) {
        s.backlog -= n;
        s.readTotal += n;
      } else if (queued > 0 && n > 0) {
        const take = n / queued;
        for (let k = 0; k < nIn; k++) ins[k]!.inQ[i]! -= ins[k]!.inQ[i]! * take;
        s.recIn += n;
      }
      const out = n * sel;
      if (nOut > 0) {
        for (let k = 0; k < nOut; k++) outs[k]!.outQ[i]! += out;
        s.recOut += out;
        s.bytesOut += out * bytesPerOut;
      }

      // Watermarks: sources derive theirs from how far behind the external log they read;
      // everyone else takes the minimum over the channels they read, frozen while paused.
      if (runMs > 0) {
        if (sourceRate !== undefined) {
          const lagMs = sourceRate > 0 ? (s.backlog / sourceRate) * 1000 : 0;
          s.wm = t + dtMs - lagMs - OUT_OF_ORDERNESS_MS;
        } else {
          edgeMinWm ??= ins.map((e, k) => (e.ship === 'FORWARD' ? Number.NaN : minWatermarkOf(v.upstream[k]!)));
          let w = Number.POSITIVE_INFINITY;
          for (let k = 0; k < nIn; k++) {
            const up = ins[k]!.ship === 'FORWARD' ? v.upstream[k]!.subs[i]!.wm : edgeMinWm[k]!;
            w = Number.isNaN(up) ? Number.NaN : Math.min(w, up);
          }
          if (!Number.isNaN(w) && Number.isFinite(w)) s.wm = Number.isNaN(s.wm) ? w : Math.max(s.wm, w);
        }
      }

      if (stateful) v.state += n * STATE_BYTES_PER_RECORD;
      tm.stepRecords += n;
      tm.stepBusyMs += busy;
      // isBackPressured is an instantaneous reading: a task blocked for a share of the step is
      // caught blocked with that probability (a fixed bp > ½ cut-off would read a 45 % blocked
      // source as never backpressured while its output pool sits at 100 %).
      if (publish) publishSubtask(v, s, i, tm, bp > 0 && this.sampling.next() < bp / dtMs);
    }
  }

  /** Arrival rate wobble of a source subtask: slow swell plus per-step noise, mean 1. */
  private wobble(t: number, i: number): number {
    const phase = (i * 2.399) % (2 * Math.PI);
    return 1 + 0.04 * Math.sin((2 * Math.PI * (t - this.job.start)) / 240_000 + phase) + this.noise.range(-0.03, 0.03);
  }
}

/** Source positions at a checkpoint's barrier; the returned commit applies them when the checkpoint completes. */
export function snapshotSources(vertices: readonly VertexRt[]): () => void {
  const marks: [SubRt, number][] = [];
  for (const v of vertices) if (v.isSource) for (const s of v.subs) marks.push([s, s.readTotal]);
  return () => {
    for (const [s, read] of marks) s.committedRead = read;
  };
}
