// The noise rule: a difference is a change only beyond the resolution and either session's noise.
import { expect, it } from 'vitest';
import {
  FRACTION_RESOLUTION,
  fractionTolerance,
  judge,
  judgeCounts,
  rateTolerance,
  shareTolerance,
} from '../../../shared/compare/change';
import { quantile, spread } from '../../../shared/compare/stats';

it('calls a difference within the resolution unchanged, and one beyond it a change in a direction', () => {
  const steady = [0.5, 0.5, 0.5, 0.5];
  const tol = fractionTolerance(steady, steady);
  expect(tol).toBe(FRACTION_RESOLUTION);
  expect(judge(0.5, 0.53, tol, 'lower-better')).toMatchObject({ direction: 'unchanged', better: null });
  expect(judge(0.5, 0.8, tol, 'lower-better')).toMatchObject({ direction: 'up', better: false });
  expect(judge(0.8, 0.5, tol, 'lower-better')).toMatchObject({ direction: 'down', better: true });
  expect(judge(0.8, 0.5, tol, 'neutral')).toMatchObject({ direction: 'down', better: null });
});

it('widens the tolerance to the noise of the noisier session', () => {
  const noisy = [0.2, 0.6, 0.3, 0.7, 0.4, 0.5, 0.25, 0.65];
  const tol = fractionTolerance([0.5, 0.5, 0.5], noisy);
  expect(tol).toBeCloseTo(spread(noisy));
  expect(tol).toBeGreaterThan(0.1);
  expect(judge(0.45, 0.55, tol, 'lower-better').direction).toBe('unchanged');
});

it('is not fooled by an incident: the spread is robust to a minority of outlying samples', () => {
  const mostlyQuiet = [...new Array<number>(8).fill(0.1), 1, 1, 1];
  expect(spread(mostlyQuiet)).toBe(0);
  expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
  expect(Number.isNaN(quantile([], 0.5))).toBe(true);
});

it('says unknown, not unchanged, when a session lacks the value', () => {
  expect(judge(null, 0.4, 0.05, 'lower-better')).toMatchObject({ a: null, b: 0.4, delta: null, direction: 'unknown' });
  expect(judge(NaN, 0.4, 0.05, 'lower-better').a).toBeNull();
});

it('judges rates against 5 % of the larger value', () => {
  expect(judge(20_000, 19_200, rateTolerance(20_000, 19_200, 0, 0), 'higher-better').direction).toBe('unchanged');
  expect(judge(20_000, 15_000, rateTolerance(20_000, 15_000, 0, 0), 'higher-better')).toMatchObject({
    direction: 'down',
    better: false,
  });
});

it('judges a share of samples by one sample and its binomial deviation', () => {
  // 36 samples: one sample is 2.8 %, and p = 0.5 wanders by √(0.25/36) ≈ 8 %.
  expect(shareTolerance({ share: 0, samples: 36 }, { share: 0, samples: 36 })).toBeCloseTo(1 / 36);
  expect(shareTolerance({ share: 0.5, samples: 36 }, { share: 0, samples: 36 })).toBeCloseTo(Math.sqrt(0.25 / 36));
});

it('judges counted events as rates over each session, within their Poisson deviation', () => {
  const hour = 3_600_000;
  expect(judgeCounts(0, hour, 1, hour, 'lower-better').direction).toBe('unchanged');
  expect(judgeCounts(0, hour, 4, hour, 'lower-better')).toMatchObject({
    a: 0,
    b: 4,
    delta: 4,
    direction: 'up',
    better: false,
  });
  // Four in two hours is the same rate as two in one.
  expect(judgeCounts(2, hour, 4, 2 * hour, 'lower-better')).toMatchObject({ b: 4, direction: 'unchanged' });
});
