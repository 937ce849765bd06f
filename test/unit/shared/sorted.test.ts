import { describe, expect, it } from 'vitest';
import { firstAtOrAfter, lastAtOrBefore, partitionPoint } from '../../../shared/sorted';

const ts = [10, 20, 20, 30];

describe('partitionPoint', () => {
  it('finds the end of the prefix, 0 and n included', () => {
    expect(partitionPoint(5, (i) => i < 3)).toBe(3);
    expect(partitionPoint(5, () => false)).toBe(0);
    expect(partitionPoint(5, () => true)).toBe(5);
    expect(partitionPoint(0, () => true)).toBe(0);
  });
});

describe('firstAtOrAfter', () => {
  it.each([
    [5, 0],
    [10, 0],
    [15, 1],
    [20, 1],
    [30, 3],
    [31, 4],
  ])('at %d is index %d', (t, k) => {
    expect(firstAtOrAfter(ts, t)).toBe(k);
  });

  it('looks only at the first n entries of a typed array', () => {
    expect(firstAtOrAfter(Float64Array.from([1, 2, 0, 0]), 3, 2)).toBe(2);
  });
});

describe('lastAtOrBefore', () => {
  it.each([
    [5, -1],
    [10, 0],
    [15, 0],
    [20, 2],
    [29, 2],
    [30, 3],
    [99, 3],
  ])('at %d is index %d', (t, k) => {
    expect(lastAtOrBefore(ts, t)).toBe(k);
  });

  it('is -1 for an empty array', () => {
    expect(lastAtOrBefore([], 1)).toBe(-1);
  });
});
