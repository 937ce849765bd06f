// Runtime state of one job vertex and its subtasks: what the flow physics moves and the metric
// views report. The checkpoint coordinator reads it through CheckpointVertex.

import type { SimSubtask, SimVertex } from '../types';
import { VertexAccounting } from './accounting';
import type { CheckpointVertex } from './checkpoints';
import type { EdgeRt, SubtaskFlowCounters } from './network';
import type { VertexSpec } from './spec';

export interface SubRt {
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

export class VertexRt implements CheckpointVertex {
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

/** Lowest watermark over a vertex's subtasks; NaN while any has none yet. */
export function minWatermarkOf(v: VertexRt): number {
  let w = Number.POSITIVE_INFINITY;
  for (const s of v.subs) {
    if (Number.isNaN(s.wm)) return Number.NaN;
    if (s.wm < w) w = s.wm;
  }
  return w;
}
