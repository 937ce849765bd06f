// Builds a scenario's ground truth from its own script: the same offsets that drive the model
// become episode and window bounds. Backpressure reaches a vertex once the queues between it and
// the bottleneck have filled; the `lagMs` a scenario passes is that propagation delay.

import { planCheckpoint, scriptedAlignmentMs } from '../model/checkpoint-plan';
import { jobIdFor, taskManagerIdFor, vertexIdFor } from '../model/ids';
import { DEPLOY_MS, INITIALIZE_MS } from '../model/job-lifecycle';
import type { ClusterSpec, JobSpec } from '../model/spec';
import type { GroundTruth, TruthCause, TruthEpisode, TruthWindow } from '../types';

export const SUSTAINED_MS = 60_000;

export interface EpisodeInput {
  job?: string;
  vertex: string;
  startMs: number;
  endMs: number;
  recurring?: boolean;
  bottleneck: string | null;
  subtasks?: number[];
  cause: TruthCause;
}

export class TruthBuilder {
  private readonly episodes: TruthEpisode[] = [];
  private readonly windows: TruthWindow[] = [];

  constructor(
    private readonly spec: ClusterSpec,
    private readonly seed: number,
  ) {}

  private job(key?: string): JobSpec {
    const j = key === undefined ? this.spec.jobs[0] : this.spec.jobs.find((x) => x.key === key);
    if (!j) throw new Error(`scenario ${this.spec.scenario}: no job ${key ?? '(first)'}`);
    return j;
  }

  vertexName(jobKey: string, key: string): string {
    const v = this.job(jobKey).vertices.find((x) => x.key === key);
    if (!v) throw new Error(`scenario ${this.spec.scenario}: no vertex ${key}`);
    return v.operators.join(' -> ');
  }

  parallelismOf(jobKey: string, key: string): number {
    return this.job(jobKey).vertices.find((x) => x.key === key)?.parallelism ?? 0;
  }

  episode(e: EpisodeInput): this {
    const job = this.job(e.job);
    const scenario = this.spec.scenario;
    const bottleneckSubtasks =
      e.subtasks ??
      (e.bottleneck === null ? [] : Array.from({ length: this.parallelismOf(job.key, e.bottleneck) }, (_, i) => i));
    this.episodes.push({
      jobId: jobIdFor(scenario, job.key),
      vertexId: vertexIdFor(scenario, job.key, e.vertex),
      vertexName: this.vertexName(job.key, e.vertex),
      startOffsetMs: e.startMs,
      endOffsetMs: e.endMs,
      class: e.endMs - e.startMs >= SUSTAINED_MS ? 'sustained' : 'transient',
      recurring: e.recurring ?? false,
      bottleneckVertexId: e.bottleneck === null ? null : vertexIdFor(scenario, job.key, e.bottleneck),
      bottleneckSubtasks,
      cause: e.cause,
    });
    return this;
  }

  window(
    kind: TruthWindow['kind'],
    startMs: number,
    endMs: number,
    opts: { job?: string; taskManager?: number } = {},
  ): this {
    this.windows.push({
      kind,
      jobId: kind === 'gc' ? null : jobIdFor(this.spec.scenario, this.job(opts.job).key),
      taskManagerId: opts.taskManager === undefined ? null : taskManagerIdFor(this.spec.scenario, opts.taskManager),
      startOffsetMs: startMs,
      endOffsetMs: endMs,
    });
    return this;
  }

  /** GC windows straight from the cluster's scripted pauses. */
  gcWindows(): this {
    for (const g of this.spec.gcPauses ?? [])
      this.window('gc', g.atMs, g.atMs + g.durationMs, { taskManager: g.taskManager });
    return this;
  }

  /**
   * Restart and rescale windows (down until all tasks run again) for the job's script.
   * Returns them for the checkpoint schedule.
   */
  downWindows(jobKey?: string): { startMs: number; endMs: number }[] {
    const job = this.job(jobKey);
    const downs = [
      ...(job.restarts ?? []).map((r) => ({ kind: 'restart' as const, at: r.atMs, down: r.downMs })),
      ...(job.rescales ?? []).map((r) => ({ kind: 'rescale' as const, at: r.atMs, down: r.downMs })),
    ].sort((a, b) => a.at - b.at);
    return downs.map((d) => {
      const w = { startMs: d.at, endMs: d.at + d.down + DEPLOY_MS + INITIALIZE_MS };
      this.window(d.kind, w.startMs, w.endMs, { job: job.key });
      return w;
    });
  }

  /**
   * Checkpoint windows as the coordinator schedules them: every interval while running,
   * restarting the schedule once tasks run again after a restart. Start delays are
   * milliseconds in these scenarios and are left out. Returns the triggers with their
   * scripted alignments.
   */
  checkpointWindows(
    durationMs: number,
    downs: { startMs: number; endMs: number }[],
    jobKey?: string,
  ): CheckpointTruth[] {
    const job = this.job(jobKey);
    const jobId = jobIdFor(this.spec.scenario, job.key);
    const out: CheckpointTruth[] = [];
    let id = 1;
    let trigger = job.checkpointIntervalMs;
    for (;;) {
      const down = downs.find((d) => d.startMs <= trigger && trigger < d.endMs);
      if (down) {
        trigger = down.endMs + job.checkpointIntervalMs;
        continue;
      }
      if (trigger >= durationMs) break;
      const plan = planCheckpoint(this.seed, jobId, id, job.checkpointFailureRate);
      const alignments = new Map<string, number>();
      for (const v of job.vertices) {
        const a = scriptedAlignmentMs(job.alignments, v.key, trigger, plan.alignmentJitter);
        if (a !== null) alignments.set(v.key, a);
      }
      const maxAlign = Math.max(0, ...alignments.values());
      const complete = trigger + maxAlign + plan.syncMs + plan.asyncMs;
      let end = plan.fails ? complete - Math.round(plan.asyncMs / 2) : complete;
      const cut = downs.find((d) => d.startMs > trigger && d.startMs < end);
      if (cut) end = cut.startMs;
      this.window('checkpoint', trigger, end, { job: job.key });
      out.push({ id, triggerMs: trigger, endMs: end, alignments, completed: !plan.fails && !cut });
      id++;
      const next = downs.find((d) => d.startMs > trigger && d.startMs < trigger + job.checkpointIntervalMs);
      trigger = next ? next.endMs + job.checkpointIntervalMs : trigger + job.checkpointIntervalMs;
    }
    return out;
  }

  build(description: string, durationMs: number): GroundTruth {
    return {
      scenario: this.spec.scenario,
      description,
      durationMs,
      episodes: [...this.episodes].sort((a, b) => a.startOffsetMs - b.startOffsetMs),
      windows: [...this.windows].sort((a, b) => a.startOffsetMs - b.startOffsetMs),
    };
  }
}

export interface CheckpointTruth {
  id: number;
  triggerMs: number;
  endMs: number;
  /** Scripted alignment (ms) per vertex key. */
  alignments: Map<string, number>;
  completed: boolean;
}
