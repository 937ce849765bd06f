// Stepping the cursor from tick to tick, and when a session reads as being recorded.
import { describe, expect, it } from 'vitest';
import { isLive, type LiveEvidence } from '../../../electron/service/live';
import { tickNear } from '../../../electron/service/session-queries';

describe('tickNear', () => {
  const ticks = Float64Array.from([1000, 2000, 3000]);

  it('finds the nearest tick, the earlier one on a tie', () => {
    expect(tickNear(ticks, { at: 1600, step: 0 })).toEqual({ ts: 2000 });
    expect(tickNear(ticks, { at: 1500, step: 0 })).toEqual({ ts: 1000 });
    expect(tickNear(ticks, { at: 0, step: 0 })).toEqual({ ts: 1000 });
    expect(tickNear(ticks, { at: 9000, step: 0 })).toEqual({ ts: 3000 });
  });

  it('steps to the tick strictly before or after, and to none past the ends', () => {
    expect(tickNear(ticks, { at: 2000, step: -1 })).toEqual({ ts: 1000 });
    expect(tickNear(ticks, { at: 2500, step: -1 })).toEqual({ ts: 2000 });
    expect(tickNear(ticks, { at: 2000, step: 1 })).toEqual({ ts: 3000 });
    expect(tickNear(ticks, { at: 1000, step: -1 })).toEqual({ ts: null });
    expect(tickNear(ticks, { at: 3000, step: 1 })).toEqual({ ts: null });
    expect(tickNear([], { at: 1, step: 0 })).toEqual({ ts: null });
  });
});

describe('isLive', () => {
  const recording: LiveEvidence = {
    hasTicks: true,
    walWritten: 100_000,
    ownWrite: null,
    intervalMs: 10_000,
    now: 125_000,
  };

  it('is live while the log was written within three poll intervals', () => {
    expect(isLive(recording)).toBe(true);
    expect(isLive({ ...recording, now: 130_000 })).toBe(false);
  });

  it('is not live without ticks, without a log, or when our own note was the last write', () => {
    expect(isLive({ ...recording, hasTicks: false })).toBe(false);
    expect(isLive({ ...recording, walWritten: null })).toBe(false);
    expect(isLive({ ...recording, ownWrite: 100_000 })).toBe(false);
  });

  it('allows at least three seconds for a very short interval', () => {
    expect(isLive({ ...recording, intervalMs: 100, now: 102_500 })).toBe(true);
  });
});
