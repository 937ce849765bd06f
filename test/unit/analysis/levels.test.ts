import { describe, expect, it } from 'vitest';
import { levelOf } from '../../../shared/analysis/levels';

describe('levelOf (Flink thresholds)', () => {
  it('is OK up to and including 0.10', () => {
    expect(levelOf(0)).toBe('OK');
    expect(levelOf(0.1)).toBe('OK');
  });
  it('is LOW above 0.10 up to and including 0.5', () => {
    expect(levelOf(0.1000001)).toBe('LOW');
    expect(levelOf(0.5)).toBe('LOW');
  });
  it('is HIGH above 0.5', () => {
    expect(levelOf(0.5000001)).toBe('HIGH');
    expect(levelOf(1)).toBe('HIGH');
  });
  it('has no level for a missing or invalid ratio (never OK by default)', () => {
    expect(levelOf(NaN)).toBeNull();
    expect(levelOf(-0.2)).toBeNull();
  });
});
