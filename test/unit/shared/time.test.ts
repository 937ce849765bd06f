import { describe, expect, it } from 'vitest';
import { epochMs, formatDuration, formatInstant, parseDuration, parseInstant } from '../../../shared/time';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
    ['30', 30_000],
    ['2.5', 2_500],
    [' 10S ', 10_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'abc', '5 minutes', '-5s', '1h-', 'm5', '5x'])('rejects %j naming the input', (text) => {
    expect(() => parseDuration(text)).toThrow(`invalid duration "${text}"`);
  });
});

describe('formatDuration', () => {
  it.each([
    [850, '850ms'],
    [1_500, '1.5s'],
    [12_000, '12s'],
    [245_000, '4m 05s'],
    [7_380_000, '2h 03m'],
    [Number.NaN, '–'],
  ])('%d ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('instants', () => {
  it('formats UTC ISO without zero milliseconds', () => {
    expect(formatInstant(Date.UTC(2026, 10, 26, 1, 2, 3))).toBe('2026-11-26T01:02:03Z');
    expect(formatInstant(Date.UTC(2026, 10, 26, 1, 2, 3, 45))).toBe('2026-11-26T01:02:03.045Z');
  });

  it('parses ISO, epoch ms and +offset from the session start', () => {
    const start = epochMs(Date.UTC(2026, 0, 1));
    expect(parseInstant('2026-01-01T00:05:00Z')).toBe(start + 300_000);
    expect(parseInstant(String(start + 1))).toBe(start + 1);
    expect(parseInstant('+5m', start)).toBe(start + 300_000);
    expect(() => parseInstant('+5m')).toThrow('needs a session start');
    expect(() => parseInstant('yesterday')).toThrow('invalid time "yesterday"');
  });
});
