// The simulated cluster: TaskManagers plus jobs, advanced in fixed sub-steps.

import type { EpochMs } from '../../../shared/time';
import type { GroundTruth, SimJob, SimModel, SimTaskManager } from '../types';
import { BUCKET_MS } from './accounting';
import { JobRt } from './job';
import { Prng } from './prng';
import type { ClusterSpec } from './spec';
import { TaskManagerRt } from './taskmanager';

export class Simulation implements SimModel {
  private t: number;
  private carry = 0;
  private readonly tms: TaskManagerRt[];
  private readonly jobRts: JobRt[];
  readonly jobs: readonly SimJob[];
  readonly taskManagers: readonly SimTaskManager[];

  constructor(
    readonly scenario: string,
    readonly seed: number,
    start: EpochMs,
    private readonly spec: ClusterSpec,
    readonly groundTruth: GroundTruth,
  ) {
    if (!(spec.stepMs > 0) || BUCKET_MS % spec.stepMs !== 0) {
      throw new Error(`step ${spec.stepMs} ms must divide the ${BUCKET_MS} ms metric bucket`);
    }
    this.t = start;
    this.groundStart = start;
    const prng = new Prng(`${scenario}:${seed}:tm`);
    this.tms = Array.from(
      { length: spec.taskManagers },
      (_, i) => new TaskManagerRt(scenario, i, spec.slotsPerTaskManager, start, prng),
    );
    for (const g of spec.gcPauses ?? []) {
      const tm = this.tms[g.taskManager];
      if (!tm) throw new Error(`GC pause on TaskManager ${g.taskManager}, but there are ${this.tms.length}`);
    }
    let slot = 0;
    this.jobRts = spec.jobs.map((j) => {
      const rt = new JobRt(spec, j, seed, start, this.tms, slot);
      this.slotOffsets.push(slot);
      slot += rt.slotsUsed;
      return rt;
    });
    const slots = spec.taskManagers * spec.slotsPerTaskManager;
    if (slot > slots) throw new Error(`scenario needs ${slot} slots, the cluster has ${slots}`);
    this.jobs = this.jobRts.map((j) => j.view);
    this.taskManagers = this.tms.map((t) => t.view);
  }

  get now(): EpochMs {
    return this.t as EpochMs;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`advance needs a non-negative duration, got ${ms}`);
    const dt = this.spec.stepMs;
    this.carry += ms;
    const start = this.groundStart;
    while (this.carry >= dt) {
      const t = this.t;
      for (const g of this.spec.gcPauses ?? []) {
        if (t - start === g.atMs) this.tms[g.taskManager]!.schedulePause(t, g.durationMs);
      }
      const publish = this.carry < 2 * dt;
      for (const j of this.jobRts) j.step(t, publish);
      const slotsUsed = this.slotsPerTm;
      for (const tm of this.tms) tm.endStep(t, dt, slotsUsed[tm.index] ?? 0, publish);
      this.t = t + dt;
      this.carry -= dt;
    }
  }

  private readonly groundStart: number;
  private readonly slotOffsets: number[] = [];

  /** Slots in use per TaskManager; parallelism only changes on a rescale, so cache per step count. */
  private get slotsPerTm(): number[] {
    const key = this.jobRts.map((j) => j.slotsUsed).join(',');
    if (key === this.slotsKey) return this.slotsCache;
    this.slotsKey = key;
    this.slotsCache = this.computeSlots();
    return this.slotsCache;
  }
  private slotsKey = '';
  private slotsCache: number[] = [];

  private computeSlots(): number[] {
    const used = new Array<number>(this.tms.length).fill(0);
    this.jobRts.forEach((j, k) => {
      for (let s = 0; s < j.slotsUsed; s++) used[((this.slotOffsets[k] ?? 0) + s) % this.tms.length]!++;
    });
    return used;
  }
}
