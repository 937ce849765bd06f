import { describe, expect, it } from 'vitest';
import { LONG_MIN_VALUE, parseMetricValue, parseWatermark } from '../../../electron/flink/metric-value';

describe('parseMetricValue', () => {
  it('parses Java number strings', () => {
    expect(parseMetricValue('0.1')).toBe(0.1);
    expect(parseMetricValue('1000')).toBe(1000);
    expect(parseMetricValue('-3')).toBe(-3);
    expect(parseMetricValue('1.5E10')).toBe(15_000_000_000);
    expect(parseMetricValue('0')).toBe(0);
  });

  it('maps "true"/"false" gauges (isBackPressured) to 1/0', () => {
    expect(parseMetricValue('true')).toBe(1);
    expect(parseMetricValue('false')).toBe(0);
  });

  it('maps NaN, infinities and junk to NaN, never to 0', () => {
    for (const s of ['NaN', 'Infinity', '-Infinity', '', '  ', 'n/a', '0x10', '12abc', '1,5', 'null']) {
      expect(parseMetricValue(s), s).toBeNaN();
    }
    expect(parseMetricValue(null)).toBeNaN();
    expect(parseMetricValue(undefined)).toBeNaN();
    expect(parseMetricValue(Number.POSITIVE_INFINITY)).toBeNaN();
  });

  it('accepts a finite JSON number as is', () => {
    expect(parseMetricValue(42.5)).toBe(42.5);
  });
});

describe('parseWatermark', () => {
  it('Long.MIN_VALUE means "no watermark yet" → null', () => {
    expect(parseWatermark(LONG_MIN_VALUE)).toBeNull();
    expect(parseWatermark('-9223372036854775808')).toBeNull();
    expect(parseWatermark(-9223372036854775808)).toBeNull();
  });

  it('keeps real watermarks and marks junk NaN', () => {
    expect(parseWatermark('1764118800000')).toBe(1764118800000);
    expect(parseWatermark('NaN')).toBeNaN();
  });
});
