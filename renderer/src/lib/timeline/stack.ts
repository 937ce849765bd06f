// Overlapping notes side by side instead of on top of each other: intervals packed into levels
// (rows), each item in the first level where it overlaps nothing. A point is an interval of
// length zero; `pad` keeps items that nearly touch apart (a point's marker has a width).

export interface Stackable {
  id: number;
  start: number;
  /** null: a point. */
  end: number | null;
}

export interface Stacked {
  /** Level (row) of each item, by id. */
  level: Map<number, number>;
  /** Levels used (at least 1). */
  levels: number;
}

/** Greedy packing in start order; items past `maxLevels` share the last level. */
export function stackIntervals(items: readonly Stackable[], pad = 0, maxLevels = 4): Stacked {
  const sorted = [...items].sort((a, b) => a.start - b.start || (b.end ?? b.start) - (a.end ?? a.start) || a.id - b.id);
  /** End of the last item placed on each level. */
  const ends: number[] = [];
  const level = new Map<number, number>();
  for (const it of sorted) {
    const end = it.end ?? it.start;
    let l = ends.findIndex((e) => e + pad < it.start);
    if (l < 0) l = ends.length < maxLevels ? ends.length : maxLevels - 1;
    ends[l] = Math.max(ends[l] ?? -Infinity, end);
    level.set(it.id, l);
  }
  return { level, levels: Math.max(1, ends.length) };
}
