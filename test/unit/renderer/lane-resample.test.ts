import { describe, expect, it } from 'vitest';
import type { VertexLane } from '../../../shared/api';
import { composeLanes, resampleLevels } from '../../../renderer/src/lib/lane-resample';

const lane = (vertexId: string, levels: (0 | 1 | 2 | null)[]): VertexLane => ({
  clusterId: 1,
  jobId: 'j',
  vertexId,
  levels,
});

describe('resampleLevels', () => {
  it('stretches buckets when zooming in', () => {
    // 4 buckets of 10 s over 0–40 s; the window 10–30 s at 4 buckets shows buckets 1 and 2 twice each.
    expect(resampleLevels({ from: 0, to: 40_000, levels: [0, 1, 2, null] }, { from: 10_000, to: 30_000 }, 4)).toEqual([
      1, 1, 2, 2,
    ]);
  });

  it('keeps the worst level when zooming out, and a gap only where all is gap', () => {
    expect(resampleLevels({ from: 0, to: 40_000, levels: [0, 2, null, null] }, { from: 0, to: 40_000 }, 2)).toEqual([
      2,
      null,
    ]);
  });

  it('leaves buckets outside the source unknown', () => {
    expect(resampleLevels({ from: 20_000, to: 40_000, levels: [1, 1] }, { from: 0, to: 40_000 }, 4)).toEqual([
      undefined,
      undefined,
      1,
      1,
    ]);
  });
});

describe('composeLanes', () => {
  it('prefers the finer source where it reaches and falls back to the coarse one elsewhere', () => {
    const fine = { from: 20_000, to: 40_000, lanes: [lane('a', [2, 0])] };
    const coarse = { from: 0, to: 40_000, lanes: [lane('a', [1, 0])] };
    const [a] = composeLanes([fine, coarse], { from: 0, to: 40_000 }, 4);
    expect(a!.levels).toEqual([1, 1, 2, 0]);
  });

  it('shows a gap where no source reaches', () => {
    const only = { from: 0, to: 10_000, lanes: [lane('a', [2])] };
    expect(composeLanes([null, only], { from: 0, to: 20_000 }, 2)[0]!.levels).toEqual([2, null]);
  });
});
