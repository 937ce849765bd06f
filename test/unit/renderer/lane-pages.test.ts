// The arithmetic of paged vertex lanes: the page a vertex is on, clamping, labels, and which
// pages hold backpressured vertices.
import { describe, expect, it } from 'vitest';
import { clampOffset, pageChoices, pageOffsetOf, pageRangeText } from '../../../renderer/src/lib/timeline/lane-pages';
import { episodeLevels } from '../../../renderer/src/lib/timeline/painters';

describe('lane pages', () => {
  it('puts a lane on the page that starts at the multiple of the page size below it', () => {
    expect(pageOffsetOf(0, 200)).toBe(0);
    expect(pageOffsetOf(199, 200)).toBe(0);
    expect(pageOffsetOf(200, 200)).toBe(200);
    expect(pageOffsetOf(9_999, 200)).toBe(9_800);
  });

  it('clamps an offset onto a page boundary within the lanes', () => {
    expect(clampOffset(-5, 10_000, 200)).toBe(0);
    expect(clampOffset(250, 10_000, 200)).toBe(200);
    expect(clampOffset(10_000, 10_000, 200)).toBe(9_800);
    expect(clampOffset(400, 350, 200)).toBe(200);
    expect(clampOffset(400, 0, 200)).toBe(0);
  });

  it('names a page by the vertices it shows, the last one short', () => {
    expect(pageRangeText(0, 10_000, 200)).toBe('1–200 of 10,000');
    expect(pageRangeText(9_800, 10_000, 200)).toBe('9,801–10,000 of 10,000');
    expect(pageRangeText(200, 350, 200)).toBe('201–350 of 350');
    expect(pageRangeText(0, 0, 200)).toBe('0–0 of 0');
  });

  it('lists every page once, counting the backpressured vertices on each', () => {
    const pages = pageChoices(450, 200, [5, 5, 210, 449, 1000, -1]);
    expect(pages.map((p) => p.offset)).toEqual([0, 200, 400]);
    expect(pages.map((p) => p.backpressured)).toEqual([1, 1, 1]);
    expect(pages.map((p) => p.label)).toEqual([
      '1–200 · 1 backpressured',
      '201–400 · 1 backpressured',
      '401–450 · 1 backpressured',
    ]);
    expect(pageChoices(400, 200, []).map((p) => p.label)).toEqual(['1–200', '201–400']);
  });

  it('covers every lane exactly once when paged through', () => {
    for (const count of [1, 199, 200, 201, 10_000]) {
      const seen = new Array<number>(count).fill(0);
      for (const p of pageChoices(count, 200, []))
        for (let i = p.offset; i < Math.min(count, p.offset + 200); i++) seen[i]!++;
      expect(seen.every((x) => x === 1)).toBe(true);
    }
  });
});

describe('the session strip of paged lanes', () => {
  it("counts other pages' vertices by their episodes' peaks, worst per bucket", () => {
    const eps = [
      { start: 100, end: 250, peak: 'LOW' as const },
      { start: 200, end: 300, peak: 'HIGH' as const },
      { start: 900, end: 2000, peak: 'HIGH' as const },
      { start: 600, end: 650, peak: 'OK' as const },
    ];
    expect(episodeLevels(eps, 0, 1000, 10)).toEqual([null, 1, 2, 2, null, null, null, null, null, 2]);
    expect(episodeLevels(eps, 5000, 6000, 4)).toEqual([null, null, null, null]);
  });
});
