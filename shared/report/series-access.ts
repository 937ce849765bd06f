// Level series of every vertex, built once per report from the same input the analysis read
// (so lanes and charts show exactly what the episodes were found in).

import type { AnalysisInput } from '../analysis/input';
import { vertexKey } from '../keys';
import { indexInput } from '../analysis/session-index';
import { lowerBound, type VertexSeries } from '../analysis/series';
import { vertexLevelSeries } from '../analysis/vertex-series';

export interface SeriesAccess {
  of(clusterId: number, jobId: string, vertexId: string): VertexSeries | null;
}

export function seriesAccess(input: AnalysisInput): SeriesAccess {
  const ix = indexInput(input);
  const cache = new Map<string, VertexSeries | null>();
  return {
    of(clusterId, jobId, vertexId) {
      const key = vertexKey(clusterId, jobId, vertexId);
      let s = cache.get(key);
      if (s === undefined) {
        s = ix.frames.has(key) ? vertexLevelSeries(ix, key) : null;
        cache.set(key, s);
      }
      return s;
    },
  };
}

/** Index of the sample describing instant t (t within its span), or -1. */
export function sampleAt(s: VertexSeries, t: number): number {
  const lo = lowerBound(s, t);
  if (lo < s.n && s.spanStart[lo]! <= t) return lo;
  return -1;
}
