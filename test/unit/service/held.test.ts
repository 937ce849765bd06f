// Holding the last sample across ticks the JobManager answered with unchanged metrics, on plain data.
import { describe, expect, it } from 'vitest';
import { anyBetween, sampleForTick } from '../../../electron/service/held';

const samples = [0, 20_000, 36_000, 46_000];
const rules = (errors: number[] = []) => ({
  intervalMs: 10_000,
  realGapBetween: (a: number, b: number) => anyBetween(errors, a, b),
});

describe('the sample a tick shows', () => {
  it('is the one taken at the tick', () => {
    expect(sampleForTick(samples, 36_000, rules())).toEqual({ index: 2, repeated: false });
  });

  it("is the last one before it, marked repeated, when the tick repeated the JobManager's answer", () => {
    expect(sampleForTick(samples, 30_000, rules())).toEqual({ index: 1, repeated: true });
    expect(sampleForTick(samples, 56_000, rules())).toEqual({ index: 3, repeated: true });
  });

  it('is none across a failed poll, or longer than the analysis would bridge', () => {
    expect(sampleForTick(samples, 30_000, rules([25_000]))).toBeNull();
    expect(sampleForTick(samples, 30_000, rules([20_000]))).toEqual({ index: 1, repeated: true });
    expect(sampleForTick(samples, 46_000 + 30_001, rules())).toBeNull();
    expect(sampleForTick(samples, -1, rules())).toBeNull();
  });

  it('finds instants in a half-open range', () => {
    expect(anyBetween([5, 10, 20], 10, 19)).toBe(false);
    expect(anyBetween([5, 10, 20], 9, 10)).toBe(true);
    expect(anyBetween([], 0, 100)).toBe(false);
  });
});
