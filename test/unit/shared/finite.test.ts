import { describe, expect, it } from 'vitest';
import { finiteOrNull } from '../../../shared/finite';

describe('finiteOrNull', () => {
  it('keeps finite numbers, zero and negatives included', () => {
    expect(finiteOrNull(0)).toBe(0);
    expect(finiteOrNull(-2.5)).toBe(-2.5);
  });

  it.each([NaN, Infinity, -Infinity])('makes %d null', (x) => {
    expect(finiteOrNull(x)).toBeNull();
  });
});
