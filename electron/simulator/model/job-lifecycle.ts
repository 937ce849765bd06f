// A job's lifecycle: scripted failures and rescales take it down (RESTARTING), then it
// redeploys new task attempts that go DEPLOYING → INITIALIZING → RUNNING before they process.

import type { EpochMs } from '../../../shared/time';
import type { SimExecutionState } from '../types';
import type { CheckpointCoordinator } from './checkpoints';
import type { Deployer } from './deployment';
import type { JobParts } from './job-parts';
import type { RescaleEvent, RestartEvent } from './spec';
import { subtaskFailure } from './stack-traces';
import type { SubRt, VertexRt } from './vertex-rt';

/** Tasks go DEPLOYING → INITIALIZING → RUNNING over this long after a (re)deploy. */
export const DEPLOY_MS = 1000;
export const INITIALIZE_MS = 1000;
/** Cancelled tasks report CANCELING this long before CANCELED. */
const CANCEL_MS = 500;

export class JobLifecycle {
  /** Absolute ms: the job is down (RESTARTING) until then. */
  private downUntil = -1;
  private downSince = -1;
  private tasksRunningAt: number;
  private pendingRescale: RescaleEvent | null = null;
  private readonly restarts: RestartEvent[];
  private readonly rescales: RescaleEvent[];
  private allRunning = false;

  /** Deploys the job's first attempts, running from its start. */
  constructor(
    private readonly job: JobParts,
    private readonly coordinator: CheckpointCoordinator,
    private readonly deployer: Deployer,
  ) {
    this.restarts = [...(job.spec.restarts ?? [])].sort((a, b) => a.atMs - b.atMs);
    this.rescales = [...(job.spec.rescales ?? [])].sort((a, b) => a.atMs - b.atMs);
    deployer.deploy(job.start, new Map());
    this.tasksRunningAt = job.start;
    this.setStatus('RUNNING');
  }

  /** Applies what happens at `t` (failure, rescale, redeploy); true when the tasks process during the step. */
  advance(t: number): boolean {
    this.transition(t);
    if (this.job.view.state !== 'RUNNING') return false;
    if (t < this.tasksRunningAt) {
      this.setStatus(t >= this.tasksRunningAt - INITIALIZE_MS ? 'INITIALIZING' : 'DEPLOYING');
      this.allRunning = false;
      return false;
    }
    if (!this.allRunning) {
      this.setStatus('RUNNING');
      this.allRunning = true;
    }
    return true;
  }

  private setStatus(status: SimExecutionState): void {
    for (const v of this.job.vertices) for (const s of v.subs) s.view.status = status;
  }

  private transition(t: number): void {
    const view = this.job.view;
    const off = t - this.job.start;
    if (view.state === 'RESTARTING') {
      if (t >= this.downSince + CANCEL_MS)
        for (const v of this.job.vertices)
          for (const s of v.subs) if (s.view.status === 'CANCELING') s.view.status = 'CANCELED';
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
      view.numRescales++;
    }
  }

  private fail(t: number, r: RestartEvent): void {
    const v = this.job.byKey.get(r.vertex);
    if (!v) throw new Error(`restart event names unknown vertex ${r.vertex}`);
    const sub = v.subs[Math.min(r.subtask, v.subs.length - 1)]!;
    this.job.view.exceptions.push(subtaskFailure(t, r, v, sub, this.job.tms[sub.tm]!));
    this.job.view.numRestarts++;
    this.goDown(t, r.downMs);
    sub.view.status = 'FAILED';
  }

  private goDown(t: number, downMs: number): void {
    const view = this.job.view;
    view.state = 'RESTARTING';
    view.stateTimestamps.RESTARTING = t as EpochMs;
    this.downSince = t;
    this.downUntil = t + downMs;
    this.coordinator.abort(t, 'Checkpoint Coordinator is suspending.');
    for (const v of this.job.vertices) {
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
    const view = this.job.view;
    const previous = new Map<VertexRt, SubRt[]>();
    for (const v of this.job.vertices) previous.set(v, v.subs);
    const rs = this.pendingRescale;
    if (rs) {
      const v = this.job.byKey.get(rs.vertex);
      if (!v) throw new Error(`rescale event names unknown vertex ${rs.vertex}`);
      if (rs.parallelism > v.view.maxParallelism) throw new Error(`rescale of ${rs.vertex} beyond its max parallelism`);
      // Keyed state is redistributed, its size per subtask unchanged.
      v.state = (v.state / v.view.parallelism) * rs.parallelism;
      v.view.parallelism = rs.parallelism;
      this.pendingRescale = null;
    }
    this.deployer.deploy(t, previous);
    view.state = 'RUNNING';
    view.stateTimestamps.RUNNING = t as EpochMs;
    view.restoredCheckpointId = this.coordinator.lastCompletedId;
    this.tasksRunningAt = t + DEPLOY_MS + INITIALIZE_MS;
    this.coordinator.resetSchedule(this.tasksRunningAt);
  }
}
