// What the service knows about a session without decoding a single frame: clusters, jobs,
// vertices, edges, every tick, checkpoints, GC windows, job events and the reader's summary.
// All of it comes from small indexed tables, so it is refreshed whenever the file grew (a new
// tick): ticks are read incrementally, the rest is re-read whole (they are a few rows per minute).

import type {
  CheckpointEvent,
  ClusterInfo,
  EdgeInfo,
  GcWindow,
  JobEvent,
  JobInfo,
  TickInfo,
  VertexInfo,
} from '../../shared/model';
import { mergeGcWindows } from '../../shared/analysis/gc';
import { epochMs } from '../../shared/time';
import { jobKey } from '../../shared/keys';
import type { SessionReader } from '../session/reader';
import type { SessionInfo } from '../session/types';

export interface Meta {
  /** Last tick instant (over all clusters); null for a session without ticks. */
  lastTs: number | null;
  firstTs: number | null;
  clusters: ClusterInfo[];
  jobs: JobInfo[];
  vertices: VertexInfo[];
  edges: EdgeInfo[];
  /** Every tick, by ts then cluster. */
  ticks: TickInfo[];
  /** Sorted, distinct tick instants over all clusters. */
  tickTimes: Float64Array;
  /** Per cluster: sorted instants of its ticks, and of its failed polls. */
  clusterTicks: Map<number, Float64Array>;
  errorTicks: Map<number, Float64Array>;
  /** Per cluster: median poll interval (its nominal one when too few ticks). */
  intervalMs: Map<number, number>;
  checkpoints: CheckpointEvent[];
  /** Merged, as the analysis sees them (one per collection period, not per poll). */
  gcWindows: GcWindow[];
  events: JobEvent[];
  info: SessionInfo;
  /** Per job (`clusterId/jobId`): downstream adjacency for the bottleneck walk. */
  downstream: Map<string, Map<string, string[]>>;
}

const FOREVER = Number.MAX_SAFE_INTEGER;
/** Ticks of several clusters commit independently: re-read this far back to catch a late one. */
const LATE_TICK_MS = 120_000;

export class SessionCache {
  private meta: Meta | null = null;

  constructor(private readonly reader: SessionReader) {}

  /** The current metadata, refreshed when ticks were added since the last call. */
  get(): Meta {
    const range = this.reader.timeRange();
    const lastTs = range ? range.to : null;
    if (this.meta && this.meta.lastTs === lastTs) return this.meta;
    this.meta = this.build(range, this.meta);
    return this.meta;
  }

  private build(range: { from: number; to: number } | null, prev: Meta | null): Meta {
    const r = this.reader;
    let ticks: TickInfo[] = [];
    if (range) {
      // Keep what was read before, minus a margin a slower cluster may still be filling in.
      const keepBefore = prev?.lastTs === null || prev === null ? -Infinity : prev.lastTs - LATE_TICK_MS;
      const kept = prev ? prev.ticks.filter((t) => t.ts < keepBefore) : [];
      const from = Number.isFinite(keepBefore) ? Math.max(range.from, keepBefore) : range.from;
      ticks = kept.concat(r.ticks({ from: epochMs(from), to: epochMs(range.to) }));
    }
    const clusters = r.clusters();
    const all = range ? { from: epochMs(range.from), to: epochMs(range.to) } : null;
    const edges = r.edgesAt(epochMs(FOREVER));
    const downstream = new Map<string, Map<string, string[]>>();
    for (const e of edges) {
      const jk = jobKey(e.clusterId, e.jobId);
      let adj = downstream.get(jk);
      if (!adj) downstream.set(jk, (adj = new Map()));
      adj.set(e.source, [...(adj.get(e.source) ?? []), e.target]);
    }
    const clusterTicks = new Map<number, number[]>();
    const errorTicks = new Map<number, number[]>();
    for (const t of ticks) {
      push(clusterTicks, t.clusterId, t.ts);
      if (t.status === 'error') push(errorTicks, t.clusterId, t.ts);
    }
    const info = r.info();
    const intervalMs = new Map<number, number>();
    for (const c of clusters) {
      const s = info.clusters.find((x) => x.clusterId === c.id);
      intervalMs.set(c.id, s?.resolutionMs ?? c.pollIntervalMs);
    }
    return {
      lastTs: range ? range.to : null,
      firstTs: range ? range.from : null,
      clusters,
      jobs: r.jobs(),
      vertices: r.vertices(),
      edges,
      ticks,
      tickTimes: Float64Array.from(new Set(ticks.map((t) => t.ts))).sort(),
      clusterTicks: sortedArrays(clusterTicks),
      errorTicks: sortedArrays(errorTicks),
      intervalMs,
      checkpoints: all ? r.checkpoints(all) : [],
      gcWindows: all ? mergeGcWindows(r.gcWindows(all)) : [],
      events: all ? r.events(all) : [],
      info,
      downstream,
    };
  }
}

function push(m: Map<number, number[]>, k: number, v: number): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

function sortedArrays(m: Map<number, number[]>): Map<number, Float64Array> {
  return new Map([...m].map(([k, v]) => [k, Float64Array.from(v).sort()]));
}
