// The job graph at one instant: every vertex of the job with its level then, and the edges.

import type { EdgeInfo, VertexInfo } from '../model';
import { finiteOrNull } from '../finite';
import { LEVELS } from '../analysis/levels';
import { busySpread } from '../analysis/skew';
import { worstSampleTs, type VertexSeries } from '../analysis/series';
import { sampleAt } from './series-access';
import type { GraphNode, JobGraphSnapshot } from './types';

/** Instant of the highest backpressure ratio inside [start, end] (the earliest on ties); `end` without a sample. */
export function worstInstant(s: VertexSeries, start: number, end: number): number {
  return worstSampleTs(s, start, end) ?? end;
}

export function graphSnapshot(args: {
  ts: number;
  jobName: string;
  vertices: readonly VertexInfo[];
  edges: readonly EdgeInfo[];
  seriesOf: (vertexId: string) => VertexSeries | null;
  /** The incident's backpressured vertices. */
  episodeVertexIds: readonly string[];
  bottleneckVertexId: string | null;
}): JobGraphSnapshot {
  const nodes: GraphNode[] = [...args.vertices]
    .sort((a, b) => a.topoIndex - b.topoIndex || a.vertexId.localeCompare(b.vertexId))
    .map((v) => {
      const s = args.seriesOf(v.vertexId);
      const k = s ? sampleAt(s, args.ts) : -1;
      const code = k >= 0 ? s!.level[k]! : -1;
      const ratio = k >= 0 ? s!.ratio[k]! : NaN;
      const busyMax = k >= 0 ? s!.busyMax[k]! : NaN;
      return {
        vertexId: v.vertexId,
        name: v.name,
        parallelism: k >= 0 ? s!.total[k]! : v.parallelism,
        level: code >= 0 ? LEVELS[code]! : null,
        ratio: finiteOrNull(ratio),
        busyMax: finiteOrNull(busyMax),
        busiestSubtask: k >= 0 && s!.busyArg[k]! >= 0 ? s!.busyArg[k]! : null,
        busySpread: k >= 0 ? busySpread(s!.busyHot[k]!, s!.busyValid[k]!) : null,
        role:
          v.vertexId === args.bottleneckVertexId
            ? 'bottleneck'
            : args.episodeVertexIds.includes(v.vertexId)
              ? 'episode'
              : null,
      };
    });
  const ids = new Set(nodes.map((n) => n.vertexId));
  const edges = args.edges
    .filter((e) => ids.has(e.source) && ids.has(e.target))
    .map((e) => ({ source: e.source, target: e.target, shipStrategy: e.shipStrategy }));
  return { ts: args.ts, jobName: args.jobName, nodes, edges };
}
