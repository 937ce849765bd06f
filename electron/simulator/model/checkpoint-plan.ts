// The parts of a checkpoint that do not depend on the live model (seeded per checkpoint id), so
// the model and a scenario's ground truth agree on them.

import { Prng } from './prng';
import type { AlignmentEvent } from './spec';

export interface CheckpointPlan {
  syncMs: number;
  asyncMs: number;
  /** Fails in its async phase with `failureMessage`. */
  fails: boolean;
  /** 0..1, places scripted alignment durations inside their min..max range. */
  alignmentJitter: number;
}

export const CHECKPOINT_FAILURE_MESSAGE = 'Asynchronous task checkpoint failed.';

export function planCheckpoint(seed: number, jobId: string, checkpointId: number, failureRate: number): CheckpointPlan {
  const r = new Prng(`checkpoint:${seed}:${jobId}:${checkpointId}`);
  return {
    syncMs: Math.round(r.range(2, 25)),
    asyncMs: Math.round(r.range(250, 900)),
    fails: r.next() < failureRate,
    alignmentJitter: r.next(),
  };
}

/** Scripted alignment (ms) at a vertex for a checkpoint triggered at `offsetMs`, or null. */
export function scriptedAlignmentMs(
  events: readonly AlignmentEvent[] | undefined,
  vertexKey: string,
  offsetMs: number,
  jitter: number,
): number | null {
  for (const e of events ?? []) {
    if (e.vertex === vertexKey && offsetMs >= e.fromMs && offsetMs < e.toMs) {
      return Math.round(e.minMs + (e.maxMs - e.minMs) * jitter);
    }
  }
  return null;
}
