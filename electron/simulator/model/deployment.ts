// The job graph and its deployments: vertices in topological order, and on every (re)deploy new
// subtask attempts placed into slots plus empty network edges for the current parallelism.

import type { SimEdge } from '../types';
import { VertexAccounting } from './accounting';
import { taskManagerOfSlot, vertexIdFor } from './ids';
import { newSubtaskView } from './job-metrics';
import type { JobParts } from './job-parts';
import { EdgeRt } from './network';
import type { Prng } from './prng';
import type { EdgeSpec, JobSpec, VertexSpec } from './spec';
import { VertexRt, type SubRt } from './vertex-rt';

/**
 * Per-subtask speed spread, from real 1.20.5/2.3.0 recordings (test-results/real-flink/sessions):
 * subtasks of one vertex differ by a few % in busy time even at even load. ± per subtask and deployment.
 */
const SPEED_SPREAD = 0.04;

/** The job's vertices in topological order, linked to their upstream vertices. */
export function buildVertices(scenario: string, spec: JobSpec, stepMs: number): Map<string, VertexRt> {
  const byKey = new Map<string, VertexRt>();
  for (const vs of topoSort(spec)) byKey.set(vs.key, new VertexRt(vs, vertexIdFor(scenario, spec.key, vs.key), stepMs));
  for (const e of spec.edges) {
    const src = byKey.get(e.from);
    const dst = byKey.get(e.to);
    if (!src || !dst) throw new Error(`job ${spec.key}: edge ${e.from} → ${e.to} names an unknown vertex`);
    dst.upstream.push(src);
  }
  for (const v of byKey.values()) v.view.isSink = !spec.edges.some((e) => e.from === v.key);
  return byKey;
}

/** A rescale can turn a FORWARD edge into a rebalancing one, as Flink's plan does. */
function shipOf(e: EdgeSpec, src: VertexRt, dst: VertexRt): EdgeSpec['ship'] {
  return e.ship === 'FORWARD' && src.parallelism !== dst.parallelism ? 'REBALANCE' : e.ship;
}

export class Deployer {
  /** `spread` draws each deployment's subtask speeds (its own stream, so other noise stays put). */
  constructor(
    private readonly job: JobParts,
    private readonly slotOffset: number,
    private readonly spread: Prng,
  ) {}

  /** Creates subtasks (new attempts of `previous`) and empty network edges for the current parallelism. */
  deploy(now: number, previous: ReadonlyMap<VertexRt, SubRt[]>): void {
    const { spec, byKey, stepMs } = this.job;
    for (const v of this.job.vertices) this.deployVertex(v, now, previous.get(v) ?? []);
    const edges: SimEdge[] = [];
    for (const e of spec.edges) {
      const src = byKey.get(e.from)!;
      const dst = byKey.get(e.to)!;
      const ship = shipOf(e, src, dst);
      const edge = new EdgeRt(
        ship,
        { parallelism: src.parallelism, tm: src.tm, capacity: src.spec.capacity, selectivity: src.spec.selectivity },
        { parallelism: dst.parallelism, tm: dst.tm, capacity: dst.spec.capacity, selectivity: dst.spec.selectivity },
        src.spec.recordBytes,
        stepMs,
      );
      if (ship === 'HASH') edge.setBaseWeights(keyShares(dst.parallelism, dst.view.maxParallelism));
      src.outs.push(edge);
      dst.ins.push(edge);
      edges.push({ source: src.id, target: dst.id, shipStrategy: ship });
    }
    this.job.view.edges = edges;
  }

  private deployVertex(v: VertexRt, now: number, old: SubRt[]): void {
    const { tms } = this.job;
    const p = v.view.parallelism;
    v.tm = new Int32Array(p);
    v.blocked = new Uint8Array(p);
    v.factor = new Float64Array(p).fill(1);
    v.speed = new Float64Array(p);
    for (let i = 0; i < p; i++) v.speed[i] = 1 + this.spread.range(-SPEED_SPREAD, SPEED_SPREAD);
    v.subs = [];
    for (let i = 0; i < p; i++) {
      const tm = taskManagerOfSlot(this.slotOffset + i, tms.length);
      v.tm[i] = tm;
      const prev = old[i];
      const view = newSubtaskView(
        i,
        prev ? prev.view.attempt + 1 : 0,
        tms[tm]!.view.id,
        now,
        v.spec.legacySource ?? false,
      );
      view.status = 'DEPLOYING';
      v.subs.push({
        view,
        tm,
        // A new attempt resumes where the source's offsets were rewound to.
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
}

/**
 * A keyBy's share per receiver: Flink gives subtask i the key groups ceil(i·max/p) … floor(((i+1)·max − 1)/p)
 * (KeyGroupRangeAssignment), so 128 groups over 3 subtasks are 43/43/42. (Keys hash unevenly
 * into groups too, but the model's strict round of deliveries would let the fullest receiver
 * throttle every other one, which a real credit-based channel does not.)
 */
export function keyShares(p: number, maxParallelism: number): Float64Array {
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
