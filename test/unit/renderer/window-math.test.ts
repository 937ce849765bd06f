import { describe, expect, it } from 'vitest';
import { clampWindow, follow, MIN_SPAN_MS, pan, timeToX, xToTime, zoom } from '../../../renderer/src/lib/window-math';

const bounds = { from: 0, to: 600_000 };

describe('timeline window arithmetic', () => {
  it('zooming in keeps the anchor instant at the same screen position', () => {
    const w = { from: 100_000, to: 300_000 };
    const anchor = 150_000;
    const z = zoom(w, anchor, 0.5, bounds);
    expect(z.to - z.from).toBe(100_000);
    expect(timeToX(anchor, z, 1000)).toBeCloseTo(timeToX(anchor, w, 1000), 9);
  });

  it('zooming out stops at the session and never below the minimum span', () => {
    expect(zoom({ from: 0, to: 400_000 }, 200_000, 4, bounds)).toEqual(bounds);
    const tiny = zoom({ from: 1000, to: 3000 }, 2000, 0.01, bounds);
    expect(tiny.to - tiny.from).toBe(MIN_SPAN_MS);
  });

  it('panning moves by a share of the span and stops at the session edges', () => {
    expect(pan({ from: 100_000, to: 200_000 }, 0.25, bounds)).toEqual({ from: 125_000, to: 225_000 });
    expect(pan({ from: 10_000, to: 110_000 }, -0.25, bounds)).toEqual({ from: 0, to: 100_000 });
    expect(pan({ from: 550_000, to: 590_000 }, 1, bounds)).toEqual({ from: 560_000, to: 600_000 });
  });

  it('a window larger than the session becomes the session', () => {
    expect(clampWindow({ from: -5, to: 900_000 }, bounds)).toEqual(bounds);
  });

  it('follow shifts the window just enough to show the instant', () => {
    const w = { from: 100_000, to: 200_000 };
    expect(follow(w, 150_000, bounds)).toBe(w);
    expect(follow(w, 250_000, bounds)).toEqual({ from: 150_000, to: 250_000 });
    expect(follow(w, 50_000, bounds)).toEqual({ from: 50_000, to: 150_000 });
  });

  it('x ↔ time round-trips', () => {
    const w = { from: 1000, to: 5000 };
    expect(xToTime(timeToX(3210, w, 733), w, 733)).toBeCloseTo(3210, 9);
    expect(timeToX(1000, w, 733)).toBe(0);
    expect(timeToX(5000, w, 733)).toBe(733);
  });
});
