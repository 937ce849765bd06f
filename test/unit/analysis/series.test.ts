import { describe, expect, it } from 'vitest';
import { vertexKey } from '../../../shared/keys';
import { RATIO_SOURCES } from '../../../shared/analysis/ratios';
import { buildSeries, extendSeries, GAP_REASONS, type SeriesContext } from '../../../shared/analysis/series';
import { subtaskRatios, vertexLevelSeries } from '../../../shared/analysis/vertex-series';
import { epochMs } from '../../../shared/time';
import { chain, frame, JOB, rows, session, STEP, T0, tick } from './fixtures';

const KEY = vertexKey(1, JOB, 'v');
const arr = (a: ArrayLike<number>, n: number): number[] => Array.from(a).slice(0, n);

describe('vertex level series', () => {
  it('takes the max subtask ratio as the vertex level and counts affected subtasks', () => {
    const frames = chain('v', {
      bp: [
        [0, 0.05, 0.3, 0.8],
        [0, 0, 0, 0],
      ],
    });
    const s = vertexLevelSeries(session({ frames }), KEY);
    expect(s.n).toBe(3);
    expect(s.gap[0]).toBe(1); // baseline frame: counters only, nothing to difference yet
    expect(GAP_REASONS[s.gapReason[0]!]).toBe('no-baseline');
    expect(s.ratio[1]).toBeCloseTo(0.8);
    expect(s.level[1]).toBe(2);
    expect(s.affected[1]).toBe(2);
    expect(s.total[1]).toBe(4);
    expect(RATIO_SOURCES[s.source[1]!]).toBe('accumulated');
    expect(s.level[2]).toBe(0);
    expect(s.affected[2]).toBe(0);
  });

  it('differences over the JobManager fetch time when ticks carry it', () => {
    const frames = chain('v', { bp: [[0.5]] }); // 5000 ms backpressured between the two frames
    // The recorder polled 10 s apart, but the JobManager's fetches were 20 s apart.
    const ticks = [tick(T0, { serverTs: epochMs(T0 - 15_000) }), tick(T0 + STEP, { serverTs: epochMs(T0 + 5_000) })];
    const s = vertexLevelSeries(session({ frames, ticks }), KEY);
    expect(s.ratio[1]).toBeCloseTo(0.25);
  });

  it('drops frames of ticks that were not fresh, and repeated fetch times', () => {
    const frames = [
      frame('v', T0, { backPressuredTimeMsPerSecond: [0] }),
      frame('v', T0 + 5_000, { backPressuredTimeMsPerSecond: [0] }),
      frame('v', T0 + 7_000, { backPressuredTimeMsPerSecond: [0] }),
      frame('v', T0 + 10_000, { backPressuredTimeMsPerSecond: [900] }),
    ];
    const ticks = [
      tick(T0),
      tick(T0 + 5_000, { fresh: false }),
      tick(T0 + 7_000, { serverTs: epochMs(T0) }),
      tick(T0 + 10_000),
    ];
    const s = vertexLevelSeries(session({ frames, ticks }), KEY);
    expect(arr(s.ts, s.n)).toEqual([T0, T0 + 10_000]);
  });

  it('without ticks, drops a frame whose counters did not move', () => {
    const frames = chain('v', { bp: [[0.2], [0.2]] });
    const stale = { ...frames[1]!, ts: epochMs(T0 + 15_000) };
    const s = vertexLevelSeries(session({ frames: [frames[0]!, frames[1]!, stale, frames[2]!] }), KEY);
    expect(s.n).toBe(3);
    expect(s.ratio[2]).toBeCloseTo(0.2);
  });

  it('marks a counter reset as a gap sample with its reason', () => {
    const frames = chain('v', { bp: [[0.9], [0.9]] });
    const restarted = frame('v', T0 + 3 * STEP, {
      accumulateBackPressuredTimeMs: [100],
      accumulateBusyTimeMs: [100],
      accumulateIdleTimeMs: [100],
    });
    const s = vertexLevelSeries(session({ frames: [...frames, restarted] }), KEY);
    expect(s.gap[3]).toBe(1);
    expect(GAP_REASONS[s.gapReason[3]!]).toBe('counter-reset');
    expect(s.ratio[3]).toBeNaN();
    expect(s.level[3]).toBe(-1);
  });

  it('keeps error ticks and non-RUNNING job time as gaps, never as OK', () => {
    const frames = chain('v', { bp: rows(4, [0]) });
    const ticks = frames.map((f) => tick(f.ts, f.ts === T0 + STEP ? { status: 'error', error: 'timeout' } : {}));
    const events = [
      {
        kind: 'state' as const,
        clusterId: 1,
        jobId: JOB,
        ts: epochMs(T0 + 2.5 * STEP),
        from: 'RUNNING',
        to: 'RESTARTING',
      },
      {
        kind: 'state' as const,
        clusterId: 1,
        jobId: JOB,
        ts: epochMs(T0 + 3.5 * STEP),
        from: 'RESTARTING',
        to: 'RUNNING',
      },
    ];
    const s = vertexLevelSeries(session({ frames, ticks, events }), KEY);
    expect(GAP_REASONS[s.gapReason[1]!]).toBe('error-tick');
    expect(GAP_REASONS[s.gapReason[3]!]).toBe('job-not-running');
    expect(s.level[1]).toBe(-1);
    expect(s.level[3]).toBe(-1);
    // Right after a gap there is nothing trustworthy to difference against.
    expect(s.gap[2]).toBe(1);
    expect(s.gap[4]).toBe(1);
  });

  it('flags missing data between samples and does not difference across the hole', () => {
    const frames = chain('v', { bp: rows(6, [0.3]) });
    const holed = [frames[0]!, frames[1]!, frames[2]!, frames[6]!];
    const s = vertexLevelSeries(session({ frames: holed }), KEY);
    expect(s.intervalMs).toBe(STEP);
    expect(s.gapBefore[3]).toBe(1);
    expect(s.gap[3]).toBe(1);
    expect(s.spanStart[3]).toBe(T0 + 5 * STEP);
  });

  it('names the vertex that has no frames', () => {
    expect(() => vertexLevelSeries(session(), KEY)).toThrow(/no frames recorded for vertex 1\/job-1\/v/);
  });

  it('rejects a frame whose arrays do not match its parallelism', () => {
    const bad = frame('v', T0, { backPressuredTimeMsPerSecond: [0, 0] });
    bad.parallelism = 3;
    expect(() => vertexLevelSeries(session({ frames: [bad] }), KEY)).toThrow(/has 2 values for parallelism 3/);
  });
});

describe('a first sample without a baseline', () => {
  it("is unknown (a gap), never the busy 100 % a just-started task's gauge reads", () => {
    // The recorder's first tick: counters and gauges of a task that has just started.
    const first = frame('v', T0, {
      accumulateBackPressuredTimeMs: [0, 0],
      accumulateBusyTimeMs: [30, 30],
      accumulateIdleTimeMs: [0, 0],
      backPressuredTimeMsPerSecond: [0, 0],
      idleTimeMsPerSecond: [0, 0],
      busyTimeMsPerSecond: [1000, 1000],
    });
    const next = frame('v', T0 + STEP, {
      accumulateBackPressuredTimeMs: [0, 0],
      accumulateBusyTimeMs: [3030, 2030],
      accumulateIdleTimeMs: [7000, 8000],
      backPressuredTimeMsPerSecond: [0, 0],
      idleTimeMsPerSecond: [700, 800],
      busyTimeMsPerSecond: [300, 200],
    });
    const s = vertexLevelSeries(session({ frames: [first, next] }), KEY);
    expect(s.gap[0]).toBe(1);
    expect(GAP_REASONS[s.gapReason[0]!]).toBe('no-baseline');
    expect(s.busyMax[0]).toBeNaN();
    expect(s.busyMax[1]).toBeCloseTo(0.3);
    const values = subtaskRatios([first, next]);
    expect(Array.from(values[0]!.busy)).toEqual([NaN, NaN]);
  });
});

describe('subtaskRatios', () => {
  it('gives per-subtask values with the same freshness rules', () => {
    const frames = chain('v', { bp: [[0.2, 0.6]], busy: [[0.7, 0.1]] });
    const out = subtaskRatios(frames);
    expect(out).toHaveLength(2);
    expect(out[0]!.gap).toBe(true);
    expect(Array.from(out[1]!.ratio).map((x) => +x.toFixed(3))).toEqual([0.2, 0.6]);
    expect(Array.from(out[1]!.busy).map((x) => +x.toFixed(3))).toEqual([0.7, 0.1]);
  });
});

describe('a series extended as its frames grow (a live recording analysed again)', () => {
  const columns = (s: ReturnType<typeof buildSeries>) =>
    Object.fromEntries(
      Object.entries(s)
        .filter(([, v]) => ArrayBuffer.isView(v))
        .map(([k, v]) => [k, Array.from(v as Float64Array).slice(0, s.n)]),
    );
  const ctx = (over: Partial<SeriesContext> = {}): SeriesContext => ({
    tick: () => undefined,
    running: () => true,
    nominalIntervalMs: STEP,
    ...over,
  });

  it('equals the series built over all frames at once, at every length, gaps and a hole included', () => {
    const bp = [0, 0.2, 0.9, 0.9, 0.1, 0, 0.6, 0.95, 0.3, 0].map((x, k) => [x, k % 3 === 0 ? 0.5 : 0]);
    const all = chain('v', { bp });
    // A hole: two frames missing, which the interval (median spacing) must not make a gap twice.
    all.splice(5, 2);
    const growing: typeof all = [];
    let s = buildSeries('v', growing, ctx());
    for (const f of all) {
      growing.push(f);
      s = extendSeries(s, ctx()) ?? buildSeries('v', growing, ctx());
      expect(columns(s)).toEqual(columns(buildSeries('v', growing.slice(), ctx())));
      expect(s.intervalMs).toBe(buildSeries('v', growing.slice(), ctx()).intervalMs);
    }
    expect(s.n).toBe(all.length);
  });

  it('is built again when the new frames move the sample interval, or the list was re-sorted', () => {
    const frames = chain('v', { bp: rows(5, [0.5]) });
    const s = buildSeries('v', frames.slice(0, 3), ctx());
    const grown = s.frames;
    // Spacing 10 s so far; three frames 30 s apart move the median.
    for (let i = 1; i <= 3; i++) grown.push({ ...frames[2 + i]!, ts: epochMs(T0 + 20_000 + i * 30_000) });
    expect(extendSeries(s, ctx())).toBeNull();
    const t = buildSeries('v', frames.slice(0, 3), ctx());
    t.frames.reverse();
    t.frames.push(frames[3]!);
    expect(extendSeries(t, ctx())).toBeNull();
    // Whereas a frame at the usual spacing extends it in place.
    const u = buildSeries('v', frames.slice(0, 3), ctx());
    u.frames.push(frames[3]!);
    expect(extendSeries(u, ctx())).toBe(u);
    expect(u.n).toBe(4);
  });
});
