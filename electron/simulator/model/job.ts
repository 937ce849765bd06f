// One job's physics. Each step: move data over every edge (credit-limited), then let every
// subtask process what it can: min(capacity × time, queued input, free output space). Whatever
// of the step it does not spend processing is idle when it lacked input and backpressured when
// its output was full. Everything a subtask reports (time shares, counters, buffer gauges,
// watermarks) follows from these same flows.

import type { EpochMs } from '../../../shared/time';
import type { SimExecutionState, SimJob, SimSubtask, SimVertex } from '../types';
import { VertexAccounting } from './accounting';
import { CheckpointCoordinator, type CheckpointVertex } from './checkpoints';
import { jobIdFor, taskManagerOfSlot, vertexIdFor } from './ids';
import { Prng } from './prng';
import { BUFFER_BYTES, EdgeRt, type InputGauges, type SubtaskFlowCounters } from './network';
import type { ClusterSpec, JobSpec, RescaleEvent, RestartEvent, VertexSpec } from './spec';
import type { TaskManagerRt } from './taskmanager';

/** Tasks go DEPLOYING → INITIALIZING → RUNNING over this long after a (re)deploy. */
export const DEPLOY_MS = 1000;
export const INITIALIZE_MS = 1000;
/** Bounded out-of-orderness of the sources' watermark strategy. */
const OUT_OF_ORDERNESS_MS = 5000;
/** Keyed state grows with the records a stateful vertex processes (new keys, window contents). */
const STATE_BYTES_PER_RECORD = 12;
/**
 * Per-subtask spread, from real 1.20.5/2.3.0 recordings (test-results/real-flink/sessions): subtasks
 * of one vertex differ by a few % in busy time and record counts every tick, even at even load.
 * Speed: ± per subtask and deployment; jitter: ± per subtask and step. Both change the busy time the
 * same records take below saturation (not throughput, which the model's lock-step deliveries would
 * let the slowest subtask dictate for all).
 */
const SPEED_SPREAD = 0.04;
const COST_JITTER = 0.15;

interface SubRt {
  view: SimSubtask;
  tm: number;
  backlog: number;
  readTotal: number;
  committedRead: number;
  prevBusy: number;
  prevIdle: number;
  prevBp: number;
  rate: number;
  wm: number;
  busyMs: number;
  idleMs: number;
  bpMs: number;
  recIn: number;
  recOut: number;
  bytesOut: number;
  flow: SubtaskFlowCounters;
}

class VertexRt implements CheckpointVertex {
  readonly view: SimVertex;
  subs: SubRt[] = [];
  ins: EdgeRt[] = [];
  outs: EdgeRt[] = [];
  upstream: VertexRt[] = [];
  flows: SubtaskFlowCounters[] = [];
  acc = new VertexAccounting(0);
  tm = new Int32Array(0);
  blocked = new Uint8Array(0);
  factor = new Float64Array(0);
  /** Per-subtask speed of this deployment (placement, JIT, neighbours): the busy time per record differs a little. */
  speed = new Float64Array(0);
  state = 0;
  private alignFrom = -1;
  private alignTo = -1;

  constructor(
    readonly spec: VertexSpec,
    readonly id: string,
    private readonly stepMs: number,
  ) {
    this.state = (spec.stateBytes ?? 0) * spec.parallelism;
    this.view = {
      id,
      name: spec.operators.join(' -> '),
      operators: [...spec.operators],
      parallelism: spec.parallelism,
      maxParallelism: spec.maxParallelism,
      subtasks: [],
      isSource: spec.sourceRate !== undefined,
      isSink: false,
    };
  }
  get key(): string {
    return this.spec.key;
  }
  get parallelism(): number {
    return this.view.parallelism;
  }
  get isSource(): boolean {
    return this.view.isSource;
  }
  get multiChannelInput(): boolean {
    return this.ins.some((e) => e.channelsPerReceiver > 1) || this.ins.length > 1;
  }
  queueDelayMs(): number {
    let worst = 0;
    for (let i = 0; i < this.subs.length; i++) {
      let queued = 0;
      for (const e of this.ins) queued += e.inQ[i]!;
      const rate = Math.max(this.subs[i]!.rate, 1);
      worst = Math.max(worst, (queued / rate) * 1000 - this.stepMs);
    }
    for (const e of this.ins) {
      let out = 0;
      let rate = 0;
      for (let i = 0; i < e.outQ.length; i++) out += e.outQ[i]!;
      for (const s of this.subs) rate += s.rate;
      worst += Math.max(0, (out / Math.max(rate, 1)) * 1000 - this.stepMs);
    }
    return Math.max(0, worst);
  }
  stateBytes(): number {
    return this.state;
  }
  setAlignment(from: number, to: number): void {
    this.alignFrom = from;
    this.alignTo = to;
  }
  /** Fraction of [t, t+dt) during which inputs are held for barrier alignment. */
  alignedFraction(t: number, dt: number): number {
    if (this.alignTo <= t || this.alignFrom >= t + dt) return 0;
    return (Math.min(this.alignTo, t + dt) - Math.max(this.alignFrom, t)) / dt;
  }
}

const GAUGE: InputGauges = { used: 0, total: 0, exclusiveUsed: 0, exclusiveTotal: 0, floatingUsed: 0 };

const newSubtask = (index: number, attempt: number, tmId: string, startTime: number, legacy: boolean): SimSubtask => ({
  index,
  attempt,
  status: 'RUNNING',
  taskManagerId: tmId,
  startTime: startTime as EpochMs,
  legacySource: legacy,
  accBusyMs: 0,
  accIdleMs: 0,
  accBackPressuredMs: 0,
  numRecordsIn: 0,
  numRecordsOut: 0,
  numBytesInLocal: 0,
  numBytesInRemote: 0,
  numBuffersInLocal: 0,
  numBuffersInRemote: 0,
  numBytesOut: 0,
  numBuffersOut: 0,
  inPoolUsage: 0,
  outPoolUsage: 0,
  inputFloatingBuffersUsage: 0,
  inputExclusiveBuffersUsage: 0,
  inputQueueLength: 0,
  outputQueueLength: 0,
  isBackPressured: false,
  maxSoftBackPressureTimeMs: 0,
  maxHardBackPressureTimeMs: 0,
  currentInputWatermark: null,
  shares5s: { busy: 0, idle: 0, backPressured: 0, softBackPressured: 0, hardBackPressured: 0 },
  shares60s: { busy: 0, idle: 0, backPressured: 0, softBackPressured: 0, hardBackPressured: 0 },
  numRecordsInPerSecond: 0,
  numRecordsOutPerSecond: 0,
  numBytesOutPerSecond: 0,
});

export class JobRt {
  readonly view: SimJob;
  readonly vertices: VertexRt[];
  private readonly byKey = new Map<string, VertexRt>();
  private readonly coordinator: CheckpointCoordinator;
  private readonly stepMs: number;
  /** Absolute ms: the job is down (RESTARTING) until then. */
  private downUntil = -1;
  private downSince = -1;
  private tasksRunningAt: number;
  private pendingRescale: RescaleEvent | null = null;
  private readonly restarts: RestartEvent[];
  private readonly rescales: RescaleEvent[];
  private readonly noise: Prng;
  /** Per-subtask spread (own streams, so the other noise stays put): speed per deployment, cost per step, key shares. */
  private readonly spread: Prng;
  private readonly jitter: Prng;
  /** Draws the instant isBackPressured is read at (its own stream: other noise stays put). */
  private readonly sampling: Prng;
  private allRunning = false;
  private readonly pausedByTm: Float64Array;

  constructor(
    private readonly cluster: ClusterSpec,
    private readonly spec: JobSpec,
    private readonly seed: number,
    private readonly start: number,
    private readonly tms: TaskManagerRt[],
    slotOffset: number,
  ) {
    this.stepMs = cluster.stepMs;
    this.pausedByTm = new Float64Array(tms.length);
    this.noise = new Prng(`${cluster.scenario}:${seed}:${spec.key}:noise`);
    this.sampling = new Prng(`${cluster.scenario}:${seed}:${spec.key}:isBackPressured`);
    this.spread = new Prng(`${cluster.scenario}:${seed}:${spec.key}:subtask-spread`);
    this.jitter = new Prng(`${cluster.scenario}:${seed}:${spec.key}:cost-jitter`);
    this.slotOffset = slotOffset;
    const jobId = jobIdFor(cluster.scenario, spec.key);
    this.vertices = topoSort(spec).map((vs) => new VertexRt(vs, vertexIdFor(cluster.scenario, spec.key, vs.key), cluster.stepMs));
    for (const v of this.vertices) this.byKey.set(v.key, v);
    for (const e of spec.edges) {
      const src = this.byKey.get(e.from);
      const dst = this.byKey.get(e.to);
      if (!src || !dst) throw new Error(`job ${spec.key}: edge ${e.from} → ${e.to} names an unknown vertex`);
      dst.upstream.push(src);
    }
    for (const v of this.vertices) v.view.isSink = !spec.edges.some((e) => e.from === v.key);
    this.restarts = [...(spec.restarts ?? [])].sort((a, b) => a.atMs - b.atMs);
    this.rescales = [...(spec.rescales ?? [])].sort((a, b) => a.atMs - b.atMs);
    this.view = {
      jobId,
      name: spec.name,
      state: 'RUNNING',
      startTime: start as EpochMs,
      endTime: null,
      stateTimestamps: { INITIALIZING: start as EpochMs, CREATED: start as EpochMs, RUNNING: start as EpochMs },
      vertices: this.vertices.map((v) => v.view),
      edges: spec.edges.map((e) => ({
        source: this.byKey.get(e.from)!.id,
        target: this.byKey.get(e.to)!.id,
        shipStrategy: e.ship,
      })),
      numRestarts: 0,
      numRescales: 0,
      checkpointConfig: {
        mode: 'exactly_once',
        intervalMs: spec.checkpointIntervalMs,
        timeoutMs: 600_000,
        minPauseMs: 0,
        maxConcurrent: 1,
        unaligned: false,
        tolerableFailures: 0,
        stateBackend: 'EmbeddedRocksDBStateBackend',
        checkpointStorage: 'FileSystemCheckpointStorage',
      },
      checkpoints: [],
      restoredCheckpointId: null,
      exceptions: [],
    };
    this.coordinator = new CheckpointCoordinator(this.view, seed, start, spec.checkpointFailureRate, spec.alignments);
    this.deploy(start, new Map());
    this.tasksRunningAt = start;
    for (const v of this.vertices) for (const s of v.subs) s.view.status = 'RUNNING';
  }

  private readonly slotOffset: number;

  /** Slots this job occupies (slot sharing: the highest parallelism). */
  get slotsUsed(): number {
    return Math.max(...this.vertices.map((v) => v.parallelism));
  }

  /** Creates subtasks (new attempts) and empty network edges for the current parallelism. */
  private deploy(now: number, previous: Map<VertexRt, SubRt[]>): void {
    const n = this.tms.length;
    for (const v of this.vertices) {
      const p = v.view.parallelism;
      const old = previous.get(v) ?? [];
      v.tm = new Int32Array(p);
      v.blocked = new Uint8Array(p);
      v.factor = new Float64Array(p).fill(1);
      v.speed = new Float64Array(p);
      for (let i = 0; i < p; i++) v.speed[i] = 1 + this.spread.range(-SPEED_SPREAD, SPEED_SPREAD);
      v.subs = [];
      for (let i = 0; i < p; i++) {
        const tm = taskManagerOfSlot(this.slotOffset + i, n);
        v.tm[i] = tm;
        const prev = old[i];
        const attempt = prev ? prev.view.attempt + 1 : 0;
        const view = newSubtask(i, attempt, this.tms[tm]!.view.id, now, v.spec.legacySource ?? false);
        view.status = 'DEPLOYING';
        v.subs.push({
          view,
          tm,
          backlog: prev?.backlog ?? 0,
          readTotal: prev?.readTotal ?? 0,
          committedRead: prev?.committedRead ?? 0,
          prevBusy: 0,
          prevIdle: 1,
          prevBp: 0,
          rate: 0,
          wm: Number.NaN,
          busyMs: 0,
          idleMs: 0,
          bpMs: 0,
          recIn: 0,
          recOut: 0,
          bytesOut: 0,
          flow: { bytesInLocal: 0, bytesInRemote: 0, buffersInLocal: 0, buffersInRemote: 0 },
        });
      }
      v.view.subtasks = v.subs.map((s) => s.view);
      v.acc = new VertexAccounting(p);
      v.flows = v.subs.map((s) => s.flow);
      v.ins = [];
      v.outs = [];
    }
    for (const e of this.spec.edges) {
      const src = this.byKey.get(e.from)!;
      const dst = this.byKey.get(e.to)!;
      const ship = e.ship === 'FORWARD' && src.parallelism !== dst.parallelism ? 'REBALANCE' : e.ship;
      const edge = new EdgeRt(
        ship,
        { parallelism: src.parallelism, tm: src.tm, capacity: src.spec.capacity, selectivity: src.spec.selectivity },
        { parallelism: dst.parallelism, tm: dst.tm, capacity: dst.spec.capacity, selectivity: dst.spec.selectivity },
        src.spec.recordBytes,
        this.stepMs,
      );
      if (ship === 'HASH') edge.setBaseWeights(this.keyShares(dst.parallelism, dst.view.maxParallelism));
      src.outs.push(edge);
      dst.ins.push(edge);
    }
    // A rescale can turn a FORWARD edge into a rebalancing one, as Flink's plan does.
    this.view.edges = this.spec.edges.map((e) => {
      const src = this.byKey.get(e.from)!;
      const dst = this.byKey.get(e.to)!;
      const ship = e.ship === 'FORWARD' && src.parallelism !== dst.parallelism ? 'REBALANCE' : e.ship;
      return { source: src.id, target: dst.id, shipStrategy: ship };
    });
  }

  /**
   * A keyBy's share per receiver: Flink gives subtask i the key groups ceil(i·max/p) … floor(((i+1)·max − 1)/p)
   * (KeyGroupRangeAssignment), so 128 groups over 3 subtasks are 43/43/42. (Keys hash unevenly
   * into groups too, but the model's strict round of deliveries would let the fullest receiver
   * throttle every other one, which a real credit-based channel does not.)
   */
  private keyShares(p: number, maxParallelism: number): Float64Array {
    const w = new Float64Array(p);
    let sum = 0;
    for (let i = 0; i < p; i++) {
      const groups = Math.floor(((i + 1) * maxParallelism - 1) / p) - Math.ceil((i * maxParallelism) / p) + 1;
      w[i] = Math.max(0, groups);
      sum += w[i]!;
    }
    for (let i = 0; i < p; i++) w[i] = sum > 0 ? w[i]! / sum : 1 / p;
    return w;
  }

  /** Runs the step [t, t+dt). */
  step(t: number, publish: boolean): void {
    const dt = this.stepMs;
    this.lifecycle(t);
    const end = t + dt;
    if (this.view.state !== 'RUNNING') {
      this.accrueBacklog(dt);
      return;
    }
    const running = t >= this.tasksRunningAt;
    if (!running) {
      const status: SimExecutionState = t >= this.tasksRunningAt - INITIALIZE_MS ? 'INITIALIZING' : 'DEPLOYING';
      for (const v of this.vertices) for (const s of v.subs) s.view.status = status;
      this.allRunning = false;
      this.accrueBacklog(dt);
      return;
    }
    if (!this.allRunning) {
      for (const v of this.vertices) for (const s of v.subs) s.view.status = 'RUNNING';
      this.allRunning = true;
    }
    this.applyScript(t);
    const paused = this.pausedByTm;
    for (let k = 0; k < this.tms.length; k++) paused[k] = this.tms[k]!.pausedMs(t, dt);
    for (const v of this.vertices) {
      for (let i = 0; i < v.subs.length; i++) v.blocked[i] = paused[v.tm[i]!]! >= dt ? 1 : 0;
    }
    for (const v of this.vertices) {
      for (let k = 0; k < v.ins.length; k++) v.ins[k]!.transfer(dt / 1000, v.upstream[k]!.blocked, v.blocked, v.flows);
    }
    for (const v of this.vertices) this.process(v, t, dt, publish);
    this.coordinator.step(end, this.vertices, () => this.snapshotSources());
    // The 5 s meters read the counters, so publish them for a rolling step too.
    if ((end - this.start) % 5000 === 0) {
      for (const v of this.vertices) {
        if (!publish) for (const s of v.subs) this.publishCounters(s);
        v.acc.roll(v.view.subtasks);
      }
    }
  }

  private accrueBacklog(dtMs: number): void {
    for (const v of this.vertices) {
      const rate = v.spec.sourceRate;
      if (rate === undefined) continue;
      for (const s of v.subs) s.backlog += (rate * dtMs) / 1000;
    }
  }

  /** Source positions at a checkpoint's barrier; committed when the checkpoint completes. */
  private snapshotSources(): () => void {
    const marks: [SubRt, number][] = [];
    for (const v of this.vertices) if (v.isSource) for (const s of v.subs) marks.push([s, s.readTotal]);
    return () => {
      for (const [s, read] of marks) s.committedRead = read;
    };
  }

  private applyScript(t: number): void {
    const off = t - this.start;
    for (const v of this.vertices) {
      v.factor.fill(1);
      for (const sd of this.spec.slowdowns ?? []) {
        if (sd.vertex !== v.key || off < sd.fromMs || off >= sd.toMs) continue;
        for (let i = 0; i < v.subs.length; i++) if (!sd.subtasks || sd.subtasks.includes(i)) v.factor[i]! *= sd.factor;
      }
      for (const e of v.ins) {
        const skew = (this.spec.skews ?? []).find((k) => k.vertex === v.key && off >= k.fromMs && off < k.toMs);
        if (e.ship === 'HASH') e.setSkew(skew && skew.hotSubtask < v.parallelism ? skew.hotSubtask : null, skew?.share ?? 0);
        const net = (this.spec.network ?? []).find((k) => k.vertex === v.key && off >= k.fromMs && off < k.toMs);
        // Two exclusive buffers of credit per round trip is all a channel can carry.
        e.linkLimit = net ? (2 * e.recordsPerBuffer * 1000) / net.rttMs : Infinity;
      }
    }
  }

  /**
   * One step of one vertex's subtasks. Reported gauges and counters are only written to the
   * views on the last step of an `advance` (`publish`): nobody can read them in between, and at
   * benchmark scale the writes cost more than the physics.
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

      if (publish) this.publishInputGauges(v, s, i);
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
      const tmRt = this.tms[s.tm]!;
      tmRt.stepRecords += n;
      tmRt.stepBusyMs += busy;
      // isBackPressured is an instantaneous reading: a task blocked for a share of the step is
      // caught blocked with that probability (a fixed bp > ½ cut-off would read a 45 % blocked
      // source as never backpressured while its output pool sits at 100 %).
      if (publish) this.publishSubtask(v, s, i, bp > 0 && this.sampling.next() < bp / dtMs);
    }
  }

  private publishCounters(s: SubRt): void {
    const view = s.view;
    view.numRecordsIn = Math.floor(s.recIn);
    view.numRecordsOut = Math.floor(s.recOut);
    view.numBytesOut = Math.floor(s.bytesOut);
  }

  /** Input gauges at the fill level the step started from (before this step's processing). */
  private publishInputGauges(v: VertexRt, s: SubRt, i: number): void {
    let inUsed = 0;
    let inTotal = 0;
    let exUsed = 0;
    let exTotal = 0;
    let flUsed = 0;
    let flTotal = 0;
    let queueLen = 0;
    for (const e of v.ins) {
      const g = e.inputGauges(i, GAUGE);
      inUsed += g.used;
      inTotal += g.total;
      exUsed += g.exclusiveUsed;
      exTotal += g.exclusiveTotal;
      flUsed += g.floatingUsed;
      flTotal += g.total - g.exclusiveTotal;
      queueLen += e.inputQueueBuffers(i);
    }
    const view = s.view;
    view.inPoolUsage = inTotal > 0 ? inUsed / inTotal : 0;
    view.inputExclusiveBuffersUsage = exTotal > 0 ? exUsed / exTotal : 0;
    view.inputFloatingBuffersUsage = flTotal > 0 ? flUsed / flTotal : 0;
    view.inputQueueLength = queueLen;
    this.tms[s.tm]!.stepBuffers += inUsed;
  }

  /** Output gauges (at the level this step's output reached) and all counters. */
  private publishSubtask(v: VertexRt, s: SubRt, i: number, backPressured: boolean): void {
    const view = s.view;
    let outUsed = 0;
    let outTotal = 0;
    let queueLen = 0;
    for (const e of v.outs) {
      outUsed += e.outQ[i]! / e.recordsPerBuffer;
      outTotal += e.outputPoolBuffers();
      queueLen += e.outputBuffers(i);
    }
    view.outPoolUsage = outTotal > 0 ? Math.min(1, outUsed / outTotal) : 0;
    view.outputQueueLength = queueLen;
    view.isBackPressured = backPressured;
    view.accBusyMs = Math.round(s.busyMs);
    view.accIdleMs = Math.round(s.idleMs);
    view.accBackPressuredMs = Math.round(s.bpMs);
    view.numRecordsIn = Math.floor(s.recIn);
    view.numRecordsOut = Math.floor(s.recOut);
    view.numBytesOut = Math.floor(s.bytesOut);
    view.numBuffersOut = Math.floor(s.bytesOut / BUFFER_BYTES);
    view.numBytesInLocal = Math.floor(s.flow.bytesInLocal);
    view.numBytesInRemote = Math.floor(s.flow.bytesInRemote);
    view.numBuffersInLocal = Math.floor(s.flow.buffersInLocal);
    view.numBuffersInRemote = Math.floor(s.flow.buffersInRemote);
    if (!v.isSource) view.currentInputWatermark = Number.isNaN(s.wm) ? null : (Math.floor(s.wm) as EpochMs);
    this.tms[s.tm]!.stepBuffers += outUsed;
  }

  /** Arrival rate wobble of a source subtask: slow swell plus per-step noise, mean 1. */
  private wobble(t: number, i: number): number {
    const phase = (i * 2.399) % (2 * Math.PI);
    return 1 + 0.04 * Math.sin((2 * Math.PI * (t - this.start)) / 240_000 + phase) + this.noise.range(-0.03, 0.03);
  }

  private lifecycle(t: number): void {
    const off = t - this.start;
    if (this.view.state === 'RESTARTING') {
      if (t >= this.downSince + 500) for (const v of this.vertices) for (const s of v.subs) if (s.view.status === 'CANCELING') s.view.status = 'CANCELED';
      if (t >= this.downUntil) this.redeploy(t);
      return;
    }
    const r = this.restarts[0];
    if (r && off >= r.atMs) {
      this.restarts.shift();
      this.fail(t, r);
      return;
    }
    const rs = this.rescales[0];
    if (rs && off >= rs.atMs) {
      this.rescales.shift();
      this.goDown(t, rs.downMs);
      this.pendingRescale = rs;
      this.view.numRescales++;
    }
  }

  private fail(t: number, r: RestartEvent): void {
    const v = this.byKey.get(r.vertex);
    if (!v) throw new Error(`restart event names unknown vertex ${r.vertex}`);
    const sub = v.subs[Math.min(r.subtask, v.subs.length - 1)]!;
    const tm = this.tms[sub.tm]!.view;
    this.view.exceptions.push({
      ts: t as EpochMs,
      exceptionName: r.exceptionName,
      stacktrace: `${r.exceptionName}: ${r.message}\n\tat ${v.spec.operators.at(-1) ?? v.view.name}.invoke(Unknown Source)\n\tat org.apache.flink.streaming.runtime.tasks.StreamTask.invoke(StreamTask.java:753)\n\tat org.apache.flink.runtime.taskmanager.Task.doRun(Task.java:948)\n\tat java.base/java.lang.Thread.run(Thread.java:829)`,
      taskName: `${v.view.name} (${sub.view.index + 1}/${v.parallelism})#${sub.view.attempt}`,
      taskManagerId: tm.id,
      endpoint: `${tm.host}:${tm.dataPort}`,
    });
    this.view.numRestarts++;
    this.goDown(t, r.downMs);
    sub.view.status = 'FAILED';
  }

  private goDown(t: number, downMs: number): void {
    this.view.state = 'RESTARTING';
    this.view.stateTimestamps.RESTARTING = t as EpochMs;
    this.downSince = t;
    this.downUntil = t + downMs;
    this.coordinator.abort(t, 'Checkpoint Coordinator is suspending.');
    for (const v of this.vertices) {
      for (const s of v.subs) {
        s.view.status = 'CANCELING';
        // Sources rewind to the offsets of the last completed checkpoint.
        s.backlog += s.readTotal - s.committedRead;
        s.readTotal = s.committedRead;
        s.view.isBackPressured = false;
      }
    }
  }

  private redeploy(t: number): void {
    const previous = new Map<VertexRt, SubRt[]>();
    for (const v of this.vertices) previous.set(v, v.subs);
    const rs = this.pendingRescale;
    if (rs) {
      const v = this.byKey.get(rs.vertex);
      if (!v) throw new Error(`rescale event names unknown vertex ${rs.vertex}`);
      if (rs.parallelism > v.view.maxParallelism) throw new Error(`rescale of ${rs.vertex} beyond its max parallelism`);
      v.state = (v.state / v.view.parallelism) * rs.parallelism;
      v.view.parallelism = rs.parallelism;
      this.pendingRescale = null;
    }
    this.deploy(t, previous);
    this.view.state = 'RUNNING';
    this.view.stateTimestamps.RUNNING = t as EpochMs;
    this.view.restoredCheckpointId = this.coordinator.lastCompletedId;
    this.tasksRunningAt = t + DEPLOY_MS + INITIALIZE_MS;
    this.coordinator.resetSchedule(this.tasksRunningAt);
  }
}

function minWatermarkOf(v: VertexRt): number {
  let w = Number.POSITIVE_INFINITY;
  for (const s of v.subs) {
    if (Number.isNaN(s.wm)) return Number.NaN;
    if (s.wm < w) w = s.wm;
  }
  return w;
}

function topoSort(spec: JobSpec): VertexSpec[] {
  const keys = new Set<string>();
  for (const v of spec.vertices) {
    if (keys.has(v.key)) throw new Error(`job ${spec.key}: duplicate vertex key ${v.key}`);
    keys.add(v.key);
  }
  const indeg = new Map(spec.vertices.map((v) => [v.key, 0]));
  for (const e of spec.edges) indeg.set(e.to, (indeg.get(e.to) ?? 0) + 1);
  const order: VertexSpec[] = [];
  const ready = spec.vertices.filter((v) => indeg.get(v.key) === 0);
  while (ready.length > 0) {
    const v = ready.shift()!;
    order.push(v);
    for (const e of spec.edges) {
      if (e.from !== v.key) continue;
      const d = (indeg.get(e.to) ?? 0) - 1;
      indeg.set(e.to, d);
      if (d === 0) ready.push(spec.vertices.find((x) => x.key === e.to)!);
    }
  }
  if (order.length !== spec.vertices.length) throw new Error(`job ${spec.key}: the job graph has a cycle`);
  return order;
}
