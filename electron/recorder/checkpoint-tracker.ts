// Turns the JobManager's short checkpoint history (`web.checkpoints.history`, 10 by default) into a
// complete record: each tick reports only checkpoints that are new or changed since the last one,
// and a gap event when ids went by that the history no longer shows (more checkpoints completed
// between two polls than the history keeps).
import type { CheckpointEvent, JobEvent } from '../../shared/model';
import type { EpochMs } from '../../shared/time';

export interface CheckpointTrackerState {
  /** Last reported fingerprint per checkpoint id still in the history. */
  seen: Map<number, string>;
  /** Highest checkpoint id ever seen, or null before the first poll. */
  maxId: number | null;
}

export const newCheckpointTracker = (): CheckpointTrackerState => ({ seen: new Map(), maxId: null });

const fingerprint = (c: CheckpointEvent): string =>
  `${c.status}|${c.endTs}|${c.checkpointedSize}|${c.stateSize}|${c.alignmentMs}|${c.failureMessage}`;

export interface CheckpointUpdate {
  /** Checkpoints to upsert: new ones and ones whose status/end/size changed. */
  changed: CheckpointEvent[];
  gap: Extract<JobEvent, { kind: 'checkpoint-history-gap' }> | null;
}

/** On the first poll nothing before the history is called a gap: it happened before recording. */
export function trackCheckpoints(
  state: CheckpointTrackerState,
  history: readonly CheckpointEvent[],
  ts: EpochMs,
): CheckpointUpdate {
  const changed: CheckpointEvent[] = [];
  const ids = history.map((c) => c.id);
  const oldestInHistory = ids.length ? Math.min(...ids) : null;
  let gap: CheckpointUpdate['gap'] = null;
  if (state.maxId !== null && oldestInHistory !== null && oldestInHistory > state.maxId + 1) {
    const first = history[0]!;
    gap = {
      kind: 'checkpoint-history-gap',
      clusterId: first.clusterId,
      jobId: first.jobId,
      ts,
      missedIds: oldestInHistory - state.maxId - 1,
    };
  }
  const next = new Map<number, string>();
  for (const c of history) {
    const fp = fingerprint(c);
    if (state.seen.get(c.id) !== fp) changed.push(c);
    next.set(c.id, fp);
    if (state.maxId === null || c.id > state.maxId) state.maxId = c.id;
  }
  state.seen = next;
  changed.sort((a, b) => a.id - b.id);
  return { changed, gap };
}
