// Outlier checkpoints on plain data: failed, slow against the median, or aligning barriers for a
// second or more stand out; the rest are one line of numbers.
import { expect, it } from 'vitest';
import { markOutliers, summariseOrdinary } from '../../../shared/report/checkpoints';

const T = 1_800_000_000_000;
const cp = (
  id: number,
  durationMs: number,
  alignmentMs: number | null,
  status: 'COMPLETED' | 'FAILED' = 'COMPLETED',
) => ({
  cluster: 'c',
  jobName: 'j',
  id,
  status,
  isSavepoint: false,
  start: T + id * 30_000,
  end: T + id * 30_000 + durationMs,
  durationMs,
  alignmentMs,
});

it('marks failed, slow and long-aligning checkpoints and sums up the others', () => {
  const rows = markOutliers([
    cp(1, 800, 15),
    cp(2, 900, 20),
    cp(3, 40_000, 12_000),
    cp(4, 700, 10, 'FAILED'),
    cp(5, 1_000, 15),
    cp(6, 2_500, 1_500),
  ]);
  expect(rows.map((r) => [r.id, r.outlier])).toEqual([
    [1, []],
    [2, []],
    [3, ['took 40s, the median 1s', 'aligned barriers for 12s']],
    [4, ['failed']],
    [5, []],
    [6, ['aligned barriers for 1.5s']],
  ]);
  expect(summariseOrdinary(rows)).toEqual({
    count: 3,
    medianDurationMs: 900,
    maxDurationMs: 1_000,
    maxAlignmentMs: 20,
  });
});

it('does not call a slightly slower checkpoint of fast ones an outlier', () => {
  const rows = markOutliers([cp(1, 100, 1), cp(2, 120, 1), cp(3, 400, 1)]);
  expect(rows.every((r) => r.outlier.length === 0)).toBe(true);
  expect(summariseOrdinary(markOutliers([cp(1, 10, 1, 'FAILED')]))).toBeNull();
});
