import { describe, expect, it } from 'vitest';
import { firstAtOrAfter, lastAtOrBefore, partitionPoint } from '../../../shared/sorted';

describe('partitionPoint', () => {
  it('finds the end of the prefix, 0 and n included', () => {
    expect(partitionPoint(5, (i) => i < 3)).toBe(3);
    expect(partitionPoint(5, () => false)).toBe(0);
    expect(partitionPoint(5, () => true)).toBe(5);
    expect(partitionPoint(0, () => true)).toBe(0);
  });
});

describe('firstAtOrAfter and lastAtOrBefore', () => {
  const ts = [10, 20, 20, 30];
  it.each([
    [5, 0, -1],
    [10, 0, 0],
    [15, 1, 0],
    [20, 1, 2],
    [29, 3, 2],
    [30, 3, 3],
    [31, 4, 3],
  ])('at %d: first at or after is %d, last at or before is %d', (t, first, last) => {
    expect(firstAtOrAfter(ts, t)).toBe(first);
    expect(lastAtOrBefore(ts, t)).toBe(last);
  });

  it('look only at the first n entries of a typed array', () => {
    const a = Float64Array.from([1, 2, 0, 0]);
    expect(firstAtOrAfter(a, 3, 2)).toBe(2);
    expect(lastAtOrBefore(a, 3, 2)).toBe(1);
  });

  it('find nothing in an empty array', () => {
    expect(firstAtOrAfter([], 1)).toBe(0);
    expect(lastAtOrBefore([], 1)).toBe(-1);
  });
});
