import { describe, expect, it } from 'vitest';
import { newCheckpointTracker, trackCheckpoints } from '../../../electron/recorder/checkpoint-tracker';
import type { CheckpointEvent } from '../../../shared/model';
import { epochMs } from '../../../shared/time';

const cp = (id: number, status: CheckpointEvent['status'] = 'COMPLETED', endTs = id * 1000 + 500): CheckpointEvent => ({
  clusterId: 1,
  jobId: 'j1',
  id,
  status,
  isSavepoint: false,
  triggerTs: epochMs(id * 1000),
  endTs: epochMs(endTs),
  checkpointedSize: 10,
  stateSize: 100,
  alignmentMs: null,
  failureMessage: null,
});
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => cp(b - i)); // newest first, as Flink

describe('trackCheckpoints', () => {
  it('reports the whole first history without calling older ids a gap', () => {
    const s = newCheckpointTracker();
    const u = trackCheckpoints(s, range(41, 50), epochMs(0));
    expect(u.changed.map((c) => c.id)).toEqual([41, 42, 43, 44, 45, 46, 47, 48, 49, 50]);
    expect(u.gap).toBeNull();
  });

  it('reports only new and changed checkpoints afterwards', () => {
    const s = newCheckpointTracker();
    trackCheckpoints(s, [cp(2), cp(1, 'IN_PROGRESS', 1200)], epochMs(0));
    const u = trackCheckpoints(s, [cp(3, 'IN_PROGRESS', 3100), cp(2), cp(1)], epochMs(10_000));
    expect(u.changed.map((c) => [c.id, c.status])).toEqual([
      [1, 'COMPLETED'],
      [3, 'IN_PROGRESS'],
    ]);
    expect(trackCheckpoints(s, [cp(3, 'IN_PROGRESS', 3100), cp(2), cp(1)], epochMs(20_000)).changed).toEqual([]);
  });

  it('records a gap when more checkpoints passed than the history keeps', () => {
    const s = newCheckpointTracker();
    trackCheckpoints(s, range(1, 10), epochMs(0));
    const u = trackCheckpoints(s, range(14, 23), epochMs(10_000));
    expect(u.gap).toEqual({ kind: 'checkpoint-history-gap', clusterId: 1, jobId: 'j1', ts: 10_000, missedIds: 3 });
    expect(u.changed).toHaveLength(10);
  });

  it('sees no gap when the history just moved on', () => {
    const s = newCheckpointTracker();
    trackCheckpoints(s, range(1, 10), epochMs(0));
    expect(trackCheckpoints(s, range(6, 15), epochMs(10_000)).gap).toBeNull();
    expect(trackCheckpoints(s, [], epochMs(20_000)).gap).toBeNull();
  });
});
