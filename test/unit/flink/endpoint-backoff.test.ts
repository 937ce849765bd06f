import { describe, expect, it } from 'vitest';
import { EndpointBackoff } from '../../../electron/flink/budget';

/** Ticks in which `path` was asked, over `ticks` ticks where every asked request times out. */
function askedWhileTimingOut(b: EndpointBackoff, path: string, ticks: number): number[] {
  const asked: number[] = [];
  for (let t = 1; t <= ticks; t++) {
    b.beginTick();
    if (b.ticksLeft(path) > 0) continue;
    asked.push(t);
    b.timedOut(path);
  }
  return asked;
}

describe('slow endpoints backed off in ticks', () => {
  it('forgives the first tick, then sits out 1, 3, 7 … ticks, capped', () => {
    const b = new EndpointBackoff(8);
    // Tick 1 forgiven; then each strike n sits out min(2^(n-1) - 1, 8) ticks: 0, 1, 3, 7, 8, 8.
    expect(askedWhileTimingOut(b, '/jobs/:jobid', 30)).toEqual([1, 2, 3, 5, 9, 17, 26]);
  });

  it('asks again at once after one answer in time', () => {
    const b = new EndpointBackoff(8);
    askedWhileTimingOut(b, '/x', 5);
    b.answered('/x');
    b.beginTick();
    expect(b.ticksLeft('/x')).toBe(0);
  });

  it('keeps at most maxEntries endpoints, dropping the oldest', () => {
    const b = new EndpointBackoff(8, 3);
    b.beginTick();
    b.beginTick();
    for (const p of ['/a', '/b', '/c', '/d']) b.timedOut(p);
    expect(b.size).toBe(3);
  });
});
