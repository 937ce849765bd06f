import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockIn, instantIn, localOffset, zoneLabel } from '../../../renderer/src/lib/clock';

const T = Date.UTC(2025, 10, 24, 16, 2, 30);
let saved: string | undefined;
beforeAll(() => {
  saved = process.env.TZ;
  process.env.TZ = 'Europe/Berlin';
});
afterAll(() => {
  if (saved === undefined) delete process.env.TZ;
  else process.env.TZ = saved;
});

describe('UTC or local time', () => {
  it('UTC is the session’s own form', () => {
    expect(clockIn('utc', T)).toBe('16:02:30');
    expect(instantIn('utc', T)).toBe('2025-11-24T16:02:30Z');
    expect(zoneLabel('utc', T)).toBe('UTC');
  });

  it('local time carries its offset, also across a daylight-saving change', () => {
    expect(clockIn('local', T)).toBe('17:02:30');
    expect(instantIn('local', T)).toBe('2025-11-24T17:02:30+01:00');
    expect(zoneLabel('local', T)).toBe('local (UTC+01:00)');
    expect(localOffset(Date.UTC(2025, 6, 1))).toBe('+02:00');
    expect(instantIn('local', T + 250)).toBe('2025-11-24T17:02:30.250+01:00');
  });
});
