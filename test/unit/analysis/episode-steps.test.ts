// The plain-data steps of describing an episode, each on its own.
import { describe, expect, it } from 'vitest';
import {
  affectedSpread,
  episodeTiming,
  impactOf,
  jobEventsAround,
  overlapsOf,
  ratioSourcesOf,
  summariseGc,
} from '../../../shared/analysis/episode-steps';
import { SRC_ACCUMULATED, SRC_ENDPOINT, SRC_GAUGE } from '../../../shared/analysis/ratios';
import { CATCH_UP_MS } from '../../../shared/analysis/thresholds';
import { parseFlinkVersion } from '../../../shared/flink-versions';
import type { GcWindow, JobEvent } from '../../../shared/model';
import { epochMs } from '../../../shared/time';

const v1_20 = parseFlinkVersion('1.20.1');
const v1_14 = parseFlinkVersion('1.14.6');
const v1_12 = parseFlinkVersion('1.12.7');

describe('episodeTiming', () => {
  it('subtracts the 60 s gauge window beyond one sample before classifying', () => {
    const t = episodeTiming({ source: SRC_GAUGE, durationMs: 100_000 }, 10_000, v1_20, 60_000);
    expect(t).toEqual({ windowMs: 60_000, effectiveDurationMs: 50_000, cls: 'transient' });
  });

  it('takes accumulated busy/backpressured time as it is', () => {
    const t = episodeTiming({ source: SRC_ACCUMULATED, durationMs: 60_000 }, 10_000, v1_20, 60_000);
    expect(t).toEqual({ windowMs: 0, effectiveDurationMs: 60_000, cls: 'sustained' });
  });

  it('smooths the /backpressure endpoint only where it reads the gauges (1.13+)', () => {
    expect(episodeTiming({ source: SRC_ENDPOINT, durationMs: 30_000 }, 10_000, v1_14, 60_000).windowMs).toBe(5_000);
    expect(episodeTiming({ source: SRC_ENDPOINT, durationMs: 30_000 }, 10_000, v1_12, 60_000).windowMs).toBe(0);
  });

  it('never makes the duration negative', () => {
    expect(episodeTiming({ source: SRC_GAUGE, durationMs: 10_000 }, 1_000, v1_20, 0).effectiveDurationMs).toBe(0);
  });
});

describe('affectedSpread', () => {
  it('lists flagged subtasks and calls the scope one, some or all', () => {
    expect(affectedSpread(Uint8Array.from([0, 1, 0]), 3)).toEqual({ affectedSubtasks: [1], scope: 'one' });
    expect(affectedSpread(Uint8Array.from([1, 1, 0]), 3)).toEqual({ affectedSubtasks: [0, 1], scope: 'some' });
    expect(affectedSpread(Uint8Array.from([1, 1, 1]), 3)).toEqual({ affectedSubtasks: [0, 1, 2], scope: 'all' });
    expect(affectedSpread(Uint8Array.from([]), 0)).toEqual({ affectedSubtasks: [], scope: 'one' });
  });
});

describe('jobEventsAround', () => {
  const restart = (ts: number): JobEvent => ({
    kind: 'restart',
    clusterId: 1,
    jobId: 'j',
    ts: epochMs(ts),
    numRestarts: 1,
  });
  const rescale = (ts: number): JobEvent => ({
    kind: 'rescale',
    clusterId: 1,
    jobId: 'j',
    ts: epochMs(ts),
    vertexId: 'v',
    from: 2,
    to: 4,
  });
  const state = (ts: number): JobEvent => ({
    kind: 'state',
    clusterId: 1,
    jobId: 'j',
    ts: epochMs(ts),
    from: 'RESTARTING',
    to: 'RUNNING',
  });

  it('names the latest restart or rescale before the start as the catch-up', () => {
    const r = jobEventsAround([restart(10_000), rescale(50_000), state(90_000)], 100_000, 200_000);
    expect(r.restarts).toHaveLength(1);
    expect(r.rescales).toHaveLength(1);
    expect(r.catchUp).toEqual({ kind: 'rescale', msBefore: 50_000 });
  });

  it('ignores events older than the catch-up window and counts those during the episode', () => {
    const r = jobEventsAround([restart(100_000 - CATCH_UP_MS - 1), restart(150_000)], 100_000, 200_000);
    expect(r.restarts.map((e) => e.ts)).toEqual([150_000]);
    expect(r.catchUp).toBeNull();
  });
});

describe('overlapsOf', () => {
  it('lists what happened in the document order, a rescale also when the series saw one', () => {
    expect(overlapsOf({ checkpoints: [1], gc: [1], restarts: [1], rescales: [], rescaled: true })).toEqual([
      'checkpoint',
      'gc',
      'restart',
      'rescale',
    ]);
    expect(overlapsOf({ checkpoints: [], gc: [], restarts: [], rescales: [], rescaled: false })).toEqual([]);
  });
});

describe('impactOf', () => {
  it('counts the records moved while backpressured, output rate first', () => {
    expect(impactOf({ recordsOutPerSec: 1000.123, recordsInPerSec: 5 }, 30_000, 0.5)).toEqual({
      throughputRecordsPerSec: 1000.12,
      impact: 30_003.69,
      impactBasis: 'records',
    });
    expect(impactOf({ recordsOutPerSec: NaN, recordsInPerSec: 200 }, 10_000, 0.5).impact).toBe(2000);
  });

  it('falls back to subtask-seconds without record rates', () => {
    expect(impactOf({ recordsOutPerSec: NaN, recordsInPerSec: NaN }, 30_000, 0.5)).toEqual({
      throughputRecordsPerSec: null,
      impact: 15,
      impactBasis: 'subtasks',
    });
  });
});

describe('ratioSourcesOf', () => {
  it('names the sources with samples, in RATIO_SOURCES order', () => {
    expect(ratioSourcesOf([2, 0, 1, 0, 0, 0])).toEqual(['accumulated', 'gauge']);
  });
});

describe('summariseGc', () => {
  const w = (tm: string, gcTimeMs: number): GcWindow => ({
    clusterId: 1,
    taskManagerId: tm,
    start: epochMs(0),
    end: epochMs(1),
    gcTimeMs,
    gcCount: 1,
    collector: null,
  });
  it('sums GC time per TaskManager, by id', () => {
    expect(summariseGc([w('tm-2', 300), w('tm-1', 100), w('tm-2', 200)])).toEqual([
      { taskManager: 'tm-1', gcTimeMs: 100 },
      { taskManager: 'tm-2', gcTimeMs: 500 },
    ]);
  });
});
