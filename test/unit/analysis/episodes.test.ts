import { describe, expect, it } from 'vitest';
import { analyzeSession } from '../../../shared/analysis/analyze';
import { detectRecurrence } from '../../../shared/analysis/episodes';
import { epochMs } from '../../../shared/time';
import { chain, cluster, gauges, JOB, pattern, session, STEP, T0, vertex } from './fixtures';

const one = (bp: number[][], opts = {}, version = '1.20.1') =>
  analyzeSession(
    session({ clusters: [cluster(version)], vertices: [vertex('v', bp[0]!.length)], frames: chain('v', { bp }) }),
    opts,
  );

describe('episodes', () => {
  it('reports a single-sample spike as a transient episode one interval long', () => {
    const doc = one(pattern('...H...'));
    expect(doc.episodes).toHaveLength(1);
    const e = doc.episodes[0]!;
    expect(e.class).toBe('transient');
    expect(e.peakLevel).toBe('HIGH');
    expect(e.start).toBe(T0 + 3 * STEP);
    expect(e.end).toBe(T0 + 4 * STEP);
    expect(e.durationMs).toBe(STEP);
    expect(e.ratioSource).toBe('accumulated');
    expect(e.resolutionMs).toBe(STEP);
  });

  it('does not merge a spike into a sustained episode across two OK samples', () => {
    const doc = one(pattern('HHHHHHHH..H'));
    expect(doc.episodes.map((e) => [e.class, e.durationMs])).toEqual([
      ['sustained', 8 * STEP],
      ['transient', STEP],
    ]);
  });

  it('bridges an interruption shorter than the merge gap (one OK sample)', () => {
    const doc = one(pattern('HHHHH.HHHH'));
    expect(doc.episodes).toHaveLength(1);
    const e = doc.episodes[0]!;
    expect(e.durationMs).toBe(10 * STEP);
    expect(e.dutyCycle).toBeCloseTo(0.9);
  });

  it('uses a configured merge gap', () => {
    expect(one(pattern('HH..HH'), { mergeGapMs: 35_000 }).episodes).toHaveLength(1);
    expect(one(pattern('HH..HH'), { mergeGapMs: 5_000 }).episodes).toHaveLength(2);
  });

  it('classifies by the configured sustained threshold', () => {
    expect(one(pattern('LLLLLLLL')).episodes[0]!.class).toBe('sustained');
    expect(one(pattern('LLLLLLLL'), { sustainedAfterMs: 90_000 }).episodes[0]!.class).toBe('transient');
    expect(one(pattern('LL'), { sustainedAfterMs: 20_000 }).episodes[0]!.class).toBe('sustained');
  });

  it('reports peak level, mean ratio and affected subtasks', () => {
    const doc = one([
      [0.3, 0, 0],
      [0.9, 0.2, 0],
      [0.3, 0, 0],
    ]);
    const e = doc.episodes[0]!;
    expect(e.peakLevel).toBe('HIGH');
    expect(e.meanRatio).toBeCloseTo(0.5);
    expect(e.subtasks).toEqual({ affected: 2, total: 3 });
    expect(e.affectedSubtasks).toEqual([0, 1]);
    expect(e.scope).toBe('some');
  });

  it('reads a 60 s gauge (1.17+) as smoothed: 70 s observed is not sustained there, but is on 1.15', () => {
    const frames = [
      ...gauges('v', pattern('.'), undefined, T0),
      ...gauges('v', pattern('HHHHHHH'), undefined, T0 + STEP),
    ];
    const run = (v: string) =>
      analyzeSession(session({ clusters: [cluster(v)], vertices: [vertex('v', 1)], frames })).episodes[0]!;
    const newer = run('1.18.0');
    expect(newer.durationMs).toBe(70_000);
    expect(newer.ratioSource).toBe('gauge');
    expect(newer.resolutionMs).toBe(60_000);
    expect(newer.effectiveDurationMs).toBe(20_000);
    expect(newer.class).toBe('transient');
    const older = run('1.15.4');
    expect(older.class).toBe('sustained');
    expect(older.resolutionMs).toBe(STEP);
  });

  it('marks transients at a regular period as recurring, with the period', () => {
    const doc = one(pattern('H.....H.....H.....H...'));
    expect(doc.episodes).toHaveLength(4);
    for (const e of doc.episodes) {
      expect(e.recurring).toBe(true);
      expect(e.periodMs).toBe(60_000);
    }
    expect(doc.summary.recurring).toBe(4);
  });

  it('does not call irregular transients recurring', () => {
    const doc = one(pattern('H...H..........H.H....'));
    expect(doc.episodes.every((e) => !e.recurring && e.periodMs === null)).toBe(true);
  });

  it('detectRecurrence needs three episodes and a steady spacing', () => {
    expect(detectRecurrence([0, 60_000], 10_000)).toBeNull();
    expect(detectRecurrence([0, 60_000, 125_000, 180_000], 10_000)).toEqual({ periodMs: 60_000 });
    expect(detectRecurrence([0, 60_000, 200_000], 10_000)).toBeNull();
  });

  it('keeps a rescale mid-episode as one episode tagged rescale', () => {
    const before = chain('v', { bp: pattern('HHH', 2) });
    const after = chain('v', { bp: pattern('HHHH', 4), start: T0 + 4 * STEP });
    const events = [
      {
        kind: 'rescale' as const,
        clusterId: 1,
        jobId: JOB,
        ts: epochMs(T0 + 3.5 * STEP),
        vertexId: 'v',
        from: 2,
        to: 4,
      },
    ];
    const doc = analyzeSession(session({ vertices: [vertex('v', 4)], frames: [...before, ...after], events }));
    expect(doc.episodes).toHaveLength(1);
    const e = doc.episodes[0]!;
    expect(e.overlaps).toContain('rescale');
    expect(e.parallelism).toEqual({ min: 2, max: 4 });
    expect(e.subtasks.total).toBe(4);
    expect(e.start).toBe(T0);
    expect(e.end).toBe(T0 + 8 * STEP);
  });

  it('handles legacy sources whose busy time is NaN without inventing zeros', () => {
    const src = gauges('src', pattern('HHH'), [[NaN], [NaN], [NaN]]);
    const doc = analyzeSession(session({ vertices: [vertex('src', 1)], frames: src }));
    expect(doc.episodes).toHaveLength(1);
    expect(doc.episodes[0]!.peakLevel).toBe('HIGH');
  });

  it('limits episodes to from/to', () => {
    const doc = one(pattern('HHHHHHHHHH'), { from: T0 + 3 * STEP, to: T0 + 6 * STEP });
    const e = doc.episodes[0]!;
    expect(e.start).toBe(T0 + 3 * STEP);
    expect(e.end).toBe(T0 + 6 * STEP);
    expect(doc.session.start).toBe(T0 + 3 * STEP);
    expect(doc.session.end).toBe(T0 + 6 * STEP);
  });

  it('rejects nonsensical options with a clear message', () => {
    expect(() => one(pattern('H'), { sustainedAfterMs: -1 })).toThrow(/sustainedAfterMs/);
    expect(() => one(pattern('H'), { from: 10, to: 5 })).toThrow(/before from/);
  });
});

describe('recurring with checkpoints', () => {
  it('says the recurrence follows checkpoints when every one overlaps a checkpoint', () => {
    const bp = pattern('H.....H.....H.....H...');
    const checkpoints = [0, 6, 12, 18].map((k, i) => ({
      clusterId: 1,
      jobId: JOB,
      id: i + 1,
      status: 'COMPLETED' as const,
      isSavepoint: false,
      triggerTs: epochMs(T0 + k * STEP + 2000),
      endTs: epochMs(T0 + k * STEP + 8000),
      checkpointedSize: null,
      stateSize: null,
      alignmentMs: 300,
      failureMessage: null,
    }));
    const doc = analyzeSession(session({ vertices: [vertex('v', 1)], frames: chain('v', { bp }), checkpoints }));
    expect(doc.episodes.map((e) => e.recurringWith)).toEqual(['checkpoint', 'checkpoint', 'checkpoint', 'checkpoint']);
    expect(one(bp).episodes.every((e) => e.recurring && e.recurringWith === null)).toBe(true);
  });
});
