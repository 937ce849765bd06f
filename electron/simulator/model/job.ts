// One simulated job: composes its deployment, lifecycle, flow physics, checkpoints and the
// metrics it publishes. Each part draws from its own random stream, so the job replays per seed.

import type { EpochMs } from '../../../shared/time';
import type { SimJob } from '../types';
import { CheckpointCoordinator } from './checkpoints';
import { buildVertices, Deployer } from './deployment';
import { JobFlow, snapshotSources } from './flow';
import { jobIdFor } from './ids';
import { JobLifecycle } from './job-lifecycle';
import { rollMeters } from './job-metrics';
import type { JobParts } from './job-parts';
import { Prng } from './prng';
import type { ClusterSpec, JobSpec } from './spec';
import type { TaskManagerRt } from './taskmanager';
import type { VertexRt } from './vertex-rt';

export class JobRt implements JobParts {
  readonly view: SimJob;
  readonly vertices: VertexRt[];
  readonly byKey: Map<string, VertexRt>;
  readonly stepMs: number;
  private readonly coordinator: CheckpointCoordinator;
  private readonly lifecycle: JobLifecycle;
  private readonly flow: JobFlow;

  constructor(
    cluster: ClusterSpec,
    readonly spec: JobSpec,
    seed: number,
    readonly start: number,
    readonly tms: TaskManagerRt[],
    slotOffset: number,
  ) {
    this.stepMs = cluster.stepMs;
    const streams = `${cluster.scenario}:${seed}:${spec.key}`;
    this.byKey = buildVertices(cluster.scenario, spec, cluster.stepMs);
    this.vertices = [...this.byKey.values()];
    this.view = {
      jobId: jobIdFor(cluster.scenario, spec.key),
      name: spec.name,
      state: 'RUNNING',
      startTime: start as EpochMs,
      endTime: null,
      stateTimestamps: { INITIALIZING: start as EpochMs, CREATED: start as EpochMs, RUNNING: start as EpochMs },
      vertices: this.vertices.map((v) => v.view),
      edges: [], // set by each deployment
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
    const deployer = new Deployer(this, slotOffset, new Prng(`${streams}:subtask-spread`));
    this.lifecycle = new JobLifecycle(this, this.coordinator, deployer);
    this.flow = new JobFlow(this, streams);
  }

  /** Slots this job occupies (slot sharing: the highest parallelism). */
  get slotsUsed(): number {
    return Math.max(...this.vertices.map((v) => v.parallelism));
  }

  /** Runs the step [t, t+dt). */
  step(t: number, publish: boolean): void {
    if (!this.lifecycle.advance(t)) {
      this.flow.accrueBacklog(this.stepMs);
      return;
    }
    const end = t + this.stepMs;
    this.flow.step(t, publish);
    this.coordinator.step(end, this.vertices, () => snapshotSources(this.vertices));
    rollMeters(this, end, publish);
  }
}
