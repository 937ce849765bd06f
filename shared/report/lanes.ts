// Overview timeline lanes. Vertex lanes are bucketed (worst level per bucket wins) so a long,
// flapping session stays a few hundred rectangles per lane, not one per sample.

import { LEVELS } from '../analysis/levels';
import type { VertexSeries } from '../analysis/series';
import type { LaneItem, Tone } from './types';

/** Enough for a page-wide lane; finer detail is in the per-episode charts. */
export const LANE_BUCKETS = 480;

const LEVEL_TONES: Tone[] = ['ok', 'low', 'high'];

/** Level runs of one vertex over [from, to]; time without samples is left empty. */
export function levelLane(s: VertexSeries, from: number, to: number, buckets = LANE_BUCKETS): LaneItem[] {
  const span = Math.max(1, to - from);
  const width = span / buckets;
  // -2 = no sample, -1 = gap, 0..2 = level
  const worst = new Int8Array(buckets).fill(-2);
  for (let k = 0; k < s.n; k++) {
    const a = Math.max(s.spanStart[k]!, from);
    const b = Math.min(s.ts[k]!, to);
    if (b < a) continue;
    const lv = s.level[k]!;
    const i0 = Math.min(buckets - 1, Math.floor((a - from) / width));
    const i1 = Math.min(buckets - 1, Math.floor((b - from) / width));
    for (let i = i0; i <= i1; i++) if (lv > worst[i]!) worst[i] = lv;
  }
  const items: LaneItem[] = [];
  let i = 0;
  while (i < buckets) {
    const lv = worst[i]!;
    let j = i + 1;
    while (j < buckets && worst[j] === lv) j++;
    if (lv !== -2) {
      items.push({
        from: from + i * width,
        to: Math.min(to, from + j * width),
        tone: lv === -1 ? 'gap' : LEVEL_TONES[lv]!,
        label: lv === -1 ? 'no data' : LEVELS[lv]!,
      });
    }
    i = j;
  }
  return items;
}
