// Periodic aligned checkpoints. A barrier reaches a vertex after the data queued ahead of it
// (start delay), the vertex then holds its inputs until barriers from all channels arrived
// (alignment), snapshots synchronously and uploads asynchronously. Holding inputs is what makes
// upstream backpressure during long alignments.

import type { EpochMs } from '../../../shared/time';
import type { SimCheckpoint, SimCheckpointVertexStats, SimJob } from '../types';
import { CHECKPOINT_FAILURE_MESSAGE, planCheckpoint, scriptedAlignmentMs } from './checkpoint-plan';
import type { AlignmentEvent } from './spec';

/** What the coordinator needs to know about a vertex of the live job. */
export interface CheckpointVertex {
  key: string;
  id: string;
  parallelism: number;
  isSource: boolean;
  /** Several input channels (only then can alignment take time). */
  multiChannelInput: boolean;
  upstream: CheckpointVertex[];
  /** Milliseconds of data queued ahead of a barrier on the way into this vertex now. */
  queueDelayMs(): number;
  stateBytes(): number;
  /** Holds the vertex's inputs during [from, to) (absolute ms). */
  setAlignment(from: number, to: number): void;
}

interface Pending {
  cp: SimCheckpoint;
  endAt: number;
  failAt: number | null;
  acks: { vertex: CheckpointVertex; at: number; stats: SimCheckpointVertexStats }[];
  onComplete: () => void;
}

const MAX_START_DELAY_MS = 120_000;

export class CheckpointCoordinator {
  private nextId = 1;
  private nextTriggerAt: number;
  private pending: Pending | null = null;
  lastCompletedId: number | null = null;

  constructor(
    private readonly job: SimJob,
    private readonly seed: number,
    private readonly start: number,
    private readonly failureRate: number,
    private readonly alignments: readonly AlignmentEvent[] | undefined,
  ) {
    this.nextTriggerAt = start + job.checkpointConfig.intervalMs;
  }

  /** Starts the schedule over once all tasks run again (after a restart or rescale). */
  resetSchedule(tasksRunningAt: number): void {
    this.nextTriggerAt = tasksRunningAt + this.job.checkpointConfig.intervalMs;
  }

  /** Pending checkpoints die with a failover. */
  abort(now: number, message: string): void {
    const p = this.pending;
    if (!p) return;
    p.cp.status = 'FAILED';
    p.cp.failureTs = now as EpochMs;
    p.cp.failureMessage = message;
    p.cp.endToEndMs = now - p.cp.triggerTs;
    this.pending = null;
  }

  /** Advances to `now`; `vertices` in topological order; `snapshot` marks source positions. */
  step(now: number, vertices: CheckpointVertex[], snapshot: () => () => void): void {
    const p = this.pending;
    if (p) this.progress(p, now);
    if (!this.pending && now >= this.nextTriggerAt) this.trigger(this.nextTriggerAt, now, vertices, snapshot);
  }

  private trigger(at: number, now: number, vertices: CheckpointVertex[], snapshot: () => () => void): void {
    const id = this.nextId++;
    const plan = planCheckpoint(this.seed, this.job.jobId, id, this.failureRate);
    const delays = new Map<CheckpointVertex, number>();
    const acks: Pending['acks'] = [];
    let endAt = at;
    let stateSize = 0;
    let checkpointedSize = 0;
    for (const v of vertices) {
      let delay = v.isSource ? 2 : 0;
      for (const u of v.upstream) delay = Math.max(delay, delays.get(u) ?? 0);
      delay = Math.min(MAX_START_DELAY_MS, delay + (v.isSource ? 0 : v.queueDelayMs()));
      delays.set(v, delay);
      const scripted = scriptedAlignmentMs(this.alignments, v.key, at - this.start, plan.alignmentJitter);
      const alignment = scripted ?? (v.multiChannelInput ? Math.round(plan.alignmentJitter * 12) : 0);
      if (alignment > 0) v.setAlignment(at + delay, at + delay + alignment);
      const size = Math.round(v.stateBytes());
      const incremental = Math.round(size * (0.05 + 0.1 * plan.alignmentJitter));
      const ackAt = at + delay + alignment + plan.syncMs + plan.asyncMs;
      endAt = Math.max(endAt, ackAt);
      stateSize += size;
      checkpointedSize += incremental;
      acks.push({
        vertex: v,
        at: ackAt,
        stats: {
          vertexId: v.id,
          alignmentMs: alignment,
          startDelayMs: Math.round(delay),
          syncMs: plan.syncMs,
          asyncMs: plan.asyncMs,
          stateSize: size,
          checkpointedSize: incremental,
          numSubtasks: v.parallelism,
          numAcknowledged: 0,
        },
      });
    }
    const numSubtasks = vertices.reduce((n, v) => n + v.parallelism, 0);
    const cp: SimCheckpoint = {
      id,
      status: 'IN_PROGRESS',
      isSavepoint: false,
      triggerTs: at as EpochMs,
      latestAckTs: at as EpochMs,
      endToEndMs: 0,
      stateSize,
      checkpointedSize,
      processedData: 0,
      persistedData: 0,
      numSubtasks,
      numAcknowledged: 0,
      failureTs: null,
      failureMessage: null,
      perVertex: acks.map((a) => a.stats),
    };
    this.job.checkpoints.push(cp);
    // A failing checkpoint dies half way through its async upload, after alignment.
    const failAt = plan.fails ? endAt - Math.round(plan.asyncMs / 2) : null;
    this.pending = { cp, endAt, failAt, acks, onComplete: snapshot() };
    this.nextTriggerAt = at + this.job.checkpointConfig.intervalMs;
    this.progress(this.pending, now);
  }

  private progress(p: Pending, now: number): void {
    const cp = p.cp;
    let acked = 0;
    let latest = cp.triggerTs as number;
    for (const a of p.acks) {
      if (a.at <= now) {
        a.stats.numAcknowledged = a.stats.numSubtasks;
        acked += a.stats.numSubtasks;
        latest = Math.max(latest, a.at);
      }
    }
    if (p.failAt !== null && now >= p.failAt) {
      cp.status = 'FAILED';
      cp.failureTs = p.failAt as EpochMs;
      cp.failureMessage = CHECKPOINT_FAILURE_MESSAGE;
      cp.endToEndMs = p.failAt - cp.triggerTs;
      cp.numAcknowledged = acked;
      cp.latestAckTs = latest as EpochMs;
      this.pending = null;
      return;
    }
    const timeout = this.job.checkpointConfig.timeoutMs;
    if (now - cp.triggerTs >= timeout && p.endAt > cp.triggerTs + timeout) {
      cp.status = 'FAILED';
      cp.failureTs = (cp.triggerTs + timeout) as EpochMs;
      cp.failureMessage = 'Checkpoint expired before completing.';
      cp.endToEndMs = timeout;
      this.pending = null;
      return;
    }
    cp.numAcknowledged = acked;
    cp.latestAckTs = latest as EpochMs;
    if (now >= p.endAt) {
      cp.status = 'COMPLETED';
      cp.endToEndMs = p.endAt - cp.triggerTs;
      cp.latestAckTs = p.endAt as EpochMs;
      this.lastCompletedId = cp.id;
      p.onComplete();
      this.pending = null;
    } else {
      cp.endToEndMs = now - cp.triggerTs;
    }
  }
}
