import { describe, expect, it } from 'vitest';
import { stackIntervals } from '../../../renderer/src/lib/timeline/stack';

describe('stacking overlapping notes', () => {
  it('disjoint notes share one level', () => {
    const s = stackIntervals([
      { id: 1, start: 0, end: 10 },
      { id: 2, start: 20, end: 30 },
      { id: 3, start: 40, end: null },
    ]);
    expect(s.levels).toBe(1);
    expect([...s.level.values()]).toEqual([0, 0, 0]);
  });

  it('overlapping regions and a point inside a region go to separate levels', () => {
    const s = stackIntervals([
      { id: 1, start: 0, end: 100 },
      { id: 2, start: 50, end: 150 },
      { id: 3, start: 60, end: null },
      { id: 4, start: 200, end: 210 },
    ]);
    expect(s.level.get(1)).toBe(0);
    expect(s.level.get(2)).toBe(1);
    expect(s.level.get(3)).toBe(2);
    expect(s.level.get(4)).toBe(0);
    expect(s.levels).toBe(3);
  });

  it('pad keeps nearly touching items apart; past maxLevels they share the last level', () => {
    expect(
      stackIntervals(
        [
          { id: 1, start: 0, end: 10 },
          { id: 2, start: 12, end: 20 },
        ],
        5,
      ).levels,
    ).toBe(2);
    const many = stackIntervals(
      Array.from({ length: 6 }, (_, i) => ({ id: i + 1, start: 0, end: 100 })),
      0,
      3,
    );
    expect(many.levels).toBe(3);
    expect(Math.max(...many.level.values())).toBe(2);
  });
});
