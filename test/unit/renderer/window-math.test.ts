import { describe, expect, it } from 'vitest';
import {
  clampWindow,
  follow,
  MIN_SPAN_MS,
  minSpanFor,
  pan,
  showRange,
  timeToX,
  xToTime,
  zoom,
} from '../../../renderer/src/lib/window-math';

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

describe('zoom limits and jumping to a range', () => {
  it('the narrowest window holds a few samples of the session', () => {
    expect(minSpanFor(5000)).toBe(25_000);
    expect(minSpanFor(null)).toBe(MIN_SPAN_MS);
    expect(minSpanFor(50)).toBe(MIN_SPAN_MS);
  });

  it('zooming in stops at the narrowest window, keeping the anchor in place, and then does nothing', () => {
    const w = { from: 100_000, to: 160_000 };
    const z = zoom(w, 130_000, 0.25, bounds, 25_000);
    expect(z.to - z.from).toBe(25_000);
    expect(timeToX(130_000, z, 1000)).toBeCloseTo(timeToX(130_000, w, 1000), 6);
    expect(zoom(z, 110_000, 0.5, bounds, 25_000)).toBe(z);
  });

  it('a range that fits keeps the span: unchanged when in view, centred otherwise', () => {
    const w = { from: 100_000, to: 200_000 };
    expect(showRange(w, { from: 120_000, to: 150_000 }, bounds)).toBe(w);
    expect(showRange(w, { from: 400_000, to: 430_000 }, bounds)).toEqual({ from: 365_000, to: 465_000 });
    // Centring near the end stops at the session's end, the span kept.
    expect(showRange(w, { from: 580_000, to: 600_000 }, bounds)).toEqual({ from: 500_000, to: 600_000 });
  });

  it('a range that does not fit zooms out just enough, with a margin', () => {
    const r = showRange({ from: 100_000, to: 130_000 }, { from: 200_000, to: 290_000 }, bounds);
    expect(r.from).toBeLessThan(200_000);
    expect(r.to).toBeGreaterThan(290_000);
    expect(r.to - r.from).toBeCloseTo(100_000, 6);
  });
});
