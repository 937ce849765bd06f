import { describe, expect, it } from 'vitest';
import { allocSubtaskBuffers, computeSubtaskRatios, RATIO_SOURCES, SOURCE_NONE } from '../../../shared/analysis/ratios';
import { frame } from './fixtures';

const src = (code: number): string | null => (code === SOURCE_NONE ? null : RATIO_SOURCES[code]!);

function run(prev: ReturnType<typeof frame> | null, cur: ReturnType<typeof frame>, wall = 10_000) {
  const out = allocSubtaskBuffers(cur.parallelism);
  const resets = computeSubtaskRatios(prev, cur, wall, out);
  return { out, resets };
}

describe('ratio sources and their preference', () => {
  // Every source present, each telling a different value, so the chosen one is visible.
  const everything = {
    backPressuredTimeMsPerSecond: [200],
    backPressureRatio: [0.3],
    isBackPressured: [1],
    outPoolUsage: [1],
    busyTimeMsPerSecond: [100],
    idleTimeMsPerSecond: [700],
  };
  const prev = frame('v', 0, {
    accumulateBackPressuredTimeMs: [1000],
    accumulateBusyTimeMs: [0],
    accumulateIdleTimeMs: [0],
  });

  it('prefers differenced accumulate counters over the wall time', () => {
    const cur = frame('v', 10_000, {
      ...everything,
      accumulateBackPressuredTimeMs: [1000 + 7000],
      accumulateBusyTimeMs: [2500],
      accumulateIdleTimeMs: [500],
    });
    const { out } = run(prev, cur, 10_000);
    expect(out.ratio[0]).toBeCloseTo(0.7);
    expect(out.busy[0]).toBeCloseTo(0.25);
    expect(out.idle[0]).toBeCloseTo(0.05);
    expect(src(out.source[0]!)).toBe('accumulated');
  });

  it('falls back to the backPressuredTimeMsPerSecond gauge on versions without counters', () => {
    const { out } = run(null, frame('v', 0, everything));
    expect(out.ratio[0]).toBeCloseTo(0.2);
    expect(out.busy[0]).toBeCloseTo(0.1);
    expect(src(out.source[0]!)).toBe('gauge');
  });

  it('leaves a first sample with counters unknown: no baseline, and no gauge standing in', () => {
    // A task that has just started: Flink's TimerGauges are 0, so its busy gauge reads 1000 ms/s.
    const justStarted = { backPressuredTimeMsPerSecond: [0], idleTimeMsPerSecond: [0], busyTimeMsPerSecond: [1000] };
    const { out } = run(
      null,
      frame('v', 0, {
        ...justStarted,
        accumulateBackPressuredTimeMs: [0],
        accumulateBusyTimeMs: [40],
        accumulateIdleTimeMs: [0],
      }),
    );
    expect(out.ratio[0]).toBeNaN();
    expect(out.busy[0]).toBeNaN();
    expect(out.idle[0]).toBeNaN();
    expect(out.source[0]).toBe(SOURCE_NONE);
  });

  it("leaves it unknown too where only the JobManager's sums carry the counters", () => {
    const cur = {
      ...frame('v', 0, { backPressuredTimeMsPerSecond: [0, 0], busyTimeMsPerSecond: [1000, 1000] }),
      totals: {
        accumulateBackPressuredTimeMs: { sum: 0, subtasks: 2 },
        accumulateBusyTimeMs: { sum: 80, subtasks: 2 },
      },
    };
    const { out } = run(null, cur);
    expect(Array.from(out.ratio)).toEqual([NaN, NaN]);
    expect(Array.from(out.busy)).toEqual([NaN, NaN]);
  });

  it('then to the /backpressure ratio', () => {
    const { backPressuredTimeMsPerSecond: _, ...rest } = everything;
    const { out } = run(null, frame('v', 0, rest));
    expect(out.ratio[0]).toBeCloseTo(0.3);
    expect(src(out.source[0]!)).toBe('backpressure-endpoint');
  });

  it('then to isBackPressured (true → fully backpressured)', () => {
    const { out } = run(null, frame('v', 0, { isBackPressured: [1, 0], outPoolUsage: [0, 1] }));
    expect(Array.from(out.ratio)).toEqual([1, 0]);
    expect(src(out.source[0]!)).toBe('is-backpressured');
  });

  it('and last to a full output pool on old versions', () => {
    const { out } = run(null, frame('v', 0, { outPoolUsage: [1, 0.6] }));
    expect(Array.from(out.ratio)).toEqual([1, 0]);
    expect(src(out.source[1]!)).toBe('out-pool-usage');
  });

  it('skips a NaN gauge of one subtask to the next source for that subtask only', () => {
    const { out } = run(
      null,
      frame('v', 0, { backPressuredTimeMsPerSecond: [NaN, 600], backPressureRatio: [0.4, 0.9] }),
    );
    expect(out.ratio[0]).toBeCloseTo(0.4);
    expect(src(out.source[0]!)).toBe('backpressure-endpoint');
    expect(out.ratio[1]).toBeCloseTo(0.6);
  });

  it('leaves a subtask without any source as missing, not zero', () => {
    const { out } = run(null, frame('v', 0, { inPoolUsage: [0.2] }));
    expect(out.ratio[0]).toBeNaN();
    expect(out.source[0]).toBe(SOURCE_NONE);
  });
});

describe('counter resets and legacy sources', () => {
  it('turns a counter that went down into a gap, not a negative ratio', () => {
    const prev = frame('v', 0, {
      accumulateBackPressuredTimeMs: [9000, 9000],
      accumulateBusyTimeMs: [1, 1],
      accumulateIdleTimeMs: [1, 1],
    });
    const cur = frame('v', 10_000, {
      accumulateBackPressuredTimeMs: [200, 14_000],
      accumulateBusyTimeMs: [5, 2],
      accumulateIdleTimeMs: [5, 2],
      backPressuredTimeMsPerSecond: [900, 900],
    });
    const { out, resets } = run(prev, cur);
    expect(resets).toBe(1);
    expect(out.ratio[0]).toBeNaN();
    expect(out.busy[0]).toBeNaN();
    expect(out.reset[0]).toBe(1);
    expect(out.ratio[1]).toBeCloseTo(0.5);
  });

  it("a subtask's busy time falling back a little reads as no busy time, not as a new attempt", () => {
    const prev = frame('v', 0, {
      accumulateBackPressuredTimeMs: [1_000],
      accumulateBusyTimeMs: [5_000],
      accumulateIdleTimeMs: [1_000],
    });
    const cur = frame('v', 10_000, {
      accumulateBackPressuredTimeMs: [10_000],
      accumulateBusyTimeMs: [4_800],
      accumulateIdleTimeMs: [2_200],
    });
    const { out, resets } = run(prev, cur);
    expect(resets).toBe(0);
    expect(out.ratio[0]).toBeCloseTo(0.9);
    expect(out.busy[0]).toBe(0);
    expect(out.idle[0]).toBeCloseTo(0.12);
  });

  it('keeps NaN busy time of legacy sources as NaN', () => {
    const { out } = run(
      null,
      frame('v', 0, { backPressuredTimeMsPerSecond: [0], busyTimeMsPerSecond: [NaN], idleTimeMsPerSecond: [1000] }),
    );
    expect(out.busy[0]).toBeNaN();
    expect(out.idle[0]).toBe(1);
    expect(out.ratio[0]).toBe(0);
  });

  it("does not difference across a parallelism change (rescale), nor read the new attempt's gauges", () => {
    const prev = frame('v', 0, { accumulateBackPressuredTimeMs: [0, 0] });
    const cur = frame('v', 10_000, {
      accumulateBackPressuredTimeMs: [9000, 9000, 9000],
      backPressuredTimeMsPerSecond: [50, 50, 50],
    });
    const { out } = run(prev, cur);
    expect(out.ratio[2]).toBeNaN();
    expect(out.source[2]).toBe(SOURCE_NONE);
  });

  it('reads the gauge when the previous frame exists but lacks the counters (a vertex just turned hot)', () => {
    const prev = frame('v', 0, { backPressuredTimeMsPerSecond: [50] });
    const cur = frame('v', 10_000, {
      accumulateBackPressuredTimeMs: [9000],
      backPressuredTimeMsPerSecond: [70],
      busyTimeMsPerSecond: [300],
    });
    const { out } = run(prev, cur);
    expect(out.ratio[0]).toBeCloseTo(0.07);
    expect(out.busy[0]).toBeCloseTo(0.3);
    expect(src(out.source[0]!)).toBe('gauge');
  });
});

describe('counters summed over subtasks by the JobManager', () => {
  // What a non-hot vertex carries on 1.17+: 60 s gauges per subtask, exact sums per vertex.
  const withTotals = (ts: number, gauge: number[], bpSum: number, busySum: number, n = gauge.length) => ({
    ...frame('v', ts, { backPressuredTimeMsPerSecond: gauge, busyTimeMsPerSecond: gauge.map(() => 100) }),
    totals: {
      accumulateBackPressuredTimeMs: { sum: bpSum, subtasks: n },
      accumulateBusyTimeMs: { sum: busySum, subtasks: n },
    },
  });

  it('a short burst on every subtask reads at its exact height, not at the 60 s average', () => {
    // 4 subtasks, 600 ms/s of backpressure each over a 1 s interval; the gauges show ≈ 40 ms/s.
    const prev = withTotals(0, [40, 40, 40, 40], 10_000, 0);
    const cur = withTotals(1_000, [40, 40, 40, 40], 10_000 + 4 * 600, 4 * 300);
    const { out } = run(prev, cur, 1_000);
    for (let i = 0; i < 4; i++) {
      expect(out.ratio[i]).toBeCloseTo(0.6);
      expect(out.busy[i]).toBeCloseTo(0.3);
      expect(src(out.source[i]!)).toBe('accumulated-sum');
    }
  });

  it('spreads the exact mean over subtasks as the smoothed gauges do', () => {
    // One subtask carries all of it: 2 s of backpressure in a 2.5 s interval over 4 subtasks.
    const prev = withTotals(0, [800, 0, 0, 0], 0, 0);
    const cur = withTotals(2_500, [800, 0, 0, 0], 2_000, 0);
    const { out } = run(prev, cur, 2_500);
    expect(out.ratio[0]).toBeCloseTo(0.8);
    expect(Array.from(out.ratio.subarray(1, 4))).toEqual([0, 0, 0]);
  });

  it('ignores sums that do not cover every subtask at both ends', () => {
    const prev = withTotals(0, [40, 40], 0, 0, 1);
    const cur = withTotals(1_000, [40, 40], 1_500, 0);
    const { out } = run(prev, cur, 1_000);
    expect(src(out.source[0]!)).toBe('gauge');
    expect(out.ratio[0]).toBeCloseTo(0.04);
  });

  it('treats a sum that went down as a counter reset (a gap), never as zero', () => {
    const prev = withTotals(0, [40, 40], 50_000, 0);
    const cur = withTotals(1_000, [40, 40], 200, 0);
    const { out, resets } = run(prev, cur, 1_000);
    expect(resets).toBe(2);
    expect(Number.isNaN(out.ratio[0]!)).toBe(true);
    expect(out.source[0]).toBe(SOURCE_NONE);
  });

  it('a summed busy time that fell back a little is no reset: the backpressure of that interval still counts', () => {
    // Real Flink 1.17, a rate-limited source backpressured at 10 s fetches: Flink derives busy time as
    // elapsed − idle − backpressured, and it fell 107 ms while backpressure grew 17.8 s over 2 subtasks.
    const prev = withTotals(0, [40, 40], 10_165, 1_371);
    const cur = withTotals(10_000, [40, 40], 27_997, 1_264);
    const { out, resets } = run(prev, cur, 10_000);
    expect(resets).toBe(0);
    expect(out.ratio[0]).toBeCloseTo(0.89, 2);
    expect(out.busy[0]).toBe(0);
    expect(src(out.source[0]!)).toBe('accumulated-sum');
  });

  it('a summed busy time that fell by more than the timers can lag is a new attempt (a gap)', () => {
    const prev = withTotals(0, [40, 40], 10_000, 600_000);
    const cur = withTotals(10_000, [40, 40], 12_000, 3_000);
    const { out, resets } = run(prev, cur, 10_000);
    expect(resets).toBe(2);
    expect(out.ratio[0]).toBeNaN();
  });

  it('per-subtask counters win where both were fetched', () => {
    const prev = {
      ...withTotals(0, [0, 0], 0, 0),
      subtasks: { accumulateBackPressuredTimeMs: Float64Array.from([0, 0]) },
    };
    const cur = {
      ...withTotals(1_000, [0, 0], 1_000, 0),
      subtasks: { accumulateBackPressuredTimeMs: Float64Array.from([1_000, 0]) },
    };
    const { out } = run(prev, cur, 1_000);
    expect(Array.from(out.ratio)).toEqual([1, 0]);
    expect(src(out.source[0]!)).toBe('accumulated');
  });
});
