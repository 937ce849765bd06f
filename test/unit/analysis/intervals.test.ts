import { describe, expect, it } from 'vitest';
import { coveredShare, unionOf } from '../../../shared/analysis/intervals';

describe('intervals', () => {
  it('unions overlapping and touching intervals, drops reversed ones', () => {
    expect(
      unionOf([
        [20, 30],
        [0, 10],
        [10, 15],
        [25, 40],
        [9, 5],
      ]),
    ).toEqual([
      [0, 15],
      [20, 40],
    ]);
  });

  it('measures the covered share of the first set', () => {
    expect(
      coveredShare(
        [
          [0, 10],
          [20, 30],
        ],
        [[5, 25]],
      ),
    ).toBe(0.5);
    expect(
      coveredShare(
        [[0, 10]],
        [
          [0, 4],
          [2, 6],
          [8, 20],
        ],
      ),
    ).toBe(0.8);
    expect(coveredShare([[0, 10]], [])).toBe(0);
    expect(coveredShare([], [[0, 10]])).toBe(0);
    // One instant: covered or not.
    expect(coveredShare([[5, 5]], [[0, 10]])).toBe(1);
    expect(coveredShare([[5, 5]], [[6, 10]])).toBe(0);
  });
});
