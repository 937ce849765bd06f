// Zoom and pan redraw at once from level buckets already fetched: the lanes of the new window are
// resampled from the detail lanes on screen (finer where they cover it) and the whole-session
// strip (everywhere else), while the exact buckets for the new window load in the background.

import type { VertexLane } from '../../../shared/api';
import type { Win } from './window-math';

export interface LevelSource {
  from: number;
  to: number;
  lanes: VertexLane[];
}

const laneKey = (l: { clusterId: number; jobId: string; vertexId: string }) =>
  `${l.clusterId}\u0000${l.jobId}\u0000${l.vertexId}`;

/**
 * `buckets` levels over `win` from one source: per output bucket the worst level of the source
 * buckets it overlaps (null when they are all gaps), undefined where the source does not reach.
 */
export function resampleLevels(
  src: { from: number; to: number; levels: readonly (number | null)[] },
  win: Win,
  buckets: number,
): (number | null | undefined)[] {
  const out = new Array<number | null | undefined>(buckets).fill(undefined);
  const n = src.levels.length;
  const span = src.to - src.from;
  if (n === 0 || !(span > 0) || !(win.to > win.from)) return out;
  const sw = span / n;
  const w = (win.to - win.from) / buckets;
  for (let i = 0; i < buckets; i++) {
    const t0 = win.from + i * w;
    const t1 = t0 + w;
    if (t1 <= src.from || t0 >= src.to) continue;
    const j0 = Math.max(0, Math.floor((t0 - src.from) / sw));
    const j1 = Math.min(n - 1, Math.max(j0, Math.ceil((t1 - src.from) / sw) - 1));
    let worst: number | null = null;
    for (let j = j0; j <= j1; j++) {
      const c = src.levels[j];
      if (c !== null && c !== undefined && (worst === null || c > worst)) worst = c;
    }
    out[i] = worst;
  }
  return out;
}

/**
 * Lanes over `win` from the sources in order of preference (finest first): each bucket takes the
 * first source that covers it; buckets no source covers are gaps. Lane order follows the first
 * source that has lanes.
 */
export function composeLanes(sources: readonly (LevelSource | null)[], win: Win, buckets: number): VertexLane[] {
  const present = sources.filter((s): s is LevelSource => s !== null);
  const order = present.find((s) => s.lanes.length > 0)?.lanes ?? [];
  const byKey = present.map((s) => new Map(s.lanes.map((l) => [laneKey(l), l])));
  return order.map((lane) => {
    const levels = new Array<number | null>(buckets).fill(null);
    const filled = new Array<boolean>(buckets).fill(false);
    present.forEach((s, k) => {
      const l = byKey[k]!.get(laneKey(lane));
      if (!l) return;
      const r = resampleLevels({ from: s.from, to: s.to, levels: l.levels }, win, buckets);
      for (let i = 0; i < buckets; i++) {
        if (filled[i] || r[i] === undefined) continue;
        levels[i] = r[i]!;
        filled[i] = true;
      }
    });
    return {
      clusterId: lane.clusterId,
      jobId: lane.jobId,
      vertexId: lane.vertexId,
      levels: levels as VertexLane['levels'],
    };
  });
}
